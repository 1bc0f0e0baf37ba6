"""Drafting an IDP: open it (part A snapshot, B rows pre-filled), fill B, write and edit C rows, and LAN's method
hint. Editing C is the employee's while a draft and the supervisor's during the dialogue (state submitted)."""

import datetime

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..lan import BASIS_CODES, GapAspect, Method
from ..models import BasisRow, DialogueWindow, Plan, PlanRow, PlanState, Section, SelfAssessment, TaskKind
from ..roles import is_coordinator
from . import tasks
from .audit import audit, snapshot
from .direction import basis_prefill

ROW_FIELDS = [
    "relevance",
    "objective",
    "output",
    "competency",
    "classification",
    "description",
    "aspect",
    "method",
    "source",
    "timeframe",
    "level",
    "organiser",
]


def masa_kerja(start, on_date):
    """Years and months of service from the TMT, e.g. "12 tahun 3 bulan" ("" when the TMT is unknown)."""
    if start is None:
        return ""
    months = (on_date.year - start.year) * 12 + on_date.month - start.month - (on_date.day < start.day)
    months = max(0, months)
    return _("%(y)s tahun %(m)s bulan") % {"y": months // 12, "m": months % 12}


def profile_snapshot(employee, on_date=None):
    """Part A from the profile: nama, NIP, pangkat/golongan, pendidikan, masa kerja, jabatan, unit kerja."""
    on_date = on_date or datetime.date.today()
    return {
        "nama": employee.get_full_name(),
        "nip": employee.nip or "",
        "pangkat_golongan": employee.pangkat_golongan,
        "pendidikan": employee.get_pendidikan_display() if employee.pendidikan else "",
        "masa_kerja": masa_kerja(employee.mulai_bertugas, on_date),
        "jabatan": employee.jabatan,
        "unit_kerja": employee.unit_kerja.path_label if employee.unit_kerja_id else "",
    }


def open_plan(employee, year, actor=None):
    """The employee's IDP of the year, created on first call with part A, the twelve B rows (pre-filled from the
    direction, unit targets and self-assessment) and an "isi IDP" task due when the dialogue window closes.
    Opened by the employee or the CLO. Returns (plan, created)."""
    actor = actor or employee
    if actor.pk != employee.pk and not is_coordinator(actor):
        raise PermissionDenied(_("IDP disusun oleh pegawai yang bersangkutan."))
    if not (employee.is_institution_staff and employee.is_asn):
        raise ValidationError(_("IDP disusun oleh ASN (PNS/PPPK) instansi yang memiliki unit kerja."))
    with transaction.atomic():
        plan, created = Plan.objects.get_or_create(
            employee=employee,
            year=year,
            defaults={"unit_id": employee.unit_kerja_id, **profile_snapshot(employee, datetime.date(year, 1, 1))},
        )
        if created:
            BasisRow.objects.bulk_create(BasisRow(plan=plan, code=code) for code in BASIS_CODES)
            refresh_basis(plan, actor, audited=False)
            audit("plan_open", plan, actor, after=snapshot(plan))
            window = DialogueWindow.objects.filter(year=year, quarter__isnull=True).first()
            tasks.assign(employee, TaskKind.ASSESS, year, plan, window.closes_on if window else None)
    return plan, created


def refresh_basis(plan, actor, audited=True):
    """Fill the B rows that are empty or still hold pre-filled text from the direction, the unit targets, the
    behaviour evaluations of the year before (3.2) and the self-assessment (4.2 gaps, 5.1 career plan); rows the
    employee wrote are kept."""
    filled = basis_prefill(plan.unit, plan.year)
    behaviour = _behaviour_results(plan)
    if behaviour:
        filled["3.2"] = behaviour
    assessment = SelfAssessment.objects.filter(employee_id=plan.employee_id, year=plan.year).first()
    if assessment is not None:
        from .assessment import gap_text

        filled["4.2"] = gap_text(assessment)
        career = "\n".join(x for x in [assessment.next_position, assessment.career_plan] if x)
        if career:
            filled["5.1"] = career
    for row in plan.basis_rows.all():
        if row.code not in filled or (row.analysis and not row.prefilled):
            continue
        if row.analysis != filled[row.code]:
            before = snapshot(row)
            row.analysis, row.available, row.prefilled = filled[row.code], True, True
            row.save(update_fields=["analysis", "available", "prefilled"])
            if audited:
                audit("basis_prefill", plan, actor, f"basis:{row.code}", before, snapshot(row))


def _behaviour_results(plan):
    """B 3.2 from the evaluation app (the supervisors' behaviour evaluations assessed in the year before the plan's);
    "" when the app is not installed."""
    if not apps.is_installed("evaluation"):
        return ""
    from evaluation.services.behaviour import idp_basis_text

    return idp_basis_text(plan.employee, plan.year)


def refresh_after_evaluation(employee, assessed_year):
    """A behaviour evaluation was assessed: the employee's draft IDP of the following year takes it into B 3.2."""
    plan = Plan.objects.filter(employee=employee, year=assessed_year + 1, state=PlanState.DRAFT).first()
    if plan is not None:
        refresh_basis(plan, None)
    return plan


def _editable_by(plan, actor):
    """Who edits the plan now: the employee while a draft, the supervisor during the dialogue."""
    if plan.state == PlanState.DRAFT and actor.pk == plan.employee_id:
        return True
    return plan.state == PlanState.SUBMITTED and actor.pk == plan.supervisor_id


def _require_editable(plan, actor):
    if not _editable_by(plan, actor):
        raise PermissionDenied(
            _("IDP berstatus %(state)s tidak dapat Anda ubah.") % {"state": plan.get_state_display()}
        )


def _clear_agreement(plan):
    if plan.employee_agreed_at or plan.supervisor_agreed_at:
        plan.employee_agreed_at = plan.supervisor_agreed_at = None
        plan.save(update_fields=["employee_agreed_at", "supervisor_agreed_at"])


def update_basis(plan, actor, code, available, analysis):
    """The employee fills one B row (Ada/Tidak Ada and the analysis) while the plan is a draft."""
    if not (plan.state == PlanState.DRAFT and actor.pk == plan.employee_id):
        raise PermissionDenied(_("Bagian B diisi oleh pegawai selama IDP masih draf."))
    row = plan.basis_rows.get(code=code)
    before = snapshot(row)
    row.available, row.analysis, row.prefilled = available, analysis.strip(), False
    row.save(update_fields=["available", "analysis", "prefilled"])
    audit("basis", plan, actor, f"basis:{code}", before, snapshot(row))
    return row


def clean_relevance(value):
    """ "2.1, 4.2" → "2.1, 4.2" with every code checked against part B; a bad code is refused by name."""
    codes = [part.strip() for part in (value or "").replace(";", ",").split(",") if part.strip()]
    unknown = [code for code in codes if code not in BASIS_CODES]
    if unknown:
        raise ValidationError(
            _("Kode relevansi %(codes)s tidak ada di bagian B (1.1–5.3).") % {"codes": ", ".join(unknown)}
        )
    return ", ".join(codes)


def _apply(row, data):
    for name in ROW_FIELDS:
        if name not in data:
            continue
        if name == "competency":
            row.competency = data[name]
        else:
            setattr(row, name, (data[name] or "").strip())
    row.relevance = clean_relevance(row.relevance)
    if row.competency_id:
        row.classification = row.competency.competency_type
    row.full_clean(exclude=["plan", "origin"])


def save_row(plan, actor, data, row=None):
    """Add (row=None) or edit a C row from a dict of ROW_FIELDS. The dictionary competency, when given, sets the
    classification. Editing after either party agreed clears both agreements. Returns the row."""
    _require_editable(plan, actor)
    if row is not None and (row.plan_id != plan.pk or row.section != Section.PROPOSED):
        raise PermissionDenied(_("Baris ini bukan usulan (C) IDP ini."))
    with transaction.atomic():
        before = snapshot(row) if row else None
        if row is None:
            last = plan.rows.filter(section=Section.PROPOSED).aggregate(n=Max("position"))["n"] or 0
            row = PlanRow(plan=plan, section=Section.PROPOSED, position=last + 1)
        _apply(row, data)
        row.save()
        _clear_agreement(plan)
        audit("row_save", plan, actor, f"row:{row.pk}", before, snapshot(row))
    return row


def delete_row(plan, actor, row):
    """Remove a C row (renumbering the rest)."""
    _require_editable(plan, actor)
    if row.plan_id != plan.pk or row.section != Section.PROPOSED:
        raise PermissionDenied(_("Baris ini bukan usulan (C) IDP ini."))
    with transaction.atomic():
        audit("row_delete", plan, actor, f"row:{row.pk}", snapshot(row), None)
        row.delete()
        for number, other in enumerate(plan.rows.filter(section=Section.PROPOSED), start=1):
            if other.position != number:
                PlanRow.objects.filter(pk=other.pk).update(position=number)
        _clear_agreement(plan)


def method_hint(aspect):
    """LAN's rule of thumb (BAB II B): a knowledge gap → formal or social learning; a skill or behaviour gap →
    experiential or social learning. A hint, not a constraint: [] when the aspect is unknown."""
    if aspect == GapAspect.KNOWLEDGE:
        return [Method.FORMAL, Method.SOCIAL]
    if aspect in (GapAspect.SKILL, GapAspect.BEHAVIOUR):
        return [Method.EXPERIENTIAL, Method.SOCIAL]
    return []


def follows_hint(row):
    """Whether a row's method is among the hinted ones (None when there is no hint or no method yet)."""
    hinted = method_hint(row.aspect)
    if not hinted or not row.method:
        return None
    return row.method in hinted


def missing_for_submission(plan):
    """What keeps a draft from being submitted: messages naming the row and the empty column."""
    problems = []
    rows = list(plan.rows.filter(section=Section.PROPOSED))
    if not rows:
        problems.append(_("Tambahkan paling sedikit satu usulan pengembangan kompetensi (C)."))
    labels = {
        "objective": _("tujuan"),
        "classification": _("klasifikasi kompetensi"),
        "method": _("klasifikasi metode"),
        "level": _("usulan level pelaksanaan"),
    }
    for row in rows:
        empty = [str(label) for name, label in labels.items() if not getattr(row, name)]
        if not row.competency_id and not row.description.strip():
            empty.append(str(_("deskripsi kompetensi")))
        if empty:
            problems.append(
                _("Baris C%(n)s: %(fields)s belum diisi.") % {"n": row.position, "fields": ", ".join(empty)}
            )
    return problems
