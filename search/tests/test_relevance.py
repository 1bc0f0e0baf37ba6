"""Relevance: nDCG@10 of the site search on the demo corpus must hold the recorded baseline (issue 7).

Queries and graded judgements: search/tests/relevance/judgements.json. Re-record the baseline with
CORPU_RECORD_RELEVANCE=1 (see search/tests/relevance/README.md). `-s` prints the per-query table.
"""

import io
import os
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from corpu.access import can_view_object, viewer_for
from people.models import User
from search.models import Kind, SearchDocument
from search.query import SearchRequest, search
from search.tests.relevance import evaluate

TOLERANCE = 0.005
MIN_QUERIES = 30


@pytest.fixture(scope="module")
def demo_corpus(django_db_setup, django_db_blocker):
    """The `seed_demo` content, built once for this module inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        started = time.perf_counter()
        call_command("seed_demo", stdout=io.StringIO())
        print(f"\nseed_demo: {time.perf_counter() - started:.1f} s, {SearchDocument.objects.count()} documents")
        yield
        transaction.set_rollback(True)
    cache.clear()  # nothing cached from the rolled-back rows may reach later tests


@pytest.fixture
def administrator(demo_corpus, db):
    user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    assert user is not None and viewer_for(user).is_admin
    return user


def access_holder(document):
    """The object whose access level governs a document: lessons follow their course, threads their community."""
    item = document.content_type.get_object_for_this_type(pk=document.object_id)
    if document.kind == Kind.LESSON:
        return item.get_parent().specific
    if document.kind == Kind.THREAD:
        return item.community
    return item


def test_judgements_are_many_graded_and_name_items_of_the_demo_corpus(demo_corpus, db):
    queries = evaluate.load_judgements()
    assert len(queries) >= MIN_QUERIES
    assert len({q.query.casefold() for q in queries}) == len(queries)
    indexed = set(SearchDocument.objects.values_list("kind", "title"))
    for q in queries:
        assert q.grades and set(q.grades.values()) <= {1, 2, 3}, q.query
        assert set(q.grades) <= indexed, f"{q.query}: judged items not in the demo index: {set(q.grades) - indexed}"


def test_mean_ndcg_at_10_holds_the_recorded_baseline(administrator):
    queries = evaluate.load_judgements()
    outcomes = evaluate.evaluate(queries, evaluate.our_search(administrator))
    key = evaluate.baseline_key()
    if os.environ.get("CORPU_RECORD_RELEVANCE") == "1":
        evaluate.write_baseline(key, outcomes, queries)
    recorded = evaluate.read_baseline().get(key)
    report = evaluate.table(outcomes, recorded and recorded["queries"])
    print(f"\nRelevance on {key}\n{report}")
    assert recorded, f"no relevance baseline for {key}: record one with CORPU_RECORD_RELEVANCE=1\n{report}"
    assert recorded["judgements"] == evaluate.judgements_digest(queries), (
        f"judgements.json changed since the {key} baseline was recorded: re-record it\n{report}"
    )
    floor = recorded["mean_ndcg_at_10"] - TOLERANCE
    assert evaluate.mean(outcomes) >= floor, (
        f"mean nDCG@10 {evaluate.mean(outcomes):.4f} fell below the {key} baseline "
        f"{recorded['mean_ndcg_at_10']:.4f} (tolerance {TOLERANCE})\n{report}"
    )


def test_anonymous_visitor_finds_only_public_items(demo_corpus, db):
    public = 0
    for q in evaluate.load_judgements():
        results = search(None, SearchRequest(q.query, filters={}, page=1, per_page=50))
        assert len(results.hits) == results.total, q.query
        for hit in results.hits:
            assert can_view_object(None, access_holder(hit["document"])), f"{q.query}: {hit['document'].title}"
        public += results.total
    assert public, "the anonymous visitor should find some public demo items"
