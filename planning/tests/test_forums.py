"""Learning forums: a strategis forum from the recap to a decision that creates a programme, the IDP rows that
show it, and who may schedule and decide."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from planning.lan import Level, Method, Priority
from planning.models import DecisionKind, Delivery, LearningProgramme, Verification
from planning.services import forums, verification
from planning.services.recap import clo_recap

from .conftest import YEAR, agreed_plan

WHEN = timezone.make_aware(datetime.datetime(2026, 4, 7, 9, 0))


def programme_data(world, **extra):
    return {
        "title": "Pelatihan Komunikasi Publik",
        "objective": "Mampu menyampaikan laporan teknis dengan jelas",
        "method": Method.FORMAL,
        "organiser": "BKPSDM",
        "facilitators": "Widyaiswara BPSDM Kalsel",
        "starts_on": datetime.date(2026, 5, 4),
        "ends_on": datetime.date(2026, 5, 6),
        "delivery": Delivery.EXTERNAL,
        "target_units": [world["bidang"]],
        "target_positions": "",
        **extra,
    }


@pytest.fixture
def verified(world):
    """The employee's plan in verification, both rows verified at the level the row proposes."""
    plan = agreed_plan(world)
    verification.start_verification(world["clo"], YEAR)
    for v in Verification.objects.select_related("row"):
        verification.verify_row(v, world["clo"], Priority.HIGH, v.row.method or Method.FORMAL, v.row.level)
    return plan


def strategic_line():
    return next(line for line in clo_recap(YEAR) if line.level == Level.STRATEGIC)


def test_strategis_forum_from_recap_to_programme_and_the_idp_row_shows_it(world, verified, client):
    forum = forums.schedule(world["clo"], YEAR, Level.STRATEGIC, WHEN, place="Aula BKPSDM")
    assert "Komunikasi" in forum.agenda and "Pengawasan Konstruksi Jalan" not in forum.agenda
    invited = {p.user.username for p in forum.participants.select_related("user")}
    assert {"sekda", "clo", "ketua_infra", "ketua_asn"} <= invited
    assert not invited & {"anggota_asn", "rizky"}

    line = strategic_line()
    decision = forums.decide(
        world["clo"], forum, DecisionKind.ACCEPTED, line.verification_ids, programme=programme_data(world)
    )
    programme = LearningProgramme.objects.get(decision=decision)
    assert (programme.level, programme.competency, programme.year) == (Level.STRATEGIC, world["komunikasi"], YEAR)
    assert forums.open_lines(YEAR, Level.STRATEGIC) == []  # the agenda of the next forum no longer lists it

    c_row = verified.rows.get(competency=world["komunikasi"])
    other_row = verified.rows.get(competency=world["jalan"])
    answers = forums.row_answers(verified)
    assert answers[c_row.pk] == decision and other_row.pk not in answers
    client.force_login(world["employee"])
    page = client.get(reverse("planning:plan", args=[verified.pk])).content.decode()
    assert "Kebutuhan diterima" in page and "Pelatihan Komunikasi Publik" in page


def test_rejected_and_moved_need_a_reason_and_moved_a_level(world, verified):
    forum = forums.schedule(world["clo"], YEAR, Level.STRATEGIC, WHEN, video_url="https://meet.example.org/x")
    ids = strategic_line().verification_ids
    with pytest.raises(ValidationError):
        forums.decide(world["clo"], forum, DecisionKind.REJECTED, ids)
    with pytest.raises(ValidationError):
        forums.decide(world["clo"], forum, DecisionKind.MOVED, ids, reason="Lintas kelompok", moved_to=Level.STRATEGIC)
    with pytest.raises(ValidationError):
        forums.decide(world["clo"], forum, DecisionKind.ACCEPTED, ids)  # no programme
    moved = forums.decide(
        world["clo"], forum, DecisionKind.MOVED, ids, reason="Lintas kelompok", moved_to="operasional"
    )
    assert moved.verifications.count() == len(ids)
    assert forums.open_lines(YEAR, Level.STRATEGIC) == []
    assert [line.verification_ids for line in forums.open_lines(YEAR, Level.OPERATIONAL)] == [ids]


def test_only_the_clo_or_the_ketua_of_the_kelompok_schedules(world, verified):
    for outsider in (world["employee"], world["sekda"], world["member_asn"]):
        with pytest.raises(PermissionDenied):
            forums.schedule(outsider, YEAR, Level.STRATEGIC, WHEN, place="Aula")
    with pytest.raises(PermissionDenied):  # a ketua of another kelompok
        forums.schedule(world["ketua_infra"], YEAR, Level.TECHNICAL, WHEN, kelompok=world["kk_asn"], place="R. 2")
    with pytest.raises(PermissionDenied):  # a ketua schedules only teknis
        forums.schedule(world["ketua_asn"], YEAR, Level.STRATEGIC, WHEN, place="R. 2")
    forum = forums.schedule(world["ketua_infra"], YEAR, Level.TECHNICAL, WHEN, kelompok=world["kk_infra"], place="R. 2")
    assert "Pengawasan Konstruksi Jalan" in forum.agenda
    assert {p.user.username for p in forum.participants.select_related("user")} == {"ketua_infra"}


def test_only_the_chair_or_the_clo_decides_and_records_attendance(world, verified):
    forum = forums.schedule(world["ketua_infra"], YEAR, Level.TECHNICAL, WHEN, kelompok=world["kk_infra"], place="R. 2")
    for outsider in (world["employee"], world["ketua_asn"], world["sekda"]):
        with pytest.raises(PermissionDenied):
            forums.decide(outsider, forum, DecisionKind.DESIGN, reason="Desain disetujui")
        with pytest.raises(PermissionDenied):
            forums.record_attendance(outsider, forum, [outsider.pk])
    forums.record_attendance(world["ketua_infra"], forum, [world["ketua_infra"].pk], minutes="Rapat dibuka.")
    assert forum.participants.get(user=world["ketua_infra"]).attended
    assert forums.decide(world["clo"], forum, DecisionKind.FINDING, follow_up="Tambah sesi praktik")
