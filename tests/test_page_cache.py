"""The audience caches of page fragments (corpu/page_cache.py): the main navigation and the asset catalogue's filter
options are shared only by visitors who see the same pages, and a page change shows at once."""

import pytest

from corpu.access import AccessLevel
from knowledge_assets.tests.conftest import catalogue, make_asset, make_document  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def nav(client, user, url="/"):
    client.logout()
    if user is not None:
        client.force_login(user)
    html = client.get(url).content.decode()
    return html.split('aria-label="Navigasi utama"', 1)[1].split("</nav>", 1)[0]


def catalogue_filters(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    html = client.get(url).content.decode()
    return html.split('role="search"', 1)[1].split("</form>", 1)[0] + html.split("</form>", 1)[1].split("hasil")[0]


def test_a_restricted_menu_page_cached_for_its_audience_never_shows_to_a_lower_one(client, institution, make_info_page):
    visitors = institution["visitors"]
    make_info_page("Panduan umum", show_in_menus=True)
    make_info_page("Panduan ASN", level=AccessLevel.ASN, show_in_menus=True)
    make_info_page("Panduan KK", level=AccessLevel.INTERNAL, owner_kelompok=institution["kelompok"], show_in_menus=True)
    member = nav(client, visitors["kelompok_member"])  # computed and cached for the member's audience first
    assert "Panduan umum" in member and "Panduan ASN" in member and "Panduan KK" in member
    for name in ("asn_elsewhere", "staff"):
        seen = nav(client, visitors[name])
        assert "Panduan ASN" in seen and "Panduan KK" not in seen, name
    for _ in range(2):  # computed, then from the cache
        anonymous = nav(client, None)
        assert "Panduan umum" in anonymous and "Panduan ASN" not in anonymous and "Panduan KK" not in anonymous


def test_publishing_unpublishing_moving_and_deleting_a_menu_page_show_at_once(client, institution, make_info_page):
    staff = institution["visitors"]["staff"]
    assert "Agenda" not in nav(client, staff)  # cached
    page = make_info_page("Agenda", show_in_menus=True)
    assert "Agenda" in nav(client, staff) and "Agenda" in nav(client, None)
    page.title = "Agenda pelatihan"
    page.save_revision().publish()
    assert "Agenda pelatihan" in nav(client, None)
    page.access_level = AccessLevel.ASN
    page.save_revision().publish()
    assert "Agenda pelatihan" not in nav(client, None) and "Agenda pelatihan" in nav(client, staff)
    page.unpublish()
    assert "Agenda pelatihan" not in nav(client, staff)
    page.save_revision().publish()
    parent = make_info_page("Induk", show_in_menus=True)
    page.move(parent, pos="last-child")
    assert "Agenda pelatihan" not in nav(client, staff)  # no longer a child of the home page
    assert "Induk" in nav(client, staff)
    parent.delete()
    assert "Induk" not in nav(client, staff)


def test_the_catalogue_filters_cached_for_a_kelompok_never_show_to_a_lower_audience(client, institution, request):
    listing, add = request.getfixturevalue("catalogue"), request.getfixturevalue("make_asset")
    visitors, kelompok = institution["visitors"], institution["kelompok"]
    add("Aset publik", asset_type="praktik_baik")
    add("SOP internal KK", level=AccessLevel.INTERNAL, owner_kelompok=kelompok, asset_type="sop")
    member = catalogue_filters(client, visitors["kelompok_member"], listing.url)
    assert kelompok.nama in member and 'href="?jenis=sop"' in member
    for user in (visitors["asn_elsewhere"], None, None):  # the second anonymous visit is served from the cache
        seen = catalogue_filters(client, user, listing.url)
        assert kelompok.nama not in seen and 'href="?jenis=sop"' not in seen


def test_publishing_and_unpublishing_an_asset_updates_the_catalogue_filters_at_once(client, institution, request):
    listing, add = request.getfixturevalue("catalogue"), request.getfixturevalue("make_asset")
    add("Aset publik", asset_type="praktik_baik")
    assert 'href="?jenis=sop"' not in catalogue_filters(client, None, listing.url)  # cached
    sop = add("SOP baru", asset_type="sop", owner_kelompok=institution["kelompok"])
    seen = catalogue_filters(client, None, listing.url)
    assert 'href="?jenis=sop"' in seen and institution["kelompok"].nama in seen
    institution["kelompok"].nama = "KK Jalan dan Jembatan"
    institution["kelompok"].save()
    assert "KK Jalan dan Jembatan" in catalogue_filters(client, None, listing.url)
    sop.unpublish()
    seen = catalogue_filters(client, None, listing.url)
    assert 'href="?jenis=sop"' not in seen and "KK Jalan dan Jembatan" not in seen


def cards(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).content.decode().split('data-testid="result-count"', 1)[1]


def test_the_catalogue_cards_cached_for_a_kelompok_never_show_to_a_lower_audience(client, institution, request):
    listing, add = request.getfixturevalue("catalogue"), request.getfixturevalue("make_asset")
    visitors, kelompok = institution["visitors"], institution["kelompok"]
    add("Aset publik")
    add("SOP rahasia KK", level=AccessLevel.INTERNAL, owner_kelompok=kelompok)
    add("Panduan ASN", level=AccessLevel.ASN)
    assert "SOP rahasia KK" in cards(client, visitors["kelompok_member"], listing.url)
    assert "SOP rahasia KK" in cards(client, visitors["kelompok_member"], listing.url + "?jenis=praktik_baik")
    for user in (visitors["asn_elsewhere"], visitors["asn_elsewhere"]):
        seen = cards(client, user, listing.url)
        assert "Panduan ASN" in seen and "SOP rahasia KK" not in seen
    for url in (listing.url, listing.url, listing.url + "?jenis=praktik_baik"):
        seen = cards(client, None, url)
        assert "Aset publik" in seen and "Panduan ASN" not in seen and "SOP rahasia KK" not in seen


def test_publishing_editing_and_rating_an_asset_update_the_catalogue_cards_at_once(client, institution, request):
    from knowledge_assets.models import AssetRating

    listing, add = request.getfixturevalue("catalogue"), request.getfixturevalue("make_asset")
    first = add("Aset pertama")
    assert "Aset kedua" not in cards(client, None, listing.url)  # cached
    second = add("Aset kedua")
    assert "Aset kedua" in cards(client, None, listing.url)
    second.title = "Aset kedua (revisi)"
    second.save_revision().publish()
    assert "Aset kedua (revisi)" in cards(client, None, listing.url)
    AssetRating.objects.create(page=first, user=institution["visitors"]["staff"], score=4)
    assert "★ 4.0" in cards(client, None, listing.url) or "★ 4,0" in cards(client, None, listing.url)
    second.unpublish()
    assert "Aset kedua" not in cards(client, None, listing.url)


def course_cards(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).content.decode().split("</form>", 1)[1]


def test_the_course_catalogue_cards_never_show_a_restricted_course_to_a_lower_audience_and_follow_publishing(
    client, institution, home
):
    from courses.models import CourseCatalogPage, CoursePage

    catalog = home.add_child(instance=CourseCatalogPage(title="Kursus", slug="kursus-daring"))
    catalog.save_revision().publish()

    def course(title, level):
        page = catalog.add_child(instance=CoursePage(title=title, access_level=level, jp_value=2))
        page.save_revision().publish()
        return page

    course("Kursus publik", AccessLevel.PUBLIC)
    course("Kursus ASN", AccessLevel.ASN)
    assert "Kursus ASN" in course_cards(client, institution["visitors"]["asn_elsewhere"], catalog.url)
    for _ in range(2):
        seen = course_cards(client, None, catalog.url)
        assert "Kursus publik" in seen and "Kursus ASN" not in seen
    extra = course("Kursus baru", AccessLevel.PUBLIC)
    assert "Kursus baru" in course_cards(client, None, catalog.url)
    extra.unpublish()
    assert "Kursus baru" not in course_cards(client, None, catalog.url)


def test_a_page_reads_its_fragments_and_the_menu_in_one_cache_round_trip(client, institution, home, request):
    """ADR 0033: the catalogue, an asset and a course read their cached parts and the main navigation's menu in one
    `get_many` (a signed-in visitor's own block on the asset page too); the information page reads only the menu."""
    from unittest import mock

    from django.core.cache import cache

    from courses.models import CourseCatalogPage, CoursePage

    shelf = request.getfixturevalue("catalogue")
    asset = request.getfixturevalue("make_asset")("Praktik baik drainase")
    courses = home.add_child(instance=CourseCatalogPage(title="Kursus", slug="kursus-daring"))
    course = courses.add_child(instance=CoursePage(title="Etika ASN", access_level=AccessLevel.PUBLIC))
    staff = institution["visitors"]["staff"]
    for user in (None, staff):
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in (shelf.url, asset.url, course.url):
            client.get(url)  # computed and cached
            with mock.patch.object(cache, "get_many", wraps=cache.get_many) as reads:
                assert client.get(url).status_code == 200
            assert reads.call_count == 1, (url, user, reads.call_args_list)
