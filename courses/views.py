"""Course views: enrol, complete a lesson, the sandboxed H5P player and its files, receive xAPI (certificates:
`certificate_views`)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST

from corpu.access import can_view_object
from corpu.throttle import throttled
from evaluation.services import reaction

from . import player, services
from .forms import AssignmentForm
from .models import CoursePage, H5PActivity, LessonPage


@require_POST
@login_required
def enrol(request, course_id):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        enrolment = services.enrol(request.user, course)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if enrolment.status == "pending":
            messages.info(request, _("Pendaftaran Anda menunggu persetujuan penyelenggara."))
        else:
            messages.success(request, _("Anda terdaftar pada kursus ini. Selamat belajar!"))
    return redirect(course.url)


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _idempotency_key(request):
    return services.parse_key(request.headers.get("Idempotency-Key") or request.POST.get("idempotency_key"))


def _synced(request, action, work, done):
    """Run a learner's record once per idempotency key. A sync client (Accept: JSON) gets, per record,
    {"result": "accepted" | "duplicate" | "refused", "reason", "summary"}; a form gets messages and `done()`'s
    redirect."""
    as_json = _wants_json(request)
    if not request.user.is_authenticated:
        if as_json:  # kept in the offline queue: sent again once the learner signs in
            return JsonResponse(
                {"result": "unauthenticated", "reason": _("Masuk lagi untuk mengirim catatan.")}, status=401
            )
        return redirect_to_login(request.get_full_path())
    try:
        key = _idempotency_key(request)
        result, summary = services.once(request.user, key, action, work)
    except (ValidationError, PermissionDenied) as error:
        if not as_json and isinstance(error, PermissionDenied):
            raise
        reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        if as_json:
            return JsonResponse({"result": "refused", "reason": reason}, status=422)
        messages.error(request, reason)
        return done(None)
    if as_json:
        return JsonResponse({"result": result, "summary": summary})
    return done(summary)


@require_POST
def complete_lesson(request, lesson_id):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)

    def work():
        if not can_view_object(request.user, lesson.course):
            raise PermissionDenied(_("Anda tidak lagi memiliki akses ke kursus ini."))
        progress = services.complete_lesson(request.user, lesson)
        return {"lesson": lesson.pk, "course_completed": progress["completed"]}

    def done(summary):
        if summary and summary["course_completed"]:
            messages.success(request, _("Selamat! Kursus selesai dan JP sudah dicatat."))
        return redirect(lesson.url)

    return _synced(request, "complete_lesson", work, done)


def _token_or_refuse(activity_id, token):
    payload = player.read_token(token, activity_id)
    if payload is None:
        raise PermissionDenied(_("Tautan pemutar H5P tidak sah atau kedaluwarsa; muat ulang halaman pelajaran."))
    return payload


@xframe_options_exempt  # framed by the lesson page only: the CSP's frame-ancestors says so
def h5p_frame(request, activity_id, token):
    """The sandboxed document that runs one activity's H5P player (no session: the signed token admits it)."""
    payload = _token_or_refuse(activity_id, token)
    activity = get_object_or_404(H5PActivity, pk=activity_id)
    with translation.override(player.frame_language(payload)):
        response = _render_frame(request, activity, payload)
    response["Content-Security-Policy"] = player.frame_csp(request, payload["o"])
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _render_frame(request, activity, payload):
    config = {
        "files": request.path.rstrip("/"),
        "parentOrigin": payload["o"],
        "activity": str(activity.pk),
        "attempt": payload.get("t", ""),  # with the activity, keys this frame's messages to the lesson page
        "objectIri": payload["o"] + reverse("courses:h5p_xapi", args=[activity.pk]).removesuffix("xapi/"),
        "frameJs": static("vendor/h5p/frame.bundle.js"),
        "frameCss": static("vendor/h5p/styles/h5p.css"),
        "l10n": player.core_l10n(),
    }
    return render(request, "courses/h5p_frame.html", {"activity": activity, "config": config})


@xframe_options_exempt
def h5p_file(request, activity_id, token, path):
    """Serve one extracted file of an H5P package to the sandboxed player holding a valid token."""
    payload = _token_or_refuse(activity_id, token)
    activity = get_object_or_404(H5PActivity, pk=activity_id)
    target = activity.file_path(path)
    if target is None:
        raise Http404
    content_type, attachment = player.file_headers(target.suffix)
    response = FileResponse(
        target.open("rb"), content_type=content_type, as_attachment=attachment, filename=target.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = player.file_csp(payload["o"])
    response["Access-Control-Allow-Origin"] = "*"  # the sandboxed frame's origin is opaque ("null"); no cookies
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    response["Cache-Control"] = "private, max-age=3600"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _refuse_constant(name):
    raise ValidationError(_("Nilai xAPI harus berupa angka terhingga, bukan %(name)s.") % {"name": name})


@throttled("xapi")
@require_POST
def h5p_xapi(request, activity_id):
    """Receive an xAPI statement of an attempt the signed-in learner was given; answer with the course's progress
    (and, once complete, its certificate) for the lesson page to show in place."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Masuk untuk menyimpan hasil.")}, status=401)
    activity = get_object_or_404(H5PActivity, pk=activity_id)
    try:
        payload = json.loads(request.body or b"{}", parse_constant=_refuse_constant)
        if not isinstance(payload, dict):
            raise ValueError
        stored, created, attempt = services.record_xapi(
            request.user, activity, payload.get("attempt"), payload["statement"]
        )
    except (ValueError, KeyError, TypeError):
        return _refused(_("Pernyataan xAPI tidak valid."), 400)
    except ValidationError as error:
        return _refused(" ".join(error.messages), 400)
    except PermissionDenied as error:
        return _refused(str(error), 403)
    progress = services.course_progress(request.user, attempt.lesson.course)
    certificate = progress["enrolment"].valid_certificate if progress["completed"] else None
    return JsonResponse(
        {
            "stored": True,
            "result": services.DUPLICATE if not created else services.ACCEPTED,
            "duplicate": not created,
            "statement_id": str(stored.statement_id),
            "progress": services.progress_message(progress),
            "lesson_completed": attempt.lesson_id in progress["done_ids"],
            "course_completed": progress["completed"],
            "certificate_url": reverse("courses:certificate_pdf", args=[certificate.code]) if certificate else "",
        }
    )


def _refused(reason, status):
    """A record the server will not take, with its reason for the learner (the offline queue shows it)."""
    return JsonResponse({"error": reason, "result": "refused", "reason": reason}, status=status)


def _json_error(message, status):
    return JsonResponse({"error": message}, status=status)


@throttled("xapi")
@require_POST
def h5p_state(request, activity_id):
    """Keep the player state (H5P contentUserData) of an attempt the signed-in learner was given, to resume it."""
    if not request.user.is_authenticated:
        return _json_error(_("Masuk untuk menyimpan hasil."), 401)
    activity = get_object_or_404(H5PActivity, pk=activity_id)
    try:
        if int(request.META.get("CONTENT_LENGTH") or 0) > 4 * services.MAX_STATE + 1024:  # JSON-escaped UTF-8
            return _json_error(services.state_too_large().messages[0], 413)
        payload = json.loads(request.body or b"{}")
        if not isinstance(payload, dict):
            raise ValueError
        services.save_state(request.user, activity, payload.get("attempt"), payload.get("state"))
    except ValueError:
        return _json_error(_("Status aktivitas tidak valid; status sebelumnya tetap tersimpan."), 400)
    except ValidationError as error:
        return _json_error(" ".join(error.messages), 413 if error.code == "too_large" else 400)
    except PermissionDenied as error:
        return _json_error(str(error), 403)
    return JsonResponse({"saved": True})


def _enrolled_lesson(request, lesson_id):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    if not can_view_object(request.user, lesson.course):
        raise PermissionDenied
    return lesson


@require_POST
def submit_quiz(request, lesson_id, block_id):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    answers = {
        key.removeprefix("q-"): (request.POST.getlist(key) if len(request.POST.getlist(key)) > 1 else value)
        for key, value in request.POST.items()
        if key.startswith("q-")
    }

    def work():
        if not can_view_object(request.user, lesson.course):
            raise PermissionDenied(_("Anda tidak lagi memiliki akses ke kursus ini."))
        attempt = services.submit_quiz(request.user, lesson, block_id, answers)
        return {
            "lesson": lesson.pk,
            "score": f"{attempt.score:.0f}",
            "passed": attempt.score >= lesson.course.pass_mark,
        }

    def done(summary):
        if summary:
            (messages.success if summary["passed"] else messages.warning)(
                request, _("Nilai kuis Anda %(score)s%%.") % {"score": summary["score"]}
            )
        return redirect(lesson.url)

    return _synced(request, f"submit_quiz:{block_id}"[:64], work, done)


@require_POST
@login_required
def submit_assignment(request, lesson_id, block_id):
    lesson = _enrolled_lesson(request, lesson_id)
    form = AssignmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("file", [])))
        return redirect(lesson.url)
    try:
        services.submit_assignment(request.user, lesson, block_id, form.cleaned_data["file"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Tugas terkirim; fasilitator akan menilainya."))
    return redirect(lesson.url)


@require_POST
@login_required
def survey(request, course_id):
    """The course's reaction survey, stored by the evaluation app (one response per learner who finished)."""
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        reaction.submit(request.user, course, request.POST)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Terima kasih atas penilaian Anda."))
    return redirect(course.url)
