"""Issue 14 in Chromium: two H5P activities on one lesson each record their statements under their own attempt."""

import pytest

from courses.models import H5PResult, LessonCompletion, XAPIStatement
from courses.tests.test_course_browser import sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_activities_on_one_lesson_both_record(live_server, page, mooc, h5p_activity):
    second = h5p_activity("pengadaan-e-katalog.h5p")
    lesson = mooc["quiz"]
    lesson.body = [("h5p", mooc["activity"]), ("h5p", second)]
    lesson.save_revision().publish()
    UserFactory(username="siti", nama="Siti Rahmah")
    base = live_server.url
    sign_in(page, base, "siti")
    page.goto(base + mooc["course"].url)
    page.get_by_role("button", name="Daftar kursus").click()
    page.goto(base + lesson.url)
    page.wait_for_selector(f".h5p-activity[data-activity='{second.pk}'][data-ready='1']")
    page.wait_for_selector(f".h5p-activity[data-activity='{mooc['activity'].pk}'][data-ready='1']")

    multiple = page.frame_locator(f".h5p-activity[data-activity='{second.pk}'] iframe")
    multiple.get_by_label("Rencana Umum Pengadaan", exact=False).check()
    multiple.get_by_label("Harga Perkiraan Sendiri", exact=False).check()
    multiple.get_by_role("button", name="Periksa jawaban").click()
    true_false = page.frame_locator(f".h5p-activity[data-activity='{mooc['activity'].pk}'] iframe")
    true_false.get_by_label("Salah").check()
    true_false.get_by_role("button", name="Periksa jawaban").click()

    page.wait_for_function(
        "() => document.getElementById('lesson-progress').textContent.includes('1 dari 2')", timeout=15000
    )
    stored = XAPIStatement.objects.values_list("activity_id", "attempt__activity_id")
    assert {activity for activity, _attempt in stored} == {mooc["activity"].pk, second.pk}
    assert all(activity == attempt for activity, attempt in stored)
    assert set(H5PResult.objects.filter(best_score=100).values_list("activity_id", flat=True)) == {
        mooc["activity"].pk,
        second.pk,
    }
    assert LessonCompletion.objects.filter(lesson=lesson).exists()
    checked = XAPIStatement.objects.filter(verb__endswith="/answered").values_list("checked_score", "disagrees")
    assert sorted(checked) == [(100, False), (100, False)]  # both answers re-checked by the server
