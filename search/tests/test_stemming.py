"""Indonesian analysis (ADR 0032): never-stemmed domain terms, words as written ranked a tier above stem-only
matches, and the admin list of never-stemmed terms."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from corpu.access import AccessLevel
from knowledge_assets.models import KnowledgeAssetPage
from people.models import User
from people.roles import role_group_name
from search.models import SearchDocument, UnstemmedTerm
from search.query import SearchRequest, search, written_terms
from search.text import SynonymTable, analyse, highlight_terms

SNIPPETS = "/admin/snippets/corpu_search/unstemmedterm/"


def test_a_never_stemmed_term_stays_whole_and_its_look_alike_keeps_its_root():
    table = SynonymTable([["PBJ", "pengadaan barang jasa"]], unstemmed=["pengadaan", "perizinan"])
    assert analyse("Pengadaan barang", table) == ["pengadaan", "barang"]
    assert analyse("kegiatan diadakan", table) == ["giat", "ada"]
    assert analyse("perizinan diizinkan", table) == ["perizinan", "izin"]
    assert analyse("pengadaan barang jasa", table) == ["pbj"]  # the synonym phrase is matched on the same terms
    assert "perizinan" in table.words  # a known term: never typo-corrected


def test_words_as_written_sit_beside_their_stems_with_synonyms_canonical():
    table = SynonymTable([["PBJ", "pengadaan barang jasa"]])
    assert analyse("Penganggaran e-Katalog", table, indexing=True) == ["anggar", "e-katalog", "katalog"]
    written = analyse("Penganggaran e-Katalog", table, indexing=True, written=True)
    assert written == ["penganggaran", "e-katalog", "katalog"]
    assert analyse("pengadaan barang/jasa", table, indexing=True, written=True) == [
        "pengadaan",
        "barang",
        "jasa",
        "pbj",
    ]
    assert analyse("PBJ daerah", table, written=True) == ["pbj", "daerah"]


def test_highlight_marks_never_stemmed_terms_as_written():
    assert "<mark>Pengadaan</mark>" in highlight_terms("Pengadaan barang diadakan", {"pengadaan"})
    assert "<mark>diadakan</mark>" not in highlight_terms("Pengadaan barang diadakan", {"pengadaan"})


@pytest.fixture
def look_alikes(institution, home):
    """Procurement assets and a posyandu asset whose "diadakan" Sastrawi reduces to the root of "pengadaan"."""
    from knowledge_assets.setup import ensure_knowledge_setup

    catalogue = ensure_knowledge_setup(home)

    def asset(title, abstract):
        page = KnowledgeAssetPage(title=title, abstract=abstract, asset_type="sop", access_level=AccessLevel.PUBLIC)
        catalogue.add_child(instance=page)
        page.save_revision().publish()
        return page

    return {
        "posyandu": asset("Posyandu balita", "Penimbangan diadakan tiap bulan; barang bantuan dicatat kader."),
        "procurement": asset("SOP pengadaan", "Pengadaan barang lewat e-katalog."),
        "catalogue": asset("Katalog elektronik", "Belanja barang: pengadaan langsung oleh pejabat pengadaan."),
    }


def titles(user, query):
    return [hit["document"].title for hit in search(user, SearchRequest(query)).hits]


@pytest.mark.django_db
def test_pengadaan_barang_finds_procurement_not_a_posyandu_asset(institution, look_alikes):
    admin = institution["visitors"]["admin"]
    assert UnstemmedTerm.objects.filter(term="pengadaan").exists()  # seeded (migration 0009)
    results = search(admin, SearchRequest("pengadaan barang"))
    assert results.relaxed  # only the two procurement items hold both words: the posyandu one follows, by "barang"
    assert [hit["document"].title for hit in results.hits][-1] == "Posyandu balita"
    assert titles(admin, "diadakan") == ["Posyandu balita"]


@pytest.mark.django_db
def test_without_the_term_the_look_alike_matches_by_stem_but_ranks_a_tier_below(
    institution, look_alikes, django_capture_on_commit_callbacks
):
    """Removing "pengadaan" from the list re-indexes the items holding it (after commit) and moves the answers'
    generation: the stem "ada" now matches the posyandu asset, below both items holding the words as written."""
    admin = institution["visitors"]["admin"]
    assert search(admin, SearchRequest("pengadaan barang")).relaxed
    with django_capture_on_commit_callbacks(execute=True):
        UnstemmedTerm.objects.get(term="pengadaan").delete()
    procurement = SearchDocument.objects.get(object_id=look_alikes["procurement"].pk)
    assert " ada " in procurement.terms and " pengadaan " in procurement.written_terms
    results = search(admin, SearchRequest("pengadaan barang"))
    assert not results.relaxed  # the stem "ada" of "diadakan": every item holds every term now
    assert [hit["document"].title for hit in results.hits][-1] == "Posyandu balita" and results.total == 3
    assert written_terms("Pengadaan barang") == ["pengadaan", "barang"]


@pytest.mark.django_db
def test_the_clo_keeps_the_never_stemmed_terms_and_others_may_not(institution):
    clo = User.objects.create_user(username="clo-stem", password="x", is_staff=True)
    clo.groups.add(Group.objects.get(name=role_group_name("clo")))
    client = Client()
    client.force_login(clo)
    assert client.get(SNIPPETS).status_code == 200
    response = client.post(f"{SNIPPETS}add/", {"term": " Renaksi "})
    assert response.status_code == 302 and UnstemmedTerm.objects.filter(term="renaksi").exists()
    assert client.post(f"{SNIPPETS}add/", {"term": "dua kata"}).status_code == 200  # one word only
    assert not UnstemmedTerm.objects.filter(term="dua kata").exists()
    other = User.objects.create_user(username="pegawai-stem", password="x", is_staff=True)
    client.force_login(other)
    assert client.get(SNIPPETS).status_code in (302, 403)
    assert client.post(f"{SNIPPETS}add/", {"term": "izin"}).status_code in (302, 403)
    assert not UnstemmedTerm.objects.filter(term="izin").exists()
