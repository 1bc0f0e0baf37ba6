"""Verification (Formulir 2): the CLO sends agreed plans to verification; the kelompok keahlian of each C row's
competency verifies its rows per unit (priority, method, level, the development's name); the CLO decides the
organiser and level of each recap line, which flows back to every plan as D rows."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import KelompokKeahlian, PeranKelompok

from ..lan import Level, Method, Priority
from ..models import Decision, Plan, PlanRow, PlanState, Section, Task, TaskKind, Verification
from ..roles import is_coordinator
from . import tasks
from .audit import audit, snapshot

D_COPIED = ["relevance", "objective", "output", "competency_id", "classification", "description", "aspect"]


def verifying_kelompok(row):
    """The kelompok keahlian that verifies a C row: its dictionary competency's; else the one whose unit is the
    employee's unit or the nearest above it; else None (the CLO verifies it)."""
    if row.competency_id and row.competency.kelompok_id:
        return row.competency.kelompok
    unit = row.plan.unit
    if unit is None:
        return None
    units = [*unit.get_ancestors(), unit]
    candidates = KelompokKeahlian.objects.filter(unit_kerja__in=units).select_related("unit_kerja")
    return max(candidates, key=lambda k: (len(k.unit_kerja.path), -k.pk), default=None)


def may_verify(user, verification):
    """The Ketua of the row's kelompok keahlian, the Koordinator of its rumpun, or the CLO."""
    if is_coordinator(user):
        return True
    kelompok = verification.kelompok
    if kelompok is None or not user.is_active:
        return False
    if kelompok.rumpun.koordinator_id == user.pk:
        return True
    return kelompok.keanggotaan.filter(user=user, peran=PeranKelompok.KETUA).exists()


def start_verification(actor, year, unit=None):
    """The CLO sends the year's agreed plans (of a unit and the units below it, or all) to verification: AGREED →
    IN_VERIFICATION, one Formulir 2 row per C row pre-filled from it, a task for each kelompok's Ketua and for the
    CLO. Returns the number of plans sent."""
    if not is_coordinator(actor):
        raise PermissionDenied(_("Verifikasi dimulai oleh Koordinator Pembelajaran."))
    plans = Plan.objects.filter(year=year, state=PlanState.AGREED).select_related("unit")
    if unit is not None:
        plans = plans.filter(unit__path__startswith=unit.path)
    kelompok_ids = set()
    count = 0
    with transaction.atomic():
        for plan in plans.select_for_update(of=("self",)):
            for row in plan.rows.filter(section=Section.PROPOSED).select_related("competency__kelompok"):
                kelompok = verifying_kelompok(row)
                Verification.objects.get_or_create(
                    row=row,
                    defaults={
                        "kelompok": kelompok,
                        "development": row.competency_name[:300],
                        "method": row.method,
                        "source": (row.source or row.organiser)[:300],
                        "timeframe": row.timeframe,
                        "level": row.level,
                    },
                )
                if kelompok is not None:
                    kelompok_ids.add(kelompok.pk)
            before = snapshot(plan)
            plan.state = PlanState.IN_VERIFICATION
            plan.save(update_fields=["state", "updated_at"])
            audit("verification_start", plan, actor, before=before, after=snapshot(plan))
            count += 1
        for kelompok in KelompokKeahlian.objects.filter(pk__in=kelompok_ids).prefetch_related("keanggotaan__user"):
            for membership in kelompok.keanggotaan.all():
                if membership.peran == PeranKelompok.KETUA:
                    tasks.assign(membership.user, TaskKind.VERIFY, year)
        if count:
            tasks.assign(actor, TaskKind.DECIDE, year)
    return count


def kelompok_rows(year, kelompok=None, unit=None):
    """Formulir 2 "Rekap oleh Kelompok Keahlian di Unit Organisasi": the verification rows of a kelompok (None:
    rows without one, the CLO's), optionally of one unit and the units below it, by unit, employee and row.
    Callers check `may_verify`/the access policy first. One query whatever the length."""
    rows = Verification.objects.filter(row__plan__year=year, kelompok=kelompok).select_related(
        "row__plan__unit", "row__competency", "decision"
    )
    if unit is not None:
        rows = rows.filter(row__plan__unit__path__startswith=unit.path)
    return list(rows)


def verify_row(verification, actor, priority, method, level, development="", source=None, timeframe=None):
    """The kelompok keahlian sets priority (tinggi/sedang/rendah), method and level of one row; the development
    name and source are what the CLO recap groups by. Allowed while the plan is in verification."""
    if not may_verify(actor, verification):
        raise PermissionDenied(
            _("Hanya Ketua kelompok keahlian baris ini atau Koordinator Pembelajaran yang memverifikasi.")
        )
    plan = Plan.objects.get(pk=verification.row.plan_id)  # the current state, not a cached one
    if plan.state != PlanState.IN_VERIFICATION:
        raise ValidationError(_("IDP ini tidak sedang dalam verifikasi."))
    errors = []
    if priority not in Priority.values:
        errors.append(_("Pilih prioritas: tinggi, sedang, atau rendah."))
    if method not in Method.values:
        errors.append(_("Pilih metode: formal, sosial, atau eksperiensial."))
    if level not in Level.values:
        errors.append(_("Pilih level pelaksanaan: teknis, operasional, atau strategis."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = snapshot(verification)
        verification.priority, verification.method, verification.level = priority, method, level
        if development:
            verification.development = development.strip()[:300]
        if source is not None:
            verification.source = source.strip()[:300]
        if timeframe is not None:
            verification.timeframe = timeframe.strip()[:200]
        verification.verified_by, verification.verified_at = actor, timezone.now()
        verification.save()
        audit("verify_row", plan, actor, f"verification:{verification.pk}", before, snapshot(verification))
        _close_verify_tasks(plan.year)
    return verification


def _close_verify_tasks(year):
    """Close the verify tasks of those who have no unverified row left in the year."""
    for task in Task.objects.filter(kind=TaskKind.VERIFY, year=year, done_at__isnull=True).select_related("user"):
        if not verifications_for(task.user, year).filter(verified_at__isnull=True).exists():
            tasks.complete(TaskKind.VERIFY, user=task.user, year=year)


def decide(actor, year, verifications, level, organiser, note=""):
    """The CLO decides one recap line: the organiser and the level of the verified rows it gathers (the
    `verification_ids` of a `recap.clo_recap` line). Each plan whose rows are all decided becomes VERIFIED with
    its D rows written (or rewritten); the employee and supervisor get a task to see the result."""
    if not is_coordinator(actor):
        raise PermissionDenied(_("Penyelenggara dan level ditetapkan oleh Koordinator Pembelajaran."))
    if level not in Level.values:
        raise ValidationError(_("Pilih level pelaksanaan: teknis, operasional, atau strategis."))
    if not organiser.strip():
        raise ValidationError(_("Sebutkan penyelenggaranya."))
    verifications = list(
        Verification.objects.filter(pk__in=[getattr(v, "pk", v) for v in verifications]).select_related("row__plan")
    )
    if not verifications:
        raise ValidationError(_("Tidak ada baris rekap yang dipilih."))
    unverified = [v for v in verifications if v.verified_at is None or v.row.plan.year != year]
    if unverified:
        raise ValidationError(_("Baris yang belum diverifikasi kelompok keahlian tidak dapat diputuskan."))
    with transaction.atomic():
        decision = Decision.objects.create(
            year=year, level=level, organiser=organiser.strip(), note=note.strip(), decided_by=actor
        )
        Verification.objects.filter(pk__in=[v.pk for v in verifications]).update(decision=decision)
        audit("decide", actor=actor, target=f"decision:{decision.pk}", after=snapshot(decision))
        for plan in {v.row.plan_id: v.row.plan for v in verifications}.values():
            _settle(plan, actor)
    if not pending_decisions(year):
        tasks.complete(TaskKind.DECIDE, year=year)
    return decision


def pending_decisions(year):
    """Whether rows of the year still wait for the CLO's decision."""
    return Verification.objects.filter(row__plan__year=year, decision__isnull=True).exists()


def _settle(plan, actor):
    """Write the D rows of a plan whose rows are all decided, and mark it VERIFIED."""
    verifications = list(
        Verification.objects.filter(row__plan=plan).select_related("row", "decision").order_by("row__position")
    )
    if not verifications or any(v.decision_id is None for v in verifications):
        return False
    existing = {row.origin_id: row for row in plan.rows.filter(section=Section.VERIFIED)}
    for v in verifications:
        row = existing.get(v.row_id) or PlanRow(plan=plan, section=Section.VERIFIED, origin=v.row)
        before = snapshot(row) if row.pk else None
        for name in D_COPIED:
            setattr(row, name, getattr(v.row, name))
        row.position = v.row.position
        row.method, row.source, row.timeframe = v.method, v.source, v.timeframe
        row.level, row.organiser = v.decision.level, v.decision.organiser
        row.save()
        audit("d_row", plan, actor, f"row:{row.pk}", before, snapshot(row))
    if plan.state != PlanState.VERIFIED:
        before = snapshot(plan)
        plan.state, plan.verified_at = PlanState.VERIFIED, timezone.now()
        plan.save(update_fields=["state", "verified_at", "updated_at"])
        audit("verified", plan, actor, before=before, after=snapshot(plan))
        for user in (plan.employee, plan.supervisor):
            tasks.assign(user, TaskKind.RESULT, plan.year, plan)
    return True


def verifications_for(user, year):
    """The open Formulir 2 rows a user may verify in a year (Ketua's kelompok, Koordinator's rumpun; CLO: all)."""
    rows = Verification.objects.filter(row__plan__year=year, row__plan__state=PlanState.IN_VERIFICATION)
    if is_coordinator(user):
        return rows
    return rows.filter(
        Q(kelompok__rumpun__koordinator=user)
        | Q(kelompok__keanggotaan__user=user, kelompok__keanggotaan__peran=PeranKelompok.KETUA)
    ).distinct()
