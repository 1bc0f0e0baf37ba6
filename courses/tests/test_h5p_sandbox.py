"""Issue 12, H5P packages are code: the player's frame and files are sandboxed, token-bound and cookie-free."""

import time
import zipfile
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core.files import File
from django.test import Client

from corpu.access import AccessLevel
from courses.h5p.build import SAMPLES_DIR
from courses.models import H5PActivity, LessonPage
from courses.tests.conftest import open_lesson
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EVIL_XML = b'<html xmlns="http://www.w3.org/1999/xhtml"><script>fetch("/jp/")</script></html>'
EVIL_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><script>1</script></svg>'


def enrolled_client(mooc):
    client = Client()
    client.force_login(UserFactory())
    client.post(f"/kursus/{mooc['course'].pk}/daftar/")
    return client


def fetch(url, path=""):
    """Fetch like the sandboxed frame does: no session cookie at all."""
    return Client().get(urlsplit(url).path + path)


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_lesson_page_embeds_the_player_in_a_sandbox_without_same_origin(mooc):
    html = open_lesson(enrolled_client(mooc), mooc["quiz"])["html"]
    assert 'sandbox="allow-scripts"' in html and "allow-same-origin" not in html
    assert "vendor/h5p/main.bundle.js" not in html  # the player's scripts no longer run on the lesson page


def test_frame_document_is_sandboxed_by_its_own_csp_and_framed_only_by_the_site(mooc):
    frame = open_lesson(enrolled_client(mooc), mooc["quiz"])["frame"]
    response = fetch(frame)
    assert response.status_code == 200 and "h5p-frame.js" in response.text
    csp = response["Content-Security-Policy"]
    assert "sandbox allow-scripts" in csp and "allow-same-origin" not in csp
    assert "frame-ancestors http://testserver" in csp and "script-src 'self'" in csp and "unsafe-inline" in csp
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert "X-Frame-Options" not in response  # framing is governed by frame-ancestors
    assert '"parentOrigin": "http://testserver"' in response.text


def test_package_files_need_a_valid_token_not_the_session(mooc, h5p_activity):
    activity = mooc["activity"]
    client = enrolled_client(mooc)
    frame = open_lesson(client, mooc["quiz"])["frame"]
    served = fetch(frame, "h5p.json")
    assert served.status_code == 200 and b"H5P.CorpUTrueFalse" in body(served)
    assert served["Access-Control-Allow-Origin"] == "*" and served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"].startswith("sandbox;")
    assert fetch(frame, "content/content.json").status_code == 200
    assert fetch(frame, "../../../corpu/settings/base.py").status_code == 404

    for anyone in (Client(), client):  # the session alone never opens a package file
        for path in ("h5p.json", "content/content.json", "H5P.CorpUTrueFalse-1.0/truefalse.js"):
            refused = anyone.get(f"/kursus/h5p/{activity.pk}/{path}", follow=True)
            assert refused.status_code in (403, 404) and refused["Content-Type"].startswith("text/html")
            assert b"mainLibrary" not in body(refused) and b"prototype" not in body(refused)
    token = urlsplit(frame).path.split("/")[4]
    forged = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
    assert Client().get(f"/kursus/h5p/{activity.pk}/{forged}/h5p.json").status_code == 403
    other = h5p_activity("pengadaan-e-katalog.h5p")
    assert Client().get(f"/kursus/h5p/{other.pk}/{token}/h5p.json").status_code == 403  # bound to its activity
    with mock.patch("time.time", return_value=time.time() - 5 * 3600):
        stale = open_lesson(client, mooc["quiz"])["frame"]
    assert fetch(stale, "h5p.json").status_code == 403  # short-lived


def test_markup_in_content_is_never_served_as_a_page(mooc, tmp_path):
    package = tmp_path / "jahat.h5p"
    with zipfile.ZipFile(SAMPLES_DIR / "netralitas-asn.h5p") as source, zipfile.ZipFile(package, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("content/evil.xml", EVIL_XML)
        target.writestr("content/evil.svg", EVIL_SVG)
    with open(package, "rb") as handle:
        activity = H5PActivity(title="Jahat", package=File(handle, name="jahat.h5p"))
        activity.full_clean()
        activity.save()
    lesson = mooc["course"].add_child(instance=LessonPage(title="Jahat", required=False, body=[("h5p", activity)]))
    frame = open_lesson(enrolled_client(mooc), lesson)["frame"]
    xml = fetch(frame, "content/evil.xml")
    assert xml.status_code == 200 and xml["Content-Type"].startswith("text/plain")
    assert xml["Content-Disposition"].startswith("attachment")
    svg = fetch(frame, "content/evil.svg")
    assert svg["Content-Type"] == "image/svg+xml" and svg["Content-Disposition"].startswith("attachment")
    for response in (xml, svg):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"].startswith("sandbox;")
        assert "allow-scripts" not in response["Content-Security-Policy"]


def test_content_origin_setting_moves_the_frame_and_its_files_off_the_site(mooc, settings):
    settings.H5P_CONTENT_ORIGIN = "https://h5p.example.go.id"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "h5p.example.go.id"]
    frame = open_lesson(enrolled_client(mooc), mooc["quiz"])["frame"]
    assert frame.startswith(f"https://h5p.example.go.id/kursus/h5p/{mooc['activity'].pk}/")
    response = Client().get(urlsplit(frame).path, HTTP_HOST="h5p.example.go.id", secure=True)
    assert "frame-ancestors http://testserver" in response["Content-Security-Policy"]


def test_activity_the_visitor_may_not_see_gets_no_player(mooc, h5p_activity):
    internal = h5p_activity(level=AccessLevel.INTERNAL)
    lesson = mooc["course"].add_child(instance=LessonPage(title="Intern", required=False, body=[("h5p", internal)]))
    page = open_lesson(enrolled_client(mooc), lesson)
    assert page["frame"] is None and "tidak tersedia" in page["html"]
