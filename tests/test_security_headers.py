"""Issue 12 (deployment): every HTML page carries the Content-Security-Policy, inline scripts carry its nonce,
nothing may frame the site, and the production settings pass `check --deploy`."""

import gzip
import io
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, override_settings
from django.views.decorators.clickjacking import xframe_options_exempt, xframe_options_sameorigin

from communities.models import CommunityPage
from corpu.csp import CSPMiddleware
from courses.models import CoursePage, LessonPage
from knowledge_assets.models import KnowledgeAssetPage, KnowledgeCatalogPage
from people.models import User

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)([^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']} has no Content-Security-Policy"
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The `seed_demo` institution, built once for this module inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def public_pages():
    course = CoursePage.objects.live().filter(access_level="public").first()
    return {
        "home": "/",
        "catalogue": KnowledgeCatalogPage.objects.live().first().url,
        "asset": KnowledgeAssetPage.objects.live().filter(access_level="public").first().url,
        "course": course.url,
        "lesson": LessonPage.objects.live().child_of(course).first().url,
        "community": CommunityPage.objects.live().filter(access_level="public").first().url,
        "search": "/cari/?q=pelayanan",
        "login": "/akun/login/",
    }


def signed_in(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.fixture
def pages(demo_site, db):
    """(client, path) of every main page kind, each fetched by a visitor who may open it."""
    anonymous = Client()
    found = [(anonymous, path) for path in public_pages().values()]
    asn = signed_in("asn")
    found += [(asn, "/jp/"), (asn, "/profil/"), (asn, "/beranda/")]
    clo = signed_in("clo")
    found += [(clo, "/jp/dasbor/")]
    return found


def test_every_main_page_has_the_policy_and_its_inline_scripts_carry_the_nonce(pages):
    for client, path in pages:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        csp = policy(response)
        html = response.content.decode()
        assert csp["default-src"] == ["'self'"]
        assert csp["frame-ancestors"] == ["'none'"] and response["X-Frame-Options"] == "DENY", path
        assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
        assert "'unsafe-inline'" not in csp["script-src"] + csp["style-src"], path
        nonces = [n.removeprefix("'nonce-").removesuffix("'") for n in csp["script-src"] if n.startswith("'nonce-")]
        for attributes in INLINE_SCRIPT.findall(html):
            assert nonces and f'nonce="{nonces[0]}"' in attributes, f"{path}: inline <script{attributes}> lacks nonce"
        assert not EVENT_HANDLER.search(html), f"{path}: inline event handler (blocked by the policy)"
        assert not STYLE_ATTRIBUTE.search(html), f"{path}: style attribute (blocked by the policy)"


def test_a_nonce_is_fresh_per_response_and_only_present_once_a_template_asked_for_it(rf):
    def view_with_inline_script(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    middleware = CSPMiddleware(view_with_inline_script)
    first, second = middleware(rf.get("/x/")), middleware(rf.get("/x/"))
    assert first["Content-Security-Policy"] != second["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", first["Content-Security-Policy"]).group(1)
    assert f'nonce="{nonce}"' in first.content.decode()
    untouched = CSPMiddleware(lambda request: HttpResponse("<p>x</p>"))(rf.get("/x/"))
    assert "nonce-" not in untouched["Content-Security-Policy"]


def test_a_response_with_its_own_policy_keeps_it(rf):
    """The H5P player's files set a stricter policy (sandbox) of their own: the site's must not replace it."""
    own = "default-src 'none'; script-src 'self' 'unsafe-inline'; sandbox allow-scripts"

    def h5p_file(request):
        response = HttpResponse("<script>H5P</script>")
        response["Content-Security-Policy"] = own
        return response

    assert CSPMiddleware(h5p_file)(rf.get("/kursus/h5p/1/konten/index.html"))["Content-Security-Policy"] == own


def test_frame_ancestors_follow_the_views_framing_choice(rf):
    """Wagtail's preview answers SAMEORIGIN so the page editor can frame it; the policy must agree, or the
    browser (which prefers frame-ancestors) would blank the preview panel."""
    same_origin = CSPMiddleware(xframe_options_sameorigin(lambda request: HttpResponse()))(rf.get("/admin/x/"))
    assert policy(same_origin)["frame-ancestors"] == ["'self'"]
    exempt = CSPMiddleware(xframe_options_exempt(lambda request: HttpResponse()))(rf.get("/x/"))
    assert "frame-ancestors" not in policy(exempt)


def test_wagtails_inner_preview_request_leaves_the_policy_to_the_admin_view_around_it(rf):
    """Wagtail renders a preview through the middleware again with a dummy request for the page's URL; a policy
    set there ('none' ancestors, no inline scripts) would be kept and blank the editor's preview panel."""
    dummy = rf.get("/halaman/")
    dummy.is_dummy = True
    assert "Content-Security-Policy" not in CSPMiddleware(lambda request: HttpResponse())(dummy)


@pytest.mark.django_db
def test_the_admin_may_run_its_inline_widgets_but_nothing_else_is_relaxed(admin_client):
    for path in ["/admin/", "/admin/pages/", "/django-admin/"]:
        response = admin_client.get(path, follow=True)
        assert response.status_code == 200, path
        csp = policy(response)
        assert csp["script-src"] == ["'self'", "'unsafe-inline'"], path  # no nonce: it would void 'unsafe-inline'
        assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
        assert csp["img-src"] == ["'self'", "data:", "blob:"]


def test_frame_src_allows_the_h5p_content_origin(client, settings, db):
    settings.H5P_CONTENT_ORIGIN = "https://h5p.x.id"
    assert "https://h5p.x.id" in policy(client.get("/akun/login/"))["frame-src"]
    settings.H5P_CONTENT_ORIGIN = ""
    assert "https://h5p.x.id" not in policy(client.get("/akun/login/"))["frame-src"]


def run_production_check(**extra):
    env = {
        "PATH": os.environ["PATH"],  # nothing else of the test run's environment (no Redis, no DATABASE_URL)
        "DJANGO_SETTINGS_MODULE": "corpu.settings.production",
        "SECRET_KEY": "k" * 10 + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN",
        "ALLOWED_HOSTS": "corpu.example",
        **extra,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_production_settings_pass_check_deploy_without_redis_or_postgres():
    result = run_production_check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_https_settings_can_be_switched_off_by_environment():
    """An HTTP-only intranet trial turns the redirect and HSTS off; check --deploy then says so."""
    result = run_production_check(SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout and "security.W008" in result.stderr + result.stdout


def production_setting(name, **extra):
    code = f"import django; django.setup(); from django.conf import settings; print(repr(settings.{name}))"
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "corpu.settings.production", "SECRET_KEY": "x" * 60}
    result = subprocess.run(
        [sys.executable, "-c", code], env={**env, **extra}, capture_output=True, text=True, cwd=settings.BASE_DIR
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_trusted_proxy_header_is_named_by_environment_or_switched_off():
    """Trusting X-Forwarded-Proto without a proxy that overwrites it would let any client claim HTTPS."""
    assert production_setting("SECURE_PROXY_SSL_HEADER") == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert production_setting("SECURE_PROXY_SSL_HEADER", SECURE_PROXY_SSL_HEADER="X-Forwarded-Scheme") == (
        "('HTTP_X_FORWARDED_SCHEME', 'https')"
    )
    assert production_setting("SECURE_PROXY_SSL_HEADER", SECURE_PROXY_SSL_HEADER="off") == "None"
    assert production_setting("SESSION_COOKIE_SECURE", SECURE_COOKIES="0") == "False"


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), SECURE_SSL_REDIRECT=True)
@pytest.mark.django_db
def test_behind_the_tls_proxy_plain_http_is_redirected_and_proxied_https_is_not():
    assert Client().get("/akun/login/").status_code == 301
    assert Client().get("/akun/login/", headers={"x-forwarded-proto": "https"}).status_code == 200


def test_production_compresses_html_pages():
    middleware = production_setting("MIDDLEWARE")
    assert "'django.middleware.gzip.GZipMiddleware'" in middleware
    order = [middleware.index(name) for name in ("SecurityMiddleware", "GZipMiddleware", "CSPMiddleware")]
    assert order == sorted(order)


@pytest.mark.django_db
def test_a_compressed_page_is_still_the_page(settings):
    settings.MIDDLEWARE = [settings.MIDDLEWARE[0], "django.middleware.gzip.GZipMiddleware", *settings.MIDDLEWARE[1:]]
    plain = Client().get("/akun/login/")
    packed = Client().get("/akun/login/", headers={"accept-encoding": "gzip"})
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    body = gzip.decompress(packed.content)
    assert len(packed.content) < len(body) / 2
    assert b'name="username"' in body and b'name="username"' in plain.content


def test_e_mail_goes_to_files_in_development_and_over_smtp_in_production():
    """seed_demo and the development site never print raw e-mails; production sends them."""
    assert production_setting("EMAIL_BACKEND") == "'django.core.mail.backends.smtp.EmailBackend'"
    development = {"DJANGO_SETTINGS_MODULE": "corpu.settings.dev"}
    assert production_setting("EMAIL_BACKEND", **development) == "'django.core.mail.backends.filebased.EmailBackend'"
    assert production_setting("EMAIL_FILE_PATH", **development).endswith("outbox')")
