"""Issue 16 in Chromium on a phone (390 px): the CLO runs a forum and downloads its minutes; an employee filters the
calendar, fetches and rotates their feed URL; an RPL request goes from the employee through the kelompok keahlian
to the CLO and shows on the employee's JP page. Every page fits 390 px and its buttons are at least 44 px high."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from planning.lan import Level
from planning.services import forums

from .conftest import YEAR
from .test_forums import WHEN, verified  # noqa: F401 (fixture)
from .test_forums_calendar import programme
from .test_idp_browser import as_user  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FITS = """() => {
  const small = [...document.querySelectorAll("main button, main .button")]
    .filter((b) => b.offsetParent !== null && b.getBoundingClientRect().height < 44)
    .map((b) => b.textContent.trim());
  return {width: document.documentElement.scrollWidth, small};
}"""


def assert_fits_a_phone(page):
    found = page.evaluate(FITS)
    assert found == {"width": 390, "small": []}, page.url


def test_the_clo_records_a_forum_and_downloads_its_minutes(live_server, as_user, world, verified):  # noqa: F811
    forum = forums.schedule(world["clo"], YEAR, Level.STRATEGIC, WHEN, place="Aula BKPSDM")
    clo = as_user("clo")
    clo.goto(f"{live_server.url}/idp/forum/?tahun={YEAR}")
    assert_fits_a_phone(clo)
    clo.get_by_test_id("forums").get_by_role("link", name="Forum level Strategis").click()
    expect(clo.get_by_role("heading", name="Agenda")).to_be_visible()
    assert_fits_a_phone(clo)

    clo.get_by_label(f"{world['sekda']} — Dewan Pengarah Pembelajaran").check()
    clo.get_by_label(f"{world['clo']} — Koordinator Pembelajaran").check()
    clo.get_by_label("Notulen", exact=True).fill("Forum dibuka oleh Koordinator Pembelajaran.")
    clo.get_by_role("button", name="Simpan kehadiran dan notulen").click()
    expect(clo.get_by_text("Kehadiran dan notulen disimpan.")).to_be_visible()

    clo.get_by_label("Jenis keputusan").select_option(label="Kebutuhan diterima")
    clo.get_by_role("checkbox", name=re.compile(r"^Komunikasi — ")).check()
    clo.get_by_label("Nama program").fill("Pelatihan Komunikasi Publik")
    clo.get_by_label("Tujuan pembelajaran").fill("Laporan teknis tersampaikan dengan jelas")
    clo.get_by_label("Metode", exact=True).select_option(label="Formal")
    clo.get_by_label("Penyelenggara").fill("BKPSDM")
    clo.get_by_label("Unit sasaran").select_option(label="— Bidang Bina Marga")
    clo.get_by_label("Mulai").fill(f"{YEAR}-05-04")
    clo.get_by_label("Selesai").fill(f"{YEAR}-05-06")
    clo.get_by_label("Bentuk pelaksanaan").select_option(label="Kegiatan eksternal")
    clo.get_by_role("button", name="Simpan keputusan").click()
    expect(clo.get_by_test_id("decisions")).to_contain_text("Program: Pelatihan Komunikasi Publik")
    clo.screenshot(path="/tmp/corpu-forum.png", full_page=True)

    with clo.expect_download() as download:
        clo.get_by_role("link", name="Unduh notulen (PDF)").click()
    assert download.value.suggested_filename == f"notulen-forum-strategis-{WHEN:%Y-%m-%d}.pdf"
    content = download.value.path().read_bytes()
    assert content.startswith(b"%PDF-")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())
    assert "1. Kebutuhan diterima" in text and "Pelatihan Komunikasi Publik" in text
    assert "Forum dibuka oleh Koordinator Pembelajaran." in text and "Hadir: 2" in text
    assert forum.decisions.get().programme.title == "Pelatihan Komunikasi Publik"


def test_an_employee_filters_the_calendar_and_rotates_the_feed_url(live_server, as_user, world):  # noqa: F811
    mine = programme(world, n=1)
    other = programme(world, n=2)
    other.title, other.level = "Forum Teknis Jalan", Level.TECHNICAL
    other.save()
    employee = as_user("rizky")
    employee.goto(f"{live_server.url}/idp/kalender/?tahun={YEAR}")
    expect(employee.get_by_test_id("programmes")).to_contain_text("Forum Teknis Jalan")
    employee.get_by_label("Level").select_option(label="Strategis")
    employee.get_by_role("button", name="Saring").click()
    listed = employee.get_by_test_id("programmes")
    expect(listed).to_contain_text(mine.title)
    expect(listed).not_to_contain_text("Forum Teknis Jalan")
    expect(listed.get_by_text("Untuk Anda")).to_be_visible()
    assert_fits_a_phone(employee)

    old = employee.get_by_label("Alamat kalender (ICS)").input_value()
    assert old.startswith(live_server.url + "/idp/kalender/") and old.endswith(".ics")
    feed = employee.request.get(old + f"?tahun={YEAR}")
    assert feed.status == 200 and mine.title in feed.text() and "BEGIN:VCALENDAR" in feed.text()

    employee.get_by_role("button", name="Buat tautan baru").click()
    expect(employee.get_by_text("Tautan kalender baru dibuat; tautan lama tidak berlaku lagi.")).to_be_visible()
    new = employee.get_by_label("Alamat kalender (ICS)").input_value()
    assert new != old
    assert employee.request.get(old).status == 404
    assert employee.request.get(new + f"?tahun={YEAR}").status == 200
    assert_fits_a_phone(employee)
    employee.screenshot(path="/tmp/corpu-calendar.png", full_page=True)


def test_an_rpl_request_from_submission_to_the_employees_jp_page(live_server, as_user, world):  # noqa: F811
    base = live_server.url
    employee = as_user("rizky")
    employee.goto(base + "/idp/rpl/")
    employee.get_by_label("Kompetensi").select_option(label="Pengawasan Konstruksi Jalan")
    employee.get_by_label("Uraian capaian pembelajaran").fill("Pengawas lapangan peningkatan jalan 2019–2021")
    employee.get_by_label("Mulai").fill(f"{YEAR}-01-05")
    employee.get_by_label("Selesai").fill(f"{YEAR}-01-09")
    employee.get_by_label("Bukti dukung").set_input_files(
        {"name": "sertifikat.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 bukti"}
    )
    assert_fits_a_phone(employee)
    employee.get_by_role("button", name="Ajukan permohonan RPL").click()
    expect(employee.get_by_text("Permohonan RPL diajukan")).to_be_visible()
    expect(employee.get_by_role("link", name=re.compile(r"^sertifikat.*\.pdf$"))).to_be_visible()

    ketua = as_user("ketua_infra")
    ketua.goto(base + "/idp/rpl/penilaian/")
    ketua.get_by_role("link", name=re.compile("Pengawasan Konstruksi Jalan")).click()
    ketua.get_by_label("Rekomendasi").select_option(label="direkomendasikan")
    ketua.get_by_label("Catatan").fill("Sertifikat sesuai kompetensi")
    assert_fits_a_phone(ketua)
    ketua.get_by_role("button", name="Simpan penilaian").click()
    expect(ketua.get_by_text("Permohonan RPL diperbarui.")).to_be_visible()

    clo = as_user("clo")
    clo.goto(base + "/idp/rpl/keputusan/")
    clo.get_by_role("link", name=re.compile("Pengawasan Konstruksi Jalan")).click()
    clo.get_by_role("combobox", name="Keputusan", exact=True).select_option(label="Disetujui")
    clo.get_by_label("JP yang diakui").fill("6")
    clo.get_by_label("Dihitung sebagai bentuk kegiatan").select_option("pelatihan_teknis")
    assert_fits_a_phone(clo)
    clo.get_by_role("button", name="Simpan keputusan").click()
    expect(clo.get_by_text("Permohonan RPL diperbarui.")).to_be_visible()

    employee.goto(f"{base}/jp/?tahun={YEAR}")
    expect(employee.get_by_role("link", name="RPL: Pengawasan Konstruksi Jalan")).to_be_visible()
    expect(employee.get_by_test_id("total-jp")).to_have_text("6")
