"""Level 3 figures (report section "behaviour"): behaviour evaluations due, assessed, overdue, and the assessed
ones per gap category. `units` (a UnitKerja queryset) selects the employees of those units and of the units below
them; None is the whole institution."""

import datetime
import operator
from functools import reduce

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import BehaviourTask, Gap, TaskStatus
from ..services.behaviour import ASSESS_WITHIN_DAYS
from . import figure


def _tasks(units):
    tasks = BehaviourTask.objects.exclude(status=TaskStatus.CANCELLED)
    if units is None:
        return tasks
    paths = list(units.values_list("path", flat=True))
    if not paths:
        return tasks.none()
    return tasks.filter(reduce(operator.or_, (Q(employee__unit_kerja__path__startswith=p) for p in paths)))


def _assessed(year, units):
    return _tasks(units).filter(status=TaskStatus.ASSESSED, assessed_at__year=year)


@figure("behaviour_tasks_due", _("Evaluasi perilaku jatuh tempo"), "behaviour")
def tasks_due(year, units=None):
    """Tasks falling due in the year (six months after the activity), cancelled ones left out."""
    return _tasks(units).filter(due_on__year=year).count()


@figure("behaviour_assessed", _("Evaluasi perilaku dinilai atasan"), "behaviour")
def assessed(year, units=None):
    """Tasks the supervisor assessed in the year (whenever they fell due)."""
    return _assessed(year, units).count()


@figure("behaviour_overdue", _("Evaluasi perilaku terlambat (belum dinilai)"), "behaviour")
def overdue(year, units=None):
    """Tasks due in the year that were overdue (not assessed within ASSESS_WITHIN_DAYS of their due date) and still
    not assessed as of today, or of 31 December for a past year."""
    as_of = min(timezone.localdate(), datetime.date(year, 12, 31))
    late = as_of - datetime.timedelta(days=ASSESS_WITHIN_DAYS)
    unassessed = Q(status=TaskStatus.OPEN) | Q(status=TaskStatus.ASSESSED, assessed_at__date__gt=as_of)
    return _tasks(units).filter(unassessed, due_on__year=year, due_on__lt=late).count()


def _gap_figure(gap):
    def count(year, units=None):
        return _assessed(year, units).filter(gap=gap).count()

    count.__doc__ = f"Tasks assessed in the year with gap category {gap}."
    return count


gap_rendah = figure("behaviour_gap_rendah", _("Kesenjangan kompetensi rendah"), "behaviour")(_gap_figure(Gap.LOW))
gap_sedang = figure("behaviour_gap_sedang", _("Kesenjangan kompetensi sedang"), "behaviour")(_gap_figure(Gap.MEDIUM))
gap_tinggi = figure("behaviour_gap_tinggi", _("Kesenjangan kompetensi tinggi"), "behaviour")(_gap_figure(Gap.HIGH))
