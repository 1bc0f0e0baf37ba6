"""H5P packages are code: only installers (CLO, administrators) bring new libraries; installed code wins."""

import json
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from corpu.access import AccessLevel
from courses.models import H5PActivity, H5PLibrary
from tests.factories import UserFactory

from .h5p_helpers import ADD_URL, Lib, evil_package, files_under, form_data, library_json, sample_package, write_package


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def system_upload(path, title="Contoh"):
    with open(path, "rb") as handle:
        activity = H5PActivity(title=title, access_level=AccessLevel.PUBLIC, package=File(handle, name=path.name))
        activity.system_upload = True
        activity.full_clean()
        activity.save()
    return activity


@pytest.fixture
def member(institution):
    """A non-ASN guest member of a kelompok keahlian: may add H5P activities, may not install libraries."""
    return institution["visitors"]["kelompok_member"]


def test_kelompok_member_uploading_a_new_library_gets_a_form_error_naming_it(member, private, tmp_path):
    response = client_for(member).post(ADD_URL, form_data(evil_package(tmp_path)))
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["form"].errors["package"])
    assert "H5P.Evil" in errors and "1.0.0" in errors and "CLO" in errors
    assert not H5PActivity.objects.exists() and not H5PLibrary.objects.exists()
    assert files_under(private) == []


def test_clo_installs_a_new_library_through_the_admin(institution, private, tmp_path):
    clo = institution["visitors"]["admin"]
    response = client_for(clo).post(ADD_URL, form_data(evil_package(tmp_path)))
    assert response.status_code == 302
    library = H5PLibrary.objects.get(machine_name="H5P.Evil")
    assert (library.version, library.installed_by) == ((1, 0, 0), clo)
    activity = H5PActivity.objects.get()
    assert activity.uploaded_by == clo
    assert activity.file_path("H5P.Evil-1.0/main.js").read_bytes() == b"fetch('/admin/')"
    assert not (Path(activity.file_path("h5p.json")).parent / "H5P.Evil-1.0").exists()  # code lives once


def test_member_may_upload_content_using_installed_libraries_and_their_code_wins(member, private, tmp_path):
    system_upload(sample_package(tmp_path, "contoh.h5p"))
    installed = {lib.folder_name: lib.folder for lib in H5PLibrary.objects.all()}
    assert set(installed) == {"H5P.CorpUTrueFalse-1.0", "H5P.CorpUQuestion-1.0"}
    tampered = sample_package(tmp_path, "ubah.h5p")
    tampered_js = tmp_path / "tampered.h5p"
    with zipfile.ZipFile(tampered) as source, zipfile.ZipFile(tampered_js, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("truefalse.js"):
                data = b"document.cookie"  # a bundled copy of an installed version is ignored
            target.writestr(info, data)

    response = client_for(member).post(ADD_URL, form_data(tampered_js, title="Kuis anggota"))
    assert response.status_code == 302
    activity = H5PActivity.objects.get(title="Kuis anggota")
    assert {lib.folder_name: lib.folder for lib in H5PLibrary.objects.all()} == installed
    served = activity.file_path("H5P.CorpUTrueFalse-1.0/truefalse.js").read_bytes()
    assert b"document.cookie" not in served and b"H5P.CorpUTrueFalse" in served


def test_a_package_without_bundled_libraries_uses_the_installed_ones(member, private, tmp_path):
    system_upload(sample_package(tmp_path, "contoh.h5p"))
    content_only = tmp_path / "isi.h5p"
    metadata = {
        "title": "Isi saja",
        "mainLibrary": "H5P.CorpUTrueFalse",
        "preloadedDependencies": [
            {"machineName": "H5P.CorpUQuestion", "majorVersion": 1, "minorVersion": 0},
            {"machineName": "H5P.CorpUTrueFalse", "majorVersion": 1, "minorVersion": 0},
        ],
    }
    with zipfile.ZipFile(content_only, "w") as archive:
        archive.writestr("h5p.json", json.dumps(metadata))
        archive.writestr("content/content.json", json.dumps({"question": "<p>Netral?</p>", "correct": "false"}))
    response = client_for(member).post(ADD_URL, form_data(content_only, title="Isi saja"))
    assert response.status_code == 302
    activity = H5PActivity.objects.get(title="Isi saja")
    assert activity.file_path("H5P.CorpUQuestion-1.0/corpu-question.js") is not None


def test_a_new_patch_version_needs_an_installer(
    member, institution, private, tmp_path, django_capture_on_commit_callbacks
):
    system_upload(evil_package(tmp_path, patch=0))
    old_folder = H5PLibrary.objects.get().folder
    response = client_for(member).post(ADD_URL, form_data(evil_package(tmp_path, patch=1, js=b"v101"), "Anggota"))
    assert response.status_code == 302  # accepted, playing the installed version (as H5P core does)
    assert H5PLibrary.objects.get().patch_version == 0
    served = H5PActivity.objects.get(title="Anggota").file_path("H5P.Evil-1.0/main.js")
    assert served.read_bytes() == b"fetch('/admin/')"

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(institution["visitors"]["admin"]).post(
            ADD_URL, form_data(evil_package(tmp_path, patch=1, js=b"v101"), title="Versi baru")
        )
    assert response.status_code == 302
    library = H5PLibrary.objects.get()
    assert library.version == (1, 0, 1) and library.folder != old_folder
    assert not (private / old_folder).exists()  # the superseded version's files are gone
    first = H5PActivity.objects.get(title="Contoh")
    assert first.file_path("H5P.Evil-1.0/main.js").read_bytes() == b"v101"  # patch upgrades are shared


def test_an_older_bundled_patch_is_ignored(member, private, tmp_path):
    system_upload(evil_package(tmp_path, patch=3, js=b"v103"))
    response = client_for(member).post(ADD_URL, form_data(evil_package(tmp_path, patch=1, js=b"v101")))
    assert response.status_code == 302
    assert H5PLibrary.objects.get().version == (1, 0, 3)


def test_code_without_an_uploader_installs_nothing_unless_marked_as_system(db, private, tmp_path):
    with open(evil_package(tmp_path), "rb") as handle:
        activity = H5PActivity(title="x", access_level=AccessLevel.PUBLIC, package=File(handle, name="x.h5p"))
        with pytest.raises(ValidationError, match="H5P.Evil"):
            activity.save()
    assert files_under(private) == []


def test_clo_role_holds_the_install_permission(institution):
    assert institution["visitors"]["admin"].has_perm("courses.install_h5p_library")
    assert not institution["visitors"]["kelompok_member"].has_perm("courses.install_h5p_library")
    assert institution["visitors"]["kelompok_member"].has_perm("courses.add_h5pactivity")


def test_installed_libraries_are_listed_read_only_in_the_admin(institution, private, tmp_path):
    system_upload(evil_package(tmp_path))
    library = H5PLibrary.objects.get()
    clo = client_for(institution["visitors"]["admin"])
    listing = clo.get("/admin/pustaka_h5p/")
    assert listing.status_code == 200 and "H5P.Evil" in listing.content.decode()
    assert clo.get(f"/admin/pustaka_h5p/inspect/{library.pk}/").status_code == 200
    superuser = client_for(UserFactory(is_superuser=True))
    for name, args in (("add", ()), ("edit", (library.pk,)), ("delete", (library.pk,))):
        assert superuser.post(reverse(f"pustaka_h5p:{name}", args=args)).status_code in (302, 403)
    assert H5PLibrary.objects.filter(pk=library.pk).exists()


def test_corpu_sample_content_types_still_install(db, private):
    from courses.demo import activity

    made = activity("Kuis Netralitas ASN", "netralitas-asn.h5p")
    assert made.file_path("H5P.CorpUTrueFalse-1.0/truefalse.js") is not None
    assert H5PLibrary.objects.filter(machine_name="H5P.CorpUQuestion").exists()


def test_library_folders_are_not_confused_with_content(db, private, tmp_path):
    lib = Lib(library_json("H5P.Evil"))
    path = write_package(tmp_path / "p.h5p", {lib: {"main.js": b"x"}}, {})
    activity = system_upload(path)
    assert activity.file_path("H5P.Evil-1.0/../../../etc/passwd") is None
    assert activity.file_path("H5P.Nope-1.0/main.js") is None


def test_the_library_listing_runs_a_constant_number_of_queries(institution, private):
    clo = institution["visitors"]["admin"]
    client = client_for(clo)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/pustaka_h5p/").status_code == 200
        return len(queries)

    H5PLibrary.objects.create(machine_name="H5P.A", major_version=1, minor_version=0, patch_version=0, installed_by=clo)
    one = count_queries()
    for n in range(5):
        user = UserFactory()
        H5PLibrary.objects.create(
            machine_name=f"H5P.B{n}", major_version=1, minor_version=0, patch_version=0, installed_by=user
        )
    assert count_queries() == one
