"""The behaviour demo: a year of evaluations in every gap category, some due, some overdue; it runs twice."""

import io

import pytest

from evaluation import demo_behaviour
from evaluation.models import BehaviourSelfReport, BehaviourTask, TaskStatus
from evaluation.services import behaviour
from people import demo as people_demo
from planning.models import Plan
from planning.services import drafting

from .behaviour_world import at


@pytest.mark.django_db
def test_a_year_of_behaviour_evaluations_idempotently():
    people_demo.seed(io.StringIO())
    with at(2026, 12, 1):
        asn = people_demo.User.objects.get(username="asn")
        plan, _created = drafting.open_plan(asn, 2026)  # a draft IDP of this year, opened before the demo
        out = io.StringIO()
        demo_behaviour.seed(out, 2026)
        this_year = BehaviourTask.objects.filter(due_on__year=2026)
        assessed = this_year.filter(status=TaskStatus.ASSESSED)
        assert set(assessed.values_list("gap", flat=True)) == {"rendah", "sedang", "tinggi"}
        assert all(task.assessed_at.year == 2026 for task in assessed)
        still_open = list(this_year.filter(status=TaskStatus.OPEN))
        assert any(behaviour.is_overdue(task) for task in still_open)
        assert any(not behaviour.is_overdue(task) for task in still_open)
        assert all(task.assessor_id for task in this_year)
        assert BehaviourSelfReport.objects.exists()
        assert "Evaluasi perilaku 2026" in out.getvalue()
        # last year's results are in this year's draft IDP
        assert "Evaluasi perilaku pasca pengembangan kompetensi 2025" in plan.basis_rows.get(code="3.2").analysis
        counts = (BehaviourTask.objects.count(), assessed.count(), BehaviourSelfReport.objects.count())
        demo_behaviour.seed(io.StringIO(), 2026)
        again = (BehaviourTask.objects.count(), assessed.count(), BehaviourSelfReport.objects.count())
    assert again == counts
    assert Plan.objects.filter(employee=asn).count() == 1
