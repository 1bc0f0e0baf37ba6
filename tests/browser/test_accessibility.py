"""Issue 18: the site's main pages pass axe-core's WCAG 2.0/2.1 A+AA rules (no serious or critical violation) on a
phone (390×844) and a desktop (1280×800), for a visitor and for a signed-in learner, verifier and CLO."""

import io

import pytest
from django.core.management import call_command

from communities.models import CommunityPage, Thread
from courses.models import CoursePage, LessonPage
from knowledge_assets.models import KnowledgeAssetPage, KnowledgeCatalogPage
from people.demo import DEMO_PASSWORD
from tests.browser.axe import assert_accessible
from tests.browser.fixtures import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
ROLES = {"visitor": None, "learner": "asn", "verifier": "verifikator.pupr", "clo": "clo"}
SIGNED_IN = [
    "/beranda/",
    "/kursus/sertifikat-saya/",
    "/jp/",
    "/profil/",
    "/idp/",
    "/idp/forum/",
    "/idp/program/",
    "/evaluasi/",
    "/evaluasi/perilaku/saya/",
    "/pengetahuan/revidu/",
]
EXTRA = {
    "verifier": ["/jp/verifikasi/"],
    "clo": ["/kursus/sertifikat/kelola/", "/jp/verifikasi/", "/jp/dasbor/", "/idp/rekap/", "/idp/forum/"],
}


def public_pages():
    """URLs of the public pages every role sees (from the demo content)."""
    course = CoursePage.objects.live().filter(access_level="public").first()
    lessons = LessonPage.objects.live().child_of(course).specific()
    lesson = next((x for x in lessons if any(b.block_type == "h5p" for b in x.body)), lessons.first())
    community = CommunityPage.objects.live().filter(access_level="public").first()
    thread = Thread.objects.filter(community=community, hidden=False).first()
    return [
        "/",
        KnowledgeCatalogPage.objects.live().first().url,
        KnowledgeAssetPage.objects.live().filter(access_level="public").first().url,
        course.get_parent().url,
        course.url,
        lesson.url,
        community.get_parent().url,
        community.url,
        f"/komunitas/utas/{thread.pk}/",
        "/cari/?q=pelayanan",
        "/tidak-ada-halaman-ini/",
    ]


def assert_error_summary_has_focus(page):
    """A form that came back with errors shows its summary first, and the keyboard focus is on it."""
    summary = page.locator("[data-error-summary]")
    assert summary.get_by_role("heading").inner_text() == "Periksa kembali isian berikut"
    assert page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")


def check(page, url, problems):
    """Open the URL (None: the page as it is) and note axe's findings at each viewport."""
    if url:
        page.goto(url)
        page.wait_for_load_state("networkidle")
    for name, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        try:
            assert_accessible(page, f"{page.url} ({name})")
        except AssertionError as failure:  # go on: one run lists the findings of every page
            problems.append(str(failure))


def test_main_pages_have_no_serious_axe_violation(live_server, browser):
    """Every role in its own browser context over one seeded demo institution (seeding is most of a role's time)."""
    call_command("seed_demo", stdout=io.StringIO())
    problems = []
    for role in ROLES:
        context = browser.new_context(locale="id-ID", viewport=VIEWPORTS["phone"], bypass_csp=True)  # axe is inline
        page = context.new_page()
        page.set_default_timeout(15_000)
        check_role(page, live_server.url, role, problems)
        context.close()
    assert not problems, "\n".join(problems)


def check_role(page, base, role, problems):
    """axe's findings for one role's pages, each prefixed with the role; the forms' error summaries take focus."""
    found = []
    if ROLES[role] is None:
        check(page, base + "/akun/login/", found)
        sign_in(page, base, "asn", password="salah-sekali")
        assert_error_summary_has_focus(page)
        check(page, None, found)
    else:
        sign_in(page, base, ROLES[role], password=DEMO_PASSWORD)
    for url in public_pages():
        check(page, base + url, found)
    if ROLES[role]:
        for url in SIGNED_IN + EXTRA.get(role, []):
            check(page, base + url, found)
        page.goto(base + "/profil/")
        page.get_by_role("button", name="Simpan", exact=True).click()  # saved: the page shows a message
        page.wait_for_load_state("networkidle")
        check(page, None, found)
        check(page, base + "/jp/ajukan/", found)
        page.get_by_role("button", name="Ajukan", exact=True).click()
        page.wait_for_load_state("networkidle")
        assert_error_summary_has_focus(page)
        page.locator(".error-summary a").first.click()  # the summary's link leads to its field
        assert page.evaluate("() => document.activeElement.getAttribute('aria-invalid')") == "true"
        check(page, None, found)
    problems += [f"{role}: {problem}" for problem in found]
