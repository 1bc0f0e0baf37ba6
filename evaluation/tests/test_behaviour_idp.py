"""A behaviour evaluation assessed in year Y appears in B 3.2 ("Penilaian Kinerja Terakhir") of the employee's
IDP of Y+1, never in the IDP of Y, and never over what the employee wrote themself."""

import datetime

from django.core.management import call_command

from evaluation.models import BehaviourTask, Gap
from evaluation.services import behaviour
from planning.services import drafting

from .behaviour_world import at, training, world_fixture  # noqa: F401

D = datetime.date


def _assessed_task(world, when=(2026, 8, 3)):
    with at(2026, 1, 10):
        training(world["employee"], world["secretariat"], D(2026, 1, 6), D(2026, 1, 8))
    with at(2026, 7, 10):
        call_command("evaluation_due")
    task = BehaviourTask.objects.get()
    with at(*when):
        answers = ["ya", "tidak", "tidak", "sebagian"]
        behaviour.assess(task, world["kabid"], answers, Gap.HIGH, "Belum memakai daftar periksa")
    return task


def _b32(plan):
    return plan.basis_rows.get(code="3.2")


def test_a_result_assessed_in_2026_is_in_the_2027_idp_part_b(world):
    with at(2026, 2, 1):
        plan_2026, _created = drafting.open_plan(world["employee"], 2026)
    _assessed_task(world)
    with at(2027, 1, 20):
        plan_2027, _created = drafting.open_plan(world["employee"], 2027)
    row = _b32(plan_2027)
    assert row.available and row.prefilled
    assert "Evaluasi perilaku pasca pengembangan kompetensi 2026" in row.analysis
    assert "Pelatihan Pengawasan Mutu Perkerasan Jalan (08/01/2026): kesenjangan tinggi" in row.analysis
    assert "1 dari 4 indikator diterapkan" in row.analysis and "Belum memakai daftar periksa" in row.analysis
    assert _b32(plan_2026).analysis == ""  # the same year's IDP is not fed
    assert world["colleague"].idps.count() == 0


def test_an_assessment_after_the_next_idp_was_opened_still_reaches_it_while_a_draft(world):
    with at(2026, 12, 1):
        plan_2027, _created = drafting.open_plan(world["employee"], 2027)
    assert _b32(plan_2027).analysis == ""
    _assessed_task(world, when=(2026, 12, 15))
    assert "kesenjangan tinggi" in _b32(plan_2027).analysis


def test_what_the_employee_wrote_in_3_2_is_kept(world):
    with at(2026, 12, 1):
        plan_2027, _created = drafting.open_plan(world["employee"], 2027)
        drafting.update_basis(plan_2027, world["employee"], "3.2", True, "Nilai SKP 2026: baik")
    _assessed_task(world, when=(2026, 12, 15))
    assert _b32(plan_2027).analysis == "Nilai SKP 2026: baik"


def test_an_assessment_of_2027_does_not_go_back_into_the_2027_idp(world):
    with at(2027, 1, 5):
        plan_2027, _created = drafting.open_plan(world["employee"], 2027)
    _assessed_task(world, when=(2027, 1, 6))
    assert _b32(plan_2027).analysis == ""
    assert "2027" in behaviour.idp_basis_text(world["employee"], 2028)
