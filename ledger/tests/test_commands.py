"""The stable command interface: import_ledger and jp_report."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from ledger.models import AuditLog, Entry, Source, Status
from people.models import JenisPegawai
from tests.factories import UserFactory, unit

HEADER = "nip,form,title,scope,start_date,end_date,quantity,unit,stated_jp,certificate_no,organiser\n"


@pytest.fixture
def staff(db):
    bina = unit("Dinas PUPR/Bidang Bina Marga")
    other = unit("Dinas Kesehatan")
    return {
        "pns": UserFactory(unit_kerja=bina, nama="Budi Santoso"),
        "pppk": UserFactory(unit_kerja=bina, nama="Sari Dewi", jenis_pegawai=JenisPegawai.PPPK),
        "other": UserFactory(unit_kerja=other, nama="Rina"),
    }


def write(tmp_path, text, name="riwayat.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def good_file(staff):
    pns, pppk = staff["pns"].nip, staff["pppk"].nip
    return HEADER + (
        f"{pns},seminar,Seminar Nasional Jalan,nasional,2025-03-03,2025-03-04,2,hari,,SRT-1,Kementerian PU\n"
        f"{pns},seminar,Konferensi Jalan Asia,internasional,2025-05-05,2025-05-06,2,hari,16,SRT-2,REAAA\n"
        f"{pns},coaching,Coaching kinerja,nasional,2025-04-01,2025-04-01,1,kegiatan,2,,BKPSDM\n"
        f"{pns},e_learning,Etika ASN,nasional,2025-06-02,2025-06-03,2,hari,6,EL-9,LAN\n"
        f"{pppk},pelatihan_teknis,Pelatihan Teknis Jembatan,internasional,2025-07-01,2025-07-05,40,jp,,PT-3,JICA\n"
    )


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_good_file_then_reimport_adds_nothing(staff, tmp_path):
    path = write(tmp_path, good_file(staff))
    out, _err = run("import_ledger", path, "--rulebook", "banjarbaru-2025")
    assert "5 entri baru" in out
    entries = Entry.objects.filter(source=Source.IMPORT)
    assert entries.count() == 5
    assert set(entries.values_list("status", flat=True)) == {Status.VERIFIED}
    assert all(ref.startswith("import:") for ref in entries.values_list("source_ref", flat=True))
    assert AuditLog.objects.filter(action="create").count() == 5
    out, _err = run("import_ledger", path)
    assert "0 entri baru" in out and "5 sudah ada" in out
    assert Entry.objects.count() == 5


def test_import_dry_run_writes_nothing(staff, tmp_path):
    out, _err = run("import_ledger", write(tmp_path, good_file(staff)), "--dry-run")
    assert "5 akan ditambahkan" in out
    assert Entry.objects.count() == 0


def test_import_bad_file_reports_every_error_by_line(staff, tmp_path):
    pns = staff["pns"].nip
    text = HEADER + (
        f"{pns},seminar,Seminar baik,nasional,2025-03-03,2025-03-03,1,hari,,,\n"
        "199001152015031999,seminar,NIP asing,nasional,2025-03-03,2025-03-03,1,hari,,,\n"
        f"{pns},karaoke,Bentuk asing,regional,2025-03-03,2025-03-03,1,menit,,,\n"
        f"{pns},seminar,Tanggal salah,nasional,03/03/2025,2025-03-01,satu,hari,x,,\n"
        f"{pns},seminar,Terbalik,nasional,2025-03-05,2025-03-01,1,hari,,,\n"
        f"{pns},seminar,Seminar baik,nasional,2025-03-03,2025-03-03,1,hari,,,\n"
    )
    with pytest.raises(CommandError, match="tidak ada data yang diimpor"):
        run("import_ledger", write(tmp_path, text))
    assert Entry.objects.count() == 0
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_ledger", write(tmp_path, text), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue()
    assert "Baris 3: NIP 199001152015031999 tidak terdaftar." in lines
    assert "Baris 4: form 'karaoke' tidak dikenal." in lines
    assert "Baris 4: scope 'regional' harus nasional atau internasional." in lines
    assert "Baris 4: unit 'menit' harus hari, kegiatan, jp, atau semester." in lines
    assert "Baris 5: start_date '03/03/2025' harus berformat YYYY-MM-DD." in lines
    assert "Baris 5: quantity 'satu' bukan angka." in lines
    assert "Baris 5: stated_jp 'x' bukan angka." in lines
    assert "Baris 6: end_date sebelum start_date." in lines
    assert "Baris 7: duplikat dari baris 2." in lines
    assert "Baris 2" not in lines


def test_import_checks_form_against_rulebook(staff, tmp_path):
    text = HEADER + f"{staff['pns'].nip},pendidikan,S2,nasional,2025-01-06,2025-06-30,1,semester,,,\n"
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_ledger", write(tmp_path, text), "--rulebook", "kutai-barat-2024", stdout=io.StringIO(), stderr=err
        )
    assert "Baris 2: form 'pendidikan' tidak diatur dalam peraturan kutai-barat-2024." in err.getvalue()
    with pytest.raises(CommandError, match="tidak dikenal"):
        run("import_ledger", write(tmp_path, text), "--rulebook", "nowhere")


def test_import_missing_columns(staff, tmp_path):
    with pytest.raises(CommandError):
        call_command(
            "import_ledger", write(tmp_path, "nip,form\n1,seminar\n"), stdout=io.StringIO(), stderr=io.StringIO()
        )


def test_jp_report_json(staff, tmp_path):
    run("import_ledger", write(tmp_path, good_file(staff)))
    out, _err = run("jp_report", "--year", "2025", "--rulebook", "banjarbaru-2025", "--format", "json")
    rows = json.loads(out)
    assert {row["nip"] for row in rows} == {staff["pns"].nip, staff["pppk"].nip, staff["other"].nip}
    pns = next(row for row in rows if row["nip"] == staff["pns"].nip)
    assert set(pns) == {"nip", "name", "employment_type", "total_jp", "target_jp", "met", "by_bucket", "entries"}
    # seminar 2 × 4 = 8; international seminar 2 × 6 = 12 (the printed 16 never replaces it in Banjarbaru);
    # coaching programme 2; e-learning 6 stated, at most 4 per day × 2 = 6
    assert pns["total_jp"] == 28
    assert isinstance(pns["total_jp"], int | float)
    assert pns["target_jp"] == 20 and pns["met"] is True and pns["employment_type"] == "PNS"
    assert pns["name"] == "Budi Santoso"
    assert pns["by_bucket"] == {"classical": 20, "guidance": 2, "workplace": 6}
    assert len(pns["entries"]) == 4
    assert set(pns["entries"][0]) == {"form", "title", "jp", "explanation"}
    intl = next(e for e in pns["entries"] if e["title"] == "Konferensi Jalan Asia")
    assert intl["jp"] == 12
    assert intl["explanation"].startswith("seminar internasional 2 hari × 6 JP = 12 JP")
    pppk = next(row for row in rows if row["nip"] == staff["pppk"].nip)
    assert pppk["total_jp"] == 48 and pppk["target_jp"] == 24 and pppk["met"] is True
    idle = next(row for row in rows if row["nip"] == staff["other"].nip)
    assert idle["total_jp"] == 0 and idle["met"] is False and idle["entries"] == []


def test_jp_report_rulebook_and_unit(staff, tmp_path):
    run("import_ledger", write(tmp_path, good_file(staff)))
    out, _err = run(
        "jp_report", "--year", "2025", "--rulebook", "kutai-barat-2024", "--unit", "Dinas PUPR", "--format", "json"
    )
    rows = json.loads(out)
    assert {row["nip"] for row in rows} == {staff["pns"].nip, staff["pppk"].nip}
    pns = next(row for row in rows if row["nip"] == staff["pns"].nip)
    # Kutai Barat: a stated 16 JP replaces the international seminar conversion (cap 8/day × 2 = 16)
    assert next(e for e in pns["entries"] if e["title"] == "Konferensi Jalan Asia")["jp"] == 16
    out, _err = run("jp_report", "--year", "2024", "--format", "json")
    assert all(row["total_jp"] == 0 for row in json.loads(out))
    with pytest.raises(CommandError, match="Unit kerja tidak ditemukan"):
        run("jp_report", "--year", "2025", "--unit", "Dinas Entah", "--format", "json")


def test_jp_report_csv(staff, tmp_path):
    run("import_ledger", write(tmp_path, good_file(staff)))
    out, _err = run("jp_report", "--year", "2025", "--rulebook", "banjarbaru-2025", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "nip",
        "name",
        "employment_type",
        "total_jp",
        "target_jp",
        "met",
        "classical",
        "guidance",
        "workplace",
    ]
    pns = next(row for row in rows if row["nip"] == staff["pns"].nip)
    assert pns["total_jp"] == "28" and pns["met"] == "true" and pns["guidance"] == "2"
