"""Bulk intake of existing PDF/DOCX files as draft assets (`manage.py import_assets`), all or nothing.

CSV columns (comma or semicolon separated, UTF-8 with or without BOM; multiple values inside a cell with "|"):
file (path relative to DIR, .pdf/.docx), title, abstract, asset_type, knowledge_form, competency,
kelompok (name or slug), access_level (public|asn|internal), tags, authors_nip.
Only file, title, abstract and asset_type are required columns; the rest fall back to the model defaults. The
file's text (pypdf / python-docx) is kept on the asset for search and gives the abstract when that cell is empty.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from corpu.access import AccessLevel
from corpu.csvimport import ImportFailed, read_rows
from people.models import KelompokKeahlian, User

from .models import (
    AssetType,
    Competency,
    KnowledgeAssetAttachment,
    KnowledgeAssetPage,
    KnowledgeCatalogPage,
    KnowledgeForm,
)
from .textextract import OLE_MAGIC, Unreadable, abstract_from, extract_text

COLUMNS = [
    "file",
    "title",
    "abstract",
    "asset_type",
    "knowledge_form",
    "competency",
    "kelompok",
    "access_level",
    "tags",
    "authors_nip",
]
REQUIRED = ["file", "title", "abstract", "asset_type"]  # columns; an empty abstract comes from the file's text
REQUIRED_VALUES = ["file", "title", "asset_type"]
MAGIC = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04"}


@dataclass
class ImportResult:
    created: list = field(default_factory=list)


def split_multi(value):
    return [part.strip() for part in value.split("|") if part.strip()]


def _choice(value, choices, default, column, errors):
    if not value:
        return default
    by_value = {str(v).lower(): v for v, _label in choices}
    by_label = {str(label).lower(): v for v, label in choices}
    found = by_value.get(value.lower()) or by_label.get(value.lower())
    if found is None:
        errors.append(
            _("%(col)s '%(v)s' tidak dikenal (pilihan: %(ok)s)")
            % {"col": column, "v": value, "ok": ", ".join(str(v) for v, _label in choices)}
        )
    return found


def check_file(directory, name):
    """(path, text, errors) for a file named in the CSV: inside DIR, PDF/DOCX by content, readable."""
    path = (directory / name).resolve()
    suffix = path.suffix.lower()
    if directory.resolve() not in path.parents:
        return path, "", [_("berkas '%(f)s' berada di luar folder impor") % {"f": name}]
    if suffix not in MAGIC:
        return path, "", [_("berkas '%(f)s' harus PDF atau DOCX") % {"f": name}]
    if not path.is_file():
        return path, "", [_("berkas '%(f)s' tidak ditemukan") % {"f": name}]
    max_size = getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None)
    if max_size and path.stat().st_size > max_size:
        return path, "", [_("berkas '%(f)s' terlalu besar") % {"f": name}]
    with path.open("rb") as handle:
        head = handle.read(len(OLE_MAGIC))
    if not head.startswith(MAGIC[suffix]) and head != OLE_MAGIC:  # OLE: a password-protected Word file
        return path, "", [_("isi berkas '%(f)s' bukan %(t)s yang sah") % {"f": name, "t": suffix[1:]}]
    try:
        return path, extract_text(path), []
    except Unreadable as problem:
        return path, "", [_("berkas '%(f)s' %(why)s") % {"f": name, "why": problem}]


def validate_row(directory, row, titles_seen, line):
    errors = []
    data = {"path": None, "text": ""}
    for column in REQUIRED_VALUES:
        if not row.get(column):
            errors.append(_("%(col)s wajib diisi") % {"col": column})
    file_errors = []
    if row.get("file"):
        data["path"], data["text"], file_errors = check_file(directory, row["file"])
        errors.extend(file_errors)
    data["abstract"] = row.get("abstract", "") or abstract_from(data["text"])
    if not data["abstract"] and row.get("file") and not file_errors:  # a bad file is reported on its own
        errors.append(_("abstract wajib diisi bila berkas tidak berisi teks yang dapat dibaca (mis. hasil pindaian)"))
    title = row.get("title", "")
    if len(title) > 255:
        errors.append(_("title lebih dari 255 karakter"))
    if title and title.lower() in titles_seen:
        errors.append(_("judul sama dengan baris %(line)s") % {"line": titles_seen[title.lower()]})
    elif title:
        titles_seen[title.lower()] = line
    data["title"] = title
    if row.get("asset_type"):
        data["asset_type"] = _choice(row["asset_type"], AssetType.choices, None, "asset_type", errors)
    data["knowledge_form"] = _choice(
        row.get("knowledge_form", ""), KnowledgeForm.choices, KnowledgeForm.EXPLICIT, "knowledge_form", errors
    )
    data["competency"] = _choice(
        row.get("competency", ""), Competency.choices, Competency.TECHNICAL, "competency", errors
    )
    data["access_level"] = _choice(
        row.get("access_level", ""), AccessLevel.choices, AccessLevel.ASN, "access_level", errors
    )
    data["kelompok"] = None
    if row.get("kelompok"):
        kelompok = KelompokKeahlian.objects.filter(Q(nama__iexact=row["kelompok"]) | Q(slug=row["kelompok"])).first()
        if kelompok is None:
            errors.append(_("kelompok keahlian '%(v)s' tidak ditemukan") % {"v": row["kelompok"]})
        data["kelompok"] = kelompok
    data["tags"] = split_multi(row.get("tags", ""))
    nips = ["".join(nip.split()) for nip in split_multi(row.get("authors_nip", ""))]
    authors = {user.nip: user for user in User.objects.filter(nip__in=nips)}
    unknown = [nip for nip in nips if nip not in authors]
    if unknown:
        errors.append(_("NIP penulis tidak ditemukan: %(v)s") % {"v": ", ".join(unknown)})
    data["authors"] = list(authors.values())
    return data, errors


def unique_slug(catalogue, title, taken):
    base = slugify(title)[:70] or "aset"
    existing = set(catalogue.get_children().values_list("slug", flat=True)) | taken
    slug, n = base, 2
    while slug in existing or slug in {"feed", "dasbor", "aset"}:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def import_assets(directory, text, dry_run=False, user=None):
    """Validate every row, then create one draft asset (with its file attached) per row in one transaction."""
    directory = Path(directory)
    catalogue = KnowledgeCatalogPage.objects.first()
    if catalogue is None:
        raise ImportFailed([_("Belum ada halaman katalog pengetahuan; buat dulu (mis. lewat seed_demo).")])
    rows = read_rows(text, REQUIRED)
    if not rows:
        raise ImportFailed([_("Berkas metadata tidak berisi baris data.")])
    errors, cleaned, titles_seen = [], [], {}
    for line, row in rows:
        data, row_errors = validate_row(directory, row, titles_seen, line)
        errors.extend(_("Baris %(line)d: %(msg)s") % {"line": line, "msg": msg} for msg in row_errors)
        cleaned.append(data)
    if errors:
        raise ImportFailed(errors)
    result = ImportResult()
    if dry_run:
        result.created = [data["title"] for data in cleaned]
        return result
    Document = get_document_model()
    stored = []
    try:
        with transaction.atomic():
            taken = set()
            for data in cleaned:
                with data["path"].open("rb") as handle:
                    document = Document(title=data["title"], uploaded_by_user=user)
                    document.file = File(handle, name=data["path"].name)
                    document._set_document_file_metadata()
                    document.save()
                    stored.append(document.file.name)
                asset = KnowledgeAssetPage(
                    title=data["title"],
                    slug=unique_slug(catalogue, data["title"], taken),
                    abstract=data["abstract"],
                    document_text=data["text"],
                    asset_type=data["asset_type"],
                    knowledge_form=data["knowledge_form"],
                    competency=data["competency"],
                    access_level=data["access_level"],
                    owner_kelompok=data["kelompok"],
                    live=False,
                    review_by=datetime.date.today().replace(year=datetime.date.today().year + 2),
                )
                asset.tags.add(*data["tags"])
                asset.authors.set(data["authors"])
                asset.attachments.add(KnowledgeAssetAttachment(document=document))
                catalogue.add_child(instance=asset)
                asset.save_revision(user=user)
                result.created.append(asset)
    except Exception:
        storage = Document._meta.get_field("file").storage
        for name in stored:
            storage.delete(name)
        raise
    return result
