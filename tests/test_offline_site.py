"""The installable web app: manifest, icons, the service worker and the offline page (docs/adr/0030)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from PIL import Image

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_web_manifest_names_the_app_in_indonesian_with_icons():
    response = Client().get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["short_name"] == "CorpU" and "Universitas Korporat ASN" in manifest["name"]
    assert manifest["start_url"] == "/beranda/" and manifest["lang"] == "id"
    assert manifest["theme_color"] == "#0b5394"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert sizes == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix(settings.STATIC_URL))
        assert Image.open(path).size == tuple(int(n) for n in icon["sizes"].split("x"))


def test_every_page_links_the_manifest_and_the_offline_scripts(home):
    page = Client().get("/").text
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert "corpu/js/outbox.js" in page and "corpu/js/offline.js" in page
    assert 'id="offline-strings"' in page and "Anda sedang luring" in page


def test_service_worker_uses_the_vendored_workbox_and_leaves_downloads_alone():
    response = Client().get("/sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    source = response.text
    assert 'importScripts("/static/vendor/workbox/workbox-sw/workbox-sw.js")' in source
    assert "/static/vendor/workbox/workbox-routing/workbox-routing.prod.js" in source
    assert "modulePathCb" in source and "googleapis" not in source
    for prefix in ("/kursus/sertifikat/", "/sertifikat/", "/admin/", "/dokumen/", "/akun/"):
        assert f'"{prefix}"' in source
    assert 'request.method === "GET"' in source and 'request.mode === "navigate"' in source
    for module in ("workbox-sw/workbox-sw.js", "workbox-core/workbox-core.prod.js"):
        assert Path(finders.find(f"vendor/workbox/{module}")).is_file()


def test_offline_page_lists_saved_copies_and_holds_nothing_personal(home):
    user = UserFactory(username="siti", nama="Siti Rahmah")
    client = Client()
    client.force_login(user)
    anonymous = Client().get("/luring/")
    assert anonymous.status_code == 200
    assert "Anda sedang luring" in anonymous.text and "data-offline-list" in anonymous.text
    assert 'data-auth=""' in anonymous.text  # the offline page never clears saved copies itself
    assert "Siti Rahmah" not in Client().get("/luring/").text
