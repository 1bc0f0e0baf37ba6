"""The demo year: plans in every state for the demo institution, made through the services."""

import io

import pytest
from django.utils import timezone

from corpu.access import can_view_plan
from people import demo as people_demo
from people.models import User
from planning import demo
from planning.lan import Level
from planning.models import Forum, LearningProgramme, Plan, PlanState, RplRequest, RplState, Section
from planning.services.recap import clo_recap


@pytest.mark.django_db
def test_demo_year_has_plans_in_every_state_and_runs_twice():
    people_demo.seed(io.StringIO())
    out = io.StringIO()
    demo.seed(out)
    year = timezone.localdate().year
    states = set(Plan.objects.filter(year=year).values_list("state", flat=True))
    assert states == set(PlanState.values)
    verified = Plan.objects.filter(year=year, state=PlanState.VERIFIED)
    assert all(plan.rows.filter(section=Section.VERIFIED).exists() for plan in verified)
    assert clo_recap(year)
    rizky = Plan.objects.get(year=year, employee__username="asn")
    assert rizky.supervisor.username == "kadis.pupr" and can_view_plan(rizky.supervisor, rizky)
    assert not can_view_plan(User.objects.get(username="kadis.kesehatan"), rizky)
    assert set(RplRequest.objects.values_list("state", flat=True)) == set(RplState.values)
    assert set(Forum.objects.filter(year=year).values_list("level", flat=True)) == set(Level.values)
    for forum in Forum.objects.filter(year=year):  # each has minutes and attendance for its notulen PDF
        assert forum.minutes and forum.participants.filter(attended=True).exists()
    assert LearningProgramme.objects.filter(year=year).exists()
    count = Plan.objects.count()
    demo.seed(io.StringIO())
    assert Plan.objects.count() == count
