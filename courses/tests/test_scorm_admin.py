"""SCORM packages in the admin: the CLO uploads one (recorded as its uploader); someone allowed to add snippets
but not to upload packages (code every learner runs) gets a form error and nothing is stored."""

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from courses.models import ScormPackage
from courses.scorm.build import SAMPLES_DIR
from courses.tests.scorm_helpers import SCORM_12

ADD_URL = "/admin/snippets/courses/scormpackage/add/"


def form_data(title="Kode etik"):
    upload = SimpleUploadedFile(SCORM_12, (SAMPLES_DIR / SCORM_12).read_bytes(), content_type="application/zip")
    return {"title": title, "package": upload, "access_level": "public"}


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_clo_uploads_a_scorm_package_through_the_admin(institution, private):
    clo = institution["visitors"]["admin"]
    assert clo.has_perm("courses.upload_scorm_package")
    response = client_for(clo).post(ADD_URL, form_data())
    assert response.status_code == 302
    package = ScormPackage.objects.get()
    assert (package.version, package.launch, package.uploaded_by) == ("1.2", "index.html", clo)
    assert package.file_path("sco.js") is not None


def test_a_member_without_the_upload_permission_gets_a_form_error(institution, private):
    member = institution["visitors"]["kelompok_member"]
    member.user_permissions.add(Permission.objects.get(codename="add_scormpackage"))
    assert not member.has_perm("courses.upload_scorm_package")
    response = client_for(member).post(ADD_URL, form_data())
    assert response.status_code == 200
    assert "Hanya CLO/administrator" in " ".join(response.context["form"].errors["package"])
    assert not ScormPackage.objects.exists()
    assert [p for p in private.rglob("*") if p.is_file()] == []


def _editor(user):
    for codename in ("access_admin", "add_scormpackage", "change_scormpackage", "view_scormpackage"):
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return client_for(type(user).objects.get(pk=user.pk))


def test_a_package_hidden_by_the_policy_is_neither_listed_chosen_nor_opened(institution, private):
    from corpu.access import AccessLevel
    from courses.tests.scorm_helpers import make_package

    secret = make_package(SCORM_12, level=AccessLevel.INTERNAL, owner_unit=institution["dinas"])
    ScormPackage.objects.filter(pk=secret.pk).update(title="Paket rahasia PUPR")
    outsider = _editor(institution["visitors"]["staff"])
    assert outsider.get("/admin/snippets/courses/scormpackage/").status_code == 200
    for url in (
        "/admin/snippets/courses/scormpackage/",
        "/admin/snippets/courses/scormpackage/?q=rahasia",
        "/admin/snippets/choose/courses/scormpackage/",
        f"/admin/snippets/courses/scormpackage/edit/{secret.pk}/",
        f"/admin/snippets/courses/scormpackage/delete/{secret.pk}/",
    ):
        response = outsider.get(url)
        assert response.status_code in (200, 302, 403, 404), url
        assert "Paket rahasia PUPR" not in response.content.decode(), url
    insider = _editor(institution["visitors"]["unit_member"])
    assert "Paket rahasia PUPR" in insider.get("/admin/snippets/courses/scormpackage/").content.decode()
