"""A course's offline manifest: what "Simpan untuk luring" stores for an enrolled learner, its version (the course's
change marker: a saved copy is fetched again once it differs) and its size, refused above the budget.

`urls` are this site's pages and files the site's service worker stores (lesson pages, images and attachments the
lessons use, the static files they load). `content` lists the H5P and SCORM files by path inside their player
folder: the sandboxed players run on H5P_CONTENT_ORIGIN, which the site's worker cannot serve, so these are for
that origin's own worker (docs/adr/0028, 0030)."""

import hashlib
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.utils.translation import gettext as _

from corpu.access import can_view_object
from corpu.storage import private_storage

from ..scorm.rules import packages_of
from .enrolment import ACTIVE_STATES, enrolment_for

PAGE_ESTIMATE_BYTES = 12_000  # a lesson page as served (HTML before compression); the client records the real size
PAGE_STATIC = ("corpu/css/site.css", "corpu/js/error-summary.js", "corpu/js/outbox.js", "corpu/js/offline.js")
H5P_STATIC = (
    "courses/h5p-player.js",
    "courses/h5p-offline.js",
    "vendor/h5p/frame.bundle.js",
    "vendor/h5p/styles/h5p.css",
)
LINKED = re.compile(r"""(?:src|href)="(/(?:media|dokumen|static|kursus|halaman)/[^"#?]+)["#?]""")


def budget():
    return getattr(settings, "OFFLINE_COURSE_BUDGET_BYTES", 50 * 1024 * 1024)


def course_version(course, lessons):
    """The change marker: moves when the course, a lesson, or a package the lessons use is published anew."""
    parts = [f"c{course.pk}:{course.latest_revision_id}:{course.last_published_at}"]
    for lesson in lessons:
        parts.append(f"l{lesson.pk}:{lesson.latest_revision_id}:{lesson.last_published_at}")
        parts.extend(f"h{a.pk}:{a.folder}" for a in lesson.h5p_activities() if a is not None)
        parts.extend(f"s{p.pk}:{p.folder}" for p in packages_of(lesson))
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def course_manifest(user, course):
    """The manifest for this learner; PermissionDenied unless they may see the course and are enrolled."""
    if not can_view_object(user, course):
        raise PermissionDenied(_("Anda tidak memiliki akses ke kursus ini."))
    enrolment = enrolment_for(user, course)
    if enrolment is None or enrolment.status not in ACTIVE_STATES:
        raise PermissionDenied(_("Daftar pada kursus ini untuk menyimpannya untuk luring."))
    lessons = list(course.lessons())
    files = {}  # url -> bytes
    for url in [course.url, *(lesson.url for lesson in lessons)]:
        files[url] = PAGE_ESTIMATE_BYTES
    for name in PAGE_STATIC:
        files[static(name)] = _static_size(name)
    content = []
    for lesson in lessons:
        for url in _linked_urls(lesson):
            files.setdefault(url, _linked_size(url))
        content.extend(_h5p_content(user, lesson))
        content.extend(_scorm_content(user, lesson))
    if any(item["kind"] == "h5p" for item in content):
        for name in H5P_STATIC:
            files[static(name)] = _static_size(name)
    total = sum(files.values()) + sum(item["bytes"] for item in content)
    manifest = {
        "kind": "course",
        "id": course.pk,
        "title": course.title,
        "version": course_version(course, lessons),
        "start_url": lessons[0].url if lessons else course.url,
        "urls": list(files),
        "content": _unique(content),
        "bytes": total,
        "budget": budget(),
        "restricted": True,  # lesson pages show the learner's own progress: signing out removes them
        "allowed": total <= budget(),
    }
    if not manifest["allowed"]:
        manifest["reason"] = _("Kursus ini %(size)s MB, melebihi batas simpan luring %(budget)s MB.") % {
            "size": _mb(total),
            "budget": _mb(budget()),
        }
    return manifest


def _mb(size):
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _unique(items):
    seen, kept = set(), []
    for item in items:
        key = (item["kind"], item["id"])
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _static_size(name):
    found = finders.find(name)
    return Path(found).stat().st_size if found else 0


def _linked_urls(lesson):
    """Images, documents and pages the lesson's text blocks link to (rendered as the lesson shows them)."""
    urls = []
    for block in lesson.body:
        if block.block_type == "text":
            urls.extend(LINKED.findall(str(block.render())))
        elif block.block_type == "document" and block.value is not None:
            urls.append(block.value.url)
    return [u for u in dict.fromkeys(urls) if not u.startswith(("/kursus/sertifikat/", "/sertifikat/"))]


def _linked_size(url):
    if url.startswith(settings.STATIC_URL):
        return _static_size(url.removeprefix(settings.STATIC_URL))
    if url.startswith(settings.MEDIA_URL):
        path = Path(settings.MEDIA_ROOT) / url.removeprefix(settings.MEDIA_URL)
        return path.stat().st_size if path.is_file() else 0
    match = re.match(r"/dokumen/(\d+)/", url)
    if match:
        from wagtail.documents import get_document_model

        document = get_document_model().objects.filter(pk=match.group(1)).first()
        return document.get_file_size() or 0 if document else 0
    return PAGE_ESTIMATE_BYTES


def _folder_files(root_name, prefix=""):
    """(relative path, bytes) of every file under a private-storage folder."""
    if not root_name:
        return []
    root = Path(private_storage.path(root_name))
    return [
        (prefix + path.relative_to(root).as_posix(), path.stat().st_size)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    ]


def _h5p_content(user, lesson):
    items = []
    for activity in dict.fromkeys(a for a in lesson.h5p_activities() if a is not None):
        if not can_view_object(user, activity):
            continue
        files = _folder_files(activity.folder)
        for library in activity.libraries.all():
            files += _folder_files(library.folder, library.folder_name + "/")
        items.append(_content_item("h5p", activity, files))
    return items


def _scorm_content(user, lesson):
    return [
        _content_item("scorm", package, _folder_files(package.folder))
        for package in packages_of(lesson)
        if can_view_object(user, package)
    ]


def _content_item(kind, obj, files):
    return {"kind": kind, "id": obj.pk, "files": [name for name, _size in files], "bytes": sum(s for _n, s in files)}
