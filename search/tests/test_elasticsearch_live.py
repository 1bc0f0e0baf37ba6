"""Live Elasticsearch suite: runs only when ELASTICSEARCH_URL points at a cluster (e.g. http://127.0.0.1:9200).

Each test builds its own index under a unique prefix and deletes it afterwards. The rest of the test suite keeps
searching the database (corpu/settings/test.py); the contract tests cover mappings and query bodies without a server.
"""

import os
import uuid

import pytest

from corpu.access import AccessLevel
from search import backends as search_backends
from search.backends.elasticsearch import ElasticsearchBackend
from search.models import SearchDocument, Synonym
from search.query import SearchRequest, search
from search.tests.test_search import EXPECTED, VISITORS

LIVE_URL = os.environ.get("ELASTICSEARCH_URL", "")

pytestmark = pytest.mark.skipif(
    not LIVE_URL,
    reason="ELASTICSEARCH_URL is not set: live Elasticsearch suite skipped (contract tests cover mappings and queries)",
)


@pytest.fixture
def live(settings, monkeypatch):
    """The Elasticsearch backend on the live cluster, under an index prefix of its own; removed afterwards."""
    prefix = f"corpu-test-{uuid.uuid4().hex[:12]}"
    settings.ELASTICSEARCH_URL = LIVE_URL
    settings.ELASTICSEARCH_INDEX = prefix
    backend = ElasticsearchBackend(LIVE_URL)
    monkeypatch.setattr(search_backends, "_backend", backend)
    yield backend
    leftovers = list(backend.client.indices.get_alias(index=f"{prefix}-*").body)
    if leftovers:
        backend.client.indices.delete(index=",".join(leftovers))
    backend.client.close()


def refresh(backend):
    backend.client.indices.refresh(index=backend.alias)


@pytest.fixture
def corpus(corpus, institution):
    """The shared corpus (search/tests/conftest.py), every asset written by the unit member."""
    for page in corpus.values():
        page.authors.add(institution["visitors"]["unit_member"])
        page.save_revision().publish()
    return corpus


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", VISITORS)
def test_rebuilt_index_filters_hits_totals_pages_and_facets_per_visitor(live, institution, corpus, visitor):
    assert live.rebuild() == SearchDocument.objects.count()
    user = institution["visitors"][visitor]
    results = search(user, SearchRequest("pengadaan barang", per_page=2))
    expected = {corpus[key].title for key in EXPECTED[visitor]}
    assert results.total == len(expected)
    seen = set()
    for number in range(1, results.pages + 1):
        page = search(user, SearchRequest("pengadaan barang", page=number, per_page=2))
        seen |= {hit["document"].title for hit in page.hits}
        assert all("<mark>" in hit["snippet"] for hit in page.hits)
    assert seen == expected
    assert sum(count for _value, _label, count in results.facets["kind"]) == len(expected)
    kelompok_facet = {label for _value, label, _count in results.facets["kelompok"]}
    assert ("KK Infrastruktur" in kelompok_facet) == ("kelompok" in EXPECTED[visitor])
    author = institution["visitors"]["unit_member"]  # wrote every asset
    assert results.experts == [(author.pk, author.get_full_name(), len(expected))]


@pytest.mark.django_db
def test_facet_filters_typos_and_synonyms(live, institution, corpus):
    Synonym.objects.create(terms="pengadaan, belanja")
    live.rebuild()
    admin = institution["visitors"]["admin"]
    assert search(admin, SearchRequest("", {"kind": "asset"})).total == 4
    narrowed = search(admin, SearchRequest("pengadaan", {"kelompok": institution["kelompok"].pk}))
    assert [hit["document"].title for hit in narrowed.hits] == [corpus["kelompok"].title]
    assert search(admin, SearchRequest("", {"asset_type": "panduan"})).total == 0
    typo = search(admin, SearchRequest("pengadaan barnag"))  # a swapped letter: "pengadaan" alone finds items
    assert typo.total == 4 and typo.relaxed and typo.suggestion == "pengadaan barang" and not typo.corrected
    fixed = search(admin, SearchRequest("pengadan barnag"))  # nothing as written: the correction is applied
    assert fixed.corrected == "pengadaan barang" and fixed.total == 4
    assert search(admin, SearchRequest("belanja barang")).total == 4  # the admin synonym
    relaxed = search(admin, SearchRequest("barang kendaraan"))
    assert relaxed.relaxed and relaxed.total == 4


@pytest.mark.django_db
def test_unpublish_access_change_and_second_rebuild(live, institution, corpus, django_capture_on_commit_callbacks):
    live.rebuild()
    anonymous = institution["visitors"]["anonymous"]
    assert search(anonymous, SearchRequest("e-katalog")).total == 1
    page = corpus["public"]
    with django_capture_on_commit_callbacks(execute=True):
        page.access_level = AccessLevel.INTERNAL
        page.save_revision().publish()
    refresh(live)
    assert search(anonymous, SearchRequest("e-katalog")).total == 0
    assert search(institution["visitors"]["staff"], SearchRequest("e-katalog")).total == 1
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    refresh(live)
    assert search(institution["visitors"]["admin"], SearchRequest("e-katalog")).total == 0
    first = set(live.client.indices.get_alias(name=live.alias).body)
    live.rebuild()
    second = set(live.client.indices.get_alias(name=live.alias).body)
    assert first.isdisjoint(second) and len(second) == 1
    assert not live.client.indices.exists(index=",".join(first))
    assert search(institution["visitors"]["admin"], SearchRequest("pengadaan barang")).total == 3
