"""import_ledger's optional MyASN/Kartu Data columns: rumpun, issuer, certificate_date, valid_until."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from ledger.models import Entry
from tests.factories import UserFactory, unit

HEADER = "nip,form,title,scope,start_date,end_date,quantity,unit,stated_jp,certificate_no,organiser"


def run(tmp_path, text):
    path = tmp_path / "riwayat.csv"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_ledger", str(path), stdout=out, stderr=err)
    except CommandError:
        return out.getvalue(), err.getvalue(), False
    return out.getvalue(), err.getvalue(), True


@pytest.fixture
def nip(db):
    return UserFactory(unit_kerja=unit("Dinas PUPR")).nip


def test_optional_columns_fill_the_entry(tmp_path, nip):
    text = (
        f"{HEADER},rumpun,issuer,certificate_date,valid_until\n"
        f"{nip},bimtek,Bimtek K3,nasional,2025-03-03,2025-03-04,2,hari,,K3-1,Kemnaker,"
        "Ketenagakerjaan,Kemnaker RI,05/03/2025,2028-03-05\n"
        f"{nip},seminar,Seminar Jalan,nasional,2025-04-01,2025-04-01,1,hari,,,PU,,,,\n"
    )
    out, err, ok = run(tmp_path, text)
    assert ok, err
    bimtek = Entry.objects.get(title="Bimtek K3")
    assert bimtek.rumpun == "Ketenagakerjaan" and bimtek.issuer == "Kemnaker RI"
    assert bimtek.certificate_date == datetime.date(2025, 3, 5)
    assert bimtek.valid_until == datetime.date(2028, 3, 5)
    seminar = Entry.objects.get(title="Seminar Jalan")
    assert seminar.certificate_date is None and seminar.rumpun == ""


def test_files_without_the_optional_columns_still_import(tmp_path, nip):
    out, err, ok = run(tmp_path, f"{HEADER}\n{nip},seminar,Seminar,nasional,2025-04-01,2025-04-01,1,hari,,,PU\n")
    assert ok and "1 entri baru" in out


def test_adding_the_optional_columns_later_does_not_duplicate(tmp_path, nip):
    row = f"{nip},seminar,Seminar,nasional,2025-04-01,2025-04-01,1,hari,,S-1,PU"
    run(tmp_path, f"{HEADER}\n{row}\n")
    out, err, ok = run(tmp_path, f"{HEADER},rumpun,certificate_date\n{row},Umum,01/04/2025\n")
    assert ok and "0 entri baru" in out and "1 sudah ada" in out
    assert Entry.objects.count() == 1


def test_bad_optional_dates_are_reported_by_line_and_nothing_is_written(tmp_path, nip):
    text = (
        f"{HEADER},certificate_date,valid_until\n"
        f"{nip},seminar,Baik,nasional,2025-04-01,2025-04-01,1,hari,,,PU,01/04/2025,\n"
        f"{nip},seminar,Salah,nasional,2025-04-02,2025-04-02,1,hari,,,PU,31/02/2025,besok\n"
        f"{nip},seminar,Terbalik,nasional,2025-04-03,2025-04-03,1,hari,,,PU,2025-04-03,2025-01-01\n"
    )
    out, err, ok = run(tmp_path, text)
    assert not ok
    assert "Baris 3: certificate_date '31/02/2025' harus berformat DD/MM/YYYY atau YYYY-MM-DD." in err
    assert "Baris 3: valid_until 'besok' harus berformat DD/MM/YYYY atau YYYY-MM-DD." in err
    assert "Baris 4: valid_until sebelum certificate_date." in err
    assert "Baris 2" not in err
    assert Entry.objects.count() == 0
