"""A learner signs in from CorpU's login page through the real test provider in Debian's chromium and lands on
Beranda saya as the account with the provider's NIP (test_sso.py covers the refusals and the sign-out)."""

import pytest

from people.models import SignInEvent
from tests.factories import UserFactory

from .conftest import NIP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sso_browser(settings, sso_on, live_server):
    """SSO on, with the redirect back to the live server (the provider registers both redirect URIs)."""
    settings.ALLOWED_HOSTS = ["*"]
    return live_server.url


def test_sign_in_through_the_provider_lands_on_beranda_as_the_nip_account(sso_browser, page):
    budi = UserFactory(username="budi", nip=NIP, nama="Budi Santoso", email="budi@kab.example")
    page.goto(sso_browser + "/akun/login/")
    page.get_by_role("link", name="Masuk dengan SSO").click()
    page.wait_for_url("**/interaction/**")
    assert page.get_by_role("heading", name="Test provider").is_visible()
    page.get_by_label("Username").fill("budi")
    page.get_by_label("Password").fill("sandi-budi")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(sso_browser + "/beranda/")
    assert page.get_by_role("heading", level=1, name="Beranda saya").is_visible()
    assert "Budi" in page.content()
    assert SignInEvent.objects.filter(user=budi, event="sso_success").count() == 1

    page.goto(sso_browser + "/profil/")
    assert page.get_by_text(NIP).first.is_visible()
