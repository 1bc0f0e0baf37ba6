"""Quizzes, assignments, live-session attendance, reaction survey and the facilitator's view."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from courses import services
from courses.models import LessonPage
from courses.tests.conftest import attempt_token, statement
from ledger.models import Entry
from tests.factories import UserFactory

QUIZ = {
    "title": "Kuis SKP",
    "max_attempts": 2,
    "questions": [
        {
            "kind": "mc",
            "text": "Unsur SKP?",
            "choices": [
                {"text": "Hasil kerja", "correct": True},
                {"text": "Perilaku kerja", "correct": True},
                {"text": "Absensi", "correct": False},
            ],
        },
        {"kind": "tf", "text": "SKP disusun setiap tahun.", "answer_true": True},
        {"kind": "short", "text": "Aplikasi penilaian kinerja nasional?", "accepted": "e-Kinerja; ekinerja"},
    ],
}


@pytest.fixture
def graded(mooc):
    course = mooc["course"]
    lesson = course.add_child(
        instance=LessonPage(
            title="Praktik",
            body=[
                ("quiz", QUIZ),
                ("assignment", {"title": "Unggah SKP Anda", "instructions": "<p>Unggah draf SKP.</p>"}),
                (
                    "live_session",
                    {"title": "Klinik SKP", "starts_at": "2026-12-01T09:00:00", "link": "https://meet.example"},
                ),
            ],
        )
    )
    blocks = {block.block_type: block.id for block in lesson.body}
    facilitator = UserFactory()
    course.facilitators.add(facilitator)
    course.save()
    return {**mooc, "lesson": lesson, "blocks": blocks, "facilitator": facilitator}


def test_quiz_grading_rules():
    assert services.grade_quiz(QUIZ, {"0": ["0", "1"], "1": "true", "2": "  E-KINERJA "}) == Decimal(100)
    assert services.grade_quiz(QUIZ, {"0": ["0"], "1": "true", "2": "simpeg"}) == Decimal("33.33")
    assert services.grade_quiz(QUIZ, {}) == Decimal(0)


@pytest.mark.django_db
def test_quiz_attempt_limit_and_pass_mark(graded):
    user = UserFactory()
    services.enrol(user, graded["course"])
    quiz_id = graded["blocks"]["quiz"]
    assert services.submit_quiz(user, graded["lesson"], quiz_id, {"1": "false"}).score == 0
    best = services.submit_quiz(user, graded["lesson"], quiz_id, {"0": ["0", "1"], "1": "true", "2": "ekinerja"})
    assert best.score == 100
    with pytest.raises(ValidationError, match="Batas percobaan"):
        services.submit_quiz(user, graded["lesson"], quiz_id, {})


@pytest.mark.django_db
def test_lesson_needs_quiz_grade_and_attendance_before_the_course_completes(graded):
    user = UserFactory()
    course, lesson, blocks = graded["course"], graded["lesson"], graded["blocks"]
    services.enrol(user, course)
    services.complete_lesson(user, graded["text"])
    services.record_xapi(
        user,
        graded["activity"],
        attempt_token(user, graded["quiz"], graded["activity"]),
        statement(graded["activity"], statement_id="7b0b3d5c-1c2e-4f7a-9a0b-1a2b3c4d5e6f"),
    )
    with pytest.raises(ValidationError):
        services.complete_lesson(user, lesson)  # graded lessons cannot be ticked off by hand
    services.submit_quiz(user, lesson, blocks["quiz"], {"0": ["0", "1"], "1": "true", "2": "ekinerja"})
    submission = services.submit_assignment(
        user, lesson, blocks["assignment"], SimpleUploadedFile("skp.pdf", b"%PDF-1.4", "application/pdf")
    )
    services.grade_assignment(submission, graded["facilitator"], 60)  # below the 70% pass mark
    assert not services.course_progress(user, course)["completed"]
    services.grade_assignment(submission, graded["facilitator"], 85)
    assert not services.course_progress(user, course)["completed"]  # still absent from the live session
    progress = services.record_attendance(lesson, blocks["live_session"], user, True, graded["facilitator"])
    assert progress["completed"] and Entry.objects.filter(employee=user).count() == 1
    with pytest.raises(ValidationError, match="sudah dinilai"):
        services.submit_assignment(user, lesson, blocks["assignment"], SimpleUploadedFile("b.pdf", b"%PDF"))


@pytest.mark.django_db
def test_assignment_upload_is_validated(graded):
    user = UserFactory()
    services.enrol(user, graded["course"])
    client = Client()
    client.force_login(user)
    url = f"/kursus/pelajaran/{graded['lesson'].pk}/tugas/{graded['blocks']['assignment']}/"
    client.post(url, {"file": SimpleUploadedFile("virus.exe", b"MZ")})
    client.post(url, {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00")})  # renamed, content gives it away
    assert not graded["lesson"].submissions.exists()
    client.post(url, {"file": SimpleUploadedFile("skp.pdf", b"%PDF-1.4")})
    assert graded["lesson"].submissions.get().user == user


@pytest.mark.django_db
def test_facilitator_view_actions_export_and_access(graded):
    learner = UserFactory(nama="Budi Santoso")
    course = graded["course"]
    course.enrolment_mode = "approval"
    course.save()
    enrolment = services.enrol(learner, course)
    facilitator = Client()
    facilitator.force_login(graded["facilitator"])
    url = f"/kursus/{course.pk}/fasilitator/"
    assert "Budi Santoso" in facilitator.get(url).text
    facilitator.post(url, {"action": "approve", "enrolment": enrolment.pk})
    enrolment.refresh_from_db()
    assert enrolment.status == "active"
    facilitator.post(
        url,
        {
            "action": "attendance",
            "enrolment": enrolment.pk,
            "lesson": graded["lesson"].pk,
            "block": graded["blocks"]["live_session"],
            "attended": "1",
        },
    )
    assert graded["lesson"].attendance.get().attended
    workbook = load_workbook(BytesIO(facilitator.get(url + "ekspor.xlsx").content))
    rows = list(workbook.active.values)
    assert rows[0][:2] == ("NIP", "Nama") and rows[1][1] == "Budi Santoso" and "Ya" in rows[1]
    assert workbook.active.title == "Peserta" and f"Hadir: {graded['lesson'].title}" in rows[0]
    assert rows[0][-1] == "Nilai tugas"
    stranger = Client()
    stranger.force_login(learner)
    assert stranger.get(url).status_code == 403
    assert stranger.get(url + "ekspor.xlsx").status_code == 403


def _finish(enrolment):
    """The learner finished the course (status and certificate, as check_completion leaves them)."""
    from courses.models import Certificate

    enrolment.status = "completed"
    enrolment.save()
    Certificate.objects.get_or_create(
        enrolment=enrolment, defaults={"learner_name": "x", "course_title": "x", "jp": enrolment.course.jp_value}
    )


def _course_survey_answers(relevance, quality, usefulness, comment):
    """The course page's survey form fields (the default course set, evaluation migration 0002), filled in."""
    from evaluation.models import QuestionSet

    questions = {q.key: q.pk for q in QuestionSet.objects.get(default_for="kursus").questions.all()}
    values = {"relevance": relevance, "quality": quality, "usefulness": usefulness, "comment": comment}
    return {f"reaksi-q{questions[key]}": value for key, value in values.items()}


@pytest.mark.django_db
def test_reaction_survey_once_after_completion(mooc):
    from evaluation.models import Answer

    user = UserFactory()
    client = Client()
    client.force_login(user)
    enrolment = services.enrol(user, mooc["course"])
    url = f"/kursus/{mooc['course'].pk}/survei/"
    answers = _course_survey_answers(5, 4, 5, "Bermanfaat")
    assert "reaksi-q" not in client.get(mooc["course"].url).text  # not finished: no survey on the course page
    assert client.post(url, answers).status_code == 403
    _finish(enrolment)
    page = client.get(mooc["course"].url).text
    assert "Materi relevan dengan pekerjaan saya" in page and f'action="{url}"' in page
    client.post(url, answers)
    second = client.post(url, _course_survey_answers(1, 1, 1, "Diubah"), follow=True)
    assert "sudah mengisi survei" in second.text
    stored = Answer.objects.filter(response__respondent=user, response__target__course=mooc["course"])
    assert {a.question.key: a.number or a.text for a in stored} == {
        "relevance": 5,
        "quality": 4,
        "usefulness": 5,
        "comment": "Bermanfaat",
    }
    assert "reaksi-q" not in client.get(mooc["course"].url).text  # answered: the form is gone


@pytest.mark.django_db
def test_reaction_survey_missing_answer_is_refused_with_a_message(mooc):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    _finish(services.enrol(user, mooc["course"]))
    answers = _course_survey_answers(5, 4, 5, "")
    answers.pop(next(iter(answers)))
    reply = client.post(f"/kursus/{mooc['course'].pk}/survei/", answers, follow=True)
    assert "belum diisi" in reply.text and "reaksi-q" in reply.text  # the form is still offered


@pytest.mark.django_db
def test_facilitator_sees_the_survey_means(graded):
    from evaluation.services import reaction

    course, facilitator = graded["course"], graded["facilitator"]
    for relevance in (5, 3):
        learner = UserFactory()
        _finish(services.enrol(learner, course))
        reaction.submit(learner, course, _course_survey_answers(relevance, 4, 4, ""))
    client = Client()
    client.force_login(facilitator)
    page = client.get(f"/kursus/{course.pk}/fasilitator/").text
    assert "Survei reaksi (2 responden)" in page and "Materi relevan dengan pekerjaan saya: 4,0" in page


@pytest.mark.django_db
def test_clo_assigns_a_whole_unit_and_a_list_of_nips(mooc):
    from people.roles import CLO, assign_role
    from tests.factories import unit

    course = mooc["course"]
    course.enrolment_mode = "assigned"
    course.save()
    in_unit = UserFactory(unit_kerja=unit("Dinas PUPR/Bidang Bina Marga"))
    elsewhere = UserFactory(unit_kerja=unit("Dinas Kesehatan"))
    listed = UserFactory()
    clo = UserFactory()
    assign_role(clo, CLO)
    client = Client()
    client.force_login(clo)
    client.post(
        f"/kursus/{course.pk}/fasilitator/",
        {"action": "assign", "unit": unit("Dinas PUPR").pk, "nips": f"{listed.nip}\n199901012020011999"},
    )
    assigned = set(course.enrolments.values_list("user_id", flat=True))
    assert assigned == {in_unit.pk, listed.pk} and elsewhere.pk not in assigned
    facilitator = Client()
    facilitator.force_login(UserFactory())
    course.facilitators.add(UserFactory())
    assert (
        facilitator.post(f"/kursus/{course.pk}/fasilitator/", {"action": "assign", "nips": elsewhere.nip}).status_code
        == 403
    )
