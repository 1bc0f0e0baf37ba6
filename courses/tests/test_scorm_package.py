"""SCORM upload: CorpU's samples are accepted with their version and launch page; hostile or broken packages are
refused with a reason and leave no file behind; only holders of the upload permission may add one."""

import stat
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File

from corpu.access import AccessLevel
from courses.models import ScormPackage
from courses.scorm.build import SAMPLES_DIR
from courses.scorm.package import ScormValidationError, validate_package
from courses.tests.scorm_helpers import SCORM_12, SCORM_2004, manifest, write_zip
from tests.factories import UserFactory

PAGE = "<!DOCTYPE html><title>x</title>"


def refused(path):
    with pytest.raises(ScormValidationError) as error:
        validate_package(path)
    return " ".join(error.value.errors)


@pytest.mark.parametrize(
    ("sample", "version", "title"),
    [
        (SCORM_12, "1.2", "Kode Etik dan Kode Perilaku ASN"),
        (SCORM_2004, "2004", "Mengenali Gratifikasi"),
    ],
)
def test_samples_are_accepted_with_version_and_launch_page(sample, version, title):
    found = validate_package(SAMPLES_DIR / sample)
    assert (found.version, found.launch, found.title) == (version, "index.html", title)


def test_zip_slip_is_refused(tmp_path):
    path = write_zip(tmp_path / "p.zip", {"imsmanifest.xml": manifest(), "index.html": PAGE, "../../evil.html": PAGE})
    assert "Nama berkas berbahaya ditolak: ../../evil.html" in refused(path)


def test_missing_manifest_is_refused(tmp_path):
    path = write_zip(tmp_path / "p.zip", {"index.html": PAGE})
    assert "imsmanifest.xml di akarnya" in refused(path)


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE manifest [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE manifest [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
        '<!DOCTYPE manifest SYSTEM "http://evil.example/manifest.dtd">',
    ],
)
def test_manifest_with_doctype_or_entities_is_refused(tmp_path, doctype):
    text = manifest(doctype=doctype, entity="&x;" if 'SYSTEM "file' in doctype else "")
    path = write_zip(tmp_path / "p.zip", {"imsmanifest.xml": text, "index.html": PAGE})
    assert "DOCTYPE/ENTITY" in refused(path)


def test_undeclared_entity_is_refused(tmp_path):
    path = write_zip(tmp_path / "p.zip", {"imsmanifest.xml": manifest(entity="&x;"), "index.html": PAGE})
    assert "bukan XML yang valid" in refused(path)


@pytest.mark.parametrize("href", ["../index.html", "/etc/index.html", "http://evil.example/a.html", "a/../../x.html"])
def test_launch_page_outside_the_package_is_refused(tmp_path, href):
    path = write_zip(tmp_path / "p.zip", {"imsmanifest.xml": manifest(href=href), "index.html": PAGE})
    assert "berada di luar paket" in refused(path)


def test_launch_page_must_exist_and_be_html(tmp_path):
    missing = write_zip(tmp_path / "a.zip", {"imsmanifest.xml": manifest(href="nope.html"), "index.html": PAGE})
    assert "tidak ada dalam paket" in refused(missing)
    script = write_zip(tmp_path / "b.zip", {"imsmanifest.xml": manifest(href="run.js"), "run.js": "x"})
    assert "bukan halaman HTML" in refused(script)


@pytest.mark.parametrize("name", ["api/save.php", "setup.exe", "cgi-bin/run.sh", "server.jsp", "index.phtml"])
def test_server_side_code_and_other_types_are_refused(tmp_path, name):
    path = write_zip(tmp_path / "p.zip", {"imsmanifest.xml": manifest(), "index.html": PAGE, name: "<?php ?>"})
    assert f"Jenis berkas tidak diizinkan dalam paket SCORM: {name}" in refused(path)


def test_symbolic_link_is_refused(tmp_path):
    path = tmp_path / "p.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("imsmanifest.xml", manifest())
        archive.writestr("index.html", PAGE)
        link = zipfile.ZipInfo("data.js")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    assert "Tautan simbolik tidak diizinkan: data.js" in refused(path)


def test_zip_bomb_is_refused(tmp_path):
    path = write_zip(tmp_path / "p.zip", {"imsmanifest.xml": manifest(), "index.html": PAGE, "a.js": b"0" * 5_000_000})
    assert "zip bomb" in refused(path)


def test_unknown_version_is_refused(tmp_path):
    text = manifest().replace("<schemaversion>1.2</schemaversion>", "").replace("adlcp_rootv1p2", "other")
    path = write_zip(tmp_path / "p.zip", {"imsmanifest.xml": text, "index.html": PAGE})
    assert "Versi SCORM tidak dikenali" in refused(path)


def _upload(user, sample=SCORM_12):
    with open(SAMPLES_DIR / sample, "rb") as handle:
        package = ScormPackage(
            title="Uji", access_level=AccessLevel.PUBLIC, package=File(handle, name=sample), uploaded_by=user
        )
        package.full_clean()
        package.save()
    return package


@pytest.mark.django_db
def test_only_a_holder_of_the_upload_permission_adds_a_package(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    author = UserFactory()
    with pytest.raises(ValidationError) as error:
        _upload(author)
    assert "Hanya CLO/administrator" in str(error.value)
    assert ScormPackage.objects.count() == 0
    assert not list((tmp_path / "private").rglob("*.*"))

    from django.contrib.auth.models import Permission

    author.user_permissions.add(Permission.objects.get(codename="upload_scorm_package"))
    author = type(author).objects.get(pk=author.pk)
    package = _upload(author, SCORM_2004)
    assert (package.version, package.launch) == ("2004", "index.html")
    assert package.file_path("index.html").read_text().startswith("<!DOCTYPE html>")
    assert package.file_path("../../etc/passwd") is None


@pytest.mark.django_db(transaction=True)
def test_replacing_a_package_removes_the_old_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    from courses.tests.scorm_helpers import make_package

    package = make_package(SCORM_12)
    old_zip, old_folder = package.package.path, tmp_path / "private" / package.folder
    with open(SAMPLES_DIR / SCORM_2004, "rb") as handle:
        package.package = File(handle, name=SCORM_2004)
        package.full_clean()
        package.save()
    assert package.version == "2004"
    assert not old_folder.exists() and not Path(old_zip).exists()
    assert (tmp_path / "private" / package.folder / "index.html").is_file()
