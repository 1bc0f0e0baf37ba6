"""Figures of the report's reaction section: responses given in a year and the mean Likert answer."""

from django.db.models import Avg
from django.utils.translation import gettext_lazy as _

from ..models import Answer, Response
from ..models.reaction import TARGET_FIELDS
from . import figure


def _responses(year, units):
    rows = Response.objects.filter(submitted_at__year=year)
    return rows if units is None else rows.filter(respondent__unit_kerja__in=units)


@figure("reaction_responses", _("Jumlah jawaban survei reaksi"), "reaction")
def responses(year, units=None):
    return _responses(year, units).count()


@figure(
    "reaction_responses_by_kind",
    _("Jawaban survei reaksi per jenis kegiatan (kursus, sesi, program, kegiatan)"),
    "reaction",
)
def responses_by_kind(year, units=None):
    rows = _responses(year, units)
    return {
        kind.value: rows.filter(**{f"target__{field}__isnull": False}).count() for kind, field in TARGET_FIELDS.items()
    }


@figure("reaction_likert_mean", _("Rata-rata jawaban skala 1–5 survei reaksi"), "reaction")
def likert_mean(year, units=None):
    value = Answer.objects.filter(response__in=_responses(year, units), number__isnull=False).aggregate(
        mean=Avg("number")
    )["mean"]
    return round(value, 2) if value is not None else None
