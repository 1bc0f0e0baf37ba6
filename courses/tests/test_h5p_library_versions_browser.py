"""Issue 14 in Chromium: two activities on one lesson play two minor versions of one shared library side by side."""

import pytest

from courses.models import H5PLibrary, XAPIStatement
from courses.tests.test_course_browser import sign_in
from tests.factories import UserFactory

from .test_h5p_library_versions import SOAL, system_upload, versioned_package

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_one_lesson_plays_version_1_4_and_1_5_of_a_shared_library(live_server, page, mooc, tmp_path):
    old = system_upload(versioned_package(tmp_path, "lama.h5p", kuis_minor=0, soal_minor=4, question="Lama?"))
    new = system_upload(versioned_package(tmp_path, "baru.h5p", kuis_minor=1, soal_minor=5, question="Baru?"))
    assert H5PLibrary.objects.filter(machine_name=SOAL).count() == 2
    lesson = mooc["quiz"]
    lesson.body = [("h5p", old), ("h5p", new)]
    lesson.save_revision().publish()
    UserFactory(username="siti", nama="Siti Rahmah")
    base = live_server.url
    sign_in(page, base, "siti")
    page.goto(base + mooc["course"].url)
    page.get_by_role("button", name="Daftar kursus").click()
    page.goto(base + lesson.url)

    expected = {old: "soal 1.4.0: Lama? / kuis 1.0", new: "soal 1.5.0: Baru? / kuis 1.1"}
    for activity, text in expected.items():
        page.wait_for_selector(f".h5p-activity[data-activity='{activity.pk}'][data-ready='1']")
        frame = page.frame_locator(f".h5p-activity[data-activity='{activity.pk}'] iframe")
        assert frame.locator("p.versi").inner_text() == text
        frame.get_by_role("button", name="Selesai").click()

    def recorded():
        return set(XAPIStatement.objects.values_list("activity_id", flat=True))

    for _ in range(60):
        if recorded() == {old.pk, new.pk}:
            break
        page.wait_for_timeout(250)
    assert recorded() == {old.pk, new.pk}
