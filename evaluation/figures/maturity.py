"""The CorpU maturity section of the yearly report: the levels of the year's submitted self-assessment."""

from django.db.models import Avg
from django.utils.translation import gettext_lazy as _

from . import figure


@figure("kematangan_tingkat_elemen", _("Tingkat kematangan per elemen (penilaian diajukan)"), "maturity")
def element_levels(year, units=None):
    from ..models import AssessmentState, Element, ElementRating

    rated = ElementRating.objects.filter(assessment__year=year, assessment__state=AssessmentState.SUBMITTED)
    levels = dict(rated.values_list("element", "level"))
    return {element: levels.get(element) for element in Element.values}


@figure("kematangan_rata_rata", _("Rata-rata tingkat kematangan (penilaian diajukan)"), "maturity")
def average_level(year, units=None):
    from ..models import AssessmentState, ElementRating

    rated = ElementRating.objects.filter(assessment__year=year, assessment__state=AssessmentState.SUBMITTED)
    average = rated.aggregate(a=Avg("level"))["a"]
    return None if average is None else round(float(average), 2)
