"""The Kartu Data profile fields (tempat/tanggal lahir, jenis kelamin): import_asn and the admin user form."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from people.models import User
from tests.factories import UserFactory, unit

HEADER = "nip,nama,jenis_pegawai,pangkat_golongan,jabatan,unit_kerja,email"


def run(tmp_path, text):
    path = tmp_path / "pegawai.csv"
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("import_asn", str(path), stdout=out, stderr=err)
    return out.getvalue()


@pytest.mark.django_db
def test_import_reads_optional_columns_or_falls_back_to_the_nip(tmp_path):
    run(
        tmp_path,
        f"{HEADER},tempat_lahir,tanggal_lahir,jenis_kelamin\n"
        "198503122010012003,Siti Rahmah,PNS,Penata (III/c),Analis,Dinas PUPR,siti@pupr.go.id,Sendawar,12/03/1985,P\n"
        "199001152015031004,Rizky Pratama,PNS,,Teknik Jalan,Dinas PUPR,,,,\n",
    )
    siti = User.objects.get(nip="198503122010012003")
    assert (siti.tempat_lahir, siti.tanggal_lahir, siti.jenis_kelamin) == ("Sendawar", datetime.date(1985, 3, 12), "P")
    rizky = User.objects.get(nip="199001152015031004")
    assert rizky.tanggal_lahir == datetime.date(1990, 1, 15) and rizky.jenis_kelamin == "L"
    assert rizky.tempat_lahir == ""


@pytest.mark.django_db
def test_reimport_without_the_columns_keeps_what_an_admin_entered(tmp_path):
    row = "199001152015031004,Rizky Pratama,PNS,,Teknik Jalan,Dinas PUPR,,"
    run(tmp_path, f"{HEADER}\n{row}\n")
    User.objects.filter(nip="199001152015031004").update(
        tanggal_lahir=datetime.date(1990, 1, 16), tempat_lahir="Barong"
    )
    run(tmp_path, f"{HEADER}\n{row}\n")
    rizky = User.objects.get(nip="199001152015031004")
    assert rizky.tanggal_lahir == datetime.date(1990, 1, 16) and rizky.tempat_lahir == "Barong"


@pytest.mark.django_db
def test_import_rejects_bad_birth_date_and_gender_by_line(tmp_path):
    text = f"{HEADER},tanggal_lahir,jenis_kelamin\n199001152015031004,Rizky,PNS,,,Dinas PUPR,,15-01-1990,X\n"
    err = StringIO()
    with pytest.raises(CommandError):
        path = tmp_path / "pegawai.csv"
        path.write_text(text, encoding="utf-8")
        call_command("import_asn", str(path), stdout=StringIO(), stderr=err)
    assert "Baris 2: tanggal_lahir '15-01-1990' harus berformat DD/MM/YYYY atau YYYY-MM-DD" in err.getvalue()
    assert "Baris 2: jenis_kelamin 'X' harus L atau P" in err.getvalue()
    assert not User.objects.filter(nip="199001152015031004").exists()


@pytest.mark.django_db
def test_admin_user_form_edits_the_profile_fields():
    admin = UserFactory(is_superuser=True, is_staff=True)
    target = UserFactory(unit_kerja=unit("Dinas PUPR"))
    client = Client()
    client.force_login(admin)
    page = client.get(reverse("wagtailusers_users:edit", args=[target.pk])).text
    assert 'name="tempat_lahir"' in page and 'name="tanggal_lahir"' in page and 'name="jenis_kelamin"' in page
