"""ledger.services.home.home_summary: the JP part of Beranda saya."""

import datetime

import pytest
from django.utils import timezone

from ledger import services
from ledger.models import Notification, Source, Status
from ledger.services.home import home_summary
from tests.factories import UserFactory
from tests.home_helpers import submission

pytestmark = pytest.mark.django_db


def test_this_years_jp_against_the_target_with_the_mix_and_a_hint():
    user = UserFactory()
    day = timezone.localdate().replace(month=2, day=3)
    services.record_activity(user, "seminar", "Seminar jalan", day, day, 1, "hari", status=Status.VERIFIED)
    data = home_summary(user)
    summary = data["summary"]
    assert summary["target_jp"] == 20 and 0 < summary["total_jp"] < 20 and not summary["met"]
    assert summary["hint"].startswith("Kurang")
    assert [b["key"] for b in data["buckets"]] == ["classical", "guidance", "workplace"]
    assert sum(b["jp"] for b in data["buckets"]) == summary["total_jp"]


def test_own_submissions_with_status_and_unread_notifications_left_unread():
    user, other = UserFactory(), UserFactory()
    submission(user, "Diajukan")
    submission(user, "Ditolak", status=Status.REJECTED)
    submission(other, "Milik orang lain")
    day = timezone.localdate()
    services.record_activity(user, "e_learning", "Kursus", day, day, 2, "jp", source=Source.COURSE_COMPLETION)
    data = home_summary(user)
    assert {(e.title, e.status) for e in data["submissions"]} == {("Diajukan", "submitted"), ("Ditolak", "rejected")}
    assert [n.entry.title for n in data["notifications"]] == ["Ditolak"]
    assert Notification.objects.get(user=user).read_at is None


def test_constant_queries_whatever_the_number_of_submissions(django_assert_max_num_queries):
    user = UserFactory()
    start = timezone.localdate().replace(month=1, day=1)
    for n in range(2):
        submission(user, f"Satu {n}", status=Status.REJECTED, day=start + datetime.timedelta(days=n))
    with django_assert_max_num_queries(20) as small:
        home_summary(user)
    for n in range(8):
        submission(user, f"Dua {n}", status=Status.REJECTED, day=start + datetime.timedelta(days=10 + n))
    with django_assert_max_num_queries(len(small.captured_queries)):
        home_summary(user)
