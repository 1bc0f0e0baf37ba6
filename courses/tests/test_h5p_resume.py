"""Issue 14, resume: the player's state is kept per learner and activity, only for their own attempt, and
given back when the lesson is opened again; the frame speaks the site's language; completion shows in place."""

import html
import json
import re

import pytest
from django.test import Client

from courses import services
from courses.models import H5PResult
from courses.tests.conftest import open_lesson, statement
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ANSWERED = json.dumps({"selected": ["false"], "checked": False})


def save(client, activity, state, attempt, **extra):
    body = extra.pop("body", None) or json.dumps({"state": state, "attempt": attempt})
    return client.post(f"/kursus/h5p/{activity.pk}/status/", body, content_type="application/json", **extra)


@pytest.fixture
def learner(mooc):
    user = UserFactory()
    services.enrol(user, mooc["course"])
    client = Client()
    client.force_login(user)
    return {"user": user, "client": client, "attempt": open_lesson(client, mooc["quiz"])["attempt"]}


def stored(user, activity):
    return H5PResult.objects.filter(user=user, activity=activity).values_list("state", flat=True).first()


def page_states(client, lesson):
    found = re.search(r'<script id="h5p-states" type="application/json">(.*?)</script>', client.get(lesson.url).text)
    return json.loads(html.unescape(found.group(1)))


def test_the_learners_state_is_kept_and_given_back_when_the_lesson_opens_again(mooc, learner):
    answer = save(learner["client"], mooc["activity"], ANSWERED, learner["attempt"])
    assert answer.status_code == 200 and answer.json() == {"saved": True}
    later = json.dumps({"selected": ["true"], "checked": True})
    assert save(learner["client"], mooc["activity"], later, learner["attempt"]).status_code == 200
    assert stored(learner["user"], mooc["activity"]) == later  # the latest one
    assert page_states(learner["client"], mooc["quiz"]) == {str(mooc["activity"].pk): later}
    other = Client()
    other.force_login(UserFactory())
    assert page_states(other, mooc["quiz"]) == {}  # a colleague starts afresh


def test_a_state_for_someone_elses_attempt_is_refused_and_theirs_kept(mooc, learner):
    save(learner["client"], mooc["activity"], ANSWERED, learner["attempt"])
    intruder = UserFactory()
    services.enrol(intruder, mooc["course"])
    client = Client()
    client.force_login(intruder)
    forged = save(client, mooc["activity"], json.dumps({"selected": ["true"]}), learner["attempt"])
    assert forged.status_code == 403 and "tidak dikenal" in forged.json()["error"]
    assert stored(learner["user"], mooc["activity"]) == ANSWERED
    assert stored(intruder, mooc["activity"]) is None


def test_a_state_without_an_attempt_of_this_activity_is_refused(mooc, learner, h5p_activity):
    other = h5p_activity("pengadaan-e-katalog.h5p")
    assert save(learner["client"], other, ANSWERED, learner["attempt"]).status_code == 400  # another activity's
    assert save(learner["client"], mooc["activity"], ANSWERED, "").status_code == 400
    assert save(Client(), mooc["activity"], ANSWERED, learner["attempt"]).status_code == 401
    assert not H5PResult.objects.exclude(state="").exists()


def test_a_learner_no_longer_enrolled_cannot_save(mooc, learner):
    enrolment = services.enrolment_for(learner["user"], mooc["course"])
    enrolment.status = "rejected"
    enrolment.save()
    assert save(learner["client"], mooc["activity"], ANSWERED, learner["attempt"]).status_code == 403
    assert stored(learner["user"], mooc["activity"]) is None


@pytest.mark.parametrize(
    "state, status, words",
    [
        ("x" * (services.MAX_STATE + 1), 413, "terlalu besar"),
        (json.dumps({"text": "é" * services.MAX_STATE}), 413, "terlalu besar"),
        ("{not json", 400, "bukan JSON"),
        ('{"score": NaN}', 400, "bukan JSON"),
        ("null", 400, "bukan JSON"),
        ({"selected": ["true"]}, 400, "teks JSON"),  # an object, not its JSON text
    ],
)
def test_bad_states_are_refused_clearly_and_the_stored_one_is_kept(mooc, learner, state, status, words):
    save(learner["client"], mooc["activity"], ANSWERED, learner["attempt"])
    answer = save(learner["client"], mooc["activity"], state, learner["attempt"])
    assert answer.status_code == status and words in answer.json()["error"]
    assert stored(learner["user"], mooc["activity"]) == ANSWERED


@pytest.mark.parametrize("body", ["{broken", "[1, 2]", json.dumps({"state": "{}", "attempt": 1}) + " x"])
def test_a_body_that_is_not_a_json_object_is_refused(mooc, learner, body):
    save(learner["client"], mooc["activity"], ANSWERED, learner["attempt"])
    answer = save(learner["client"], mooc["activity"], None, None, body=body)
    assert answer.status_code == 400 and "tidak valid" in answer.json()["error"]
    assert stored(learner["user"], mooc["activity"]) == ANSWERED


def test_an_oversized_body_is_refused_before_it_is_read(mooc, learner):
    save(learner["client"], mooc["activity"], ANSWERED, learner["attempt"])
    huge = json.dumps({"state": "x" * (5 * services.MAX_STATE), "attempt": learner["attempt"]})
    answer = save(learner["client"], mooc["activity"], None, None, body=huge)
    assert answer.status_code == 413 and "terlalu besar" in answer.json()["error"]
    assert stored(learner["user"], mooc["activity"]) == ANSWERED


def test_saving_without_the_pages_csrf_token_is_refused(mooc, learner):
    """Another site cannot make a signed-in learner's browser overwrite their state."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner["user"])
    assert save(client, mooc["activity"], ANSWERED, learner["attempt"]).status_code == 403
    token = client.get(mooc["quiz"].url).cookies["csrftoken"].value
    answer = save(client, mooc["activity"], ANSWERED, learner["attempt"], HTTP_X_CSRFTOKEN=token)
    assert answer.status_code == 200 and stored(learner["user"], mooc["activity"]) == ANSWERED


def test_saving_is_throttled_like_statements(mooc, learner, settings):
    settings.THROTTLES = {**settings.THROTTLES, "xapi": (3, 60)}
    codes = [save(learner["client"], mooc["activity"], ANSWERED, learner["attempt"]).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_the_player_frame_speaks_the_lesson_pages_language(mooc, learner, settings):
    frame = learner["client"].get(open_lesson(learner["client"], mooc["quiz"])["frame"]).text
    assert '<html lang="id">' in frame and f"<title>{mooc['activity'].title}</title>" in frame
    config = json.loads(re.search(r'id="h5p-config" type="application/json">(.*?)</script>', frame).group(1))
    assert config["l10n"]["H5P"]["confirmLabel"] == "Konfirmasi"
    learner["client"].cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the learner chose English
    english = Client().get(open_lesson(learner["client"], mooc["quiz"])["frame"]).text  # the frame has no cookies
    assert '<html lang="en">' in english  # H5P's texts follow once the lead adds their English


def test_the_lesson_iframe_is_titled_with_the_activity(mooc, learner):
    page = open_lesson(learner["client"], mooc["quiz"])["html"]
    assert f'title="{mooc["activity"].title}"' in page


def test_the_completing_statement_answers_with_the_certificate_for_the_page(mooc, learner):
    services.complete_lesson(learner["user"], mooc["text"])
    answer = (
        learner["client"]
        .post(
            f"/kursus/h5p/{mooc['activity'].pk}/xapi/",
            json.dumps({"statement": statement(mooc["activity"]), "attempt": learner["attempt"]}),
            content_type="application/json",
        )
        .json()
    )
    code = services.enrolment_for(learner["user"], mooc["course"]).valid_certificate.code
    assert answer["course_completed"] is True and answer["lesson_completed"] is True
    assert answer["certificate_url"] == f"/kursus/sertifikat/{code}.pdf"
