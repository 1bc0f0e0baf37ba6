"""Self-assessment: rate the competencies the current and the next position need; the gaps fill B 4.2."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corpu.choices import Competency

from ..lan import GAP_HEADINGS
from ..models import PositionRequirement, SelfAssessment, SelfRating
from .audit import audit, snapshot


def _own(assessment, actor):
    if actor is None or actor.pk != assessment.employee_id:
        raise PermissionDenied(_("Penilaian mandiri hanya diisi oleh pegawai yang bersangkutan."))


def _add_requirements(assessment, position, for_next):
    for requirement in PositionRequirement.objects.filter(position__iexact=position.strip()):
        SelfRating.objects.get_or_create(
            assessment=assessment,
            competency_id=requirement.competency_id,
            for_next_position=for_next,
            defaults={"required_level": requirement.required_level},
        )


def start_assessment(employee, year, actor=None):
    """The employee's self-assessment of the year (created with one rating row per competency their position
    needs). Only the employee starts it."""
    if (actor or employee).pk != employee.pk:
        raise PermissionDenied(_("Penilaian mandiri hanya diisi oleh pegawai yang bersangkutan."))
    with transaction.atomic():
        assessment, created = SelfAssessment.objects.get_or_create(
            employee=employee, year=year, defaults={"current_position": employee.jabatan}
        )
        if created:
            _add_requirements(assessment, assessment.current_position, False)
            audit("assessment_start", actor=employee, target=f"assessment:{assessment.pk}", after=snapshot(assessment))
    return assessment


def set_career_plan(assessment, actor, next_position, career_plan=""):
    """Name the next position of the career plan: its required competencies join the assessment."""
    _own(assessment, actor)
    with transaction.atomic():
        before = snapshot(assessment)
        assessment.next_position = next_position.strip()
        assessment.career_plan = career_plan.strip()
        assessment.save(update_fields=["next_position", "career_plan"])
        assessment.ratings.filter(for_next_position=True).delete()
        if assessment.next_position:
            _add_requirements(assessment, assessment.next_position, True)
        audit(
            "career_plan", actor=actor, target=f"assessment:{assessment.pk}", before=before, after=snapshot(assessment)
        )
    return assessment


def rate(
    assessment, actor, competency, current_level, for_next_position=False, aspect="", note="", required_level=None
):
    """Rate one competency (1–5). A competency outside the position standard may be added with a required level."""
    _own(assessment, actor)
    if not 1 <= int(current_level) <= 5:
        raise ValidationError(_("Level kompetensi harus 1 sampai 5."))
    rating = SelfRating.objects.filter(
        assessment=assessment, competency=competency, for_next_position=for_next_position
    ).first()
    if rating is None:
        if required_level is None:
            raise ValidationError(_("Sebutkan level yang dibutuhkan untuk kompetensi di luar standar jabatan."))
        rating = SelfRating(
            assessment=assessment,
            competency=competency,
            for_next_position=for_next_position,
            required_level=required_level,
        )
    before = snapshot(rating) if rating.pk else None
    rating.current_level = int(current_level)
    rating.aspect = aspect
    rating.note = note
    rating.full_clean(exclude=["assessment", "competency"])
    rating.save()
    audit("rate", actor=actor, target=f"rating:{rating.pk}", before=before, after=snapshot(rating))
    return rating


def gaps(assessment):
    """{competency type: [rating with a gap, ...]} in dictionary order; unrated competencies count as no gap."""
    result = {kind: [] for kind in Competency.values}
    ratings = assessment.ratings.select_related("competency")
    for rating in ratings:
        if rating.gap:
            result[rating.competency.competency_type].append(rating)
    return result


def gap_text(assessment):
    """The B 4.2 analysis: one heading per competency type (the LAN wording) with its gaps listed below."""
    lines = []
    for kind, ratings in gaps(assessment).items():
        lines.append(GAP_HEADINGS[kind])
        for rating in ratings:
            where = _("jabatan berikutnya") if rating.for_next_position else _("jabatan saat ini")
            lines.append(
                _("- %(name)s: level %(current)s, dibutuhkan %(required)s (%(where)s)")
                % {
                    "name": rating.competency.name,
                    "current": rating.current_level,
                    "required": rating.required_level,
                    "where": where,
                }
            )
        if not ratings:
            lines.append("-")
    return "\n".join(lines)


def complete_assessment(assessment, actor):
    """Finish the self-assessment; the year's IDP (if any) gets B 4.2 and 5.1 refreshed from it."""
    from .drafting import refresh_basis

    _own(assessment, actor)
    assessment.completed_at = timezone.now()
    assessment.save(update_fields=["completed_at"])
    audit("assessment_complete", actor=actor, target=f"assessment:{assessment.pk}")
    plan = assessment.employee.idps.filter(year=assessment.year).first()
    if plan is not None:
        refresh_basis(plan, actor)
    return assessment
