"""The asset page's and the catalogue's shared fragments (knowledge_assets/fragments.py): rendered once per audience,
never shown to a lower one, changes show at once, the visitor's own bits stay theirs, queries do not grow."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from corpu.access import AccessLevel
from knowledge_assets.models import KnowledgeAssetAttachment, RelatedAsset
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def visit(user, url):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url).content.decode()


def test_a_restricted_asset_cached_for_its_kelompok_never_shows_to_a_lower_audience(institution, make_asset):
    visitors, kelompok = institution["visitors"], institution["kelompok"]
    page = make_asset("Jembatan gantung")
    secret = make_asset("SOP internal KK", level=AccessLevel.INTERNAL, owner_kelompok=kelompok, superseded_by=page)
    asn_only = make_asset("Panduan khusus ASN", level=AccessLevel.ASN)
    RelatedAsset.objects.create(page=page, target=secret)
    RelatedAsset.objects.create(page=page, target=asn_only)
    member = visit(visitors["kelompok_member"], page.url)  # rendered and cached for the member's audience first
    assert "SOP internal KK" in member and "Panduan khusus ASN" in member
    assert "SOP internal KK" not in visit(visitors["asn_elsewhere"], page.url)
    assert "Panduan khusus ASN" in visit(visitors["asn_elsewhere"], page.url)
    for _ in range(2):  # rendered, then from the cache
        anonymous = visit(None, page.url)
        assert "Jembatan gantung" in anonymous
        assert "SOP internal KK" not in anonymous and "Panduan khusus ASN" not in anonymous


def test_edits_publishing_ratings_comments_and_documents_show_at_once(institution, make_asset, make_document):
    staff = institution["visitors"]["staff"]
    page = make_asset("Drainase kota")
    other = make_asset("Gorong-gorong")
    assert "Belum dinilai." in visit(None, page.url)  # cached
    page.abstract = "Abstrak baru tentang drainase"
    page.save_revision().publish()
    assert "Abstrak baru tentang drainase" in visit(None, page.url)
    RelatedAsset.objects.create(page=page, target=other)
    page.save_revision().publish()
    assert "Gorong-gorong" in visit(None, page.url)
    other.unpublish()
    assert "Gorong-gorong" not in visit(None, page.url)
    client = Client()
    client.force_login(staff)
    client.post(f"/pengetahuan/aset/{page.pk}/nilai/", {"score": 4})
    client.post(f"/pengetahuan/aset/{page.pk}/komentar/", {"text": "Komentar pertama"})
    client.post(f"/pengetahuan/aset/{page.pk}/terapkan/", {"outcome": "Banjir berkurang"})
    seen = visit(None, page.url)
    assert "★ 4,0" in seen and "Komentar pertama" in seen and "1 orang menerapkan" in seen
    document = make_document(title="Peta genangan")
    KnowledgeAssetAttachment.objects.create(page=page, document=document)
    page.save_revision().publish()
    assert "Peta genangan" in visit(None, page.url)
    document.title = "Peta genangan 2026"
    document.save()
    assert "Peta genangan 2026" in visit(None, page.url)


def test_the_view_counter_counts_every_view_of_a_cached_page(make_asset):
    page = make_asset("Dihitung")
    for n in (1, 2, 3):
        assert f"Dilihat: {n} " in visit(None, page.url)


def test_own_rating_and_application_are_not_shared_with_the_same_audience(institution, make_asset):
    unit = institution["bidang"]
    first, second = UserFactory(username="pertama", unit_kerja=unit), UserFactory(username="kedua", unit_kerja=unit)
    page = make_asset("Tata naskah")
    client = Client()
    client.force_login(first)
    client.get(page.url)  # cached without a rating
    client.post(f"/pengetahuan/aset/{page.pk}/nilai/", {"score": 4})
    client.post(f"/pengetahuan/aset/{page.pk}/terapkan/", {"outcome": "Surat lebih cepat"})
    mine = client.get(page.url).content.decode()
    assert '<option value="4" selected>' in mine and "Surat lebih cepat</textarea>" in mine
    client.post(f"/pengetahuan/aset/{page.pk}/nilai/", {"score": 2})
    assert '<option value="2" selected>' in client.get(page.url).content.decode()
    theirs = visit(second, page.url)
    assert " selected>" not in theirs.split('id="score"', 1)[1].split("</select>", 1)[0]
    assert "Surat lebih cepat" not in theirs and "★ 2,0" in theirs


def measured(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_asset_page_runs_the_same_queries_whatever_its_lists_hold(make_asset, make_document, make_info_page):
    small, large = make_asset("Sedikit"), make_asset("Banyak")
    for asset, n in ((small, 1), (large, 6)):
        for i in range(n):
            RelatedAsset.objects.create(page=asset, target=make_asset(f"Terkait {asset.title} {i}"))
            KnowledgeAssetAttachment.objects.create(page=asset, document=make_document(title=f"L{i}", name=f"{i}.pdf"))
            asset.tags.add(f"tag-{i}")
        asset.save_revision().publish()
    anchor = make_info_page("Informasi")
    client = Client()
    measured(client, anchor.url)  # the navigation cached
    assert measured(client, small.url) == measured(client, large.url)  # rendered: constant
    cached = measured(client, large.url)
    # from the cache: the anchor's queries, the catalogue's level of the page tree and the view counter's UPDATE
    assert cached <= measured(client, anchor.url) + 2


def test_the_catalogue_runs_the_same_queries_whatever_it_lists(catalogue, make_asset):
    client = Client()
    make_asset("Aset pertama", asset_type="sop")
    first = measured(client, catalogue.url)
    for i in range(12):
        make_asset(f"Aset {i}", asset_type="modul")
    assert measured(client, catalogue.url) == first  # rendered again after the publishing: constant
    assert measured(client, catalogue.url + "?jenis=modul") <= first + 1  # the filtered count


def test_the_catalogue_form_keeps_each_filters_choice_and_each_audiences_options(institution, catalogue, make_asset):
    visitors, kelompok = institution["visitors"], institution["kelompok"]
    make_asset("Aset publik", asset_type="praktik_baik")
    make_asset("SOP internal KK", level=AccessLevel.INTERNAL, owner_kelompok=kelompok, asset_type="sop")
    member = visit(visitors["kelompok_member"], catalogue.url + "?jenis=sop")
    assert '<option value="sop" selected>' in member and kelompok.nama in member and "SOP internal KK" in member
    plain = visit(visitors["kelompok_member"], catalogue.url)
    assert '<option value="sop" selected>' not in plain and kelompok.nama in plain
    for _ in range(2):
        anonymous = visit(None, catalogue.url + "?jenis=sop")
        assert '<option value="sop" selected>' in anonymous
        assert kelompok.nama not in anonymous and "SOP internal KK" not in anonymous
    searched = visit(None, catalogue.url + "?jenis=sop&q=drainase")
    assert 'value="drainase"' in searched and '<option value="sop" selected>' in searched


def test_each_page_of_the_catalogue_shows_its_own_cards_cached_or_not(catalogue, make_asset):
    """The cards are read from the cache by the page asked for; a page past the last shows the last one."""
    for i in range(14):  # 12 a page: page 2 holds the two oldest
        make_asset(f"Aset nomor {i:02d}")
    for _ in range(2):  # rendered, then from the cache
        first = visit(None, catalogue.url)
        second = visit(None, catalogue.url + "?halaman=2")
        beyond = visit(None, catalogue.url + "?halaman=9")
        assert "Aset nomor 13" in first and "Aset nomor 00" not in first and "Halaman 1 dari 2" in first
        assert "Aset nomor 00" in second and "Aset nomor 13" not in second and "Halaman 2 dari 2" in second
        assert "Aset nomor 00" in beyond and "Halaman 2 dari 2" in beyond
    filtered = visit(None, catalogue.url + "?jenis=praktik_baik&halaman=2")
    assert "Aset nomor 01" in filtered and "Halaman 2 dari 2" in filtered
