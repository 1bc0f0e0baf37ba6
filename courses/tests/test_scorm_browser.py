"""Issue 14 in Chromium: a learner plays CorpU's SCORM 1.2 and SCORM 2004 packages (scorm-again in the wrapper
frame on the content origin) to completion, resumes after a reload, and the course's JP is posted."""

import pytest

from courses.models import ScormAttempt
from courses.tests.test_course_browser import sign_in
from ledger.models import Entry
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def play(page, base, lesson, answer, reload_first=True):
    page.goto(base + lesson.url)
    page.wait_for_selector(".scorm-activity[data-ready='1']")
    sco = page.frame_locator(".scorm-activity iframe.scorm-frame").frame_locator("iframe")
    sco.get_by_role("button", name="Lanjut ke pertanyaan").click()
    page.wait_for_selector(".scorm-activity[data-committed]")
    if reload_first:  # the SCO resumes at the question from cmi location and suspend_data
        page.reload()
        page.wait_for_selector(".scorm-activity[data-ready='1']")
    sco.get_by_role("heading", name="Langkah 2: Pertanyaan").wait_for()
    sco.get_by_label(answer).check()
    sco.get_by_role("button", name="Periksa jawaban").click()
    page.wait_for_selector(".scorm-activity[data-completed='1']")


def test_learner_plays_scorm_12_and_2004_to_completion_and_gets_jp(live_server, page, scorm_course, settings):
    content = live_server.url.replace("localhost", "127.0.0.1")
    assert content != live_server.url
    settings.H5P_CONTENT_ORIGIN = content
    user = UserFactory(username="siti", nama="Siti Rahmah")
    base = live_server.url
    sign_in(page, base, "siti")
    page.goto(base + scorm_course["course"].url)
    page.get_by_role("button", name="Daftar kursus").click()

    play(page, base, scorm_course["lesson12"], "Menolak dan memproses izin sesuai prosedur")
    sco = next(frame for frame in page.frames if frame.url.endswith("/index.html"))
    assert sco.url.startswith(content)
    assert sco.evaluate("document.cookie") == ""  # the site's session never reaches the package's script
    reach = "() => { try { return window.top.document.title; } catch (error) { return 'blocked'; } }"
    assert sco.evaluate(reach) == "blocked"
    first = ScormAttempt.objects.get(package=scorm_course["p12"])
    assert (first.lesson_status, first.score) == ("passed", 100)
    assert "1 dari 2" in page.locator("#lesson-progress").inner_text()
    assert not Entry.objects.filter(employee=user).exists()

    play(page, base, scorm_course["lesson2004"], "Melaporkannya kepada KPK", reload_first=False)
    second = ScormAttempt.objects.get(package=scorm_course["p2004"])
    assert (second.completion_status, second.success_status, second.score) == ("completed", "passed", 100)
    page.wait_for_function("() => document.getElementById('lesson-progress').textContent.includes('2 dari 2')")
    entry = Entry.objects.get(employee=user)
    assert entry.title == "Integritas ASN" and entry.source_ref == f"course:{scorm_course['course'].pk}"
    page.goto(base + "/jp/")
    assert "Integritas ASN" in page.content()
