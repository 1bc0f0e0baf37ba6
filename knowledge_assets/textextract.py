"""The text of an imported PDF/DOCX file (pypdf, python-docx): searchable, and the abstract when none is given."""

import re

import docx
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

MAX_CHARS = 100_000  # kept for the search index; longer documents are cut
ABSTRACT_WORDS = 80
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # what Word writes for a password-protected .docx


class Unreadable(Exception):
    """The file cannot be read; the message (Indonesian) says why."""


def _locked():
    return Unreadable(_("terenkripsi atau dilindungi kata sandi; simpan ulang tanpa enkripsi lalu impor lagi"))


def _broken(error):
    return Unreadable(_("tidak dapat dibaca (%(why)s)") % {"why": str(error) or type(error).__name__})


def _pdf_text(path):
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError("password required")
        parts, size = [], 0
        for page in reader.pages:
            parts.append(page.extract_text() or "")
            size += len(parts[-1])
            if size >= MAX_CHARS:
                break
    except (DependencyError, FileNotDecryptedError):  # a user password, or AES without a crypto library
        raise _locked() from None
    except Exception as error:  # a damaged file fails in many ways inside pypdf
        raise _broken(error) from None
    return "\n".join(parts)


def _docx_text(path):
    with path.open("rb") as handle:
        if handle.read(len(OLE_MAGIC)) == OLE_MAGIC:
            raise _locked()
    try:
        document = docx.Document(str(path))
    except Exception as error:  # zipfile, python-docx's PackageNotFoundError, lxml
        raise _broken(error) from None
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def normalise(text):
    """One space between words, paragraphs on their own line, no NUL (PostgreSQL refuses it)."""
    text = text.replace("\x00", "")
    lines = (re.sub(r"\s+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def extract_text(path):
    """The text of a .pdf or .docx file, at most MAX_CHARS; raises Unreadable with the reason."""
    reader = _pdf_text if path.suffix.lower() == ".pdf" else _docx_text
    return normalise(reader(path))[:MAX_CHARS]


def abstract_from(text):
    """The beginning of the document's text, cut at a word."""
    return Truncator(" ".join(text.split())).words(ABSTRACT_WORDS, truncate="…")
