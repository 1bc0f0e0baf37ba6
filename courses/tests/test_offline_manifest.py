"""GET /kursus/<id>/luring/: what "Simpan untuk luring" stores, only for enrolled learners, within the budget, with
a version that moves when the course changes."""

import pytest
from django.test import Client

from corpu.access import AccessLevel
from courses import services
from courses.models import CoursePage, LessonPage
from tests.factories import UserFactory, unit

pytestmark = pytest.mark.django_db


def manifest_url(course):
    return f"/kursus/{course.pk}/luring/"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_enrolled_learner_gets_lesson_pages_player_files_and_size(mooc):
    user = UserFactory()
    services.enrol(user, mooc["course"])
    response = signed_in(user).get(manifest_url(mooc["course"]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    manifest = response.json()
    assert manifest["kind"] == "course" and manifest["id"] == mooc["course"].pk
    assert {mooc["course"].url, mooc["text"].url, mooc["quiz"].url} <= set(manifest["urls"])
    assert manifest["start_url"] == mooc["text"].url
    assert all(url.startswith("/") for url in manifest["urls"])  # this site's pages only
    assert not any("sertifikat" in url for url in manifest["urls"])
    [h5p] = manifest["content"]
    assert h5p["kind"] == "h5p" and h5p["id"] == mooc["activity"].pk
    assert "content/content.json" in h5p["files"] and h5p["bytes"] > 0
    assert manifest["bytes"] >= h5p["bytes"] and manifest["allowed"] is True
    assert manifest["restricted"] is True  # personal pages: signing out removes them
    assert manifest["budget"] == 50 * 1024 * 1024


def test_signed_out_and_not_enrolled_learners_get_no_manifest(mooc):
    assert Client().get(manifest_url(mooc["course"])).status_code == 401
    response = signed_in(UserFactory()).get(manifest_url(mooc["course"]))
    assert response.status_code == 403
    assert "Daftar pada kursus" in response.json()["error"]


def test_a_course_the_learner_may_no_longer_see_gets_no_manifest(mooc):
    user = UserFactory()  # ASN from no unit of this institution
    services.enrol(user, mooc["course"])
    course = mooc["course"]
    course.access_level = AccessLevel.INTERNAL
    course.save_revision().publish()
    assert signed_in(user).get(manifest_url(course)).status_code == 403
    staff = UserFactory(unit_kerja=unit("Dinas PUPR"))
    services.enrol(staff, CoursePage.objects.get(pk=course.pk))
    assert signed_in(staff).get(manifest_url(course)).status_code == 200


def test_a_course_above_the_budget_is_refused_before_saving(mooc, settings):
    settings.OFFLINE_COURSE_BUDGET_BYTES = 10_000
    user = UserFactory()
    services.enrol(user, mooc["course"])
    manifest = signed_in(user).get(manifest_url(mooc["course"])).json()
    assert manifest["allowed"] is False
    assert manifest["bytes"] > manifest["budget"] == 10_000
    assert "melebihi batas simpan luring" in manifest["reason"]


def test_the_version_moves_when_a_lesson_changes_or_is_added(mooc):
    user = UserFactory()
    services.enrol(user, mooc["course"])
    client = signed_in(user)
    first = client.get(manifest_url(mooc["course"])).json()["version"]
    assert client.get(manifest_url(mooc["course"])).json()["version"] == first  # stable while nothing changes
    text = LessonPage.objects.get(pk=mooc["text"].pk)
    text.body = [("text", "<p>Halo lagi</p>")]
    text.save_revision().publish()
    second = client.get(manifest_url(mooc["course"])).json()["version"]
    assert second != first
    mooc["course"].add_child(instance=LessonPage(title="Penutup", body=[("text", "<p>Selesai</p>")]))
    third = client.get(manifest_url(mooc["course"])).json()
    assert third["version"] not in (first, second)
    assert any(url.endswith("/penutup/") for url in third["urls"])


def test_documents_the_lessons_use_are_listed(mooc):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(title="Modul", file=ContentFile(b"%PDF-1.4 x", name="modul.pdf"))
    mooc["course"].add_child(instance=LessonPage(title="Bacaan", body=[("document", document)]))
    user = UserFactory()
    services.enrol(user, mooc["course"])
    manifest = signed_in(user).get(manifest_url(mooc["course"])).json()
    assert document.url in manifest["urls"]
