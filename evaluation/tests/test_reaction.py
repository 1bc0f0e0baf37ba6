"""Level 1 – reaction: question sets attached to the four kinds of activity, who may answer, one response each,
and the anonymous results (who sees them, what they count, constant queries)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from communities.models import Attendance, CommunityPage, CopSession
from corpu.access import AccessLevel
from courses.models import CourseCatalogPage, CoursePage, Enrolment, LessonPage
from evaluation.models import Answer, Question, QuestionSet, Response, SurveyTarget
from evaluation.services import reaction
from ledger.models import Entry
from people.roles import CLO, DEWAN_PENGARAH, assign_role
from planning.models import LearningProgramme
from tests.factories import UserFactory, unit


@pytest.fixture
def course(home):
    catalog = home.add_child(instance=CourseCatalogPage(title="Kursus", slug="kursus-eval"))
    page = catalog.add_child(instance=CoursePage(title="Etika ASN", access_level=AccessLevel.PUBLIC))
    page.add_child(instance=LessonPage(title="Bacaan", body=[("text", "<p>Halo</p>")]))
    return page


def finished(course, user=None):
    user = user or UserFactory()
    Enrolment.objects.create(course=course, user=user, status="completed")
    return user


def course_answers(relevance=5, quality=4, usefulness=3, comment=""):
    keys = {q.key: q.pk for q in reaction.default_set("kursus").questions.all()}
    values = {"relevance": relevance, "quality": quality, "usefulness": usefulness, "comment": comment}
    return {f"reaksi-q{keys[k]}": v for k, v in values.items() if v != ""}


def make_set(title, questions, default_for=""):
    question_set = QuestionSet.objects.create(title=title, default_for=default_for)
    for order, (kind, text, options, required) in enumerate(questions):
        Question.objects.create(
            question_set=question_set, sort_order=order, kind=kind, text=text, options=options, required=required
        )
    return question_set


@pytest.fixture
def session(home):
    community = home.add_child(
        instance=CommunityPage(title="Jalan dan Jembatan", purpose="Berbagi praktik", access_level=AccessLevel.ASN)
    )
    return CopSession.objects.create(
        community=community,
        title="Bedah kasus longsor",
        starts_at=timezone.now() - datetime.timedelta(days=2),
        duration_hours=Decimal(2),
        created_by=UserFactory(),
    )


@pytest.fixture
def programme(db):
    item = LearningProgramme.objects.create(
        year=timezone.localdate().year,
        title="Pelatihan pengawasan jalan",
        level="teknis",
        objective="Mampu mengawasi konstruksi jalan",
        method="pelatihan",
        organiser="BKPSDM",
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
        ends_on=timezone.localdate() - datetime.timedelta(days=5),
        delivery="external",
    )
    item.target_units.add(unit("Dinas PUPR"))
    return item


def external_entry(employee, **extra):
    day = datetime.date(timezone.localdate().year, 3, 2)
    fields = {"form": "seminar", "title": "Seminar jalan nasional", "unit": "hari", "source": "external", **extra}
    return Entry.objects.create(employee=employee, start_date=day, end_date=day, **fields)


def test_default_course_set_keeps_the_former_survey_wording(db):
    question_set = QuestionSet.objects.get(default_for="kursus")
    rows = list(question_set.questions.order_by("sort_order").values_list("key", "kind", "text", "required"))
    assert question_set.title == "Survei reaksi kursus"
    assert rows == [
        ("relevance", "likert", "Materi relevan dengan pekerjaan saya", True),
        ("quality", "likert", "Materi dan fasilitator berkualitas", True),
        ("usefulness", "likert", "Saya akan menerapkan yang saya pelajari", True),
        ("comment", "text", "Saran", False),
    ]


def test_question_validation(db):
    question_set = QuestionSet.objects.create(title="Uji")
    with pytest.raises(ValidationError, match="dua pilihan"):
        Question(question_set=question_set, kind="choice", text="Format?", options="Daring").clean()
    with pytest.raises(ValidationError, match="lima label"):
        Question(question_set=question_set, kind="likert", text="Puas?", options="buruk\nbaik").clean()
    labels = "buruk sekali\nburuk\ncukup\nbaik\nbaik sekali"
    assert Question(kind="likert", text="Puas?", options=labels).scale_labels()[4] == (5, "baik sekali")
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionSet.objects.create(title="Bawaan kedua", default_for="kursus")  # one default set per kind


def test_a_target_names_exactly_one_activity(course, session):
    question_set = QuestionSet.objects.get(default_for="kursus")
    with pytest.raises(ValidationError):
        SurveyTarget(question_set=question_set, course=course, cop_session=session).clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyTarget.objects.create(question_set=question_set, course=course, cop_session=session)


def test_only_a_course_learner_who_finished_answers_and_only_once(course):
    learner = UserFactory()
    Enrolment.objects.create(course=course, user=learner, status="active")
    with pytest.raises(PermissionDenied):
        reaction.submit(learner, course, course_answers())
    Enrolment.objects.filter(user=learner).update(status="completed")
    reaction.submit(learner, course, course_answers(5, 4, 3, "Bagus"))
    with pytest.raises(ValidationError, match="sudah mengisi"):
        reaction.submit(learner, course, course_answers(1, 1, 1))
    assert Response.objects.filter(respondent=learner).count() == 1
    assert sorted(Answer.objects.filter(question__kind="likert").values_list("number", flat=True)) == [3, 4, 5]
    target = SurveyTarget.objects.get(course=course)
    with pytest.raises(IntegrityError), transaction.atomic():  # the database refuses a second row as well
        Response.objects.create(target=target, respondent=learner)


def test_missing_required_answer_and_out_of_scale_value_are_refused(course):
    learner = finished(course)
    answers = course_answers()
    answers.pop(next(iter(answers)))
    with pytest.raises(ValidationError) as error:
        reaction.submit(learner, course, answers)
    assert error.value.form.errors
    forged = course_answers()
    forged[next(iter(forged))] = "9"
    with pytest.raises(ValidationError):
        reaction.submit(learner, course, forged)
    assert not Response.objects.exists()


def test_cop_session_attendees_answer_the_set_attached_to_it(session):
    attendee, absent = UserFactory(), UserFactory()
    Attendance.objects.create(session=session, user=attendee, hours=2)
    custom = make_set(
        "Sesi bedah kasus",
        [
            ("likert", "Kasus relevan", "", True),
            ("choice", "Format", "Luring\nDaring", True),
            ("text", "Usul topik", "", False),
        ],
    )
    SurveyTarget.objects.create(question_set=custom, cop_session=session)
    questions = list(custom.questions.order_by("sort_order"))
    data = {f"reaksi-q{questions[0].pk}": "4", f"reaksi-q{questions[1].pk}": "Daring"}
    with pytest.raises(PermissionDenied):
        reaction.submit(absent, session, data)
    with pytest.raises(ValidationError):  # not one of the options
        reaction.submit(attendee, session, {**data, f"reaksi-q{questions[1].pk}": "Hibrida"})
    reaction.submit(attendee, session, {**data, f"reaksi-q{questions[2].pk}": "Drainase jalan"})
    items = reaction.results(reaction.target_of(session))["items"]
    assert items[1]["options"] == [("Luring", 0), ("Daring", 1)] and items[2]["texts"] == ["Drainase jalan"]


def test_without_a_set_of_its_own_or_a_default_an_activity_has_no_survey(session):
    assert reaction.target_of(session) is None
    attendee = UserFactory()
    Attendance.objects.create(session=session, user=attendee, hours=2)
    with pytest.raises(ValidationError, match="tidak memiliki survei"):
        reaction.submit(attendee, session, {})


def test_programme_targets_and_external_activity_employee_answer(programme):
    make_set("Program", [("likert", "Program bermanfaat", "", True)], default_for="program")
    make_set("Eksternal", [("likert", "Kegiatan bermanfaat", "", True)], default_for="kegiatan")
    targeted = UserFactory(unit_kerja=unit("Dinas PUPR/Bidang Bina Marga"))
    elsewhere = UserFactory(unit_kerja=unit("Dinas Kesehatan"))
    assert reaction.may_answer(targeted, programme) and not reaction.may_answer(elsewhere, programme)
    entry = external_entry(elsewhere)
    assert reaction.may_answer(elsewhere, entry) and not reaction.may_answer(targeted, entry)
    rejected = external_entry(elsewhere, status="rejected", title="Ditolak")
    assert not reaction.may_answer(elsewhere, rejected)
    pending = reaction.pending_for(elsewhere)
    assert [(kind, obj.pk) for kind, obj, _set in pending] == [("kegiatan", entry.pk)]
    question = QuestionSet.objects.get(default_for="kegiatan").questions.get()
    reaction.submit(elsewhere, entry, {f"reaksi-q{question.pk}": "5"})
    assert reaction.pending_for(elsewhere) == []
    assert [obj.pk for _kind, obj, _set in reaction.pending_for(targeted)] == [programme.pk]


def test_answer_page_for_a_cop_session(session):
    make_set("Sesi", [("likert", "Sesi bermanfaat", "", True)], default_for="sesi")
    attendee = UserFactory()
    Attendance.objects.create(session=session, user=attendee, hours=2)
    client = Client()
    client.force_login(attendee)
    assert "Bedah kasus longsor" in client.get("/evaluasi/reaksi/saya/").text
    url = f"/evaluasi/reaksi/sesi/{session.pk}/isi/"
    page = client.get(url).text
    assert "Sesi bermanfaat" in page
    question = QuestionSet.objects.get(default_for="sesi").questions.get()
    assert "belum diisi" in client.post(url, {}).text  # the form comes back with the message
    reply = client.post(url, {f"reaksi-q{question.pk}": "4"}, follow=True)
    assert "Terima kasih" in reply.text and "Bedah kasus longsor" not in reply.text
    assert "sudah mengisi" in client.get(url).text
    outsider = Client()
    outsider.force_login(UserFactory())
    assert outsider.get(url).status_code == 403
    assert Client().get(url).status_code == 302  # sign in first


def test_results_count_each_option_and_show_comments_without_names(course):
    facilitator = UserFactory()
    course.facilitators.add(facilitator)
    course.save()
    learners = [finished(course, UserFactory(nama=f"Peserta Rahasia {i}")) for i in range(3)]
    for learner, (r, q, u, comment) in zip(
        learners, [(5, 4, 3, "Tambah contoh"), (4, 4, 3, ""), (5, 2, 1, "Terlalu cepat")], strict=True
    ):
        reaction.submit(learner, course, course_answers(r, q, u, comment))
    client = Client()
    client.force_login(facilitator)
    page = client.get(f"/evaluasi/reaksi/kursus/{course.pk}/")
    assert page.status_code == 200
    data = page.context["data"]
    relevance, quality, usefulness, comment = data["items"]
    assert data["n"] == 3
    assert [n for _label, n in relevance["options"]] == [0, 0, 0, 1, 2]
    assert relevance["mean"] == pytest.approx(4.67) and quality["mean"] == pytest.approx(3.33)
    assert [n for _label, n in usefulness["options"]] == [1, 0, 2, 0, 0]
    assert comment["texts"] == ["Tambah contoh", "Terlalu cepat"]
    html = page.text
    assert "Terlalu cepat" in html and "Peserta Rahasia" not in html and learners[0].username not in html
    assert 'id="reaksi-data"' in html and "chart.umd.min.js" in html


@pytest.mark.parametrize("count", [2, 6])
def test_results_page_runs_constant_queries(course, count, django_assert_max_num_queries):
    clo = UserFactory()
    assign_role(clo, CLO)
    for i in range(count):
        reaction.submit(finished(course), course, course_answers(1 + i % 5, 3, 4, f"komentar {i}"))
    client = Client()
    client.force_login(clo)
    client.get(f"/evaluasi/reaksi/kursus/{course.pk}/")  # warm the session and the user's caches
    with django_assert_max_num_queries(22):
        assert client.get(f"/evaluasi/reaksi/kursus/{course.pk}/").status_code == 200


def test_results_page_queries_do_not_grow_with_responses(course, django_assert_num_queries):
    """The same number of queries for 1 and for 8 responses."""
    clo = UserFactory()
    assign_role(clo, CLO)
    client = Client()
    client.force_login(clo)
    url = f"/evaluasi/reaksi/kursus/{course.pk}/"
    reaction.submit(finished(course), course, course_answers(comment="satu"))
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(7):
        reaction.submit(finished(course), course, course_answers(comment=f"lagi {i}"))
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_who_sees_the_results(course, session, programme):
    owner, facilitator, other_facilitator, learner, dewan, clo = (UserFactory() for _ in range(6))
    course.owner = owner
    course.facilitators.add(facilitator)
    course.save()
    other = CoursePage.objects.get(pk=course.pk).get_parent().add_child(instance=CoursePage(title="Lain"))
    other.facilitators.add(other_facilitator)
    other.save()
    finished(course, learner)
    assign_role(dewan, DEWAN_PENGARAH)
    assign_role(clo, CLO)
    url = f"/evaluasi/reaksi/kursus/{course.pk}/"

    def status(user, address=url):
        client = Client()
        if user:
            client.force_login(user)
        return client.get(address).status_code

    assert [status(u) for u in (owner, facilitator, dewan, clo)] == [200] * 4
    assert [status(u) for u in (other_facilitator, learner)] == [403, 403]
    assert status(None) == 302
    assert status(session.created_by, f"/evaluasi/reaksi/sesi/{session.pk}/") == 200
    assert status(facilitator, f"/evaluasi/reaksi/sesi/{session.pk}/") == 403
    assert status(facilitator, f"/evaluasi/reaksi/program/{programme.pk}/") == 403
    assert status(clo, f"/evaluasi/reaksi/program/{programme.pk}/") == 200
    assert status(clo, "/evaluasi/reaksi/lain/1/") == 404
