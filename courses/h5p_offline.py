"""Offline H5P on the content origin: its service worker and the helper page that registers it and saves the
player files a course needs (docs/adr/0031-offline-h5p.md). Neither exists on the site's own origin, and neither
reads or sets a cookie."""

import json

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from corpu.access import can_view_object

from . import player
from .models import CoursePage
from .services.enrolment import ACTIVE_STATES, enrolment_for

WORKBOX_MODULES = ("workbox-core", "workbox-routing", "workbox-strategies", "workbox-expiration")
CACHE_NAME = "corpu-h5p-v1"


def _on_content_origin(request):
    if not player.content_origin() or player.origin_of(request) != player.content_origin():
        raise Http404


def _worker_config():
    vendor = static("vendor/workbox/")
    return {
        "workboxSw": static("vendor/workbox/workbox-sw/workbox-sw.js"),
        "vendor": vendor,
        "modules": list(WORKBOX_MODULES),
        "cacheName": CACHE_NAME,
        "h5pPrefix": reverse("courses:h5p_offline").removesuffix("luring/"),
        "playerPrefixes": [static("courses/h5p-frame.js"), static("vendor/h5p/")],
    }


@require_GET
def worker(request):
    """/kursus/h5p/sw.js: the content origin's worker (Workbox), controlling the H5P frames of its scope."""
    _on_content_origin(request)
    response = render(
        request, "courses/h5p_sw.js", {"config": json.dumps(_worker_config())}, content_type="text/javascript"
    )
    here = " ".join(filter(None, ["'self'", player._static_origin()]))
    response["Content-Security-Policy"] = f"default-src 'none'; script-src {here}; connect-src {here}"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
@xframe_options_exempt  # framed, hidden, by the site's pages only: frame-ancestors names the site's origin
def helper(request):
    """/kursus/h5p/luring/: registers the worker and passes it the URLs the site asks to save."""
    _on_content_origin(request)
    site_origin = player.read_helper_origin(request.GET.get("o"))
    if site_origin is None:
        return HttpResponse(status=403)
    scope = _worker_config()["h5pPrefix"]
    config = {"siteOrigin": site_origin, "worker": reverse("courses:h5p_worker"), "scope": scope}
    response = render(request, "courses/h5p_offline.html", {"config": config})
    here = " ".join(filter(None, ["'self'", player._static_origin()]))
    response["Content-Security-Policy"] = (
        f"default-src 'none'; script-src {here}; worker-src 'self'; connect-src 'self'; "
        f"base-uri 'none'; form-action 'none'; frame-ancestors {site_origin}"
    )
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def course_urls(request, course_id):
    """/kursus/<id>/luring/h5p/ (the site's origin): the content-origin URLs that make the course's H5P activities
    play offline, for an enrolled learner who may see it; the site passes them to the helper page."""
    if player.content_origin() and player.origin_of(request) == player.content_origin():
        raise Http404
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    enrolment = enrolment_for(request.user, course) if request.user.is_authenticated else None
    if not can_view_object(request.user, course) or enrolment is None or enrolment.status not in ACTIVE_STATES:
        return JsonResponse({"urls": []}, status=403)
    if not player.offline_capable(player.origin_of(request)):
        return JsonResponse({"urls": []})
    activities = dict.fromkeys(
        activity
        for lesson in course.lessons()
        for activity in lesson.h5p_activities()
        if activity is not None and can_view_object(request.user, activity)
    )
    response = JsonResponse({"urls": player.offline_urls(request.user, list(activities), request)})
    response["Cache-Control"] = "private, no-store"
    return response
