"""Monev (Kutai Barat part V): the yearly monitoring record per unit kerja, its visits, and who is still missing one."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.utils.translation import gettext as _

from corpu.access import evaluation_units_q, may_record_evaluation

from ..models import FollowUp, MonevRecord, MonevVisit, VisitMethod

# Monev is expected of every perangkat daerah: the units at the top of the unit kerja tree (depth 1).
EXPECTED_DEPTH = 1


def _require_clo(actor):
    if not may_record_evaluation(actor):
        raise PermissionDenied(_("Hanya CLO yang dapat mengisi catatan monev."))


def save_record(actor, unit, year, findings="", recommendations="", follow_up=FollowUp.OPEN, follow_up_notes=""):
    """Create or update the unit's record of the year."""
    _require_clo(actor)
    if follow_up not in FollowUp.values:
        raise ValidationError({"follow_up": _("Pilih status tindak lanjut.")})
    if follow_up != FollowUp.OPEN and not (recommendations or "").strip():
        raise ValidationError({"recommendations": _("Tindak lanjut memerlukan rekomendasi yang ditindaklanjuti.")})
    record, _created = MonevRecord.objects.update_or_create(
        unit=unit,
        year=year,
        defaults={
            "findings": (findings or "").strip(),
            "recommendations": (recommendations or "").strip(),
            "follow_up": follow_up,
            "follow_up_notes": (follow_up_notes or "").strip(),
            "updated_by": actor,
        },
    )
    return record


def add_visit(actor, record, visited_on, method, visitors, checked):
    """Add one visit; its date must lie in the record's year."""
    _require_clo(actor)
    errors = {}
    if visited_on is None:
        errors["visited_on"] = _("Isi tanggal kunjungan.")
    elif visited_on.year != record.year:
        errors["visited_on"] = _("Tanggal kunjungan harus pada tahun %(year)s.") % {"year": record.year}
    if method not in VisitMethod.values:
        errors["method"] = _("Pilih cara monev.")
    if not (visitors or "").strip():
        errors["visitors"] = _("Sebutkan siapa yang melakukan monev.")
    if not (checked or "").strip():
        errors["checked"] = _("Sebutkan apa yang diperiksa.")
    if errors:
        raise ValidationError(errors)
    return MonevVisit.objects.create(
        record=record, visited_on=visited_on, method=method, visitors=visitors.strip(), checked=checked.strip()
    )


def visible_records(user, year):
    """The year's records this user may see, with their visit counts (one query)."""
    records = MonevRecord.objects.filter(year=year).filter(evaluation_units_q(user))
    return records.select_related("unit").annotate(visit_count=Count("visits")).order_by("unit__path")


def missing_units(user, year):
    """Expected units (perangkat daerah) in the user's scope without a record for the year (one query)."""
    from people.models import UnitKerja

    done = MonevRecord.objects.filter(year=year).values("unit")
    units = UnitKerja.objects.filter(depth__lte=EXPECTED_DEPTH).filter(evaluation_units_q(user, prefix=""))
    return units.exclude(pk__in=done).order_by("nama")


def can_view_record(user, record):
    return MonevRecord.objects.filter(pk=record.pk).filter(evaluation_units_q(user)).exists()
