"""Level 2 – learning: pre-test / post-test pairs of a course (quiz or H5P), gain per learner and per course,
the page for facilitators and the CLO, and the pair's validation."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from corpu.access import AccessLevel
from courses.models import (
    CourseCatalogPage,
    CoursePage,
    Enrolment,
    H5PActivity,
    H5PResult,
    LessonPage,
    QuizAttempt,
    XAPIStatement,
)
from evaluation.models import PrePostPair
from evaluation.services import learning
from people.roles import CLO, assign_role
from tests.factories import UserFactory

QUIZ = {"title": "Tes", "max_attempts": 3, "questions": [{"kind": "tf", "text": "SKP tahunan.", "answer_true": True}]}


@pytest.fixture
def course(home):
    catalog = home.add_child(instance=CourseCatalogPage(title="Kursus", slug="kursus-pp"))
    page = catalog.add_child(instance=CoursePage(title="SKP", access_level=AccessLevel.PUBLIC))
    pre = page.add_child(instance=LessonPage(title="Pre-test", body=[("quiz", QUIZ)], required=False))
    post = page.add_child(instance=LessonPage(title="Post-test", body=[("quiz", QUIZ)]))
    return {"course": page, "pre": pre, "post": post}


def quiz_pair(course):
    pair = PrePostPair(
        course=course["course"], pre_kind="quiz", pre_lesson=course["pre"], post_kind="quiz", post_lesson=course["post"]
    )
    pair.full_clean()  # fills the quiz block ids
    pair.save()
    return pair


def take(lesson, user, score, when):
    block_id = lesson.blocks_of("quiz")[0][0]
    return QuizAttempt.objects.create(
        lesson=lesson, block_id=block_id, user=user, score=Decimal(score), submitted_at=when
    )


def learner(course, **extra):
    user = UserFactory(**extra)
    Enrolment.objects.create(course=course["course"], user=user)
    return user


def test_gain_per_learner_and_per_course_from_quizzes(course):
    pair = quiz_pair(course)
    t = timezone.now() - datetime.timedelta(days=3)
    a, b, c, d = (learner(course) for _ in range(4))
    take(course["pre"], a, 40, t)
    take(course["pre"], a, 80, t + datetime.timedelta(days=1))  # a pre-test retaken later: the first result counts
    take(course["post"], a, 70, t + datetime.timedelta(days=1))
    take(course["post"], a, 90, t + datetime.timedelta(days=2))  # the best post-test counts
    take(course["pre"], b, 100, t)
    take(course["post"], b, 100, t)
    take(course["pre"], c, 50, t)  # only the pre-test
    take(course["post"], d, 60, t)  # only the post-test
    gains = {g.user.pk: g for g in learning.pair_gains(pair)}
    assert (gains[a.pk].pre.percent, gains[a.pk].post.percent, gains[a.pk].points) == (40, 90, 50)
    assert gains[a.pk].normalised == pytest.approx(0.833, abs=0.001)
    assert gains[b.pk].points == 0 and gains[b.pk].normalised is None  # pre = 100: no normalised gain
    assert learning.summary(list(gains.values())) == {
        "paired": 2,
        "only_pre": 1,
        "only_post": 1,
        "mean_pre": 70.0,
        "mean_post": 95.0,
        "mean_gain": 25.0,
        "mean_normalised": 0.833,
    }


def test_a_learner_outside_the_course_is_not_counted(course):
    pair = quiz_pair(course)
    outsider = UserFactory()  # not enrolled (e.g. a facilitator trying the quiz)
    take(course["pre"], outsider, 0, timezone.now())
    take(course["post"], outsider, 100, timezone.now())
    assert learning.pair_gains(pair) == []


@pytest.fixture
def h5p_course(course):
    pre = H5PActivity.objects.create(title="Pre H5P", main_library="H5P.CorpUTrueFalse", folder="x")
    post = H5PActivity.objects.create(title="Post H5P", main_library="H5P.CorpUTrueFalse", folder="y")
    lesson = course["course"].add_child(instance=LessonPage(title="Tes H5P", body=[("h5p", pre), ("h5p", post)]))
    return {**course, "lesson": lesson, "pre_activity": pre, "post_activity": post}


def statement(activity, user, reported, checked=None, when=None, part=False):
    body = {"object": {"id": f"http://testserver/kursus/h5p/{activity.pk}/" + ("?subContentId=1" if part else "")}}
    return XAPIStatement.objects.create(
        statement_id=uuid.uuid4(),
        activity=activity,
        user=user,
        verb="http://adlnet.gov/expapi/verbs/answered",
        reported_score=Decimal(reported),
        checked_score=None if checked is None else Decimal(checked),
        disagrees=checked is not None and checked != reported,
        statement=body,
        stored_at=when or timezone.now(),
    )


def test_gain_from_h5p_uses_the_server_checked_first_score_and_the_best_result(h5p_course):
    course = h5p_course
    pair = PrePostPair(
        course=course["course"],
        pre_kind="h5p",
        pre_lesson=course["lesson"],
        pre_activity=course["pre_activity"],
        post_kind="h5p",
        post_lesson=course["lesson"],
        post_activity=course["post_activity"],
    )
    pair.full_clean()
    pair.save()
    user = learner(course)
    t = timezone.now() - datetime.timedelta(hours=5)
    statement(course["pre_activity"], user, 50, when=t - datetime.timedelta(hours=1), part=True)  # a part: ignored
    statement(course["pre_activity"], user, 100, checked=0, when=t)  # forged 100: the server counted 0
    statement(course["pre_activity"], user, 100, checked=100, when=t + datetime.timedelta(hours=1))
    H5PResult.objects.create(activity=course["post_activity"], user=user, best_score=Decimal(75))
    (gain,) = learning.pair_gains(pair)
    assert (gain.pre.percent, gain.post.percent, gain.points, gain.normalised) == (0, 75, 75, 0.75)
    assert learning.scores(pair, "pre", [user.pk])[user.pk].percent == 0


def test_pair_validation(course, h5p_course):
    other = CoursePage.objects.get(pk=course["course"].pk).get_parent().add_child(instance=CoursePage(title="Lain"))
    foreign = other.add_child(instance=LessonPage(title="Kuis lain", body=[("quiz", QUIZ)]))
    base = {"course": course["course"], "pre_kind": "quiz", "post_kind": "quiz", "post_lesson": course["post"]}
    with pytest.raises(ValidationError, match="bukan bagian"):
        PrePostPair(**base, pre_lesson=foreign).full_clean()
    with pytest.raises(ValidationError, match="tidak memiliki kuis"):
        PrePostPair(**base, pre_lesson=course["pre"], pre_block_id="tidak-ada").full_clean()
    with pytest.raises(ValidationError, match="berbeda"):
        PrePostPair(**{**base, "post_lesson": course["pre"]}, pre_lesson=course["pre"]).full_clean()
    with pytest.raises(ValidationError, match="aktivitas H5P"):
        PrePostPair(
            **{**base, "post_kind": "h5p", "post_activity": h5p_course["pre_activity"]}, pre_lesson=course["pre"]
        ).full_clean()  # post lesson has no H5P activity


def test_learning_page_for_facilitators_and_the_clo_with_constant_queries(course):
    pair = quiz_pair(course)
    facilitator, clo, stranger = UserFactory(), UserFactory(), UserFactory()
    course["course"].facilitators.add(facilitator)
    course["course"].save()
    assign_role(clo, CLO)
    url = f"/evaluasi/pembelajaran/kursus/{course['course'].pk}/"

    def add_learners(n):
        for i in range(n):
            user = learner(course, nama=f"Peserta {i}")
            take(course["pre"], user, 20 + i, timezone.now())
            take(course["post"], user, 80, timezone.now())

    add_learners(2)
    client = Client()
    client.force_login(facilitator)
    page = client.get(url)
    assert page.status_code == 200 and page.context["pairs"][0]["summary"]["paired"] == 2
    assert f'data-testid="paired-{pair.pk}">2<' in page.text
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_learners(6)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).context["pairs"][0]["summary"]["paired"] == 8
    assert len(many.captured_queries) == len(few.captured_queries)
    admin = Client()
    admin.force_login(clo)
    assert admin.get(url).status_code == 200
    other = Client()
    other.force_login(stranger)
    assert other.get(url).status_code == 403
