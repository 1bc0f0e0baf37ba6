"""Issue 14: CorpU's own sample question types are re-checked by the server, so the demo courses post verified JP."""

import io
import json
import uuid

import pytest
from django.test import Client

from courses import demo, services
from courses.models import CoursePage, H5PActivity, H5PResult, XAPIStatement
from courses.services.progress import unchecked_activities
from courses.tests.conftest import attempt_token, open_lesson, statement
from ledger.models import Entry, Status
from people import demo as people_demo
from people.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_site(home):
    people_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    return {course.title: course for course in CoursePage.objects.all()}


def post(client, activity, body, attempt):
    payload = {"statement": body, "state": None, "attempt": attempt}
    return client.post(f"/kursus/h5p/{activity.pk}/xapi/", json.dumps(payload), content_type="application/json")


def test_the_demo_learner_who_answered_the_mooc_quiz_rightly_has_verified_jp(demo_site):
    mooc = demo_site["Netralitas dan Etika ASN"]
    assert unchecked_activities(mooc) == []
    entry = Entry.objects.get(employee__username="pegawai01", source_ref=f"course:{mooc.pk}")
    assert entry.status == Status.VERIFIED and entry.source == "course_completion"
    checked = XAPIStatement.objects.get(user__username="pegawai01")
    assert checked.checked_score == 100 and not checked.disagrees


def test_a_demo_learner_answering_the_e_katalog_quiz_rightly_gets_verified_jp(demo_site):
    course = demo_site["Pengadaan Barang/Jasa melalui E-Katalog"]
    assert unchecked_activities(course) == []
    learner = User.objects.get(username="pegawai01")  # enrolled by the demo
    client = Client()
    client.force_login(learner)
    text, quiz = course.lessons()
    services.complete_lesson(learner, text)
    activity = H5PActivity.objects.get(title="Kuis Pengadaan E-Katalog")
    attempt = open_lesson(client, quiz)["attempt"]
    wrong = statement(activity, raw=0, maximum=2, statement_id=str(uuid.uuid4()))
    assert post(client, activity, wrong, attempt).json()["course_completed"] is False
    right = statement(activity, raw=2, maximum=2, statement_id=str(uuid.uuid4()))
    assert right["result"]["response"] == "0[,]1"
    assert post(client, activity, right, attempt).json()["course_completed"] is True
    entry = Entry.objects.get(employee=learner, source_ref=f"course:{course.pk}")
    assert entry.status == Status.VERIFIED and entry.source == "course_completion"


def test_a_forged_full_score_for_a_wrong_answer_to_a_sample_quiz_does_not_pass(mooc):
    learner = User.objects.create(username="peserta", nip="199001012020011001")
    services.enrol(learner, mooc["course"])
    services.complete_lesson(learner, mooc["text"])
    token = attempt_token(learner, mooc["quiz"], mooc["activity"])
    forged = statement(mooc["activity"], raw=1, maximum=1, statement_id=str(uuid.uuid4()), right=False)
    assert forged["result"]["response"] == "true"  # the sample's statement is false
    services.record_xapi(learner, mooc["activity"], token, forged)
    stored = XAPIStatement.objects.get(user=learner)
    assert stored.reported_score == 100 and stored.checked_score == 0 and stored.disagrees
    assert H5PResult.objects.get(user=learner).best_score == 0
    assert not Entry.objects.filter(employee=learner).exists()
    services.record_xapi(learner, mooc["activity"], token, statement(mooc["activity"], statement_id=str(uuid.uuid4())))
    assert Entry.objects.get(employee=learner).status == Status.VERIFIED
