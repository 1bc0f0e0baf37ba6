"""The demo: two submitted maturity years with a visible change, an impact sheet with before/after values, monev
records with visits, and running it twice adds nothing."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation import demo_maturity
from evaluation.models import ImpactLink, IndicatorValue, MaturityAssessment, MonevRecord, MonevVisit
from evaluation.services import impact, maturity
from people import demo as people_demo
from people.models import User
from planning import demo as planning_demo


@pytest.mark.django_db
def test_demo_has_two_maturity_years_an_impact_sheet_and_monev_and_runs_twice(client):
    people_demo.seed(io.StringIO())
    planning_demo.seed(io.StringIO())
    year = timezone.localdate().year
    demo_maturity.seed(io.StringIO(), year)

    assert list(MaturityAssessment.objects.values_list("year", "state")) == [
        (year, "submitted"),
        (year - 1, "submitted"),
    ]
    changes = [row["change"] for row in maturity.comparison(year)]
    assert any(changes) and None not in changes
    link = ImpactLink.objects.select_related("programme", "target__unit__kepala").first()
    rows = impact.impact_sheet(link.programme)
    assert len(rows) == 2 and all(row.improved for row in rows)
    assert MonevRecord.objects.filter(year=year).count() == 3

    client.force_login(User.objects.get(username="clo"))
    for url in (
        reverse("evaluation:impact_sheet", args=[link.programme_id]),
        reverse("evaluation:maturity_year", args=[year]),
        reverse("evaluation:maturity"),
        reverse("evaluation:monev"),
    ):
        assert client.get(url).status_code == 200, url
    head = link.target.unit.kepala  # the head of the targeted unit sees the demo sheet
    client.force_login(head)
    assert client.get(reverse("evaluation:impact_sheet", args=[link.programme_id])).status_code == 200

    counts = [m.objects.count() for m in (MaturityAssessment, ImpactLink, IndicatorValue, MonevRecord, MonevVisit)]
    demo_maturity.seed(io.StringIO(), year)
    assert [
        m.objects.count() for m in (MaturityAssessment, ImpactLink, IndicatorValue, MonevRecord, MonevVisit)
    ] == counts
