"""Who sees whose evaluation results (corpu.access.evaluation_scope / evaluation_employees_q): the CLO and the
Dewan Pengarah everyone; a unit head their unit and the units below; a unit secretariat (verifikator unit) the
same for their own unit; an employee only themself; anyone else nothing; anonymous and inactive users nothing."""

import pytest
from django.contrib.auth.models import AnonymousUser

from corpu.access import can_see_evaluations, evaluation_employees_q, evaluation_scope
from evaluation.models import BehaviourTask
from people.models import User
from people.roles import VERIFIKATOR_UNIT, assign_role
from tests.factories import UserFactory

from .behaviour_world import world_fixture  # noqa: F401

DINAS = {"kadis", "kabid", "rizky", "kolega", "sekretariat", "sekretariat_bidang"}
BIDANG = {"kabid", "rizky", "kolega", "sekretariat_bidang"}
EVERYONE = DINAS | {"kadinkes", "perawat", "sekretariat_dinkes", "clo", "sekda"}


def seen_by(user):
    return set(User.objects.filter(evaluation_employees_q(user, prefix="")).values_list("username", flat=True))


@pytest.mark.parametrize(
    ("visitor", "sees"),
    [
        ("clo", EVERYONE),
        ("dewan", EVERYONE),
        ("kadis", DINAS),  # head of the dinas: the bidang below too
        ("kabid", BIDANG),  # head of the bidang: not the dinas above
        ("secretariat", DINAS),
        ("bidang_secretariat", BIDANG),
        ("other_secretariat", {"kadinkes", "perawat", "sekretariat_dinkes", "clo", "sekda"}),
        ("employee", {"rizky"}),
        ("colleague", {"kolega"}),
        ("other_staff", {"perawat"}),
    ],
)
def test_who_sees_whose_results(world, visitor, sees):
    assert seen_by(world[visitor]) == sees & EVERYONE


def test_scope_values(world):
    assert evaluation_scope(world["clo"]) == "all"
    assert evaluation_scope(world["dewan"]) == "all"
    assert evaluation_scope(world["kadis"]) == (world["dinas"].path,)
    assert evaluation_scope(world["secretariat"]) == (world["dinas"].path,)
    assert evaluation_scope(world["employee"]) == ()
    assert [can_see_evaluations(world[name]) for name in ["clo", "dewan", "kabid", "secretariat"]] == [True] * 4
    assert not can_see_evaluations(world["employee"]) and not can_see_evaluations(AnonymousUser())


def test_anonymous_and_inactive_see_nothing(world):
    assert evaluation_scope(AnonymousUser()) == ()
    assert seen_by(AnonymousUser()) == set()
    clo = world["clo"]
    clo.is_active = False
    clo.save()
    clo = User.objects.get(pk=clo.pk)
    assert evaluation_scope(clo) == () and seen_by(clo) == set()


def test_a_verifier_without_a_unit_sees_only_themself(world):
    loose = UserFactory(username="tanpa_unit")
    assign_role(loose, VERIFIKATOR_UNIT)
    assert evaluation_scope(loose) == () and seen_by(loose) == {"tanpa_unit"}


def test_a_sibling_unit_with_a_common_path_prefix_is_not_leaked(world):
    """Treebeard paths are fixed-width steps: the head of one bidang never sees a sibling bidang."""
    from people.models import UnitKerja

    sibling = UnitKerja.ensure_path("Dinas PUPR/Bidang Cipta Karya")
    UserFactory(username="cipta", unit_kerja=sibling)
    assert "cipta" not in seen_by(world["kabid"]) and "cipta" in seen_by(world["kadis"])


def test_the_prefix_reaches_the_employee_through_a_relation(world):
    import datetime

    from django.core.management import call_command

    from .behaviour_world import at, training

    with at(2026, 1, 10):
        training(world["employee"], world["secretariat"], datetime.date(2026, 1, 8))
        training(world["other_staff"], world["other_secretariat"], datetime.date(2026, 1, 8))
    with at(2026, 7, 10):
        call_command("evaluation_due")

    def employees(user):
        tasks = BehaviourTask.objects.filter(evaluation_employees_q(user))
        return set(tasks.values_list("employee__username", flat=True))

    assert employees(world["kabid"]) == {"rizky"}
    assert employees(world["other_secretariat"]) == {"perawat"}
    assert employees(world["clo"]) == {"rizky", "perawat"}
    assert employees(world["colleague"]) == set()
    assert employees(AnonymousUser()) == set()
