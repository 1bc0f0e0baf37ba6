"""After sign-in every role lands on Beranda saya and reaches its main tasks in at most two clicks, at phone
(390×844) and desktop (1280×800) widths: learner (a course in progress, JP saya), verifier (Verifikasi), CLO
(Dasbor JP), kelompok keahlian member (Tulis aset, Revidu and the asset it awaits). At 390 px the header's work
menu is a <details>."""

import re
from decimal import Decimal

import pytest

from corpu.access import AccessLevel
from courses.models import CourseCatalogPage, CoursePage, Enrolment, LessonPage
from knowledge_assets.models import KnowledgeAssetPage
from knowledge_assets.setup import ensure_knowledge_setup
from people.roles import CLO, VERIFIKATOR_UNIT, assign_role
from tests.browser.fixtures import sign_in
from tests.factories import KeanggotaanFactory, KelompokFactory, UserFactory, unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture(params=list(VIEWPORTS))
def screen(request, browser):
    """A page at each viewport (the shared `page` fixture is 390×844 only)."""
    context = browser.new_context(locale="id-ID", viewport=VIEWPORTS[request.param])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.viewport_name = request.param
    yield page
    context.close()


def land_on_beranda(page, base, username):
    sign_in(page, base, username)
    assert page.url == base + "/beranda/"
    assert page.get_by_role("heading", level=1, name="Beranda saya").is_visible()


def h1(page):
    return page.get_by_role("heading", level=1).first.inner_text()


def work_link(page, name):
    """A role link on Beranda saya's "Menu kerja" (one click away)."""
    return page.locator(".beranda-work").get_by_role("link", name=name, exact=True)


def test_learner_reaches_a_course_in_progress_and_jp_saya(live_server, screen, home):
    learner = UserFactory(username="pelajar", nama="Putri Lestari", unit_kerja=unit("Dinas PUPR"))
    catalog = home.add_child(instance=CourseCatalogPage(title="Kursus", slug="kursus"))
    course = catalog.add_child(
        instance=CoursePage(title="Netralitas ASN", access_level=AccessLevel.ASN, jp_value=Decimal(2))
    )
    course.add_child(instance=LessonPage(title="Pengantar netralitas", body=[("text", "<p>Halo</p>")]))
    course.add_child(instance=LessonPage(title="Studi kasus", body=[("text", "<p>Kasus</p>")]))
    Enrolment.objects.create(course=course, user=learner)
    land_on_beranda(screen, live_server.url, "pelajar")
    screen.screenshot(path=f"/tmp/corpu-beranda-{screen.viewport_name}.png", full_page=True)
    screen.get_by_role("link", name="Lanjutkan: Pengantar netralitas").click()
    assert h1(screen) == "Pengantar netralitas"
    screen.get_by_role("link", name="Pelajaran berikutnya: Studi kasus").click()
    assert h1(screen) == "Studi kasus"
    screen.goto(live_server.url + "/beranda/")
    screen.get_by_role("link", name="Buka JP saya").click()
    assert h1(screen).startswith("JP saya")


def test_verifier_reaches_verifikasi_from_beranda_and_from_the_header_menu(live_server, screen):
    verifier = UserFactory(username="verifikator", unit_kerja=unit("Dinas PUPR"))
    assign_role(verifier, VERIFIKATOR_UNIT)
    land_on_beranda(screen, live_server.url, "verifikator")
    work_link(screen, "Verifikasi").click()
    assert h1(screen) == "Verifikasi JP"
    screen.goto(live_server.url + "/beranda/")
    header = screen.locator(".site-header")
    header.get_by_text("Menu kerja").click()  # the <details> of the header, open on a phone as on a desktop
    header.get_by_role("link", name="Verifikasi", exact=True).click()
    assert h1(screen) == "Verifikasi JP"


def test_clo_reaches_dasbor_jp(live_server, screen):
    clo = UserFactory(username="clo-bkpsdm", unit_kerja=unit("BKPSDM"))
    assign_role(clo, CLO)
    land_on_beranda(screen, live_server.url, "clo-bkpsdm")
    work_link(screen, "Dasbor JP").click()
    assert h1(screen).startswith("Dasbor JP")
    screen.goto(live_server.url + "/beranda/")
    for name in ["Verifikasi", "Rekap IDP", "Forum pembelajaran", "Alat evaluasi", "Admin"]:
        assert work_link(screen, name).is_visible()


def _asset_in_review(catalogue, kelompok, title):
    member = KeanggotaanFactory(kelompok=kelompok).user
    asset = KnowledgeAssetPage(title=title, abstract="Ringkas", asset_type="sop", live=False, owner_kelompok=kelompok)
    catalogue.add_child(instance=asset)
    asset.save_revision(user=member)
    asset.get_workflow().start(asset, member)


def test_kelompok_member_reaches_tulis_aset_and_revidu(live_server, screen, home):
    catalogue = ensure_knowledge_setup(home)
    dinas = unit("Dinas PUPR")
    kelompok = KelompokFactory(nama="KK Infrastruktur", unit_kerja=dinas)
    KeanggotaanFactory(kelompok=kelompok, peran="ketua", user=UserFactory(username="anggota-kk", unit_kerja=dinas))
    _asset_in_review(catalogue, kelompok, "SOP Pengawasan Jalan")
    land_on_beranda(screen, live_server.url, "anggota-kk")
    work_link(screen, "Tulis aset").click()
    assert h1(screen) == "Baru: Aset pengetahuan"  # Wagtail's editor for a new asset in the catalogue
    screen.goto(live_server.url + "/beranda/")
    work_link(screen, "Revidu").click()
    assert h1(screen) == "Revidu"
    awaiting = screen.locator('[data-revidu="awaiting"]', has_text="SOP Pengawasan Jalan")
    awaiting.get_by_role("link", name=re.compile(r"^Revidu di admin")).click()  # the second click
    assert screen.url.startswith(live_server.url + "/admin/pages/")
    screen.goto(live_server.url + "/beranda/")
    work_link(screen, "Admin").click()
    assert screen.url == live_server.url + "/admin/"
