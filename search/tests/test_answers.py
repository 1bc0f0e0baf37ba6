"""The cache of database-search answers: shared only by visitors who see the same rows, gone when the index changes."""

import itertools
from types import SimpleNamespace

import pytest
from django.test import override_settings

from corpu.access import AccessLevel, Viewer, audience_key, filter_visible, visible_q
from search import answers
from search.models import SearchDocument
from search.query import SearchRequest, search


def answer(results):
    """What a visitor learns from a search: hits, total, facets, experts."""
    return (
        [hit["document"].pk for hit in results.hits],
        results.total,
        results.facets,
        results.experts,
    )


@pytest.mark.django_db
def test_same_audience_key_means_same_visible_rows(institution, corpus):
    visitors = institution["visitors"]
    visible = {
        name: set(filter_visible(SearchDocument.objects.all(), user).values_list("pk", flat=True))
        for name, user in visitors.items()
    }
    keys = {name: audience_key(user) for name, user in visitors.items()}
    for one in visitors:
        for other in visitors:
            if keys[one] == keys[other]:
                assert visible[one] == visible[other], (one, other)
            if visible[one] != visible[other]:
                assert keys[one] != keys[other], (one, other)


def test_audience_key_tells_apart_every_difference_the_policy_makes():
    """Over every combination of what the policy reads: same key exactly when the same visibility rule."""
    viewers = [
        Viewer(True, admin, asn, staff, frozenset(units), frozenset(kelompok))
        for admin, asn, staff in itertools.product([False, True], repeat=3)
        for units in [(), (3,), (3, 4)]
        for kelompok in [(), (7,), (4,)]
    ]
    users = [SimpleNamespace(is_authenticated=True, is_active=True, _corpu_viewer=viewer) for viewer in viewers]
    for one, other in itertools.combinations(users, 2):
        same_rule = visible_q(one) == visible_q(other)
        assert (audience_key(one) == audience_key(other)) == same_rule, (one._corpu_viewer, other._corpu_viewer)


@pytest.mark.django_db
def test_cached_answers_never_cross_audiences(institution, corpus):
    """Every visitor in turn, the cache warm from the others: each gets exactly the uncached answer."""
    visitors = institution["visitors"]
    requests = [SearchRequest("pengadaan barang", per_page=2), SearchRequest("pengadaan barang", page=2, per_page=2)]
    with override_settings(SEARCH_CACHE_SECONDS=0):
        fresh = {(name, r.page): answer(search(user, r)) for name, user in visitors.items() for r in requests}
    for _round in range(2):
        for name, user in visitors.items():
            for request in requests:
                assert answer(search(user, request)) == fresh[name, request.page], name


@pytest.mark.django_db
def test_a_repeated_search_reads_only_the_page_rows(institution, corpus, django_assert_max_num_queries):
    staff = institution["visitors"]["staff"]
    first = search(staff, SearchRequest("pengadaan barang"))
    with django_assert_max_num_queries(2):  # the visitor's units / kelompok are known; the hits' rows, fresh
        again = search(staff, SearchRequest("pengadaan barang"))
    assert answer(again) == answer(first)
    assert search(staff, SearchRequest("pengadaan barang", filters={"kind": "asset"})).total == first.total
    assert search(staff, SearchRequest("pengadaan")).total == first.total
    with django_assert_max_num_queries(2):  # the same words, written differently
        assert answer(search(staff, SearchRequest("Pengadaan,  BARANG!"))) == answer(first)


@pytest.mark.django_db
def test_the_next_pages_come_from_the_first_answer(institution, corpus, django_assert_max_num_queries):
    admin = institution["visitors"]["admin"]
    pages = [search(admin, SearchRequest("pengadaan barang", per_page=3))]
    with django_assert_max_num_queries(1):  # the page's rows only
        pages.append(search(admin, SearchRequest("pengadaan barang", page=2, per_page=3)))
    seen = [hit["document"].title for page in pages for hit in page.hits]
    assert sorted(seen) == sorted(page.title for page in corpus.values())
    assert [page.total for page in pages] == [4, 4]
    assert [hit["position"] for hit in pages[1].hits] == [3]


@pytest.mark.django_db
def test_an_index_change_is_seen_by_the_next_search(institution, corpus):
    anonymous, admin = institution["visitors"]["anonymous"], institution["visitors"]["admin"]
    assert search(anonymous, SearchRequest("pengadaan barang")).total == 1
    assert search(admin, SearchRequest("pengadaan barang")).total == 4
    page = corpus["asn"]
    page.access_level = AccessLevel.PUBLIC
    page.save_revision().publish()
    assert search(anonymous, SearchRequest("pengadaan barang")).total == 2
    corpus["internal"].unpublish()
    assert search(admin, SearchRequest("pengadaan barang")).total == 3


@pytest.mark.django_db
def test_generation_moves_now_and_again_after_commit(django_capture_on_commit_callbacks):
    _answer, before = answers.lookup("corpu-search:answer:none")
    answers.store("corpu-search:answer:x", before, "old")
    with django_capture_on_commit_callbacks(execute=True):
        answers.invalidate()
        assert answers.lookup("corpu-search:answer:x") == (None, before + 1)
    assert answers.lookup("corpu-search:answer:x") == (None, before + 2)


@pytest.mark.django_db
@override_settings(SEARCH_CACHE_SECONDS=0)
def test_zero_seconds_turns_the_cache_off(institution, corpus):
    staff = institution["visitors"]["staff"]
    before = search(staff, SearchRequest("pengadaan barang")).total
    SearchDocument.objects.filter(title="SOP Pengadaan Barang Publik").delete()  # behind the index's back
    assert search(staff, SearchRequest("pengadaan barang")).total == before - 1
