"""At 390 px the CLO requests the yearly report, the progress page refreshes itself until the report is done, and
the download buttons appear; no sideways scrolling."""

import pytest

from evaluation.models import ReportStatus, YearlyReport
from people.roles import CLO, assign_role
from tests.browser.fixtures import sign_in
from tests.factories import UserFactory, unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clo(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    user = UserFactory(username="clo-laporan", unit_kerja=unit("BKPSDM"))
    assign_role(user, CLO)
    return user


def no_sideways_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{overflow} px sideways scroll"


def test_the_clo_requests_the_report_and_downloads_it(live_server, page, clo):
    sign_in(page, live_server.url, "clo-laporan")
    page.goto(live_server.url + "/evaluasi/laporan/")
    no_sideways_scroll(page)
    page.screenshot(path="/tmp/corpu-laporan-daftar-390.png", full_page=True)
    page.get_by_label("Nama instansi (halaman sampul)").fill("Pemerintah Kabupaten Balangan")
    page.get_by_role("button", name="Susun laporan").click()
    page.wait_for_load_state()
    status = page.get_by_test_id("report-status")
    assert status.get_attribute("data-status") == "done"
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    no_sideways_scroll(page)
    page.screenshot(path="/tmp/corpu-laporan-390.png", full_page=True)


def test_the_progress_page_refreshes_until_the_report_is_done(live_server, page, clo):
    report = YearlyReport.objects.create(
        year=2025,
        institution="X",
        requested_by=clo,
        status=ReportStatus.RUNNING,
        progress=30,
        current_step="Menghitung",
    )
    sign_in(page, live_server.url, "clo-laporan")
    page.goto(f"{live_server.url}/evaluasi/laporan/{report.pk}/")
    assert page.locator("progress").get_attribute("value") == "30"
    YearlyReport.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED, error="OSError: disk penuh")
    page.get_by_role("alert").filter(has_text="disk penuh").wait_for(timeout=10_000)
    assert page.get_by_test_id("report-status").get_attribute("data-status") == "failed"
