"""Issue 5 acceptance: enrol in a MOOC, play the H5P activity in Chromium, complete, JP saya, certificate."""

import pytest

from courses.models import XAPIStatement
from ledger.models import Entry, Status
from tests.factories import UserFactory, unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, username):
    page.goto(base + "/akun/login/")
    page.get_by_label("NIP, nama pengguna, atau e-mail").fill(username)
    page.get_by_label("Kata sandi").fill("rahasia-123")
    page.get_by_role("button", name="Masuk").click()


def test_asn_completes_a_mooc_with_h5p_and_gets_jp_and_a_verified_certificate(live_server, page, mooc):
    UserFactory(username="siti", nama="Siti Rahmah", unit_kerja=unit("Dinas PUPR/Bidang Bina Marga"))
    base = live_server.url
    sign_in(page, base, "siti")
    page.goto(base + mooc["course"].url)
    page.get_by_role("button", name="Daftar kursus").click()
    assert page.get_by_text("0 dari 2 pelajaran wajib selesai.").is_visible()

    page.get_by_role("link", name="Pengantar").click()
    page.get_by_role("button", name="Tandai pelajaran selesai").click()
    assert "1 dari 2 pelajaran wajib selesai." in page.locator("#lesson-progress").inner_text()

    page.goto(base + mooc["quiz"].url)
    page.wait_for_selector(".h5p-activity[data-ready='1']")
    assert page.locator(".h5p-activity iframe.h5p-frame").get_attribute("sandbox") == "allow-scripts"
    frame = page.frame_locator(".h5p-activity iframe.h5p-frame")
    frame.get_by_label("Salah").check()
    page.evaluate("window.notReloaded = true")
    frame.get_by_role("button", name="Periksa jawaban").click()
    completion = page.locator("#course-completion[role='status']")  # announced in place, without a reload
    completion.get_by_text("Kursus selesai.").wait_for()
    assert page.evaluate("window.notReloaded") is True
    assert page.locator("#lesson-progress").inner_text() == "2 dari 2 pelajaran wajib selesai. Pelajaran ini selesai."
    answered = XAPIStatement.objects.get(user__username="siti", verb__endswith="/answered")
    assert answered.statement["result"]["response"] == "false"  # the server re-checked the learner's answer
    assert answered.checked_score == 100 and not answered.disagrees
    assert Entry.objects.get(employee__username="siti").status == Status.VERIFIED
    with page.expect_download() as download:
        completion.get_by_role("link", name="Unduh sertifikat").click()

    page.goto(base + "/jp/")
    assert "Netralitas ASN" in page.content()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    code = download.value.suggested_filename.removeprefix("sertifikat-").removesuffix(".pdf")
    page.goto(f"{base}/sertifikat/{code}/")
    assert page.get_by_role("heading", name="Sertifikat sah").is_visible()
    assert "Siti Rahmah" in page.content()
    page.screenshot(path="/tmp/corpu-certificate-verified.png", full_page=True)
