import pytest
from django.core import mail
from django.test import Client

from corpu.access import AccessLevel
from tests.factories import UserFactory


@pytest.mark.django_db
def test_home_page_renders_in_indonesian_with_sign_in(home):
    response = Client().get("/")
    assert response.status_code == 200
    assert '<html lang="id">' in response.text
    assert "Masuk" in response.text


@pytest.mark.django_db
def test_indonesian_even_when_the_browser_prefers_english(home):
    response = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get("/")
    assert '<html lang="id">' in response.text


@pytest.mark.django_db
def test_english_is_available(home):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert '<html lang="en">' in response.text
    assert "Sign in" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("login", ["nip", "username", "email"])
def test_sign_in_with_nip_username_or_email(login):
    user = UserFactory(username="rizky", email="rizky@pupr.go.id")
    response = Client().post("/akun/login/", {"username": getattr(user, login), "password": "rahasia-123"})
    assert response.status_code == 302 and response["Location"] == "/beranda/"


@pytest.mark.django_db
def test_wrong_password_is_refused():
    user = UserFactory()
    response = Client().post("/akun/login/", {"username": user.nip, "password": "salah"})
    assert response.status_code == 200
    assert "_auth_user_id" not in Client().session


@pytest.mark.django_db
def test_repeated_failures_lock_the_login_for_a_while():
    from django.core.cache import cache

    user = UserFactory()
    client = Client()
    for _attempt in range(5):
        client.post("/akun/login/", {"username": user.nip, "password": "salah"})
    response = client.post("/akun/login/", {"username": user.nip, "password": "rahasia-123"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    cache.clear()
    assert client.post("/akun/login/", {"username": user.nip, "password": "rahasia-123"}).status_code == 302


@pytest.mark.django_db
def test_password_reset_sends_mail_with_link():
    UserFactory(email="siti@pupr.go.id")
    response = Client().post("/akun/password_reset/", {"email": "siti@pupr.go.id"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/akun/reset/" in mail.outbox[0].body


@pytest.mark.django_db
def test_navigation_hides_pages_the_visitor_cannot_see(home, make_info_page):
    make_info_page("Tentang CorpU", show_in_menus=True)
    make_info_page("Pedoman Rahasia", level=AccessLevel.INTERNAL, show_in_menus=True)
    assert "Tentang CorpU" in Client().get("/").text
    assert "Pedoman Rahasia" not in Client().get("/").text


@pytest.mark.django_db
def test_seed_demo_builds_a_living_institution_and_is_idempotent(settings):
    from django.core.management import call_command

    from people.models import KelompokKeahlian, User

    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8765"  # CORPU_BASE_URL, as run-site.sh sets it
    out = __import__("io").StringIO()
    call_command("seed_demo", stdout=out)
    count = User.objects.count()
    assert count >= 50
    assert KelompokKeahlian.objects.count() >= 5
    call_command("seed_demo", stdout=__import__("io").StringIO())
    assert User.objects.count() == count
    assert Client().login(username="asn", password="corpu-demo-2026")
    # the account list names a unit verifier and an expert reviewer, and each can do what it says
    printed = out.getvalue()
    assert "verifikator.pupr" in printed and "pakar.jalan" in printed
    assert "Subject:" not in printed and "Content-Type:" not in printed  # no raw e-mail in the output
    # its links point at the address the site runs on
    assert "http://127.0.0.1:8765/akun/login/" in printed and "http://127.0.0.1:8765/jp/" in printed
    assert "http://127.0.0.1:8765/pengetahuan/" in printed and "127.0.0.1:8000" not in printed
    from ledger.services import verifier_scope

    verifier = User.objects.get(username="verifikator.pupr")
    assert verifier_scope(verifier) == verifier.unit_kerja.path and verifier.unit_kerja.nama == "Dinas PUPR"
    client = Client()
    client.force_login(verifier)
    assert client.get("/jp/verifikasi/").status_code == 200
    from knowledge_assets.setup import EXPERT_GROUP_NAME

    expert = User.objects.get(username="pakar.jalan")
    assert expert.groups.filter(name=EXPERT_GROUP_NAME).exists() and expert.has_perm("wagtailadmin.access_admin")


@pytest.mark.django_db
def test_every_page_names_the_favicon_and_favicon_ico_leads_to_it(client):
    page = client.get("/akun/login/").content.decode()
    assert 'rel="icon"' in page and "favicon" in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".svg")
    from django.contrib.staticfiles import finders

    assert finders.find("corpu/icons/favicon.svg")


def test_run_site_gives_the_served_address_to_seed_demo_and_the_site():
    """Links printed by seed_demo and sent in e-mails use the host:port run-site.sh serves on."""
    from pathlib import Path

    script = (Path(__file__).resolve().parent.parent / "scripts" / "run-site.sh").read_text()
    exported = script.index("export CORPU_BASE_URL=${CORPU_BASE_URL:-http://$addr}")
    assert script.index("addr=${CORPU_ADDR:-127.0.0.1:8000}") < exported < script.index("manage.py seed_demo")
