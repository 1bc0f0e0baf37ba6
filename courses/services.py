"""Course services: enrolment, lesson progress, xAPI results and completion (posting JP to the ledger)."""

import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from corpu.access import can_view_object
from ledger import services as ledger

from .models import (
    AssignmentSubmission,
    Attendance,
    Certificate,
    CoursePage,
    Enrolment,
    EnrolmentMode,
    EnrolmentStatus,
    H5PResult,
    LessonCompletion,
    QuizAttempt,
    XAPIStatement,
)

ACTIVE_STATES = (EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED)


def enrolment_for(user, course):
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(course=course, user=user).first()


def enrol(user, course):
    """Self-enrolment: open courses start at once, others wait for approval; capacity is respected."""
    if not user.is_authenticated or not can_view_object(user, course):
        raise PermissionDenied(_("Anda tidak dapat mendaftar pada kursus ini."))
    existing = enrolment_for(user, course)
    if existing is not None:
        return existing
    if course.enrolment_mode == EnrolmentMode.ASSIGNED:
        raise ValidationError(_("Peserta kursus ini ditugaskan oleh CLO; pendaftaran mandiri tidak dibuka."))
    with transaction.atomic():
        locked = CoursePage.objects.select_for_update().get(pk=course.pk)
        if locked.capacity is not None:
            taken = Enrolment.objects.filter(course=course, status__in=ACTIVE_STATES).count()
            if taken >= locked.capacity:
                raise ValidationError(_("Kuota kursus sudah penuh."))
        status = EnrolmentStatus.ACTIVE if course.enrolment_mode == EnrolmentMode.OPEN else EnrolmentStatus.PENDING
        try:
            with transaction.atomic():
                return Enrolment.objects.create(course=course, user=user, status=status)
        except IntegrityError:
            return Enrolment.objects.get(course=course, user=user)


def assign(course, users, assigned_by):
    """The CLO assigns people (e.g. a whole unit) to a course; existing enrolments are kept."""
    created = 0
    for user in users:
        _enrolment, made = Enrolment.objects.get_or_create(
            course=course, user=user, defaults={"status": EnrolmentStatus.ACTIVE, "assigned_by": assigned_by}
        )
        created += made
    return created


def _active_enrolment(user, course):
    enrolment = enrolment_for(user, course)
    if enrolment is None or enrolment.status not in ACTIVE_STATES:
        raise PermissionDenied(_("Daftar pada kursus ini terlebih dahulu."))
    return enrolment


def course_progress(user, course):
    """Required lessons done, percentage and completion state of one learner."""
    lessons = list(course.lessons())
    required = [lesson.pk for lesson in lessons if lesson.required]
    done = set()
    if user.is_authenticated:
        done = set(
            LessonCompletion.objects.filter(user=user, lesson__in=[lesson.pk for lesson in lessons]).values_list(
                "lesson_id", flat=True
            )
        )
    required_done = len([pk for pk in required if pk in done])
    enrolment = enrolment_for(user, course)
    return {
        "enrolment": enrolment,
        "required": len(required),
        "done": required_done,
        "done_ids": done,
        "percent": round(100 * required_done / len(required)) if required else 100,
        "completed": bool(enrolment and enrolment.status == EnrolmentStatus.COMPLETED),
    }


def complete_lesson(user, lesson):
    """Mark a reading lesson done; lessons with graded items complete themselves (see lesson_satisfied)."""
    course = lesson.course
    _active_enrolment(user, course)
    if lesson.completes_itself:
        raise ValidationError(_("Pelajaran ini selesai otomatis saat semua aktivitasnya terpenuhi."))
    LessonCompletion.objects.get_or_create(lesson=lesson, user=user)
    return check_completion(user, course)


def lesson_satisfied(user, lesson, pass_mark):
    """Every H5P activity, quiz and assignment reaches the pass mark and every live session was attended."""
    activities = lesson.h5p_activities()
    scores = dict(H5PResult.objects.filter(user=user, activity__in=activities).values_list("activity_id", "best_score"))
    if any(scores.get(activity.pk, Decimal(0)) < pass_mark for activity in activities):
        return False
    for block_id, _quiz in lesson.blocks_of("quiz"):
        best = QuizAttempt.objects.filter(lesson=lesson, block_id=block_id, user=user).aggregate(best=Max("score"))
        if (best["best"] or 0) < pass_mark:
            return False
    for block_id, _assignment in lesson.blocks_of("assignment"):
        grade = AssignmentSubmission.objects.filter(lesson=lesson, block_id=block_id, user=user).values_list(
            "grade", flat=True
        )
        if not grade or grade[0] is None or grade[0] < pass_mark:
            return False
    for block_id, _session in lesson.blocks_of("live_session"):
        if not Attendance.objects.filter(lesson=lesson, block_id=block_id, user=user, attended=True).exists():
            return False
    return True


def refresh_lesson(user, lesson, course=None):
    """Complete a self-completing lesson (and perhaps the course) once its requirements are met."""
    course = course or lesson.course
    if lesson.completes_itself and lesson_satisfied(user, lesson, course.pass_mark):
        LessonCompletion.objects.get_or_create(lesson=lesson, user=user)
        return check_completion(user, course)
    return course_progress(user, course)


def _normalise(text):
    return " ".join(str(text).casefold().split())


def grade_quiz(quiz, answers):
    """Percentage of questions answered right; `answers` maps question index (str) to the learner's answer."""
    questions = list(quiz["questions"])
    right = 0
    for index, question in enumerate(questions):
        given = answers.get(str(index))
        if question["kind"] == "mc":
            correct = {str(i) for i, choice in enumerate(question["choices"]) if choice["correct"]}
            chosen = set(given) if isinstance(given, list) else {given}
            right += chosen == correct
        elif question["kind"] == "tf":
            right += given == ("true" if question["answer_true"] else "false")
        else:
            accepted = {_normalise(a) for a in (question["accepted"] or "").split(";") if a.strip()}
            right += bool(given) and _normalise(given) in accepted
    return (Decimal(100) * right / len(questions)).quantize(Decimal("0.01")) if questions else Decimal(0)


def submit_quiz(user, lesson, block_id, answers):
    """Grade one attempt, within the quiz's attempt limit."""
    _active_enrolment(user, lesson.course)
    quiz = dict(lesson.blocks_of("quiz")).get(block_id)
    if quiz is None:
        raise ValidationError(_("Kuis tidak ditemukan."))
    used = QuizAttempt.objects.filter(lesson=lesson, block_id=block_id, user=user).count()
    if used >= quiz["max_attempts"]:
        raise ValidationError(_("Batas percobaan kuis sudah habis."))
    attempt = QuizAttempt.objects.create(
        lesson=lesson, block_id=block_id, user=user, answers=answers, score=grade_quiz(quiz, answers)
    )
    refresh_lesson(user, lesson)
    return attempt


def submit_assignment(user, lesson, block_id, upload):
    """Store (or replace, while ungraded) a learner's assignment file."""
    _active_enrolment(user, lesson.course)
    if block_id not in dict(lesson.blocks_of("assignment")):
        raise ValidationError(_("Tugas tidak ditemukan."))
    submission, _created = AssignmentSubmission.objects.get_or_create(
        lesson=lesson, block_id=block_id, user=user, defaults={"file": upload}
    )
    if not _created:
        if submission.grade is not None:
            raise ValidationError(_("Tugas sudah dinilai dan tidak dapat diganti."))
        submission.file = upload
        submission.submitted_at = timezone.now()
        submission.save()
    return submission


def grade_assignment(submission, grader, grade, feedback=""):
    if not 0 <= int(grade) <= 100:
        raise ValidationError(_("Nilai harus 0–100."))
    submission.grade, submission.feedback, submission.graded_by = int(grade), feedback, grader
    submission.save(update_fields=["grade", "feedback", "graded_by"])
    return refresh_lesson(submission.user, submission.lesson)


def record_attendance(lesson, block_id, user, attended, recorder):
    Attendance.objects.update_or_create(
        lesson=lesson, block_id=block_id, user=user, defaults={"attended": attended, "recorded_by": recorder}
    )
    return refresh_lesson(user, lesson)


def record_xapi(user, activity, statement, state=None):
    """Store an xAPI statement once (by its id), keep the best score and state, and update completion."""
    try:
        statement_id = uuid.UUID(str(statement.get("id")))
    except ValueError:
        raise ValidationError(_("Pernyataan xAPI harus memiliki id UUID.")) from None
    result = statement.get("result") or {}
    score = result.get("score") or {}
    verb = str((statement.get("verb") or {}).get("id", ""))[:200]
    with transaction.atomic():
        stored, created = XAPIStatement.objects.get_or_create(
            statement_id=statement_id,
            defaults={
                "activity": activity,
                "user": user,
                "verb": verb,
                "score_raw": score.get("raw"),
                "score_max": score.get("max"),
                "success": result.get("success"),
                "completion": result.get("completion"),
                "statement": statement,
            },
        )
        if stored.user_id != user.pk:
            raise PermissionDenied(_("Pernyataan xAPI ini milik pengguna lain."))
        progress, _made = H5PResult.objects.select_for_update().get_or_create(activity=activity, user=user)
        if created and score.get("max"):
            percent = Decimal(str(score.get("raw", 0))) * 100 / Decimal(str(score["max"]))
            progress.best_score = max(progress.best_score, percent.quantize(Decimal("0.01")))
        if state is not None:
            progress.state = state[:100_000]
        progress.save()
    for lesson, course in _lessons_using(activity, user):
        refresh_lesson(user, lesson, course)
    return stored, created


def _lessons_using(activity, user):
    """Lessons (with their course) that contain this activity, in courses the user is enrolled in."""
    enrolled = Enrolment.objects.filter(user=user, status__in=ACTIVE_STATES).values_list("course_id", flat=True)
    for course in CoursePage.objects.filter(pk__in=list(enrolled)):
        for lesson in course.lessons():
            if any(a.pk == activity.pk for a in lesson.h5p_activities()):
                yield lesson, course


def check_completion(user, course):
    """Complete the enrolment once every required lesson is done: one ledger entry and one certificate."""
    progress = course_progress(user, course)
    if progress["done"] < progress["required"]:
        return progress
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(course=course, user=user)
        if enrolment.status == EnrolmentStatus.COMPLETED:
            return course_progress(user, course)
        if enrolment.status != EnrolmentStatus.ACTIVE:
            return progress
        now = timezone.now()
        enrolment.status = EnrolmentStatus.COMPLETED
        enrolment.completed_at = now
        enrolment.save(update_fields=["status", "completed_at"])
        certificate = Certificate.objects.create(
            enrolment=enrolment, learner_name=user.get_full_name(), course_title=course.title, jp=course.jp_value
        )
        ledger.record_activity(
            employee=user,
            form=course.ledger_form,
            title=course.title,
            start_date=timezone.localdate(enrolment.enrolled_at),
            end_date=timezone.localdate(now),
            quantity=course.jp_value,
            unit="jp",
            stated_jp=course.jp_value,
            source="course_completion",
            source_ref=f"course:{course.pk}",
            organiser="CorpU",
            certificate_no=certificate.code,
        )
    return course_progress(user, course)


def saved_states(user, activities):
    """The learner's saved player state per activity id, to resume where they left off."""
    if not user.is_authenticated or not activities:
        return {}
    rows = H5PResult.objects.filter(user=user, activity__in=activities).exclude(state="")
    return {str(activity_id): state for activity_id, state in rows.values_list("activity_id", "state")}


def progress_message(progress):
    return _("%(done)d dari %(total)d pelajaran wajib selesai.") % {
        "done": progress["done"],
        "total": progress["required"],
    }


def lesson_state(user, lesson):
    """Per block id: quiz attempts and best score, assignment submission, attendance — for the lesson page."""
    if not user.is_authenticated:
        return {}
    state = {}
    for attempt in QuizAttempt.objects.filter(lesson=lesson, user=user):
        entry = state.setdefault(attempt.block_id, {"attempts": 0, "best": Decimal(0)})
        entry["attempts"] += 1
        entry["best"] = max(entry["best"], attempt.score)
    for submission in AssignmentSubmission.objects.filter(lesson=lesson, user=user):
        state[submission.block_id] = {"submission": submission}
    for attendance in Attendance.objects.filter(lesson=lesson, user=user):
        state[attendance.block_id] = {"attended": attendance.attended}
    return state
