"""Issue 20 in Chromium: H5P activities of a saved course play offline from the content origin's worker, and what
the learner does offline reaches the server once (docs/adr/0031-offline-h5p.md)."""

import re
from uuid import UUID

import pytest

from courses.models import LessonCompletion, XAPIStatement
from courses.tests.test_course_browser import sign_in
from courses.tests.test_offline_browser import controlled, save_for_offline, wait_until
from ledger.models import Entry
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


def test_saved_course_with_h5p_is_completed_offline_and_synced_once(page, mooc, origins):
    site, _content = origins
    siti = UserFactory(username="siti")
    sign_in(page, site, "siti")
    page.goto(site + mooc["course"].url)
    page.get_by_role("button", name="Daftar kursus").click()
    controlled(page)
    save_for_offline(page)
    # the H5P files are saved on the content origin too
    page.wait_for_selector("[data-offline-save][data-h5p-offline='saved']", state="attached")

    page.context.set_offline(True)
    page.goto(site + mooc["text"].url)
    page.get_by_role("button", name="Tandai pelajaran selesai").click()
    page.get_by_text("Pelajaran ini ditandai selesai; dikirim saat tersambung kembali.").wait_for()
    page.goto(site + mooc["quiz"].url)
    page.wait_for_selector(".h5p-activity[data-ready='1']")  # the player plays from the content worker's cache
    frame = page.frame_locator("iframe.h5p-frame")
    frame.get_by_label("Salah").check()
    frame.get_by_role("button", name="Periksa jawaban").click()
    assert wait_until(lambda: any(r["kind"] == "xapi" for r in page.evaluate("corpuOutbox.list()")))
    page.wait_for_timeout(1000)  # a statement that follows the answer (completed) is queued too
    records = page.evaluate("corpuOutbox.list()")
    statements = [r for r in records if r["kind"] == "xapi"]
    assert [r["kind"] for r in records].count("complete") == 1 and statements
    assert not XAPIStatement.objects.exists() and not LessonCompletion.objects.exists()

    page.context.set_offline(False)  # the outbox sends on "online"
    assert wait_until(lambda: page.evaluate("corpuOutbox.counts()")["pending"] == 0, seconds=30)
    assert page.evaluate("corpuOutbox.refused()") == []
    ids = {r["id"] for r in statements}
    assert set(XAPIStatement.objects.filter(user=siti).values_list("statement_id", flat=True).iterator()) == {
        UUID(i) for i in ids
    }
    assert LessonCompletion.objects.filter(user=siti).count() == 2
    assert Entry.objects.filter(employee=siti, source="course_completion").count() == 1

    # the whole queue sent again (a retried sync): nothing changes
    page.evaluate("(records) => Promise.all(records.map((r) => corpuOutbox.add(r))).then(corpuOutbox.flush)", records)
    assert wait_until(lambda: page.evaluate("corpuOutbox.counts()")["pending"] == 0, seconds=30)
    assert page.evaluate("corpuOutbox.refused()") == []
    assert XAPIStatement.objects.filter(user=siti).count() == len(ids)
    assert LessonCompletion.objects.filter(user=siti).count() == 2
    assert Entry.objects.filter(employee=siti, source="course_completion").count() == 1
