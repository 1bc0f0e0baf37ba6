"""In Chromium, under the site's Content-Security-Policy, the reaction results page draws one Chart.js bar chart per
Likert question and the browser reports no violation."""

import pytest

from evaluation.services import reaction
from evaluation.tests.test_reaction import course, course_answers, finished  # noqa: F401
from people.roles import CLO, assign_role
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_results_page_draws_a_bar_chart_per_likert_question(live_server, page, course):  # noqa: F811
    for relevance in (5, 4, 4):
        reaction.submit(finished(course), course, course_answers(relevance, 3, 2, "Bagus"))
    clo = UserFactory(username="clo-grafik", password="rahasia-123")
    assign_role(clo, CLO)
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.goto(live_server.url + "/akun/login/")
    page.get_by_label("NIP, nama pengguna, atau e-mail").fill("clo-grafik")
    page.get_by_label("Kata sandi").fill("rahasia-123")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/evaluasi/reaksi/kursus/{course.pk}/")
    page.wait_for_load_state("networkidle")
    charts = page.evaluate("() => [...document.querySelectorAll('canvas')].map(c => !!Chart.getChart(c))")
    assert charts == [True, True, True]  # three Likert questions, the comment question has none
    drawn = page.evaluate("() => Chart.getChart(document.querySelector('canvas')).data.datasets[0].data")
    assert drawn == [0, 0, 0, 2, 1]
    assert not violations
