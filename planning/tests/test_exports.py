"""Formulir 1 (XLSX, PDF) and Formulir 2 (XLSX per kelompok keahlian and unit, and for the CLO per level) carry the
LAN headers verbatim, and only for those the policy lets see them."""

import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from planning.lan import CLO_RECAP_HEADERS, KELOMPOK_RECAP_HEADERS, Level, Method, Priority
from planning.models import Verification
from planning.services import verification

from .conftest import YEAR, agreed_plan

# Copied from lan-kepka-605-2025-idp.txt (Formulir 1), independently of planning.exports.
C_HEADERS = [
    "No.",
    "Relevansi (Dapat diisi dengan kode analisis)",
    "Tujuan dan Output Pembelajaran",
    "Kompetensi yang Akan Dikembangkan",
    "Usulan Metode",
    "Jangka Waktu Pelaksanaan",
    "Usulan Level Pelaksanaan",
]
D_HEADERS = [*C_HEADERS[:4], "Metode", "Waktu Pelaksanaan", "Level Pelaksanaan"]
B_HEADERS = [
    "No",
    "Dasar",
    "Ketersediaan Informasi (*Coret yang Tidak Perlu)",
    "Kode",
    "Analisis (**Apabila Ada)",
    "Informasi/Analisis",
]


@pytest.fixture
def verified(world):
    plan = agreed_plan(world)
    clo = world["clo"]
    verification.start_verification(clo, YEAR)
    for v in Verification.objects.filter(row__plan=plan):
        verification.verify_row(v, clo, Priority.HIGH, Method.FORMAL, Level.OPERATIONAL, source="Balai Jalan")
    verification.decide(clo, YEAR, list(Verification.objects.filter(row__plan=plan)), Level.OPERATIONAL, "BKPSDM")
    plan.refresh_from_db()
    return plan


def rows_of(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return [[cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)]


def test_formulir1_xlsx_has_the_lan_sections_and_headers(client, world, verified):
    client.force_login(world["employee"])
    response = client.get(reverse("planning:formulir1", args=[verified.pk, "xlsx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = rows_of(response.content)
    assert rows[0] == ["Formulir 1 : Alat Bantu Penyusunan IDP"]
    assert ["Nama", ":", "Rizky Pratama, S.T."] in rows
    assert B_HEADERS in rows and C_HEADERS in rows and D_HEADERS in rows
    assert ["RENCANA PENGEMBANGAN KOMPETENSI INDIVIDU"] in rows
    d_start = rows.index(D_HEADERS)
    assert any("Pelaksana: BKPSDM" in str(cell) for row in rows[d_start:] for cell in row)


def test_formulir2_xlsx_for_a_kelompok_per_unit_and_for_the_clo(client, world, verified):
    client.force_login(world["ketua_infra"])
    url = reverse("planning:formulir2_kelompok") + f"?tahun={YEAR}&kelompok={world['kk_infra'].pk}"
    rows = rows_of(client.get(url + f"&unit={world['dinas'].pk}").content)
    assert KELOMPOK_RECAP_HEADERS in rows
    assert KELOMPOK_RECAP_HEADERS[-1] == "Prioritas (Tinggi/ Sedang/ Rendah)"
    data = rows[rows.index(KELOMPOK_RECAP_HEADERS) + 1 :]
    assert [row[1] for row in data] == ["Rizky Pratama, S.T."] and data[0][-1] == "Tinggi"
    other_unit = client.get(url + f"&unit={world['other'].pk}").content
    assert rows_of(other_unit)[-1] == KELOMPOK_RECAP_HEADERS  # no rows of another unit
    assert client.get(reverse("planning:formulir2_kelompok") + f"?kelompok={world['kk_asn'].pk}").status_code == 403
    assert client.get(reverse("planning:formulir2_clo")).status_code == 403

    client.force_login(world["clo"])
    rows = rows_of(client.get(reverse("planning:formulir2_clo") + f"?tahun={YEAR}").content)
    for level in (Level.STRATEGIC, Level.OPERATIONAL, Level.TECHNICAL):
        assert CLO_RECAP_HEADERS[level] in rows
    assert CLO_RECAP_HEADERS[Level.STRATEGIC][-1] == "Jumlah Pegawai Peserta"
    operational = [
        r for r in rows[rows.index(CLO_RECAP_HEADERS[Level.OPERATIONAL]) + 1 : rows.index(["Level Teknis"])] if r
    ]
    assert sorted(row[0] for row in operational) == ["Komunikasi", "Pengawasan Konstruksi Jalan"]
    assert all(row[-1] == 1 for row in operational)


def test_formulir1_pdf_renders(client, world, verified, tmp_path):
    """Rendered by poppler's pdftoppm (scripts/setup.sh installs poppler-utils)."""
    client.force_login(world["kabid"])
    response = client.get(reverse("planning:formulir1", args=[verified.pk, "pdf"]))
    assert response.content[:4] == b"%PDF"
    pdf = tmp_path / "formulir1.pdf"
    pdf.write_bytes(response.content)
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages and all(page.stat().st_size > 1000 for page in pages)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Formulir 1 : Alat Bantu Penyusunan IDP" in text and "Pelaksana: BKPSDM" in text
    shutil.copy(pages[0], "/tmp/corpu-formulir1-page1.png")
