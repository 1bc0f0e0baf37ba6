"""Issue 20 in Chromium: H5P activities of a saved course play offline from the content origin's worker, and what
the learner does offline reaches the server once (docs/adr/0031-offline-h5p.md)."""

import re

import pytest

from courses.tests.test_course_browser import sign_in
from tests.browser.fixtures import CHROMIUM, FLAGS
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


HOSTS = "MAP *.corpu.localhost 127.0.0.1"


@pytest.fixture
def page(browser):
    """Chromium resolving *.corpu.localhost to this machine: the site and its content origin are two origins of
    one site (sibling hosts), as in production; a cross-site content origin would be third-party storage, which
    browsers block for service workers."""
    hosted = browser.browser_type.launch(
        executable_path=str(CHROMIUM), args=[*FLAGS, f"--host-resolver-rules={HOSTS}"], headless=True
    )
    context = hosted.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()
    hosted.close()


@pytest.fixture
def origins(live_server, settings):
    port = live_server.url.rsplit(":", 1)[1]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "www.corpu.localhost", "h5p.corpu.localhost"]
    settings.H5P_CONTENT_ORIGIN = f"http://h5p.corpu.localhost:{port}"
    return f"http://www.corpu.localhost:{port}", settings.H5P_CONTENT_ORIGIN


def helper_frame(page, content):
    for frame in page.frames:
        if frame.url.startswith(content + "/kursus/h5p/luring/"):
            return frame
    return None


def test_content_worker_serves_a_saved_player_offline_whatever_its_token(page, mooc, origins):
    site, content = origins
    UserFactory(username="siti")
    sign_in(page, site, "siti")
    page.goto(site + mooc["course"].url)
    page.get_by_role("button", name="Daftar kursus").click()
    page.goto(site + mooc["quiz"].url)
    page.wait_for_selector(".h5p-activity[data-ready='1']")
    assert page.locator("iframe.h5p-frame").get_attribute("sandbox") == "allow-scripts allow-same-origin"
    result = page.evaluate(
        """id => fetch('/kursus/' + id + '/luring/h5p/').then(r => r.json())
                  .then(answer => corpuH5P.save(answer.urls).then(saved => [answer.urls, saved]))""",
        mooc["course"].pk,
    )
    urls, saved = result
    assert saved["failed"] == [] and saved["saved"] == len(urls) and saved["bytes"] > 100_000
    page.context.set_offline(True)
    frame_url = re.sub(r"(/kursus/h5p/\d+/)[^/]+/", r"\1another-token/", urls[0])
    page.evaluate(
        """url => { const f = document.createElement('iframe'); f.id = 'offline-check';
                    f.sandbox = 'allow-scripts allow-same-origin'; f.src = url; document.body.appendChild(f); }""",
        frame_url,
    )
    page.wait_for_function("() => document.getElementById('offline-check').contentWindow.length >= 0")
    checked = None
    for _ in range(40):
        checked = next((f for f in page.frames if "another-token" in f.url), None)
        if checked and checked.evaluate("typeof window.H5PStandalone") == "object":
            break
        page.wait_for_timeout(250)
    assert checked.evaluate("typeof window.H5PStandalone") == "object"  # the player's script, from the cache
    assert checked.evaluate("JSON.parse(document.getElementById('h5p-config').textContent).activity") == str(
        mooc["activity"].pk
    )
