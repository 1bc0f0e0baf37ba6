"""Leak tests: a non-member never sees an internal community's thread titles, counts, attachments,
notifications or digests — through pages, search, files, the notification list or e-mail."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from communities import services
from communities.models import Notification, Subscription
from corpu.access import AccessLevel

pytestmark = pytest.mark.django_db

SECRET = "Rencana lelang proyek jembatan rahasia"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
OUTSIDERS = ["anonymous", "asn_elsewhere", "guest", "staff", "tkk_staff", "unit_member"]


@pytest.fixture
def internal(institution, make_community, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    visitors = institution["visitors"]
    member = visitors["kelompok_member"]
    community = make_community(
        "Komunitas Internal KK Infrastruktur",
        level=AccessLevel.INTERNAL,
        owner_kelompok=institution["kelompok"],
        moderators=[member],
    )
    thread = services.create_thread(
        member, community, SECRET, "Isi rahasia", files=[SimpleUploadedFile("hps.pdf", PDF, "application/pdf")]
    )
    return {"community": community, "thread": thread, "member": member, "visitors": visitors}


def login(client, user):
    if user is not None:
        client.force_login(user)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsider_never_sees_titles_counts_or_files(client, internal, community_index, who):
    user = internal["visitors"][who]
    login(client, user)
    community, thread = internal["community"], internal["thread"]
    listing = client.get(community_index.url).content.decode()
    assert community.title not in listing and SECRET not in listing
    assert "1 utas" not in listing
    for url in [
        community.url,
        community.url + "?q=rahasia",
        f"/komunitas/utas/{thread.pk}/",
        f"/komunitas/lampiran/{thread.opening.attachments.get().pk}/",
        f"/komunitas/{community.pk}/utas-baru/",
        f"/komunitas/{community.pk}/moderasi/",
        f"/komunitas/pos/{thread.opening.pk}/riwayat/",
    ]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"].startswith("/akun/login/")
        assert SECRET.encode() not in response.content
    assert list(services.visible_threads(user, community)) == []
    assert list(services.search(user, community, "rahasia")) == []


@pytest.mark.parametrize("who", ["asn_elsewhere", "staff", "unit_member"])
def test_outsider_cannot_join_or_post(client, internal, who):
    user = internal["visitors"][who]
    with pytest.raises(PermissionDenied):
        services.join(user, internal["community"])
    login(client, user)
    assert client.post(f"/komunitas/{internal['community'].pk}/gabung/").status_code == 403
    assert client.post(f"/komunitas/utas/{internal['thread'].pk}/balas/", {"body": "x"}).status_code == 403


def test_member_and_admin_see_everything(client, internal, community_index):
    for who in ["kelompok_member", "admin"]:
        login(client, internal["visitors"][who])
        assert internal["community"].title in client.get(community_index.url).content.decode()
        assert SECRET in client.get(internal["community"].url).content.decode()
        attachment = internal["thread"].opening.attachments.get()
        assert client.get(f"/komunitas/lampiran/{attachment.pk}/").status_code == 200


def test_mentions_of_outsiders_create_no_notification(internal):
    member, visitors = internal["member"], internal["visitors"]
    services.add_reply(member, internal["thread"], "Bagaimana menurut @luar, @staf dan @anggota_unit? cc @clo")
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == {"clo"}  # the CLO (admin) may see every community; outsiders get nothing
    for who in ["asn_elsewhere", "staff", "unit_member"]:
        assert services.notifications_for(visitors[who]) == []


def test_subscribers_who_lose_access_get_no_notifications_list_or_digest(client, institution, make_community):
    visitors = institution["visitors"]
    member, outsider = visitors["kelompok_member"], visitors["asn_elsewhere"]
    community = make_community("Komunitas ASN", level=AccessLevel.ASN, moderators=[member])
    services.join(outsider, community)
    thread = services.create_thread(member, community, "Judul awal yang terbuka", "Isi")
    assert Notification.objects.filter(user=outsider, thread=thread).exists()
    Subscription.objects.get_or_create(user=outsider, thread=thread)

    # The community becomes internal to its kelompok: old notifications vanish, new ones are never made.
    community.access_level, community.owner_kelompok = AccessLevel.INTERNAL, institution["kelompok"]
    community.save_revision().publish()
    community.refresh_from_db()
    thread.title = SECRET
    thread.save()
    services.add_reply(member, thread, "Balasan internal")
    services.create_thread(member, community, "Utas internal kedua", "Isi")
    assert Notification.objects.filter(user=outsider).count() == 1  # only the one from before the change
    assert services.notifications_for(outsider) == []
    assert services.unread_count(outsider) == 0
    client.force_login(outsider)
    page = client.get("/komunitas/notifikasi/").content.decode()
    assert SECRET not in page and "Judul awal" not in page and community.title not in page

    mail.outbox.clear()
    services.send_digests()
    assert all(outsider.email not in m.to for m in mail.outbox)
    assert all(SECRET not in m.body for m in mail.outbox if m.to != [member.email])
    assert not Notification.objects.filter(user=outsider, emailed_at__isnull=True).exists()


def test_digest_of_a_member_lists_only_visible_communities(institution, make_community):
    visitors = institution["visitors"]
    member, staff = visitors["kelompok_member"], visitors["staff"]
    open_cop = make_community("Komunitas ASN terbuka", level=AccessLevel.ASN, moderators=[member])
    services.join(staff, open_cop)
    services.create_thread(member, open_cop, "Topik terbuka", "Isi")
    internal = make_community(
        "Komunitas tertutup", level=AccessLevel.INTERNAL, owner_kelompok=institution["kelompok"], moderators=[member]
    )
    # Even a stale subscription row can never route internal news to an outsider.
    Subscription.objects.create(user=staff, community=internal)
    services.create_thread(member, internal, SECRET, "Isi")
    mail.outbox.clear()
    services.send_digests()
    staff_mail = [m for m in mail.outbox if m.to == [staff.email]]
    assert len(staff_mail) == 1
    assert "Topik terbuka" in staff_mail[0].body and SECRET not in staff_mail[0].body
    assert "Komunitas tertutup" not in staff_mail[0].body
