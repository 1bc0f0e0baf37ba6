"""GET /pengetahuan/aset/<id>/luring/: an asset's page and attachments for offline reading, only for visitors who
may see it; restricted ones are marked so signing out removes them."""

import pytest
from django.test import Client

from corpu.access import AccessLevel
from tests.factories import UserFactory, unit

pytestmark = pytest.mark.django_db


def url(asset):
    return f"/pengetahuan/aset/{asset.pk}/luring/"


def test_public_asset_with_its_attachment_for_anyone(make_asset):
    asset = make_asset("Praktik Baik Jalan", attach=True)
    manifest = Client().get(url(asset)).json()
    attachment = asset.attachments.get().document
    assert manifest["urls"][0] == asset.url
    assert attachment.url in manifest["urls"]
    assert manifest["restricted"] is False and manifest["bytes"] > 0 and manifest["allowed"]


def test_internal_asset_only_for_its_unit_and_marked_restricted(make_asset):
    dinas = unit("Dinas PUPR")
    asset = make_asset("Catatan Internal", level=AccessLevel.INTERNAL, owner_unit=dinas, attach=True)
    assert Client().get(url(asset)).status_code == 401
    outsider = Client()
    outsider.force_login(UserFactory(unit_kerja=unit("Dinas Kesehatan")))
    response = outsider.get(url(asset))
    assert response.status_code == 403 and "urls" not in response.json()
    member = Client()
    member.force_login(UserFactory(unit_kerja=dinas))
    manifest = member.get(url(asset)).json()
    assert manifest["restricted"] is True
    assert asset.attachments.get().document.url in manifest["urls"]


def test_version_moves_when_the_asset_is_published_again(make_asset):
    asset = make_asset("Aset Berubah")
    first = Client().get(url(asset)).json()["version"]
    asset.abstract = "Abstrak baru"
    asset.save_revision().publish()
    assert Client().get(url(asset)).json()["version"] != first
