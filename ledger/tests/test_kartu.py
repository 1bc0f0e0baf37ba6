"""Kartu Data Pengembangan Kompetensi (kutai-barat-dpupr-2024.txt part III.B) as PDF and XLSX, whose figures
are the ones "JP saya" shows."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from ledger import services
from ledger.models import Entry
from people.roles import CLO, VERIFIKATOR_UNIT, assign_role
from tests.factories import UserFactory, unit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

ACTIVITY_COLUMNS = [
    "No.",
    "Nama Pengembangan Kompetensi",
    "Tahun Pengembangan Kompetensi",
    "Tanggal Mulai",
    "Tanggal Selesai",
    "Lamanya Pelatihan (Satuan JP)",
    "Nomor Sertifikat",
    "Tanggal Sertifikat",
    "Masa Berlaku Sertifikat",
    "Tempat Terbit Sertifikat",
    "Jenis Pengembangan Kompetensi",
    "Salinan Terlampir (Ya/Tidak)",
    "Telah diupload pada myasn.bkn.go.id (Ya/Tidak)",
]


@pytest.fixture
def employee(db):
    user = UserFactory(
        unit_kerja=unit("Dinas PUPR/Bidang Bina Marga"),
        nama="Rizky Pratama",
        pangkat_golongan="Penata Muda (III/a)",
        jabatan="Teknik Jalan",
        tempat_lahir="Sendawar",
    )
    seminar, _ = services.record_activity(
        user,
        "seminar",
        "Seminar Jalan Nasional",
        datetime.date(2025, 3, 3),
        datetime.date(2025, 3, 4),
        2,
        "hari",
        certificate_no="SRT-1",
        certificate_date=datetime.date(2025, 3, 10),
        valid_until=datetime.date(2028, 3, 10),
        issuer="Kementerian PU",
        evidence=SimpleUploadedFile("sertifikat.pdf", PDF, content_type="application/pdf"),
    )
    seminar.uploaded_myasn = True
    seminar.save(update_fields=["uploaded_myasn"])
    services.record_activity(
        user,
        "e_learning",
        "Etika ASN",
        datetime.date(2025, 6, 2),
        datetime.date(2025, 6, 3),
        2,
        "hari",
        stated_jp=Decimal("6"),
    )
    services.record_activity(
        user, "seminar", "Seminar 2023", datetime.date(2023, 5, 5), datetime.date(2023, 5, 5), 1, "hari"
    )
    services.record_activity(
        user, "seminar", "Seminar 2026", datetime.date(2026, 5, 5), datetime.date(2026, 5, 5), 1, "hari"
    )
    return user


def get(client, name, **params):
    return client.get(reverse("ledger:unduh", args=[name]), {"tahun": 2025, **params})


def cells(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def section(rows, title, header_first):
    """The rows of a section: from its header row (starting with `header_first`) to the next blank row."""
    start = next(i for i, row in enumerate(rows) if row[0] == title)
    body = []
    for row in rows[start + 2 :]:
        if all(value is None for value in row):
            break
        body.append(row)
    assert rows[start + 1][0] == header_first
    return rows[start + 1], body


def screen_totals(client, years):
    return {year: client.get(reverse("ledger:saya"), {"tahun": year}).context["summary"]["total_jp"] for year in years}


def test_kartu_xlsx_has_the_seed_layout_and_the_screens_figures(client, employee):
    client.force_login(employee)
    response = get(client, "kartu.xlsx")
    assert response.status_code == 200 and "kartu-jp-2025.xlsx" in response["Content-Disposition"]
    rows = cells(response)
    flat = [value for row in rows for value in row if value is not None]
    assert "KARTU DATA PENGEMBANGAN KOMPETENSI" in flat
    assert any(str(value).startswith("Aturan konversi: ") for value in flat)
    facts = {row[1]: row[2] for row in rows if isinstance(row[0], int) and row[1] and len(row) > 2 and row[3] is None}
    assert facts["Nama Lengkap"] == "Rizky Pratama" and facts["NIP/NIPPPK"] == employee.nip
    assert facts["Pangkat dan golongan ruang"] == "Penata Muda (III/a)"
    assert facts["Tempat Lahir/Tgl. Lahir"] == "Sendawar / 15 Januari 1990"  # the date from the NIP
    assert facts["Jenis Kelamin"] == "Laki-laki" and facts["Jabatan"] == "Teknik Jalan"
    assert facts["Unit kerja"] == "Dinas PUPR / Bidang Bina Marga"

    header, activities = section(rows, "B. INFORMASI PENGEMBANGAN KOMPETENSI", "No.")
    assert header[: len(ACTIVITY_COLUMNS)] == ACTIVITY_COLUMNS
    titles = [row[1] for row in activities]
    assert titles == ["Seminar 2023", "Seminar Jalan Nasional", "Etika ASN"]  # through 2025, by date
    seminar = dict(zip(ACTIVITY_COLUMNS, activities[1], strict=False))
    assert seminar["Tahun Pengembangan Kompetensi"] == 2025
    assert (seminar["Tanggal Mulai"], seminar["Tanggal Selesai"]) == ("03/03/2025", "04/03/2025")
    assert seminar["Nomor Sertifikat"] == "SRT-1" and seminar["Tanggal Sertifikat"] == "10/03/2025"
    assert seminar["Masa Berlaku Sertifikat"] == "10/03/2028"
    assert seminar["Tempat Terbit Sertifikat"] == "Kementerian PU"
    assert seminar["Jenis Pengembangan Kompetensi"] == "seminar"
    assert seminar["Salinan Terlampir (Ya/Tidak)"] == "Ya"
    assert seminar["Telah diupload pada myasn.bkn.go.id (Ya/Tidak)"] == "Ya"
    elearning = dict(zip(ACTIVITY_COLUMNS, activities[2], strict=False))
    assert elearning["Salinan Terlampir (Ya/Tidak)"] == "Tidak"
    assert elearning["Telah diupload pada myasn.bkn.go.id (Ya/Tidak)"] == "Tidak"

    header, yearly = section(rows, "C. JUMLAH JAM PELATIHAN TAHUNAN", "No.")
    assert header == ["No.", "Tahun", "Jumlah Jam Pelatihan", "Target JP", "Keterangan"] + [None] * (len(header) - 5)
    assert [row[1] for row in yearly] == [2023, 2024, 2025]
    screen = screen_totals(client, [2023, 2024, 2025])
    assert {row[1]: Decimal(str(row[2])) for row in yearly} == screen
    # each activity's JP adds up to its year's total, as on the screen
    for year in (2023, 2025):
        assert sum(Decimal(str(row[5])) for row in activities if row[2] == year) == screen[year]
    summary = services.employee_year_summary(employee, 2025)
    assert yearly[-1][3] == summary["target_jp"]

    flat = [value for row in rows for value in row if value is not None]
    assert any(str(value).startswith("Dengan ini saya menyatakan") for value in flat)
    assert "Mengetahui," in flat and "Kepala Dinas PUPR" in flat and "Pegawai yang melaporkan," in flat


def test_kartu_pdf_has_the_seed_sections_and_the_screens_figures(client, employee):
    client.force_login(employee)
    response = get(client, "kartu.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in [
        "KARTU DATA PENGEMBANGAN KOMPETENSI",
        "Aturan konversi:",
        "A. INFORMASI KEPEGAWAIAN",
        "Pangkat dan golongan ruang",
        "Penata Muda (III/a)",
        "Sendawar / 15 Januari 1990",
        "Laki-laki",
        "B. INFORMASI PENGEMBANGAN KOMPETENSI",
        "Masa Berlaku Sertifikat",
        "SRT-1",
        "10/03/2025",
        "10/03/2028",
        "03/03/2025 s.d. 04/03/2025",
        "C. JUMLAH JAM PELATIHAN TAHUNAN",
        "Dengan ini saya menyatakan",
        "Pegawai yang melaporkan,",
        "Kepala Dinas PUPR",
        "Rizky Pratama",
    ]:
        assert expected in text, expected
    assert "Tidak." not in text and "Seminar 2026" not in text
    total = services.employee_year_summary(employee, 2025)["total_jp"]
    assert f"2025 {total.normalize():f}" in text


def test_row_number_header_is_no_in_both_languages_not_tidak(client, employee):
    from django.utils import translation

    from ledger import exports

    for language in ("id", "en"):
        with translation.override(language):
            assert exports.row_number_header() == "No."
            assert exports.report_columns()[0] == "No."
            assert exports.kartu_columns()[0] == "No."
    client.force_login(employee)
    rows = cells(get(client, "kartu.xlsx"))
    assert "Tidak" not in [row[0] for row in rows]
    response = client.get(reverse("ledger:unduh", args=["kartu.xlsx"]), {"tahun": 2025}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Tidak" not in [row[0] for row in cells(response)]


def test_a_verifier_downloads_only_their_units_staffs_cards(client, employee):
    secretariat = UserFactory(unit_kerja=unit("Dinas PUPR"))
    assign_role(secretariat, VERIFIKATOR_UNIT)
    outsider = UserFactory(unit_kerja=unit("Dinas Kesehatan"))
    assign_role(outsider, VERIFIKATOR_UNIT)
    colleague = UserFactory(unit_kerja=unit("Dinas PUPR/Bidang Bina Marga"))
    client.force_login(secretariat)
    response = get(client, "kartu.xlsx", pegawai=employee.pk)
    assert response.status_code == 200 and employee.nip in response["Content-Disposition"]
    assert "Rizky Pratama" in [v for row in cells(response) for v in row]
    client.force_login(outsider)
    assert get(client, "kartu.pdf", pegawai=employee.pk).status_code == 403
    client.force_login(colleague)  # a plain ASN, same unit
    assert get(client, "kartu.xlsx", pegawai=employee.pk).status_code == 403
    assert get(client, "myasn.csv", pegawai=employee.pk).status_code == 403
    bkpsdm = UserFactory(unit_kerja=unit("BKPSDM"))
    assign_role(bkpsdm, CLO)
    client.force_login(bkpsdm)
    assert get(client, "kartu.pdf", pegawai=employee.pk).status_code == 200


def test_employee_myasn_csv_uses_the_myasn_columns(client, employee):
    client.force_login(employee)
    text = get(client, "myasn.csv").content.decode()
    lines = text.strip().splitlines()
    assert lines[0].startswith("No.,NIP,Nama pegawai,Jenis Diklat (MyASN),Kode bentuk CorpU,Nama Diklat")
    assert len(lines) == 3 and "Seminar Jalan Nasional" in text and "Seminar 2026" not in text
    assert Entry.objects.filter(employee=employee).count() == 4


def test_the_dashboard_links_bkpsdm_to_each_at_risk_employees_card(client, employee):
    bkpsdm = UserFactory(unit_kerja=unit("BKPSDM"))
    assign_role(bkpsdm, CLO)
    client.force_login(bkpsdm)
    page = client.get(reverse("ledger:dasbor"), {"tahun": 2024}).content.decode()
    link = reverse("ledger:unduh", args=["kartu.pdf"]) + f"?tahun=2024&amp;pegawai={employee.pk}"
    assert link in page


def test_kartu_names_the_rulebook_and_why_and_calls_pppk_24_jp_a_ceiling(client, employee):
    """The card says which rulebook counted and why; banjarbaru-perwali-23-2025.txt art. 3: "paling banyak 24 jam
    pelajaran untuk PPPK" — no shortfall shown."""
    from wagtail.models import Site

    from ledger.models import LedgerSettings, Rulebook
    from people.models import JenisPegawai

    settings_row = LedgerSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.rulebook = Rulebook.objects.get(slug="banjarbaru-2025")
    settings_row.rulebook_reason = "Kabupaten belum punya tabel konversi sendiri"
    settings_row.save()
    employee.jenis_pegawai = JenisPegawai.PPPK
    employee.save()
    client.force_login(employee)
    rows = cells(get(client, "kartu.xlsx"))
    assert any("banjarbaru-2025" in str(row[0]) and "belum punya tabel konversi" in str(row[0]) for row in rows)
    _header, yearly = section(rows, "C. JUMLAH JAM PELATIHAN TAHUNAN", "No.")
    assert {row[4] for row in yearly} == {"batas paling banyak, bukan target minimal"}
    assert "batas paling banyak" in "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(get(client, "kartu.pdf").content)).pages
    )
