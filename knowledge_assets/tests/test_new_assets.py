"""knowledge_assets.catalogue.new_assets and new_asset_url: Beranda saya's new assets and "Tulis aset"."""

import pytest

from corpu.access import AccessLevel
from knowledge_assets.catalogue import new_assets
from knowledge_assets.models import KnowledgeCatalogPage
from knowledge_assets.services import new_asset_url
from tests.factories import GuestFactory, KeanggotaanFactory, KelompokFactory, UserFactory
from tests.home_helpers import add_asset

pytestmark = pytest.mark.django_db


def test_only_assets_the_policy_shows_newest_first(home):
    kelompok = KelompokFactory()
    member = KeanggotaanFactory(kelompok=kelompok, user=GuestFactory()).user
    learner, guest = UserFactory(), GuestFactory()
    add_asset(home, "Publik")
    add_asset(home, "ASN", level=AccessLevel.ASN)
    add_asset(home, "Internal KK", level=AccessLevel.INTERNAL, kelompok=kelompok)
    assert [a.title for a in new_assets(learner)] == ["ASN", "Publik"]
    assert [a.title for a in new_assets(guest)] == ["Publik"]
    assert [a.title for a in new_assets(member)] == ["Internal KK", "ASN", "Publik"]


def test_the_write_link_opens_the_admin_editor_under_the_catalogue(home, client):
    client.force_login(UserFactory())
    assert new_asset_url() is None and client.get("/pengetahuan/tulis/").status_code == 404
    add_asset(home, "Satu")
    catalogue = KnowledgeCatalogPage.objects.get()
    assert new_asset_url() == f"/admin/pages/add/knowledge_assets/knowledgeassetpage/{catalogue.pk}/"
    assert client.get("/pengetahuan/tulis/")["Location"] == new_asset_url()
