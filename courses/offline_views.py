"""The course's offline manifest as JSON (courses/services/offline.py)."""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .models import CoursePage
from .services.offline import course_manifest


@require_GET
def course_offline_manifest(request, course_id):
    """GET /kursus/<id>/luring/: 401 signed out, 403 not enrolled or not visible, else the manifest (with
    `allowed: false` and the reason when the course is above the budget)."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Masuk untuk menyimpan kursus untuk luring.")}, status=401)
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        manifest = course_manifest(request.user, course)
    except PermissionDenied as error:
        return JsonResponse({"error": str(error)}, status=403)
    response = JsonResponse(manifest)
    response["Cache-Control"] = "private, no-store"
    return response
