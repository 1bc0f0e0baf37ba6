"""Issue 14: the activity's own result decides (not a sub-question's), and content without a score completes."""

import json
import re
import uuid
from decimal import Decimal

import pytest

from courses import services
from courses.models import CompletionRule, H5PResult, LessonCompletion, XAPIStatement, default_completion_rule
from courses.tests.conftest import attempt_token, statement
from courses.tests.h5p_helpers import question_package
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
SUB_EXTENSION = "http://h5p.org/x-api/h5p-subContentId"


@pytest.fixture
def learner(mooc):
    mooc["course"].pass_mark = 60
    mooc["course"].save_revision().publish()
    user = UserFactory()
    services.enrol(user, mooc["course"])
    return user


def send(user, mooc, body, token=None):
    token = token or attempt_token(user, mooc["quiz"], mooc["activity"])
    return services.record_xapi(user, mooc["activity"], token, body)


def done(user, mooc):
    return LessonCompletion.objects.filter(user=user, lesson=mooc["quiz"]).exists()


def sub_questions(activity):
    """Three ways H5P marks a statement about one question of a set."""
    by_id = statement(activity, statement_id=str(uuid.uuid4()))
    by_id["object"]["id"] += "?subContentId=4b1e7c9a-0000-4000-8000-000000000001"
    by_object_extension = statement(activity, statement_id=str(uuid.uuid4()))
    by_object_extension["object"]["definition"] = {"extensions": {SUB_EXTENSION: "q2"}}
    by_parent = statement(activity, statement_id=str(uuid.uuid4()))
    by_parent["context"] = {
        "contextActivities": {"parent": [{"id": f"http://testserver/kursus/h5p/{activity.pk}/"}]},
        "extensions": {SUB_EXTENSION: "q3"},
    }
    return [by_id, by_object_extension, by_parent]


@pytest.mark.parametrize("which", range(3))
def test_a_right_sub_question_alone_neither_scores_nor_completes_the_activity(mooc, learner, which):
    part = sub_questions(mooc["activity"])[which]
    part["verb"]["id"] = COMPLETED
    send(learner, mooc, part)
    assert XAPIStatement.objects.filter(user=learner).count() == 1  # stored, for the record
    result = H5PResult.objects.get(user=learner, activity=mooc["activity"])
    assert result.best_score == 0 and not result.completed
    assert not done(learner, mooc)


def test_one_right_question_of_three_in_a_set_does_not_pass(mooc, learner, h5p_activity, tmp_path):
    """A set the server cannot re-check (it holds an essay): its own reported score decides, not its parts'."""
    questions = [{"library": "H5P.Essay 1.5", "params": {}, "subContentId": str(uuid.uuid4())} for _ in range(3)]
    package = question_package(tmp_path / "set.h5p", "H5P.QuestionSet", {"questions": questions})
    mooc["activity"] = h5p_activity(str(package), completion_rule="score")
    mooc["quiz"].body = [("h5p", mooc["activity"])]
    mooc["quiz"].save_revision().publish()
    token = attempt_token(learner, mooc["quiz"], mooc["activity"])
    for part in sub_questions(mooc["activity"]):
        send(learner, mooc, part, token)  # each sub-question statement: 1/1
    send(learner, mooc, statement(mooc["activity"], raw=1, maximum=3, statement_id=str(uuid.uuid4())), token)
    assert H5PResult.objects.get(user=learner).best_score == Decimal("33.33")
    assert not done(learner, mooc)
    send(learner, mooc, statement(mooc["activity"], raw=2, maximum=3, statement_id=str(uuid.uuid4())), token)
    assert done(learner, mooc)  # 66.67% ≥ the pass mark of 60%


def completed_statement(activity, **result):
    return {
        "id": str(uuid.uuid4()),
        "verb": {"id": COMPLETED},
        "object": {"id": f"http://testserver/kursus/h5p/{activity.pk}/"},
        **({"result": result} if result else {}),
    }


def test_content_without_a_score_completes_its_lesson_on_its_own_completed_verb(mooc, learner):
    activity = mooc["activity"]
    activity.completion_rule = CompletionRule.COMPLETED
    activity.save()
    send(learner, mooc, completed_statement(activity))
    assert done(learner, mooc)
    assert services.course_progress(learner, mooc["course"])["done"] == 1


def test_result_completion_true_completes_a_completion_rule_activity(mooc, learner):
    mooc["activity"].completion_rule = CompletionRule.COMPLETED
    mooc["activity"].save()
    body = completed_statement(mooc["activity"], completion=True)
    body["verb"]["id"] = "http://adlnet.gov/expapi/verbs/experienced"
    send(learner, mooc, body)
    assert done(learner, mooc)


def test_a_completion_rule_activity_is_not_completed_by_a_sub_part(mooc, learner):
    mooc["activity"].completion_rule = CompletionRule.COMPLETED
    mooc["activity"].save()
    part = sub_questions(mooc["activity"])[0]
    part["verb"]["id"] = COMPLETED
    send(learner, mooc, part)
    assert not done(learner, mooc)


def test_a_score_rule_activity_is_not_completed_without_a_passing_score(mooc, learner):
    assert mooc["activity"].completion_rule == CompletionRule.SCORE  # the true/false sample is a question
    send(learner, mooc, completed_statement(mooc["activity"], completion=True))
    send(learner, mooc, completed_statement(mooc["activity"], completion=True, score={"raw": 1, "max": 2}))
    assert not done(learner, mooc)


@pytest.mark.parametrize(
    "library, rule",
    [
        ("H5P.CorpUTrueFalse", "score"),
        ("H5P.QuestionSet", "score"),
        ("H5P.Blanks", "score"),
        ("H5P.Accordion", "completed"),
        ("H5P.InteractiveBook", "completed"),
        ("H5P.CoursePresentation", "completed"),
        ("H5P.Video", "completed"),
        ("H5P.SomethingNew", "completed"),
    ],
)
def test_the_completion_rule_defaults_from_the_content_type(library, rule):
    assert default_completion_rule(library) == rule


def test_an_upload_takes_its_content_types_rule_and_the_author_may_change_it(h5p_activity):
    activity = h5p_activity()
    assert activity.main_library == "H5P.CorpUTrueFalse" and activity.completion_rule == "score"
    activity.completion_rule = CompletionRule.COMPLETED
    activity.save()
    activity.refresh_from_db()
    assert activity.completion_rule == "completed"


@pytest.fixture
def two_activity_lesson(mooc, h5p_activity):
    second = h5p_activity("pengadaan-e-katalog.h5p")
    lesson = mooc["quiz"]
    lesson.body = [("h5p", mooc["activity"]), ("h5p", second)]
    lesson.save_revision().publish()
    return lesson, mooc["activity"], second


def test_two_activities_on_one_lesson_each_store_their_statements_under_their_own_attempt(
    mooc, learner, two_activity_lesson, client
):
    lesson, first, second = two_activity_lesson
    client.force_login(learner)
    html = client.get(lesson.url).text
    assert html.count('class="h5p-frame"') == 2
    attempts = dict(re.findall(r'data-activity="(\d+)"[^>]*\s+data-attempt="([^"]+)"', html))
    assert set(attempts) == {str(first.pk), str(second.pk)} and len(set(attempts.values())) == 2
    services.record_xapi(learner, first, attempts[str(first.pk)], statement(first, statement_id=str(uuid.uuid4())))
    assert not LessonCompletion.objects.filter(user=learner, lesson=lesson).exists()  # the second is still open
    services.record_xapi(learner, second, attempts[str(second.pk)], statement(second, statement_id=str(uuid.uuid4())))
    stored = {(s.activity_id, str(s.attempt.token)) for s in XAPIStatement.objects.select_related("attempt")}
    assert stored == {(first.pk, attempts[str(first.pk)]), (second.pk, attempts[str(second.pk)])}
    assert LessonCompletion.objects.filter(user=learner, lesson=lesson).exists()


def test_the_frame_names_its_activity_and_attempt_so_the_page_keys_messages_by_them(
    mooc, learner, two_activity_lesson, client
):
    lesson, first, second = two_activity_lesson
    client.force_login(learner)
    html = client.get(lesson.url).text
    for activity_id, attempt, frame in re.findall(
        r'data-activity="(\d+)"[^>]*\s+data-attempt="([^"]+)">\s*<iframe class="h5p-frame" src="([^"]+)"', html
    ):
        config = json.loads(re.search(r'id="h5p-config"[^>]*>(.*?)</script>', client.get(frame).text).group(1))
        assert (config["activity"], config["attempt"]) == (activity_id, attempt)


def test_the_author_changes_the_completion_rule_in_the_admin(h5p_activity, client):
    activity = h5p_activity()
    client.force_login(UserFactory(username="root", is_superuser=True))
    url = f"/admin/snippets/courses/h5pactivity/edit/{activity.pk}/"
    assert 'name="completion_rule"' in client.get(url).text
    form = {"title": activity.title, "access_level": "public", "completion_rule": "completed"}
    assert client.post(url, form).status_code == 302
    activity.refresh_from_db()
    assert activity.completion_rule == "completed"
