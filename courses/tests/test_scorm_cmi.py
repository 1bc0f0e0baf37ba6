"""The SCORM CMI API and lesson rules: a learner's own attempt only, commits applied once, resume values on the
next launch, impossible values refused; SCORM 1.2 and 2004 statuses and scores decide the lesson and post JP."""

import pytest

from courses.models import LessonCompletion, ScormAttempt
from courses.tests.scorm_helpers import CONTENT_ORIGIN, commit, open_scorm, passed_12, passed_2004
from ledger.models import Entry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def content_origin(settings):
    settings.H5P_CONTENT_ORIGIN = CONTENT_ORIGIN
    settings.ALLOWED_HOSTS = ["testserver", "konten.testserver"]


@pytest.fixture
def learner(client, scorm_course):
    user = UserFactory(nama="Siti Rahmah")
    client.force_login(user)
    client.post(f"/kursus/{scorm_course['course'].pk}/daftar/")
    return user


def test_commit_stores_cmi_and_a_resent_commit_changes_nothing(client, scorm_course, learner):
    launch = open_scorm(client, scorm_course["lesson12"])
    first = commit(client, scorm_course["p12"], launch, passed_12())
    assert first.status_code == 200 and first.json()["duplicate"] is False and first.json()["lesson_completed"]
    again = commit(client, scorm_course["p12"], launch, {"core": {"lesson_status": "failed"}})
    assert again.json()["duplicate"] is True
    attempt = ScormAttempt.objects.get()
    assert (attempt.lesson_status, attempt.score, attempt.suspend_data, attempt.location) == (
        "passed",
        100,
        "langkah=2",
        "2",
    )
    assert LessonCompletion.objects.filter(user=learner).count() == 1


def test_next_launch_resumes_from_suspend_data_and_location(client, scorm_course, learner):
    first = open_scorm(client, scorm_course["lesson2004"])
    assert first["start"]["cmi"]["entry"] == "ab-initio"
    cmi = {"completion_status": "incomplete", "location": "2", "suspend_data": "langkah=2"}
    assert commit(client, scorm_course["p2004"], first, cmi).status_code == 200
    second = open_scorm(client, scorm_course["lesson2004"])
    values = second["start"]["cmi"]
    assert (values["entry"], values["location"], values["suspend_data"]) == ("resume", "2", "langkah=2")
    assert values["learner_name"] == "Siti Rahmah"
    assert second["attempt"] == first["attempt"] and second["session"] != first["session"]
    stale = commit(client, scorm_course["p2004"], first, passed_2004(), sequence=5)
    assert stale.status_code == 409 and "tab lain" in stale.json()["error"]
    assert ScormAttempt.objects.get().completion_status == "incomplete"


def test_another_learner_cannot_commit_to_my_attempt(client, scorm_course, learner):
    launch = open_scorm(client, scorm_course["lesson12"])
    intruder = UserFactory()
    client.force_login(intruder)
    client.post(f"/kursus/{scorm_course['course'].pk}/daftar/")
    response = commit(client, scorm_course["p12"], launch, passed_12())
    assert response.status_code == 403
    assert ScormAttempt.objects.get().lesson_status == ""
    assert not Entry.objects.exists()


def test_an_attempt_of_another_package_or_unknown_is_refused(client, scorm_course, learner):
    launch = open_scorm(client, scorm_course["lesson12"])
    assert commit(client, scorm_course["p2004"], launch, passed_2004()).status_code == 400
    unknown = {**launch, "attempt": "2f1c3c1e-8f2b-4c1e-9a53-0d7f9d6b1a11"}
    assert commit(client, scorm_course["p12"], unknown, passed_12()).status_code == 403


def test_signed_out_visitor_is_refused(client, scorm_course):
    response = commit(client, scorm_course["p12"], {"attempt": "", "session": ""}, passed_12())
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("cmi", "message"),
    [
        ({"core": {"lesson_status": "lulus"}}, "cmi.core.lesson_status tidak dikenal"),
        ({"core": {"lesson_status": "passed", "score": {"raw": "150", "max": "100"}}}, "Skor SCORM harus antara"),
        ({"core": {"score": {"raw": "banyak"}}}, "cmi.core.score.raw harus berupa angka"),
        ({"suspend_data": "x" * 64_001}, "cmi.suspend_data harus berupa teks"),
        ([], "Data CMI harus berupa objek JSON"),
    ],
)
def test_impossible_values_are_refused_with_a_reason(client, scorm_course, learner, cmi, message):
    launch = open_scorm(client, scorm_course["lesson12"])
    response = commit(client, scorm_course["p12"], launch, cmi)
    assert response.status_code == 400 and message in response.json()["error"]
    assert ScormAttempt.objects.get().sequence == 0


def test_bad_json_and_sequence_are_refused(client, scorm_course, learner):
    launch = open_scorm(client, scorm_course["lesson12"])
    assert commit(client, scorm_course["p12"], launch, passed_12(), sequence=0).status_code == 400
    nan = client.post(f"/kursus/scorm/{scorm_course['p12'].pk}/cmi/", '{"cmi": NaN}', content_type="application/json")
    assert nan.status_code == 400


@pytest.mark.parametrize(
    ("lesson", "package", "cmi", "satisfied"),
    [
        ("lesson12", "p12", passed_12(), True),
        ("lesson12", "p12", {"core": {"lesson_status": "completed"}}, True),  # no score: the status decides
        ("lesson12", "p12", {"core": {"lesson_status": "failed"}}, False),
        ("lesson12", "p12", {"core": {"lesson_status": "incomplete"}}, False),
        ("lesson12", "p12", passed_12(raw="60"), False),  # the SCO says passed; 60 is below the course's 70
        ("lesson2004", "p2004", passed_2004(), True),
        ("lesson2004", "p2004", {"completion_status": "completed", "success_status": "unknown"}, True),
        ("lesson2004", "p2004", {"completion_status": "completed", "success_status": "failed"}, False),
        ("lesson2004", "p2004", {"completion_status": "incomplete", "success_status": "passed"}, False),
        ("lesson2004", "p2004", passed_2004(scaled="0.5"), False),
    ],
)
def test_status_and_score_decide_the_lesson(client, scorm_course, learner, lesson, package, cmi, satisfied):
    launch = open_scorm(client, scorm_course[lesson])
    assert commit(client, scorm_course[package], launch, cmi).status_code == 200
    assert LessonCompletion.objects.filter(lesson=scorm_course[lesson], user=learner).exists() is satisfied


def test_both_lessons_complete_the_course_and_post_its_jp_once(client, scorm_course, learner):
    for lesson, package, cmi in (("lesson12", "p12", passed_12()), ("lesson2004", "p2004", passed_2004())):
        launch = open_scorm(client, scorm_course[lesson])
        commit(client, scorm_course[package], launch, cmi)
        commit(client, scorm_course[package], launch, cmi)
    entry = Entry.objects.get(employee=learner)
    assert (entry.title, entry.source_ref) == ("Integritas ASN", f"course:{scorm_course['course'].pk}")


def test_player_is_served_only_from_the_content_origin(client, scorm_course, learner):
    launch = open_scorm(client, scorm_course["lesson12"])
    assert launch["frame"].startswith(CONTENT_ORIGIN + "/kursus/scorm/")
    path = launch["frame"].removeprefix(CONTENT_ORIGIN)
    frame = client.get(path, HTTP_HOST="konten.testserver")
    assert frame.status_code == 200
    assert frame["Content-Security-Policy"].startswith("sandbox allow-scripts allow-same-origin;")
    assert "frame-ancestors http://testserver" in frame["Content-Security-Policy"]
    page = client.get(path + "index.html", HTTP_HOST="konten.testserver")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert client.get(path + "index.html").status_code == 404  # never on the site's origin, with its cookies
    assert (
        client.get(path.replace("/kursus/scorm/", "/kursus/scorm/9"), HTTP_HOST="konten.testserver").status_code == 403
    )


def test_without_a_separate_content_origin_the_package_does_not_play(client, scorm_course, learner, settings):
    settings.H5P_CONTENT_ORIGIN = ""
    launch = open_scorm(client, scorm_course["lesson12"])
    assert launch["frame"] is None and "origin konten terpisah" in launch["html"]


def test_a_package_hidden_from_the_learner_neither_plays_nor_records(client, scorm_course, learner):
    from corpu.access import AccessLevel
    from tests.factories import GuestFactory

    package = scorm_course["p12"]
    package.access_level = AccessLevel.ASN
    package.save()
    guest = GuestFactory()
    client.force_login(guest)
    client.post(f"/kursus/{scorm_course['course'].pk}/daftar/")
    launch = open_scorm(client, scorm_course["lesson12"])
    assert launch["frame"] is None and "Aktivitas ini tidak tersedia untuk Anda." in launch["html"]
    assert not ScormAttempt.objects.filter(user=guest).exists()


def test_commits_are_throttled_per_learner(client, scorm_course, learner, settings):
    settings.THROTTLES = {**settings.THROTTLES, "scorm-cmi": (2, 60)}
    launch = open_scorm(client, scorm_course["lesson12"])
    statuses = [commit(client, scorm_course["p12"], launch, passed_12(), sequence=n).status_code for n in (1, 2, 3)]
    assert statuses == [200, 200, 429]
