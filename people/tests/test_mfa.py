"""Two-factor sign-in: who needs it, forced enrolment, codes, recovery codes, SSO claims, re-checks."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ledger import services
from ledger.models import Status
from people.mfa import devices, second_factor_checked
from people.mfa.policy import requires_second_factor
from people.roles import ANGGOTA, CLO, DEWAN_PENGARAH, KETUA, VERIFIKATOR_UNIT, assign_role
from tests.factories import UserFactory, unit

START = datetime.datetime(2026, 3, 2, 1, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def mfa_enforced(settings):
    settings.MFA_ENFORCE = True
    settings.MFA_SSO_AMR_VALUES = ["mfa", "otp", "hwk", "swk"]


@pytest.fixture
def checks():
    seen = []

    def record(sender, request, user, success, method, **kwargs):
        seen.append((user.pk, success, method))

    second_factor_checked.connect(record)
    yield seen
    second_factor_checked.disconnect(record)


def code_for(device, at=None):
    """The code the user's authenticator app shows (now, or at `at`)."""
    if at is not None:
        with time_machine.travel(at, tick=False):
            return code_for(device)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return device, devices.new_recovery_codes(user)


def sign_in(client, user, next_url="/beranda/"):
    return client.post("/akun/login/", {"username": user.username, "password": "rahasia-123", "next": next_url})


def verifier():
    user = UserFactory(unit_kerja=unit("Dinas PUPR"))
    assign_role(user, VERIFIKATOR_UNIT)
    return user


def submitted_entry():
    owner = UserFactory(unit_kerja=unit("Dinas PUPR/Bidang Bina Marga"))
    day = datetime.date(2026, 2, 2)
    return services.record_activity(owner, "seminar", "Seminar", day, day, 1, "hari", status="submitted")[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "needed"),
    [(None, False), (CLO, True), (VERIFIKATOR_UNIT, True), (KETUA, True), (ANGGOTA, True), (DEWAN_PENGARAH, True)],
)
def test_who_needs_a_second_factor_per_role(role, needed):
    user = UserFactory()
    if role:
        assign_role(user, role)
    assert requires_second_factor(user) is needed


@pytest.mark.django_db
def test_superusers_admin_access_and_verify_permission_need_it():
    assert requires_second_factor(UserFactory(is_superuser=True))
    admin_user = UserFactory()
    admin_user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert requires_second_factor(admin_user)
    verify_user = UserFactory()
    verify_user.user_permissions.add(Permission.objects.get(codename="verify_entry"))
    assert requires_second_factor(verify_user)


@pytest.mark.django_db
def test_verifier_without_device_is_sent_to_enrolment_and_cannot_verify_nor_open_admin(client):
    user, entry = verifier(), submitted_entry()
    response = sign_in(client, user, "/jp/verifikasi/")
    assert response.status_code == 302
    response = client.get("/jp/verifikasi/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("mfa:enrol"))
    assert "Aktifkan verifikasi dua langkah" in response.content.decode()
    assert 'autocomplete="one-time-code"' in response.content.decode()
    assert "<svg" in response.content.decode()
    response = client.post("/jp/verifikasi/", {"action": "approve", "entry": entry.pk})
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa:verify"))
    entry.refresh_from_db()
    assert entry.status == Status.SUBMITTED
    assert client.get("/admin/").headers["Location"].startswith(reverse("mfa:verify"))


@pytest.mark.django_db
def test_enrolment_shows_recovery_codes_once_then_the_verifier_can_verify(client, checks):
    user, entry = verifier(), submitted_entry()
    sign_in(client, user)
    client.get(reverse("mfa:enrol"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    with time_machine.travel(START, tick=False):
        response = client.post(reverse("mfa:enrol"), {"code": "12345x"})
        assert "Kode salah" in response.content.decode()
        assert "Tunggu sebentar" in client.post(reverse("mfa:enrol"), {"code": code_for(device)}).content.decode()
    with time_machine.travel(START + datetime.timedelta(minutes=1), tick=False):
        response = client.post(reverse("mfa:enrol"), {"code": code_for(device), "next": "/jp/verifikasi/"})
        assert response["Location"].startswith(reverse("mfa:recovery_codes"))
        page = client.get(response["Location"]).content.decode()
        assert page.count("<li><code>") == 10
        download = client.get(reverse("mfa:recovery_codes") + "?unduh=1")
        assert download["Content-Type"].startswith("text/plain") and len(download.content.decode().split()) > 10
        assert client.post(reverse("mfa:recovery_codes"), {"next": "/jp/verifikasi/"})["Location"] == "/jp/verifikasi/"
        assert "<li><code>" not in client.get(reverse("mfa:recovery_codes")).content.decode()
        assert client.get("/jp/verifikasi/").status_code == 200
        client.post("/jp/verifikasi/", {"action": "approve", "entry": entry.pk})
        entry.refresh_from_db()
        assert entry.status == Status.VERIFIED
    assert (user.pk, False, "totp") in checks and (user.pk, True, "enrol") in checks


@pytest.mark.django_db
def test_sign_in_with_device_asks_the_code_and_refuses_a_wrong_one(client, checks):
    user = verifier()
    device, _codes = enrolled(user)
    sign_in(client, user)
    response = client.get("/beranda/")
    assert response["Location"].startswith(reverse("mfa:verify"))
    with time_machine.travel(START, tick=False):
        response = client.post(reverse("mfa:verify"), {"code": "12345x", "next": "/beranda/"})
        assert response.status_code == 200 and "Kode salah" in response.content.decode()
    with time_machine.travel(START + datetime.timedelta(seconds=30), tick=False):
        response = client.post(reverse("mfa:verify"), {"code": code_for(device), "next": "/beranda/"})
        assert response["Location"] == "/beranda/"
        assert client.get("/beranda/").status_code == 200
    assert checks == [(user.pk, False, "totp"), (user.pk, True, "totp")]


@pytest.mark.django_db
def test_repeated_wrong_codes_are_throttled_even_the_right_one(client, settings, checks):
    user = verifier()
    device, _codes = enrolled(user)
    sign_in(client, user)
    limit, _seconds = settings.MFA_ATTEMPT_LIMIT
    moment = START
    for _attempt in range(limit):
        moment += datetime.timedelta(minutes=1)  # past django-otp's own growing delay
        with time_machine.travel(moment, tick=False):
            client.post(reverse("mfa:verify"), {"code": "99999x"})
    with time_machine.travel(moment + datetime.timedelta(minutes=1), tick=False):
        response = client.post(reverse("mfa:verify"), {"code": code_for(device)})
        assert response.status_code == 200 and "Terlalu banyak kode salah" in response.content.decode()
    assert checks[-1] == (user.pk, False, "throttled")


@pytest.mark.django_db
def test_django_otp_delay_refuses_a_quick_retry(client):
    user = verifier()
    device, _codes = enrolled(user)
    sign_in(client, user)
    with time_machine.travel(START, tick=False):
        client.post(reverse("mfa:verify"), {"code": "99999x"})
        response = client.post(reverse("mfa:verify"), {"code": code_for(device)})
    assert "Tunggu sebentar" in response.content.decode()


@pytest.mark.django_db
def test_a_recovery_code_works_once(client):
    user = verifier()
    _device, codes = enrolled(user)
    sign_in(client, user)
    response = client.post(reverse("mfa:verify"), {"code": codes[0].upper(), "next": "/beranda/"})
    assert response["Location"] == "/beranda/"
    client.logout()
    sign_in(client, user)
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=5)):
        response = client.post(reverse("mfa:verify"), {"code": codes[0]})
    assert response.status_code == 200 and "Kode salah" in response.content.decode()
    assert devices.recovery_codes_left(user) == 9


@pytest.mark.django_db
def test_learners_pass_without_second_factor(client):
    user = UserFactory()
    sign_in(client, user)
    assert client.get("/beranda/").status_code == 200
    assert "Aktifkan verifikasi dua langkah" in client.get(reverse("people:profil")).content.decode()


@pytest.mark.django_db
def test_sso_amr_claim_satisfies_the_second_factor(client, settings, checks):
    user = verifier()
    client.force_login(user)
    assert client.get("/jp/verifikasi/").status_code == 302
    session = client.session
    session["corpu_sso_amr"] = ["pwd", "otp"]
    session.save()
    assert client.get("/jp/verifikasi/").status_code == 200
    assert checks == [(user.pk, True, "sso")]


@pytest.mark.django_db
def test_sso_amr_without_second_factor_or_with_setting_empty_does_not(client, settings):
    user = verifier()
    client.force_login(user)
    session = client.session
    session["corpu_sso_amr"] = ["pwd"]
    session.save()
    assert client.get("/jp/verifikasi/").status_code == 302
    settings.MFA_SSO_AMR_VALUES = []
    session["corpu_sso_amr"] = ["otp"]
    session.save()
    assert client.get("/jp/verifikasi/").status_code == 302


@pytest.mark.django_db
def test_bulk_verification_asks_again_after_max_age(client, settings):
    user, entry = verifier(), submitted_entry()
    device, _codes = enrolled(user)
    sign_in(client, user)
    with time_machine.travel(START, tick=False):
        client.post(reverse("mfa:verify"), {"code": code_for(device)})
    later = START + datetime.timedelta(seconds=settings.MFA_RECENT_SECONDS + 60)
    with time_machine.travel(later, tick=False):
        response = client.post(
            "/jp/verifikasi/", {"action": "approve_selected", "entries": [entry.pk]}, HTTP_REFERER="/jp/verifikasi/"
        )
        assert response["Location"].startswith(reverse("mfa:verify")) and "ulang=1" in response["Location"]
        entry.refresh_from_db()
        assert entry.status == Status.SUBMITTED
        page = client.get(response["Location"]).content.decode()
        assert "Konfirmasi ulang" in page and "Tindakan Anda belum dijalankan" in page
        response = client.post(reverse("mfa:verify"), {"code": code_for(device, later), "next": "/jp/verifikasi/"})
        assert response["Location"] == "/jp/verifikasi/"
        client.post("/jp/verifikasi/", {"action": "approve_selected", "entries": [entry.pk]})
    entry.refresh_from_db()
    assert entry.status == Status.VERIFIED


@pytest.mark.django_db
def test_staff_export_and_role_changes_ask_again_after_max_age(client, settings):
    clo = UserFactory()
    assign_role(clo, CLO)
    device, _codes = enrolled(clo)
    sign_in(client, clo)
    with time_machine.travel(START, tick=False):
        client.post(reverse("mfa:verify"), {"code": code_for(device)})
        assert client.get(reverse("ledger:dasbor_ekspor", args=["csv"])).status_code == 200
    other = UserFactory()
    later = START + datetime.timedelta(seconds=settings.MFA_RECENT_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        for url in (
            reverse("ledger:dasbor_ekspor", args=["csv"]),
            reverse("wagtailusers_users:edit", args=[other.pk]),
            reverse("wagtailusers_groups:add"),
        ):
            assert client.get(url)["Location"].startswith(reverse("mfa:verify")), url


@pytest.mark.django_db
def test_learner_enrols_optionally_and_removes_with_a_code(client):
    user = UserFactory()
    client.force_login(user)
    client.get(reverse("mfa:enrol"))
    device = TOTPDevice.objects.get(user=user)
    client.post(reverse("mfa:enrol"), {"code": code_for(device)})
    assert devices.has_device(user)
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=2)):
        assert "Kode salah" in client.post(reverse("mfa:remove"), {"code": "99999x"}).content.decode()
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=4), tick=False):
        response = client.post(reverse("mfa:remove"), {"code": code_for(device)})
    assert response["Location"] == reverse("people:profil")
    assert not devices.has_device(user)


def test_enforcement_is_on_in_dev_and_production_settings(monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.delenv("MFA_ENFORCE", raising=False)
    importlib.reload(importlib.import_module("corpu.settings.base"))  # re-read the environment set above
    for name in ("corpu.settings.dev", "corpu.settings.production"):
        module = importlib.reload(importlib.import_module(name))
        assert module.MFA_ENFORCE is True, name
        assert "people.mfa.middleware.SecondFactorMiddleware" in module.MIDDLEWARE


@pytest.mark.django_db
def test_second_factor_attempts_land_in_the_sign_in_audit_log(rf):
    from people.models import SignInEvent

    user = UserFactory()
    request = rf.get("/")
    request.user = user
    for success, method in [(True, "enrol"), (False, "totp"), (True, "static")]:
        second_factor_checked.send(sender=None, request=request, user=user, success=success, method=method)
    events = list(SignInEvent.objects.filter(user=user).order_by("pk").values_list("event", "detail"))
    assert events == [("mfa_enrolled", "enrol"), ("mfa_failure", "totp"), ("mfa_success", "static")]


@pytest.mark.django_db
def test_profil_shows_each_change_to_the_second_factor_at_once(client, settings):
    """The block is kept per user (corpu/user_cache.py): enrolment, a used recovery code, new codes, removal and a
    new role each show on the next visit."""
    settings.MFA_ENFORCE = False
    user = UserFactory()
    client.force_login(user)
    profil = reverse("people:profil")
    assert "Aktifkan verifikasi dua langkah" in client.get(profil).content.decode()
    device, codes = enrolled(user)
    page = client.get(profil).content.decode()
    assert "Aktif: aplikasi autentikator terdaftar." in page and f"Sisa {len(codes)} kode pemulihan." in page
    assert "Nonaktifkan verifikasi dua langkah" in page
    assert devices.StaticDevice.objects.get(user=user).verify_token(codes[0])  # a recovery code used up
    assert f"Sisa {len(codes) - 1} kode pemulihan." in client.get(profil).content.decode()
    devices.new_recovery_codes(user)
    assert f"Sisa {len(codes)} kode pemulihan." in client.get(profil).content.decode()
    assign_role(user, VERIFIKATOR_UNIT)  # now required: it may be replaced, not switched off
    assert "Ganti aplikasi autentikator" in client.get(profil).content.decode()
    devices.remove_all(user)
    assert "Aktifkan verifikasi dua langkah" in client.get(profil).content.decode()
