"""Narrowing a figure to the staff of some units: a figure's `units` (a UnitKerja queryset, or None for the whole
institution) reaches those units and every unit below them."""

import datetime
import operator
from functools import reduce

from django.db.models import Q
from django.utils import timezone


def in_units_q(units, prefix="unit_kerja"):
    """A Q selecting rows whose unit (reached through `prefix`) is one of `units` or below one; Q() for None."""
    if units is None:
        return Q()
    paths = list(units.values_list("path", flat=True))
    if not paths:
        return Q(pk__in=[])
    field = f"{prefix}__path__startswith" if prefix else "path__startswith"
    return reduce(operator.or_, (Q(**{field: path}) for path in paths))


def unit_ids(units):
    """The ids of `units` and of every unit below them (None: no narrowing)."""
    from people.models import UnitKerja

    if units is None:
        return None
    return set(UnitKerja.objects.filter(in_units_q(units, prefix="")).values_list("pk", flat=True))


def year_bounds(year):
    """[start, end) of a calendar year as aware datetimes in the institution's time zone."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=zone)
    return start, datetime.datetime(year + 1, 1, 1, tzinfo=zone)
