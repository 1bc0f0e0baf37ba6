from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from people.models import UnitKerja, User

HEADER = "nip,nama,jenis_pegawai,pangkat_golongan,jabatan,unit_kerja,email\n"
GOOD = HEADER + (
    "198503122010012003,Siti Rahmah,PNS,Penata (III/c),Analis Kebijakan,Dinas PUPR/Bidang Bina Marga,siti@pupr.go.id\n"
    "199001152015031004,Rizky Pratama,PNS,Penata Muda (III/a),Teknik Jalan,Dinas PUPR/Bidang Bina Marga,\n"
    "199207082023212001,Nur Aini,PPPK,,Perawat Ahli Pertama,Dinas Kesehatan/Puskesmas Paringin,nur@dinkes.go.id\n"
    ",Ahmad Fauzi,TKK,,Pengemudi,Sekretariat Daerah,ahmad.fauzi@setda.go.id\n"
)


def write(tmp_path, text, name="pegawai.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(path):
    out, err = StringIO(), StringIO()
    call_command("import_asn", path, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_good_file_creates_employees_and_unit_tree(tmp_path):
    out, _err = run(write(tmp_path, GOOD))
    assert "4 pegawai baru" in out
    siti = User.objects.get(nip="198503122010012003")
    assert siti.nama == "Siti Rahmah"
    assert siti.unit_kerja.path_label == "Dinas PUPR / Bidang Bina Marga"
    assert siti.mulai_bertugas.isoformat() == "2010-01-01"
    assert User.objects.get(nip="199001152015031004").unit_kerja == siti.unit_kerja
    assert User.objects.get(email="ahmad.fauzi@setda.go.id").jenis_pegawai == "TKK"
    assert set(UnitKerja.objects.values_list("nama", flat=True)) == {
        "Dinas PUPR",
        "Bidang Bina Marga",
        "Dinas Kesehatan",
        "Puskesmas Paringin",
        "Sekretariat Daerah",
    }
    assert not siti.has_usable_password()


@pytest.mark.django_db
def test_bad_file_reports_every_error_by_line_and_imports_nothing(tmp_path):
    bad = HEADER + (
        "198503122010012003,Siti Rahmah,PNS,Penata (III/c),Analis,Dinas PUPR,siti@pupr.go.id\n"
        "198513122010012003,Budi,PNS,,,Dinas PUPR,\n"  # line 3: month 13 in birth date
        "199001152015031004,Rina,Honorer,,,Dinas PUPR,\n"  # line 4: unknown type
        "199001152015031005,Dewi,PNS,,,Dinas PUPR,bukan-email\n"  # line 5: bad e-mail
    )
    with pytest.raises(CommandError, match="3 kesalahan"):
        out, err = StringIO(), StringIO()
        try:
            call_command("import_asn", write(tmp_path, bad), stdout=out, stderr=err)
        finally:
            reported = err.getvalue()
    assert "Baris 3:" in reported and "Tanggal lahir" in reported
    assert "Baris 4:" in reported and "Honorer" in reported
    assert "Baris 5:" in reported and "bukan-email" in reported
    assert "Baris 2:" not in reported
    assert User.objects.count() == 0
    assert UnitKerja.objects.count() == 0


@pytest.mark.django_db
def test_reimport_updates_instead_of_duplicating(tmp_path):
    run(write(tmp_path, GOOD))
    changed = GOOD.replace("Penata (III/c),Analis Kebijakan", "Penata Tingkat I (III/d),Analis Kebijakan Ahli Muda")
    out, _err = run(write(tmp_path, changed, "pegawai2.csv"))
    assert "0 pegawai baru, 4 diperbarui" in out
    assert User.objects.count() == 4
    assert User.objects.get(nip="198503122010012003").pangkat_golongan == "Penata Tingkat I (III/d)"
    assert UnitKerja.objects.count() == 5


@pytest.mark.django_db
def test_missing_columns_and_duplicates_are_reported(tmp_path):
    with pytest.raises(CommandError):
        run(write(tmp_path, "nip,nama\n198503122010012003,Siti\n"))
    duplicate = GOOD + "198503122010012003,Siti Lagi,PNS,,,Dinas PUPR,\n"
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_asn", write(tmp_path, duplicate, "dup.csv"), stdout=StringIO(), stderr=err)
    assert "Baris 6: duplikat dari baris 2" in err.getvalue()


@pytest.mark.django_db
def test_semicolon_csv_from_spreadsheet_and_dry_run(tmp_path):
    text = "\ufeff" + GOOD.replace(",", ";")
    out = StringIO()
    call_command("import_asn", write(tmp_path, text), "--dry-run", stdout=out)
    assert "4 baris siap" in out.getvalue()
    assert User.objects.count() == 0
