import pytest

from tests.factories import UserFactory, unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_renders_and_demo_asn_signs_in_to_profil_saya(live_server, page):
    UserFactory(username="rizky", nama="Rizky Pratama", unit_kerja=unit("Dinas PUPR/Bidang Bina Marga"))
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "CorpU"
    page.get_by_role("link", name="Masuk").first.click()
    page.get_by_label("NIP, nama pengguna, atau e-mail").fill("rizky")
    page.get_by_label("Kata sandi").fill("rahasia-123")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(live_server.url + "/")  # back where the visitor was
    assert "Selamat datang, Rizky" in page.content()
    page.get_by_role("link", name="Profil saya").click()
    assert page.get_by_role("heading", name="Profil saya").is_visible()
    assert "Dinas PUPR / Bidang Bina Marga" in page.content()
    page.screenshot(path="/tmp/corpu-profil.png", full_page=True)
