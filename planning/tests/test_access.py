"""Who sees an IDP (corpu.access): its employee, the supervisor chain, the verifying kelompok keahlian (its rows
only) and the CLO; a colleague, another unit's head and other kelompok members are refused."""

import pytest

from corpu.access import can_view_plan, filter_visible_plans, plan_access, visible_plan_rows
from planning.models import Plan, Section
from planning.services import verification

from .conftest import YEAR, agreed_plan


@pytest.fixture
def plan_in_verification(world):
    plan = agreed_plan(world)
    verification.start_verification(world["clo"], YEAR)
    plan.refresh_from_db()
    return plan


FULL = ["employee", "kabid", "kadis", "clo"]


@pytest.mark.parametrize("who", FULL)
def test_employee_supervisor_chain_and_clo_see_the_whole_plan(world, plan_in_verification, who):
    user = world[who]
    assert plan_access(user, plan_in_verification).full
    assert set(visible_plan_rows(user, plan_in_verification)) == set(plan_in_verification.rows.all())
    assert list(filter_visible_plans(Plan.objects.all(), user)) == [plan_in_verification]


@pytest.mark.parametrize("who", ["colleague", "other_head", "sekda"])
def test_a_colleague_another_units_head_and_other_staff_are_refused(world, plan_in_verification, who):
    user = world[who]
    assert not can_view_plan(user, plan_in_verification)
    assert not visible_plan_rows(user, plan_in_verification).exists()
    assert not filter_visible_plans(Plan.objects.all(), user).exists()


def test_anonymous_is_refused(world, plan_in_verification):
    from django.contrib.auth.models import AnonymousUser

    assert not can_view_plan(AnonymousUser(), plan_in_verification)
    assert not filter_visible_plans(Plan.objects.all(), AnonymousUser()).exists()


@pytest.mark.parametrize(
    ("who", "kelompok"), [("ketua_asn", "kk_asn"), ("member_asn", "kk_asn"), ("ketua_infra", "kk_infra")]
)
def test_a_verifying_kelompok_sees_only_its_own_rows(world, plan_in_verification, who, kelompok):
    user = world[who]
    access = plan_access(user, plan_in_verification)
    assert access and not access.full
    rows = list(visible_plan_rows(user, plan_in_verification))
    assert rows and all(row.verification.kelompok == world[kelompok] for row in rows)
    assert len(rows) == 1  # the other kelompok's row stays hidden
    assert list(filter_visible_plans(Plan.objects.all(), user)) == [plan_in_verification]


def test_a_kelompok_sees_nothing_before_verification_starts(world):
    plan = agreed_plan(world)
    assert not can_view_plan(world["ketua_infra"], plan)
    assert not filter_visible_plans(Plan.objects.all(), world["ketua_infra"]).exists()


def test_a_kelompok_sees_the_d_rows_made_from_its_rows_but_not_the_others(world, plan_in_verification):
    from planning.lan import Level, Method, Priority

    clo = world["clo"]
    for v in [row.verification for row in plan_in_verification.rows.filter(section=Section.PROPOSED)]:
        verification.verify_row(v, clo, Priority.HIGH, Method.SOCIAL, Level.TECHNICAL)
        verification.decide(clo, YEAR, [v], Level.TECHNICAL, "Unit")
    rows = list(visible_plan_rows(world["ketua_infra"], plan_in_verification))
    assert sorted(r.section for r in rows) == ["C", "D"]
    assert {r.competency for r in rows} == {world["jalan"]}


def test_the_policy_query_and_the_object_check_agree(world, plan_in_verification):
    """filter_visible_plans and can_view_plan give the same answer for every user of the world."""
    other_plan = agreed_plan(world, employee=world["colleague"])
    users = [v for v in world.values() if hasattr(v, "is_authenticated")]
    for user in users:
        listed = set(filter_visible_plans(Plan.objects.all(), user))
        assert listed == {p for p in (plan_in_verification, other_plan) if can_view_plan(user, p)}, user.username


def test_a_view_refuses_a_colleague_with_403_and_anonymous_with_a_sign_in_redirect(world, plan_in_verification, rf):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from corpu.access import deny_plan_response

    request = rf.get("/idp/1/")
    request.user = world["employee"]
    assert deny_plan_response(request, plan_in_verification) is None
    request.user = world["colleague"]
    with pytest.raises(PermissionDenied):
        deny_plan_response(request, plan_in_verification)
    request.user = AnonymousUser()
    assert deny_plan_response(request, plan_in_verification).status_code == 302
