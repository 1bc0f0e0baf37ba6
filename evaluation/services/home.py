"""What "Beranda saya" shows of evaluation: the reaction surveys waiting for the user's answer, the behaviour
evaluations due for them to assess, and their own behaviour evaluations still waiting for their self-report. A
fixed number of queries whatever the number of surveys or tasks."""

from django.utils import timezone

from ..models import BehaviourSelfReport
from . import behaviour, reaction


def _has_self_report(task):
    try:
        return task.self_report is not None
    except BehaviourSelfReport.DoesNotExist:
        return False


def home_tasks(user, today=None, programmes=None):
    """{"surveys" [(kind, activity, question set)], "to_assess" [BehaviourTask], "self_reports" [BehaviourTask],
    "count"}; `programmes`: this year's programmes targeting the user when the caller has read them already."""
    today = today or timezone.localdate()
    surveys = reaction.pending_for(user, programmes)
    to_assess, own = behaviour.open_due_tasks(user, today)
    self_reports = [task for task in own if not _has_self_report(task)]
    return {
        "surveys": surveys,
        "to_assess": to_assess,
        "self_reports": self_reports,
        "count": len(surveys) + len(to_assess) + len(self_reports),
    }
