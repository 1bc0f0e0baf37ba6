"""Figures of the report's learning section: learners with both a pre-test and a post-test result (post-test in
the year) and their mean gain."""

from statistics import mean

from django.utils.translation import gettext_lazy as _

from ..services.learning import paired_gains_in
from . import figure


@figure("learning_paired_learners", _("Peserta dengan pre-test dan post-test"), "learning")
def paired_learners(year, units=None):
    return len(paired_gains_in(year, units))


@figure("learning_mean_gain", _("Rata-rata kenaikan skor pre-test ke post-test (poin persen)"), "learning")
def mean_gain(year, units=None):
    gains = paired_gains_in(year, units)
    return round(mean(g.points for g in gains), 2) if gains else None


@figure("learning_mean_normalised_gain", _("Rata-rata gain ternormalisasi"), "learning")
def mean_normalised_gain(year, units=None):
    values = [g.normalised for g in paired_gains_in(year, units) if g.normalised is not None]
    return round(mean(values), 3) if values else None
