"""The demo: two submitted maturity years with a visible change, an impact sheet with before/after values, monev
records with visits, and running it twice adds nothing."""

import io

import pytest
from django.utils import timezone

from evaluation import demo_maturity
from evaluation.models import ImpactLink, IndicatorValue, MaturityAssessment, MonevRecord, MonevVisit
from evaluation.services import impact, maturity
from people import demo as people_demo
from planning import demo as planning_demo


@pytest.mark.django_db
def test_demo_has_two_maturity_years_an_impact_sheet_and_monev_and_runs_twice():
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
    link = ImpactLink.objects.select_related("programme").first()
    rows = impact.impact_sheet(link.programme)
    assert len(rows) == 2 and all(row.improved for row in rows)
    assert MonevRecord.objects.filter(year=year).count() == 3

    counts = [m.objects.count() for m in (MaturityAssessment, ImpactLink, IndicatorValue, MonevRecord, MonevVisit)]
    demo_maturity.seed(io.StringIO(), year)
    assert [
        m.objects.count() for m in (MaturityAssessment, ImpactLink, IndicatorValue, MonevRecord, MonevVisit)
    ] == counts
