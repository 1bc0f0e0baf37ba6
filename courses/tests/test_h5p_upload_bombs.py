"""Hostile uploads (zip bombs with lying headers, h5p.json bombs, failing saves) are refused and leave nothing."""

import contextlib
import json
import tracemalloc
import zipfile
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError
from django.test import Client

from corpu.access import AccessLevel
from courses.h5p.package import H5PValidationError, validate_package
from courses.models import H5PActivity, H5PLibrary
from tests.factories import UserFactory

from .h5p_helpers import ADD_URL, files_under, form_data, lie_about_size, sample_package

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def small_limits(settings):
    """Limits of a few MB keep the bombs (and the test's memory) small."""
    settings.H5P_MAX_UNPACKED_BYTES = 4 * MB
    settings.H5P_MAX_JSON_BYTES = 256 * 1024


def with_entry(tmp_path, name, data, compression, declared=None, base="uji.h5p"):
    """The sample package plus (or with a replaced) entry `name`, optionally lying about its size."""
    source = sample_package(tmp_path, base)
    path = tmp_path / f"bom-{name.replace('/', '_')}.h5p"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in original.infolist():
            if info.filename != name:
                archive.writestr(info, original.read(info))
        archive.writestr(zipfile.ZipInfo(name), data, compress_type=compression)
    return lie_about_size(path, name, declared) if declared is not None else path


def upload(path):
    with open(path, "rb") as handle:
        activity = H5PActivity(title="Bom", access_level=AccessLevel.PUBLIC, package=File(handle, name=path.name))
        activity.system_upload = True
        activity.full_clean()
        activity.save()
    return activity


def refused_upload(path):
    with pytest.raises(ValidationError) as info:
        upload(path)
    return " ".join(info.value.message_dict["package"])


def peak_memory(function, *args):
    tracemalloc.start()
    with contextlib.suppress(H5PValidationError, ValidationError):
        function(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


@pytest.mark.parametrize("compression", [zipfile.ZIP_BZIP2, zipfile.ZIP_DEFLATED])
def test_zip_bomb_with_a_lying_size_header_is_refused_and_nothing_is_written(db, private, tmp_path, compression):
    bomb = with_entry(tmp_path, "content/video.mp4", b"\0" * (16 * MB), compression, declared=100)
    assert zipfile.ZipFile(bomb).getinfo("content/video.mp4").file_size == 100
    assert bomb.stat().st_size < 64 * 1024
    message = refused_upload(bomb)
    assert "content/video.mp4" in message and ("kompresi" in message or "zip bomb" in message)
    assert peak_memory(validate_package, bomb) < 2 * MB
    assert not H5PActivity.objects.exists() and files_under(private) == []


def test_bzip2_h5p_json_bomb_is_refused_before_it_is_read(db, private, tmp_path):
    metadata = json.loads(zipfile.ZipFile(sample_package(tmp_path)).read("h5p.json"))
    payload = json.dumps(metadata).encode() + b" " * (16 * MB)
    bomb = with_entry(tmp_path, "h5p.json", payload, zipfile.ZIP_BZIP2)
    assert peak_memory(validate_package, bomb) < 2 * MB
    assert "h5p.json" in refused_upload(bomb)
    assert files_under(private) == []


def test_deflate_h5p_json_bomb_is_read_only_up_to_the_limit(db, private, tmp_path):
    metadata = json.loads(zipfile.ZipFile(sample_package(tmp_path)).read("h5p.json"))
    bomb = with_entry(tmp_path, "h5p.json", json.dumps(metadata).encode() + b" " * (8 * MB), zipfile.ZIP_DEFLATED)
    assert peak_memory(validate_package, bomb) < 2 * MB
    assert "h5p.json terlalu besar" in refused_upload(bomb)
    assert files_under(private) == []


def test_h5p_json_with_a_lying_size_header_is_refused(db, private, tmp_path):
    metadata = json.loads(zipfile.ZipFile(sample_package(tmp_path)).read("h5p.json"))
    payload = json.dumps(metadata).encode() + b" " * (8 * MB)
    bomb = with_entry(tmp_path, "h5p.json", payload, zipfile.ZIP_DEFLATED, declared=100)
    assert "h5p.json" in refused_upload(bomb)
    assert files_under(private) == []


def test_a_failing_database_save_leaves_no_file_or_folder(db, private, tmp_path):
    with mock.patch.object(H5PLibrary, "save", side_effect=DatabaseError("disk full")), pytest.raises(DatabaseError):
        upload(sample_package(tmp_path))
    assert not H5PActivity.objects.exists() and not H5PLibrary.objects.exists()
    assert files_under(private) == []


def test_a_failing_extraction_leaves_no_file_or_folder(db, private, tmp_path):
    with mock.patch("courses.h5p.install.shutil.move", side_effect=OSError("disk")), pytest.raises(OSError):
        upload(sample_package(tmp_path))
    assert files_under(private) == []


def test_reupload_replaces_the_files_and_removes_the_old_ones(
    db, private, tmp_path, django_capture_on_commit_callbacks
):
    activity = upload(sample_package(tmp_path, "pertama.h5p"))
    old_package, old_folder = activity.package.name, activity.folder
    with django_capture_on_commit_callbacks(execute=True), open(sample_package(tmp_path, "kedua.h5p"), "rb") as f:
        activity.package = File(f, name="kedua.h5p")
        activity.full_clean()
        activity.save()
    assert activity.folder != old_folder and activity.file_path("content/content.json")
    assert not (private / old_package).exists() and not (private / old_folder).exists()
    call_command("h5p_orphans")  # nothing left over: no CommandError


def test_orphans_command_lists_and_deletes_files_no_row_uses(db, private, tmp_path, capsys):
    kept = upload(sample_package(tmp_path))
    (private / "h5p/packages/sisa.h5p").write_bytes(b"PK")
    (private / "h5p/content/99-dead").mkdir(parents=True)
    (private / "h5p/libraries/H5P.Old-1.0.0-dead").mkdir(parents=True)
    with pytest.raises(CommandError, match="3"):
        call_command("h5p_orphans")
    listed = capsys.readouterr().out.split()
    assert listed == ["h5p/packages/sisa.h5p", "h5p/content/99-dead", "h5p/libraries/H5P.Old-1.0.0-dead"]
    call_command("h5p_orphans", "--delete")
    assert not (private / "h5p/packages/sisa.h5p").exists() and not (private / "h5p/content/99-dead").exists()
    assert kept.file_path("h5p.json") and kept.file_path("H5P.CorpUTrueFalse-1.0/library.json")
    call_command("h5p_orphans")


def test_the_admin_form_answers_a_bomb_with_a_message_not_a_500(db, private, tmp_path):
    client = Client()
    client.force_login(UserFactory(is_superuser=True))
    bomb = with_entry(tmp_path, "content/video.mp4", b"\0" * (16 * MB), zipfile.ZIP_BZIP2, declared=100)
    response = client.post(ADD_URL, form_data(bomb))
    assert response.status_code == 200
    assert "content/video.mp4" in " ".join(response.context["form"].errors["package"])
    assert not H5PActivity.objects.exists() and files_under(private) == []
