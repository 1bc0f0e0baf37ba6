"""The installable web app: /manifest.webmanifest, the service worker /sw.js (Workbox, vendored) and the offline
page /luring/ (docs/adr/0030-offline-site.md)."""

import hashlib
import json
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

WORKBOX_MODULES = ("workbox-core", "workbox-routing", "workbox-strategies", "workbox-expiration")
SHELL_STATIC = (
    "corpu/css/site.css",
    "corpu/js/error-summary.js",
    "corpu/js/outbox.js",
    "corpu/js/offline.js",
    "corpu/icons/favicon.svg",
    "corpu/icons/icon-192.png",
)
OFFLINE_URL = "/luring/"
# Never handled by the worker: admin, sign-in/out, downloads (certificates, documents not saved), players.
EXCLUDED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/akun/",
    "/sso/",
    "/i18n/",
    "/dokumen/",
    "/sertifikat/",
    "/kursus/sertifikat/",
    "/kursus/h5p/",
    "/kursus/scorm/",
    "/kursus/tugas/",
)


@require_GET
def web_manifest(request):
    manifest = {
        "name": _("CorpU — Universitas Korporat ASN"),
        "short_name": "CorpU",
        "description": _("Manajemen pengetahuan dan pembelajaran ASN, juga saat luring."),
        "lang": "id",
        "start_url": "/beranda/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f7f8fa",
        "theme_color": "#0b5394",
        "icons": [
            {"src": static("corpu/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("corpu/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("corpu/icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(manifest, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@lru_cache(maxsize=1)
def _worker_source():
    modules = {name: static(f"vendor/workbox/{name}/{name}.prod.js") for name in WORKBOX_MODULES}
    shell = [OFFLINE_URL, *(static(name) for name in SHELL_STATIC)]
    fingerprint = hashlib.sha256(json.dumps([modules, shell]).encode())
    for name in SHELL_STATIC:  # unhashed static names (development): a changed file still makes a new worker
        found = finders.find(name)
        if found:
            with open(found, "rb") as handle:
                fingerprint.update(handle.read())
    context = {
        "workbox_sw": static("vendor/workbox/workbox-sw/workbox-sw.js"),
        "outbox_js": static("corpu/js/outbox.js"),
        "config": json.dumps(
            {
                "version": fingerprint.hexdigest()[:12],
                "modules": modules,
                "shell": shell,
                "offlineUrl": OFFLINE_URL,
                "staticUrl": settings.STATIC_URL,  # static("") fails with hashed (manifest) storage
                "excluded": EXCLUDED_PREFIXES,
            }
        ),
    }
    return render_to_string("corpu/sw.js", context)


@require_GET
def service_worker(request):
    """/sw.js at the root, so its scope is the whole site; revalidated on each update check."""
    response = HttpResponse(_worker_source(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline_page(request):
    """The page the worker shows for a page that is not saved: the saved courses and assets (read client side
    from the caches). It holds nothing personal: the worker stores it fetched without cookies."""
    return render(request, "corpu/luring.html")
