"""Facilitator view of a course: participants, progress, scores, attendance, assignments; XLSX export."""

from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from openpyxl import Workbook

from evaluation.services import reaction
from people.services import staff_of_unit, unit_choices, users_by_nip

from . import services
from .models import (
    AssignmentSubmission,
    Attendance,
    CompletionRule,
    CoursePage,
    Enrolment,
    EnrolmentStatus,
    H5PResult,
    LessonCompletion,
    QuizAttempt,
    XAPIStatement,
)


def can_facilitate(user, course):
    return user.is_authenticated and (
        user.has_perm("courses.change_enrolment") or course.facilitators.filter(pk=user.pk).exists()
    )


def _course_for(request, course_id):
    course = get_object_or_404(CoursePage, pk=course_id)
    if not can_facilitate(request.user, course):
        raise PermissionDenied(_("Hanya fasilitator kursus ini yang dapat membuka halaman ini."))
    return course


def participant_rows(course):
    """One row per participant with progress, best scores, attendance and assignment grades (fixed queries)."""
    lessons = list(course.lessons())
    required = {lesson.pk for lesson in lessons if lesson.required}
    enrolments = list(Enrolment.objects.filter(course=course).select_related("user__unit_kerja").order_by("user__nama"))
    user_ids = [e.user_id for e in enrolments]
    done = {}
    for user_id, lesson_id in LessonCompletion.objects.filter(lesson__in=lessons, user_id__in=user_ids).values_list(
        "user_id", "lesson_id"
    ):
        done.setdefault(user_id, set()).add(lesson_id)
    activities = list({a.pk: a for lesson in lessons for a in lesson.h5p_activities()}.values())
    h5p, flagged = _h5p_scores(activities, user_ids)
    quiz = dict(
        QuizAttempt.objects.filter(lesson__in=lessons, user_id__in=user_ids)
        .values("user_id")
        .annotate(best=Max("score"))
        .values_list("user_id", "best")
    )
    sessions = [(lesson, block_id, value) for lesson in lessons for block_id, value in lesson.blocks_of("live_session")]
    attended = set(
        Attendance.objects.filter(lesson__in=lessons, user_id__in=user_ids, attended=True).values_list(
            "user_id", "lesson_id", "block_id"
        )
    )
    submissions = {}
    for submission in AssignmentSubmission.objects.filter(lesson__in=lessons, user_id__in=user_ids):
        submissions.setdefault(submission.user_id, []).append(submission)
    rows = []
    for enrolment in enrolments:
        finished = len(required & done.get(enrolment.user_id, set()))
        scores = h5p.get(enrolment.user_id, [])
        rows.append(
            {
                "enrolment": enrolment,
                "user": enrolment.user,
                "progress": round(100 * finished / len(required)) if required else 100,
                "h5p": round(sum(scores) / len(scores)) if scores else None,
                "h5p_flagged": enrolment.user_id in flagged,
                "quiz": quiz.get(enrolment.user_id),
                "attendance": [
                    (lesson, block_id, value, (enrolment.user_id, lesson.pk, block_id) in attended)
                    for lesson, block_id, value in sessions
                ],
                "submissions": submissions.get(enrolment.user_id, []),
            }
        )
    return rows, sessions, activities


def _h5p_scores(activities, user_ids):
    """Per participant their H5P results in percent (an activity passed by being completed counts 100 once
    completed), and the participants holding a stored score outside 0–100."""
    by_completion = {a.pk for a in activities if services.completion_rule(a) == CompletionRule.COMPLETED}
    completed = set(
        H5PResult.objects.filter(activity__in=by_completion, user_id__in=user_ids, completed=True).values_list(
            "user_id", "activity_id"
        )
    )
    h5p, flagged = {}, set()
    for user_id, activity_id, percent, out_of_range in services.best_scores(activities, user_ids):
        if activity_id in by_completion:
            percent, out_of_range = (100.0 if (user_id, activity_id) in completed else 0.0), False
        h5p.setdefault(user_id, []).append(percent)
        if out_of_range:
            flagged.add(user_id)
    return h5p, flagged


def disputed_scores(course, activities, limit=200):
    """The course's H5P results whose posted score the server's re-check contradicts (not counted), newest first."""
    return (
        XAPIStatement.objects.filter(
            activity__in=activities,
            disagrees=True,
            user__enrolments__course=course,
            attempt__lesson__in=course.lessons(),
        )
        .select_related("user", "activity")
        .order_by("-stored_at", "-pk")[:limit]
    )


@login_required
def dashboard(request, course_id):
    course = _course_for(request, course_id)
    if request.method == "POST":
        _handle_action(request, course)
        return redirect("courses:facilitator", course_id=course.pk)
    rows, sessions, activities = participant_rows(course)
    target = reaction.target_of(course)
    context = {
        "course": course,
        "rows": rows,
        "sessions": sessions,
        "survey_means": reaction.likert_means(target),
        "survey_n": reaction.results_count(target),
        "disputed": disputed_scores(course, activities),
    }
    if request.user.has_perm("courses.add_enrolment"):
        context["units"] = unit_choices()
    return render(request, "courses/facilitator.html", context)


def _assign(request, course):
    """The CLO assigns a whole unit (and the units below it) and/or a list of NIPs."""
    if not request.user.has_perm("courses.add_enrolment"):
        raise PermissionDenied
    users = []
    if request.POST.get("unit"):
        users += list(staff_of_unit(int(request.POST["unit"])))
    found, missing = users_by_nip(request.POST.get("nips", "").split())
    created = services.assign(course, users + found, request.user)
    messages.success(request, _("%(n)d peserta ditugaskan.") % {"n": created})
    if missing:
        messages.warning(request, _("NIP tidak ditemukan: %(nips)s") % {"nips": ", ".join(missing)})


def _handle_action(request, course):
    action = request.POST.get("action")
    if action == "assign":
        return _assign(request, course)
    enrolment = get_object_or_404(Enrolment, course=course, pk=request.POST.get("enrolment"))
    try:
        if action == "approve":
            enrolment.status = EnrolmentStatus.ACTIVE
            enrolment.save(update_fields=["status"])
        elif action == "attendance":
            lesson = get_object_or_404(course.lessons(), pk=request.POST.get("lesson"))
            services.record_attendance(
                lesson, request.POST["block"], enrolment.user, request.POST.get("attended") == "1", request.user
            )
        elif action == "grade":
            submission = get_object_or_404(
                AssignmentSubmission,
                pk=request.POST.get("submission"),
                user=enrolment.user,
                lesson__in=course.lessons(),
            )
            services.grade_assignment(
                submission, request.user, request.POST.get("grade", ""), request.POST.get("feedback", "")
            )
        messages.success(request, _("Tersimpan."))
    except (ValidationError, ValueError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))


@login_required
def export_xlsx(request, course_id):
    course = _course_for(request, course_id)
    rows, sessions, _activities = participant_rows(course)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Peserta")[:31]
    sheet.append(
        [_("NIP"), _("Nama"), _("Unit kerja"), _("Status"), _("Kemajuan (%)"), _("Rata-rata H5P (%)")]
        + [_("Kuis terbaik (%)")]
        + [_("Hadir: %(lesson)s") % {"lesson": lesson.title} for lesson, _block, _value in sessions]
        + [_("Nilai tugas")]
    )
    for row in rows:
        user = row["user"]
        sheet.append(
            [
                user.nip or "",
                user.get_full_name(),
                user.unit_kerja.path_label if user.unit_kerja else user.instansi_asal,
                row["enrolment"].get_status_display(),
                row["progress"],
                row["h5p"],
                float(row["quiz"]) if row["quiz"] is not None else None,
            ]
            + [_("Ya") if present else _("Tidak") for *_rest, present in row["attendance"]]
            + [", ".join(str(s.grade) for s in row["submissions"] if s.grade is not None)]
        )
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="peserta-{course.slug}.xlsx"'
    return response


@login_required
def submission_file(request, submission_id):
    submission = get_object_or_404(AssignmentSubmission, pk=submission_id)
    if submission.user_id != request.user.pk and not can_facilitate(request.user, submission.lesson.course):
        raise PermissionDenied
    return FileResponse(
        submission.file.open("rb"), as_attachment=True, filename=submission.file.name.rsplit("/", 1)[-1]
    )
