"""The institution's MyASN/SIASN "Riwayat Diklat" export: who may take it, which rows, which columns."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ledger import engine, services
from ledger.models import Entry, Status
from ledger.myasn import JENIS_DIKLAT, MYASN_JENIS
from people.roles import CLO, VERIFIKATOR_UNIT, assign_role
from tests.factories import UserFactory, unit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
URL = "ledger:myasn_ekspor"
PERIOD = {"dari": "2025-01-01", "sampai": "2025-12-31"}

COLUMNS = [
    "No.",
    "NIP",
    "Nama pegawai",
    "Jenis Diklat (MyASN)",
    "Kode bentuk CorpU",
    "Nama Diklat",
    "Institusi Penyelenggara",
    "Nomor Sertifikat",
    "Tanggal Sertifikat",
    "Tahun Diklat",
    "Tanggal Mulai",
    "Tanggal Selesai",
    "Durasi (Jam)",
    "Rumpun Diklat",
    "Tautan bukti dukung",
]


@pytest.fixture
def ledger_data(db):
    bina = unit("Dinas PUPR/Bidang Bina Marga")
    dinkes = unit("Dinas Kesehatan")
    budi = UserFactory(unit_kerja=bina, nama="Budi Santoso")
    rina = UserFactory(unit_kerja=dinkes, nama="Rina Dinkes")
    workshop, _ = services.record_activity(
        budi,
        "workshop",
        "Workshop Jembatan",
        datetime.date(2025, 3, 3),
        datetime.date(2025, 3, 4),
        2,
        "hari",
        stated_jp=Decimal("16"),
        organiser="Kementerian PU",
        certificate_no="WS-1",
        certificate_date=datetime.date(2025, 3, 5),
        rumpun="Pekerjaan Umum",
        evidence=SimpleUploadedFile("sertifikat.pdf", PDF, content_type="application/pdf"),
    )
    services.record_activity(
        budi, "pelatihan_teknis", "Pelatihan Beton", datetime.date(2025, 6, 2), datetime.date(2025, 6, 6), 40, "jp"
    )
    services.record_activity(
        budi,
        "seminar",
        "Seminar Diajukan",
        datetime.date(2025, 7, 1),
        datetime.date(2025, 7, 1),
        1,
        "hari",
        status=Status.SUBMITTED,
    )
    services.record_activity(
        budi, "seminar", "Seminar Tahun Lalu", datetime.date(2024, 7, 1), datetime.date(2024, 7, 1), 1, "hari"
    )
    services.record_activity(
        rina, "bimtek", "Bimtek Puskesmas", datetime.date(2025, 4, 1), datetime.date(2025, 4, 2), 2, "hari"
    )
    return {"bina": bina, "dinkes": dinkes, "budi": budi, "rina": rina, "workshop": workshop}


def clo():
    user = UserFactory(unit_kerja=unit("BKPSDM"))
    assign_role(user, CLO)
    return user


def verifier(unit_kerja):
    user = UserFactory(unit_kerja=unit_kerja)
    assign_role(user, VERIFIKATOR_UNIT)
    return user


def download(client, fmt, **params):
    return client.get(reverse(URL), {**PERIOD, "format": fmt, **params})


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response):
    return list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_every_corpu_form_maps_to_a_myasn_jenis_diklat():
    assert set(JENIS_DIKLAT) == set(engine.FORMS)
    assert set(JENIS_DIKLAT.values()) <= set(MYASN_JENIS)


def test_clo_gets_verified_rows_with_myasn_columns_in_csv_and_xlsx(client, ledger_data, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://corpu.example.go.id/"
    client.force_login(clo())
    response = download(client, "csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "riwayat-diklat-20250101-20251231.csv" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0] == COLUMNS
    titles = [row[5] for row in rows[1:]]
    # submitted and last year's entries are not exported
    assert sorted(titles) == ["Bimtek Puskesmas", "Pelatihan Beton", "Workshop Jembatan"]
    workshop = dict(zip(COLUMNS, next(row for row in rows if row[5] == "Workshop Jembatan"), strict=True))
    assert workshop["Jenis Diklat (MyASN)"] == "Workshop" and workshop["Kode bentuk CorpU"] == "workshop"
    assert workshop["NIP"] == ledger_data["budi"].nip and workshop["Nama pegawai"] == "Budi Santoso"
    assert workshop["Institusi Penyelenggara"] == "Kementerian PU" and workshop["Nomor Sertifikat"] == "WS-1"
    assert workshop["Tanggal Sertifikat"] == "05/03/2025" and workshop["Tahun Diklat"] == "2025"
    assert (workshop["Tanggal Mulai"], workshop["Tanggal Selesai"]) == ("03/03/2025", "04/03/2025")
    assert workshop["Durasi (Jam)"] == "16" and workshop["Rumpun Diklat"] == "Pekerjaan Umum"
    pk = ledger_data["workshop"].pk
    assert workshop["Tautan bukti dukung"] == f"https://corpu.example.go.id/jp/bukti/{pk}/"
    beton = dict(zip(COLUMNS, next(row for row in rows if row[5] == "Pelatihan Beton"), strict=True))
    assert beton["Jenis Diklat (MyASN)"] == "Diklat Teknis" and beton["Durasi (Jam)"] == "40"
    assert beton["Tautan bukti dukung"] == "" and beton["Tanggal Sertifikat"] == ""
    bimtek = next(row for row in rows if row[5] == "Bimtek Puskesmas")
    assert bimtek[3] == "Bimbingan Teknis" and bimtek[12] == ""  # no hours on the certificate: not counted JP

    sheet = xlsx_rows(download(client, "xlsx"))
    assert list(sheet[0]) == COLUMNS
    assert len(sheet) == 4
    xlsx_workshop = next(row for row in sheet if row[5] == "Workshop Jembatan")
    assert xlsx_workshop[12] == 16 and xlsx_workshop[10] == "03/03/2025"


def test_durasi_is_the_certificate_hours_not_the_counted_jp(client, ledger_data):
    """An e-learning certificate says 10 JP over 2 days; the rulebook's per-day ceiling counts fewer. MyASN wants
    the certificate's hours."""
    budi = ledger_data["budi"]
    services.record_activity(
        budi,
        "e_learning",
        "Etika ASN",
        datetime.date(2025, 9, 1),
        datetime.date(2025, 9, 2),
        2,
        "hari",
        stated_jp=Decimal("10"),
    )
    counted = {r.entry.title: r.jp for r in services.employee_year_summary(budi, 2025)["results"]}
    assert counted["Etika ASN"] < 10
    client.force_login(clo())
    rows = {row[5]: row for row in csv_rows(download(client, "csv"))[1:]}
    assert rows["Etika ASN"][12] == "10" and rows["Etika ASN"][3] == "Kursus"


def test_unit_verifier_gets_only_their_units_rows(client, ledger_data):
    secretariat = verifier(unit("Dinas PUPR"))
    client.force_login(secretariat)
    rows = csv_rows(download(client, "csv"))
    assert {row[2] for row in rows[1:]} == {"Budi Santoso"}
    narrowed = csv_rows(download(client, "csv", unit=ledger_data["bina"].pk))
    assert {row[5] for row in narrowed[1:]} == {"Workshop Jembatan", "Pelatihan Beton"}
    # another unit is refused, not silently emptied
    assert download(client, "csv", unit=ledger_data["dinkes"].pk).status_code == 403
    assert download(client, "xlsx", unit=ledger_data["dinkes"].pk).status_code == 403


def test_other_units_verifier_and_plain_asn_are_refused(client, ledger_data):
    client.force_login(verifier(unit("Dinas Kesehatan")))
    assert download(client, "csv", unit=ledger_data["bina"].pk).status_code == 403
    rows = csv_rows(download(client, "csv"))
    assert {row[2] for row in rows[1:]} == {"Rina Dinkes"}
    client.force_login(ledger_data["budi"])
    assert download(client, "csv").status_code == 403
    assert client.get(reverse(URL)).status_code == 403
    client.logout()
    assert client.get(reverse(URL)).status_code == 302


def test_the_page_offers_both_downloads_and_explains_a_bad_period(client, ledger_data):
    client.force_login(clo())
    page = client.get(reverse(URL))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="csv"' in html and 'value="xlsx"' in html
    shown = client.get(reverse(URL), PERIOD)
    assert "3 kegiatan pada periode ini" in shown.content.decode()
    bad = client.get(reverse(URL), {"dari": "2025-12-31", "sampai": "2025-01-01", "format": "csv"})
    assert bad.status_code == 200 and "Tanggal akhir periode sebelum tanggal awal" in bad.content.decode()
    assert client.get(reverse(URL), {**PERIOD, "unit": 999999}).status_code == 404


def test_export_runs_a_constant_number_of_queries(client, ledger_data):
    client.force_login(clo())
    download(client, "csv")
    for day in range(1, 21):
        services.record_activity(
            ledger_data["rina"],
            "seminar",
            f"Seminar {day}",
            datetime.date(2025, 8, day),
            datetime.date(2025, 8, day),
            1,
            "hari",
        )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        download(client, "csv", dari="2025-01-01", sampai="2025-07-31")
    with CaptureQueriesContext(connection) as many:
        download(client, "csv")
    assert len(many) == len(few)


def test_employee_ticks_uploaded_to_myasn_only_on_own_verified_entries(client, ledger_data):
    budi, rina = ledger_data["budi"], ledger_data["rina"]
    mine = ledger_data["workshop"]
    pending = Entry.objects.get(title="Seminar Diajukan")
    theirs = Entry.objects.get(employee=rina)
    url = reverse("ledger:myasn_tandai")
    client.force_login(budi)
    page = client.get(reverse("ledger:saya"), {"tahun": 2025}).content.decode()
    assert url in page and f'name="uploaded" value="{mine.pk}"' in page
    assert client.get(url).status_code == 405
    response = client.post(
        url, {"shown": [mine.pk, pending.pk, theirs.pk], "uploaded": [mine.pk, pending.pk, theirs.pk], "tahun": 2025}
    )
    assert response.status_code == 302 and response["Location"].endswith("?tahun=2025")
    flags = dict(Entry.objects.values_list("pk", "uploaded_myasn"))
    assert flags[mine.pk] is True and flags[pending.pk] is False and flags[theirs.pk] is False
    client.post(url, {"shown": [mine.pk]})
    mine.refresh_from_db()
    assert mine.uploaded_myasn is False
    assert mine.audit.filter(action="myasn_uploaded").count() == 2


def test_uploaded_mark_needs_csrf(ledger_data):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ledger_data["budi"])
    mine = ledger_data["workshop"]
    response = strict.post(reverse("ledger:myasn_tandai"), {"shown": [mine.pk], "uploaded": [mine.pk]})
    assert response.status_code == 403
    mine.refresh_from_db()
    assert mine.uploaded_myasn is False
