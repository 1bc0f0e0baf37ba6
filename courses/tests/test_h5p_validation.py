"""Validation as strict as H5P's own, and no stricter: incomplete libraries are refused, stray library files
(the Flash fallback h5p.org exports bundle) are left out with a warning, the same files in content/ refused."""

import zipfile
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files import File
from django.test import Client

from corpu.access import AccessLevel
from courses.h5p.build import SAMPLES_DIR
from courses.models import H5PActivity, H5PLibrary

from .h5p_helpers import ADD_URL, Lib, files_under, form_data, library_json, write_package


@pytest.fixture
def clo(institution):
    client = Client()
    client.force_login(institution["visitors"]["admin"])
    return client


def package_errors(response):
    assert response.status_code == 200
    return " ".join(str(e) for e in response.context["form"].errors["package"])


def test_a_library_missing_a_preloaded_js_file_is_refused_naming_library_and_path(clo, private, tmp_path):
    lib = Lib(library_json("H5P.Partial", 1, 2, 3, preloadedJs=[{"path": "main.js"}, {"path": "js/extra.js"}]))
    path = write_package(tmp_path / "partial.h5p", {lib: {"main.js": b"1"}}, {})
    errors = package_errors(clo.post(ADD_URL, form_data(path)))
    assert "H5P.Partial 1.2.3" in errors and "js/extra.js" in errors
    assert not H5PActivity.objects.exists() and not H5PLibrary.objects.exists()
    assert files_under(private) == []


def test_a_library_missing_a_preloaded_css_file_is_refused_naming_library_and_path(clo, private, tmp_path):
    lib = Lib(library_json("H5P.NoStyle", preloadedCss=[{"path": "styles/no-style.css"}]))
    path = write_package(tmp_path / "nostyle.h5p", {lib: {"main.js": b"1"}}, {})
    errors = package_errors(clo.post(ADD_URL, form_data(path)))
    assert "H5P.NoStyle 1.0.0" in errors and "styles/no-style.css" in errors
    assert not H5PActivity.objects.exists() and not H5PLibrary.objects.exists()
    assert files_under(private) == []


def test_a_missing_file_of_an_ignored_bundled_copy_of_an_installed_library_does_not_matter(clo, private, tmp_path):
    lib = Lib(library_json("H5P.Shared"))
    first = write_package(tmp_path / "a.h5p", {lib: {"main.js": b"1"}}, {})
    assert clo.post(ADD_URL, form_data(first)).status_code == 302
    assert H5PLibrary.objects.filter(machine_name="H5P.Shared").exists()
    incomplete = write_package(tmp_path / "b.h5p", {lib: {}}, {})  # same version: the bundled copy is ignored
    response = clo.post(ADD_URL, form_data(incomplete, title="Kedua"))
    assert response.status_code == 302
    assert H5PActivity.objects.get(title="Kedua").file_path("H5P.Shared-1.0/main.js").read_bytes() == b"1"


@pytest.mark.parametrize("stray", ["downloadify.swf", "bin/x.exe"])
def test_a_library_folder_with_files_outside_the_whitelist_is_accepted_without_them(clo, private, tmp_path, stray):
    lib = Lib(library_json("Downloadify", preloadedJs=[{"path": "main.js"}]))
    path = write_package(tmp_path / "cp.h5p", {lib: {"main.js": b"1", stray: b"FWS"}}, {})
    response = clo.post(ADD_URL, form_data(path), follow=True)
    assert response.redirect_chain and response.redirect_chain[-1][1] == 302
    activity = H5PActivity.objects.get()
    assert activity.file_path("Downloadify-1.0/main.js").read_bytes() == b"1"
    assert activity.file_path(f"Downloadify-1.0/{stray}") is None
    assert not any(name.endswith(Path(stray).name) for name in files_under(private))
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert any(f"Downloadify-1.0/{stray}" in w for w in warnings), warnings
    assert f"Downloadify-1.0/{stray}" in response.content.decode()  # shown on the page after saving


@pytest.mark.parametrize("stray", ["content/x.swf", "content/images/x.exe"])
def test_the_same_files_in_content_are_still_refused(clo, private, tmp_path, stray):
    lib = Lib(library_json("Downloadify"))
    path = write_package(tmp_path / "cp.h5p", {lib: {"main.js": b"1"}}, {})
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(stray, b"FWS")
    errors = package_errors(clo.post(ADD_URL, form_data(path)))
    assert stray in errors
    assert not H5PActivity.objects.exists() and files_under(private) == []


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES_DIR.glob("*.h5p")))
def test_corpus_own_samples_still_install(db, private, sample):
    with open(SAMPLES_DIR / sample, "rb") as handle:
        activity = H5PActivity(title=sample, access_level=AccessLevel.PUBLIC, package=File(handle, name=sample))
        activity.system_upload = True
        activity.full_clean()
        activity.save()
    assert activity.folder and not activity.upload_warnings
    assert activity.file_path("H5P.CorpUQuestion-1.0/corpu-question.css") is not None
