"""The demo year of reaction and learning evaluations: every kind of activity answered, a pre/post pair with
results, and a second run adds nothing."""

import io

import pytest
from django.utils import timezone

from communities import demo as communities_demo
from corpu import demo as corpu_demo
from evaluation import demo_reaction
from evaluation.figures import compute
from evaluation.models import Answer, PrePostPair, Response
from evaluation.services import learning
from knowledge_assets import demo as knowledge_demo
from ledger import demo as ledger_demo
from people import demo as people_demo
from planning import demo as planning_demo


@pytest.mark.django_db
def test_demo_year_of_reactions_and_a_pre_post_pair_runs_twice():
    for module in (people_demo, corpu_demo, ledger_demo, knowledge_demo, communities_demo, planning_demo):
        module.seed(io.StringIO())
    year = timezone.localdate().year
    demo_reaction.seed(io.StringIO(), year)
    by_kind = compute("reaction_responses_by_kind", year)
    assert all(by_kind[kind] > 0 for kind in ("kursus", "sesi", "program", "kegiatan")), by_kind
    assert Answer.objects.filter(question__kind="text").exclude(text="").exists()
    (pair,) = PrePostPair.objects.all()
    summary = learning.summary(learning.pair_gains(pair))
    assert summary["paired"] > 0 and summary["only_pre"] > 0 and summary["mean_gain"] > 0
    assert compute("learning_paired_learners", year) == summary["paired"]
    counts = (Response.objects.count(), Answer.objects.count(), PrePostPair.objects.count())
    out = io.StringIO()
    demo_reaction.seed(out, year)
    assert (Response.objects.count(), Answer.objects.count(), PrePostPair.objects.count()) == counts
    assert "0 jawaban survei baru" in out.getvalue()
