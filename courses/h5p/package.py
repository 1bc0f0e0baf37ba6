"""Server-side validation and safe extraction of `.h5p` packages.

A package is a zip holding `h5p.json` (metadata and dependencies), `content/content.json` (the parameters),
`content/` media, and the libraries it needs as `Machine.Name-MAJOR.MINOR/` folders with `library.json`.
Only the file types the H5P specification allows are accepted (H5P core's default whitelist, minus Flash): other
files in `content/` refuse the package, in a library folder they are left out (`H5PPackage.skipped`); zip-slip
paths, links, zip bombs and oversize packages are refused with a message naming the problem.
Entries are only ever streamed with a byte limit, never read whole on the word of their size header.
"""

import json
import posixpath
import re
import shutil
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

CONTENT_EXTENSIONS = frozenset(
    {
        "json",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "bmp",
        "tif",
        "tiff",
        "svg",
        "eot",
        "ttf",
        "woff",
        "woff2",
        "otf",
        "webm",
        "mp4",
        "ogg",
        "mp3",
        "m4a",
        "wav",
        "txt",
        "pdf",
        "rtf",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "odt",
        "ods",
        "odp",
        "xml",
        "csv",
        "diff",
        "patch",
        "md",
        "textile",
        "vtt",
        "webvtt",
        "gltf",
        "glb",
    }
)
LIBRARY_EXTENSIONS = CONTENT_EXTENSIONS | {"js", "css"}
IGNORED_PREFIXES = ("__MACOSX/",)
# bzip2/lzma are refused: zipfile decompresses each of their chunks whole (1 KB of bzip2 can hold 1 GiB).
COMPRESSION_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
CHUNK = 64 * 1024
MACHINE_NAME = re.compile(r"^[A-Za-z][\w.-]{0,99}$")


@dataclass(frozen=True)
class Limits:
    """Upper bounds that keep a hostile upload from exhausting disk or memory (settings `H5P_MAX_*`)."""

    max_package_bytes: int = 100 * 1024 * 1024
    max_unpacked_bytes: int = 300 * 1024 * 1024
    max_files: int = 5000
    max_ratio: int = 100  # uncompressed / compressed size of a single entry
    max_json_bytes: int = 16 * 1024 * 1024  # h5p.json, library.json, semantics.json, content.json

    @classmethod
    def from_settings(cls):
        names = {f"H5P_MAX_{name.removeprefix('max_').upper()}": name for name in cls.__dataclass_fields__}
        return cls(**{attr: getattr(settings, key) for key, attr in names.items() if hasattr(settings, key)})


class H5PValidationError(Exception):
    """The package is refused; `errors` lists every reason in the user's language."""

    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = list(errors)


@dataclass
class H5PPackage:
    """A validated package: its metadata, content parameters and the libraries it carries."""

    title: str
    main_library: str
    metadata: dict
    content: dict
    libraries: dict = field(default_factory=dict)  # "H5P.MultiChoice-1.16" -> library.json
    semantics: dict = field(default_factory=dict)  # "H5P.MultiChoice-1.16" -> semantics.json (when bundled)
    members: list = field(default_factory=list)  # zip entries to extract
    skipped: list = field(default_factory=list)  # library files outside the whitelist, left out

    @property
    def main_library_folder(self):
        dependency = next(d for d in self.metadata["preloadedDependencies"] if d["machineName"] == self.main_library)
        return library_folder(dependency)

    def members_of(self, folder):
        """The entries under a top-level folder ("content" or a library folder)."""
        return [m for m in self.members if m.filename.startswith(f"{folder}/")]

    def skipped_in(self, folder):
        """The names left out of a library folder because their type is outside the whitelist."""
        return [name for name in self.skipped if name.startswith(f"{folder}/")]

    def missing_preloaded(self, folder):
        """The `preloadedJs`/`preloadedCss` paths of a bundled library that the package does not carry."""
        names = {m.filename for m in self.members_of(folder)}
        missing = []
        for key in ("preloadedJs", "preloadedCss"):
            entries = self.libraries[folder].get(key) or []
            for entry in entries if isinstance(entries, list) else [entries]:
                path = str(entry.get("path") if isinstance(entry, dict) else entry)
                if f"{folder}/{posixpath.normpath(path)}" not in names:
                    missing.append(path)
        return missing


def library_folder(dependency):
    """The folder name of a library dependency, e.g. "H5P.MultiChoice-1.16"."""
    return f"{dependency['machineName']}-{dependency['majorVersion']}.{dependency['minorVersion']}"


def _is_safe_name(name):
    if not name or "\x00" in name or "\\" in name or name.startswith("/") or ":" in name.split("/")[0]:
        return False
    return all(part not in ("..", "") for part in PurePosixPath(name).parts)


def _is_link(info):
    return stat.S_ISLNK(info.external_attr >> 16)


class _EntryTooLarge(Exception):
    pass


def _stream(archive, info, limit):
    """Yield an entry's real (decompressed) bytes in chunks; stop as soon as they pass `limit`."""
    size = 0
    with archive.open(info) as handle:
        while chunk := handle.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise _EntryTooLarge
            yield chunk


def _read_json(archive, name, errors, limits):
    """Parse a JSON entry read with a byte limit; a missing, broken or oversize entry adds an error."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        errors.append(_("Berkas wajib %(name)s tidak ada dalam paket.") % {"name": name})
        return None
    if info.compress_type not in COMPRESSION_METHODS:
        return None  # already reported by _check_members
    try:
        return json.loads(b"".join(_stream(archive, info, limits.max_json_bytes)).decode("utf-8-sig"))
    except _EntryTooLarge:
        errors.append(
            _("%(name)s terlalu besar (batas %(max)d KB); paket ditolak.")
            % {"name": name, "max": limits.max_json_bytes // 1024}
        )
    except (ValueError, UnicodeDecodeError, RecursionError):
        errors.append(_("%(name)s bukan JSON yang valid.") % {"name": name})
    except (zipfile.BadZipFile, OSError, EOFError):
        errors.append(_("Berkas %(name)s rusak atau ukurannya tidak sesuai dengan isinya.") % {"name": name})
    return None


def _check_members(archive, limits, errors):
    """Check names, types, compression and declared sizes of every entry; return the entries worth extracting
    and the names of library files left out for their type."""
    members, skipped, total = [], [], 0
    infos = archive.infolist()
    if len(infos) > limits.max_files:
        errors.append(_("Paket berisi %(n)d berkas; batasnya %(max)d.") % {"n": len(infos), "max": limits.max_files})
        return members, skipped
    for info in infos:
        name = info.filename
        if info.compress_type not in COMPRESSION_METHODS:
            errors.append(_("Metode kompresi tidak diizinkan (hanya stored/deflate): %(name)s") % {"name": name})
            continue
        if name.startswith(IGNORED_PREFIXES) or PurePosixPath(name).name.startswith("."):
            continue
        if not _is_safe_name(name):
            errors.append(_("Nama berkas berbahaya ditolak: %(name)s") % {"name": name})
            continue
        if _is_link(info):
            errors.append(_("Tautan simbolik tidak diizinkan: %(name)s") % {"name": name})
            continue
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            errors.append(_("Berkas terenkripsi tidak diizinkan: %(name)s") % {"name": name})
            continue
        in_library = "/" in name and name.split("/", 1)[0] != "content"
        suffix = PurePosixPath(name).suffix.lower().lstrip(".")
        if in_library and suffix not in LIBRARY_EXTENSIONS:
            skipped.append(name)  # a library's stray files (e.g. a Flash fallback) are left out, not refused
            continue
        if not in_library and suffix not in CONTENT_EXTENSIONS:
            errors.append(_("Jenis berkas tidak diizinkan oleh spesifikasi H5P: %(name)s") % {"name": name})
            continue
        total += info.file_size
        if info.file_size > limits.max_ratio * max(info.compress_size, 1) and info.file_size > 1024 * 1024:
            errors.append(_("Rasio kompresi tidak wajar (zip bomb?): %(name)s") % {"name": name})
            continue
        members.append(info)
    if total > limits.max_unpacked_bytes:
        errors.append(
            _("Isi paket terlalu besar setelah diekstrak (%(mb)d MB; batas %(max)d MB).")
            % {"mb": total // (1024 * 1024), "max": limits.max_unpacked_bytes // (1024 * 1024)}
        )
    return members, skipped


def _check_libraries(archive, metadata, names, installed, errors, limits):
    """Read every bundled library.json (and semantics.json); check each dependency is bundled or installed."""
    libraries, semantics = {}, {}
    folders = {name.split("/", 1)[0] for name in names if "/" in name} - {"content"}
    for folder in sorted(folders):
        info = _read_json(archive, f"{folder}/library.json", errors, limits)
        if not isinstance(info, dict):
            continue
        expected = f"{info.get('machineName')}-{info.get('majorVersion')}.{info.get('minorVersion')}"
        versions = (info.get("majorVersion"), info.get("minorVersion"), info.get("patchVersion", 0))
        valid = MACHINE_NAME.match(str(info.get("machineName"))) and all(
            type(number) is int and 0 <= number < 100_000 for number in versions
        )
        if expected != folder or not valid:
            errors.append(
                _("Folder pustaka %(folder)s tidak sesuai dengan library.json (%(expected)s).")
                % {"folder": folder, "expected": expected}
            )
            continue
        libraries[folder] = info
        if f"{folder}/semantics.json" in archive.NameToInfo:
            semantics[folder] = _read_json(archive, f"{folder}/semantics.json", errors, limits)
    needed = [("h5p.json", d) for d in metadata.get("preloadedDependencies") or []]
    needed += [(f"{f}/library.json", d) for f, i in libraries.items() for d in i.get("preloadedDependencies") or []]
    for source, dependency in needed:
        try:
            folder = library_folder(dependency)
        except (KeyError, TypeError):
            errors.append(_("%(file)s: preloadedDependencies berisi entri yang tidak lengkap.") % {"file": source})
            continue
        if folder not in libraries and folder not in installed:
            errors.append(_("Pustaka %(lib)s dibutuhkan tetapi tidak ada dalam paket.") % {"lib": folder})
    return libraries, semantics


def _verify_members(archive, members, limits, errors):
    """Decompress every entry once, discarding the bytes, so lying size headers and corrupt data are caught
    before anything is written; the real total may not pass the unpacked limit."""
    budget = limits.max_unpacked_bytes
    for info in members:
        try:
            for chunk in _stream(archive, info, budget):
                budget -= len(chunk)
        except _EntryTooLarge:
            errors.append(
                _("Isi paket melebihi batas %(max)d MB saat dibuka (zip bomb?): %(name)s")
                % {"max": limits.max_unpacked_bytes // (1024 * 1024), "name": info.filename}
            )
            return
        except (zipfile.BadZipFile, OSError, EOFError):
            errors.append(
                _("Berkas %(name)s rusak atau ukurannya tidak sesuai dengan isinya (zip bomb?).")
                % {"name": info.filename}
            )
            return


def validate_package(source, limits=None, installed=frozenset()):
    """Validate an `.h5p` file (path or file object); return H5PPackage or raise H5PValidationError.

    `installed` names the library folders ("H5P.Foo-1.0") already installed, which the package need not bundle.
    Every entry is decompressed once with a byte limit (and its checksum checked); nothing is written.
    """
    limits = limits or Limits.from_settings()
    size = Path(source).stat().st_size if isinstance(source, str | Path) else getattr(source, "size", None)
    if size is not None and size > limits.max_package_bytes:
        raise H5PValidationError(
            [
                _("Paket terlalu besar (%(mb)d MB; batas %(max)d MB).")
                % {"mb": size // (1024 * 1024), "max": limits.max_package_bytes // (1024 * 1024)}
            ]
        )
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise H5PValidationError([_("Berkas bukan paket .h5p (zip) yang valid.")]) from None
    errors = []
    with archive:
        members, skipped = _check_members(archive, limits, errors)
        metadata = _read_json(archive, "h5p.json", errors, limits)
        content = _read_json(archive, "content/content.json", errors, limits)
        libraries, semantics = {}, {}
        if isinstance(metadata, dict):
            for key in ("title", "mainLibrary", "preloadedDependencies"):
                if not metadata.get(key):
                    errors.append(_("h5p.json tidak memiliki kolom wajib '%(key)s'.") % {"key": key})
            names = [m.filename for m in members] + skipped
            libraries, semantics = _check_libraries(archive, metadata, names, installed, errors, limits)
            main = metadata.get("mainLibrary")
            if main and main not in {d.get("machineName") for d in metadata.get("preloadedDependencies") or []}:
                errors.append(_("mainLibrary %(lib)s tidak ada di preloadedDependencies.") % {"lib": main})
        elif metadata is not None:
            errors.append(_("%(name)s bukan JSON yang valid.") % {"name": "h5p.json"})
        if content is not None and not isinstance(content, dict):
            errors.append(_("%(name)s bukan JSON yang valid.") % {"name": "content/content.json"})
        if not errors:
            _verify_members(archive, members, limits, errors)
        if errors:
            raise H5PValidationError(errors)
    return H5PPackage(
        metadata["title"], metadata["mainLibrary"], metadata, content, libraries, semantics, members, skipped
    )


def extract_package(source, members, destination, limits=None):
    """Extract the zip entries `members` into `destination`, counting real bytes.

    Lying size headers cannot bomb: the bytes written are counted as they are decompressed and the
    destination is removed when they pass the limit or an entry turns out corrupt.
    """
    limits = limits or Limits.from_settings()
    destination = Path(destination).resolve()
    destination.mkdir(parents=True, exist_ok=True)
    budget = limits.max_unpacked_bytes
    try:
        with zipfile.ZipFile(source) as archive:
            for info in members:
                target = (destination / info.filename).resolve()
                if not target.is_relative_to(destination):
                    raise H5PValidationError([_("Nama berkas berbahaya ditolak: %(name)s") % {"name": info.filename}])
                target.parent.mkdir(parents=True, exist_ok=True)
                with open(target, "wb") as dst:
                    for chunk in _stream(archive, info, budget):
                        budget -= len(chunk)
                        dst.write(chunk)
    except _EntryTooLarge:
        shutil.rmtree(destination, ignore_errors=True)
        raise H5PValidationError([_("Isi paket melebihi batas ukuran saat diekstrak.")]) from None
    except (zipfile.BadZipFile, OSError, EOFError):
        shutil.rmtree(destination, ignore_errors=True)
        raise H5PValidationError([_("Paket rusak: isi berkas tidak sesuai dengan ukuran atau checksum-nya.")]) from None
    except BaseException:
        shutil.rmtree(destination, ignore_errors=True)
        raise
    return destination
