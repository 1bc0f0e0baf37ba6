"""Sign-in lockout: an atomic failure count per account (whichever identifier is typed) and per source address."""

import threading
import time
from datetime import UTC, datetime

import pytest
from django.contrib.auth import authenticate
from django.db import connections
from django.test import Client, RequestFactory

from people.models import User
from tests.factories import UserFactory

START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC).timestamp()  # 08.00 WIB


@pytest.fixture
def clock(monkeypatch):
    """A settable clock for the counters' windows and the cache's expiry."""
    now = [START]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


def attempt(identifier, password, address="10.0.0.1"):
    client = Client(REMOTE_ADDR=address)
    response = client.post("/akun/login/", {"username": identifier, "password": password})
    return response, "_auth_user_id" in client.session


@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_never_get_more_password_checks_than_the_limit(monkeypatch):
    user = UserFactory(username="rizky")
    checks, lock = [], threading.Lock()
    original = User.check_password

    def counted(self, raw):
        with lock:
            checks.append(raw)
        time.sleep(0.02)  # a real hasher takes time: the window in which parallel guesses raced past the limit
        return original(self, raw)

    monkeypatch.setattr(User, "check_password", counted)
    barrier, signed_in = threading.Barrier(20), []

    def guess(number):
        try:
            barrier.wait()
            request = RequestFactory().post("/akun/login/", REMOTE_ADDR="10.0.0.1")
            signed_in.append(authenticate(request, username=user.username, password=f"tebakan-{number}"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(signed_in) == 20 and not any(signed_in)
    assert len(checks) == 5


@pytest.mark.django_db
def test_switching_identifier_does_not_reset_the_count_and_the_right_password_is_refused(clock):
    user = UserFactory(username="rizky", email="rizky@pupr.go.id")
    for identifier in [user.nip, user.nip, user.email, "RIZKY", f" {user.nip[:8]} {user.nip[8:]} "]:
        assert attempt(identifier, "salah")[1] is False
    response, signed_in = attempt(user.username, "rahasia-123")
    assert not signed_in
    assert "Akun ini dikunci sementara" in response.text
    assert "2 Maret 2026 pukul 08.15 WIB" in response.text


@pytest.mark.django_db
def test_the_lock_opens_after_the_period(clock):
    user = UserFactory()
    for _attempt in range(5):
        attempt(user.nip, "salah")
    assert attempt(user.nip, "rahasia-123")[1] is False
    clock[0] += 15 * 60 + 1
    assert attempt(user.nip, "rahasia-123")[1] is True


@pytest.mark.django_db
def test_a_right_password_clears_the_account_count():
    user = UserFactory()
    for _attempt in range(4):
        attempt(user.nip, "salah")
    assert attempt(user.email, "rahasia-123")[1] is True
    for _attempt in range(4):
        attempt(user.nip, "salah")
    assert attempt(user.nip, "rahasia-123")[1] is True


@pytest.mark.django_db
def test_one_address_guessing_across_accounts_is_stopped(clock):
    victims = [UserFactory() for _ in range(5)]
    for victim in victims:
        for _attempt in range(4):  # under each account's limit
            attempt(victim.nip, "salah", address="10.9.9.9")
    other = UserFactory()
    response, signed_in = attempt(other.nip, "rahasia-123", address="10.9.9.9")
    assert not signed_in
    assert "dari alamat jaringan Anda" in response.text and "pukul 08.15 WIB" in response.text
    assert attempt(other.nip, "rahasia-123", address="10.1.1.1")[1] is True


@pytest.mark.django_db
def test_an_unknown_identifier_locks_like_an_account():
    for _attempt in range(5):
        attempt("tidak-ada@pupr.go.id", "salah")
    response, _signed_in = attempt("tidak-ada@pupr.go.id", "salah")
    assert "Akun ini dikunci sementara" in response.text


@pytest.mark.django_db
def test_the_admin_sign_in_says_the_account_is_locked(clock):
    user = UserFactory(is_superuser=True)
    client = Client()
    for _attempt in range(5):
        client.post("/admin/login/", {"username": user.nip, "password": "salah"})
    response = client.post("/admin/login/", {"username": user.nip, "password": "rahasia-123"})
    assert "_auth_user_id" not in client.session
    assert "Akun ini dikunci sementara" in response.text and "pukul 08.15 WIB" in response.text


@pytest.mark.django_db
def test_failures_with_the_username_lock_the_nip_too_and_say_for_how_long(clock):
    user = UserFactory(username="rizky")
    for _attempt in range(5):
        attempt("rizky", "salah")
    clock[0] += 60  # a minute later: 14 minutes of the lock are left
    response, signed_in = attempt(user.nip, "rahasia-123")
    assert not signed_in
    assert "Akun ini dikunci sementara" in response.text and "selama 14 menit lagi" in response.text
    assert "pukul 08.15 WIB" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/akun/login/", "/admin/login/"])
def test_a_wrong_password_names_what_may_be_typed_once(url):
    UserFactory(username="rizky")
    text = Client().post(url, {"username": "rizky", "password": "salah"}).text
    assert "NIP, nama pengguna, atau e-mail dan kata sandi tidak cocok." in text
    assert "nama pengguna nama pengguna" not in text.lower() and "dikunci" not in text


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/akun/logout/", "/admin/logout/"])
def test_the_admin_sign_out_signs_out_like_the_site(client, url):
    client.force_login(UserFactory(is_superuser=True))
    response = client.post(url)
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'  # offline pages and queued records dropped
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # signed out of the admin as well
