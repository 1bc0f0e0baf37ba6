"""courses.services.home (Beranda saya's courses) and the lesson/course pages' way on: "Pelajaran berikutnya" and
what a finished course earned, at the top in a live status region."""

import pytest
from django.utils import timezone

from corpu.access import AccessLevel
from courses.models import Certificate, CourseSession, Enrolment, EnrolmentStatus, LessonCompletion
from courses.services.home import courses_in_progress, facilitated_courses, home_courses, lesson_after
from tests.factories import UserFactory, unit
from tests.home_helpers import add_course

pytestmark = pytest.mark.django_db


def test_progress_and_next_lesson_of_active_enrolments_only(home):
    learner = UserFactory(unit_kerja=unit("Dinas PUPR"))
    course, lessons = add_course(home, "Netralitas", lessons=3)
    Enrolment.objects.create(course=course, user=learner)
    LessonCompletion.objects.create(lesson=lessons[0], user=learner)
    done, _ = add_course(home, "Selesai")
    Enrolment.objects.create(course=done, user=learner, status=EnrolmentStatus.COMPLETED)
    waiting, _ = add_course(home, "Menunggu")
    Enrolment.objects.create(course=waiting, user=learner, status=EnrolmentStatus.PENDING)
    [row] = courses_in_progress(learner)
    assert row["course"] == course and row["percent"] == 33 and (row["done"], row["required"]) == (1, 3)
    assert row["next_lesson"] == lessons[1]


def test_a_course_the_learner_may_no_longer_see_is_left_out(home):
    learner = UserFactory(unit_kerja=unit("Dinas Kesehatan"))
    hidden, _ = add_course(home, "Internal PUPR", level=AccessLevel.INTERNAL)
    hidden.owner_unit = unit("Dinas PUPR")
    hidden.save()
    Enrolment.objects.create(course=hidden, user=learner)
    assert courses_in_progress(learner) == []


def test_facilitated_courses_and_sessions(home):
    facilitator = UserFactory()
    course, _ = add_course(home, "Fasilitasi")
    course.facilitators.add(facilitator)
    course.save()
    CourseSession.objects.create(
        course=course,
        title="Tatap muka",
        starts_at=timezone.now() + timezone.timedelta(days=2),
        ends_at=timezone.now() + timezone.timedelta(days=2, hours=2),
    )
    Enrolment.objects.create(course=course, user=facilitator)
    data = home_courses(facilitator)
    assert facilitated_courses(facilitator) == [course] and [s.title for s in data["sessions"]] == ["Tatap muka"]
    assert facilitated_courses(UserFactory()) == []


def test_constant_queries_whatever_the_number_of_courses(home, django_assert_max_num_queries):
    learner = UserFactory()

    def enrol(n, tag):
        for i in range(n):
            course, lessons = add_course(home, f"{tag}{i}")
            Enrolment.objects.create(course=course, user=learner)
            LessonCompletion.objects.create(lesson=lessons[0], user=learner)

    enrol(2, "a")
    with django_assert_max_num_queries(10) as small:
        home_courses(learner)
    enrol(8, "b")
    learner._corpu_facilitated = None
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(home_courses(learner)["in_progress"]) == 10


def test_each_lesson_leads_to_the_next_and_the_last_back_to_the_course(client, home):
    learner = UserFactory()
    course, lessons = add_course(home, "Berurutan", lessons=2)
    assert lesson_after(lessons[0], course) == lessons[1] and lesson_after(lessons[1], course) is None
    client.force_login(learner)
    first = client.get(lessons[0].url).content.decode()
    assert "Pelajaran berikutnya" in first and f'href="{lessons[1].url}"' in first.split("lesson-next")[1]
    last = client.get(lessons[1].url).content.decode()
    assert "Kembali ke kursus Berurutan" in last and f'href="{course.url}"' in last.split("lesson-next")[1]


def test_a_finished_course_shows_what_was_earned_at_the_top(client, home):
    learner = UserFactory()
    course, _ = add_course(home, "Tuntas")
    enrolment = Enrolment.objects.create(course=course, user=learner, status=EnrolmentStatus.COMPLETED)
    certificate = Certificate.objects.create(enrolment=enrolment, learner_name="X", course_title="Tuntas", jp=2)
    client.force_login(learner)
    page = client.get(course.url).content.decode()
    region = page.split('data-testid="course-earned"')[1].split("</div>")[0]
    assert page.index('data-testid="course-earned"') < page.index("Status Anda")
    assert 'role="status"' in page.split('data-testid="course-earned"')[0][-80:]
    assert "Kursus selesai." in region and "Anda memperoleh 2 JP." in region and certificate.code in region
