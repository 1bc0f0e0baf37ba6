"""Issue 14: the server re-checks answers it can check; only its score counts, disagreements go to the facilitator,
and a course passed on scores it cannot check posts its JP for a verifier."""

import json
import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files import File
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from corpu.access import AccessLevel
from courses import services
from courses.models import CourseCatalogPage, CoursePage, H5PActivity, H5PResult, LessonCompletion, LessonPage
from courses.tests.conftest import attempt_token, open_lesson
from courses.tests.h5p_helpers import question_package
from ledger.models import Entry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TF = {"question": "<p>ASN boleh berkampanye memakai atribut partai.</p>", "correct": "false"}
MC = {
    "question": "<p>Dokumen wajib sebelum e-purchasing?</p>",
    "answers": [{"text": "RUP", "correct": True}, {"text": "HPS", "correct": True}, {"text": "Foto", "correct": False}],
    "behaviour": {"singlePoint": False},
}
DRAG = {"textField": "ASN wajib *netral* dalam *pemilu*."}
SET_IDS = ["0b6a5f1e-0000-4c1e-9a53-000000000001", "0b6a5f1e-0000-4c1e-9a53-000000000002"]
SET_IDS.append("0b6a5f1e-0000-4c1e-9a53-000000000003")
QUESTION_SET = {
    "questions": [
        {"library": "H5P.TrueFalse 1.8", "params": TF, "subContentId": SET_IDS[0]},
        {"library": "H5P.MultiChoice 1.16", "params": MC, "subContentId": SET_IDS[1]},
        {"library": "H5P.DragText 1.10", "params": DRAG, "subContentId": SET_IDS[2]},
    ]
}
SINGLE_CHOICE_SET = {
    "choices": [
        {"question": "Asas netralitas berarti?", "answers": ["Tidak berpihak", "Berpihak"]},
        {"question": "Kampanye di jam kerja?", "answers": ["Dilarang", "Boleh"]},
    ]
}
# main library, params, right answer (response, or the set's part responses), wrong answer, max score
TYPES = {
    "H5P.TrueFalse": (TF, "false", "true", 1),
    "H5P.MultiChoice": (MC, "0[,]1", "0[,]2", 2),
    "H5P.Blanks": ({"questions": ["<p>Ibu kota: *Jakarta*, *2* + 0 = 2</p>"]}, "Jakarta[,]2", "Bandung[,]2", 2),
    "H5P.MarkTheWords": ({"textField": "<p>Saya *membaca* buku.</p>"}, "1", "2", 1),
    "H5P.DragText": (DRAG, "netral[,]pemilu", "pemilu[,]netral", 2),
    "H5P.SingleChoiceSet": (SINGLE_CHOICE_SET, {"Asas netralitas berarti?": "0", "Kampanye di jam kerja?": "0"}, {}, 2),
    "H5P.QuestionSet": (
        QUESTION_SET,
        dict(zip(SET_IDS, ["false", "0[,]1", "netral[,]pemilu"], strict=True)),
        dict(zip(SET_IDS, ["false", "2", "pemilu[,]netral"], strict=True)),
        5,
    ),
}
TYPES["H5P.SingleChoiceSet"] = (
    SINGLE_CHOICE_SET,
    TYPES["H5P.SingleChoiceSet"][1],
    {"Asas netralitas berarti?": "1"},
    2,
)


@pytest.fixture
def course_with(home, tmp_path):
    """A course of one lesson holding one H5P activity made from our own package, and an enrolled learner."""
    catalog = home.add_child(instance=CourseCatalogPage(title="Kursus", slug="kursus-daring"))

    def make(main, params, **activity_fields):
        path = question_package(tmp_path / f"{main}-{uuid.uuid4().hex[:6]}.h5p", main, params)
        with open(path, "rb") as handle:
            activity = H5PActivity(
                title=f"Kuis {main}", access_level=AccessLevel.PUBLIC, package=File(handle, name=path.name)
            )
            activity.system_upload = True
            activity.full_clean()
            activity.__dict__.update(activity_fields)
            activity.save()
        course = catalog.add_child(
            instance=CoursePage(title=f"Kursus {main}", access_level=AccessLevel.PUBLIC, jp_value=Decimal(2))
        )
        lesson = course.add_child(instance=LessonPage(title="Kuis", body=[("h5p", activity)]))
        learner = UserFactory()
        services.enrol(learner, course)
        return SimpleNamespace(activity=activity, course=course, lesson=lesson, learner=learner)

    return make


def answered(activity, raw, maximum, response=None, part_of=None, description=None, verb="answered"):
    target = {"id": f"http://testserver/kursus/h5p/{activity.pk}/"}
    body = {
        "id": str(uuid.uuid4()),
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}"},
        "object": target,
        "result": {"score": {"min": 0, "max": maximum, "raw": raw}, "completion": True},
    }
    if response is not None:
        body["result"]["response"] = response
    if part_of is not None or description is not None:
        if part_of:
            target["id"] += f"?subContentId={part_of}"
        if description:
            target["definition"] = {"description": {"en-US": description}}
        body["context"] = {"contextActivities": {"parent": [{"id": f"http://testserver/kursus/h5p/{activity.pk}/"}]}}
    return body


def play(setup, main, answer, claimed, maximum, token=None):
    """Post what the player sends for `answer` (a set: one statement per question, then the set's own), the
    activity's own statement claiming `claimed` of `maximum`."""
    token = token or attempt_token(setup.learner, setup.lesson, setup.activity)
    if isinstance(answer, dict):
        for key, response in answer.items():
            sub, text = (key, None) if main == "H5P.QuestionSet" else (None, key)
            services.record_xapi(
                setup.learner, setup.activity, token, answered(setup.activity, 1, 1, response, sub, text)
            )
        answer = None
    return services.record_xapi(
        setup.learner, setup.activity, token, answered(setup.activity, claimed, maximum, answer)
    )


def best(setup):
    return H5PResult.objects.get(user=setup.learner, activity=setup.activity).best_score


def lesson_done(setup):
    return LessonCompletion.objects.filter(user=setup.learner, lesson=setup.lesson).exists()


def facilitator_page(setup):
    facilitator = UserFactory(nama="Fasilitator")
    setup.course.facilitators.add(facilitator)
    setup.course.save()
    client = Client()
    client.force_login(facilitator)
    return client.get(f"/kursus/{setup.course.pk}/fasilitator/")


def test_a_forged_full_score_posted_with_a_valid_session_does_not_count_and_is_listed(course_with):
    setup = course_with("H5P.TrueFalse", TF)
    learner = UserFactory(nama="Budi Pemalsu")
    services.enrol(learner, setup.course)
    client = Client()
    client.force_login(learner)
    attempt = open_lesson(client, setup.lesson)["attempt"]
    forged = answered(setup.activity, 1, 1, "true")  # the wrong answer, with a score claiming 100%
    reply = client.post(
        f"/kursus/h5p/{setup.activity.pk}/xapi/",
        json.dumps({"statement": forged, "state": None, "attempt": attempt}),
        content_type="application/json",
    )
    assert reply.status_code == 200 and reply.json()["course_completed"] is False
    stored = setup.activity.statements.get(user=learner)
    assert (stored.reported_score, stored.checked_score, stored.disagrees) == (100, 0, True)  # kept as reported
    assert H5PResult.objects.get(user=learner).best_score == 0
    assert not LessonCompletion.objects.filter(user=learner).exists() and not Entry.objects.exists()
    page = facilitator_page(setup)
    assert page.status_code == 200
    listing = page.text.split("Skor H5P yang tidak cocok dengan pemeriksaan server")[1]
    assert "Budi Pemalsu" in listing and setup.activity.title in listing
    assert "100%" in listing and "0%" in listing


def test_a_right_answer_with_its_right_score_counts_and_posts_verified_jp(course_with):
    setup = course_with("H5P.TrueFalse", TF)
    play(setup, "H5P.TrueFalse", "false", 1, 1)
    assert best(setup) == 100 and lesson_done(setup)
    entry = Entry.objects.get(employee=setup.learner)
    assert entry.status == "verified"
    assert not setup.activity.statements.filter(disagrees=True).exists()
    assert "Tidak ada." in facilitator_page(setup).text


def test_one_right_of_three_questions_does_not_pass_a_set_claiming_full_marks(course_with):
    setup = course_with("H5P.QuestionSet", QUESTION_SET)
    token = attempt_token(setup.learner, setup.lesson, setup.activity)
    one_right = dict(zip(SET_IDS, ["false", "2", "pemilu[,]netral"], strict=True))
    play(setup, "H5P.QuestionSet", one_right, 4, 4, token)
    assert best(setup) == 20 and not lesson_done(setup)  # 1 of 5 points: the true/false question only
    assert setup.activity.statements.filter(disagrees=True).count() == 1
    # answered again in the same attempt: each question counts once, by its latest answer
    play(setup, "H5P.QuestionSet", dict(zip(SET_IDS[1:], ["0[,]1", "netral[,]pemilu"], strict=True)), 4, 4, token)
    assert best(setup) == 100 and lesson_done(setup)


def test_set_answers_from_another_attempt_do_not_count(course_with):
    setup = course_with("H5P.QuestionSet", QUESTION_SET)
    play(setup, "H5P.QuestionSet", TYPES["H5P.QuestionSet"][1], 4, 4)
    H5PResult.objects.filter(user=setup.learner).update(best_score=0)
    LessonCompletion.objects.all().delete()
    play(setup, "H5P.QuestionSet", {}, 4, 4)  # a new attempt: only the set's statement, no answers in it
    assert best(setup) == 0


@pytest.mark.parametrize("main", sorted(TYPES))
def test_each_type_is_scored_by_the_server_right_and_wrong(course_with, main):
    params, right, wrong, maximum = TYPES[main]
    wrong_setup = course_with(main, params)
    assert services.completion_rule(wrong_setup.activity) == "score"
    play(wrong_setup, main, wrong, maximum, maximum)  # a wrong answer claiming full marks
    assert best(wrong_setup) < 70 and not lesson_done(wrong_setup)
    assert wrong_setup.activity.statements.filter(disagrees=True).count() == 1
    right_setup = course_with(main, params)
    play(right_setup, main, right, 0, maximum)  # a right answer: the server's score counts, whatever is claimed
    assert best(right_setup) == 100 and lesson_done(right_setup)
    assert Entry.objects.get(employee=right_setup.learner).status == "verified"


def test_a_course_passed_on_a_score_the_server_cannot_check_posts_jp_for_a_verifier(course_with):
    setup = course_with("H5P.Essay", {"taskDescription": "<p>Tulis esai.</p>"}, completion_rule="score")
    assert services.unchecked_activities(setup.course) == [setup.activity]
    play(setup, "H5P.Essay", "Esai saya", 1, 1)
    assert best(setup) == 100 and lesson_done(setup)  # the reported score counts: nothing to check it against
    assert Entry.objects.get(employee=setup.learner).status == "submitted"


def test_a_question_set_holding_an_essay_is_not_rechecked(course_with):
    questions = [
        *QUESTION_SET["questions"],
        {"library": "H5P.Essay 1.5", "params": {}, "subContentId": str(uuid.uuid4())},
    ]
    setup = course_with("H5P.QuestionSet", {"questions": questions})
    assert services.unchecked_activities(setup.course) == [setup.activity]


def test_the_facilitator_sees_an_activity_passed_by_completion_as_done(course_with):
    setup = course_with("H5P.Essay", {"taskDescription": "<p>Renungkan.</p>"})  # default rule: completed
    assert services.completion_rule(setup.activity) == "completed"
    token = attempt_token(setup.learner, setup.lesson, setup.activity)
    body = answered(setup.activity, 0, 1, verb="completed")
    services.record_xapi(setup.learner, setup.activity, token, body)
    assert lesson_done(setup)
    assert Entry.objects.get(employee=setup.learner).status == "verified"  # no score decided it
    page = facilitator_page(setup)
    row = page.text.split(setup.learner.get_full_name())[1].split("</tr>")[0]
    assert "100%" in row and "0%" not in row.replace("100%", "")


def test_the_facilitator_listing_runs_the_same_queries_for_one_or_many_disputed_scores(course_with):
    setup = course_with("H5P.TrueFalse", TF)
    facilitator = UserFactory()
    setup.course.facilitators.add(facilitator)
    setup.course.save()
    client = Client()
    client.force_login(facilitator)

    def forge(count):
        for _n in range(count):
            learner = UserFactory()
            services.enrol(learner, setup.course)
            token = attempt_token(learner, setup.lesson, setup.activity)
            services.record_xapi(learner, setup.activity, token, answered(setup.activity, 1, 1, "true"))
        client.get(f"/kursus/{setup.course.pk}/fasilitator/")  # warm: the navigation cached for this audience
        with CaptureQueriesContext(connection) as queries:
            page = client.get(f"/kursus/{setup.course.pk}/fasilitator/")
        assert page.status_code == 200
        return len(queries), page.text.count("<time ")

    few, listed_few = forge(1)
    many, listed_many = forge(5)
    assert (listed_few, listed_many) == (1, 6)
    assert many == few


NOTE = "Skor aktivitas ini tidak dapat diperiksa ulang oleh server"


def test_the_admin_marks_activities_and_lessons_whose_scores_the_server_cannot_check(course_with):
    essay = course_with("H5P.Essay", {"taskDescription": "<p>Tulis esai.</p>"}, completion_rule="score")
    checked = course_with("H5P.TrueFalse", TF)
    admin = Client()
    admin.force_login(UserFactory(is_superuser=True))
    for setup, marked in ((essay, True), (checked, False)):
        activity_page = admin.get(f"/admin/snippets/courses/h5pactivity/edit/{setup.activity.pk}/")
        lesson_page = admin.get(f"/admin/pages/{setup.lesson.pk}/edit/")
        assert activity_page.status_code == lesson_page.status_code == 200
        assert (NOTE in activity_page.text, NOTE in lesson_page.text) == (marked, marked)
    assert "Kuis H5P.Essay (H5P.Essay)" in admin.get(f"/admin/pages/{essay.lesson.pk}/edit/").text
