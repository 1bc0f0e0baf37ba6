"""Single sign-on against the real test provider: the flow, account matching, and tokens that must be refused."""

from datetime import timedelta
from urllib.parse import urljoin, urlsplit

import pytest
import requests
import time_machine
from django.utils import timezone

from people import sso
from people.models import JenisPegawai, SignInEvent, SignInSettings, User
from tests.factories import UserFactory

from .conftest import NIP, UNKNOWN_NIP


def provider_redirect(url, login="budi", password=None):
    """Follow the provider from the authorization URL through its login page to the redirect back to CorpU."""
    password = password or {"budi": "sandi-budi", "tamu": "sandi-tamu"}[login]
    browser = requests.Session()
    for _step in range(10):
        response = browser.get(url, allow_redirects=False, timeout=10)
        if response.status_code in (302, 303):
            url = urljoin(url, response.headers["Location"])
            if url.startswith("http://testserver"):
                return url
            continue
        assert "/interaction/" in url, response.text
        response = browser.post(
            url + "/login", data={"login": login, "password": password}, allow_redirects=False, timeout=10
        )
        url = urljoin(url, response.headers["Location"])
    raise AssertionError("the provider never sent the browser back")


def start(client):
    response = client.get("/sso/masuk/")
    assert response.status_code == 302
    return response["Location"]


def callback_path(url):
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def budi(db):
    return UserFactory(username="budi", nip=NIP, email="budi@kab.example")


@pytest.fixture
def outcomes():
    seen = []

    def record(sender, request, user, success, reason, **kwargs):
        seen.append((user, success, reason))

    sso.sso_sign_in.connect(record)
    yield seen
    sso.sso_sign_in.disconnect(record)


def test_sso_is_off_without_an_issuer(client, settings, db):
    settings.OIDC_ISSUER = ""
    assert client.get("/sso/masuk/").status_code == 404
    assert client.get("/sso/callback/?code=x&state=y").status_code == 404
    assert "Masuk dengan SSO" not in client.get("/akun/login/").content.decode()


def test_sign_in_matches_the_nip_and_keeps_amr_and_acr(client, sso_on, budi, outcomes):
    url = start(client)
    assert "code_challenge_method=S256" in url and "nonce=" in url and "state=" in url
    response = client.get(callback_path(provider_redirect(url)))
    assert response.status_code == 302 and response["Location"] == "/beranda/"
    assert client.session["_auth_user_id"] == str(budi.pk)
    # The test provider's ID token does not carry amr/acr yet (see the report): the keys are there, typed.
    assert isinstance(client.session[sso.SESSION_AMR], list)
    assert isinstance(client.session[sso.SESSION_ACR], str)
    assert client.session[sso.SESSION_ID_TOKEN]
    assert outcomes == [(budi, True, sso.SIGNED_IN)]
    events = list(SignInEvent.objects.filter(user=budi).values_list("event", "detail"))
    assert events == [("sso_success", sso.SIGNED_IN)]  # the audit log, once, marked as single sign-on


def test_unknown_nip_is_refused_with_a_message_unless_allowed(client, sso_on, settings, db, outcomes):
    response = client.get(callback_path(provider_redirect(start(client), "tamu")), follow=True)
    assert not signed_in(client) and not User.objects.filter(nip=UNKNOWN_NIP).exists()
    assert "belum terdaftar di CorpU" in response.content.decode()
    assert outcomes[-1] == (None, False, sso.UNKNOWN_ACCOUNT)

    settings.OIDC_CREATE_UNKNOWN = True
    client.get(callback_path(provider_redirect(start(client), "tamu")))
    user = User.objects.get(nip=UNKNOWN_NIP)
    assert signed_in(client) and client.session["_auth_user_id"] == str(user.pk)
    assert user.jenis_pegawai == JenisPegawai.PNS and user.unit_kerja is None and not user.is_staff
    assert user.is_asn and not user.is_institution_staff and user.nama == "Siti Tamu"
    assert not user.has_usable_password()
    assert outcomes[-1] == (user, True, sso.CREATED)


def test_verified_email_matches_an_account_without_nip(client, sso_on, db):
    user = UserFactory(username="budi-lama", nip=None, email="BUDI@idp.test")
    client.get(callback_path(provider_redirect(start(client))))
    assert client.session["_auth_user_id"] == str(user.pk)


def test_inactive_account_is_refused(client, sso_on, budi, outcomes):
    User.objects.filter(pk=budi.pk).update(is_active=False)
    response = client.get(callback_path(provider_redirect(start(client))), follow=True)
    assert not signed_in(client) and "dinonaktifkan" in response.content.decode()
    assert outcomes[-1] == (None, False, sso.INACTIVE)


def test_wrong_nonce_is_refused(client, sso_on, budi, outcomes):
    redirect = provider_redirect(start(client))
    session = client.session
    for entry in session["oidc_states"].values():
        entry["nonce"] = "another-nonce"
    session.save()
    client.get(callback_path(redirect))
    assert not signed_in(client) and outcomes[-1] == (None, False, sso.WRONG_NONCE)
    assert SignInEvent.objects.filter(event="sso_failure", detail=sso.WRONG_NONCE).count() == 1


def test_replayed_code_is_refused(client, sso_on, budi, outcomes):
    redirect = provider_redirect(start(client))
    session = client.session
    states = dict(session["oidc_states"])
    client.get(callback_path(redirect))
    assert signed_in(client)
    client.post("/akun/logout/")
    # The same callback again: its state was used up.
    client.get(callback_path(redirect))
    assert not signed_in(client) and outcomes[-1] == (None, False, sso.BAD_STATE)
    # Even with the state put back, the provider refuses a code it has already exchanged.
    session = client.session
    session["oidc_states"] = states
    session.save()
    client.cookies["sessionid"] = session.session_key
    client.get(callback_path(redirect))
    assert not signed_in(client) and outcomes[-1] == (None, False, sso.TOKEN_EXCHANGE_FAILED)


def test_expired_id_token_is_refused(client, sso_on, budi, outcomes):
    redirect = provider_redirect(start(client))
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        client.get(callback_path(redirect))
        assert not signed_in(client)
    assert outcomes[-1] == (None, False, sso.EXPIRED_TOKEN)


def test_id_token_for_another_client_is_refused(client, sso_on, budi, outcomes, monkeypatch):
    """A genuine, signed ID token with the right nonce, issued to another client of the same provider."""
    url = start(client)
    other_url = url.replace("client_id=corpu", "client_id=other-app")
    other_redirect = provider_redirect(other_url)
    code = dict(part.split("=", 1) for part in urlsplit(other_redirect).query.split("&"))["code"]
    verifier = next(iter(client.session["oidc_states"].values()))["code_verifier"]
    tokens = requests.post(
        f"{sso.discovery()['token_endpoint']}",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": "http://testserver/sso/callback/",
            "client_id": "other-app",
            "client_secret": "other-app-secret",
            "code_verifier": verifier,
        },
        timeout=10,
    ).json()
    assert tokens["id_token"]
    monkeypatch.setattr(sso.SsoBackend, "get_token", lambda self, payload: tokens)
    client.get(callback_path(other_redirect))
    assert not signed_in(client) and outcomes[-1] == (None, False, sso.WRONG_AUDIENCE)


@pytest.mark.parametrize("url", ["/akun/logout/", "/admin/logout/"])
def test_sign_out_ends_the_provider_session(client, sso_on, budi, url):
    client.get(callback_path(provider_redirect(start(client))))
    response = client.post(url)
    assert not signed_in(client)
    location = response["Location"]
    assert location.startswith(sso.discovery()["end_session_endpoint"])
    assert "id_token_hint=" in location and "post_logout_redirect_uri=http%3A%2F%2Ftestserver%2F" in location
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_password_sign_in_off_leaves_break_glass_accounts_only(client, sso_on, budi, db, mailoutbox):
    UserFactory(username="darurat", break_glass=True, email="darurat@kab.example")
    SignInSettings.objects.update_or_create(pk=SignInSettings.load().pk, defaults={"password_sign_in": False})
    response = client.post("/akun/login/", {"username": "budi", "password": "rahasia-123"})
    assert not signed_in(client) and "Masuk dengan kata sandi dimatikan" in response.content.decode()
    page = response.content.decode()
    assert page.index("Masuk dengan SSO") < page.index('name="password"')
    client.post("/akun/password_reset/", {"email": "budi@kab.example"})
    client.post("/akun/password_reset/", {"email": "darurat@kab.example"})
    assert [message.to for message in mailoutbox] == [["darurat@kab.example"]]
    client.post("/akun/login/", {"username": "darurat", "password": "rahasia-123"})
    assert signed_in(client)


def test_the_admin_login_page_offers_sso_when_it_is_on(client, settings, db):
    settings.OIDC_ISSUER = ""
    assert "Masuk dengan SSO" not in client.get("/admin/login/").content.decode()
    settings.OIDC_ISSUER = "http://127.0.0.1:9/"  # only the button is drawn: nothing is fetched
    page = client.get("/admin/login/?next=/admin/pages/").content.decode()
    assert 'href="/sso/masuk/?next=/admin/pages/"' in page and "Masuk dengan SSO" in page
