"""The evaluation home (/evaluasi/): what waits for the visitor, and the evaluation pages their role may open."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from corpu.access import can_see_evaluations, can_view_maturity, headed_paths, may_record_evaluation

from ..models import TaskStatus
from ..services import behaviour, reaction


@login_required
def home(request):
    user, today = request.user, timezone.localdate()
    due, _done = behaviour.assessor_tasks(user, today)
    own = behaviour.own_tasks(user, today)
    context = {
        "surveys": len(reaction.pending_for(user)),
        "to_assess": len(due),
        "own_open": sum(1 for task in own if task.status == TaskStatus.OPEN),
        "own_total": len(own),
        "scope": can_see_evaluations(user),
        "institution": can_view_maturity(user),
        "heads": bool(headed_paths(user)),
        "records": may_record_evaluation(user),
    }
    return render(request, "evaluation/home.html", context)
