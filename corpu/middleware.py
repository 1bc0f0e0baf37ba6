"""Indonesian is the default UI language: the browser's Accept-Language is ignored, only an explicit choice
(the language switcher's cookie) turns English on.
Service workers: only the allowed worker scripts, each on its own origin, may be registered."""

from django.conf import settings
from django.http import HttpResponseForbidden
from django.utils.translation import gettext as _


class IndonesianByDefaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


SITE_WORKER = "/sw.js"
H5P_WORKER = "/kursus/h5p/sw.js"


class ServiceWorkerScriptMiddleware:
    """Browsers fetch a service worker's script with `Service-Worker: script`: only the site's worker on the site
    and the H5P worker on the content origin may become one, so no uploaded or static file ever can (an H5P
    package runs with the content origin's privileges; docs/adr/0031-offline-h5p.md)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.headers.get("Service-Worker", "").strip().lower() == "script" and not _allowed_worker(request):
            return HttpResponseForbidden(_("Skrip service worker ini ditolak."), content_type="text/plain")
        return self.get_response(request)


def _allowed_worker(request):
    content = (settings.H5P_CONTENT_ORIGIN or "").rstrip("/")
    on_content = bool(content) and f"{request.scheme}://{request.get_host()}" == content
    return request.path == (H5P_WORKER if on_content else SITE_WORKER)
