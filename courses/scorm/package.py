"""Server-side validation of SCORM 1.2 and SCORM 2004 packages (a zip with `imsmanifest.xml` at its root).

The zip guards are H5P's (courses/h5p/package.py): safe names only (no zip-slip, no links), stored/deflate only,
a file count, a per-entry compression ratio, a real decompressed-bytes budget and a package size limit. Only
files a browser plays are allowed (no server-side code such as .php or .exe). The manifest is parsed without a
DOCTYPE (so without entities, internal or external); the version comes from `schemaversion` or the namespaces,
and the launch page from the default organization's first item with a resource.
"""

import posixpath
import xml.etree.ElementTree as ElementTree
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit
from xml.parsers import expat

from django.utils.translation import gettext as _

from ..h5p.package import (
    COMPRESSION_METHODS,
    IGNORED_PREFIXES,
    LIBRARY_EXTENSIONS,
    H5PValidationError,
    Limits,
    _EntryTooLarge,
    _is_link,
    _is_safe_name,
    _stream,
    _verify_members,
)

MANIFEST = "imsmanifest.xml"
EXTENSIONS = LIBRARY_EXTENSIONS | {"html", "htm", "xsd", "dtd", "webp", "ico", "mjs", "map"}
LAUNCH_EXTENSIONS = frozenset({"html", "htm"})
MAX_MANIFEST_BYTES = 2 * 1024 * 1024
VERSION_12, VERSION_2004 = "1.2", "2004"
ADLCP = {
    "http://www.adlnet.org/xsd/adlcp_rootv1p2": VERSION_12,
    "http://www.adlnet.org/xsd/adlcp_v1p3": VERSION_2004,
}


class ScormValidationError(H5PValidationError):
    """The package is refused; `errors` lists every reason in the user's language."""


@dataclass
class ScormManifest:
    """What CorpU needs from a manifest: the title, the SCORM version and the launch page (with its query)."""

    title: str
    version: str
    launch: str
    members: list = field(default_factory=list)


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _children(element, name):
    return [child for child in element if _local(child.tag) == name]


def _attribute(element, name):
    """An attribute by its local name, whatever its namespace (`adlcp:scormtype`, `xml:base`)."""
    for key, value in element.attrib.items():
        if _local(key).lower() == name.lower():
            return value
    return None


def _refuse_declaration(*_args):
    raise ValueError("declaration")


def parse_manifest(data):
    """The manifest's root element; a DOCTYPE or entity declaration, or broken XML, raises ValueError."""
    guard = expat.ParserCreate()
    guard.StartDoctypeDeclHandler = _refuse_declaration
    guard.EntityDeclHandler = _refuse_declaration
    guard.ExternalEntityRefHandler = _refuse_declaration
    try:
        guard.Parse(data, True)
        return ElementTree.fromstring(data)
    except (expat.ExpatError, ElementTree.ParseError) as error:
        raise ValueError(str(error)) from None


def _version(root):
    for metadata in _children(root, "metadata"):
        for schema in _children(metadata, "schemaversion"):
            text = (schema.text or "").strip().lower()
            if text == "1.2":
                return VERSION_12
            if text.startswith("2004") or text == "cam 1.3":
                return VERSION_2004
    names = (key for element in root.iter() for key in (element.tag, *element.attrib))
    namespaces = {key.partition("}")[0].lstrip("{") for key in names}
    found = {ADLCP[ns] for ns in namespaces if ns in ADLCP}
    return found.pop() if len(found) == 1 else None


def _first_item(items):
    """Depth first: the first item that names a resource."""
    for item in items:
        if _attribute(item, "identifierref"):
            return item
        found = _first_item(_children(item, "item"))
        if found is not None:
            return found
    return None


def _launch(root, errors):
    """(organization title, launch href with the item's parameters) or (None, None) with an error added."""
    organizations = next(iter(_children(root, "organizations")), None)
    choices = _children(organizations, "organization") if organizations is not None else []
    default = _attribute(organizations, "default") if organizations is not None else None
    organization = next((o for o in choices if _attribute(o, "identifier") == default), choices[0] if choices else None)
    item = _first_item(_children(organization, "item")) if organization is not None else None
    if item is None:
        errors.append(_("imsmanifest.xml tidak memiliki organisasi dengan item yang menunjuk sumber (resource)."))
        return None, None
    reference = _attribute(item, "identifierref")
    resources = next(iter(_children(root, "resources")), None)
    resource = next(
        (r for r in _children(resources, "resource") if _attribute(r, "identifier") == reference)
        if resources is not None
        else iter(()),
        None,
    )
    if resource is None or not _attribute(resource, "href"):
        errors.append(
            _("Item %(item)s menunjuk sumber %(ref)s yang tidak ada atau tanpa href.")
            % {
                "item": _attribute(item, "identifier") or "?",
                "ref": reference,
            }
        )
        return None, None
    base = "".join(filter(None, (_attribute(resources, "base"), _attribute(resource, "base"))))
    href = base + _attribute(resource, "href") + (_attribute(item, "parameters") or "")
    title = next((t.text for t in _children(organization, "title") if t.text), None)
    return (title or "").strip(), href


def _launch_path(href, names, errors):
    """The launch href's file, which must be a page inside the package."""
    parts = urlsplit(href)
    path = posixpath.normpath(parts.path) if parts.path else ""
    inside = not (parts.scheme or parts.netloc) and _is_safe_name(path) and not path.startswith("../")
    if not inside:
        errors.append(_("Halaman awal %(href)s berada di luar paket; paket ditolak.") % {"href": href})
        return None
    if path not in names:
        errors.append(_("Halaman awal %(href)s tidak ada dalam paket.") % {"href": href})
        return None
    if PurePosixPath(path).suffix.lower().lstrip(".") not in LAUNCH_EXTENSIONS:
        errors.append(_("Halaman awal %(href)s bukan halaman HTML.") % {"href": href})
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _check_members(archive, limits, errors):
    members, total = [], 0
    infos = archive.infolist()
    if len(infos) > limits.max_files:
        errors.append(_("Paket berisi %(n)d berkas; batasnya %(max)d.") % {"n": len(infos), "max": limits.max_files})
        return members
    for info in infos:
        name = info.filename
        if info.compress_type not in COMPRESSION_METHODS:
            errors.append(_("Metode kompresi tidak diizinkan (hanya stored/deflate): %(name)s") % {"name": name})
        elif name.startswith(IGNORED_PREFIXES) or PurePosixPath(name).name.startswith("."):
            continue
        elif not _is_safe_name(name):
            errors.append(_("Nama berkas berbahaya ditolak: %(name)s") % {"name": name})
        elif _is_link(info):
            errors.append(_("Tautan simbolik tidak diizinkan: %(name)s") % {"name": name})
        elif info.is_dir():
            continue
        elif info.flag_bits & 0x1:
            errors.append(_("Berkas terenkripsi tidak diizinkan: %(name)s") % {"name": name})
        elif PurePosixPath(name).suffix.lower().lstrip(".") not in EXTENSIONS:
            errors.append(_("Jenis berkas tidak diizinkan dalam paket SCORM: %(name)s") % {"name": name})
        elif info.file_size > limits.max_ratio * max(info.compress_size, 1) and info.file_size > 1024 * 1024:
            errors.append(_("Rasio kompresi tidak wajar (zip bomb?): %(name)s") % {"name": name})
        else:
            total += info.file_size
            members.append(info)
    if total > limits.max_unpacked_bytes:
        errors.append(
            _("Isi paket terlalu besar setelah diekstrak (%(mb)d MB; batas %(max)d MB).")
            % {"mb": total // (1024 * 1024), "max": limits.max_unpacked_bytes // (1024 * 1024)}
        )
    return members


def _read_manifest(archive, errors):
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        errors.append(_("Paket SCORM harus memiliki imsmanifest.xml di akarnya."))
        return None
    if info.compress_type not in COMPRESSION_METHODS:
        return None
    try:
        return parse_manifest(b"".join(_stream(archive, info, MAX_MANIFEST_BYTES)))
    except _EntryTooLarge:
        errors.append(_("imsmanifest.xml terlalu besar (batas %(max)d KB).") % {"max": MAX_MANIFEST_BYTES // 1024})
    except ValueError:
        errors.append(_("imsmanifest.xml bukan XML yang valid atau memuat DOCTYPE/ENTITY (tidak diizinkan)."))
    except (zipfile.BadZipFile, OSError, EOFError):
        errors.append(_("Berkas %(name)s rusak atau ukurannya tidak sesuai dengan isinya.") % {"name": MANIFEST})
    return None


def validate_package(source, limits=None):
    """Validate a SCORM zip (path or file object); return ScormManifest or raise ScormValidationError."""
    limits = limits or Limits.from_settings()
    size = Path(source).stat().st_size if isinstance(source, str | Path) else getattr(source, "size", None)
    if size is not None and size > limits.max_package_bytes:
        raise ScormValidationError(
            [
                _("Paket terlalu besar (%(mb)d MB; batas %(max)d MB).")
                % {"mb": size // (1024 * 1024), "max": limits.max_package_bytes // (1024 * 1024)}
            ]
        )
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ScormValidationError([_("Berkas bukan paket SCORM (zip) yang valid.")]) from None
    errors = []
    with archive:
        members = _check_members(archive, limits, errors)
        root = _read_manifest(archive, errors)
        title = version = launch = None
        if root is not None:
            if _local(root.tag) != "manifest":
                errors.append(_("imsmanifest.xml tidak berisi elemen manifest."))
            version = _version(root)
            if version is None:
                errors.append(_("Versi SCORM tidak dikenali: hanya SCORM 1.2 dan SCORM 2004 yang didukung."))
            title, href = _launch(root, errors)
            if href is not None:
                launch = _launch_path(href, {m.filename for m in members}, errors)
        if not errors:
            _verify_members(archive, members, limits, errors)
        if errors:
            raise ScormValidationError(errors)
    return ScormManifest(title, version, launch, members)
