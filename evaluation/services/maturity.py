"""Program evaluation – maturity: the yearly self-assessment over the seven elements, its platform figures, the
snapshot at submission, and the comparison with the previous year."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corpu.access import may_record_evaluation

from ..figures import FIGURES
from ..figures.platform import ELEMENT_FIGURES
from ..models import AssessmentState, Element, ElementRating, MaturityAssessment, MaturityLevel


def _require_clo(actor):
    if not may_record_evaluation(actor):
        raise PermissionDenied(_("Hanya CLO yang dapat mengisi penilaian kematangan."))


def _json(value):
    """A figure value as stored in the snapshot (numbers stay numbers, a breakdown stays a dict)."""
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if value is None or isinstance(value, (int, float)):
        return value
    return float(value)


def platform_figures(year):
    """{element: [(name, label, value)]} computed now from the platform."""
    return {
        element: [(name, FIGURES[name].label, _json(FIGURES[name](year))) for name in names]
        for element, names in ELEMENT_FIGURES.items()
    }


def start(actor, year):
    """The year's assessment (created as a draft with one row per element when missing)."""
    _require_clo(actor)
    with transaction.atomic():
        assessment, created = MaturityAssessment.objects.get_or_create(year=year, defaults={"created_by": actor})
        if created:
            ElementRating.objects.bulk_create(ElementRating(assessment=assessment, element=e) for e in Element.values)
    return assessment


def _editable(assessment):
    if assessment.state == AssessmentState.SUBMITTED:
        message = _("Penilaian %(year)s sudah diajukan dan tidak dapat diubah.")
        raise ValidationError(message % {"year": assessment.year})


def rate(actor, rating, level, evidence="", evidence_file=None):
    """Set one element's level and evidence on a draft."""
    _require_clo(actor)
    if level in ("", None):
        level = None
    else:
        try:
            level = int(level)
        except (TypeError, ValueError):
            level = 0
        if level not in MaturityLevel.values:
            raise ValidationError({"level": _("Tingkat harus 1 sampai 5.")})
    with transaction.atomic():
        assessment = MaturityAssessment.objects.select_for_update().get(pk=rating.assessment_id)
        _editable(assessment)
        rating.level, rating.evidence = level, (evidence or "").strip()
        if evidence_file is not None:
            rating.evidence_file = evidence_file
        rating.full_clean(exclude=["assessment", "figures"])
        rating.save()
    return rating


def submit(actor, assessment, summary=None):
    """Submit a draft: every element needs a level and evidence; the platform figures are frozen beside each."""
    _require_clo(actor)
    with transaction.atomic():
        assessment = MaturityAssessment.objects.select_for_update().get(pk=assessment.pk)
        _editable(assessment)
        ratings = list(assessment.ratings.all())
        missing = [r.get_element_display() for r in ratings if not r.level or not r.evidence.strip()]
        if missing:
            raise ValidationError(
                _("Lengkapi tingkat dan bukti untuk elemen: %(elements)s.") % {"elements": ", ".join(missing)}
            )
        figures = platform_figures(assessment.year)
        for rating in ratings:
            rating.figures = {name: value for name, _label, value in figures.get(rating.element, [])}
        ElementRating.objects.bulk_update(ratings, ["figures"])
        if summary is not None:
            assessment.summary = summary.strip()
        assessment.state = AssessmentState.SUBMITTED
        assessment.submitted_by, assessment.submitted_at = actor, timezone.now()
        assessment.save()
    return assessment


def element_figures(assessment):
    """{element: [(name, label, value)]}: the frozen snapshot of a submitted assessment, live figures for a draft."""
    if assessment.state != AssessmentState.SUBMITTED:
        return platform_figures(assessment.year)
    frozen = {r.element: r.figures for r in assessment.ratings.all()}
    return {
        element: [(name, FIGURES[name].label, frozen.get(element, {}).get(name)) for name in names]
        for element, names in ELEMENT_FIGURES.items()
    }


def comparison(year):
    """Rows per element: (element, label, level this year, level the year before, change), two queries."""
    levels = {}
    for row in ElementRating.objects.filter(assessment__year__in=[year, year - 1]).values(
        "assessment__year", "element", "level"
    ):
        levels[(row["assessment__year"], row["element"])] = row["level"]
    rows = []
    for element, label in Element.choices:
        now, before = levels.get((year, element)), levels.get((year - 1, element))
        change = now - before if now is not None and before is not None else None
        rows.append({"element": element, "label": label, "level": now, "previous": before, "change": change})
    return rows


def radar(years):
    """Chart.js data: the seven element labels and one dataset of levels per assessment year."""
    by_year = {}
    for row in ElementRating.objects.filter(assessment__year__in=years).values("assessment__year", "element", "level"):
        by_year.setdefault(row["assessment__year"], {})[row["element"]] = row["level"]
    return {
        "labels": [str(label) for label in Element.labels],
        "datasets": [
            {"label": str(year), "data": [by_year[year].get(e) for e in Element.values]} for year in sorted(by_year)
        ],
    }
