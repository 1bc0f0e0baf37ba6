"""The sign-in hint for signed-out visitors (decided from ASN-level items only, never a count), when a typo
correction is applied or only offered, and acronyms and known terms that are never corrected (ADR 0019)."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from corpu.access import AccessLevel
from knowledge_assets.models import KnowledgeAssetPage
from search.models import Synonym
from search.query import SearchRequest, search

HINT = re.compile(r'<p class="card sign-in-hint">(.*?)</p>', re.S)


def hint_of(page):
    found = HINT.search(page)
    return found.group(1) if found else None


# -- the sign-in hint ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_asn_level_match_tells_a_signed_out_visitor_that_signing_in_may_show_more(institution, corpus):
    anonymous = institution["visitors"]["anonymous"]
    results = search(anonymous, SearchRequest("untuk ASN"))  # only the ASN-level SOP holds these words
    assert results.total == 0 and results.sign_in_may_show_more
    assert search(anonymous, SearchRequest("pengadaan barang")).sign_in_may_show_more  # beside a public hit
    page = Client().get("/cari/", {"q": "untuk ASN"}).text
    hint = hint_of(page)
    assert "Masuk mungkin menampilkan lebih banyak hasil" in hint
    link = unescape(re.search(r'href="([^"]+)"', hint).group(1))
    assert urlsplit(link).path == "/akun/login/"
    assert parse_qs(urlsplit(link).query)["next"] == ["/cari/?q=untuk+ASN"]
    assert not re.search(r"\d", re.sub(r"<[^>]+>", "", hint))  # never a count
    assert Client().get("/cari/api/", {"q": "untuk ASN"}).json()["sign_in_may_show_more"] is True


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["internal", "kelompok", "Pengadaan barang internal"])
def test_an_internal_or_kelompok_match_gives_no_hint(institution, corpus, query):
    """Items only some signed-in staff may see must not tell a signed-out visitor that they exist."""
    admin, anonymous = institution["visitors"]["admin"], institution["visitors"]["anonymous"]
    assert search(admin, SearchRequest(query)).total >= 1
    assert not search(anonymous, SearchRequest(query)).sign_in_may_show_more
    page = Client().get("/cari/", {"q": query}).text
    assert hint_of(page) is None and "Masuk mungkin" not in page
    assert Client().get("/cari/api/", {"q": query}).json()["sign_in_may_show_more"] is False


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["e-katalog", "zzqxw"])
def test_nothing_restricted_matching_gives_no_hint(institution, corpus, query):
    assert not search(institution["visitors"]["anonymous"], SearchRequest(query)).sign_in_may_show_more
    assert hint_of(Client().get("/cari/", {"q": query}).text) is None


@pytest.mark.django_db
def test_the_hint_follows_the_facet_filters_and_the_corrected_query(institution, corpus):
    anonymous = institution["visitors"]["anonymous"]
    assert not search(anonymous, SearchRequest("pengadaan", filters={"kind": "course"})).sign_in_may_show_more
    corrected = search(anonymous, SearchRequest("pengadan"))  # the ASN-level SOP holds the corrected word
    assert corrected.corrected == "pengadaan" and corrected.sign_in_may_show_more


@pytest.mark.django_db
def test_signed_in_visitors_get_no_hint_and_no_cached_answer_carries_one_to_them(institution, corpus):
    visitors = institution["visitors"]
    assert search(visitors["anonymous"], SearchRequest("untuk ASN")).sign_in_may_show_more
    for name in ("guest", "asn_elsewhere", "staff", "admin"):  # a guest sees the rows an anonymous visitor sees
        assert not search(visitors[name], SearchRequest("untuk ASN")).sign_in_may_show_more, name
    guest = Client()
    guest.force_login(visitors["guest"])
    assert guest.get("/cari/api/", {"q": "pengadaan barang"}).json()["sign_in_may_show_more"] is False
    assert search(visitors["anonymous"], SearchRequest("pengadaan barang")).sign_in_may_show_more


@pytest.mark.django_db
def test_anonymous_answers_with_the_hint_stay_cached(institution, corpus, django_assert_max_num_queries):
    anonymous = institution["visitors"]["anonymous"]
    first = search(anonymous, SearchRequest("pengadaan barang"))
    with django_assert_max_num_queries(1):  # the hits' rows only
        again = search(anonymous, SearchRequest("pengadaan barang"))
    assert again.sign_in_may_show_more and first.sign_in_may_show_more and again.total == first.total


# -- when a correction is applied ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_correction_is_applied_only_when_the_written_query_finds_nothing(institution, corpus):
    admin = institution["visitors"]["admin"]
    nothing = search(admin, SearchRequest("katlog"))
    assert (nothing.corrected, nothing.suggestion, nothing.total) == ("katalog", "", 1)
    assert nothing.terms == ["katalog"] and nothing.query == "katlog"
    written = search(admin, SearchRequest("katalog"))
    assert (written.corrected, written.suggestion, written.total) == ("", "", 1)
    partial = search(admin, SearchRequest("katlog barang"))  # "barang" alone finds items
    assert (partial.corrected, partial.suggestion) == ("", "katalog barang")
    assert partial.relaxed and partial.total == 4 and partial.terms == ["katlog", "barang"]
    typo = search(admin, SearchRequest("pengadaan barnag"))  # a swapped letter
    assert typo.relaxed and typo.total == 4 and typo.suggestion == "pengadaan barang"


@pytest.mark.django_db
def test_the_page_says_which_query_it_shows_and_links_to_the_other(institution, corpus):
    applied = Client().get("/cari/", {"q": "katlog"}).text
    assert "Menampilkan hasil untuk <strong>katalog</strong>. Cari " in applied
    assert '<a href="/cari/?q=katlog&amp;persis=1">katlog</a> saja.' in applied
    assert "SOP Pengadaan Barang Publik" in applied and "Maksud Anda" not in applied
    written = Client().get("/cari/", {"q": "katlog", "persis": "1"}).text
    assert 'Maksud Anda <a href="/cari/?q=katalog">katalog</a>?' in written
    assert "SOP Pengadaan Barang Publik" not in written and "Menampilkan hasil untuk" not in written
    offered = Client().get("/cari/", {"q": "katlog barang"}).text
    assert 'Maksud Anda <a href="/cari/?q=katalog+barang">katalog barang</a>?' in offered
    assert "Menampilkan hasil untuk" not in offered
    data = Client().get("/cari/api/", {"q": "katlog", "persis": "1"}).json()
    assert (data["corrected"], data["suggestion"], data["total"], data["query"]) == ("", "katalog", 0, "katlog")
    data = Client().get("/cari/api/", {"q": "katlog"}).json()
    assert (data["corrected"], data["suggestion"], data["total"]) == ("katalog", "", 1)


# -- acronyms and known terms -------------------------------------------------------------------------------------


@pytest.fixture
def near_words(corpus):
    """Public items holding words one letter away from acronyms and known terms."""
    catalogue = corpus["public"].get_parent()
    for title, abstract in [
        ("Aplikasi siap pakai", "Laporan SIPP, sistem informasi penelusuran perkara, dan cuti sakit."),
        ("Diktat reaksi cepat", "Diktat untuk tim reaksi cepat bencana."),
    ]:
        page = KnowledgeAssetPage(title=title, abstract=abstract, asset_type="sop", access_level=AccessLevel.PUBLIC)
        catalogue.add_child(instance=page)
        page.save_revision().publish()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["sipd", "SIPD", "Sipd", "spip", "SPIP", "sakip", "SAKIP", "diklat", "DIKLAT"])
def test_acronyms_and_known_terms_are_never_corrected(institution, corpus, near_words, query):
    """Without the rule, sipd became "siap" or "sipp", spip "sipp", sakip "sakit" and diklat (a term of the
    synonym list) "diktat"."""
    for visitor in ("anonymous", "admin"):
        results = search(institution["visitors"][visitor], SearchRequest(query))
        assert (results.corrected, results.suggestion, results.total) == ("", "", 0), visitor
    assert "Maksud Anda" not in Client().get("/cari/", {"q": query}).text


@pytest.mark.django_db
def test_other_words_of_the_query_are_still_corrected(institution, corpus, near_words):
    results = search(institution["visitors"]["anonymous"], SearchRequest("laporn SIPD"))
    assert results.corrected == "laporan sipd" and results.relaxed and results.total == 1
    assert search(institution["visitors"]["anonymous"], SearchRequest("laporn")).corrected == "laporan"


@pytest.mark.django_db
def test_a_term_the_admin_adds_to_the_synonyms_is_never_corrected(institution, corpus, near_words):
    anonymous = institution["visitors"]["anonymous"]
    assert search(anonymous, SearchRequest("renaksi")).corrected == "reaksi"
    Synonym.objects.create(terms="renaksi, rencana aksi")
    assert search(anonymous, SearchRequest("renaksi")).corrected == ""
