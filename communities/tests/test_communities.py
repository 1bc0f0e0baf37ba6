"""Membership, posting, moderation, notifications, digests, attachments, search and CoP sessions."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from communities import services
from communities.models import Attendance, JoinMode, Membership, Notification, PostRevision, Report, Thread
from corpu.access import AccessLevel
from ledger.models import Entry, Rulebook
from ledger.services import employee_year_summary
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def cop(make_community):
    moderator = UserFactory(username="moderator", nama="Moderator Komunitas")
    community = make_community("Komunitas Jalan dan Jembatan", moderators=[moderator])
    asker = UserFactory(username="penanya", nama="Siti Penanya")
    answerer = UserFactory(username="penjawab", nama="Budi Penjawab")
    services.join(asker, community)
    services.join(answerer, community)
    return {"community": community, "moderator": moderator, "asker": asker, "answerer": answerer}


def test_open_join_and_approval_join(make_community):
    moderator, user = UserFactory(), UserFactory()
    open_cop = make_community("Terbuka")
    assert services.join(user, open_cop).status == Membership.Status.ACTIVE
    assert services.is_member(user, open_cop)
    closed = make_community("Dengan persetujuan", join_mode=JoinMode.APPROVAL, moderators=[moderator])
    membership = services.join(user, closed)
    assert membership.status == Membership.Status.PENDING and not services.can_post(user, closed)
    with pytest.raises(PermissionDenied):
        services.create_thread(user, closed, "Tanya", "Isi")
    assert list(services.moderation_queue(moderator, closed)["pending"]) == [membership]
    services.approve_membership(moderator, membership)
    assert services.can_post(user, closed)
    services.leave(user, closed)
    assert not services.is_member(user, closed)


def test_non_member_cannot_post_but_may_read_public_community(client, make_community):
    community = make_community("Publik", level=AccessLevel.PUBLIC)
    moderator = UserFactory()
    community.moderators.set([moderator])
    community.save_revision().publish()
    thread = services.create_thread(moderator, community, "Jadwal pemeliharaan rutin", "Bagaimana menyusunnya?")
    outsider = UserFactory()
    with pytest.raises(PermissionDenied):
        services.add_reply(outsider, thread, "Saya mau jawab")
    assert "Jadwal pemeliharaan rutin" in client.get(community.url).content.decode()
    assert client.get(f"/komunitas/utas/{thread.pk}/").status_code == 200
    client.force_login(outsider)
    assert client.post(f"/komunitas/utas/{thread.pk}/balas/", {"body": "x"}).status_code == 403


def test_thread_reply_quote_mention_accept_flow(client, cop):
    community, asker, answerer = cop["community"], cop["asker"], cop["answerer"]
    client.force_login(asker)
    response = client.post(
        f"/komunitas/{community.pk}/utas-baru/",
        {"title": "Cara menghitung volume galian", "body": "Mohon masukan, @penjawab."},
    )
    thread = Thread.objects.get(title="Cara menghitung volume galian")
    assert response.status_code == 302 and response["Location"] == f"/komunitas/utas/{thread.pk}/"
    assert Notification.objects.filter(user=answerer, kind=Notification.Kind.MENTION, thread=thread).exists()
    assert 'class="mention">@penjawab' in thread.opening.body_html

    reply = services.add_reply(answerer, thread, "Pakai metode *cut and fill*.", quote=thread.opening)
    assert reply.quote == thread.opening
    assert Notification.objects.filter(user=asker, kind=Notification.Kind.REPLY, reply=reply).exists()
    page = client.get(f"/komunitas/utas/{thread.pk}/").content.decode()
    assert "Pakai metode <em>cut and fill</em>." in page and "menulis:" in page

    with pytest.raises(PermissionDenied):
        services.accept_answer(answerer, thread, reply)  # neither the asker nor a moderator
    client.post(f"/komunitas/pos/{reply.pk}/terima/")
    thread.refresh_from_db()
    assert thread.solved and thread.accepted_reply == reply
    assert Notification.objects.filter(user=answerer, kind=Notification.Kind.ACCEPTED).exists()


def test_reactions_toggle(cop):
    thread = services.create_thread(cop["asker"], cop["community"], "Judul", "Isi")
    assert services.toggle_reaction(cop["answerer"], thread.opening, "membantu") is True
    assert thread.opening.reactions.count() == 1
    assert services.toggle_reaction(cop["answerer"], thread.opening, "membantu") is False
    assert thread.opening.reactions.count() == 0


def test_moderation_pin_lock_hide_restore_and_report_queue(client, cop):
    community, moderator, asker, answerer = cop["community"], cop["moderator"], cop["asker"], cop["answerer"]
    thread = services.create_thread(asker, community, "Topik", "Isi topik")
    reply = services.add_reply(answerer, thread, "Konten promosi tidak relevan")
    with pytest.raises(PermissionDenied):
        services.set_thread_flag(asker, thread, "pinned", True)
    services.set_thread_flag(moderator, thread, "pinned", True)
    services.set_thread_flag(moderator, thread, "locked", True)
    thread.refresh_from_db()
    assert thread.pinned and thread.locked
    with pytest.raises(ValidationError):
        services.add_reply(asker, thread, "Masih bisa?")
    services.set_thread_flag(moderator, thread, "locked", False)

    services.report_post(asker, reply, "Spam")
    queue = services.moderation_queue(moderator, community)
    assert [r.reply for r in queue["reports"]] == [reply]
    with pytest.raises(PermissionDenied):
        services.moderation_queue(asker, community)
    client.force_login(moderator)
    assert "Spam" in client.get(f"/komunitas/{community.pk}/moderasi/").content.decode()

    with pytest.raises(ValidationError):
        services.hide_post(moderator, reply, "")
    services.hide_post(moderator, reply, "Promosi")
    assert not Report.objects.filter(resolved=False).exists()
    client.force_login(asker)
    page = client.get(f"/komunitas/utas/{thread.pk}/").content.decode()
    assert "Konten promosi" not in page and "Promosi" in page
    client.force_login(moderator)
    assert "Konten promosi" in client.get(f"/komunitas/utas/{thread.pk}/").content.decode()
    services.restore_post(moderator, reply)
    client.force_login(asker)
    assert "Konten promosi" in client.get(f"/komunitas/utas/{thread.pk}/").content.decode()

    services.hide_thread(moderator, thread, "Di luar topik")
    assert "Topik" not in [t.title for t in services.visible_threads(asker, community)]
    assert client.get(f"/komunitas/utas/{thread.pk}/").status_code == 404
    services.restore_thread(moderator, thread)
    assert client.get(f"/komunitas/utas/{thread.pk}/").status_code == 200


def test_edit_history_is_kept_and_visible_to_moderators_only(client, cop):
    thread = services.create_thread(cop["asker"], cop["community"], "Judul", "Versi pertama")
    post = thread.opening
    services.edit_post(cop["asker"], post, "Versi kedua")
    with pytest.raises(PermissionDenied):
        services.edit_post(cop["answerer"], post, "Bukan milik saya")
    assert list(PostRevision.objects.filter(reply=post).values_list("body_source", flat=True)) == ["Versi pertama"]
    client.force_login(cop["asker"])
    assert client.get(f"/komunitas/pos/{post.pk}/riwayat/").status_code == 403
    client.force_login(cop["moderator"])
    history = client.get(f"/komunitas/pos/{post.pk}/riwayat/").content.decode()
    assert "Versi pertama" in history and "Versi kedua" in history


def test_attachments_are_validated_and_served_only_through_the_policy(client, cop, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    community, asker = cop["community"], cop["asker"]
    for name, content in [("x.exe", b"MZ"), ("x.html", b"<html>"), ("palsu.pdf", b"<script>"), ("a.svg", b"<svg/>")]:
        with pytest.raises(ValidationError):
            services.create_thread(asker, community, "Lampiran", "Isi", files=[SimpleUploadedFile(name, content)])
    big = SimpleUploadedFile("besar.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError):
        services.create_thread(asker, community, "Lampiran", "Isi", files=[big])
    assert not Thread.objects.filter(title="Lampiran").exists()
    thread = services.create_thread(
        asker, community, "Lampiran", "Isi", files=[SimpleUploadedFile("rab.pdf", PDF, "application/pdf")]
    )
    attachment = thread.opening.attachments.get()
    assert str(tmp_path) in attachment.file.path and "/media/" not in attachment.file.path
    url = f"/komunitas/lampiran/{attachment.pk}/"
    client.force_login(cop["answerer"])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and "attachment" in response["Content-Disposition"]
    client.logout()
    assert client.get(url).status_code == 302  # anonymous: sign in first (ASN community)


def test_notifications_only_for_viewers_and_digest_batches(cop, make_community):
    community, asker, answerer = cop["community"], cop["asker"], cop["answerer"]
    guest = UserFactory(username="tamu", jenis_pegawai="non_asn", nip=None)  # cannot see an ASN community
    thread = services.create_thread(asker, community, "Utas ramai", "Mari diskusi @tamu")
    assert not Notification.objects.filter(user=guest).exists()
    for n in range(6):
        services.add_reply(answerer, thread, f"Balasan {n}")
    assert Notification.objects.filter(user=asker, kind=Notification.Kind.REPLY).count() == 6
    mail.outbox.clear()
    assert services.send_digests() >= 1
    to_asker = [m for m in mail.outbox if m.to == [asker.email]]
    assert len(to_asker) == 1 and "Utas ramai" in to_asker[0].body
    assert to_asker[0].body.startswith(f"Yth. {asker.nama},") and "kabar baru dari komunitas" in to_asker[0].subject
    mail.outbox.clear()
    assert services.send_digests() == 0  # nothing pending: no second mail


def test_search_inside_a_community(cop):
    community, asker = cop["community"], cop["asker"]
    services.create_thread(asker, community, "Perawatan jembatan gantung", "Kabel baja berkarat")
    services.create_thread(asker, community, "Drainase jalan", "Saluran tersumbat")
    assert [t.title for t in services.search(asker, community, "kabel")] == ["Perawatan jembatan gantung"]
    assert [t.title for t in services.search(asker, community, "DRAINASE")] == ["Drainase jalan"]


@pytest.fixture
def session(cop):
    starts = timezone.make_aware(datetime.datetime(2025, 3, 4, 9, 0))
    return services.schedule_session(
        cop["moderator"], cop["community"], "Bedah kasus longsor", starts, Decimal("3"), place="Aula PUPR"
    )


def test_session_attendance_posts_one_verified_entry_idempotently(cop, session):
    attendees = [cop["asker"], cop["answerer"]]
    with pytest.raises(PermissionDenied):
        services.record_attendance(cop["asker"], session, attendees)
    services.record_attendance(cop["moderator"], session, attendees)
    services.record_attendance(cop["moderator"], session, attendees)  # again: nothing new
    entries = Entry.objects.filter(source="cop_session", source_ref=f"cop-session:{session.pk}")
    assert entries.count() == 2 and Attendance.objects.count() == 2
    entry = entries.get(employee=cop["asker"])
    assert entry.form == "komunitas_belajar" and entry.unit == "jp" and entry.quantity == 3
    assert entry.status == "verified" and entry.start_date == datetime.date(2025, 3, 4)
    with pytest.raises(ValidationError):
        services.record_attendance(cop["moderator"], session, [UserFactory()])  # not a member


def test_moderator_attending_their_own_session_gets_a_submitted_entry(cop, session):
    """Nobody verifies their own JP: the moderator's own attendance waits for a verifier."""
    services.record_attendance(cop["moderator"], session, [cop["moderator"], cop["asker"]])
    entries = Entry.objects.filter(source_ref=f"cop-session:{session.pk}")
    own = entries.get(employee=cop["moderator"])
    assert own.status == "submitted" and own.verifier is None
    assert entries.get(employee=cop["asker"]).status == "verified"


def test_rulebook_daily_cap_applies_to_session_jp(cop, session, make_community):
    services.record_attendance(cop["moderator"], session, [cop["asker"]])
    for slug in ("banjarbaru-2025", "blitar-2023"):
        rulebook = Rulebook.objects.get(slug=slug)
        assert employee_year_summary(cop["asker"], 2025, rulebook)["total_jp"] == 2  # 3 hours, ≤ 2 JP a day
    # a second session on the same day does not raise the day's JP above the cap
    same_day = services.schedule_session(
        cop["moderator"], cop["community"], "Sesi sore", session.starts_at + datetime.timedelta(hours=5), 2
    )
    services.record_attendance(cop["moderator"], same_day, [cop["asker"]])
    rulebook = Rulebook.objects.get(slug="banjarbaru-2025")
    assert employee_year_summary(cop["asker"], 2025, rulebook)["total_jp"] == 2


def test_session_view_records_attendance(client, cop, session):
    client.force_login(cop["moderator"])
    assert "Penanya" in client.get(f"/komunitas/sesi/{session.pk}/").content.decode()
    client.post(f"/komunitas/sesi/{session.pk}/", {"attendees": [cop["asker"].pk], "hours": "1.5"})
    assert Entry.objects.get(employee=cop["asker"]).quantity == Decimal("1.5")
    client.force_login(cop["asker"])
    assert client.get(f"/komunitas/sesi/{session.pk}/").status_code == 403


def test_send_digests_command(cop, capsys):
    from django.core.management import call_command

    services.create_thread(cop["asker"], cop["community"], "Topik baru", "Isi")
    call_command("send_digests")
    assert "e-mail ringkasan terkirim" in capsys.readouterr().out


def test_errors_send_members_back_only_to_this_site(client, cop):
    thread = services.create_thread(cop["asker"], cop["community"], "Judul", "Isi")
    client.force_login(cop["answerer"])
    url = f"/komunitas/pos/{thread.opening.pk}/reaksi/"
    response = client.post(url, {"kind": "bogus"}, HTTP_REFERER="https://evil.example/")
    assert response.status_code == 302 and response["Location"] == "/"
    response = client.post(url, {"kind": "bogus"}, HTTP_REFERER=f"http://testserver/komunitas/utas/{thread.pk}/")
    assert response["Location"] == f"http://testserver/komunitas/utas/{thread.pk}/"
    # a refused reply shows the thread again with the text kept (no redirect at all)
    response = client.post(f"/komunitas/utas/{thread.pk}/balas/", {"body": "  "}, HTTP_REFERER="https://evil.example/")
    assert response.status_code == 200 and "Isi balasan wajib diisi." in response.content.decode()


def test_moderator_approves_a_join_request_in_the_queue(client, make_community):
    moderator, user = UserFactory(), UserFactory()
    community = make_community("Dengan persetujuan", join_mode=JoinMode.APPROVAL, moderators=[moderator])
    client.force_login(user)
    client.post(f"/komunitas/{community.pk}/gabung/")
    membership = Membership.objects.get(user=user, community=community)
    assert membership.status == Membership.Status.PENDING
    client.force_login(moderator)
    client.post(f"/komunitas/{community.pk}/moderasi/", {"action": "approve", "membership": membership.pk})
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert Notification.objects.filter(user=user, kind=Notification.Kind.MEMBERSHIP).exists()


def test_community_page_lists_counts_and_searches_for_members(client, cop):
    community, asker, answerer, moderator = cop["community"], cop["asker"], cop["answerer"], cop["moderator"]
    thread = services.create_thread(asker, community, "Perawatan jembatan gantung", "Kabel baja berkarat")
    services.add_reply(answerer, thread, "Ganti klem kabel")
    hidden = services.add_reply(answerer, thread, "Kata kunci rahasia moderasi")
    services.hide_post(moderator, hidden, "Tidak relevan")
    services.create_thread(asker, community, "Drainase jalan", "Saluran tersumbat")
    client.force_login(asker)
    page = client.get(community.url).content.decode()
    assert "Perawatan jembatan gantung" in page and "1 balasan" in page and "Drainase jalan" in page
    found = client.get(community.url + "?q=klem").content.decode()
    assert "Perawatan jembatan gantung" in found and "Drainase jalan" not in found
    assert "Perawatan jembatan" not in client.get(community.url + "?q=kunci+rahasia").content.decode()
    client.force_login(moderator)
    assert "2 balasan" in client.get(community.url + "?q=kunci+rahasia").content.decode()
