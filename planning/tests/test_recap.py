"""The CLO recap and `idp_recap`: head counts per level equal a count made here from the seeded plans."""

import csv
import io
import json
import random

import pytest
from django.core.management import CommandError, call_command

from planning.lan import Level, Method, Priority
from planning.models import Verification
from planning.services import verification
from planning.services.recap import clo_recap
from tests.factories import UserFactory

from .conftest import YEAR, agreed_plan, managerial_row, technical_row

LEVELS = [Level.TECHNICAL, Level.OPERATIONAL, Level.STRATEGIC]


@pytest.fixture
def seeded(world):
    """Nine employees across two units, each with one to three rows at random levels, verified by the CLO."""
    rng = random.Random(605)
    expected = {}  # (level, competency) -> the employees given a row there, recorded as the data is made
    for index in range(9):
        where = world["bidang"] if index % 3 else world["dinas"]
        employee = UserFactory(username=f"p{index}", unit_kerja=where, jabatan="Pengawas Jalan dan Jembatan")
        rows = [technical_row(world), managerial_row(world)][: rng.randint(1, 2)]
        if index % 4 == 0:  # the same competency twice at one level still counts the employee once
            rows.append(technical_row(world, objective="Lagi"))
        agreed_plan(world, employee=employee, rows=rows)
    verification.start_verification(world["clo"], YEAR)
    for v in Verification.objects.select_related("row__plan", "row__competency").order_by("pk"):
        level = rng.choice(LEVELS)
        verification.verify_row(v, world["clo"], Priority.HIGH, v.method or Method.FORMAL, level)
        expected.setdefault((level, v.row.competency_name), set()).add(v.row.plan.employee_id)
    return expected


def _counts(rows):
    totals = {}
    per_level = {}
    for row in rows:
        totals[row["level"]] = totals.get(row["level"], 0) + row["employees"]
        per_level.setdefault(row["level"], []).append(row)
    return totals, per_level


def test_json_recap_has_the_contract_keys_and_head_counts_per_level(seeded):
    out = io.StringIO()
    call_command("idp_recap", "--year", str(YEAR), "--format", "json", stdout=out)
    rows = json.loads(out.getvalue())
    assert rows and all(
        list(row) == ["level", "competency", "development", "method", "source", "time", "units", "employees"]
        for row in rows
    )
    by_line = {}
    for v in Verification.objects.select_related("row__plan", "row__competency"):
        key = (v.level, v.row.competency_name, v.development, v.method, v.source, v.timeframe)
        by_line.setdefault(key, set()).add(v.row.plan.employee_id)
    for row in rows:
        key = (row["level"], row["competency"], row["development"], row["method"], row["source"], row["time"])
        assert row["employees"] == len(by_line[key])
    # per level and competency: the head counts equal what was recorded while seeding
    for level in LEVELS:
        recorded = {c: len(ids) for (lv, c), ids in seeded.items() if lv == level}
        counted = {r["competency"]: r["employees"] for r in rows if r["level"] == level}
        assert counted == recorded, level
        assert sum(counted.values()) == sum(recorded.values())
    assert [r["level"] for r in rows] == sorted(
        (r["level"] for r in rows), key=[Level.STRATEGIC, Level.OPERATIONAL, Level.TECHNICAL].index
    )


def test_an_employee_with_two_rows_of_one_line_counts_once(world):
    plan = agreed_plan(world, rows=[technical_row(world), technical_row(world, objective="Kedua")])
    verification.start_verification(world["clo"], YEAR)
    for v in Verification.objects.filter(row__plan=plan):
        verification.verify_row(v, world["clo"], Priority.HIGH, Method.EXPERIENTIAL, Level.TECHNICAL)
    [line] = clo_recap(YEAR)
    assert line.employees == 1 and line.units == ["Dinas PUPR / Bidang Bina Marga"]
    assert len(line.verification_ids) == 2


def test_csv_and_unit_filter(seeded, world):
    out = io.StringIO()
    call_command(
        "idp_recap", "--year", str(YEAR), "--unit", "Dinas PUPR/Bidang Bina Marga", "--format", "csv", stdout=out
    )
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows and list(rows[0]) == [
        "level",
        "competency",
        "development",
        "method",
        "source",
        "time",
        "units",
        "employees",
    ]
    assert {r["units"] for r in rows} == {"Dinas PUPR / Bidang Bina Marga"}
    assert sum(int(r["employees"]) for r in rows) == sum(line.employees for line in clo_recap(YEAR, world["bidang"]))


def test_unknown_unit_is_a_clear_error(world):
    with pytest.raises(CommandError, match="Unit kerja tidak ditemukan: Dinas X"):
        call_command("idp_recap", "--year", str(YEAR), "--unit", "Dinas X", stdout=io.StringIO())


def test_a_decision_moves_the_line_to_its_level(world):
    plan = agreed_plan(world, rows=[technical_row(world)])
    verification.start_verification(world["clo"], YEAR)
    v = Verification.objects.get(row__plan=plan)
    verification.verify_row(v, world["ketua_infra"], Priority.LOW, Method.EXPERIENTIAL, Level.TECHNICAL)
    verification.decide(world["clo"], YEAR, [v], Level.OPERATIONAL, "Dinas PUPR")
    [line] = clo_recap(YEAR)
    assert line.level == Level.OPERATIONAL and line.decision_ids
