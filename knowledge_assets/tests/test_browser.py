"""A kelompok keahlian member submits an asset, the ketua approves it, an ASN finds and opens it; anonymous
visitors get neither the page nor its attachment."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from knowledge_assets.models import KnowledgeAssetPage
from knowledge_assets.setup import ensure_knowledge_setup
from tests.factories import KeanggotaanFactory, KelompokFactory, UserFactory, unit

Document = get_document_model()

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Praktik Baik Pengawasan Jalan dengan Drone"


def sign_in(page, base_url, username, next_url="/"):
    page.goto(f"{base_url}/akun/login/?next={next_url}")
    page.get_by_label("NIP, nama pengguna, atau e-mail").fill(username)
    page.get_by_label("Kata sandi").fill("rahasia-123")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()


def test_member_submits_ketua_approves_asn_reads_anonymous_refused(live_server, browser, page, home):
    catalogue = ensure_knowledge_setup(home)
    dinas = unit("Dinas PUPR")
    kelompok = KelompokFactory(nama="KK Infrastruktur dan Jalan", unit_kerja=dinas)
    member = KeanggotaanFactory(kelompok=kelompok, user=UserFactory(username="anggota", unit_kerja=dinas)).user
    KeanggotaanFactory(kelompok=kelompok, user=UserFactory(username="ketua", unit_kerja=dinas), peran="ketua")
    UserFactory(username="asn_luar", instansi_asal="Pemkab Tabalong")
    document = Document.objects.create(
        title="Laporan drone", file=ContentFile(b"%PDF-1.4 laporan", name="laporan-drone.pdf"), uploaded_by_user=member
    )

    # 1. the member writes the asset in the Wagtail admin and submits it to "Revidu pakar"
    sign_in(page, live_server.url, "anggota", f"/admin/pages/add/knowledge_assets/knowledgeassetpage/{catalogue.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_abstract").fill("Foto udara drone untuk memantau progres dan mutu pekerjaan jalan.")
    page.locator("#id_asset_type").select_option("praktik_baik")
    page.locator("#id_attachments-ADD").click()
    page.evaluate(f"document.querySelector('#id_attachments-0-document').value = '{document.pk}'")
    page.wait_for_function("() => document.querySelector('#id_slug')?.value", timeout=30_000)  # slug follows title
    with page.expect_navigation(timeout=30_000):
        page.evaluate("document.querySelector('button[name=action-submit]').click()")
    errors = page.locator(".error-message, .help-critical").all_inner_texts()
    assert "/add/" not in page.url, errors
    asset = KnowledgeAssetPage.objects.get(title=TITLE)
    assert not asset.live and asset.workflow_in_progress

    # 2. the ketua approves; only then the asset is live and catalogued
    reviewer = browser.new_context(locale="id-ID")
    review_page = reviewer.new_page()
    sign_in(review_page, live_server.url, "ketua", f"/admin/pages/{asset.pk}/edit/")
    approve = review_page.locator('button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])')
    with review_page.expect_navigation():
        approve.dispatch_event("click")
    for _attempt in range(100):
        asset.refresh_from_db()
        if asset.live:
            break
        review_page.wait_for_timeout(100)
    assert asset.live and asset.catalogue_number
    reviewer.close()

    # 3. an ASN from another institution finds it in the catalogue and opens it
    reader = browser.new_context(locale="id-ID")
    read_page = reader.new_page()
    sign_in(read_page, live_server.url, "asn_luar", "/pengetahuan/")
    read_page.get_by_label("Kata kunci").fill("drone")
    read_page.get_by_role("button", name="Terapkan").click()
    read_page.get_by_role("link", name=TITLE).click()
    assert read_page.get_by_role("heading", name=TITLE).is_visible()
    attachment_url = live_server.url + document.url
    assert reader.request.get(attachment_url).status == 200
    reader.close()

    # 4. an anonymous visitor sees neither the title in the catalogue, nor the page, nor the attachment
    page.context.clear_cookies()
    page.goto(live_server.url + "/pengetahuan/")
    assert TITLE not in page.content()
    page.goto(live_server.url + asset.url)
    assert "/akun/login/" in page.url and TITLE not in page.content()
    response = page.context.request.get(attachment_url, max_redirects=0)
    assert response.status == 302 and "/akun/login/" in response.headers["location"]
