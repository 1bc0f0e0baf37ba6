"""The thread page costs the same number of queries however many replies it shows, and every text a member can
post (thread, reply, edit) has the same size limit, refused with a message instead of being cut or stored."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communities import services
from communities.models import Reaction, Reply, Thread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cop(make_community):
    moderator = UserFactory(username="moderator", nama="Moderator Komunitas")
    community = make_community("Komunitas Jalan dan Jembatan", moderators=[moderator])
    members = [UserFactory(username=f"anggota{i}") for i in range(3)]
    for member in members:
        services.join(member, community)
    return {"community": community, "moderator": moderator, "members": members}


def _thread_with(cop, replies):
    author, *others = cop["members"]
    thread = services.create_thread(author, cop["community"], "Perawatan jembatan", "Bagaimana jadwalnya?")
    for i in range(replies):
        who = others[i % len(others)]
        post = services.add_reply(who, thread, f"Balasan nomor {i}")
        services.edit_post(who, post, f"Balasan nomor {i}, diperbaiki")
        services.toggle_reaction(author, post, Reaction.Kind.values[0])
    return thread


def _queries(client, user, thread):
    client.force_login(user)
    client.get(f"/komunitas/utas/{thread.pk}/")  # warm: the session and per-user caches are filled once
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/komunitas/utas/{thread.pk}/")
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("who", ["moderator", "member"])
def test_thread_page_queries_do_not_grow_with_replies(client, cop, who):
    user = cop["moderator"] if who == "moderator" else cop["members"][1]
    few, _page = _queries(client, user, _thread_with(cop, 3))
    many, page = _queries(client, user, _thread_with(cop, 30))
    assert many == few, f"{few} queries with 3 replies, {many} with 30"
    assert page.count('id="pos-') == 25  # the first page of 31 posts
    if who == "moderator":
        assert page.count("Riwayat suntingan (1)") == 24  # each edited reply shows its revision count
    else:
        assert "Riwayat suntingan" not in page
        assert page.count(">Ubah<") == 12  # the member may edit exactly their own replies


def test_a_long_thread_is_paged_and_a_link_to_a_post_opens_its_page(client, cop):
    member = cop["members"][1]
    thread = _thread_with(cop, 30)
    posts = list(thread.replies.values_list("pk", flat=True))
    client.force_login(member)
    url = f"/komunitas/utas/{thread.pk}/"
    first = client.get(url).content.decode()
    assert f'id="pos-{posts[24]}"' in first and f'id="pos-{posts[25]}"' not in first
    assert "Halaman 1 dari 2" in first and 'rel="next" href="?halaman=2"' in first
    second = client.get(url + "?halaman=2").content.decode()
    assert second.count('id="pos-') == 6 and f'id="pos-{posts[-1]}"' in second
    assert 'rel="prev" href="?halaman=1"' in second and "Halaman 2 dari 2" in second
    assert f'id="pos-{posts[27]}"' in client.get(url + f"?pos={posts[27]}").content.decode()
    response = client.post(url + "balas/", {"body": "Balasan terbaru"})  # back to the page with the new post
    new = thread.replies.latest("created_at", "pk")
    assert response.url == f"{url}?pos={new.pk}#pos-{new.pk}"
    assert "Balasan terbaru" in client.get(response.url).content.decode()


def test_reply_thread_and_edit_share_one_size_limit(cop):
    member = cop["members"][0]
    limit = services.MAX_POST_LENGTH
    thread = services.create_thread(member, cop["community"], "Judul", "x" * limit)
    reply = services.add_reply(member, thread, "y" * limit)
    too_long = "z" * (limit + 1)
    for attempt in (
        lambda: services.add_reply(member, thread, too_long),
        lambda: services.create_thread(member, cop["community"], "Judul lain", too_long),
        lambda: services.edit_post(member, reply, too_long),
    ):
        with pytest.raises(ValidationError, match=str(limit)):
            attempt()
    reply.refresh_from_db()
    assert reply.body_source == "y" * limit  # nothing stored, nothing cut
    assert Reply.objects.filter(thread=thread).count() == 2
    assert Thread.objects.count() == 1


def test_an_overlong_title_is_refused_not_cut(cop):
    with pytest.raises(ValidationError):
        services.create_thread(cop["members"][0], cop["community"], "J" * 201, "Isi")
    assert not Thread.objects.exists()


def test_overlong_reply_from_the_page_keeps_the_text_for_the_member(client, cop):
    member = cop["members"][0]
    thread = services.create_thread(member, cop["community"], "Judul", "Isi")
    client.force_login(member)
    page = client.get(f"/komunitas/utas/{thread.pk}/").content.decode()
    assert f'maxlength="{services.MAX_POST_LENGTH}"' in page  # the browser stops the member before sending
    response = client.post(
        f"/komunitas/utas/{thread.pk}/balas/",
        {"body": "a" * (services.MAX_POST_LENGTH + 1)},
        HTTP_REFERER=f"http://testserver/komunitas/utas/{thread.pk}/",
        follow=True,
    )
    assert str(services.MAX_POST_LENGTH) in response.content.decode()
    assert thread.replies.count() == 1


def test_overlong_edit_keeps_the_text_in_the_form(client, cop):
    member = cop["members"][0]
    thread = services.create_thread(member, cop["community"], "Judul", "Isi awal")
    client.force_login(member)
    text = "b" * (services.MAX_POST_LENGTH + 1)
    response = client.post(f"/komunitas/pos/{thread.opening.pk}/ubah/", {"body": text})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page and text in page
    thread.opening.refresh_from_db()
    assert thread.opening.body_source == "Isi awal"
