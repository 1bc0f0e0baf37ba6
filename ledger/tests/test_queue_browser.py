"""At 390 px the verifier queue has no sideways scrolling and every button is at least 44 px high; the submission
form's estimate follows the fields as they are filled in (ledger/static/ledger/perkiraan.js)."""

import datetime

import pytest

from ledger import services
from people.roles import CLO, assign_role
from tests.browser.fixtures import sign_in
from tests.factories import UserFactory, unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_queue_fits_390_px_with_44_px_buttons(live_server, page):
    clo = UserFactory(username="clo-uji", unit_kerja=unit("Badan Kepegawaian"))
    assign_role(clo, CLO)
    employee = UserFactory(unit_kerja=unit("Dinas Pekerjaan Umum dan Penataan Ruang/Bidang Bina Marga"))
    day = datetime.date(2025, 4, 1)
    for n in range(5):
        services.record_activity(
            employee,
            "seminar",
            f"Seminar Nasional Pengelolaan Sumber Daya Air Berkelanjutan Tingkat Provinsi Angkatan-{n}",
            day,
            day,
            1,
            "hari",
            status="submitted",
            organiser="Kementerian Pekerjaan Umum dan Perumahan Rakyat Republik Indonesia",
            certificate_no=f"NO.SERT/2025/PUPR/BALAI-WILAYAH-SUNGAI-KALIMANTAN-III/{n:05d}",
        )
    sign_in(page, live_server.url, "clo-uji")
    page.goto(live_server.url + "/jp/verifikasi/")
    assert page.get_by_test_id("queue").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{overflow} px sideways scroll"
    heights = page.evaluate(
        "Array.from(document.querySelectorAll('main button, main a.button'))"
        ".filter(b => b.offsetParent !== null).map(b => b.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 44, heights
    page.screenshot(path="/tmp/corpu-verifikasi-390.png", full_page=True)


def test_the_estimate_follows_the_form(live_server, page):
    UserFactory(username="pelajar")
    sign_in(page, live_server.url, "pelajar")
    page.goto(live_server.url + "/jp/ajukan/")
    page.get_by_label("Jenis kegiatan").select_option("seminar")
    page.get_by_label("Tanggal mulai").fill("2025-04-01")
    page.get_by_label("Tanggal selesai").fill("2025-04-02")
    page.get_by_label("Jumlah").fill("2")
    page.get_by_label("Satuan").select_option("hari")
    estimate = page.locator("[data-estimate-text]")
    estimate.filter(has_text="Perkiraan: 8 JP").wait_for()
    assert "klasikal" in estimate.inner_text()
