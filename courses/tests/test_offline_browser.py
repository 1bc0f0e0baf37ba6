"""Issue 20 in Debian's chromium: a learner saves a text course, studies offline, marks a lesson done, and the
server holds the completion once when the connection returns (a repeated sync changes nothing); signing out
removes the saved copies of restricted pages."""

import time

import pytest

from corpu.access import AccessLevel
from courses.models import CourseCatalogPage, CoursePage, LessonCompletion, LessonPage, ProcessedRequest
from tests.browser.fixtures import sign_in
from tests.factories import UserFactory, unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED_CACHES = "caches.keys().then((names) => names.filter((n) => n.startsWith('corpu-saved:')))"


@pytest.fixture
def text_course(home):
    catalog = home.add_child(instance=CourseCatalogPage(title="Kursus", slug="kursus-daring"))
    course = catalog.add_child(instance=CoursePage(title="Etika ASN", access_level=AccessLevel.PUBLIC))
    first = course.add_child(instance=LessonPage(title="Pengantar Etika", body=[("text", "<p>Nilai dasar ASN.</p>")]))
    second = course.add_child(instance=LessonPage(title="Kode Etik", body=[("text", "<p>Kode etik ASN.</p>")]))
    return {"course": course, "first": first, "second": second}


def wait_until(check, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.25)
    return False


def controlled(page):
    page.evaluate("navigator.serviceWorker.ready")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
    assert page.evaluate("!!navigator.serviceWorker.controller")


def save_for_offline(page):
    page.get_by_role("button", name="Simpan untuk luring").click()
    page.get_by_text("Ukuran unduhan sekitar").wait_for()
    page.get_by_role("button", name="Simpan sekarang").click()
    page.get_by_text("Tersimpan untuk luring (").wait_for()


def test_learner_saves_a_course_completes_a_lesson_offline_and_it_syncs_once(live_server, page, text_course):
    siti = UserFactory(username="siti", unit_kerja=unit("Dinas PUPR/Bidang Bina Marga"))
    base = live_server.url
    sign_in(page, base, "siti")
    page.goto(base + text_course["course"].url)
    page.get_by_role("button", name="Daftar kursus").click()
    controlled(page)
    save_for_offline(page)

    context = page.context
    context.set_offline(True)
    page.goto(base + text_course["first"].url)
    assert page.get_by_role("heading", name="Pengantar Etika").is_visible()
    assert "Anda sedang luring — 0 catatan menunggu dikirim." in page.locator(".offline-banner").inner_text()
    page.get_by_role("button", name="Tandai pelajaran selesai").click()
    page.get_by_text("Pelajaran ini ditandai selesai; dikirim saat tersambung kembali.").wait_for()
    page.locator(".offline-banner").get_by_text("1 catatan menunggu dikirim").wait_for()
    [record] = page.evaluate("corpuOutbox.list()")
    assert record["kind"] == "complete" and record["url"].endswith(f"/pelajaran/{text_course['first'].pk}/selesai/")
    assert not LessonCompletion.objects.exists()

    page.goto(base + "/jp/")  # not saved: the offline page, listing the saved course
    assert page.get_by_role("heading", name="Anda sedang luring").is_visible()
    page.locator("#saved-list").get_by_role("link", name="Etika ASN").wait_for()

    page.goto(base + text_course["second"].url)
    context.set_offline(False)
    assert wait_until(lambda: LessonCompletion.objects.filter(user=siti).count() == 1)
    assert wait_until(lambda: page.evaluate("corpuOutbox.counts()")["pending"] == 0)
    assert LessonCompletion.objects.get(user=siti).lesson_id == text_course["first"].pk

    # the same record sent again (a retried sync): the server answers "duplicate" and nothing changes
    page.evaluate("(record) => corpuOutbox.add(record).then(() => corpuOutbox.flush())", record)
    assert wait_until(lambda: page.evaluate("corpuOutbox.counts()")["pending"] == 0)
    assert page.evaluate("corpuOutbox.refused()") == []
    assert LessonCompletion.objects.filter(user=siti).count() == 1
    assert ProcessedRequest.objects.filter(user=siti, action="complete_lesson").count() == 1

    # a record the server refuses is kept with its reason and shown to the learner, not lost
    page.evaluate("(record) => corpuOutbox.add(Object.assign({}, record, {id: 'bukan-uuid'}))", record)
    banner = page.locator(".offline-banner")
    banner.get_by_text("Kunci idempotensi harus berupa UUID.").wait_for()
    assert page.evaluate("corpuOutbox.counts()") == {"pending": 0, "refused": 1}
    # the page and the service worker may both announce a change at once: the banner still lists it once
    page.evaluate(
        """() => { for (const _ of [1, 2]) window.dispatchEvent(new CustomEvent("corpu-outbox:change",
        {detail: {pending: 0, refused: 1}})); }"""
    )
    page.wait_for_timeout(300)
    assert banner.locator(".offline-banner__refused").count() == 1
    banner.get_by_role("button", name="Tutup").click()
    assert wait_until(lambda: page.evaluate("corpuOutbox.counts()")["refused"] == 0)

    page.goto(base + text_course["first"].url)  # online again: the saved copy is refreshed with the progress
    assert "Pelajaran ini selesai." in page.locator("#lesson-progress").inner_text()


def test_signing_out_removes_saved_restricted_pages(live_server, page, home):
    from knowledge_assets.models import KnowledgeAssetPage
    from knowledge_assets.setup import ensure_knowledge_setup

    dinas = unit("Dinas PUPR")
    catalogue = ensure_knowledge_setup(home)
    asset = KnowledgeAssetPage(
        title="Catatan Rapat Internal",
        abstract="Ringkasan internal",
        asset_type="praktik_baik",
        access_level=AccessLevel.INTERNAL,
        owner_unit=dinas,
    )
    catalogue.add_child(instance=asset)
    asset.save_revision().publish()
    UserFactory(username="budi", unit_kerja=dinas)
    base = live_server.url
    sign_in(page, base, "budi")
    page.goto(base + asset.url)
    controlled(page)
    save_for_offline(page)
    [name] = page.evaluate(SAVED_CACHES)
    assert name.startswith(f"corpu-saved:r:asset:{asset.pk}:")
    assert page.evaluate(f"caches.open('{name}').then((c) => c.match('{asset.url}')).then((r) => !!r)")

    page.get_by_role("button", name="Keluar").click()  # offline.js clears first, then submits the form
    page.get_by_role("link", name="Masuk").first.wait_for(state="visible")
    assert wait_until(lambda: page.evaluate(SAVED_CACHES) == [])
    page.context.set_offline(True)
    try:
        page.goto(base + asset.url)
    except Exception:  # noqa: BLE001 - no worker left to answer (Clear-Site-Data unregisters it): the browser's error
        return
    assert "Ringkasan internal" not in page.content()
