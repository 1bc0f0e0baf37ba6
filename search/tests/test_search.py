"""Search: Indonesian analysis, synonyms, access filtering of hits, totals and facets, index updates, API."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from corpu.access import AccessLevel
from knowledge_assets.models import KnowledgeAssetPage
from search.models import QueryLog, SearchDocument, Synonym
from search.query import SearchRequest, search
from search.text import SynonymTable, analyse, highlight_terms

VISITORS = ["anonymous", "asn_elsewhere", "guest", "staff", "tkk_staff", "unit_member", "kelompok_member", "admin"]


def test_analysis_stems_drops_stop_words_and_joins_synonym_phrases():
    synonyms = SynonymTable([["bangkom", "pengembangan kompetensi"]])
    assert analyse("Pengembangan kompetensi pegawai", synonyms) == ["bangkom", "pegawai"]
    assert analyse("Pengembangan kompetensi", synonyms, indexing=True) == ["kembang", "kompetensi", "bangkom"]
    assert analyse("bangkom", synonyms) == ["bangkom"]
    assert analyse("yang dan di penerapan") == ["terap"]


def test_highlight_marks_words_by_stem_and_escapes_html():
    snippet = highlight_terms("<b>Penerapan</b> SOP pengadaan di dinas", {"terap", "sop"})
    assert "<mark>Penerapan</mark>" in snippet and "&lt;b&gt;" in snippet and "<mark>SOP</mark>" in snippet


EXPECTED = {
    "anonymous": {"public"},
    "asn_elsewhere": {"public", "asn"},
    "guest": {"public"},
    "staff": {"public", "asn", "internal"},
    "tkk_staff": {"public", "asn", "internal"},
    "unit_member": {"public", "asn", "internal"},
    "kelompok_member": {"public", "asn", "kelompok"},
    "admin": {"public", "asn", "internal", "kelompok"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", VISITORS)
def test_no_restricted_item_in_hits_totals_pages_or_facets(institution, corpus, visitor):
    user = institution["visitors"][visitor]
    results = search(user, SearchRequest("pengadaan barang", per_page=2))
    expected = {corpus[key].title for key in EXPECTED[visitor]}
    assert results.total == len(expected)
    seen = set()
    for number in range(1, results.pages + 1):
        page = search(user, SearchRequest("pengadaan barang", page=number, per_page=2))
        seen |= {hit["document"].title for hit in page.hits}
    assert seen == expected
    assert sum(count for _value, _label, count in results.facets["kind"]) == len(expected)
    kelompok_facet = {label for _value, label, _count in results.facets["kelompok"]}
    assert ("KK Infrastruktur" in kelompok_facet) == ("kelompok" in EXPECTED[visitor])


@pytest.mark.django_db
def test_index_follows_access_change_unpublish_and_delete(institution, corpus):
    anonymous = institution["visitors"]["anonymous"]
    page = corpus["public"]
    assert search(anonymous, SearchRequest("e-katalog")).total == 1
    page.access_level = AccessLevel.INTERNAL
    page.save_revision().publish()
    assert search(anonymous, SearchRequest("e-katalog")).total == 0
    page.unpublish()
    assert not SearchDocument.objects.filter(object_id=page.pk, kind="asset").exists()
    page.delete()
    assert search(institution["visitors"]["admin"], SearchRequest("e-katalog")).total == 0


@pytest.mark.django_db
def test_admin_synonyms_take_effect_after_reindex(institution, corpus):
    admin = institution["visitors"]["admin"]
    assert search(admin, SearchRequest("belanja")).total == 0
    Synonym.objects.create(terms="pengadaan, belanja")
    out = io.StringIO()
    call_command("search_reindex", stdout=out)
    assert "dokumen terindeks" in out.getvalue()
    assert search(admin, SearchRequest("belanja")).total == 4


@pytest.mark.django_db
def test_page_api_clicks_and_analytics(institution, corpus):
    client = Client()
    page = client.get("/cari/", {"q": "pengadaan barang"})
    assert page.status_code == 200 and "SOP Pengadaan Barang Publik" in page.text
    assert "SOP Pengadaan Barang Internal" not in page.text
    data = client.get("/cari/api/", {"q": "pengadaan barang"}).json()
    assert data["total"] == 1 and data["results"][0]["title"] == "SOP Pengadaan Barang Publik"
    assert "<mark>Pengadaan</mark>" in data["results"][0]["snippet"]
    client.get("/cari/api/", {"q": "anggaran kelurahan"})
    assert QueryLog.objects.filter(query="pengadaan barang").count() == 2  # the page and the API call
    log = QueryLog.objects.get(pk=data["query_id"])
    client.post(f"/cari/klik/{log.pk}/{data['results'][0]['id']}/", {"position": 0})
    assert log.clicks.count() == 1
    assert client.get("/cari/analitik/").status_code == 302
    clo = Client()
    clo.force_login(institution["visitors"]["admin"])
    analytics = clo.get("/cari/analitik/").text
    assert "anggaran kelurahan" in analytics


def test_slash_separates_words_but_hyphenated_terms_stay_whole():
    assert analyse("Pengadaan Barang/Jasa e-Katalog") == ["ada", "barang", "jasa", "e-katalog"]


@pytest.mark.django_db
def test_experts_are_the_authors_of_visible_matching_assets(institution, corpus):
    author = institution["visitors"]["staff"]
    internal_author = institution["visitors"]["unit_member"]
    corpus["public"].authors.add(author)
    corpus["public"].save_revision().publish()
    corpus["internal"].authors.add(internal_author)
    corpus["internal"].save_revision().publish()
    anonymous = search(institution["visitors"]["anonymous"], SearchRequest("pengadaan"))
    assert [(pk, count) for pk, _name, count in anonymous.experts] == [(author.pk, 1)]
    staff = search(institution["visitors"]["staff"], SearchRequest("pengadaan"))
    assert {pk for pk, _name, _count in staff.experts} == {author.pk, internal_author.pk}
    data = Client().get("/cari/api/", {"q": "pengadaan"}).json()
    assert data["experts"] == [{"id": author.pk, "name": author.get_full_name(), "count": 1}]


@pytest.mark.django_db
def test_experts_come_from_the_best_ranked_matches(institution, corpus, monkeypatch):
    from search.backends import database

    visitors = institution["visitors"]
    catalogue = corpus["public"].get_parent()
    for title, abstract, author in [
        ("Swakelola Jalan Desa", "Panduan swakelola.", "staff"),
        ("Panduan Jalan Desa", "Contoh swakelola singkat.", "unit_member"),
    ]:
        page = KnowledgeAssetPage(title=title, abstract=abstract, asset_type="sop", access_level=AccessLevel.PUBLIC)
        catalogue.add_child(instance=page)
        page.authors.add(visitors[author])
        page.save_revision().publish()
    every = search(visitors["admin"], SearchRequest("swakelola"))
    assert {pk for pk, _name, _count in every.experts} == {visitors["staff"].pk, visitors["unit_member"].pk}
    monkeypatch.setattr(database, "EXPERT_SAMPLE", 1)
    best = search(visitors["admin"], SearchRequest("swakelola jalan"))  # another query: not a cached answer
    assert best.hits[0]["document"].title == "Swakelola Jalan Desa"
    assert [pk for pk, _name, _count in best.experts] == [visitors["staff"].pk]


@pytest.mark.django_db
def test_a_misspelt_word_is_corrected_to_a_known_term(institution, corpus):
    admin = institution["visitors"]["admin"]
    results = search(admin, SearchRequest("katlog"))
    assert results.corrected == "katalog" and results.total == 1
    assert search(admin, SearchRequest("katalog")).corrected == ""
    assert search(admin, SearchRequest("zzqxw")).total == 0
    # Sastrawi cannot stem a misspelt word; "barang" alone finds items: the written query's results, and a suggestion
    partial = search(admin, SearchRequest("pengadan barang"))
    assert partial.corrected == "" and partial.suggestion == "pengadaan barang"
    assert partial.total == 4 and partial.relaxed
    page = Client().get("/cari/", {"q": "katlog"}).text
    assert "Menampilkan hasil untuk <strong>katalog</strong>" in page


@pytest.mark.django_db
def test_relaxed_search_tag_facet_and_filters(institution, corpus):
    admin = institution["visitors"]["admin"]
    corpus["asn"].tags.add("E-Katalog")
    corpus["asn"].save_revision().publish()
    strict = search(admin, SearchRequest("pengadaan anggaran"))
    assert strict.relaxed and strict.total == 4
    tags = search(admin, SearchRequest("pengadaan")).facets["tag"]
    assert tags == [("e-katalog", "e-katalog", 1)]
    only = search(admin, SearchRequest("pengadaan", filters={"tag": "e-katalog"}))
    assert [hit["document"].title for hit in only.hits] == ["SOP Pengadaan Barang ASN"]
    kinds = search(admin, SearchRequest("", filters={"kind": "asset"}))
    assert kinds.total == 4 and kinds.facets["kind"] == [("asset", "asset", 4)]


@pytest.mark.django_db
def test_ranking_prefers_title_matches_and_pages_do_not_overlap(institution, corpus):
    admin = institution["visitors"]["admin"]
    results = search(admin, SearchRequest("internal"))
    assert results.hits[0]["document"].title == "SOP Pengadaan Barang Internal"
    first = search(admin, SearchRequest("pengadaan", per_page=3))
    second = search(admin, SearchRequest("pengadaan", page=2, per_page=3))
    titles = [hit["document"].title for hit in first.hits + second.hits]
    assert len(titles) == len(set(titles)) == 4


@pytest.mark.django_db
def test_analytics_period_and_zero_result_backlog_csv(institution):
    old = QueryLog.objects.create(query="tunjangan kinerja", normalised="tunjang kinerja", results=0)
    QueryLog.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=45))
    for _ in range(2):
        QueryLog.objects.create(query="Stunting desa", normalised="stunting desa", results=0)
    QueryLog.objects.create(query="pengadaan", normalised="ada", results=3)
    clo = Client()
    clo.force_login(institution["visitors"]["admin"])
    recent = clo.get("/cari/analitik/", {"hari": 30}).text
    assert "Stunting desa" in recent and "tunjangan kinerja" not in recent
    assert "tunjangan kinerja" in clo.get("/cari/analitik/", {"hari": 90}).text
    rows = list(csv.reader(io.StringIO(clo.get("/cari/analitik/tanpa-hasil.csv", {"hari": 30}).text)))
    assert rows[0] == ["query", "normalised", "searches", "last_searched"]
    assert [row[:3] for row in rows[1:]] == [["Stunting desa", "stunting desa", "2"]]
    assert Client().get("/cari/analitik/tanpa-hasil.csv").status_code == 302


@pytest.mark.django_db
def test_a_superseded_asset_ranks_below_its_successor(institution, corpus):
    admin = institution["visitors"]["admin"]
    ranked = [hit["document"].title for hit in search(admin, SearchRequest("sop pengadaan barang")).hits]
    old, new = sorted([corpus["public"], corpus["asn"]], key=lambda page: ranked.index(page.title))
    old.superseded_by = new
    old.save_revision().publish()
    ranked = [hit["document"].title for hit in search(admin, SearchRequest("sop pengadaan barang")).hits]
    assert ranked.index(new.title) < ranked.index(old.title)


@pytest.mark.django_db
def test_facet_links_keep_the_query(institution, corpus):
    """A facet link adds its filter to the search as typed (links once began with "??" and lost the query)."""
    import html
    import re

    page = Client().get("/cari/", {"q": "pengadaan barang"}).text
    links = [html.unescape(href) for href in re.findall(r'<a href="(\?[^"]*)"', page)]
    facet_links = [href for href in links if "&kind=" in href or "&asset_type=" in href]
    assert facet_links and all(href.startswith("?q=pengadaan") for href in facet_links)
    followed = Client().get("/cari/" + facet_links[0])
    assert followed.status_code == 200 and "SOP Pengadaan Barang Publik" in followed.text


@pytest.mark.django_db
def test_totals_past_the_tracked_limit_say_at_least_and_facets_count_the_best_ranked(institution, corpus, monkeypatch):
    """Counting like Elasticsearch's track_total_hits (ADR 0029), here with a limit of 2 instead of 10,000: beyond
    it the total is "at least", facets are counted over the best-ranked matches and flagged; within it, exact."""
    from search.backends import database

    monkeypatch.setattr(database, "TRACK_TOTAL_HITS", 2)
    visitors = institution["visitors"]
    many = search(visitors["admin"], SearchRequest("pengadaan barang"))  # 4 visible matches
    assert (many.total, many.total_relation, many.facets_approximate) == (2, "gte", True)
    assert sum(count for _value, _label, count in many.facets["kind"]) == 2
    assert len(many.hits) == 4  # the page stays exact: every hit in rank order
    few = search(visitors["anonymous"], SearchRequest("pengadaan barang"))  # restricted items are never counted
    assert (few.total, few.total_relation, few.facets_approximate) == (1, "eq", False)
    client = Client()
    client.force_login(visitors["admin"])
    answer = client.get("/cari/api/", {"q": "pengadaan barang"}).json()
    assert (answer["total"], answer["total_relation"], answer["facets_approximate"]) == (2, "gte", True)
    page = client.get("/cari/", {"q": "pengadaan barang"}).content.decode()
    assert "2+ hasil" in page and ">±</abbr>" in page
