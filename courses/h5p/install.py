"""Turn a validated upload into files: which libraries it installs, its filtered content, staging and publishing.

Each major.minor of a library is its own registry row, so versions live side by side; an activity loads the
versions its h5p.json names and their dependencies (`H5PActivity.libraries`). Installed code wins: a bundled
library whose version is already installed at the same or a higher patch is ignored. A new library is installed
only when the uploader may install libraries; a higher patch of an installed major.minor replaces it for every
activity when the uploader may install libraries, else the installed one is used and `Upload.warnings` says so.
A library is installed only when it carries every file its `library.json` preloads; its files outside the
whitelist are left out and named in `Upload.warnings`. Everything is extracted into a staging folder first and
moved into place only after validation; `Upload.discard()` removes whatever was written when anything fails later.
"""

import json
import secrets
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from corpu.storage import private_storage

from .package import H5PValidationError, Limits, extract_package, library_folder, validate_package
from .semantics import escape, filter_params

PACKAGE_ROOT = "h5p/packages"
CONTENT_ROOT = "h5p/content"
LIBRARY_ROOT = "h5p/libraries"
STAGING_ROOT = "h5p/tmp"
METADATA_TEXT = ("title", "language", "mainLibrary", "license", "licenseVersion", "defaultLanguage", "extraTitle")


def version_of(info):
    """(major, minor, patch) of a library.json."""
    return (info["majorVersion"], info["minorVersion"], info.get("patchVersion", 0))


def remove(*names):
    """Delete files or folders of private storage (names relative to it); missing ones are fine."""
    for name in names:
        if not name:
            continue
        path = Path(private_storage.path(name))
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def clean_metadata(metadata):
    """The h5p.json the player reads: known keys only, text escaped (as H5P core keeps metadata)."""
    text = {k: escape(metadata[k]) for k in METADATA_TEXT if isinstance(metadata.get(k), str)}
    dependencies = [
        {"machineName": d["machineName"], "majorVersion": d["majorVersion"], "minorVersion": d["minorVersion"]}
        for d in metadata["preloadedDependencies"]
    ]
    embed = [kind for kind in metadata.get("embedTypes") or [] if kind in ("div", "iframe")] or ["iframe"]
    return {**text, "embedTypes": embed, "preloadedDependencies": dependencies}


@dataclass
class Upload:
    """A package accepted for one activity: what it installs and its filtered content, not yet on disk."""

    source: object
    package: object
    installs: list  # library folders ("H5P.Foo-1.0") to install from the package
    content: dict
    warnings: list = field(default_factory=list)  # what the uploader should know: files left out
    staging: str = ""
    written: list = field(default_factory=list)  # storage names created so far
    replaced: list = field(default_factory=list)  # folders of library versions this upload superseded
    needs: set = field(default_factory=set)  # after publish: pks of the library versions the activity loads

    def stage(self):
        """Extract h5p.json, content/ and the libraries to install into a fresh staging folder."""
        self.staging = f"{STAGING_ROOT}/{secrets.token_hex(8)}"
        self.written.append(self.staging)
        members = self.package.members_of("content")
        for folder in self.installs:
            members += self.package.members_of(folder)
        if hasattr(self.source, "seek"):
            self.source.seek(0)
        root = extract_package(self.source, members, private_storage.path(self.staging))
        (root / "content").mkdir(exist_ok=True)
        (root / "h5p.json").write_text(json.dumps(clean_metadata(self.package.metadata), ensure_ascii=False), "utf-8")
        (root / "content" / "content.json").write_text(json.dumps(self.content, ensure_ascii=False), "utf-8")
        if hasattr(self.source, "seek"):
            self.source.seek(0)

    def publish(self, activity_pk, installer):
        """Move the staged files into place and register the installed libraries; returns the content folder."""
        from courses.models import H5PLibrary

        staging = Path(private_storage.path(self.staging))
        installed, patched = {}, []
        for folder in self.installs:
            info = self.package.libraries[folder]
            major, minor, patch = version_of(info)
            name = f"{LIBRARY_ROOT}/{folder}.{patch}-{secrets.token_hex(4)}"
            self._move(staging / folder, name)
            library, created = H5PLibrary.objects.select_for_update().get_or_create(
                machine_name=info["machineName"],
                major_version=major,
                minor_version=minor,
                defaults={"patch_version": patch, "folder": name, "installed_by": installer},
            )
            if not created and library.version >= (major, minor, patch):  # installed meanwhile, same or newer
                self.replaced.append(name)
                continue
            if not created:
                self.replaced.append(library.folder)
                library.patch_version, library.folder, library.installed_by = patch, name, installer
                library.installed_at = timezone.now()
                patched.append(library)
            library.title = str(info.get("title", ""))[:255]
            library.save()
            installed[folder] = library
        for folder, library in installed.items():
            library.requires.set(H5PLibrary.for_folders(_dependency_folders(self.package.libraries[folder])))
        for library in patched:
            library.share_dependencies()
        self.needs = H5PLibrary.closure(H5PLibrary.for_folders(_dependency_folders(self.package.metadata)))
        folder = f"{CONTENT_ROOT}/{activity_pk}-{secrets.token_hex(4)}"
        Path(private_storage.path(folder)).mkdir(parents=True)
        self.written.append(folder)
        for part in ("h5p.json", "content"):
            shutil.move(staging / part, Path(private_storage.path(folder)) / part)
        remove(self.staging)
        return folder

    def _move(self, source, name):
        target = Path(private_storage.path(name))
        target.parent.mkdir(parents=True, exist_ok=True)
        self.written.append(name)
        shutil.move(source, target)

    def discard(self):
        """Remove everything this upload wrote."""
        remove(*self.written)
        self.written.clear()


def _dependency_folders(info):
    """The folder names an h5p.json or library.json preloads ("H5P.Question-1.4")."""
    return [library_folder(dependency) for dependency in info.get("preloadedDependencies") or []]


def _lookup(package, installs, installed):
    """Semantics of a library by folder: the package's copy for what it installs, else the installed one."""
    cache = {}

    def semantics(folder):
        if folder not in cache:
            if folder in installs:
                cache[folder] = package.semantics.get(folder)
            else:
                cache[folder] = installed[folder].semantics() if folder in installed else None
        return cache[folder]

    def by_name(name):
        machine, _space, version = str(name).partition(" ")
        major, _dot, minor = version.partition(".")
        if not (major.isdigit() and minor.isdigit()):
            return None
        return semantics(library_folder({"machineName": machine, "majorVersion": major, "minorVersion": minor}))

    return semantics, by_name


def _label(info):
    """A library as people name it: "H5P.MultiChoice 1.16.4"."""
    return f"{info['machineName']} {'.'.join(map(str, version_of(info)))}"


def _check_installs(package, installs):
    """Errors for libraries to install that lack a preloaded file; warnings naming the files left out."""
    errors = [
        _("Pustaka %(lib)s tidak lengkap: berkas %(path)s yang dimuat menurut library.json tidak ada dalam paket.")
        % {"lib": _label(package.libraries[folder]), "path": path}
        for folder in installs
        for path in package.missing_preloaded(folder)
    ]
    skipped = [name for folder in installs for name in package.skipped_in(folder)]
    warning = _("Berkas berikut tidak dipasang karena jenisnya tidak diizinkan oleh spesifikasi H5P: %(files)s")
    return errors, [warning % {"files": ", ".join(skipped)}] if skipped else []


def prepare_upload(source, may_install):
    """Validate an upload against the installed libraries; raise H5PValidationError naming what is refused."""
    from courses.models import H5PLibrary

    installed = {library.folder_name: library for library in H5PLibrary.objects.all()}
    package = validate_package(source, limits=Limits.from_settings(), installed=set(installed))
    new = [folder for folder in package.libraries if folder not in installed]
    newer = [f for f in package.libraries if f in installed and installed[f].version < version_of(package.libraries[f])]
    installs = new + newer if may_install else new
    errors, warnings = _check_installs(package, installs)
    if not may_install:
        warnings += [
            _(
                "Paket membawa %(lib)s, lebih baru daripada versi terpasang %(installed)s; versi terpasang yang "
                "dipakai. Minta CLO mengunggah paket ini bila versi baru itu diperlukan."
            )
            % {"lib": _label(package.libraries[f]), "installed": installed[f].version_label}
            for f in newer
        ]
    if new and not may_install:
        errors += [
            _(
                "Paket membawa pustaka %(lib)s versi %(version)s yang belum terpasang; hanya CLO/administrator "
                "yang boleh memasang pustaka H5P baru. Minta CLO memasangnya lebih dahulu."
            )
            % {
                "lib": package.libraries[f]["machineName"],
                "version": ".".join(map(str, version_of(package.libraries[f]))),
            }
            for f in new
        ]
    if errors:
        raise H5PValidationError(errors)
    semantics, by_name = _lookup(package, installs, installed)
    content = filter_params(package.content, semantics(package.main_library_folder) or [], by_name)
    return Upload(source, package, installs, content, warnings)
