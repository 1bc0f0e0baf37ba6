"""What "Beranda saya" shows of planning: this year's programmes targeting the employee that have not ended (with
their invitation), their IDP of the year with its development rows, and their open IDP tasks. A fixed number of
queries whatever the number of programmes, rows or tasks."""

from django.utils import timezone

from ..models import Plan, PlanRow
from .programmes import home_programmes
from .tasks import open_tasks


def home_planning(user, today=None):
    """{"year", "programmes" [(programme, invitation, may_respond)] not ended, "targeting" (every programme of the
    year targeting the user), "plan" (or None), "rows", "tasks"}."""
    today = today or timezone.localdate()
    of_year = home_programmes(user, today.year)
    programmes = [item for item in of_year if item[0].ends_on >= today]
    programmes.sort(key=lambda item: (item[0].starts_on, item[0].pk))
    plan = Plan.objects.filter(employee=user, year=today.year).first()
    rows = []
    if plan is not None:
        rows = list(PlanRow.objects.filter(plan=plan).select_related("competency").order_by("section", "position"))
    return {
        "year": today.year,
        "programmes": programmes,
        "targeting": [item[0] for item in of_year],
        "plan": plan,
        "rows": rows,
        "tasks": open_tasks(user),
    }
