"""Institution direction (Dewan Pengarah) and unit KPI targets (unit leaders), and what they pre-fill in B."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from people.models import UnitKerja

from ..models import TARGET_CODES, InstitutionDirection, UnitTarget
from ..roles import may_steer
from .audit import audit, snapshot


def set_direction(
    actor, year, learning_direction, development_priorities="", priority_competencies=(), hcdp_document=None
):
    """Create or update the direction of a year (Dewan Pengarah / CLO only). Returns the direction."""
    if not may_steer(actor):
        raise PermissionDenied(_("Hanya Dewan Pengarah atau Koordinator Pembelajaran yang menetapkan arah instansi."))
    with transaction.atomic():
        direction = InstitutionDirection.objects.filter(year=year).first()
        before = snapshot(direction)
        direction = direction or InstitutionDirection(year=year)
        direction.learning_direction = learning_direction
        direction.development_priorities = development_priorities
        direction.hcdp_document = hcdp_document
        direction.updated_by = actor
        direction.save()
        direction.priority_competencies.set(priority_competencies)
        audit("direction", actor=actor, target=f"direction:{year}", before=before, after=snapshot(direction))
    return direction


def may_set_unit_targets(user, unit):
    """The head of the unit (or of a unit above it), the Dewan Pengarah and the CLO."""
    if may_steer(user):
        return True
    paths = UnitKerja.objects.filter(kepala=user).values_list("path", flat=True)
    return any(unit.path.startswith(path) for path in paths)


def add_unit_target(actor, year, unit, kind, text):
    """A unit leader adds a sasaran strategis / program / kegiatan of their unit to the year's direction."""
    if not may_set_unit_targets(actor, unit):
        raise PermissionDenied(_("Hanya pimpinan unit ini yang dapat menambah sasaran unit."))
    direction = InstitutionDirection.objects.filter(year=year).first()
    if direction is None:
        raise PermissionDenied(_("Arah pengembangan kompetensi tahun %(year)s belum ditetapkan.") % {"year": year})
    target = UnitTarget.objects.create(direction=direction, unit=unit, kind=kind, text=text.strip(), added_by=actor)
    audit("unit_target", actor=actor, target=f"unit_target:{target.pk}", after=snapshot(target))
    return target


def unit_targets_for(unit, year):
    """The year's targets of a unit and of every unit above it, top unit first."""
    if unit is None:
        return []
    units = [*unit.get_ancestors(), unit]
    targets = UnitTarget.objects.filter(direction__year=year, unit__in=units).select_related("unit")
    return sorted(targets, key=lambda t: (len(t.unit.path), t.kind, t.pk))


def basis_prefill(unit, year):
    """{B code: text} that the direction and the unit targets give an IDP of this unit and year (1.1–1.2, 2.1–2.3)."""
    filled = {}
    direction = InstitutionDirection.objects.filter(year=year).select_related("hcdp_document").first()
    if direction is not None:
        lines = [direction.learning_direction.strip()]
        names = [c.name for c in direction.priority_competencies.all()]
        if names:
            lines.append(_("Kompetensi prioritas: %(names)s") % {"names": ", ".join(names)})
        filled["1.1"] = "\n".join(line for line in lines if line)
        hcdp = [direction.development_priorities.strip()]
        if direction.hcdp_document is not None:
            hcdp.append(_("Dokumen: %(title)s") % {"title": direction.hcdp_document.title})
        if any(hcdp):
            filled["1.2"] = "\n".join(line for line in hcdp if line)
    for target in unit_targets_for(unit, year):
        code = TARGET_CODES[target.kind]
        line = f"- {target.text} ({target.unit.nama})"
        filled[code] = f"{filled[code]}\n{line}" if code in filled else line
    return filled
