"""The course page's own cost (issue #18): routed from the home page in two queries, and a learner's progress read
through the per-user cache, shown fresh after every change to their enrolment or completions."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from courses import services
from courses.models import LessonCompletion
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _routed(home, path):
    request = type("Request", (), {})()
    components, root = [part for part in path.split("/") if part], home.specific
    with CaptureQueriesContext(connection) as queries:
        page = root.route(request, components).page
    return page, len(queries)


def test_a_course_and_a_lesson_are_routed_without_reading_the_catalogue_as_its_type(home, mooc):
    course, queries = _routed(home, "kursus-daring/netralitas-asn/")
    assert course.pk == mooc["course"].pk and type(course).__name__ == "CoursePage"
    assert queries == 2  # the catalogue's page row, then the course with its own columns
    lesson, queries = _routed(home, "kursus-daring/netralitas-asn/kuis/")
    assert lesson.pk == mooc["quiz"].pk and type(lesson).__name__ == "LessonPage" and queries == 3


def test_unknown_and_unpublished_pages_below_a_catalogue_are_not_found(client, home, mooc):
    assert client.get("/kursus-daring/tidak-ada/").status_code == 404
    assert client.get("/tidak-ada/netralitas-asn/").status_code == 404
    mooc["course"].unpublish()
    assert client.get("/kursus-daring/netralitas-asn/").status_code == 404
    assert Page.objects.get(pk=mooc["course"].pk).live is False


def test_progress_shows_each_completion_at_once_and_a_repeat_visit_reads_none(home, mooc):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    services.enrol(user, mooc["course"])
    url = mooc["course"].url
    assert "0 dari 2 pelajaran wajib selesai" in client.get(url).text
    services.complete_lesson(user, mooc["text"])
    assert "1 dari 2 pelajaran wajib selesai" in client.get(url).text
    with CaptureQueriesContext(connection) as repeat:
        client.get(url)
    tables = " ".join(q["sql"] for q in repeat.captured_queries)
    assert LessonCompletion._meta.db_table not in tables and "courses_enrolment" not in tables
    LessonCompletion.objects.filter(user=user).get().delete()  # e.g. a correction by the facilitator
    assert "0 dari 2 pelajaran wajib selesai" in client.get(url).text


def test_one_learners_cached_progress_is_never_shown_to_another(home, mooc):
    first, second = UserFactory(), UserFactory()
    for user in (first, second):
        services.enrol(user, mooc["course"])
    services.complete_lesson(first, mooc["text"])
    clients = {user: Client() for user in (first, second)}
    for user, client in clients.items():
        client.force_login(user)
    assert "1 dari 2 pelajaran wajib selesai" in clients[first].get(mooc["course"].url).text
    assert "0 dari 2 pelajaran wajib selesai" in clients[second].get(mooc["course"].url).text
