"""Course services: enrolment, lesson progress, xAPI results and completion (posting JP to the ledger)."""

import math
import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import DecimalField, F, FloatField, Max, Value
from django.db.models.functions import Cast, Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext as _

from corpu.access import can_view_object
from ledger import services as ledger

from .models import (
    AssignmentSubmission,
    Attendance,
    Certificate,
    CompletionRule,
    CoursePage,
    Enrolment,
    EnrolmentMode,
    EnrolmentStatus,
    H5PAttempt,
    H5PResult,
    LessonCompletion,
    QuizAttempt,
    XAPIStatement,
    default_completion_rule,
)

ACTIVE_STATES = (EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED)
MAX_SCORE = 100_000  # an xAPI score's `max`: far above any H5P question, within the stored digits
SUB_CONTENT = "http://h5p.org/x-api/h5p-subContentId"
COMPLETED_VERB = "http://adlnet.gov/expapi/verbs/completed"


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


def best_scores(activities, user_ids):
    """(user id, activity id, best percent, out of range?) of stored H5P results, clamped to 0–100.

    Read as a float: a legacy row holding an impossible score (SQLite stores what the column cannot hold) must
    not break the pages that show it; callers mark the flagged ones."""
    rows = (
        H5PResult.objects.filter(activity__in=activities, user_id__in=user_ids)
        .annotate(percent=Cast("best_score", FloatField()))
        .values_list("user_id", "activity_id", "percent")
    )
    for user_id, activity_id, percent in rows:
        if percent is None or not math.isfinite(percent):
            yield user_id, activity_id, 0.0, True
        else:
            yield user_id, activity_id, min(max(percent, 0.0), 100.0), not 0 <= percent <= 100


def _activity_passed(activity, scores, completed, pass_mark):
    rule = activity.completion_rule or default_completion_rule(activity.main_library)
    if rule == CompletionRule.COMPLETED:
        return activity.pk in completed
    return scores.get(activity.pk, 0) >= pass_mark


def lesson_satisfied(user, lesson, pass_mark):
    """Every H5P activity meets its completion rule (score ≥ pass mark, or completed), every quiz and assignment
    reaches the pass mark and every live session was attended."""
    activities = lesson.h5p_activities()
    scores = {activity_id: percent for _user, activity_id, percent, _bad in best_scores(activities, [user.pk])}
    completed = set(
        H5PResult.objects.filter(activity__in=activities, user=user, completed=True).values_list(
            "activity_id", flat=True
        )
    )
    if not all(_activity_passed(activity, scores, completed, pass_mark) for activity in activities):
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


def open_activities(user, lesson):
    """The lesson's H5P activities this visitor may play, each with a fresh attempt when they are enrolled
    (None otherwise: the content plays but nothing is recorded)."""
    activities = [a for a in dict.fromkeys(lesson.h5p_activities()) if can_view_object(user, a)]
    enrolment = enrolment_for(user, lesson.course)
    if enrolment is None or enrolment.status not in ACTIVE_STATES:
        return dict.fromkeys(activities)
    attempts = H5PAttempt.objects.bulk_create(
        [H5PAttempt(user=user, lesson=lesson, activity=activity) for activity in activities]
    )
    return dict(zip(activities, attempts, strict=True))


def _attempt_for(user, activity, token):
    """The learner's own attempt on this activity, in a course they may still open and are enrolled in."""
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        raise ValidationError(_("Kirim id percobaan dari halaman pelajaran bersama pernyataan xAPI.")) from None
    attempt = H5PAttempt.objects.select_related("lesson").filter(token=token, user=user).first()
    if attempt is None:
        raise PermissionDenied(_("Percobaan ini tidak dikenal: buka aktivitas dari halaman pelajaran."))
    if attempt.activity_id != activity.pk:
        raise ValidationError(_("Id percobaan ini milik aktivitas lain."))
    lesson = attempt.lesson
    if not lesson.live or not lesson.course.may_open(user) or not can_view_object(user, activity):
        raise PermissionDenied(_("Anda tidak memiliki akses ke kursus ini."))
    _active_enrolment(user, lesson.course)
    return attempt


def _number(score, key, required=True):
    value = score.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError(_("Skor xAPI '%(key)s' harus berupa angka terhingga.") % {"key": key})
    return Decimal(str(value))


def score_percent(result):
    """The score of an xAPI result as a percentage (None without a score); out-of-range scores are refused."""
    score = result.get("score") if isinstance(result, dict) else None
    if score is None:
        return None
    if not isinstance(score, dict):
        raise ValidationError(_("Skor xAPI tidak valid."))
    raw, maximum = _number(score, "raw"), _number(score, "max")
    minimum, scaled = _number(score, "min", required=False), _number(score, "scaled", required=False)
    if not 0 < maximum <= MAX_SCORE:
        raise ValidationError(_("Skor maksimum harus lebih dari 0 dan paling banyak %(max)d.") % {"max": MAX_SCORE})
    if not 0 <= raw <= maximum:
        raise ValidationError(_("Skor harus antara 0 dan skor maksimum (%(max)s).") % {"max": maximum})
    if minimum is not None and minimum > raw:
        raise ValidationError(_("Skor tidak boleh kurang dari skor minimum (%(min)s).") % {"min": minimum})
    if scaled is not None and not 0 <= scaled <= 1:
        raise ValidationError(_("Skor berskala harus antara 0 dan 1."))
    return (raw * 100 / maximum).quantize(Decimal("0.01"))


def _dict(value):
    return value if isinstance(value, dict) else {}


def is_part(statement):
    """Whether a statement is about a part of the activity (a question of a set), not the activity itself:
    H5P names the part in the object id (`?subContentId=`), an extension, or a parent in the context."""
    target, context = _dict(statement.get("object")), _dict(statement.get("context"))
    extensions = (_dict(_dict(target.get("definition")).get("extensions")), _dict(context.get("extensions")))
    return (
        "subContentId=" in str(target.get("id", ""))
        or any(SUB_CONTENT in found for found in extensions)
        or bool(_dict(context.get("contextActivities")).get("parent"))
    )


def record_xapi(user, activity, attempt_token, statement, state=None):
    """Store an xAPI statement of an attempt once (by its id), keep the best score and state, update completion.

    Only the activity's own statements raise its score or complete it; those about a part are only stored.

    Refused before anything is stored: an unknown or someone else's attempt, a course the learner may no longer
    open or is not enrolled in, an out-of-range score."""
    attempt = _attempt_for(user, activity, attempt_token)
    if not isinstance(statement, dict):
        raise ValidationError(_("Pernyataan xAPI tidak valid."))
    try:
        statement_id = uuid.UUID(str(statement.get("id")))
    except ValueError:
        raise ValidationError(_("Pernyataan xAPI harus memiliki id UUID.")) from None
    result = _dict(statement.get("result"))
    percent = score_percent(result)
    score = result.get("score") or {}
    verb = str(_dict(statement.get("verb")).get("id", ""))[:200]
    with transaction.atomic():
        stored, created = XAPIStatement.objects.get_or_create(
            statement_id=statement_id,
            defaults={
                "activity": activity,
                "user": user,
                "attempt": attempt,
                "verb": verb,
                "score_raw": score.get("raw"),
                "score_max": score.get("max"),
                "success": result.get("success") if isinstance(result.get("success"), bool) else None,
                "completion": result.get("completion") if isinstance(result.get("completion"), bool) else None,
                "statement": statement,
            },
        )
        if stored.user_id != user.pk:
            raise PermissionDenied(_("Pernyataan xAPI ini milik pengguna lain."))
        row, _made = H5PResult.objects.only("pk").get_or_create(activity=activity, user=user)
        changes = {"updated_at": timezone.now()}
        own = created and not is_part(statement)
        if own and (verb == COMPLETED_VERB or result.get("completion") is True):
            changes["completed"] = True
        if own and percent is not None:  # in SQL, so a legacy out-of-range best score is never read
            number = DecimalField(max_digits=5, decimal_places=2)
            changes["best_score"] = Greatest(Least(F("best_score"), Value(100)), Cast(Value(percent), number))
        if state is not None:
            changes["state"] = state[:100_000]
        H5PResult.objects.filter(pk=row.pk).update(**changes)
    for lesson, course in _lessons_using(activity, user):
        refresh_lesson(user, lesson, course)
    return stored, created, attempt


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
