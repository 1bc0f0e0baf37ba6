"""Issue 12, forged xAPI: statements count only for content the learner was given, with a bounded score."""

import json
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from corpu.access import AccessLevel
from courses.models import Certificate, H5PResult, LessonPage, XAPIStatement
from courses.tests.conftest import open_lesson, statement
from ledger.models import Entry
from tests.factories import UserFactory, unit

pytestmark = pytest.mark.django_db


def post(client, activity, body, attempt=None, lesson=None):
    payload = {"statement": body, "state": {"selected": ["false"]}}
    if attempt is not None:
        payload["attempt"] = attempt
    if lesson is not None:
        payload["lesson"] = lesson.pk  # what the old player sent; the server must not trust it
    return client.post(f"/kursus/h5p/{activity.pk}/xapi/", json.dumps(payload), content_type="application/json")


def learner(mooc, **extra):
    user = UserFactory(**extra)
    client = Client()
    client.force_login(user)
    assert client.post(f"/kursus/{mooc['course'].pk}/daftar/").status_code == 302
    return user, client


def nothing_stored():
    return not XAPIStatement.objects.exists() and not H5PResult.objects.filter(best_score__gt=0).exists()


def test_xapi_for_a_course_the_visitor_may_not_open_is_refused_before_anything_is_stored(mooc):
    course = mooc["course"]
    course.access_level = AccessLevel.INTERNAL
    course.owner_unit = unit("Dinas PUPR")
    course.save_revision().publish()
    outsider = Client()
    outsider.force_login(UserFactory(unit_kerja=unit("Dinas Kesehatan")))
    answer = post(outsider, mooc["activity"], statement(mooc["activity"]), lesson=mooc["quiz"])
    assert answer.status_code in (400, 403) and "progress" not in answer.json()
    assert nothing_stored()

    user, insider = learner(mooc, unit_kerja=unit("Dinas PUPR/Bidang Bina Marga"))
    attempt = open_lesson(insider, mooc["quiz"])["attempt"]
    user.unit_kerja = unit("Dinas Kesehatan")  # moved to another unit: the course is closed to them now
    user.save()
    answer = post(insider, mooc["activity"], statement(mooc["activity"]), attempt, lesson=mooc["quiz"])
    assert answer.status_code == 403 and "progress" not in answer.json()
    assert nothing_stored() and not Certificate.objects.exists()


def test_hand_written_statement_without_the_lessons_attempt_completes_nothing(mooc, h5p_activity):
    user, client = learner(mooc)
    assert client.post(f"/kursus/pelajaran/{mooc['text'].pk}/selesai/").status_code == 302
    activity = mooc["activity"]
    assert post(client, activity, statement(activity), lesson=mooc["quiz"]).status_code == 400  # no attempt id
    assert post(client, activity, statement(activity), str(uuid.uuid4())).status_code == 403  # forged
    _someone, other = learner(mooc)
    theirs = open_lesson(other, mooc["quiz"])["attempt"]
    assert theirs
    assert post(client, activity, statement(activity), theirs).status_code == 403  # another learner's
    second = h5p_activity("pengadaan-e-katalog.h5p")
    elsewhere = mooc["course"].add_child(instance=LessonPage(title="Lain", required=False, body=[("h5p", second)]))
    own_other = open_lesson(client, elsewhere)["attempt"]
    assert post(client, activity, statement(activity), own_other).status_code == 400  # another activity's
    assert nothing_stored()
    assert not Entry.objects.exists() and not Certificate.objects.exists()

    stranger = Client()  # signed in, not enrolled: the content plays, no attempt is issued
    stranger.force_login(UserFactory())
    assert open_lesson(stranger, mooc["quiz"])["attempt"] == ""

    attempt = open_lesson(client, mooc["quiz"])["attempt"]
    answer = post(client, activity, statement(activity), attempt)
    assert answer.status_code == 200 and answer.json()["course_completed"] is True
    assert XAPIStatement.objects.get().attempt.token == uuid.UUID(attempt)
    assert Entry.objects.get().employee == user
    lower = statement(activity, raw=0, statement_id=str(uuid.uuid4()))
    assert post(client, activity, lower, attempt).status_code == 200
    assert H5PResult.objects.get(user=user).best_score == 100  # the best score is kept


@pytest.mark.parametrize(
    ("score", "message"),
    [
        ({"raw": 1000, "max": 1}, "antara 0 dan skor maksimum"),
        ({"raw": -1, "max": 1}, "antara 0 dan skor maksimum"),
        ({"raw": 0, "max": 0}, "lebih dari 0"),
        ({"raw": -2, "max": -1}, "lebih dari 0"),
        ({"raw": 1, "max": 1, "scaled": 1.5}, "antara 0 dan 1"),
        ({"raw": 1, "max": 1, "scaled": -0.1}, "antara 0 dan 1"),
        ({"raw": 1, "max": 3, "min": 2}, "skor minimum"),
        ({"raw": float("nan"), "max": 1}, "angka terhingga"),
        ({"raw": 1, "max": float("inf")}, "angka terhingga"),
        ({"raw": "1", "max": 1}, "angka terhingga"),
        ({"raw": True, "max": 1}, "angka terhingga"),
        ({"max": 1}, "angka terhingga"),
        ({"raw": 10**9, "max": 10**9}, "paling banyak"),
    ],
)
def test_out_of_range_scores_are_refused_with_a_clear_message(mooc, score, message):
    _user, client = learner(mooc)
    attempt = open_lesson(client, mooc["quiz"])["attempt"]
    body = statement(mooc["activity"])
    body["result"]["score"] = score
    answer = post(client, mooc["activity"], body, attempt)
    assert answer.status_code == 400
    assert message in answer.json()["error"]
    assert nothing_stored() and not Certificate.objects.exists()


def test_facilitator_view_survives_impossible_scores_already_stored(mooc):
    facilitator = UserFactory()
    mooc["course"].facilitators.add(facilitator)
    mooc["course"].save()
    legacy = [Decimal("150"), Decimal("-20")]
    if connection.vendor == "sqlite":
        legacy.append(Decimal("100000"))  # raw 1000 / max 1 on the old code; SQLite stores what numeric(5,2) can't
    names = []
    for index, value in enumerate(legacy):
        user, _client = learner(mooc, nama=f"Peserta {index}")
        names.append(user.nama)
        row = H5PResult.objects.create(activity=mooc["activity"], user=user)
        H5PResult.objects.filter(pk=row.pk).update(best_score=value)
    client = Client()
    client.force_login(facilitator)
    page = client.get(f"/kursus/{mooc['course'].pk}/fasilitator/")
    assert page.status_code == 200
    assert all(name in page.text for name in names)
    assert page.text.count("skor tidak wajar") == len(legacy)
    assert "100000" not in page.text and "150%" not in page.text
    assert client.get(f"/kursus/{mooc['course'].pk}/fasilitator/ekspor.xlsx").status_code == 200
    user, own = learner(mooc)  # the lesson page of a learner with such a row still opens
    H5PResult.objects.create(activity=mooc["activity"], user=user)
    H5PResult.objects.filter(user=user).update(best_score=legacy[-1])
    assert own.get(mooc["quiz"].url).status_code == 200
