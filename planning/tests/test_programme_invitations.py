"""Programme invitations: one per targeted employee (target unit and below, target position), e-mailed once in
Indonesian, re-sent only to new targets, answered only by the invited employee until the programme ends."""

import datetime
import io
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planning.lan import Level
from planning.models import DecisionKind, LearningProgramme, PlanAudit, ProgrammeInvitation, Response
from planning.services import forums, invitations, programmes
from tests.factories import UserFactory, unit

from .conftest import YEAR
from .programme_helpers import make_programme
from .test_forums import WHEN, programme_data, strategic_line, verified  # noqa: F401 (fixture)


def invited(programme):
    return set(ProgrammeInvitation.objects.filter(programme=programme).values_list("user__username", flat=True))


def test_a_forum_decision_invites_each_target_once_and_emails_them_once_in_indonesian(
    world,
    verified,  # noqa: F811
    mailoutbox,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.LANGUAGE_CODE = "id"
    UserFactory(username="kasi", unit_kerja=world["other"], jabatan="Kepala Seksi Jalan")
    UserFactory(username="seksi", unit_kerja=unit("Dinas PUPR/Bidang Bina Marga/Seksi Jalan"))
    UserFactory(username="pensiun", unit_kerja=world["bidang"], is_active=False)
    forum = forums.schedule(world["clo"], YEAR, Level.STRATEGIC, WHEN, place="Aula")
    data = programme_data(world, target_positions="kepala seksi jalan")
    with django_capture_on_commit_callbacks(execute=True):
        decision = forums.decide(
            world["clo"], forum, DecisionKind.ACCEPTED, strategic_line().verification_ids, programme=data
        )
    programme = LearningProgramme.objects.get(decision=decision)
    assert invited(programme) == {"rizky", "kolega", "kabid", "kasi", "seksi"}  # not kadis (above), not inactive
    assert sorted(m.to[0] for m in mailoutbox) == sorted(f"{u}@example.go.id" for u in invited(programme))
    rizky = next(m for m in mailoutbox if m.to == ["rizky@example.go.id"])
    assert rizky.subject == "[CorpU] Undangan program pembelajaran: Pelatihan Komunikasi Publik"
    assert rizky.body.startswith("Yth. Rizky Pratama, S.T.,")
    assert "4 Mei 2026 – 6 Mei 2026" in rizky.body
    assert reverse("planning:programme", args=[programme.pk]) in rizky.body
    assert ProgrammeInvitation.objects.filter(programme=programme, emailed_at__isnull=True).count() == 0

    mailoutbox.clear()
    out = io.StringIO()
    call_command("programme_invitations", "--tahun", str(YEAR), stdout=out)
    call_command("programme_invitations", "--tahun", str(YEAR), stdout=out)
    assert mailoutbox == [] and ProgrammeInvitation.objects.count() == 5
    assert "0 undangan baru, 0 surel terkirim" in out.getvalue()


def test_changed_targets_invite_and_email_only_the_new_ones(world, mailoutbox, django_capture_on_commit_callbacks):
    programme = make_programme(world)
    invitations.send_emails(programme.pk)
    first = {m.to[0] for m in mailoutbox}
    assert first == {"rizky@example.go.id", "kolega@example.go.id", "kabid@example.go.id"}
    mailoutbox.clear()
    programme = LearningProgramme.objects.prefetch_related("target_units").get(pk=programme.pk)
    with django_capture_on_commit_callbacks(execute=True):
        programmes.update(world["clo"], programme, {}, target_units=[world["bidang"], world["other"]])
    others = {"kadinkes", "clo", "sekda", "ketua_asn", "anggota_asn"}
    assert {m.to[0].split("@")[0] for m in mailoutbox} == others
    assert PlanAudit.objects.filter(action="programme_update", target=f"programme:{programme.pk}").exists()


def test_the_command_emails_invitations_made_without_email(world, mailoutbox):
    make_programme(world)  # invited, not e-mailed (as when the mail server was down)
    out = io.StringIO()
    call_command("programme_invitations", "--tahun", str(YEAR), stdout=out)
    assert len(mailoutbox) == 3 and "0 undangan baru, 3 surel terkirim" in out.getvalue()


def test_inviting_many_targets_runs_the_same_queries_as_few(world, django_assert_num_queries):
    small = make_programme(world, title="Kecil", units=[world["other"]])
    ProgrammeInvitation.objects.all().delete()
    small = LearningProgramme.objects.prefetch_related("target_units").get(pk=small.pk)
    with CaptureQueriesContext(connection) as few:
        invitations.invite(small, email=False)
    for _n in range(40):
        UserFactory(unit_kerja=world["other"])
    ProgrammeInvitation.objects.all().delete()
    with django_assert_num_queries(len(few.captured_queries)):
        made = invitations.invite(small, email=False)
    assert made == 45


def upcoming(world):
    today = datetime.date.today()
    return make_programme(world, starts_on=today, ends_on=today + datetime.timedelta(days=30))


def test_the_invited_employee_accepts_and_changes_their_mind(world, client):
    programme = upcoming(world)
    client.force_login(world["employee"])
    url = reverse("planning:programme_respond", args=[programme.pk])
    response = client.post(url, {"response": "accepted", "next": reverse("people:profil")})
    assert response.status_code == 302 and response["Location"] == reverse("people:profil")
    mine = ProgrammeInvitation.objects.get(programme=programme, user=world["employee"])
    assert mine.response == Response.ACCEPTED and mine.responded_at
    client.post(url, {"response": "declined", "next": "https://evil.example/"})
    mine.refresh_from_db()
    assert mine.response == Response.DECLINED
    assert PlanAudit.objects.filter(action="programme_invitation", actor=world["employee"]).count() == 2


def test_nobody_answers_someone_elses_invitation_or_without_csrf_or_after_the_end(world, client):
    programme = upcoming(world)
    colleague_invitation = ProgrammeInvitation.objects.get(programme=programme, user=world["colleague"])
    url = reverse("planning:programme_respond", args=[programme.pk])
    client.force_login(world["kadis"])  # not targeted: has no invitation to this programme
    assert client.post(url, {"response": "accepted"}).status_code == 404
    client.force_login(world["employee"])
    assert client.get(url).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world["employee"])
    assert strict.post(url, {"response": "accepted"}).status_code == 403
    with pytest.raises(PermissionDenied):
        invitations.respond(world["employee"], colleague_invitation, True)
    mine = ProgrammeInvitation.objects.get(programme=programme, user=world["employee"])
    with pytest.raises(ValidationError):
        invitations.respond(world["employee"], mine, True, today=programme.ends_on + datetime.timedelta(days=1))
    invitations.respond(world["employee"], mine, True, today=programme.ends_on)  # the last day still counts
    colleague_invitation.refresh_from_db()
    assert colleague_invitation.response == ""


def test_an_ended_programmes_invitation_keeps_its_answer_and_says_why(world, client):
    programme = make_programme(world)  # May of the test year: over
    mine = ProgrammeInvitation.objects.get(programme=programme, user=world["employee"])
    invitations.respond(world["employee"], mine, False, today=programme.starts_on)
    client.force_login(world["employee"])
    url = reverse("planning:programme_respond", args=[programme.pk])
    page = client.post(url, {"response": "accepted"}, follow=True).content.decode()
    assert "Program sudah berakhir" in page
    mine.refresh_from_db()
    assert mine.response == Response.DECLINED


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locking and real concurrency")
@pytest.mark.django_db(transaction=True)
def test_concurrent_senders_email_each_invitation_once(world, mailoutbox):
    programme = make_programme(world)
    barrier = threading.Barrier(4)
    errors = []

    def send():
        try:
            barrier.wait(timeout=10)
            invitations.send_emails(programme.pk)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(m.to[0] for m in mailoutbox) == ["kabid@example.go.id", "kolega@example.go.id", "rizky@example.go.id"]
