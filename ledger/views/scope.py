"""Who may see what in the ledger pages: verifiers' entries, evidence, dashboards, export units; shared helpers."""

import datetime

from django.core.exceptions import ValidationError

from .. import services
from ..models import Bucket, Entry


def requested_year(request):
    """The `?tahun=` of a request, this year when absent or not a number."""
    try:
        return int(request.GET.get("tahun", ""))
    except ValueError:
        return datetime.date.today().year


def bucket_labels():
    return dict(Bucket.choices)


def refusal_message(error):
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


def verifiable_entries(user, queryset):
    """Entries a verifier may handle: all for BKPSDM (institution-wide access), otherwise their own unit's staff
    and the units below it (a unit secretariat)."""
    scope = services.verifier_scope(user)
    if scope is None:
        return queryset.none()
    return queryset.filter(employee__unit_kerja__path__startswith=scope) if scope else queryset


def queue_entries(user, queryset):
    """What a verifier may act on: `verifiable_entries` but never their own, whatever their role."""
    return verifiable_entries(user, queryset).exclude(employee_id=user.pk)


def can_see_evidence(user, entry):
    return entry.employee_id == user.pk or verifiable_entries(user, Entry.objects.filter(pk=entry.pk)).exists()


def can_see_dashboard(user):
    return user.has_perm("ledger.view_entry") or user.has_perm("people.view_all_content")


def export_units(user):
    """Units whose staff's entries a user may export: every unit for BKPSDM (CLO), otherwise a unit verifier's
    own unit and the units below it (the same scope as `verifiable_entries`); None when refused."""
    from people.models import UnitKerja

    scope = services.verifier_scope(user)
    if scope is None:
        return None
    return UnitKerja.objects.filter(path__startswith=scope).order_by("path")
