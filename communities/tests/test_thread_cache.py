"""The shared fragments of the forum pages (communities/fragments.py): a thread's posts and the forums list's cards
are rendered once per audience and role, never carry another visitor's bits, and every change shows at once."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from communities import services
from communities.models import Reaction, Reply, Thread
from corpu.access import AccessLevel
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LIKE = Reaction.Kind.LIKE


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def cop(make_community):
    moderator = UserFactory(username="moderator", nama="Moderator Komunitas")
    community = make_community("Komunitas Jalan dan Jembatan", moderators=[moderator])
    ani, budi = UserFactory(username="ani", nama="Ani"), UserFactory(username="budi", nama="Budi")
    for member in (ani, budi):
        services.join(member, community)
    thread = services.create_thread(ani, community, "Perawatan jembatan", "Bagaimana jadwalnya?")
    answer = services.add_reply(budi, thread, "Setiap enam bulan.")
    return {
        "community": community,
        "moderator": moderator,
        "ani": ani,
        "budi": budi,
        "thread": thread,
        "answer": answer,
    }


def page_of(user, thread, client=None):
    client = client or Client()
    if user is not None:
        client.force_login(user)
    response = client.get(f"/komunitas/utas/{thread.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "⟦" not in html  # every slot filled
    return html


def edit_url(post):
    return f"/komunitas/pos/{post.pk}/ubah/"


def report_url(post):
    return f"/komunitas/pos/{post.pk}/laporkan/"


def pressed(html, post):
    section = html.split(f'id="pos-{post.pk}"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'value="(\w+)" aria-pressed="(true|false)"', section)


def test_another_members_buttons_and_reactions_never_appear(cop):
    ani, budi, thread, answer = cop["ani"], cop["budi"], cop["thread"], cop["answer"]
    opening = thread.replies.get(is_opening=True)
    services.toggle_reaction(ani, answer, LIKE)
    seen_by_ani = page_of(ani, thread)  # computed and cached for the members' role first
    assert edit_url(opening) in seen_by_ani and edit_url(answer) not in seen_by_ani
    assert report_url(answer) in seen_by_ani and report_url(opening) not in seen_by_ani
    assert (LIKE, "true") in pressed(seen_by_ani, answer)
    assert "Tandai sebagai jawaban" in seen_by_ani  # Ani asked the question
    seen_by_budi = page_of(budi, thread)  # from the cache
    assert edit_url(answer) in seen_by_budi and edit_url(opening) not in seen_by_budi
    assert report_url(opening) in seen_by_budi and report_url(answer) not in seen_by_budi
    assert (LIKE, "true") not in pressed(seen_by_budi, answer) and (LIKE, "false") in pressed(seen_by_budi, answer)
    assert "Tandai sebagai jawaban" not in seen_by_budi
    assert "Suka 1" in seen_by_budi


def test_the_csrf_token_in_a_cached_fragment_is_the_visitors_own(cop):
    page_of(cop["ani"], cop["thread"])  # cached with Ani's request
    budi = Client(enforce_csrf_checks=True)
    html = page_of(cop["budi"], cop["thread"], client=budi)
    section = html.split(f'id="pos-{cop["answer"].pk}"', 1)[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', section).group(1)
    react = f"/komunitas/pos/{cop['answer'].pk}/reaksi/"
    response = budi.post(react, {"kind": LIKE, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Reaction.objects.filter(user=cop["budi"], reply=cop["answer"], kind=LIKE).exists()


def test_a_moderators_controls_never_leak_to_a_member_nor_a_reader(cop):
    services.edit_post(cop["budi"], cop["answer"], "Setiap enam bulan, dan setelah banjir.")
    moderator = page_of(cop["moderator"], cop["thread"])  # cached for moderators first
    hide = f"/komunitas/pos/{cop['answer'].pk}/moderasi/"
    assert hide in moderator and "Riwayat suntingan (1)" in moderator and edit_url(cop["answer"]) in moderator
    for user in (cop["budi"], UserFactory(username="pembaca")):
        seen = page_of(user, cop["thread"])
        assert hide not in seen and "Riwayat suntingan" not in seen and "Sembunyikan pos" not in seen
    reader = page_of(UserFactory(username="pembaca2"), cop["thread"])
    assert edit_url(cop["answer"]) not in reader and f"/komunitas/pos/{cop['answer'].pk}/reaksi/" not in reader
    assert "Pulihkan" not in page_of(cop["budi"], cop["thread"])


def test_a_hidden_post_cached_for_moderators_never_shows_to_members(cop):
    services.hide_post(cop["moderator"], cop["answer"], "Iklan")
    assert "Setiap enam bulan." in page_of(cop["moderator"], cop["thread"])  # moderators still read it
    member = page_of(cop["budi"], cop["thread"])
    assert "Setiap enam bulan." not in member and "Pos ini disembunyikan oleh moderator." in member


def test_a_reply_an_edit_a_reaction_and_a_hide_show_at_once(cop):
    thread, budi, ani = cop["thread"], cop["budi"], cop["ani"]
    assert "Suka 0" in page_of(budi, thread)  # cached
    post = services.add_reply(ani, thread, "Terima kasih, jelas sekali.")
    assert "Terima kasih, jelas sekali." in page_of(budi, thread)
    services.edit_post(ani, post, "Terima kasih, sudah kami jadwalkan.")
    assert "sudah kami jadwalkan" in page_of(budi, thread) and "jelas sekali" not in page_of(budi, thread)
    services.toggle_reaction(ani, cop["answer"], LIKE)
    seen = page_of(budi, thread)
    assert "Suka 1" in seen and (LIKE, "false") in pressed(seen, cop["answer"])
    assert (LIKE, "true") in pressed(page_of(ani, thread), cop["answer"])
    services.toggle_reaction(budi, cop["answer"], LIKE)
    assert (LIKE, "true") in pressed(page_of(budi, thread), cop["answer"])
    services.hide_post(cop["moderator"], post, "Salah utas")
    assert "sudah kami jadwalkan" not in page_of(budi, thread)
    services.accept_answer(ani, thread, cop["answer"])
    assert "Jawaban diterima" in page_of(budi, thread)


def _thread_with(cop, replies):
    thread = services.create_thread(cop["ani"], cop["community"], f"Utas {replies}", "Pertanyaan")
    Reply.objects.bulk_create(
        Reply(thread=thread, author=cop["budi"], body_source=f"Balasan {i}", body_html=f"<p>Balasan {i}</p>")
        for i in range(replies)
    )
    for post in thread.replies.filter(is_opening=False)[:5]:
        services.toggle_reaction(cop["ani"], post, LIKE)
        services.edit_post(cop["budi"], post, "Diperbaiki")
    return thread


@pytest.mark.parametrize("who", ["moderator", "budi"])
def test_thread_queries_are_the_same_for_10_and_100_posts_computed_or_cached(client, cop, who):
    user = cop[who]
    client.force_login(user)
    client.get(f"/komunitas/utas/{cop['thread'].pk}/")  # warm: the session and per-user caches are filled once
    counts = {}
    for replies in (10, 100):
        thread = _thread_with(cop, replies)
        for state in ("computed", "cached"):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(f"/komunitas/utas/{thread.pk}/").status_code == 200
            counts[replies, state] = len(captured)
    assert counts[10, "computed"] == counts[100, "computed"], counts
    assert counts[10, "cached"] == counts[100, "cached"], counts
    assert counts[100, "cached"] < counts[100, "computed"], counts


def cards(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    html = client.get("/komunitas/").content.decode()
    return html.split('<div class="grid grid--2">', 1)[1].split("</div>", 1)[0]


def test_a_restricted_community_cached_for_its_audience_never_shows_to_a_lower_one(
    client, institution, cop, make_community
):
    visitors = institution["visitors"]
    make_community("Komunitas Internal KK", level=AccessLevel.INTERNAL, owner_kelompok=institution["kelompok"])
    make_community("Komunitas Terbuka", level=AccessLevel.PUBLIC)
    assert "Komunitas Internal KK" in cards(client, visitors["kelompok_member"])  # cached for that audience
    for user in (visitors["staff"], visitors["asn_elsewhere"], None, None):
        seen = cards(client, user)
        assert "Komunitas Internal KK" not in seen and "Komunitas Terbuka" in seen
    assert "Komunitas Jalan dan Jembatan" not in cards(client, None)  # an ASN community


def test_joins_new_threads_and_hidden_threads_show_at_once_on_the_forums_list(client, cop):
    viewer = UserFactory(username="penonton")
    assert "2 anggota · 1 utas" in cards(client, viewer)  # cached
    services.join(viewer, cop["community"])
    assert "3 anggota · 1 utas" in cards(client, viewer)
    services.create_thread(cop["budi"], cop["community"], "Utas kedua", "Isi")
    assert "3 anggota · 2 utas" in cards(client, viewer)
    services.hide_thread(cop["moderator"], cop["thread"], "Duplikat")
    assert "3 anggota · 1 utas" in cards(client, viewer)
    services.leave(viewer, cop["community"])
    assert "2 anggota · 1 utas" in cards(client, viewer)


def test_the_unread_count_follows_new_notifications_and_reading_them(client, cop):
    ani = cop["ani"]
    client.force_login(ani)
    before = client.get("/komunitas/").content.decode()
    assert "Notifikasi komunitas (1)" in before  # Budi's answer to her thread, counted and cached
    services.add_reply(cop["budi"], cop["thread"], "Tambahan: periksa juga sambungannya.")
    assert "Notifikasi komunitas (2)" in client.get("/komunitas/").content.decode()
    client.get("/komunitas/notifikasi/")
    assert "Notifikasi komunitas (" not in client.get("/komunitas/").content.decode()


def test_standing_answers_as_the_separate_checks_do(cop, institution):
    from communities.models import Membership, Subscription

    community, thread = cop["community"], cop["thread"]
    by_role = UserFactory(username="modperan")
    Membership.objects.create(user=by_role, community=community, role=Membership.Role.MODERATOR)
    waiting = UserFactory(username="menunggu")
    Membership.objects.create(user=waiting, community=community, status=Membership.Status.PENDING)
    users = [cop["moderator"], cop["ani"], cop["budi"], by_role, waiting, institution["visitors"]["admin"]]
    for user in users:
        expected = (
            services.is_moderator(user, community),
            services.can_post(user, community),
            Subscription.objects.filter(user=user, thread=thread).exists(),
        )
        assert services.standing(user, thread) == expected, user.username
        annotated = services.with_standing(Thread.objects.all(), user).get(pk=thread.pk)
        assert services.standing(user, annotated) == expected, user.username


@pytest.mark.parametrize("who", ["moderator", "ani", "budi"])
def test_the_thread_page_reads_the_thread_and_the_visitors_standing_in_one_query(client, cop, who):
    client.force_login(cop[who])
    url = f"/komunitas/utas/{cop['thread'].pk}/"
    client.get(url)  # warm: the session and per-user caches are filled once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    reads = [query["sql"] for query in captured if 'FROM "communities_thread"' in query["sql"]]
    assert len(reads) == 1, reads
    shown = (response.context["is_moderator"], response.context["can_post"], response.context["subscribed"])
    assert shown == services.standing(cop[who], Thread.objects.get(pk=cop["thread"].pk))
