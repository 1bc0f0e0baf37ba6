"""Issue 15 acceptance in Chromium: one IDP from self-assessment and draft through the dialogue agreement, the
kelompok keahlian's verification and the CLO's recap decision; the employee then sees D and suggested learning."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from corpu.access import AccessLevel
from corpu.choices import Competency
from courses.models import CourseCatalogPage, CoursePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def as_user(browser, live_server):
    """as_user("name") → a phone-sized page signed in as that user (each user in their own browser context)."""
    contexts = []

    def sign_in(username):
        context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(live_server.url + "/akun/login/")
        page.get_by_label("NIP, nama pengguna, atau e-mail").fill(username)
        page.get_by_label("Kata sandi").fill("rahasia-123")
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url(re.compile(r"^(?!.*/akun/login/).*$"))
        return page

    yield sign_in
    for context in contexts:
        context.close()


def test_one_idp_from_self_assessment_to_verified_plan_with_suggested_learning(live_server, as_user, world, home):
    catalog = home.add_child(instance=CourseCatalogPage(title="Kursus", slug="kursus-idp"))
    catalog.add_child(
        instance=CoursePage(
            title="Pengawasan Mutu Jalan", access_level=AccessLevel.PUBLIC, competency=Competency.TECHNICAL
        )
    )
    base = live_server.url
    today = datetime.date.today()

    clo = as_user("clo")
    clo.goto(base + "/idp/rekap/")
    clo.get_by_label("Dibuka").fill((today - datetime.timedelta(days=1)).isoformat())
    clo.get_by_label("Ditutup").fill((today + datetime.timedelta(days=30)).isoformat())
    clo.get_by_role("button", name="Simpan jadwal").click()
    expect(clo.get_by_text("Jadwal dialog kinerja disimpan.")).to_be_visible()

    employee = as_user("rizky")
    employee.get_by_role("link", name="IDP", exact=True).click()
    employee.get_by_role("link", name="Penilaian mandiri kompetensi").click()
    employee.get_by_role("button", name="Mulai penilaian mandiri").click()
    employee.get_by_label("Level saat ini: Komunikasi").select_option("2")
    employee.get_by_label("Level saat ini: Pengawasan Konstruksi Jalan").select_option("2")
    employee.get_by_label("Aspek: Pengawasan Konstruksi Jalan").select_option(label="Keterampilan")
    employee.get_by_role("button", name="Selesai dan isi B 4.2").click()
    expect(employee.get_by_text("Pengawasan Konstruksi Jalan: level 2, dibutuhkan 3")).to_be_visible()

    employee.get_by_role("link", name="← IDP saya").click()
    employee.get_by_role("button", name="Susun IDP").click()
    expect(employee.locator("#b-4\\.2")).to_contain_text("Pengawasan Konstruksi Jalan: level 2, dibutuhkan 3")
    employee.get_by_role("link", name="Tambah usulan").click()
    employee.get_by_label("Relevansi (kode analisis B)").fill("2.1, 4.2")
    employee.get_by_label("Tujuan").fill("Mampu mengawasi mutu perkerasan jalan")
    employee.get_by_label("Output").fill("Laporan pengawasan sesuai standar")
    employee.get_by_label("Kompetensi (kamus)").select_option(label="Pengawasan Konstruksi Jalan")
    employee.get_by_label("Aspek kesenjangan").select_option(label="Keterampilan")
    employee.get_by_label("Usulan metode").select_option(label="Eksperiensial")
    employee.get_by_label("Sumber pembelajaran").fill("Magang di Balai Jalan")
    employee.get_by_label("Usulan level pelaksanaan").select_option(label="Teknis")
    employee.get_by_role("button", name="Simpan usulan").click()
    expect(employee.get_by_text("Saran LAN untuk aspek ini: Eksperiensial, Sosial")).to_be_visible()
    employee.get_by_role("button", name="Ajukan ke atasan").click()
    expect(employee.get_by_test_id("plan-state")).to_have_text("Diajukan ke atasan")

    kabid = as_user("kabid")
    kabid.goto(base + "/idp/")
    kabid.get_by_role("link", name="Dialog kinerja: IDP pegawai saya").click()
    kabid.get_by_test_id("waiting").get_by_role("link", name="Rizky Pratama, S.T.").click()
    kabid.get_by_label("Catatan dialog kinerja").fill("Sepakat; magang triwulan II")
    kabid.get_by_role("button", name="Sepakati IDP").click()
    expect(kabid.get_by_text("Kesepakatan Anda dicatat; menunggu pihak lain.")).to_be_visible()

    employee.reload()
    employee.get_by_role("button", name="Sepakati IDP").click()
    expect(employee.get_by_test_id("plan-state")).to_have_text("Disepakati dalam dialog kinerja")

    clo.goto(base + "/idp/rekap/")
    clo.get_by_role("button", name="Kirim 1 IDP yang disepakati ke verifikasi").click()
    expect(clo.get_by_text("1 IDP dikirim ke verifikasi.")).to_be_visible()

    ketua = as_user("ketua_infra")
    ketua.goto(base + "/idp/")
    ketua.get_by_role("link", name="Verifikasi kelompok keahlian (Formulir 2)").click()
    expect(ketua.get_by_role("heading", name="KK Infrastruktur")).to_be_visible()
    ketua.get_by_label("Prioritas").select_option(label="Tinggi")
    ketua.get_by_label("Level pelaksanaan").select_option(label="Operasional")
    ketua.get_by_role("button", name="Simpan verifikasi").click()
    expect(ketua.get_by_text("terverifikasi", exact=True)).to_be_visible()

    clo.goto(base + "/idp/rekap/")
    line = clo.get_by_test_id("recap-operasional")
    expect(line.get_by_test_id("head-count")).to_have_text("1")
    line.get_by_label("Penyelenggara").fill("Dinas PUPR bersama Balai Jalan")
    line.get_by_role("button", name="Tetapkan").click()
    expect(clo.get_by_text("Keputusan dicatat; baris D IDP terkait diperbarui.")).to_be_visible()
    expect(clo.get_by_test_id("recap-operasional")).to_contain_text("Operasional · Dinas PUPR bersama Balai Jalan")
    clo.screenshot(path="/tmp/corpu-idp-recap.png", full_page=True)

    employee.reload()
    expect(employee.get_by_test_id("plan-state")).to_have_text("Terverifikasi")
    d_rows = employee.get_by_test_id("d-rows")
    expect(d_rows).to_contain_text("Pelaksana: Dinas PUPR bersama Balai Jalan")
    expect(d_rows).to_contain_text("Operasional")
    expect(d_rows.get_by_role("link", name="Pengawasan Mutu Jalan")).to_be_visible()
    expect(d_rows.get_by_test_id("realised")).to_contain_text("Realisasi: 0 JP")
    employee.screenshot(path="/tmp/corpu-idp-verified.png", full_page=True)
