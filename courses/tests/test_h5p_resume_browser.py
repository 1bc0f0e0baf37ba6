"""Issue 14 in Chromium: answers survive a reload, the player is titled and speaks Indonesian, focus stays in the
content when "Periksa jawaban" hides itself."""

import json
import time

import pytest
from django.core.files import File

from corpu.access import AccessLevel
from courses.models import H5PActivity, H5PResult
from courses.tests.h5p_helpers import question_list_package
from courses.tests.test_course_browser import sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTIONS = [
    ("H5P.CorpUTrueFalse 1.0", {"question": "<p>ASN wajib menjaga netralitas.</p>", "correct": "true"}),
    (
        "H5P.CorpUMultipleChoice 1.0",
        {
            "question": "<p>Mana yang termasuk nilai dasar ASN BerAKHLAK?</p>",
            "answers": [
                {"text": "Berorientasi pelayanan", "correct": True},
                {"text": "Akuntabel", "correct": True},
                {"text": "Birokratis", "correct": False},
            ],
        },
    ),
    ("H5P.CorpUTrueFalse 1.0", {"question": "<p>ASN boleh menjadi anggota partai politik.</p>", "correct": "false"}),
]


@pytest.fixture
def question_list(mooc, tmp_path):
    """The quiz lesson now holds a set of three questions."""
    path = question_list_package(tmp_path / "daftar-soal.h5p", QUESTIONS)
    with open(path, "rb") as handle:
        activity = H5PActivity(title="Tiga soal netralitas", access_level=AccessLevel.PUBLIC)
        activity.package = File(handle, name=path.name)
        activity.system_upload = True
        activity.full_clean()
        activity.save()
    mooc["quiz"].body = [("h5p", activity)]
    mooc["quiz"].save_revision().publish()
    return activity


def enrol_and_open(page, live_server, mooc):
    UserFactory(username="siti", nama="Siti Rahmah")
    sign_in(page, live_server.url, "siti")
    page.goto(live_server.url + mooc["course"].url)
    page.get_by_role("button", name="Daftar kursus").click()
    page.goto(live_server.url + mooc["quiz"].url)
    page.wait_for_selector(".h5p-activity[data-ready='1']")
    return page.frame_locator(".h5p-activity iframe.h5p-frame")


def saved_state(activity, until, timeout=15):
    """The stored state once `until(state)` holds (the page saves shortly after each answer)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = H5PResult.objects.filter(activity=activity).values_list("state", flat=True).first()
        if state and until(json.loads(state)):
            return json.loads(state)
        time.sleep(0.2)
    raise AssertionError(f"state not saved: {state!r}")


def test_answers_of_a_set_are_restored_after_a_reload(live_server, page, mooc, question_list):
    frame = enrol_and_open(page, live_server, mooc)
    first, second, third = (frame.locator(".corpu-question-list__item").nth(i) for i in range(3))
    first.get_by_label("Benar").check()
    first.get_by_role("button", name="Periksa jawaban").click()
    second.get_by_label("Akuntabel").check()  # answered, not checked yet
    saved = saved_state(question_list, lambda state: state["questions"][1]["selected"] == ["1"])
    assert saved["questions"][0] == {"selected": ["true"], "checked": True}

    page.reload()
    page.wait_for_selector(".h5p-activity[data-ready='1']")
    frame = page.frame_locator(".h5p-activity iframe.h5p-frame")
    first, second, third = (frame.locator(".corpu-question-list__item").nth(i) for i in range(3))
    assert first.get_by_label("Benar").is_checked() and first.get_by_label("Benar").is_disabled()
    assert "(1/1)" in first.locator(".corpu-question__feedback").inner_text()  # checked, with its result
    assert second.get_by_label("Akuntabel").is_checked()
    assert not second.get_by_label("Berorientasi pelayanan").is_checked()
    assert second.get_by_role("button", name="Periksa jawaban").is_visible()
    assert not third.get_by_label("Benar").is_checked() and not third.get_by_label("Salah").is_checked()

    third.get_by_label("Salah").check()  # going on after the reload saves onto the restored answers
    saved = saved_state(question_list, lambda state: state["questions"][2]["selected"] == ["false"])
    assert saved["questions"][1]["selected"] == ["1"] and saved["questions"][0]["checked"] is True


def test_the_player_is_titled_speaks_indonesian_and_keeps_focus_after_the_check(live_server, page, mooc):
    frame = enrol_and_open(page, live_server, mooc)
    assert page.locator(".h5p-activity iframe.h5p-frame").get_attribute("title") == mooc["activity"].title
    document = page.frames[1]
    assert document.evaluate("document.documentElement.lang") == "id"
    assert document.evaluate("H5PIntegration.l10n.H5P.confirmLabel") == "Konfirmasi"
    frame.get_by_label("Salah").check()
    frame.get_by_role("button", name="Periksa jawaban").press("Enter")  # a keyboard user checks the answer
    frame.get_by_role("button", name="Coba lagi").wait_for()
    page.wait_for_function("() => document.getElementById('lesson-progress').textContent.includes('1 dari 2')")
    assert document.evaluate("document.activeElement.textContent") == "Coba lagi"


def test_an_answer_given_just_before_closing_the_lesson_is_kept(live_server, page, mooc, question_list):
    frame = enrol_and_open(page, live_server, mooc)
    frame.locator(".corpu-question-list__item").nth(2).get_by_label("Salah").check()
    page.wait_for_timeout(300)  # less than the page waits to gather answers into one request
    assert not H5PResult.objects.exclude(state="").exists()
    page.close(run_before_unload=True)  # the learner closes the tab: the page sends what it holds as it goes
    saved = saved_state(question_list, lambda state: state["questions"][2]["selected"] == ["false"])
    assert saved["questions"][0]["selected"] == []
