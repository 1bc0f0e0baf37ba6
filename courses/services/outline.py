"""The course page's outline: its lessons, sessions and facilitators as plain entries, computed once per audience,
site and page generation (corpu/page_cache.py). What is one learner's (enrolment, progress, the facilitator link,
the survey) is laid over it per request, outside the cache."""

from typing import NamedTuple

from wagtail.models import Site

from corpu import page_cache

from ..models import CourseSession


class Lesson(NamedTuple):
    pk: int
    title: str
    url: str
    required: bool
    duration_minutes: int


class Session(NamedTuple):
    title: str
    starts_at: object
    place: str
    online_link: str
    prework_title: str
    prework_url: str


class Outline(NamedTuple):
    lessons: list
    sessions: list
    facilitator_ids: frozenset


def _compute(course, request):
    lessons = [
        Lesson(lesson.pk, lesson.title, lesson.get_url(request), lesson.required, lesson.duration_minutes)
        for lesson in course.lessons().defer_streamfields()
    ]
    sessions = [
        Session(
            session.title,
            session.starts_at,
            session.place,
            session.online_link,
            session.prework.title if session.prework else "",
            session.prework.get_url(request) if session.prework else "",
        )
        for session in CourseSession.objects.filter(course=course)
        .select_related("prework")
        .defer("prework__body")
        .order_by("sort_order", "pk")
    ]
    facilitators = frozenset(course.facilitators.values_list("pk", flat=True))
    return Outline(lessons, sessions, facilitators)


def course_outline(course, request, also=()):
    """The outline of `course` as this visitor's audience sees it (lesson URLs relative to the request's site);
    read with the menu and the keys `also` (e.g. the learner's progress) in one round trip, kept on the request."""
    site = Site.find_for_request(request)
    parts = [course.pk, site.pk if site else None]
    found = page_cache.read(request.user, [("course-outline", parts)], also=also, request=request)
    return page_cache.for_audience(
        "course-outline", request.user, parts, lambda: _compute(course, request), found=found
    )
