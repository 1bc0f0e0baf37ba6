"""Enrolment, progress, xAPI and completion: one ledger entry and one certificate per completed course."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from corpu.access import AccessLevel
from courses import services
from courses.models import Certificate, CoursePage, EnrolmentStatus, LessonCompletion, XAPIStatement
from courses.tests.conftest import attempt_token, open_lesson, statement
from ledger.models import Entry
from tests.factories import UserFactory, unit


def xapi(client, activity, body, attempt=""):
    return client.post(
        f"/kursus/h5p/{activity.pk}/xapi/",
        json.dumps({"statement": body, "attempt": attempt}),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_learner_completes_course_once_and_gets_jp_and_certificate(mooc):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    assert client.post(f"/kursus/{mooc['course'].pk}/daftar/").status_code == 302
    assert client.post(f"/kursus/pelajaran/{mooc['text'].pk}/selesai/").status_code == 302
    assert Entry.objects.count() == 0  # the H5P lesson is still open
    attempt = open_lesson(client, mooc["quiz"])["attempt"]
    wrong = statement(mooc["activity"], raw=0, statement_id="0b6a5f1e-1111-4c1e-9a53-0d7f9d6b1a11")
    failed = xapi(client, mooc["activity"], wrong, attempt)
    assert failed.json()["course_completed"] is False
    passed = xapi(client, mooc["activity"], statement(mooc["activity"]), attempt).json()
    assert passed["course_completed"] is True and passed["progress"].startswith("2 dari 2")
    again = xapi(client, mooc["activity"], statement(mooc["activity"]), attempt).json()
    assert again["duplicate"] is True
    entry = Entry.objects.get()
    assert (entry.employee, entry.form, entry.source, entry.source_ref) == (
        user,
        "e_learning",
        "course_completion",
        f"course:{mooc['course'].pk}",
    )
    certificate = Certificate.objects.get()
    assert entry.certificate_no == certificate.code
    assert XAPIStatement.objects.filter(attempt__token=attempt).count() == 2
    services.check_completion(user, mooc["course"])  # a second completion signal changes nothing
    assert Entry.objects.count() == 1 and Certificate.objects.count() == 1


@pytest.mark.django_db
def test_certificate_is_verifiable_publicly_and_downloadable_by_its_owner(mooc):
    user = UserFactory(nama="Siti Rahmah")
    services.enrol(user, mooc["course"])
    services.complete_lesson(user, mooc["text"])
    services.record_xapi(
        user, mooc["activity"], attempt_token(user, mooc["quiz"], mooc["activity"]), statement(mooc["activity"])
    )
    code = Certificate.objects.get().code
    page = Client().get(f"/sertifikat/{code}/")
    assert page.status_code == 200 and "Siti Rahmah" in page.text and "Netralitas ASN" in page.text
    assert Client().get("/sertifikat/TIDAKADA/").status_code == 404
    owner = Client()
    owner.force_login(user)
    pdf = owner.get(f"/kursus/sertifikat/{code}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(f"/kursus/sertifikat/{code}.pdf").status_code == 403


@pytest.mark.django_db
def test_enrolment_modes_and_capacity(mooc):
    course = mooc["course"]
    course.enrolment_mode = "approval"
    course.capacity = 1
    course.save()
    first = services.enrol(UserFactory(), course)
    assert first.status == EnrolmentStatus.PENDING
    first.status = EnrolmentStatus.ACTIVE
    first.save()
    with pytest.raises(ValidationError, match="penuh"):
        services.enrol(UserFactory(), course)
    course.enrolment_mode = "assigned"
    course.capacity = None
    course.save()
    with pytest.raises(ValidationError, match="ditugaskan"):
        services.enrol(UserFactory(), course)
    clo = UserFactory()
    assert services.assign(course, [UserFactory(), UserFactory()], clo) == 2


@pytest.mark.django_db
def test_internal_course_is_closed_to_outsiders_everywhere(mooc):
    course = mooc["course"]
    course.access_level = AccessLevel.INTERNAL
    course.owner_unit = unit("Dinas PUPR")
    course.save_revision().publish()
    outsider = Client()
    outsider.force_login(UserFactory(unit_kerja=unit("Dinas Kesehatan")))
    assert outsider.get(course.url).status_code == 403
    assert outsider.get(mooc["quiz"].url).status_code == 403
    assert "Netralitas ASN" not in outsider.get(mooc["catalog"].url).text
    assert outsider.post(f"/kursus/{course.pk}/daftar/").status_code == 403
    insider = Client()
    insider.force_login(UserFactory(unit_kerja=unit("Dinas PUPR/Bidang Bina Marga")))
    assert insider.get(course.url).status_code == 200
    assert "Netralitas ASN" in insider.get(mooc["catalog"].url).text


@pytest.mark.django_db
def test_xapi_endpoint_rejects_anonymous_and_bad_input(mooc):
    activity = mooc["activity"]
    assert xapi(Client(), activity, statement(activity)).status_code == 401
    learner, someone = UserFactory(), UserFactory()
    for user in (learner, someone):
        services.enrol(user, mooc["course"])
    client, other = Client(), Client()
    client.force_login(learner)
    other.force_login(someone)
    attempt = open_lesson(client, mooc["quiz"])["attempt"]
    assert xapi(client, activity, {"verb": {}}, attempt).status_code == 400
    assert (
        client.post(f"/kursus/h5p/{activity.pk}/xapi/", "no json", content_type="application/json").status_code == 400
    )
    assert xapi(client, activity, statement(activity), attempt).status_code == 200
    theirs = open_lesson(other, mooc["quiz"])["attempt"]
    assert xapi(other, activity, statement(activity), theirs).status_code == 403  # someone else's statement id


@pytest.mark.django_db
def test_hostile_upload_is_refused_by_the_admin_form(tmp_path, h5p_activity):
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    from courses.models import H5PActivity

    evil = tmp_path / "evil.h5p"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("h5p.json", "{}")
        archive.writestr("../../shell.php", "<?php ?>")
    activity = H5PActivity(title="Jahat", package=SimpleUploadedFile("evil.h5p", evil.read_bytes()))
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert "berbahaya" in str(error.value) and "content/content.json" in str(error.value)
    assert H5PActivity.objects.count() == 0


@pytest.mark.django_db
def test_course_pages_render_progress(mooc):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    assert "Daftar kursus" in client.get(mooc["course"].url).text
    services.enrol(user, mooc["course"])
    services.complete_lesson(user, mooc["text"])
    assert "1 dari 2 pelajaran wajib selesai" in client.get(mooc["course"].url).text
    lesson = open_lesson(client, mooc["quiz"])
    assert 'class="h5p-activity"' in lesson["html"] and 'sandbox="allow-scripts"' in lesson["html"]
    assert lesson["attempt"] and lesson["frame"].startswith(f"/kursus/h5p/{mooc['activity'].pk}/")
    assert LessonCompletion.objects.count() == 1
    assert CoursePage.objects.get().pk == mooc["course"].pk


def test_an_asn_only_mooc_is_never_called_open_to_everyone(client, mooc):
    """The delivery badge names the model; who may enrol is the access badge's word alone."""
    from tests.factories import UserFactory

    course = mooc["course"]
    course.access_level = AccessLevel.ASN
    course.save_revision().publish()
    client.force_login(UserFactory(jenis_pegawai="PNS"))
    for url in (course.url, mooc["catalog"].url):
        page = client.get(url).content.decode()
        assert "terbuka untuk semua" not in page.lower() and "MOOC" in page
        assert "badge--asn" in page
