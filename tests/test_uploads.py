"""The one upload validator used for JP evidence, assignments and forum attachments."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from corpu.uploads import UploadValidator, content_type_for

validate = UploadValidator([".pdf", ".png", ".docx"], max_mb=1)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ", "tidak diizinkan"),
        ("halaman.html", b"<html>", "tidak diizinkan"),
        ("palsu.pdf", b"MZ\x90\x00", "tidak sesuai"),
        ("gambar.png", b"<svg onload=alert(1)>", "tidak sesuai"),
        ("besar.pdf", b"%PDF" + b"0" * (1024 * 1024), "terlalu besar"),
    ],
)
def test_refuses_wrong_type_size_or_content(name, content, message):
    with pytest.raises(ValidationError, match=message):
        validate(SimpleUploadedFile(name, content))


def test_accepts_matching_files_and_rewinds_them():
    upload = SimpleUploadedFile("SKP.PDF", b"%PDF-1.4 isi")
    validate(upload)
    assert upload.read() == b"%PDF-1.4 isi"
    validate(SimpleUploadedFile("laporan.docx", b"PK\x03\x04rest"))
    assert validate.accept == ".pdf,.png,.docx"
    assert content_type_for("a.xlsx").endswith("spreadsheetml.sheet")


def test_an_extension_without_a_known_signature_is_a_programming_error():
    with pytest.raises(ValueError):
        UploadValidator([".exe"], max_mb=1)
