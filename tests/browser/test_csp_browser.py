"""Issue 12: under the Content-Security-Policy the public pages and the admin still work in Chromium, and the browser
reports no violation (`securitypolicyviolation` events in any frame, "Content Security Policy" console errors)."""

import contextlib
import io

import pytest
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import Error as PlaywrightError

from communities.models import CommunityPage
from courses.models import CoursePage, LessonPage
from knowledge_assets.models import KnowledgeAssetPage, KnowledgeCatalogPage
from people.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${where}`);
});
"""


@pytest.fixture
def watched(page):
    """The page, with every CSP violation it and its frames report collected in `page.violations`."""
    page.violations = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda m: "Content Security Policy" in m.text and page.violations.append(m.text))
    return page


def visit(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    for frame in page.frames:
        with contextlib.suppress(PlaywrightError):  # a cross-origin or detached frame reports through the console
            page.violations += frame.evaluate("() => window.__cspViolations || []")
    assert page.title(), url
    assert not page.violations, f"{url}: {page.violations}"


def sign_in(page, base, username):
    page.goto(base + "/akun/login/")
    page.get_by_label("NIP, nama pengguna, atau e-mail").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state("networkidle")


def test_public_and_admin_pages_work_without_a_single_csp_violation(live_server, watched, tmp_path):
    call_command("seed_demo", stdout=io.StringIO())
    base = live_server.url
    course = CoursePage.objects.live().filter(access_level="public").first()
    for url in [
        "/",
        KnowledgeCatalogPage.objects.live().first().url,
        KnowledgeAssetPage.objects.live().filter(access_level="public").first().url,
        course.url,
        LessonPage.objects.live().child_of(course).first().url,
        CommunityPage.objects.live().filter(access_level="public").first().url,
        "/akun/login/",
    ]:
        visit(watched, base + url)

    visit(watched, base + "/cari/")  # the search form submits and lists results
    watched.locator("#q").fill("pelayanan")
    watched.locator("#q").press("Enter")
    watched.wait_for_load_state("networkidle")
    assert watched.locator("a[data-click]").count() > 0
    assert not watched.violations

    sign_in(watched, base, "clo")
    visit(watched, base + "/jp/")
    visit(watched, base + "/jp/dasbor/")  # Chart.js drew the charts
    assert watched.evaluate("() => !!Chart.getChart(document.getElementById('chart-mix'))")

    sign_in(watched, base, "admin")
    visit(watched, base + "/")  # the Wagtail user bar (shadow DOM, its own stylesheet)
    visit(watched, base + "/admin/")
    asset = KnowledgeAssetPage.objects.live().first()
    visit(watched, f"{base}/admin/pages/{asset.pk}/edit/")
    assert watched.locator("form#page-edit-form").is_visible()
    watched.locator("[data-side-panel-toggle='preview']").click()  # the preview panel frames the page (SAMEORIGIN)
    watched.wait_for_function(  # Wagtail loads the preview in a second iframe, then swaps it in
        "() => document.querySelectorAll(\"iframe[data-w-preview-target='iframe']\").length === 1"
        " && document.querySelector('#w-preview-iframe').src"
    )
    preview = watched.frame_locator("#w-preview-iframe")
    assert preview.locator("h1").first.inner_text() == asset.title
    watched.wait_for_load_state("networkidle")
    assert not watched.violations
    visit(watched, f"{base}/admin/pages/{course.pk}/edit/")
    visit(watched, base + "/admin/images/multiple/add/")  # the uploader previews the file, then saves it
    Image.new("RGB", (40, 30), "teal").save(tmp_path / "bendungan.png")
    watched.locator("#fileupload").set_input_files(tmp_path / "bendungan.png")
    watched.wait_for_selector("#upload-list li.upload-success", timeout=30_000)
    watched.wait_for_load_state("networkidle")
    assert not watched.violations
    visit(watched, base + "/admin/images/")
    visit(watched, base + "/django-admin/")
    watched.screenshot(path="/tmp/corpu-csp-admin.png", full_page=True)
