"""Course services, split by concern: `enrolment`, `progress` (lessons, course completion and its JP),
`assessments` (quizzes, assignments, attendance) and `xapi` (H5P attempts, statements and scores)."""

from .assessments import grade_assignment, grade_quiz, record_attendance, submit_assignment, submit_quiz
from .enrolment import ACTIVE_STATES, active_enrolment, assign, enrol, enrolment_for
from .progress import (
    best_scores,
    check_completion,
    complete_lesson,
    completion_rule,
    course_progress,
    lesson_satisfied,
    lesson_state,
    progress_message,
    refresh_lesson,
    unchecked_activities,
)
from .xapi import COMPLETED_VERB, MAX_SCORE, is_part, open_activities, record_xapi, saved_states, score_percent

__all__ = [
    "ACTIVE_STATES",
    "COMPLETED_VERB",
    "MAX_SCORE",
    "active_enrolment",
    "assign",
    "best_scores",
    "check_completion",
    "complete_lesson",
    "completion_rule",
    "course_progress",
    "enrol",
    "enrolment_for",
    "grade_assignment",
    "grade_quiz",
    "is_part",
    "lesson_satisfied",
    "lesson_state",
    "open_activities",
    "progress_message",
    "record_attendance",
    "record_xapi",
    "refresh_lesson",
    "saved_states",
    "score_percent",
    "submit_assignment",
    "submit_quiz",
    "unchecked_activities",
]
