"""The supervisor's list of their staff's plans for the dialogue (the plan page itself holds review, return and
agree)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from corpu.access import filter_visible_plans

from ..models import Plan, PlanState
from .common import year_of


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
