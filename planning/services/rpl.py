"""Recognition of prior learning (RPL): the employee submits, the kelompok keahlian of the competency assesses
(recommend / ask for more / refuse), the CLO decides. An approval posts one ledger entry with source `rpl` and
source_ref `rpl:<id>` — once, however many approvals race — and marks the IDP row fulfilled by recognition.
The JP rule is in docs/adr/0009-rpl.md."""

from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corpu.access import may_assess_rpl, visible_rpl_q
from ledger import engine
from ledger.models import Entry, Rulebook, Source, Status, validate_evidence
from ledger.services import estimate, record_activity
from people.roles import CLO, role_group_name

from ..models import Recommendation, RowEntryLink, RplEvidence, RplRequest, RplState, Section, Task, TaskKind
from ..roles import is_coordinator
from . import tasks
from .audit import audit, snapshot

FULFILLING_SECTIONS = (Section.PROPOSED, Section.VERIFIED)


def _audit(action, rpl, actor, before=None):
    plan = rpl.row.plan if rpl.row_id else None
    audit(action, plan, actor, f"rpl:{rpl.pk}", before, snapshot(rpl))


def _year(rpl):
    return rpl.row.plan.year if rpl.row_id else rpl.end_date.year


def _check_files(files):
    """Every evidence file through the JP evidence guard; at least one."""
    if not files:
        raise ValidationError(_("Unggah minimal satu bukti dukung."))
    errors = []
    for upload in files:
        try:
            validate_evidence(upload)
        except ValidationError as error:
            errors.extend(f"{upload.name}: {message}" for message in error.messages)
    if errors:
        raise ValidationError(errors)


def _assessors(rpl):
    """Who is asked to assess: the kelompok's Ketua and Anggota; the CLOs when the competency has no kelompok."""
    if rpl.kelompok_id is None:
        return list(clos())
    memberships = rpl.kelompok.keanggotaan.select_related("user").order_by("peran")
    return [m.user for m in memberships if m.user.is_active and m.user_id != rpl.employee_id]


def clos():
    """The active CLOs (the decision makers)."""
    return get_user_model().objects.filter(groups__name=role_group_name(CLO), is_active=True).distinct()


def _notify_assessors(rpl):
    for user in _assessors(rpl):
        tasks.assign(user, TaskKind.RPL_ASSESS, _year(rpl))


def submit(employee, competency, description, start_date, end_date, files, row=None):
    """An employee requests recognition of earlier learning for a competency, optionally for one of their own C/D
    rows. Returns the request."""
    errors = []
    if not (description or "").strip():
        errors.append(_("Uraikan capaian pembelajaran yang dimohonkan."))
    if start_date and end_date and end_date < start_date:
        errors.append(_("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    if row is not None and (row.plan.employee_id != employee.pk or row.section not in FULFILLING_SECTIONS):
        raise PermissionDenied(_("Pilih baris C atau D dari IDP Anda sendiri."))
    if errors:
        raise ValidationError(errors)
    _check_files(files)
    with transaction.atomic():
        rpl = RplRequest.objects.create(
            employee=employee,
            competency=competency,
            row=row,
            description=description.strip(),
            start_date=start_date,
            end_date=end_date,
            kelompok=competency.kelompok,
        )
        for upload in files:
            RplEvidence.objects.create(request=rpl, file=upload)
        _audit("rpl_submit", rpl, employee)
        _notify_assessors(rpl)
    return rpl


def resubmit(rpl, actor, description, files=()):
    """The employee completes a request the kelompok asked more of: a new description and more evidence."""
    if actor.pk != rpl.employee_id:
        raise PermissionDenied(_("Hanya pemohon yang melengkapi permohonan RPL."))
    if files:
        _check_files(files)
    if not (description or "").strip():
        raise ValidationError(_("Uraikan capaian pembelajaran yang dimohonkan."))
    with transaction.atomic():
        rpl = RplRequest.objects.select_for_update().get(pk=rpl.pk)
        if rpl.state != RplState.MORE_INFO:
            raise ValidationError(_("Permohonan ini tidak sedang diminta kelengkapannya."))
        before = snapshot(rpl)
        rpl.description, rpl.state = description.strip(), RplState.SUBMITTED
        rpl.save(update_fields=["description", "state", "updated_at"])
        for upload in files:
            RplEvidence.objects.create(request=rpl, file=upload)
        _audit("rpl_resubmit", rpl, actor, before)
        tasks.complete(TaskKind.RPL_RESULT, user=actor)
        _notify_assessors(rpl)
    return rpl


def assess(rpl, actor, recommendation, notes=""):
    """A member of the competency's kelompok keahlian recommends, asks for more, or recommends refusal."""
    if actor.pk == rpl.employee_id:
        raise PermissionDenied(_("Anda tidak dapat menilai permohonan RPL Anda sendiri."))
    if not may_assess_rpl(actor, rpl):
        raise PermissionDenied(_("Permohonan RPL dinilai oleh kelompok keahlian kompetensinya."))
    if recommendation not in Recommendation.values:
        raise ValidationError(_("Pilih rekomendasi: direkomendasikan, minta kelengkapan, atau tidak direkomendasikan."))
    notes = (notes or "").strip()
    if recommendation != Recommendation.RECOMMEND and not notes:
        raise ValidationError(_("Tuliskan catatan: apa yang kurang atau mengapa tidak direkomendasikan."))
    with transaction.atomic():
        rpl = RplRequest.objects.select_for_update().get(pk=rpl.pk)
        if rpl.state != RplState.SUBMITTED:
            raise ValidationError(_("Permohonan ini tidak sedang menunggu penilaian."))
        before = snapshot(rpl)
        rpl.recommendation, rpl.assessment_notes = recommendation, notes
        rpl.assessed_by, rpl.assessed_at = actor, timezone.now()
        more = recommendation == Recommendation.MORE_INFO
        rpl.state = RplState.MORE_INFO if more else RplState.ASSESSED
        rpl.save()
        _audit("rpl_assess", rpl, actor, before)
        _close_tasks(TaskKind.RPL_ASSESS, assessment_queue, _year(rpl))
        if more:
            tasks.assign(rpl.employee, TaskKind.RPL_RESULT, _year(rpl))
        else:
            for user in clos():
                if user.pk != rpl.employee_id:
                    tasks.assign(user, TaskKind.RPL_DECIDE, _year(rpl))
    return rpl


def _close_tasks(kind, queue, year):
    """Close the tasks of this kind of those whose queue is now empty."""
    waiting = Task.objects.filter(kind=kind, year=year, done_at__isnull=True).select_related("user")
    for task in waiting:
        if not queue(task.user).exists():
            tasks.complete(kind, user=task.user, year=year)


def _jp(value):
    try:
        jp = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        jp = None
    if jp is None or jp <= 0 or jp != jp.quantize(Decimal("0.01")):
        raise ValidationError(_("Isi JP yang diakui: angka lebih dari 0, paling banyak dua desimal."))
    return jp


def _activity(rpl, form, jp):
    """The ledger activity the approval posts: the stated JP in the chosen form, over the request's period."""
    title = _("RPL: %(competency)s") % {"competency": rpl.competency.name}
    return Entry(
        employee=rpl.employee,
        form=form,
        title=title[:300],
        start_date=rpl.start_date,
        end_date=rpl.end_date,
        quantity=jp,
        unit="jp",
        stated_jp=jp,
        source_ref=rpl.source_ref,
    )


def preview(rpl, form, jp, rulebook=None):
    """What the engine counts for this approval beside the employee's other entries (caps applied)."""
    rulebook = rulebook or Rulebook.active()
    return estimate(rpl.employee, _activity(rpl, form, _jp(jp)).activity(), rulebook)


def decide(rpl, actor, approve, jp=None, form="", notes=""):
    """The CLO approves (with the JP recognised, counted in a rulebook form) or refuses an assessed request.
    Approving again, or twice at once, returns the request with its one entry."""
    if actor.pk == rpl.employee_id:
        raise PermissionDenied(_("Anda tidak dapat memutuskan permohonan RPL Anda sendiri."))
    if not is_coordinator(actor):
        raise PermissionDenied(_("Permohonan RPL diputuskan oleh Koordinator Pembelajaran."))
    notes = (notes or "").strip()
    if approve:
        jp = _jp(jp)
        if form not in engine.FORMS:
            raise ValidationError(_("Pilih bentuk kegiatan di buku JP yang paling sesuai dengan capaiannya."))
    elif not notes:
        raise ValidationError(_("Tuliskan alasan penolakan."))
    with transaction.atomic():
        rpl = RplRequest.objects.select_for_update().select_related("competency", "employee").get(pk=rpl.pk)
        if approve and rpl.state == RplState.APPROVED:
            return rpl
        if rpl.state != RplState.ASSESSED:
            raise ValidationError(_("Permohonan ini belum dinilai kelompok keahlian atau sudah diputuskan."))
        before = snapshot(rpl)
        rpl.decision_notes, rpl.decided_by, rpl.decided_at = notes, actor, timezone.now()
        if approve:
            _approve(rpl, actor, form, jp)
        else:
            rpl.state = RplState.REFUSED
        rpl.save()
        _audit("rpl_decide", rpl, actor, before)
        _close_tasks(TaskKind.RPL_DECIDE, decision_queue, _year(rpl))
        tasks.assign(rpl.employee, TaskKind.RPL_RESULT, _year(rpl))
    return rpl


def _approve(rpl, actor, form, jp):
    rulebook = Rulebook.active()
    counted = estimate(rpl.employee, _activity(rpl, form, jp).activity(), rulebook)
    entry, _created = record_activity(
        rpl.employee,
        form,
        _activity(rpl, form, jp).title,
        rpl.start_date,
        rpl.end_date,
        jp,
        "jp",
        stated_jp=jp,
        source=Source.RPL,
        source_ref=rpl.source_ref,
        status=Status.VERIFIED,
        verifier=actor,
        actor=actor,
    )
    rpl.state, rpl.form, rpl.decided_jp, rpl.entry = RplState.APPROVED, form, jp, entry
    rpl.explanation = _("%(jp)s JP diakui CLO; dihitung %(counted)s JP menurut %(rulebook)s: %(why)s") % {
        "jp": engine.fmt(jp),
        "counted": engine.fmt(counted["jp"]),
        "rulebook": counted["rulebook"],
        "why": counted["explanation"],
    }
    if rpl.row_id and rpl.row.plan.year == entry.start_date.year:  # realised JP counts within the plan's year
        RowEntryLink.objects.get_or_create(row=rpl.row, entry=entry, defaults={"linked_by": actor})


def recognised(row):
    """The approved request that fulfils an IDP row, or None."""
    return row.rpl_requests.filter(state=RplState.APPROVED).first()


def recognitions(plan):
    """{row id: the approved request fulfilling it} for a plan's rows; a D row shows its C row's (one query)."""
    approved = RplRequest.objects.filter(row__plan=plan, state=RplState.APPROVED).select_related("row")
    found = {}
    for request in approved:
        found.setdefault(request.row_id, request)
    for row_id, origin_id in plan.rows.filter(origin_id__in=list(found)).values_list("pk", "origin_id"):
        found.setdefault(row_id, found[origin_id])
    return found


def own_requests(user):
    """A user's own requests, newest first, with what the list shows (one query)."""
    return RplRequest.objects.filter(employee=user).select_related("competency", "row")


def assessment_queue(user):
    """The requests waiting for this user's assessment (their kelompok's; the CLO's when without kelompok)."""
    waiting = RplRequest.objects.filter(state=RplState.SUBMITTED).exclude(employee=user)
    mine = waiting.filter(kelompok__in=user.keanggotaan.values("kelompok"))
    if is_coordinator(user):
        mine = mine | waiting.filter(kelompok__isnull=True)
    return mine.select_related("competency", "employee", "kelompok")


def decision_queue(user):
    """The assessed requests waiting for the CLO's decision (never the CLO's own)."""
    if not is_coordinator(user):
        return RplRequest.objects.none()
    return (
        RplRequest.objects.filter(state=RplState.ASSESSED)
        .exclude(employee=user)
        .select_related("competency", "employee", "kelompok", "assessed_by")
    )


def visible_requests(user):
    """The requests this user may open (the access policy)."""
    return RplRequest.objects.filter(visible_rpl_q(user))
