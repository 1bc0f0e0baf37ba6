"""communities.services.home_activity: Beranda saya's active threads and next sessions, within the policy."""

import pytest
from django.utils import timezone

from communities.models import CopSession, Membership, Thread
from communities.services import home_activity
from corpu.access import AccessLevel
from tests.factories import GuestFactory, KeanggotaanFactory, KelompokFactory, UserFactory
from tests.home_helpers import add_community

pytestmark = pytest.mark.django_db


def thread(community, title, **extra):
    return Thread.objects.create(community=community, title=title, author=UserFactory(), **extra)


def test_threads_of_my_communities_and_my_kelompoks_only_where_the_policy_lets_me_read(home):
    kelompok, other_kelompok = KelompokFactory(), KelompokFactory()
    member = KeanggotaanFactory(kelompok=kelompok, user=UserFactory()).user
    joined = add_community(home, "Bergabung")
    owned = add_community(home, "Milik KK", level=AccessLevel.INTERNAL, kelompok=kelompok)
    elsewhere = add_community(home, "Lain")
    closed = add_community(home, "Tertutup", level=AccessLevel.INTERNAL, kelompok=other_kelompok)
    Membership.objects.create(user=member, community=joined)
    Membership.objects.create(user=member, community=closed)
    thread(joined, "Utas bergabung")
    thread(joined, "Utas tersembunyi", hidden=True)
    thread(owned, "Utas KK")
    thread(elsewhere, "Utas lain")
    thread(closed, "Utas tertutup")
    CopSession.objects.create(
        community=joined, title="Sesi depan", starts_at=timezone.now() + timezone.timedelta(days=1), duration_hours=1
    )
    CopSession.objects.create(
        community=joined, title="Sesi lalu", starts_at=timezone.now() - timezone.timedelta(days=1), duration_hours=1
    )
    data = home_activity(member)
    assert {t.title for t in data["threads"]} == {"Utas bergabung", "Utas KK"}
    assert [s.title for s in data["sessions"]] == ["Sesi depan"]
    guest = GuestFactory()
    Membership.objects.create(user=guest, community=owned)
    assert home_activity(guest)["threads"] == []


def test_constant_queries_whatever_the_number_of_threads(home, django_assert_max_num_queries):
    user = UserFactory()
    community = add_community(home, "Ramai")
    Membership.objects.create(user=user, community=community)
    for n in range(2):
        thread(community, f"a{n}")
    with django_assert_max_num_queries(6) as small:
        home_activity(user)
    for n in range(8):
        thread(community, f"b{n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(home_activity(user, limit=10)["threads"]) == 10
