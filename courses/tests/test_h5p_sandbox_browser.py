"""Issue 12 in Chromium: H5P script runs sandboxed, away from the site's cookies and session, and still records."""

import json
from pathlib import Path

import pytest

from corpu.storage import private_storage
from courses.models import H5PLibrary, H5PResult, XAPIStatement
from courses.tests.test_course_browser import sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Appended to the package's own library: whatever a library (or a filter bypass) runs, this is what it can reach.
PROBE = """
;(function () {
  var out = [];
  try { out.push('cookie=' + document.cookie); } catch (e) { out.push('cookie:blocked'); }
  try { out.push('parent=' + window.parent.document.cookie); } catch (e) { out.push('parent:blocked'); }
  try { out.push('storage=' + window.parent.localStorage.length); } catch (e) { out.push('storage:blocked'); }
  fetch('SITE/jp/', {credentials: 'include'}).then(function (r) { return r.text(); }).then(function (text) {
    out.push('fetch:' + (text.indexOf('Siti Rahmah') >= 0 ? 'read-as-user' : 'anonymous'));
  }, function () { out.push('fetch:blocked'); }).then(function () {
    document.body.setAttribute('data-probe', out.join('|'));
  });
})();
"""
XSS = "<p>Pernyataan</p><img src=\"x\" onerror=\"document.body.setAttribute('data-xss', document.cookie || 'ran')\">"


def plant(activity, site):
    """Tamper with the extracted package as a hostile author would: a probing library, script in a question."""
    root = Path(private_storage.path(activity.folder))
    library_folder = H5PLibrary.objects.get(machine_name="H5P.CorpUTrueFalse").folder  # installed once, shared
    with open(Path(private_storage.path(library_folder)) / "truefalse.js", "a", encoding="utf-8") as library:
        library.write(PROBE.replace("SITE", site))
    content = root / "content" / "content.json"
    params = json.loads(content.read_text(encoding="utf-8"))
    params["question"] = XSS
    content.write_text(json.dumps(params), encoding="utf-8")


def probe_results(page):
    """data-probe / data-xss of every frame's body (the player may sit in any frame)."""
    found = {}
    for frame in page.frames:
        for key in ("probe", "xss"):
            value = frame.evaluate(f"document.body && document.body.dataset.{key}")
            if value:
                found[key] = value
    return found


def test_script_in_h5p_content_cannot_read_the_sites_cookies_or_act_as_the_learner(live_server, page, mooc):
    UserFactory(username="siti", nama="Siti Rahmah")
    base = live_server.url
    plant(mooc["activity"], base)
    sign_in(page, base, "siti")
    page.goto(base + mooc["course"].url)
    page.get_by_role("button", name="Daftar kursus").click()
    page.goto(base + mooc["quiz"].url)
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('iframe')).length > 0", timeout=15_000
    )  # the player's frame
    for _ in range(60):
        found = probe_results(page)
        if "probe" in found:
            break
        page.wait_for_timeout(250)
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    assert "csrftoken" in cookies and "sessionid" in cookies
    probe = found.get("probe", "")
    assert probe, "the planted library code did not run"
    assert "cookie:blocked" in probe and "parent:blocked" in probe and "storage:blocked" in probe
    assert cookies["csrftoken"] not in probe and cookies["sessionid"] not in probe
    assert "read-as-user" not in probe
    assert "xss" not in found  # an inline handler in a question never runs (the frame's CSP)
    assert not XAPIStatement.objects.exists()  # nothing was posted in the learner's name


def test_player_on_a_separate_content_origin_records_the_score(live_server, page, mooc, settings):
    settings.H5P_CONTENT_ORIGIN = live_server.url.replace("localhost", "127.0.0.1")
    UserFactory(username="siti", nama="Siti Rahmah")
    base = live_server.url
    sign_in(page, base, "siti")
    page.goto(base + mooc["course"].url)
    page.get_by_role("button", name="Daftar kursus").click()
    page.goto(base + mooc["quiz"].url)
    page.wait_for_selector(".h5p-activity[data-ready='1']")
    assert page.locator("iframe.h5p-frame").get_attribute("src").startswith(settings.H5P_CONTENT_ORIGIN)
    frame = page.frame_locator("iframe.h5p-frame")
    frame.get_by_label("Salah").check()
    frame.get_by_role("button", name="Periksa jawaban").click()
    page.wait_for_function("() => document.getElementById('lesson-progress').textContent.includes('1 dari 2')")
    page.wait_for_selector(".h5p-activity[data-saved]")  # the answer's state, saved through the lesson page too
    result = H5PResult.objects.get()
    assert result.best_score == 100 and json.loads(result.state)["selected"] == ["false"]
    assert XAPIStatement.objects.get().attempt is not None
