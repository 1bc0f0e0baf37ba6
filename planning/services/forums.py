"""Learning forums (Balangan art. 17–18): who is invited per level, scheduling with the agenda from the open recap
lines, attendance, and decisions on Formulir 2 rows (an accepted need becomes a learning programme)."""

from dataclasses import replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from people.models import Keanggotaan, PeranKelompok, RumpunKeahlian, User
from people.roles import CLO, DEWAN_PENGARAH, role_group_name

from ..lan import Level
from ..models import DecisionKind, Forum, ForumDecision, ForumParticipant, LearningProgramme, Section, Verification
from ..roles import is_coordinator
from . import invitations
from .audit import audit, snapshot
from .programmes import check_delivery
from .recap import clo_recap


def invitees(level, kelompok=None):
    """[(user, role label)] the regulation names: strategis = Dewan Pengarah + Tim Pelaksana (CLO, koordinator
    and ketua kelompok keahlian, art. 6(3)); operasional = CLO, koordinator kelompok keahlian and members of every
    kelompok; teknis = ketua and anggota of one kelompok. Each person once, under their first role."""
    found = {}

    def add(users, label):
        for user in users:
            found.setdefault(user.pk, (user, label))

    def group(role):
        return User.objects.filter(is_active=True, groups__name=role_group_name(role)).order_by("nama", "pk")

    koordinator = User.objects.filter(is_active=True, pk__in=RumpunKeahlian.objects.values("koordinator"))
    members = Keanggotaan.objects.filter(user__is_active=True).select_related("user").order_by("-peran", "user__nama")
    if level == Level.STRATEGIC:
        add(group(DEWAN_PENGARAH), _("Dewan Pengarah Pembelajaran"))
        add(group(CLO), _("Koordinator Pembelajaran"))
        add(koordinator, _("Koordinator Kelompok Keahlian"))
        add((m.user for m in members.filter(peran=PeranKelompok.KETUA)), _("Ketua Kelompok Keahlian"))
    elif level == Level.OPERATIONAL:
        add(group(CLO), _("Koordinator Pembelajaran"))
        add(koordinator, _("Koordinator Kelompok Keahlian"))
        add((m.user for m in members), _("Anggota Kelompok Keahlian"))
    else:
        for m in members.filter(kelompok=kelompok):
            add([m.user], _("Ketua Kelompok Keahlian") if m.peran == PeranKelompok.KETUA else _("Anggota"))
    return list(found.values())


def may_schedule(user, level, kelompok=None):
    """The CLO schedules any forum; the Ketua of a kelompok keahlian schedules its teknis forum."""
    if is_coordinator(user):
        return True
    return bool(
        level == Level.TECHNICAL
        and kelompok is not None
        and Keanggotaan.objects.filter(kelompok=kelompok, user=user, peran=PeranKelompok.KETUA).exists()
    )


def may_decide(user, forum):
    """The forum's chair or the CLO records attendance and decisions."""
    return bool(user and user.is_active and (user.pk == forum.chair_id or is_coordinator(user)))


def open_lines(year, level, kelompok=None):
    """The recap lines of a level whose rows no forum has answered yet (of one kelompok for teknis). A row a forum
    moved to another level is open at that level. Three queries."""
    through = ForumDecision.verifications.through
    links = through.objects.filter(verification__row__plan__year=year).order_by("forumdecision_id")
    moved, answered = {}, set()
    for vid, kind, moved_to in links.values_list("verification_id", "forumdecision__kind", "forumdecision__moved_to"):
        if kind == DecisionKind.MOVED:
            moved[vid] = moved_to
            answered.discard(vid)
        else:
            answered.add(vid)
    mine = None
    if kelompok is not None:
        mine = set(Verification.objects.filter(row__plan__year=year, kelompok=kelompok).values_list("pk", flat=True))
    lines = []
    for line in clo_recap(year):
        ids = [
            i
            for i in line.verification_ids
            if i not in answered and moved.get(i, line.level) == level and (mine is None or i in mine)
        ]
        if ids:
            lines.append(replace(line, verification_ids=ids))
    return lines


def agenda_from(lines):
    """One agenda line per open recap line: competency, development, employees."""
    return "\n".join(
        f"- {line.competency}"
        + (f" — {line.development}" if line.development else "")
        + " "
        + _("(%(n)d pegawai)") % {"n": line.employees}
        for line in lines
    )


@transaction.atomic
def schedule(actor, year, level, held_at, kelompok=None, place="", video_url="", agenda=None):
    """Schedule a forum; its agenda defaults to the level's open recap lines; the invitees are its participants."""
    if level not in Level.values:
        raise ValidationError(_("Pilih level forum."))
    if level == Level.TECHNICAL and kelompok is None:
        raise ValidationError(_("Forum level teknis memerlukan kelompok keahlian."))
    if level != Level.TECHNICAL:
        kelompok = None
    if not may_schedule(actor, level, kelompok):
        raise PermissionDenied(_("Forum dijadwalkan oleh Koordinator Pembelajaran atau Ketua kelompok keahlian."))
    if not place and not video_url:
        raise ValidationError(_("Isi tempat atau tautan rapat daring."))
    if not agenda:
        agenda = agenda_from(open_lines(year, level, kelompok))
    forum = Forum.objects.create(
        year=year,
        level=level,
        kelompok=kelompok,
        held_at=held_at,
        place=place,
        video_url=video_url,
        agenda=agenda,
        chair=actor,
    )
    ForumParticipant.objects.bulk_create(
        ForumParticipant(forum=forum, user=user, role=role) for user, role in invitees(level, kelompok)
    )
    ForumParticipant.objects.get_or_create(forum=forum, user=actor, defaults={"role": _("Pimpinan forum")})
    audit("forum_schedule", actor=actor, target=f"forum:{forum.pk}", after=snapshot(forum))
    return forum


@transaction.atomic
def record_attendance(actor, forum, present_ids, minutes=None):
    """Mark who came (among the invited) and optionally save the minutes."""
    if not may_decide(actor, forum):
        raise PermissionDenied(_("Kehadiran dicatat oleh pimpinan forum atau Koordinator Pembelajaran."))
    present = {int(i) for i in present_ids}
    forum.participants.update(attended=False)
    forum.participants.filter(user_id__in=present).update(attended=True)
    if minutes is not None:
        forum.minutes = minutes
        forum.save(update_fields=["minutes"])
    audit("forum_attendance", actor=actor, target=f"forum:{forum.pk}", after={"present": sorted(present)})


@transaction.atomic
def decide(actor, forum, kind, verification_ids=(), reason="", moved_to="", follow_up="", programme=None):
    """Record one decision on Formulir 2 rows of the forum's year. An accepted need requires `programme` (title,
    objective, method, organiser, facilitators, starts_on, ends_on, delivery, link, target_units,
    target_positions) and creates the LearningProgramme; rejected and moved need a reason (moved: the level)."""
    if not may_decide(actor, forum):
        raise PermissionDenied(_("Keputusan dicatat oleh pimpinan forum atau Koordinator Pembelajaran."))
    if kind not in DecisionKind.values:
        raise ValidationError(_("Pilih jenis keputusan."))
    rows = list(Verification.objects.filter(pk__in=verification_ids, row__plan__year=forum.year))
    if len(rows) != len(set(verification_ids)):
        raise ValidationError(_("Baris Formulir 2 tidak ditemukan pada tahun forum ini."))
    if kind in (DecisionKind.ACCEPTED, DecisionKind.REJECTED, DecisionKind.MOVED) and not rows:
        raise ValidationError(_("Pilih baris kebutuhan yang diputuskan."))
    if kind in (DecisionKind.REJECTED, DecisionKind.MOVED) and not reason.strip():
        raise ValidationError(_("Isi alasan keputusan."))
    if kind == DecisionKind.MOVED and (moved_to not in Level.values or moved_to == forum.level):
        raise ValidationError(_("Pilih level lain tujuan pemindahan."))
    if kind == DecisionKind.FINDING and not follow_up.strip():
        raise ValidationError(_("Isi tindak lanjut temuan evaluasi."))
    if kind == DecisionKind.ACCEPTED and not programme:
        raise ValidationError(_("Kebutuhan yang diterima memerlukan rancangan program."))
    decision = ForumDecision.objects.create(
        forum=forum,
        kind=kind,
        reason=reason,
        moved_to=moved_to if kind == DecisionKind.MOVED else "",
        follow_up=follow_up,
        decided_by=actor,
    )
    decision.verifications.set(rows)
    if kind == DecisionKind.ACCEPTED:
        _programme(decision, rows, dict(programme))
    audit("forum_decision", actor=actor, target=f"forum_decision:{decision.pk}", after=snapshot(decision))
    return decision


def _programme(decision, rows, data):
    units = data.pop("target_units", [])
    if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
        raise ValidationError(_("Tanggal selesai program tidak boleh sebelum tanggal mulai."))
    competency = next((v.row.competency for v in rows if v.row.competency_id), None)
    item = LearningProgramme(decision=decision, year=decision.forum.year, level=decision.forum.level, **data)
    item.competency = competency
    check_delivery(item.delivery, link=item.link)
    item.full_clean(exclude=["decision"])
    item.save()
    item.target_units.set(units)
    invitations.invite(item)
    return item


def row_answers(plan):
    """{PlanRow pk: ForumDecision} for the plan's C rows and the D/E rows derived from them — the latest forum
    decision on each row's Formulir 2 verification. Two queries."""
    through = ForumDecision.verifications.through
    links = (
        through.objects.filter(verification__row__plan=plan)
        .select_related("forumdecision__forum", "forumdecision__programme", "verification")
        .order_by("forumdecision_id")
    )
    by_c = {link.verification.row_id: link.forumdecision for link in links}
    answers = dict(by_c)
    for pk, origin in plan.rows.exclude(section=Section.PROPOSED).values_list("pk", "origin_id"):
        if origin in by_c:
            answers[pk] = by_c[origin]
    return answers
