"""Every access level × kind of visitor, through the policy, querysets and page serving."""

import pytest
from django.test import Client

from corpu import access
from corpu.access import AccessLevel
from corpu.models import InfoPage

VISITORS = ["anonymous", "asn_elsewhere", "guest", "staff", "tkk_staff", "unit_member", "kelompok_member", "admin"]

# (level, narrowed to) -> visitors who may see it; everyone else must not.
EXPECTED = {
    ("public", None): set(VISITORS),
    ("asn", None): {"asn_elsewhere", "staff", "tkk_staff", "unit_member", "kelompok_member", "admin"},
    ("internal", None): {"staff", "tkk_staff", "unit_member", "admin"},
    ("internal", "unit"): {"unit_member", "admin"},
    ("internal", "kelompok"): {"kelompok_member", "admin"},
    ("internal", "unit+kelompok"): {"unit_member", "kelompok_member", "admin"},
}


def owners(institution, narrowed):
    return {
        "owner_unit": institution["dinas"] if narrowed and "unit" in narrowed else None,
        "owner_kelompok": institution["kelompok"] if narrowed and "kelompok" in narrowed else None,
    }


@pytest.fixture
def pages(institution, make_info_page):
    return {
        key: make_info_page(f"Halaman {key[0]} {key[1]}", level=key[0], **owners(institution, key[1]))
        for key in EXPECTED
    }


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("key", list(EXPECTED), ids=lambda k: f"{k[0]}-{k[1]}")
def test_policy_answers_each_cell(institution, visitor, key):
    user = institution["visitors"][visitor]
    own = owners(institution, key[1])
    allowed = access.can_view(
        user, key[0], own["owner_unit"] and own["owner_unit"].pk, own["owner_kelompok"] and own["owner_kelompok"].pk
    )
    assert allowed == (visitor in EXPECTED[key])


@pytest.mark.parametrize("visitor", VISITORS)
def test_queryset_filter_matches_policy(institution, pages, visitor):
    user = institution["visitors"][visitor]
    visible = set(access.filter_visible(InfoPage.objects.all(), user).values_list("pk", flat=True))
    expected = {page.pk for key, page in pages.items() if visitor in EXPECTED[key]}
    assert visible == expected


@pytest.mark.parametrize("visitor", VISITORS)
def test_page_serving_matches_policy(institution, pages, visitor):
    user = institution["visitors"][visitor]
    client = Client()
    if user is not None:
        client.force_login(user)
    for key, page in pages.items():
        response = client.get(page.url)
        if visitor in EXPECTED[key]:
            assert response.status_code == 200, key
            assert page.title in response.text
        elif user is None:
            assert response.status_code == 302 and "/akun/login/" in response["Location"], key
        else:
            assert response.status_code == 403, key
            assert page.title not in response.text


def test_unit_narrowing_reaches_units_below(institution, make_info_page):
    """Internal content owned by a dinas is visible to staff of a bidang under it, not the other way round."""
    member = institution["visitors"]["unit_member"]  # works in Dinas PUPR/Bidang Bina Marga
    assert access.can_view(member, AccessLevel.INTERNAL, institution["dinas"].pk)
    sibling = institution["bidang"].get_parent().add_child(nama="Bidang Cipta Karya")
    assert not access.can_view(member, AccessLevel.INTERNAL, sibling.pk)


def test_inactive_and_unknown_levels_are_closed(institution):
    user = institution["visitors"]["staff"]
    assert not access.can_view(user, "rahasia")
    user.is_active = False
    user.save()
    user._corpu_viewer = None
    assert not access.can_view(user, AccessLevel.ASN)


def test_non_public_pages_are_not_cached_publicly_and_not_in_sitemap(institution, pages):
    client = Client()
    client.force_login(institution["visitors"]["admin"])
    response = client.get(pages[("asn", None)].url)
    assert "private" in response["Cache-Control"]
    sitemap = Client().get("/sitemap.xml").text
    assert pages[("public", None)].url in sitemap
    for key, page in pages.items():
        if key[0] != "public":
            assert page.url not in sitemap
