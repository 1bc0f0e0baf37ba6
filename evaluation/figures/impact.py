"""Performance figures (Banjarbaru Perwali 23/2025 art. 30(1) g–h): the institution's indicators a year's programmes
were linked to (Level 4, before → after), and the staff whose applied behaviour closed the gap (Level 3, rendah)."""

from django.utils.translation import gettext_lazy as _

from ..models import Gap, ImpactLink
from ..services.impact import sheet_rows
from . import figure
from .behaviour import _assessed
from .scoping import in_units_q

INSTITUTION = "institutional_performance"


def _rows(year, units):
    """Sheet rows of the indicators linked to the year's programmes (targets of `units` and below)."""
    links = ImpactLink.objects.filter(in_units_q(units, prefix="target__unit"), programme__year=year)
    return sheet_rows(links.select_related("target__unit"))


@figure("impact_indicators_linked", _("Indikator kinerja unit yang dikaitkan dengan program"), INSTITUTION)
def indicators_linked(year, units=None):
    return len(_rows(year, units))


@figure("impact_indicators_measured", _("Indikator dengan nilai sebelum dan sesudah program"), INSTITUTION)
def indicators_measured(year, units=None):
    return sum(1 for row in _rows(year, units) if row.change is not None)


@figure("impact_indicators_improved", _("Indikator yang membaik setelah program"), INSTITUTION)
def indicators_improved(year, units=None):
    return sum(1 for row in _rows(year, units) if row.improved is True)


@figure("impact_indicators_worsened", _("Indikator yang memburuk setelah program"), INSTITUTION)
def indicators_worsened(year, units=None):
    return sum(1 for row in _rows(year, units) if row.improved is False)


@figure(
    "individual_gap_closed_pct",
    _("Pegawai yang menerapkan hasil belajar dengan kesenjangan rendah (% dari yang dinilai)"),
    "individual_performance",
)
def gap_closed_pct(year, units=None):
    """Of the behaviour evaluations assessed in the year, the share whose remaining gap is rendah."""
    assessed = _assessed(year, units)
    total = assessed.count()
    if not total:
        return None
    return round(100 * assessed.filter(gap=Gap.LOW).count() / total, 1)
