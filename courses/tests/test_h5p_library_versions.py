"""Issue 14: several versions of one library (a shared question library 1.4 and 1.5) keep working side by side.

Each activity's player gets exactly the library versions its own h5p.json/library.json name; a higher patch of an
installed major.minor replaces it for everyone when (and only when) the uploader may install libraries.
"""

import json
import zipfile

import pytest
from django.core.files import File
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from corpu.access import AccessLevel
from courses import player
from courses.management.commands.h5p_orphans import orphans
from courses.models import H5PActivity, H5PLibrary
from tests.factories import UserFactory

from .h5p_helpers import ADD_URL, Lib, form_data, library_json, write_package

SOAL = "H5P.VersiSoal"  # a shared, H5P.Question-like library
KUIS = "H5P.VersiKuis"  # the content type that preloads it
SEMANTICS = [{"name": "question", "type": "text", "label": "Pertanyaan"}]

SOAL_JS = """var H5P = H5P || {};
H5P.VersiSoal = (function () {
  function VersiSoal() {}
  VersiSoal.VERSION = '__V__';
  VersiSoal.prototype.label = function (text) { return 'soal ' + VersiSoal.VERSION + ': ' + text; };
  return VersiSoal;
})();
"""
KUIS_JS = """var H5P = H5P || {};
H5P.VersiKuis = (function ($, EventDispatcher) {
  function VersiKuis(params, contentId) {
    EventDispatcher.call(this);
    this.params = params;
    this.soal = new H5P.VersiSoal();
  }
  VersiKuis.prototype = Object.create(EventDispatcher.prototype);
  VersiKuis.prototype.constructor = VersiKuis;
  VersiKuis.prototype.attach = function ($container) {
    var self = this;
    $container.empty();
    $('<p class="versi"></p>').text(this.soal.label(this.params.question) + ' / kuis __V__').appendTo($container);
    $('<button type="button"></button>').text('Selesai').on('click', function () {
      self.triggerXAPIScored(1, 1, 'answered');
    }).appendTo($container);
  };
  return VersiKuis;
})(H5P.jQuery, H5P.EventDispatcher);
"""


def soal(minor, patch=0, js=None):
    """The shared library at 1.<minor>.<patch>: its script names its own version."""
    version = f"1.{minor}.{patch}"
    return Lib(library_json(SOAL, 1, minor, patch, runnable=0, preloadedJs=[{"path": "soal.js"}])), {
        "soal.js": (js or SOAL_JS.replace("__V__", version)).encode()
    }


def kuis(minor, soal_minor):
    """The content type at 1.<minor>, preloading the shared library at 1.<soal_minor>."""
    needs = [{"machineName": SOAL, "majorVersion": 1, "minorVersion": soal_minor}]
    info = Lib(library_json(KUIS, 1, minor, 0, preloadedJs=[{"path": "kuis.js"}], preloadedDependencies=needs))
    return info, {"kuis.js": KUIS_JS.replace("__V__", f"1.{minor}").encode(), "semantics.json": json.dumps(SEMANTICS)}


def versioned_package(directory, name, kuis_minor, soal_minor, soal_patch=0, soal_js=None, question="Netral?"):
    """A package of the content type 1.<kuis_minor> bundling the shared library 1.<soal_minor>.<soal_patch>."""
    main, main_files = kuis(kuis_minor, soal_minor)
    shared, shared_files = soal(soal_minor, soal_patch, soal_js)
    return write_package(directory / name, {shared: shared_files, main: main_files}, {"question": question}, main=KUIS)


def system_upload(path, title=None):
    with open(path, "rb") as handle:
        activity = H5PActivity(
            title=title or path.stem, access_level=AccessLevel.PUBLIC, package=File(handle, name=path.name)
        )
        activity.system_upload = True
        activity.full_clean()
        activity.save()
    return activity


def served(activity, relative):
    """The bytes the activity's player gets for a package path, fetched as the sandboxed frame does; None = 404."""
    token = player.make_token(UserFactory(), activity, None, "http://testserver")
    response = Client().get(f"/kursus/h5p/{activity.pk}/{token}/{relative}")
    if response.status_code == 404:
        return None
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def member(institution):
    """May add H5P activities, may not install libraries."""
    return institution["visitors"]["kelompok_member"]


@pytest.fixture
def clo(institution):
    return institution["visitors"]["admin"]


def test_two_minor_versions_install_side_by_side_and_each_player_gets_its_own(private, tmp_path, db):
    old = system_upload(versioned_package(tmp_path, "lama.h5p", kuis_minor=0, soal_minor=4))
    first_files = {
        name: served(old, name) for name in ("H5P.VersiSoal-1.4/soal.js", "H5P.VersiKuis-1.0/kuis.js", "h5p.json")
    }
    new = system_upload(versioned_package(tmp_path, "baru.h5p", kuis_minor=1, soal_minor=5))

    versions = H5PLibrary.objects.filter(machine_name=SOAL).values_list("major_version", "minor_version")
    assert sorted(versions) == [(1, 4), (1, 5)]
    assert {name: served(old, name) for name in first_files} == first_files  # the second upload changed nothing
    assert b"'1.4.0'" in served(old, "H5P.VersiSoal-1.4/soal.js")
    assert b"'1.5.0'" in served(new, "H5P.VersiSoal-1.5/soal.js")
    assert json.loads(served(new, "H5P.VersiKuis-1.1/library.json"))["preloadedDependencies"][0]["minorVersion"] == 5
    # exactly the versions its own dependencies name: not the other activity's
    assert served(old, "H5P.VersiSoal-1.5/soal.js") is None and served(old, "H5P.VersiKuis-1.1/kuis.js") is None
    assert served(new, "H5P.VersiSoal-1.4/soal.js") is None and served(new, "H5P.VersiKuis-1.0/kuis.js") is None


def test_content_only_package_plays_the_versions_it_names(member, private, tmp_path, db):
    system_upload(versioned_package(tmp_path, "lama.h5p", kuis_minor=0, soal_minor=4))
    system_upload(versioned_package(tmp_path, "baru.h5p", kuis_minor=1, soal_minor=5))
    content_only = tmp_path / "isi.h5p"
    metadata = {
        "title": "Isi saja",
        "mainLibrary": KUIS,
        "preloadedDependencies": [{"machineName": KUIS, "majorVersion": 1, "minorVersion": 1}],
    }
    with zipfile.ZipFile(content_only, "w") as archive:
        archive.writestr("h5p.json", json.dumps(metadata))
        archive.writestr("content/content.json", json.dumps({"question": "Isi"}))
    response = client_for(member).post(ADD_URL, form_data(content_only, title="Isi saja"))
    assert response.status_code == 302
    activity = H5PActivity.objects.get(title="Isi saja")
    assert b"'1.5.0'" in served(activity, "H5P.VersiSoal-1.5/soal.js")
    assert served(activity, "H5P.VersiSoal-1.4/soal.js") is None


def test_a_higher_patch_from_an_installer_replaces_the_version_for_everyone(
    clo, private, tmp_path, django_capture_on_commit_callbacks
):
    old = system_upload(versioned_package(tmp_path, "lama.h5p", kuis_minor=0, soal_minor=4))
    other = system_upload(versioned_package(tmp_path, "baru.h5p", kuis_minor=1, soal_minor=5))
    superseded = H5PLibrary.objects.get(machine_name=SOAL, minor_version=4).folder
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(clo).post(
            ADD_URL, form_data(versioned_package(tmp_path, "patch.h5p", 0, 4, soal_patch=2), title="Tambalan")
        )
    assert response.status_code == 302
    library = H5PLibrary.objects.get(machine_name=SOAL, minor_version=4)
    assert library.version == (1, 4, 2) and library.installed_by == clo
    assert not (private / superseded).exists()
    assert b"'1.4.2'" in served(old, "H5P.VersiSoal-1.4/soal.js")  # the earlier activity gets the patch too
    assert b"'1.5.0'" in served(other, "H5P.VersiSoal-1.5/soal.js")  # the other minor version is untouched


def test_a_higher_patch_from_someone_who_may_not_install_uses_the_installed_version(member, private, tmp_path, db):
    old = system_upload(versioned_package(tmp_path, "lama.h5p", kuis_minor=0, soal_minor=4))
    installed = H5PLibrary.objects.get(machine_name=SOAL)
    patched = versioned_package(tmp_path, "patch.h5p", 0, 4, soal_patch=3, soal_js="document.cookie")
    response = client_for(member).post(ADD_URL, form_data(patched, title="Kuis anggota"), follow=True)

    activity = H5PActivity.objects.get(title="Kuis anggota")  # accepted, with the installed library
    page = response.content.decode()
    assert "H5P.VersiSoal 1.4.3" in page and "1.4.0" in page  # the uploader is told which version plays
    assert H5PLibrary.objects.get(machine_name=SOAL).folder == installed.folder
    assert H5PLibrary.objects.get(machine_name=SOAL).version == (1, 4, 0)
    for each in (activity, old):
        assert b"'1.4.0'" in served(each, "H5P.VersiSoal-1.4/soal.js")


def test_an_older_patch_installed_later_never_downgrades_a_newer_one(clo, private, tmp_path):
    """Two uploads checked before either is saved (e.g. two CLO at once): the lower patch does not win."""
    uploads = []
    for name, patch in (("tiga.h5p", 3), ("satu.h5p", 1)):
        path = versioned_package(tmp_path, name, 0, 4, soal_patch=patch)
        handle = open(path, "rb")  # noqa: SIM115 - closed below
        activity = H5PActivity(title=name, access_level=AccessLevel.PUBLIC, package=File(handle, name=name))
        activity.uploaded_by = clo
        activity.full_clean()
        uploads.append((activity, handle))
    for activity, handle in uploads:
        activity.save()
        handle.close()
    assert H5PLibrary.objects.get(machine_name=SOAL).version == (1, 4, 3)
    for activity, _handle in uploads:
        assert b"'1.4.3'" in served(activity, "H5P.VersiSoal-1.4/soal.js")


def test_deleting_an_activity_keeps_the_library_versions_others_use(private, tmp_path, db):
    first = system_upload(versioned_package(tmp_path, "satu.h5p", kuis_minor=0, soal_minor=4))
    second = system_upload(versioned_package(tmp_path, "dua.h5p", kuis_minor=0, soal_minor=4))
    third = system_upload(versioned_package(tmp_path, "tiga.h5p", kuis_minor=1, soal_minor=5))
    folders = dict(H5PLibrary.objects.values_list("minor_version", "folder").filter(machine_name=SOAL))
    first.delete()
    third.delete()
    assert b"'1.4.0'" in served(second, "H5P.VersiSoal-1.4/soal.js")
    assert all((private / folder / "soal.js").is_file() for folder in folders.values())
    assert not set(folders.values()) & set(orphans())
    assert H5PLibrary.objects.get(machine_name=SOAL, minor_version=5).activities.count() == 0


def test_the_admin_library_list_shows_each_version_and_its_use(clo, private, tmp_path):
    system_upload(versioned_package(tmp_path, "lama.h5p", kuis_minor=0, soal_minor=4))
    system_upload(versioned_package(tmp_path, "lama2.h5p", kuis_minor=0, soal_minor=4))
    system_upload(versioned_package(tmp_path, "baru.h5p", kuis_minor=1, soal_minor=5))
    client = client_for(clo)
    with CaptureQueriesContext(connection) as three_activities:
        page = client.get("/admin/pustaka_h5p/").content.decode()
    for label in ("1.4.0", "1.5.0", "1.0.0", "1.1.0"):
        assert label in page
    rows = [row for row in page.split("<tr")[1:] if SOAL in row]
    assert len(rows) == 2
    assert any("1.4.0" in row and ">2<" in row.replace(" ", "").replace("\n", "") for row in rows)
    for n in range(3):
        system_upload(versioned_package(tmp_path, f"lagi{n}.h5p", kuis_minor=1, soal_minor=5))
    with CaptureQueriesContext(connection) as six_activities:
        client.get("/admin/pustaka_h5p/")
    assert len(six_activities) == len(three_activities)


def test_activities_uploaded_before_the_upgrade_keep_their_versions(private, tmp_path, db):
    """The migration reads the stored h5p.json and library.json files to link existing rows."""
    from importlib import import_module

    from django.apps import apps

    old = system_upload(versioned_package(tmp_path, "lama.h5p", kuis_minor=0, soal_minor=4))
    new = system_upload(versioned_package(tmp_path, "baru.h5p", kuis_minor=1, soal_minor=5))
    for activity in (old, new):
        activity.libraries.clear()
    for library in H5PLibrary.objects.all():
        library.requires.clear()
    assert served(old, "H5P.VersiSoal-1.4/soal.js") is None  # as the rows stood before the migration

    import_module("courses.migrations.0005_h5p_library_versions").link_existing(apps, None)
    assert b"'1.4.0'" in served(old, "H5P.VersiSoal-1.4/soal.js") and served(old, "H5P.VersiSoal-1.5/soal.js") is None
    assert b"'1.5.0'" in served(new, "H5P.VersiSoal-1.5/soal.js") and served(new, "H5P.VersiKuis-1.0/kuis.js") is None


def test_a_patch_that_preloads_a_new_library_brings_it_to_earlier_activities(clo, private, tmp_path):
    old = system_upload(versioned_package(tmp_path, "lama.h5p", kuis_minor=0, soal_minor=4))
    helper = Lib(library_json("H5P.VersiBantu", 1, 0, 0, runnable=0, preloadedJs=[{"path": "bantu.js"}]))
    shared, files = soal(4, patch=1)
    shared["preloadedDependencies"] = [{"machineName": "H5P.VersiBantu", "majorVersion": 1, "minorVersion": 0}]
    main, main_files = kuis(0, 4)
    patch = write_package(
        tmp_path / "patch.h5p", {helper: {"bantu.js": b"bantu"}, shared: files, main: main_files}, {}, main=KUIS
    )
    response = client_for(clo).post(ADD_URL, form_data(patch, title="Tambalan"))
    assert response.status_code == 302
    assert served(old, "H5P.VersiBantu-1.0/bantu.js") == b"bantu"
