"""Fixtures and builders of the SCORM tests: CorpU's sample packages in a course, zips with chosen files."""

import json
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.files import File

from corpu.access import AccessLevel
from courses.models import CourseCatalogPage, CoursePage, LessonPage, ScormPackage
from courses.scorm.build import SAMPLES_DIR

CONTENT_ORIGIN = "http://konten.testserver"
SCORM_12, SCORM_2004 = "kode-etik-asn-12.zip", "gratifikasi-2004.zip"

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>{doctype}
<manifest identifier="uji" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>Uji{entity}</title>
    <item identifier="i1" identifierref="r1"><title>Uji</title></item></organization></organizations>
  <resources><resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="{href}"/></resources>
</manifest>"""


def manifest(href="index.html", doctype="", entity=""):
    return MANIFEST.format(href=href, doctype=doctype, entity=entity)


def write_zip(path, files):
    """A zip of {name: text or bytes}."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def make_package(sample=SCORM_12, level=AccessLevel.PUBLIC, **extra):
    with open(SAMPLES_DIR / sample, "rb") as handle:
        package = ScormPackage(title=sample, access_level=level, package=File(handle, name=sample), **extra)
        package.system_upload = True
        package.full_clean()
        package.save()
    return package


@pytest.fixture
def scorm_course(home):
    """A public MOOC worth 2 JP with one lesson holding the SCORM 1.2 sample and one the SCORM 2004 sample."""
    catalog = home.add_child(instance=CourseCatalogPage(title="Kursus", slug="kursus-daring"))
    course = catalog.add_child(
        instance=CoursePage(title="Integritas ASN", access_level=AccessLevel.PUBLIC, jp_value=Decimal(2))
    )
    p12, p2004 = make_package(SCORM_12), make_package(SCORM_2004)
    first = course.add_child(instance=LessonPage(title="Kode etik", body=[("scorm", p12)]))
    second = course.add_child(instance=LessonPage(title="Gratifikasi", body=[("scorm", p2004)]))
    return {"course": course, "p12": p12, "p2004": p2004, "lesson12": first, "lesson2004": second}


def open_scorm(client, lesson):
    """Render the lesson page as the browser does: the activity's attempt, session, frame and start values."""
    html = client.get(lesson.url).text
    found = {key: re.search(rf'data-{key}="([^"]*)"', html) for key in ("attempt", "session")}
    frame = re.search(r'<iframe class="scorm-frame" src="([^"]+)"', html)
    start = re.search(r'<script id="scorm-start-\d+" type="application/json">(.*?)</script>', html, re.S)
    return {
        **{key: match.group(1) if match else "" for key, match in found.items()},
        "frame": frame.group(1) if frame else None,
        "start": json.loads(start.group(1)) if start else None,
        "html": html,
    }


def commit(client, package, launch, cmi, sequence=1, **overrides):
    body = {"attempt": launch["attempt"], "session": launch["session"], "sequence": sequence, "cmi": cmi}
    return client.post(f"/kursus/scorm/{package.pk}/cmi/", {**body, **overrides}, content_type="application/json")


def passed_12(raw="100"):
    return {
        "core": {"lesson_status": "passed", "score": {"raw": raw, "max": "100", "min": "0"}, "lesson_location": "2"},
        "suspend_data": "langkah=2",
    }


def passed_2004(scaled="1"):
    return {
        "completion_status": "completed",
        "success_status": "passed",
        "score": {"scaled": scaled, "raw": str(int(float(scaled) * 100)), "max": "100", "min": "0"},
        "location": "2",
        "suspend_data": "langkah=2",
    }
