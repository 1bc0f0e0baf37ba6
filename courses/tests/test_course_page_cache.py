"""The course page's outline is cached per audience and page generation (courses/services/outline.py): a course is
never shown from the cache to a visitor its access level refuses, each learner's progress, enrolment and facilitator
link stay their own, and an edit of the course, its lessons or its sessions shows at once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from corpu.access import AccessLevel
from courses.models import CourseCatalogPage, CoursePage, CourseSession, LessonPage
from courses.services import complete_lesson, enrol
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(home):
    return home.add_child(instance=CourseCatalogPage(title="Kursus", slug="kursus"))


@pytest.fixture
def make_course(catalog):
    def make(title, level=AccessLevel.PUBLIC, lessons=("Pengantar", "Penutup"), **extra):
        course = catalog.add_child(instance=CoursePage(title=title, access_level=level, **extra))
        for name in lessons:
            course.add_child(instance=LessonPage(title=name, body=[("text", "<p>Isi</p>")]))
        return course

    return make


def visit(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def lessons_of(response):
    return response.content.decode().split('<ol class="lessons">', 1)[1].split("</ol>", 1)[0]


def test_an_asn_course_cached_for_an_asn_visitor_is_never_shown_to_an_anonymous_one(client, institution, make_course):
    course = make_course("Kursus ASN", AccessLevel.ASN, lessons=("Materi rahasia",))
    asn = institution["visitors"]["asn_elsewhere"]
    assert "Materi rahasia" in lessons_of(visit(client, asn, course.url))  # the outline is cached now
    for _ in range(2):
        response = visit(client, None, course.url)
        assert response.status_code == 302 and "Materi rahasia" not in response.content.decode()


def test_an_internal_course_cached_for_its_kelompok_is_refused_to_other_asn(client, institution, make_course):
    visitors = institution["visitors"]
    course = make_course("Kursus KK", AccessLevel.INTERNAL, owner_kelompok=institution["kelompok"], lessons=("Khusus",))
    assert "Khusus" in lessons_of(visit(client, visitors["kelompok_member"], course.url))
    assert visit(client, visitors["asn_elsewhere"], course.url).status_code == 403


def test_a_course_made_asn_only_is_labelled_asn_at_once_and_no_longer_open_to_anonymous(
    client, institution, make_course
):
    course = make_course("Kursus berubah")
    assert 'badge--public">Publik' in visit(client, None, course.url).content.decode()  # cached as public
    course.access_level = AccessLevel.ASN
    course.save_revision().publish()
    assert visit(client, None, course.url).status_code == 302
    html = visit(client, institution["visitors"]["staff"], course.url).content.decode()
    assert 'badge--asn">ASN' in html and "badge--public" not in html.split('<ol class="lessons">')[0]


def test_each_learner_sees_their_own_progress_enrolment_and_facilitator_link(client, institution, make_course):
    learner, other = (UserFactory(unit_kerja=institution["dinas"]) for _ in range(2))  # one audience
    course = make_course("Kursus bersama")
    course.facilitators.add(other)
    course.save_revision().publish()
    enrol(learner, course)
    complete_lesson(learner, LessonPage.objects.child_of(course).first())
    mine = visit(client, learner, course.url).content.decode()
    assert "✓" in lessons_of(visit(client, learner, course.url)) and "1 dari 2 pelajaran wajib selesai" in mine
    assert "Halaman fasilitator" not in mine
    theirs = visit(client, other, course.url).content.decode()  # the outline comes from the cache
    assert "✓" not in lessons_of(visit(client, other, course.url)) and "Daftar kursus" in theirs
    assert "Halaman fasilitator" in theirs and "pelajaran wajib selesai" not in theirs
    course.facilitators.remove(other)
    course.save_revision().publish()
    assert "Halaman fasilitator" not in visit(client, other, course.url).content.decode()


def test_adding_renaming_and_unpublishing_lessons_show_at_once(client, make_course):
    course = make_course("Kursus aktif", lessons=("Satu",))
    assert "Satu" in lessons_of(visit(client, None, course.url))
    added = course.add_child(instance=LessonPage(title="Dua", body=[]))
    assert "Dua" in lessons_of(visit(client, None, course.url))
    added.title = "Dua (baru)"
    added.save_revision().publish()
    assert "Dua (baru)" in lessons_of(visit(client, None, course.url))
    added.unpublish()
    assert "Dua" not in lessons_of(visit(client, None, course.url))
    LessonPage.objects.get(title="Satu").delete()
    assert "Satu" not in lessons_of(visit(client, None, course.url))


def test_a_session_saved_or_deleted_on_its_own_shows_at_once(client, make_course):
    course = make_course("Kursus klasikal", delivery_model="classroom")
    assert "Jadwal sesi" not in visit(client, None, course.url).content.decode()
    start = timezone.now() + datetime.timedelta(days=3)
    session = CourseSession.objects.create(
        course=course, title="Tatap muka", starts_at=start, ends_at=start + datetime.timedelta(hours=2), place="Aula"
    )
    assert "Tatap muka" in visit(client, None, course.url).content.decode()
    session.prework = LessonPage.objects.child_of(course).first()
    session.save()
    assert f'Pra-kerja: <a href="{session.prework.url}">Pengantar</a>' in visit(client, None, course.url).text
    session.delete()
    assert "Tatap muka" not in visit(client, None, course.url).content.decode()


def test_the_outline_is_not_shared_between_courses(client, make_course):
    first, second = make_course("Kursus A", lessons=("Bab A",)), make_course("Kursus B", lessons=("Bab B",))
    assert "Bab A" in lessons_of(visit(client, None, first.url))
    assert "Bab A" not in lessons_of(visit(client, None, second.url))


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_course_page_runs_the_same_queries_whatever_the_number_of_lessons_and_sessions(
    client, institution, make_course, signed_in
):
    user = institution["visitors"]["staff"] if signed_in else None
    counts = {}
    for n in (1, 12):
        course = make_course(f"Kursus {n}", lessons=[f"Bab {i}" for i in range(n)])
        start = timezone.now()
        for i in range(n):
            CourseSession.objects.create(course=course, title=f"Sesi {i}", starts_at=start, ends_at=start)
        if user is not None:
            enrol(user, course)
        visit(client, user, "/")
        for state in ("computed", "cached"):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(course.url).status_code == 200
            counts[n, state] = len(captured)
    assert counts[1, "computed"] == counts[12, "computed"] and counts[1, "cached"] == counts[12, "cached"], counts
    assert counts[12, "cached"] < counts[12, "computed"]


def test_the_page_works_with_the_cache_off(client, settings, make_course):
    settings.PAGE_CACHE_SECONDS = 0
    course = make_course("Kursus tanpa cache", lessons=("Bab satu",))
    assert "Bab satu" in lessons_of(visit(client, None, course.url))
    course.add_child(instance=LessonPage(title="Bab dua", body=[]))
    assert "Bab dua" in lessons_of(visit(client, None, course.url))


def test_routing_through_the_catalogue_and_course_finds_live_pages_only(client, catalog, make_course):
    course = make_course("Kursus rute", lessons=("Bab rute",))
    lesson = LessonPage.objects.child_of(course).get()
    assert client.get(course.url).status_code == 200 and client.get(lesson.url).status_code == 200
    assert client.get(f"{catalog.url}tidak-ada/").status_code == 404
    assert client.get(f"{course.url}tidak-ada/").status_code == 404
    lesson.unpublish()
    assert client.get(f"{course.url}{lesson.slug}/").status_code == 404
    course.unpublish()
    assert client.get(f"{catalog.url}{course.slug}/").status_code == 404
