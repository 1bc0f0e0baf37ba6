"""Issue 20, offline H5P (ADR 0031): the sandbox flags, the content origin's worker and helper page, and the
refusal of any other service worker script."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from courses import player
from courses.tests.conftest import open_lesson
from courses.tests.test_h5p_sandbox import enrolled_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONTENT = "https://h5p.example.go.id"
CONTENT_HOST = "h5p.example.go.id"


@pytest.fixture
def content_origin(settings):
    settings.H5P_CONTENT_ORIGIN = CONTENT
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, CONTENT_HOST]


def on_content(path, **headers):
    return Client().get(path, HTTP_HOST=CONTENT_HOST, secure=True, **headers)


def iframe(html):
    return re.search(r'<iframe class="h5p-frame"[^>]*>', html).group(0)


def helper_url(html):
    return re.search(r'data-helper="([^"]+)"', html).group(1).replace("&amp;", "&")


def test_same_origin_player_keeps_the_opaque_sandbox_and_no_offline_play(mooc, settings):
    settings.H5P_CONTENT_ORIGIN = ""
    page = open_lesson(enrolled_client(mooc), mooc["quiz"])
    assert 'sandbox="allow-scripts"' in iframe(page["html"]) and 'data-origin="null"' in iframe(page["html"])
    assert "h5p-offline.js" not in page["html"]
    frame = Client().get(urlsplit(page["frame"]).path)
    assert frame["Content-Security-Policy"].startswith("sandbox allow-scripts;")
    assert Client().get("/kursus/h5p/sw.js").status_code == 404
    assert Client().get("/kursus/h5p/luring/").status_code == 404


def test_content_origin_named_as_the_sites_own_keeps_the_opaque_sandbox(mooc, settings):
    settings.H5P_CONTENT_ORIGIN = "http://testserver"
    page = open_lesson(enrolled_client(mooc), mooc["quiz"])
    assert 'sandbox="allow-scripts"' in iframe(page["html"]) and "h5p-offline.js" not in page["html"]
    assert "allow-same-origin" not in Client().get(urlsplit(page["frame"]).path)["Content-Security-Policy"]


def test_separate_content_origin_grants_same_origin_to_the_frame_there(mooc, content_origin):
    page = open_lesson(enrolled_client(mooc), mooc["quiz"])
    tag = iframe(page["html"])
    assert 'sandbox="allow-scripts allow-same-origin"' in tag and f'data-origin="{CONTENT}"' in tag
    frame = on_content(urlsplit(page["frame"]).path)
    csp = frame["Content-Security-Policy"]
    assert csp.startswith("sandbox allow-scripts allow-same-origin;") and "frame-ancestors http://testserver" in csp
    assert "Set-Cookie" not in frame and not frame.cookies
    # the same frame URL fetched on the site's own origin stays opaque
    assert Client().get(urlsplit(page["frame"]).path)["Content-Security-Policy"].startswith("sandbox allow-scripts;")


def test_worker_is_served_only_on_the_content_origin(content_origin):
    assert Client().get("/kursus/h5p/sw.js").status_code == 404
    response = on_content("/kursus/h5p/sw.js", HTTP_SERVICE_WORKER="script")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    text = response.content.decode()
    assert "/static/vendor/workbox/workbox-sw/workbox-sw.js" in text and "/static/courses/h5p-sw.js" in text
    assert '"h5pPrefix": "/kursus/h5p/"' in text
    assert not response.cookies


def test_helper_page_only_on_the_content_origin_for_the_signed_site_origin(mooc, content_origin):
    html = enrolled_client(mooc).get(mooc["course"].url).text
    url = helper_url(html)
    assert url.startswith(f"{CONTENT}/kursus/h5p/luring/?o=")
    assert 'data-origin="https://h5p.example.go.id"' in html
    path = urlsplit(url).path + "?" + urlsplit(url).query
    response = on_content(path)
    assert response.status_code == 200 and not response.cookies and "Set-Cookie" not in response
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors http://testserver" in csp and "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "X-Frame-Options" not in response
    assert '"siteOrigin": "http://testserver"' in response.text
    assert Client().get(path).status_code == 404  # not on the site's origin
    assert on_content("/kursus/h5p/luring/?o=http://evil.example").status_code == 403  # unsigned origin
    assert on_content("/kursus/h5p/luring/").status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/static/courses/h5p-frame.js",
        "/static/courses/h5p-sw.js",
        "/static/vendor/workbox/workbox-sw/workbox-sw.js",
        "/kursus/h5p/1/token/content/evil.js",
        "/media/evil.js",
        "/sw.js",
    ],
)
def test_content_origin_refuses_any_other_worker_script(content_origin, path):
    assert on_content(path, HTTP_SERVICE_WORKER="script").status_code == 403


def test_site_refuses_every_worker_script_but_its_own(mooc, content_origin):
    frame = open_lesson(enrolled_client(mooc), mooc["quiz"])["frame"]
    package_js = urlsplit(frame).path + "content/content.json"
    for path in ("/kursus/h5p/sw.js", "/static/courses/h5p-frame.js", package_js):
        assert Client().get(path, HTTP_SERVICE_WORKER="script").status_code == 403, path
    assert Client().get(package_js).status_code == 200  # the same file as a plain fetch is served
    assert Client().get("/sw.js", HTTP_SERVICE_WORKER="script").status_code != 403


def test_offline_urls_name_the_frame_package_and_player_files_on_the_content_origin(mooc, content_origin, rf):
    request = rf.get("/")
    request.user = UserFactory()
    urls = player.offline_urls(request.user, [mooc["activity"]], request)
    frame = urls[0]
    assert frame.startswith(f"{CONTENT}/kursus/h5p/{mooc['activity'].pk}/")
    assert frame + "h5p.json" in urls and frame + "content/content.json" in urls
    assert any(url.startswith(frame + "H5P.CorpUTrueFalse-") for url in urls)
    assert f"{CONTENT}/static/vendor/h5p/main.bundle.js" in urls and f"{CONTENT}/static/courses/h5p-frame.js" in urls
    assert all(url.startswith(CONTENT + "/") for url in urls)
    for url in urls[:3]:
        assert on_content(urlsplit(url).path).status_code == 200, url


def test_course_h5p_urls_for_enrolled_learners_only(mooc, content_origin):
    path = f"/kursus/{mooc['course'].pk}/luring/h5p/"
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.get(path).status_code == 403
    answer = enrolled_client(mooc).get(path).json()
    assert answer["urls"][0].startswith(f"{CONTENT}/kursus/h5p/{mooc['activity'].pk}/")
    assert on_content(path).status_code == 404
