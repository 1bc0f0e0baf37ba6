"""planning.services.home.home_planning: Beranda saya's programmes that have not ended, the IDP of the year with
its rows, and open IDP tasks."""

import datetime

from django.utils import timezone

from planning.models import Plan, PlanRow
from planning.services.home import home_planning

from .programme_helpers import make_programme


def test_programmes_not_ended_and_my_plan_rows(world):
    today = timezone.localdate()
    year = today.year
    soon = make_programme(world, title="Segera", year=year, starts_on=today, ends_on=today + datetime.timedelta(days=2))
    make_programme(
        world,
        title="Sudah lewat",
        year=year,
        starts_on=today - datetime.timedelta(days=9),
        ends_on=today - datetime.timedelta(days=1),
    )
    make_programme(world, title="Unit lain", year=year, starts_on=today, ends_on=today, units=[world["other"]])
    plan = Plan.objects.create(employee=world["employee"], year=year)
    PlanRow.objects.create(plan=plan, section="C", classification="teknis", description="Pengawasan mutu jalan")
    data = home_planning(world["employee"], today)
    assert [p.title for p, _invitation, _may in data["programmes"]] == [soon.title]
    assert data["plan"] == plan and [r.competency_name for r in data["rows"]] == ["Pengawasan mutu jalan"]
    other = home_planning(world["colleague"], today)
    assert other["plan"] is None and other["rows"] == []
