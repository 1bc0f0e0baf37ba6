"""seed_demo's programmes: delivered as the demo course, the demo CoP session and external activities, with
invitations some of which are answered; seeding twice changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from planning.models import Delivery, LearningProgramme, ProgrammeInvitation, Response


def snapshot():
    return (
        sorted(LearningProgramme.objects.values_list("title", "delivery", "course_id", "cop_session_id", "status")),
        sorted(ProgrammeInvitation.objects.values_list("programme__title", "user_id", "response")),
    )


@pytest.mark.django_db
def test_demo_programmes_are_delivered_and_invited_and_seeding_twice_changes_nothing():
    call_command("seed_demo", stdout=io.StringIO())
    year = timezone.localdate().year
    items = LearningProgramme.objects.filter(year=year)
    assert items.filter(delivery=Delivery.COURSE, course__isnull=False).exists()
    assert items.filter(delivery=Delivery.COP, cop_session__isnull=False).exists()
    assert items.filter(delivery=Delivery.EXTERNAL).exclude(link="").exists()
    answers = set(ProgrammeInvitation.objects.values_list("response", flat=True))
    assert {Response.ACCEPTED, Response.DECLINED, ""} <= answers
    assert all(item.invitations.exists() for item in items)
    before = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == before
