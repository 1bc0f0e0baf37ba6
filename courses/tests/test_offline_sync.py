"""Records queued offline are sent again by the sync: each is acted on once, refusals come back with a reason."""

import json
import uuid

import pytest
from django.test import Client

from corpu.access import AccessLevel
from courses import services
from courses.models import LessonCompletion, ProcessedRequest, QuizAttempt, XAPIStatement
from courses.tests.conftest import open_lesson, statement
from courses.tests.test_graded_lessons import graded  # noqa: F401  (fixture)
from ledger.models import Entry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SYNC = {"HTTP_ACCEPT": "application/json"}


def learner_client(course):
    user = UserFactory()
    services.enrol(user, course)
    client = Client()
    client.force_login(user)
    return user, client


def replay(client, url, key, data=None):
    return client.post(url, data or {}, HTTP_IDEMPOTENCY_KEY=str(key), **SYNC)


def test_replayed_lesson_completion_and_xapi_post_the_jp_entry_once(mooc):
    user, client = learner_client(mooc["course"])
    page = open_lesson(client, mooc["quiz"])
    xapi_url = f"/kursus/h5p/{mooc['activity'].pk}/xapi/"
    body = json.dumps({"attempt": page["attempt"], "statement": statement(mooc["activity"])})
    complete_url = f"/kursus/pelajaran/{mooc['text'].pk}/selesai/"
    key = uuid.uuid4()
    answers = []
    for _round in range(2):  # the whole queue sent twice: a retried sync
        answers.append(client.post(xapi_url, body, content_type="application/json", **SYNC).json()["result"])
        answers.append(replay(client, complete_url, key).json()["result"])
    assert answers == ["accepted", "accepted", "duplicate", "duplicate"]
    assert XAPIStatement.objects.filter(user=user).count() == 1
    assert LessonCompletion.objects.filter(user=user).count() == 2
    assert Entry.objects.filter(employee=user, source="course_completion").count() == 1


def test_replayed_quiz_submission_uses_one_attempt(graded):  # noqa: F811
    user, client = learner_client(graded["course"])
    url = f"/kursus/pelajaran/{graded['lesson'].pk}/kuis/{graded['blocks']['quiz']}/"
    key = uuid.uuid4()
    first = replay(client, url, key, {"q-1": "true"}).json()
    again = replay(client, url, key, {"q-1": "true"}).json()
    assert first["result"] == "accepted" and again == {**first, "result": "duplicate"}
    assert QuizAttempt.objects.filter(user=user).count() == 1
    assert replay(client, url, uuid.uuid4(), {"q-1": "true"}).json()["result"] == "accepted"
    refused = replay(client, url, uuid.uuid4(), {"q-1": "true"})  # the attempt limit (2) is re-checked at sync
    assert refused.status_code == 422
    assert refused.json() == {"result": "refused", "reason": "Batas percobaan kuis sudah habis."}
    assert QuizAttempt.objects.filter(user=user).count() == 2


def test_sync_refuses_with_a_reason_when_access_or_enrolment_is_gone(mooc):
    user, client = learner_client(mooc["course"])
    url = f"/kursus/pelajaran/{mooc['text'].pk}/selesai/"
    mooc["course"].access_level = AccessLevel.INTERNAL
    mooc["course"].save()
    answer = replay(client, url, uuid.uuid4())
    assert answer.status_code == 422 and answer.json()["result"] == "refused"
    assert answer.json()["reason"] == "Anda tidak lagi memiliki akses ke kursus ini."
    stranger = Client()
    stranger.force_login(UserFactory())
    mooc["course"].access_level = AccessLevel.PUBLIC
    mooc["course"].save()
    answer = replay(stranger, url, uuid.uuid4())
    assert answer.status_code == 422 and answer.json()["result"] == "refused"
    assert LessonCompletion.objects.count() == 0 and ProcessedRequest.objects.count() == 0


def test_refused_record_can_be_sent_again_once_allowed(mooc):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    url = f"/kursus/pelajaran/{mooc['text'].pk}/selesai/"
    key = uuid.uuid4()
    assert replay(client, url, key).json()["result"] == "refused"  # not enrolled yet
    services.enrol(user, mooc["course"])
    assert replay(client, url, key).json()["result"] == "accepted"


def test_signed_out_sync_is_kept_for_later_and_bad_keys_are_refused(mooc):
    url = f"/kursus/pelajaran/{mooc['text'].pk}/selesai/"
    answer = replay(Client(), url, uuid.uuid4())
    assert answer.status_code == 401 and answer.json()["result"] == "unauthenticated"
    _user, client = learner_client(mooc["course"])
    bad = client.post(url, HTTP_IDEMPOTENCY_KEY="satu", **SYNC)
    assert bad.json() == {"result": "refused", "reason": "Kunci idempotensi harus berupa UUID."}
    key = uuid.uuid4()
    replay(client, url, key)
    quiz_url = f"/kursus/pelajaran/{mooc['text'].pk}/kuis/x/"
    assert replay(client, quiz_url, key).json()["reason"] == "Kunci idempotensi ini sudah dipakai untuk tindakan lain."


def test_keys_are_per_learner(mooc):
    url = f"/kursus/pelajaran/{mooc['text'].pk}/selesai/"
    key = uuid.uuid4()
    for _n in range(2):
        _user, client = learner_client(mooc["course"])
        assert replay(client, url, key).json()["result"] == "accepted"
    assert LessonCompletion.objects.count() == 2


def test_form_post_without_key_still_redirects_with_messages(mooc):
    user, client = learner_client(mooc["course"])
    response = client.post(f"/kursus/pelajaran/{mooc['text'].pk}/selesai/")
    assert response.status_code == 302 and response.url == mooc["text"].url
    assert LessonCompletion.objects.filter(user=user).count() == 1


def test_signing_out_clears_the_sites_caches_and_storage(mooc):
    _user, client = learner_client(mooc["course"])
    response = client.post("/akun/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client.session
