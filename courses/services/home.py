"""What "Beranda saya" shows of courses: the learner's courses in progress (progress %, the next lesson), the
upcoming sessions of those courses and the courses they facilitate; and the lesson after a lesson. Each a fixed
number of queries whatever the number of courses."""

from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils import timezone

from corpu.access import filter_visible

from ..models import CoursePage, CourseSession, Enrolment, EnrolmentStatus, LessonCompletion, LessonPage
from .progress import lesson_counts

IN_PROGRESS = [EnrolmentStatus.ACTIVE]
UPCOMING_SESSIONS = 5


def _lessons_by_course(courses):
    """course pk -> its live lessons in course order, in one query."""
    if not courses:
        return {}
    under = reduce(or_, (Q(path__startswith=c.path, depth=c.depth + 1) for c in courses))
    by_path = {c.path: c.pk for c in courses}
    found = {c.pk: [] for c in courses}
    for lesson in LessonPage.objects.live().filter(under).order_by("path"):
        found[by_path[lesson.path[: -lesson.steplen]]].append(lesson)
    return found


def next_lesson(lessons, done_ids):
    """The first lesson not done yet (required ones first), or None when every lesson is done."""
    open_lessons = [lesson for lesson in lessons if lesson.pk not in done_ids]
    required = [lesson for lesson in open_lessons if lesson.required]
    return (required or open_lessons or [None])[0]


def courses_in_progress(user):
    """[{"course", "percent", "done", "required", "next_lesson"}] of the learner's active enrolments in live courses
    they may still see, most recently enrolled first."""
    enrolments = Enrolment.objects.filter(user=user, status__in=IN_PROGRESS).order_by("-enrolled_at", "-id")
    courses = list(filter_visible(CoursePage.objects.live().filter(enrolments__in=enrolments), user))
    order = {pk: i for i, pk in enumerate(enrolments.values_list("course_id", flat=True))}
    courses.sort(key=lambda c: order.get(c.pk, 0))
    lessons = _lessons_by_course(courses)
    all_ids = [lesson.pk for group in lessons.values() for lesson in group]
    done = set(LessonCompletion.objects.filter(user=user, lesson__in=all_ids).values_list("lesson_id", flat=True))
    rows = []
    for course in courses:
        finished, required, percent = lesson_counts(lessons[course.pk], done)
        rows.append(
            {
                "course": course,
                "done": finished,
                "required": required,
                "percent": percent,
                "next_lesson": next_lesson(lessons[course.pk], done),
            }
        )
    return rows


def upcoming_sessions(courses, now=None):
    """The next scheduled sessions of these courses (soonest first)."""
    now = now or timezone.now()
    return list(
        CourseSession.objects.filter(course__in=courses, ends_at__gte=now)
        .select_related("course")
        .order_by("starts_at")[:UPCOMING_SESSIONS]
    )


def facilitated_courses(user):
    """Live courses naming this user as a facilitator, by title (one query, then cached on the user object)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_corpu_facilitated", None)
    if cached is None:
        cached = user._corpu_facilitated = list(CoursePage.objects.live().filter(facilitators=user).order_by("title"))
    return cached


def home_courses(user):
    """The courses part of Beranda saya."""
    in_progress = courses_in_progress(user)
    return {
        "in_progress": in_progress,
        "sessions": upcoming_sessions([row["course"] for row in in_progress]),
        "facilitated": facilitated_courses(user),
    }


def lesson_after(lesson, course):
    """The lesson that follows this one in the course order, or None on the last lesson."""
    return course.lessons().filter(path__gt=lesson.path).first()
