"""Plan vs realised: each C/D row's JP from the ledger, by linked entries or by the course's competency."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from corpu.access import AccessLevel
from courses.models import CoursePage
from ledger.models import Source, Status
from ledger.services import record_activity
from planning.models import Section
from planning.services import drafting
from planning.services.realised import link_entry, plan_realisation

from .conftest import YEAR, managerial_row, technical_row


def seminar(employee, title, day, status=Status.VERIFIED, **extra):
    entry, _created = record_activity(employee, "seminar", title, day, day, 1, "hari", status=status, **extra)
    return entry


@pytest.fixture
def plan(world):
    plan, _ = drafting.open_plan(world["employee"], YEAR)
    drafting.save_row(plan, world["employee"], technical_row(world))
    drafting.save_row(plan, world["employee"], managerial_row(world))
    return plan


def test_linked_entries_count_for_their_row(world, plan):
    employee = world["employee"]
    technical, managerial = plan.rows.filter(section=Section.PROPOSED)
    entry = seminar(employee, "Seminar perkerasan jalan", datetime.date(YEAR, 5, 4))
    seminar(employee, "Seminar lain, tidak ditautkan", datetime.date(YEAR, 6, 1))
    link_entry(technical, entry, employee)
    result = {r.row: r for r in plan_realisation(plan)}
    assert result[technical].linked_jp == Decimal(4) and result[technical].realised_jp == Decimal(4)
    assert [e for e, _jp, how in result[technical].entries] == [entry]
    assert result[managerial].realised_jp == 0  # an unlinked seminar has no competency to match


def test_course_completions_match_the_row_of_their_competency_once(world, plan, home):
    """With two rows of the course's competency the completion is not linked (planning.signals) but matched."""
    employee = world["employee"]
    drafting.save_row(plan, employee, managerial_row(world, objective="Memimpin rapat koordinasi"))
    course = home.add_child(
        instance=CoursePage(title="Komunikasi Efektif", access_level=AccessLevel.ASN, competency="manajerial")
    )
    seminar(
        employee,
        "Komunikasi Efektif",
        datetime.date(YEAR, 3, 2),
        source=Source.COURSE_COMPLETION,
        source_ref=f"course:{course.pk}",
    )
    seminar(
        employee,
        "Tahun lalu",
        datetime.date(YEAR - 1, 3, 2),
        source=Source.COURSE_COMPLETION,
        source_ref=f"course:{course.pk}:old",
    )
    seminar(employee, "Belum diverifikasi", datetime.date(YEAR, 3, 9), status=Status.SUBMITTED)
    technical, managerial, second = plan.rows.filter(section=Section.PROPOSED)
    result = {r.row: r for r in plan_realisation(plan)}
    assert result[managerial].matched_jp == Decimal(4) and result[managerial].linked_jp == 0
    assert result[technical].realised_jp == 0 and result[second].realised_jp == 0


def test_a_link_to_a_c_row_serves_its_d_row(world):
    from planning.lan import Level, Method, Priority
    from planning.services import verification

    from .conftest import agreed_plan

    plan = agreed_plan(world, rows=[technical_row(world)])
    c_row = plan.rows.get(section=Section.PROPOSED)
    entry = seminar(world["employee"], "Magang", datetime.date(YEAR, 4, 6))
    link_entry(c_row, entry, world["employee"])
    verification.start_verification(world["clo"], YEAR)
    v = c_row.verification
    verification.verify_row(v, world["ketua_infra"], Priority.HIGH, Method.EXPERIENTIAL, Level.TECHNICAL)
    verification.decide(world["clo"], YEAR, [v], Level.TECHNICAL, "Bidang Bina Marga")
    [d] = plan_realisation(plan)
    assert d.row.section == Section.VERIFIED and d.linked_jp == Decimal(4)


def test_only_the_employee_links_their_own_entries_of_the_year(world, plan):
    row = plan.rows.first()
    own = seminar(world["employee"], "Seminar", datetime.date(YEAR, 5, 4))
    other = seminar(world["colleague"], "Seminar kolega", datetime.date(YEAR, 5, 4))
    old = seminar(world["employee"], "Seminar lama", datetime.date(YEAR - 1, 5, 4))
    with pytest.raises(PermissionDenied):
        link_entry(row, own, world["kabid"])
    with pytest.raises(PermissionDenied):
        link_entry(row, other, world["employee"])
    with pytest.raises(ValidationError, match="tahun 2025"):
        link_entry(row, old, world["employee"])
