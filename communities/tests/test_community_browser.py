"""Issue 6 acceptance: an ASN joins a community, posts a thread, a second member replies and is accepted, the
moderator promotes the thread to a draft asset, and a recorded session puts JP into both attendees' "JP saya"."""

import pytest
from django.utils import timezone

from communities.models import CommunityIndexPage, CommunityPage, Thread
from corpu.access import AccessLevel
from knowledge_assets.models import KnowledgeAssetPage, KnowledgeCatalogPage
from tests.factories import UserFactory, unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Cara menghitung kebutuhan aspal tambal sulam"
SESSION = "Bedah kasus longsor ruas Halong"


@pytest.fixture
def contexts(browser):
    made = []
    yield made
    for context in made:
        context.close()


def sign_in(contexts, browser, base, username):
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    contexts.append(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base + "/akun/login/")
    page.get_by_label("NIP, nama pengguna, atau e-mail").fill(username)
    page.get_by_label("Kata sandi").fill("rahasia-123")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()
    return page


@pytest.fixture
def community(home):
    home.add_child(instance=KnowledgeCatalogPage(title="Pengetahuan", slug="katalog-pengetahuan"))
    index = home.add_child(instance=CommunityIndexPage(title="Komunitas Belajar", slug="komunitas", show_in_menus=True))
    moderator = UserFactory(username="moderator", nama="Ir. Rahmat Moderator", unit_kerja=unit("Dinas PUPR"))
    page = CommunityPage(
        title="Komunitas Jalan dan Jembatan",
        purpose="Berbagi praktik pemeliharaan jalan.",
        access_level=AccessLevel.ASN,
    )
    index.add_child(instance=page)
    page.moderators.set([moderator])
    page.save_revision().publish()
    return CommunityPage.objects.get(pk=page.pk)


def test_join_post_reply_accept_promote_and_session_jp(live_server, browser, contexts, community):
    UserFactory(username="siti", nama="Siti Rahmah", unit_kerja=unit("Dinas PUPR/Bidang Bina Marga"))
    UserFactory(username="budi", nama="Budi Santoso", unit_kerja=unit("Dinas PUPR/Bidang Bina Marga"))
    base = live_server.url

    siti = sign_in(contexts, browser, base, "siti")
    siti.goto(base + "/komunitas/")
    siti.get_by_role("link", name="Komunitas Jalan dan Jembatan").click()
    siti.get_by_role("button", name="Gabung komunitas").click()
    assert siti.get_by_text("Anda sekarang anggota komunitas ini.").is_visible()
    siti.get_by_role("link", name="Buat utas").click()
    siti.get_by_label("Judul").fill(TITLE)
    siti.get_by_label("Pertanyaan atau topik").fill("Bagaimana rumus praktisnya? <script>alert('x')</script>")
    siti.get_by_role("button", name="Terbitkan utas").click()
    assert siti.get_by_role("heading", name=TITLE).is_visible()
    thread_url = siti.url

    budi = sign_in(contexts, browser, base, "budi")
    budi.goto(base + community.url)
    budi.get_by_role("button", name="Gabung komunitas").click()
    budi.get_by_role("link", name=TITLE).click()
    budi.get_by_label("Balasan Anda").fill("Volume padat × **2,3 ton/m³**, tambah 7,5% kehilangan.")
    budi.get_by_role("button", name="Kirim balasan").click()
    assert budi.locator(".post-body strong", has_text="2,3 ton/m³").is_visible()

    siti.goto(thread_url)
    assert siti.locator("script", has_text="alert").count() == 0  # the posted script is gone, not run
    siti.get_by_role("button", name="Tandai sebagai jawaban").click()
    assert siti.locator("#solved").is_visible()
    assert siti.get_by_text("Jawaban diterima").first.is_visible()

    moderator = sign_in(contexts, browser, base, "moderator")
    moderator.goto(thread_url)
    moderator.get_by_text("Moderasi utas").click()
    moderator.get_by_role("button", name="Jadikan aset pengetahuan").click()
    assert moderator.get_by_text("Draf aset pengetahuan").first.is_visible()
    moderator.screenshot(path="/tmp/corpu-community-thread.png", full_page=True)
    asset = KnowledgeAssetPage.objects.get(title=TITLE)
    assert not asset.live and asset.knowledge_form == "tacit"
    assert Thread.objects.get(title=TITLE).promoted_asset_id == asset.pk

    moderator.goto(base + community.url)
    moderator.get_by_role("link", name="Jadwalkan sesi").click()
    moderator.get_by_label("Judul sesi").fill(SESSION)
    moderator.get_by_label("Moda").select_option("offline")
    moderator.get_by_label("Tempat / tautan").fill("Aula Dinas PUPR")
    start = timezone.localtime().replace(hour=9, minute=0)
    moderator.get_by_label("Mulai").fill(start.strftime("%Y-%m-%dT%H:%M"))
    moderator.get_by_label("Durasi (jam)").fill("2")
    moderator.get_by_role("button", name="Simpan sesi").click()
    moderator.get_by_label("Siti Rahmah").check()
    moderator.get_by_label("Budi Santoso").check()
    moderator.get_by_role("button", name="Catat kehadiran").click()
    assert moderator.get_by_text("Kehadiran 2 peserta dicatat").is_visible()

    for attendee in (siti, budi):
        attendee.goto(base + "/jp/")
        row = attendee.locator("tr", has_text=SESSION)
        assert row.locator("td").nth(2).inner_text().strip() == "2"  # 2 hours of komunitas belajar = 2 JP
    siti.screenshot(path="/tmp/corpu-community-jp.png", full_page=True)
