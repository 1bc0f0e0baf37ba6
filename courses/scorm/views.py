"""SCORM views: the sandboxed wrapper frame and the SCO's files (content origin, token, no session), and the
CMI API the lesson page posts commits to (the learner's session, CSRF)."""

import json
from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST

from corpu.throttle import throttled

from .. import player as h5p_player
from .. import services as course_services
from . import player, services
from .models import ScormPackage, ScormVersion

RUNTIMES = {
    ScormVersion.SCORM_12: "vendor/scorm-again/scorm12.min.js",
    ScormVersion.SCORM_2004: "vendor/scorm-again/scorm2004.min.js",
}
PAGE_TYPES = {"html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8", "xml": "application/xml"}


def _payload_or_refuse(request, package_id, token):
    payload = player.read_token(token, package_id)
    if payload is None:
        raise PermissionDenied(_("Tautan pemutar SCORM tidak sah atau kedaluwarsa; muat ulang halaman pelajaran."))
    if not player.serves_content(request, payload):
        raise Http404  # never on the site's own origin, where a SCO's script would run with the session
    return payload


@xframe_options_exempt  # framed by the lesson page only: the CSP's frame-ancestors says so
def scorm_frame(request, package_id, token):
    """The wrapper document: hosts scorm-again as window.API / API_1484_11 and the SCO in a child frame."""
    payload = _payload_or_refuse(request, package_id, token)
    package = get_object_or_404(ScormPackage, pk=package_id)
    config = {
        "parentOrigin": payload["o"],
        "package": str(package.pk),
        "attempt": payload.get("t", ""),
        "version": package.version,
        "launch": request.path + package.launch,
    }
    context = {"package": package, "config": config, "runtime": static(RUNTIMES[package.version])}
    response = render(request, "courses/scorm_frame.html", context)
    response["Content-Security-Policy"] = player.frame_csp(request, payload["o"])
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@xframe_options_exempt
def scorm_file(request, package_id, token, path):
    """One extracted file of the package, for the SCO playing in the wrapper on the content origin."""
    payload = _payload_or_refuse(request, package_id, token)
    package = get_object_or_404(ScormPackage, pk=package_id)
    target = package.file_path(path)
    if target is None:
        raise Http404
    suffix = PurePosixPath(target.name).suffix.lower().lstrip(".")
    if suffix in PAGE_TYPES:
        content_type, attachment = PAGE_TYPES[suffix], False
    else:
        content_type, attachment = h5p_player.file_headers(suffix)
    response = FileResponse(
        target.open("rb"), content_type=content_type, as_attachment=attachment, filename=target.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = player.file_csp(payload["o"])
    response["Cache-Control"] = "private, max-age=3600"
    response["Referrer-Policy"] = "no-referrer"
    return response


@throttled("scorm-cmi")
@require_POST
def scorm_cmi(request, package_id):
    """Receive a commit of the CMI data of the signed-in learner's own attempt."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Masuk untuk menyimpan hasil.")}, status=401)
    package = get_object_or_404(ScormPackage, pk=package_id)
    try:
        payload = json.loads(request.body or b"{}", parse_constant=_refuse_constant)
        if not isinstance(payload, dict):
            raise ValueError
        attempt, applied = services.record_commit(
            request.user,
            package,
            payload.get("attempt"),
            payload.get("session"),
            payload.get("sequence"),
            payload["cmi"],
        )
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": _("Data SCORM tidak valid.")}, status=400)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    except services.StaleCommit:
        message = _("Aktivitas ini dibuka lagi di tab lain; muat ulang halaman untuk melanjutkan di sini.")
        return JsonResponse({"error": message}, status=409)
    except PermissionDenied as error:
        return JsonResponse({"error": str(error)}, status=403)
    progress = course_services.course_progress(request.user, attempt.lesson.course)
    return JsonResponse(
        {
            "stored": True,
            "duplicate": not applied,
            "lesson_completed": attempt.lesson_id in progress["done_ids"],
            "progress": course_services.progress_message(progress),
            "course_completed": progress["completed"],
        }
    )


def _refuse_constant(name):
    raise ValidationError(_("Nilai SCORM harus berupa angka terhingga, bukan %(name)s.") % {"name": name})
