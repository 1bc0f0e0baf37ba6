"""The supervisor's list of their staff's plans for the dialogue (the plan page itself holds review, return and
agree), and the quarterly follow-up dialogue on a verified plan (E rows)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from corpu.access import filter_visible_plans

from ..forms import FollowUpForm, RowForm
from ..models import Plan, PlanState
from ..services import dialogue
from .common import plan_for, refusal, year_of


@login_required
def staff_plans(request):
    """The plans of the year the visitor supervises or whose unit they head; those waiting for them first. One
    query whatever the number of plans."""
    year = year_of(request)
    user = request.user
    plans = filter_visible_plans(Plan.objects.filter(year=year).exclude(employee=user), user)
    plans = list(plans.select_related("unit").order_by("nama", "pk"))
    waiting = [p for p in plans if p.state == PlanState.SUBMITTED and p.supervisor_id == user.pk]
    others = [p for p in plans if p not in waiting]
    return render(request, "planning/staff.html", {"year": year, "waiting": waiting, "others": others})


def _row_posted(request, prefix):
    return any((value or "").strip() for key, value in request.POST.items() if key.startswith(f"{prefix}-"))


@login_required
def follow_up(request, pk):
    """The supervisor records a quarterly dialogue on a verified plan, with an optional follow-up need (an E row).
    Both forms are checked before anything is saved."""
    plan, _access = plan_for(request, pk)
    if request.user.pk != plan.supervisor_id:
        raise PermissionDenied
    form = FollowUpForm(request.POST or None)
    row_form = RowForm(request.POST if _row_posted(request, "e") else None, prefix="e")
    if request.method == "POST" and form.is_valid() and (not row_form.is_bound or row_form.is_valid()):
        rows = []
        if row_form.is_bound:
            data = dict(row_form.cleaned_data)
            if data.get("competency"):
                data.pop("classification")
            rows.append(data)
        try:
            dialogue.record_follow_up(plan, request.user, rows=rows, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, refusal(error))
        else:
            messages.success(request, _("Dialog kinerja triwulanan dicatat."))
            return redirect("planning:plan", plan.pk)
    return render(request, "planning/follow_up.html", {"plan": plan, "form": form, "row_form": row_form})
