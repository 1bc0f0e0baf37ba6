import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import KelompokFactory

pytestmark = pytest.mark.django_db


def listing_queries(client, url):
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_catalogue_query_count_does_not_grow_with_assets(institution, catalogue, make_asset):
    catalogue.per_page = 50
    catalogue.save_revision().publish()
    kelompok = institution["kelompok"]
    client = Client()
    client.force_login(institution["visitors"]["staff"])

    def add(n, start):
        for i in range(start, start + n):
            asset = make_asset(f"Aset {i}", owner_kelompok=kelompok, level="asn" if i % 2 else "public")
            asset.tags.add(f"tag-{i}", "umum")
            asset.authors.add(institution["visitors"]["staff"])
            asset.save()

    add(5, 0)
    few = listing_queries(client, catalogue.url)
    add(20, 5)
    many = listing_queries(client, catalogue.url)
    assert "Aset 24" in client.get(catalogue.url).text
    assert few == many


def test_filters(institution, catalogue, make_asset):
    kelompok = institution["kelompok"]
    other = KelompokFactory(nama="KK Lain")
    sop = make_asset("SOP Pengadaan", asset_type="sop", competency="teknis", owner_kelompok=kelompok)
    sop.tags.add("pengadaan")
    sop.save_revision().publish()
    make_asset("Praktik Baik e-Kinerja", asset_type="praktik_baik", competency="manajerial", owner_kelompok=other)
    client = Client()

    def titles(**params):
        text = client.get(catalogue.url, params).text
        return {t for t in ("SOP Pengadaan", "Praktik Baik e-Kinerja") if t in text}

    assert titles() == {"SOP Pengadaan", "Praktik Baik e-Kinerja"}
    assert titles(jenis="sop") == {"SOP Pengadaan"}
    assert titles(kompetensi="manajerial") == {"Praktik Baik e-Kinerja"}
    assert titles(kelompok=kelompok.slug) == {"SOP Pengadaan"}
    assert titles(tag="pengadaan") == {"SOP Pengadaan"}
    assert titles(tahun=str(sop.first_published_at.year)) == {"SOP Pengadaan", "Praktik Baik e-Kinerja"}
    assert titles(tahun="1999") == set()
    assert titles(akses="internal") == set()
    assert titles(q="e-Kinerja") == {"Praktik Baik e-Kinerja"}


def test_pagination(catalogue, make_asset):
    catalogue.per_page = 2
    catalogue.save_revision().publish()
    for i in range(5):
        make_asset(f"Halaman aset {i}")
    client = Client()
    first = client.get(catalogue.url).text
    third = client.get(catalogue.url, {"halaman": 3}).text
    assert "Halaman 1 dari 3" in first and "Halaman aset 4" in first
    assert "Halaman aset 0" in third and "Halaman aset 4" not in third
    assert client.get(catalogue.url, {"halaman": "x"}).status_code == 200


def test_feed_is_rss_and_private_for_signed_in_users(institution, make_asset):
    make_asset("Publik feed")
    response = Client().get("/pengetahuan/feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "Publik feed" in response.text
    client = Client()
    client.force_login(institution["visitors"]["staff"])
    assert "private" in client.get("/pengetahuan/feed/")["Cache-Control"]


def test_catalogue_keyword_search_understands_indonesian(catalogue, make_asset):
    make_asset("Pengembangan Kompetensi Pegawai Kecamatan", abstract="Bangkom berbasis komunitas.")
    make_asset("Penerapan e-Kinerja di Dinas", abstract="Sasaran kinerja pegawai dipantau bulanan.")
    make_asset("Pengelolaan Arsip", abstract="Arsip dinamis.")

    def found(query):
        text = Client().get(catalogue.url, {"q": query}).text
        return {
            title for title in ("Pengembangan Kompetensi", "Penerapan e-Kinerja", "Pengelolaan Arsip") if title in text
        }

    assert found("bangkom") == {"Pengembangan Kompetensi"}  # admin synonym
    assert found("menerapkan") == {"Penerapan e-Kinerja"}  # same stem as "penerapan"
    assert found("SKP") == {"Penerapan e-Kinerja"}  # sasaran kinerja pegawai
    assert found("arsip pegawai") == set()  # every word must match
