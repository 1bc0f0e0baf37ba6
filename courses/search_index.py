"""Courses and their lessons in the site search; a lesson is as visible as its course."""

from django.utils.html import strip_tags

from search.index import Source

from .models import CoursePage, LessonPage


def build_course(course):
    if not course.live:
        return None
    return {
        "title": course.title,
        "text": f"{course.summary} {strip_tags(course.description)} {course.target_audience}",
        "url": course.url,
        "access_level": course.access_level,
        "owner_unit_id": course.owner_unit_id,
        "owner_kelompok_id": course.owner_kelompok_id,
        "date": course.first_published_at,
        "competency": course.competency,
        "delivery_model": course.delivery_model,
    }


def build_lesson(lesson):
    course = CoursePage.objects.filter(pk=lesson.get_parent().pk).first() if lesson.live else None
    if course is None or not course.live:
        return None
    text = " ".join(
        strip_tags(str(block.value)) if block.block_type == "text" else str(getattr(block.value, "title", ""))
        for block in lesson.body
    )
    return {
        "title": lesson.title,
        "text": text,
        "url": lesson.url,
        "access_level": course.access_level,
        "owner_unit_id": course.owner_unit_id,
        "owner_kelompok_id": course.owner_kelompok_id,
        "owner_label": course.title,
        "date": lesson.first_published_at,
        "competency": course.competency,
        "delivery_model": course.delivery_model,
    }


SEARCH_SOURCES = [
    Source(
        model=CoursePage,
        kind="course",
        queryset=lambda: CoursePage.objects.live(),
        build=build_course,
        dependents=lambda course: list(LessonPage.objects.child_of(course)),
    ),
    Source(model=LessonPage, kind="lesson", queryset=lambda: LessonPage.objects.live(), build=build_lesson),
]
