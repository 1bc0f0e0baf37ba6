"""The dashboard's CSV/XLSX: Indonesian headers (English under English), a real row-number column, and the
jp_report JSON keys left as they are."""

import csv
import datetime
import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from ledger import services
from people.roles import CLO, assign_role
from tests.factories import UserFactory, unit


@pytest.fixture
def dashboard_client(client, db):
    pupr = unit("Dinas PUPR")
    for name in ("Ani", "Budi"):
        user = UserFactory(unit_kerja=pupr, nama=name)
        services.record_activity(
            user, "seminar", "Seminar", datetime.date(2025, 3, 3), datetime.date(2025, 3, 3), 1, "hari"
        )
    clo = UserFactory(unit_kerja=unit("BKPSDM"))
    assign_role(clo, CLO)
    client.force_login(clo)
    return client


def test_headers_are_indonesian_and_no_is_not_tidak(dashboard_client):
    response = dashboard_client.get(reverse("ledger:dasbor_ekspor", args=["csv"]), {"tahun": 2025})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:8] == [
        "No.",
        "NIP",
        "Nama",
        "Jenis pegawai",
        "Unit kerja",
        "JP dihitung",
        "Target JP",
        "Target tercapai",
    ]
    assert "Tidak" not in rows[0]
    assert [row[0] for row in rows[1:]] == ["1", "2", "3"]
    xlsx = dashboard_client.get(reverse("ledger:dasbor_ekspor", args=["xlsx"]), {"tahun": 2025})
    header = next(openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert header[0] == "No." and "Tidak" not in header


def test_headers_in_english_keep_the_row_number_column(dashboard_client):
    from ledger import exports

    with translation.override("en"):
        columns = exports.report_columns()
    assert columns[0] == "No." and "No" not in columns[1:]


def test_jp_report_json_keys_are_unchanged(dashboard_client):
    out = io.StringIO()
    call_command("jp_report", "--year", "2025", "--format", "json", stdout=out)
    row = json.loads(out.getvalue())[0]
    assert set(row) == {"nip", "name", "employment_type", "total_jp", "target_jp", "met", "by_bucket", "entries"}
