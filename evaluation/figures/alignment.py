"""Alignment of the year's learning with the plans (Banjarbaru Perwali 23/2025 art. 30(1)b): programmes on the
learning calendar that answer an IDP need accepted by a learning forum or a competency of the dictionary, the
accepted needs that got a programme, and the institution direction's priority competencies covered. Plus the
evaluation findings learning forums recorded with their follow-up (art. 30(1)c). `units` narrows programmes to
those targeting the units and needs to the plans of their staff."""

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import figure
from .scoping import in_units_q


def _share(part, whole):
    return round(Decimal(part) * 100 / whole, 1) if whole else None


def _programmes(year, units):
    from planning.models import LearningProgramme

    programmes = LearningProgramme.objects.filter(year=year)
    if units is not None:
        targeted = LearningProgramme.objects.filter(in_units_q(units, "target_units")).values("pk")
        programmes = programmes.filter(pk__in=targeted)
    return programmes


def _linked(programmes):
    return programmes.filter(Q(decision__isnull=False) | Q(competency__isnull=False))


def _accepted_needs(year, units):
    """Formulir 2 rows of the year's plans that a learning forum of the year accepted."""
    from planning.models import DecisionKind, Verification

    needs = Verification.objects.filter(
        row__plan__year=year, forum_decisions__kind=DecisionKind.ACCEPTED, forum_decisions__forum__year=year
    )
    return needs.filter(in_units_q(units, "row__plan__unit")).distinct()


@figure("align_programmes", _("Program pembelajaran pada kalender pembelajaran"), "alignment")
def align_programmes(year, units):
    return _programmes(year, units).count()


@figure("align_programmes_linked", _("Program yang terkait kebutuhan IDP atau kompetensi"), "alignment")
def align_programmes_linked(year, units):
    return _linked(_programmes(year, units)).count()


@figure("align_programmes_linked_pct", _("Persentase program terkait kebutuhan IDP/kompetensi (%)"), "alignment")
def align_programmes_linked_pct(year, units):
    programmes = _programmes(year, units)
    return _share(_linked(programmes).count(), programmes.count())


@figure("align_needs_accepted", _("Kebutuhan IDP (Formulir 2) yang diterima forum pembelajaran"), "alignment")
def align_needs_accepted(year, units):
    return _accepted_needs(year, units).count()


@figure("align_needs_with_programme", _("Kebutuhan diterima yang sudah menjadi program"), "alignment")
def align_needs_with_programme(year, units):
    from planning.models import DecisionKind

    needs = _accepted_needs(year, units)
    return needs.filter(
        forum_decisions__kind=DecisionKind.ACCEPTED,
        forum_decisions__forum__year=year,
        forum_decisions__programme__isnull=False,
    ).count()


@figure("align_needs_covered_pct", _("Persentase kebutuhan diterima yang menjadi program (%)"), "alignment")
def align_needs_covered_pct(year, units):
    return _share(align_needs_with_programme(year, units), align_needs_accepted(year, units))


def _priorities(year):
    from planning.models import InstitutionDirection

    direction = InstitutionDirection.objects.filter(year=year).first()
    return set(direction.priority_competencies.values_list("pk", flat=True)) if direction else set()


@figure("align_priority_competencies", _("Kompetensi prioritas dalam arah pengembangan instansi"), "alignment")
def align_priority_competencies(year, units):
    return len(_priorities(year))


@figure("align_priority_competencies_covered", _("Kompetensi prioritas yang memiliki program"), "alignment")
def align_priority_competencies_covered(year, units):
    covered = set(_programmes(year, units).values_list("competency", flat=True))
    return len(_priorities(year) & covered)


@figure("obstacles_forum_findings", _("Temuan evaluasi yang dicatat forum pembelajaran"), "obstacles")
def obstacles_forum_findings(year, units):
    from planning.models import DecisionKind, ForumDecision

    return ForumDecision.objects.filter(kind=DecisionKind.FINDING, forum__year=year).count()
