"""Lesson and course progress: when a lesson is satisfied, and course completion posting JP to the ledger."""

import math
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import FloatField, Max
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from corpu import user_cache
from ledger import services as ledger
from ledger.models import Status

from ..h5p.recheck import activity_rechecked
from ..models import (
    AssignmentSubmission,
    Attendance,
    CompletionRule,
    Enrolment,
    EnrolmentStatus,
    H5PResult,
    LessonCompletion,
    QuizAttempt,
    default_completion_rule,
)
from ..scorm.rules import scorm_satisfied
from . import certificates
from .enrolment import active_enrolment, enrolment_for


def lesson_counts(lessons, done_ids):
    """(required lessons done, required lessons, percent) of a learner who has completed the lessons `done_ids`."""
    required = [lesson.pk for lesson in lessons if lesson.required]
    finished = len([pk for pk in required if pk in done_ids])
    return finished, len(required), round(100 * finished / len(required)) if required else 100


def _learner_rows(user, course, lesson_ids):
    """(enrolment or None, ids of the lessons done): progress belongs to an enrolment, so no completion is read
    for a visitor who has not enrolled."""
    enrolment = enrolment_for(user, course)
    if enrolment is None:
        return None, set()
    done = LessonCompletion.objects.filter(user=user, lesson__in=lesson_ids).values_list("lesson_id", flat=True)
    return enrolment, set(done)


PROGRESS = "course-progress"  # the learner's enrolment and completions in one course, per user


def course_progress(user, course, lessons=None, *, cached=False, found=None):
    """Required lessons done, percentage and completion state of one learner (`lessons`: the course's live
    lessons when the caller has read them already). `cached`, for pages that only show it: the learner's
    enrolment and completions come through `corpu.user_cache` (moved by every save of either, and by any page
    change), no query on a repeat visit; `found`: a `page_cache.read` holding `user_cache.keys(PROGRESS, …)`."""
    lessons = list(course.lessons()) if lessons is None else lessons
    ids = [lesson.pk for lesson in lessons]
    read = lambda: _learner_rows(user, course, ids)  # noqa: E731
    enrolment, done = user_cache.for_user(PROGRESS, user, [course.pk], read, found=found) if cached else read()
    required_done, required, percent = lesson_counts(lessons, done)
    return {
        "enrolment": enrolment,
        "required": required,
        "done": required_done,
        "done_ids": done,
        "percent": percent,
        "completed": bool(enrolment and enrolment.status == EnrolmentStatus.COMPLETED),
    }


def complete_lesson(user, lesson):
    """Mark a reading lesson done; lessons with graded items complete themselves (see lesson_satisfied)."""
    course = lesson.course
    active_enrolment(user, course)
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


def completion_rule(activity):
    return activity.completion_rule or default_completion_rule(activity.main_library)


def unchecked_activities(course):
    """H5P activities of the course's required lessons passed by a score the server cannot re-check."""
    found = {}
    for lesson in course.lessons():
        if lesson.required:
            for activity in lesson.h5p_activities():
                if completion_rule(activity) == CompletionRule.SCORE and not activity_rechecked(activity):
                    found[activity.pk] = activity
    return list(found.values())


def _activity_passed(activity, scores, completed, pass_mark):
    rule = completion_rule(activity)
    if rule == CompletionRule.COMPLETED:
        return activity.pk in completed
    return scores.get(activity.pk, 0) >= pass_mark


def lesson_satisfied(user, lesson, pass_mark):
    """Every H5P activity meets its completion rule (score ≥ pass mark, or completed), every SCORM package its
    status and score (courses/scorm/rules.py), every quiz and assignment
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
    if not scorm_satisfied(user, lesson, pass_mark):
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


def check_completion(user, course):
    """Complete the enrolment once every required lesson is done: one ledger entry and one certificate.

    The JP entry is verified, unless a required lesson is passed by a score the server could not re-check
    (docs/adr/0004): then it is submitted for a verifier."""
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
        certificate = certificates.issue(enrolment)
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
            status=Status.SUBMITTED if unchecked_activities(course) else Status.VERIFIED,
        )
    return course_progress(user, course)


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
