"""Who took part in courses, for other apps' counts (a learning programme's enrolled/attended/completed)."""

from django.db.models import Q

from ..models import CoursePage, Enrolment, EnrolmentStatus, LessonCompletion

TAKING_PART = (EnrolmentStatus.ACTIVE, EnrolmentStatus.COMPLETED)


def course_participation(course_ids):
    """{course id: {"enrolled": user ids with an active or completed enrolment, "started": user ids with a
    completed lesson, "completed": user ids whose enrolment is completed}} — three queries whatever the number of
    courses and learners (pending and rejected enrolments do not count)."""
    course_ids = [pk for pk in set(course_ids) if pk]
    found = {pk: {"enrolled": set(), "started": set(), "completed": set()} for pk in course_ids}
    if not course_ids:
        return found
    rows = Enrolment.objects.filter(course_id__in=course_ids, status__in=TAKING_PART)
    for course_id, user_id, status in rows.values_list("course_id", "user_id", "status"):
        found[course_id]["enrolled"].add(user_id)
        if status == EnrolmentStatus.COMPLETED:
            found[course_id]["completed"].add(user_id)
    paths = dict(CoursePage.objects.filter(pk__in=course_ids).values_list("path", "pk"))
    if paths:
        under = Q()
        for path in paths:
            under |= Q(lesson__path__startswith=path)
        steplen = CoursePage.steplen
        for lesson_path, user_id in LessonCompletion.objects.filter(under).values_list("lesson__path", "user_id"):
            course_id = paths.get(lesson_path[:-steplen])
            if course_id is not None:
                found[course_id]["started"].add(user_id)
    return found
