"""Issue #19: accounts follow the HR data — deactivation by re-import, sessions, the sign-in audit log."""

import datetime
from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from corpu.csvimport import ImportFailed
from ledger import services
from people.importer import import_asn
from people.models import SignInEvent, User, UserSession
from tests.factories import UserFactory

HEADER = "nip,nama,jenis_pegawai,pangkat_golongan,jabatan,unit_kerja,email\n"
ANI = "198503122010012003,Ani Lestari,PNS,Penata (III/c),Analis,Dinas PUPR/Bidang Bina Marga,ani@pupr.go.id\n"
BUDI = "199001152015031004,Budi Santoso,PNS,Penata Muda (III/a),Teknik Jalan,Dinas PUPR/Bidang Bina Marga,\n"
TKK = ",Citra,TKK,,Pengemudi,Sekretariat Daerah,citra@setda.go.id\n"
PASSWORD = "Rahasia-Kuat-2026"


def run(tmp_path, text, *args):
    path = tmp_path / "pegawai.csv"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_asn", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def account(username):
    """A user who signs in with PASSWORD."""
    user = UserFactory(username=username)
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(identifier, password=PASSWORD):
    client = Client()
    response = client.post("/akun/login/", {"username": identifier, "password": password})
    return client, response


@pytest.mark.django_db
def test_reimport_without_an_employee_deactivates_them_and_their_past_jp_still_counts(tmp_path):
    run(tmp_path, HEADER + ANI + BUDI + TKK, "--allow-mass-deactivation")
    budi = User.objects.get(nip="199001152015031004")
    budi.set_password(PASSWORD)
    budi.save()
    day = datetime.date(2025, 3, 3)
    services.record_activity(budi, "seminar", "Seminar jalan", day, day, 1, "hari")
    signed_in, _response = sign_in("199001152015031004")
    assert "_auth_user_id" in signed_in.session

    dry = run(tmp_path, HEADER + ANI + TKK, "--dry-run", "--allow-mass-deactivation")
    assert "Akan dinonaktifkan (tidak ada lagi dalam berkas): 1 pegawai" in dry
    assert "199001152015031004  Budi Santoso" in dry
    assert User.objects.get(pk=budi.pk).is_active

    out = run(tmp_path, HEADER + ANI + TKK, "--allow-mass-deactivation")
    assert "1 dinonaktifkan" in out
    budi.refresh_from_db()
    assert not budi.is_active and budi.deactivated_at is not None and budi.unit_kerja is not None
    assert "Tidak ada lagi" in budi.deactivation_reason
    assert User.objects.filter(email="citra@setda.go.id", is_active=True).exists()  # TKK matched by e-mail

    _client, response = sign_in("199001152015031004")
    assert "Akun ini tidak aktif" in response.content.decode()
    _client, response = sign_in("199001152015031004", "salah-sandi")
    assert "tidak aktif" not in response.content.decode()  # only the right password learns it
    assert signed_in.get(reverse("people:profil")).status_code == 302  # the open session was ended

    report = {row["nip"]: row for row in services.year_report(2025)}
    assert report["199001152015031004"]["total_jp"] > 0
    later = {row["nip"] for row in services.year_report(timezone.now().year + 1)}
    assert "199001152015031004" not in later and "198503122010012003" in later

    out = run(tmp_path, HEADER + ANI + BUDI + TKK)
    assert "1 diaktifkan kembali" in out
    budi.refresh_from_db()
    assert budi.is_active and budi.deactivated_at is None


@pytest.mark.django_db
def test_truncated_file_is_refused_and_never_touches_superusers_guests_or_other_institutions(tmp_path):
    run(tmp_path, HEADER + ANI + BUDI + TKK, "--allow-mass-deactivation")
    admin = UserFactory(nip=None, is_superuser=True, unit_kerja=User.objects.get(nip="198503122010012003").unit_kerja)
    guest = UserFactory(nip=None, jenis_pegawai="NON_ASN", unit_kerja=None)
    other = UserFactory(nip=None, jenis_pegawai="PNS", unit_kerja=None, instansi_asal="Pemprov Kalsel")
    with pytest.raises(CommandError):
        run(tmp_path, HEADER + ANI)
    with pytest.raises(ImportFailed) as refused:
        import_asn(HEADER + ANI)
    assert "menonaktifkan 2 dari 3 pegawai aktif" in str(refused.value.errors)
    assert "--allow-mass-deactivation" in str(refused.value.errors)
    assert User.objects.filter(is_active=True).count() == 6
    result = import_asn(HEADER + ANI, allow_mass_deactivation=True)
    assert {name for _identity, name in result.deactivated} == {"Budi Santoso", "Citra"}
    for user in (admin, guest, other):
        user.refresh_from_db()
        assert user.is_active


@pytest.mark.django_db
def test_a_break_glass_account_is_never_deactivated_by_the_import(tmp_path):
    run(tmp_path, HEADER + ANI + BUDI + TKK, "--allow-mass-deactivation")
    User.objects.filter(nip="199001152015031004").update(break_glass=True)  # the emergency account stays usable
    result = import_asn(HEADER + ANI + TKK, allow_mass_deactivation=True)
    assert result.deactivated == []
    budi = User.objects.get(nip="199001152015031004")
    assert budi.is_active and budi.deactivated_at is None


@pytest.mark.django_db
def test_sign_in_events_and_sessions_are_recorded_and_other_sessions_can_be_ended():
    user = account("rina")
    first, _r = sign_in("rina")
    second, _r = sign_in("rina")
    sign_in("rina", "salah-sandi")
    events = list(SignInEvent.objects.order_by("pk").values_list("event", "identifier", "user_id"))
    assert events == [("success", "rina", user.pk), ("success", "rina", user.pk), ("failure", "rina", None)]
    assert not SignInEvent.objects.filter(detail__contains="salah").exists()
    assert UserSession.objects.filter(user=user).count() == 2

    page = first.get(reverse("people:profil")).content.decode()
    assert "Perangkat ini" in page and "Keluar dari semua sesi lain" in page
    first.post(reverse("people:end_other_sessions"))
    assert second.get(reverse("people:profil")).status_code == 302
    assert first.get(reverse("people:profil")).status_code == 200
    assert Session.objects.count() == 1 and UserSession.objects.filter(user=user).count() == 1


ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile "
    "Safari/537.36"
)


@pytest.mark.django_db
def test_the_sessions_list_names_the_device_by_ua_parser():
    account("rina")
    phone = Client(HTTP_USER_AGENT=ANDROID_CHROME)
    phone.post("/akun/login/", {"username": "rina", "password": PASSWORD})
    assert "Chrome Mobile — Android" in phone.get(reverse("people:profil")).content.decode()


@pytest.mark.django_db
def test_purge_deletes_events_older_than_the_retention():
    old = SignInEvent.objects.create(event="failure", identifier="x")
    SignInEvent.objects.filter(pk=old.pk).update(created=timezone.now() - datetime.timedelta(days=400))
    SignInEvent.objects.create(event="failure", identifier="y")
    out = StringIO()
    call_command("purge_sign_in_events", stdout=out)
    assert "1 catatan" in out.getvalue()
    assert list(SignInEvent.objects.values_list("identifier", flat=True)) == ["y"]


@pytest.mark.django_db
def test_audit_page_is_for_the_clo_filters_and_runs_constant_queries(django_assert_max_num_queries):
    from people.roles import CLO, assign_role
    from tests.factories import unit

    clo = UserFactory(unit_kerja=unit("BKPSDM"))
    assign_role(clo, CLO)
    rina = UserFactory(nama="Rina Wati")
    client = Client()
    client.force_login(UserFactory())
    assert client.get(reverse("people:audit_masuk")).status_code in (403, 404)
    client.force_login(clo)
    url = reverse("people:audit_masuk")
    client.get(url)  # warm the per-process caches

    def queries(n):
        SignInEvent.objects.bulk_create(
            [SignInEvent(user=UserFactory(), event="success", identifier="u") for _ in range(n)]
        )
        SignInEvent.objects.create(user=rina, event="failure", identifier="rina")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx)

    assert queries(2) == queries(30)
    page = client.get(url, {"orang": "Rina", "peristiwa": "failure"}).content.decode()
    assert "Rina Wati" in page and "2 peristiwa" in page and "Berhasil masuk" not in page.split("<tbody>")[1]


@pytest.mark.django_db
def test_profil_lists_the_ten_newest_sessions_this_device_first_and_counts_the_rest():
    from people.views import SESSIONS_SHOWN

    user = account("rina")
    mine, _r = sign_in("rina")
    for _ in range(SESSIONS_SHOWN + 2):
        sign_in("rina")
    page = mine.get(reverse("people:profil")).content.decode()
    listed = page.split('id="sesi"')[1].split("</ul>")[0]
    assert listed.count("<li>") == SESSIONS_SHOWN and listed.index("Perangkat ini") < listed.index("Keluarkan")
    assert "dan 3 sesi lain yang lebih lama." in page and "Keluar dari semua sesi lain" in page
    mine.post(reverse("people:end_other_sessions"))
    page = mine.get(reverse("people:profil")).content.decode()
    assert "sesi lain yang lebih lama" not in page and UserSession.objects.filter(user=user).count() == 1
