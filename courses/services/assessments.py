"""Quizzes, assignments and live-session attendance of a lesson."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    AssignmentSubmission,
    Attendance,
    QuizAttempt,
)
from .enrolment import active_enrolment
from .progress import refresh_lesson


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
    active_enrolment(user, lesson.course)
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
    active_enrolment(user, lesson.course)
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
