"""The performance dialogue: the employee submits the draft to their supervisor (the head of their unit, from the
unit tree), the supervisor reviews it (may edit C or return it), both agree within the window the CLO opened.
Quarterly follow-up dialogues on a verified plan add E rows and may adjust D."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from corpu import user_cache
from people.services import supervisor_of

from ..models import DialogueWindow, FollowUpDialogue, PlanRow, PlanState, Section, Task, TaskKind
from ..roles import is_coordinator
from . import tasks
from .audit import audit, snapshot
from .drafting import _apply, missing_for_submission


def open_window(actor, year, opens_on, closes_on, quarter=None):
    """The CLO sets the dates of the early-year dialogue (quarter None) or of a quarterly follow-up. Open tasks of
    the early-year cycle take the new closing date as deadline."""
    if not is_coordinator(actor):
        raise PermissionDenied(_("Jadwal dialog kinerja ditetapkan oleh Koordinator Pembelajaran."))
    if closes_on < opens_on:
        raise ValidationError(_("Tanggal tutup jadwal dialog tidak boleh sebelum tanggal buka."))
    with transaction.atomic():
        window = DialogueWindow.objects.filter(year=year, quarter=quarter).first()
        before = snapshot(window)
        window = window or DialogueWindow(year=year, quarter=quarter)
        window.opens_on, window.closes_on, window.opened_by = opens_on, closes_on, actor
        window.save()
        if quarter is None:
            Task.objects.filter(
                year=year, done_at__isnull=True, kind__in=[TaskKind.ASSESS, TaskKind.REVIEW, TaskKind.CONFIRM]
            ).update(due_on=closes_on)
            user_cache.everyone_changed()
        audit("window", actor=actor, target=f"window:{year}:{quarter or 0}", before=before, after=snapshot(window))
    return window


def current_window(year, quarter=None):
    return DialogueWindow.objects.filter(year=year, quarter=quarter).first()


def _require_window(plan, today):
    window = current_window(plan.year)
    if window is None:
        raise ValidationError(
            _("Jadwal dialog kinerja tahun %(year)s belum dibuka oleh Koordinator Pembelajaran.") % {"year": plan.year}
        )
    if not window.is_open(today):
        raise ValidationError(
            _("Dialog kinerja tahun %(year)s berlangsung %(start)s–%(end)s.")
            % {
                "year": plan.year,
                "start": window.opens_on.strftime("%d/%m/%Y"),
                "end": window.closes_on.strftime("%d/%m/%Y"),
            }
        )
    return window


def submit(plan, actor):
    """The employee submits the draft to their supervisor: DRAFT → SUBMITTED. Refused with the missing columns
    named, or when the unit tree gives no supervisor. The supervisor gets a review task."""
    if actor.pk != plan.employee_id or plan.state != PlanState.DRAFT:
        raise PermissionDenied(_("Hanya pegawai yang bersangkutan yang mengajukan IDP draf."))
    problems = missing_for_submission(plan)
    if problems:
        raise ValidationError(problems)
    supervisor = supervisor_of(plan.employee)
    if supervisor is None:
        raise ValidationError(_("Unit kerja Anda belum memiliki pimpinan; hubungi Koordinator Pembelajaran."))
    with transaction.atomic():
        before = snapshot(plan)
        plan.state, plan.supervisor, plan.submitted_at = PlanState.SUBMITTED, supervisor, timezone.now()
        plan.employee_agreed_at = plan.supervisor_agreed_at = None
        plan.save()
        audit("submit", plan, actor, before=before, after=snapshot(plan))
        tasks.complete(TaskKind.ASSESS, plan=plan)
        window = current_window(plan.year)
        tasks.assign(supervisor, TaskKind.REVIEW, plan.year, plan, window.closes_on if window else None)
    return plan


def return_to_draft(plan, actor, note=""):
    """The supervisor sends the plan back to the employee with a note: SUBMITTED → DRAFT."""
    if actor.pk != plan.supervisor_id or plan.state != PlanState.SUBMITTED:
        raise PermissionDenied(_("Hanya atasan dalam dialog kinerja yang dapat mengembalikan IDP."))
    with transaction.atomic():
        before = snapshot(plan)
        plan.state, plan.dialogue_note = PlanState.DRAFT, note.strip()
        plan.employee_agreed_at = plan.supervisor_agreed_at = None
        plan.save()
        audit("return", plan, actor, before=before, after=snapshot(plan))
        tasks.complete(TaskKind.REVIEW, plan=plan)
        tasks.complete(TaskKind.CONFIRM, plan=plan)
        window = current_window(plan.year)
        tasks.assign(plan.employee, TaskKind.ASSESS, plan.year, plan, window.closes_on if window else None)
    return plan


def agree(plan, actor, note=None, today=None):
    """The employee or the supervisor agrees to the submitted plan inside the dialogue window; when both have,
    SUBMITTED → AGREED. The supervisor's agreement gives the employee a confirmation task."""
    today = today or timezone.localdate()
    if plan.state != PlanState.SUBMITTED or actor.pk not in (plan.employee_id, plan.supervisor_id):
        raise PermissionDenied(_("Hanya pegawai dan atasannya yang menyepakati IDP yang sedang didialogkan."))
    _require_window(plan, today)
    with transaction.atomic():
        before = snapshot(plan)
        now = timezone.now()
        if actor.pk == plan.supervisor_id:
            plan.supervisor_agreed_at = now
            if note is not None:
                plan.dialogue_note = note.strip()
            tasks.complete(TaskKind.REVIEW, plan=plan)
            if plan.employee_agreed_at is None:
                tasks.assign(plan.employee, TaskKind.CONFIRM, plan.year, plan, current_window(plan.year).closes_on)
        else:
            plan.employee_agreed_at = now
            tasks.complete(TaskKind.CONFIRM, plan=plan)
        if plan.employee_agreed_at and plan.supervisor_agreed_at:
            plan.state = PlanState.AGREED
        plan.save()
        audit("agree", plan, actor, before=before, after=snapshot(plan))
    return plan


def record_follow_up(plan, actor, quarter, held_on, plan_vs_practice="", benefit="", rows=(), adjustments=None):
    """A quarterly follow-up dialogue on a verified plan, recorded by the supervisor: the two LAN questions (plan
    vs practice, benefit for performance), new E rows (dicts of the row fields) and changes to D rows
    ({D row: dict of fields}). Each change is audited. Returns the FollowUpDialogue."""
    if actor.pk != plan.supervisor_id:
        raise PermissionDenied(_("Dialog kinerja triwulanan dicatat oleh atasan pegawai."))
    if plan.state != PlanState.VERIFIED:
        raise ValidationError(_("Tindak lanjut dicatat setelah IDP terverifikasi."))
    if quarter not in (1, 2, 3, 4):
        raise ValidationError(_("Triwulan harus 1 sampai 4."))
    window = current_window(plan.year, quarter)
    if window is not None and not window.is_open(held_on):
        raise ValidationError(_("Tanggal dialog di luar jadwal triwulan %(q)s.") % {"q": quarter})
    with transaction.atomic():
        dialogue, _created = FollowUpDialogue.objects.update_or_create(
            plan=plan,
            quarter=quarter,
            defaults={
                "held_on": held_on,
                "plan_vs_practice": plan_vs_practice,
                "benefit": benefit,
                "recorded_by": actor,
            },
        )
        audit("follow_up", plan, actor, f"follow_up:{dialogue.pk}", after=snapshot(dialogue))
        last = plan.rows.filter(section=Section.FOLLOW_UP).aggregate(n=Max("position"))["n"] or 0
        for number, data in enumerate(rows, start=last + 1):
            row = PlanRow(plan=plan, section=Section.FOLLOW_UP, position=number, quarter=quarter)
            _apply(row, data)
            row.save()
            audit("follow_up_row", plan, actor, f"row:{row.pk}", after=snapshot(row))
        for row, data in (adjustments or {}).items():
            if row.plan_id != plan.pk or row.section != Section.VERIFIED:
                raise PermissionDenied(_("Hanya baris D IDP ini yang dapat disesuaikan."))
            before = snapshot(row)
            _apply(row, data)
            row.save()
            audit("adjust_d", plan, actor, f"row:{row.pk}", before, snapshot(row))
    return dialogue
