"""People lookups other apps use (e.g. assigning a whole unit to a course)."""

from .models import UnitKerja, User


def unit_choices():
    """Every unit kerja with its full path label, in tree order."""
    return [(unit.pk, unit.path_label) for unit in UnitKerja.objects.order_by("path")]


def staff_of_unit(unit_id):
    """Active staff of a unit and of every unit below it."""
    unit = UnitKerja.objects.get(pk=unit_id)
    return User.objects.filter(is_active=True, unit_kerja__path__startswith=unit.path)


def users_by_nip(nips):
    """(users found, NIPs not found) for a list of NIPs."""
    wanted = {"".join(str(nip).split()) for nip in nips if str(nip).strip()}
    found = list(User.objects.filter(is_active=True, nip__in=wanted))
    return found, sorted(wanted - {user.nip for user in found})


def supervisor_of(user):
    """The employee's supervisor in the performance dialogue: the head (pimpinan) of their unit, or, when that unit
    has none or the employee heads it, of the nearest unit above with a head other than the employee."""
    if user.unit_kerja_id is None:
        return None
    unit = user.unit_kerja
    for candidate in [unit, *reversed(list(unit.get_ancestors().select_related("kepala")))]:
        if candidate.kepala_id and candidate.kepala_id != user.pk and candidate.kepala.is_active:
            return candidate.kepala
    return None


def headed_unit_paths(user):
    """The tree paths of the units a user heads (their supervisor chain reaches everyone in and below them)."""
    return tuple(UnitKerja.objects.filter(kepala=user).values_list("path", flat=True))
