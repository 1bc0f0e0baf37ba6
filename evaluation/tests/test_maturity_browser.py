"""The maturity radar draws under the site's Content-Security-Policy (Chart.js from /static/vendor/, no inline
script), with the change table beside it, at 390 px without sideways scrolling."""

import pytest

from evaluation.services import maturity
from people.roles import CLO, assign_role
from tests.browser.fixtures import sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_radar_draws_with_two_years(live_server, page):
    clo = UserFactory(username="clo-radar")
    assign_role(clo, CLO)
    for year, level in ((2025, 2), (2026, 3)):
        assessment = maturity.start(clo, year)
        for rating in assessment.ratings.all():
            maturity.rate(clo, rating, level, "bukti")
        maturity.submit(clo, assessment)
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security" in message.text else None)
    sign_in(page, live_server.url, "clo-radar")
    page.goto(live_server.url + "/evaluasi/kematangan/")
    page.wait_for_function("window.Chart && Chart.getChart(document.getElementById('maturity-radar'))")
    datasets = page.evaluate("Chart.getChart(document.getElementById('maturity-radar')).data.datasets.length")
    assert datasets == 2 and not violations
    assert page.get_by_test_id("maturity-change").get_by_text("+1 ▲").count() == 7
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    page.screenshot(path="/tmp/corpu-kematangan-390.png", full_page=True)
