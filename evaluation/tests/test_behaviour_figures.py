"""The named behaviour figures of the yearly report, each against a count made here from the rows the test wrote."""

import datetime
import zoneinfo

import pytest

from evaluation.figures import compute, of_section
from evaluation.models import BehaviourTask, TaskStatus
from people.models import UnitKerja

from .behaviour_world import at, training, world_fixture  # noqa: F401

D = datetime.date
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
NAMES = [
    "behaviour_tasks_due",
    "behaviour_assessed",
    "behaviour_overdue",
    "behaviour_gap_rendah",
    "behaviour_gap_sedang",
    "behaviour_gap_tinggi",
]

# (employee key, due on, status, gap, assessed on)
SPECS = [
    ("employee", D(2026, 1, 15), "assessed", "rendah", D(2026, 1, 20)),
    ("employee", D(2026, 3, 1), "assessed", "sedang", D(2026, 5, 2)),  # assessed late
    ("colleague", D(2026, 4, 1), "assessed", "tinggi", D(2026, 4, 3)),
    ("colleague", D(2026, 6, 1), "open", "", None),  # overdue from 2 July
    ("kadis", D(2026, 10, 20), "open", "", None),  # overdue from 20 November
    ("kadis", D(2026, 11, 25), "open", "", None),  # due, not overdue on 1 December
    ("other_staff", D(2026, 2, 1), "assessed", "tinggi", D(2026, 2, 10)),
    ("other_staff", D(2026, 5, 5), "open", "", None),
    ("other_staff", D(2026, 7, 7), "cancelled", "", None),
    ("employee", D(2025, 12, 1), "assessed", "sedang", D(2026, 1, 5)),  # due last year, assessed this year
    ("employee", D(2025, 9, 1), "open", "", None),  # last year's, still open
    ("colleague", D(2025, 10, 1), "assessed", "rendah", D(2025, 10, 20)),
]
AS_OF = D(2026, 12, 1)


@pytest.fixture
def tasks(world):
    made = []
    for index, (who, due, status, gap, assessed) in enumerate(SPECS):
        entry = training(world[who], world["secretariat"], due - datetime.timedelta(days=190), ref=f"fig:{index}")
        assessed_at = (
            datetime.datetime(assessed.year, assessed.month, assessed.day, 10, tzinfo=JAKARTA) if assessed else None
        )
        made.append(
            BehaviourTask.objects.create(
                entry=entry, employee=world[who], due_on=due, status=status, gap=gap, assessed_at=assessed_at
            )
        )
    return made


def expected(year, keep, as_of=AS_OF):
    """The six figures counted over SPECS for the employees `keep` accepts."""
    rows = [s for s in SPECS if keep(s[0]) and s[2] != TaskStatus.CANCELLED]
    assessed = [s for s in rows if s[2] == "assessed" and s[4].year == year]
    cutoff = min(as_of, D(year, 12, 31)) - datetime.timedelta(days=30)
    return {
        "behaviour_tasks_due": sum(1 for s in rows if s[1].year == year),
        "behaviour_assessed": len(assessed),
        "behaviour_overdue": sum(
            1
            for s in rows
            if s[1].year == year and s[1] < cutoff and (s[2] == "open" or s[4] > min(as_of, D(year, 12, 31)))
        ),
        "behaviour_gap_rendah": sum(1 for s in assessed if s[3] == "rendah"),
        "behaviour_gap_sedang": sum(1 for s in assessed if s[3] == "sedang"),
        "behaviour_gap_tinggi": sum(1 for s in assessed if s[3] == "tinggi"),
    }


def actual(year, units=None):
    return {name: compute(name, year, units) for name in NAMES}


def test_the_figures_are_registered_in_the_behaviour_section():
    assert [f.name for f in of_section("behaviour")] == NAMES


@pytest.mark.parametrize("year", [2025, 2026])
def test_whole_institution(tasks, year):
    with at(2026, 12, 1):
        got = actual(year)
    assert got == expected(year, lambda who: True)
    if year == 2026:  # spelled out once, so the counting above cannot drift with the code
        assert got == {
            "behaviour_tasks_due": 8,
            "behaviour_assessed": 5,
            "behaviour_overdue": 3,
            "behaviour_gap_rendah": 1,
            "behaviour_gap_sedang": 2,
            "behaviour_gap_tinggi": 2,
        }


def test_a_unit_counts_the_units_below_it(tasks, world):
    in_dinas = {"employee", "colleague", "kadis"}
    with at(2026, 12, 1):
        assert actual(2026, UnitKerja.objects.filter(pk=world["dinas"].pk)) == expected(2026, in_dinas.__contains__)
        bidang = UnitKerja.objects.filter(pk=world["bidang"].pk)
        assert actual(2026, bidang) == expected(2026, {"employee", "colleague"}.__contains__)
        other = UnitKerja.objects.filter(pk=world["other"].pk)
        assert actual(2026, other) == expected(2026, {"other_staff"}.__contains__)
        assert actual(2026, UnitKerja.objects.none()) == dict.fromkeys(NAMES, 0)


def test_overdue_of_a_past_year_is_as_of_its_31_december(tasks):
    """Last year's task assessed on 5 January was not overdue on 31 December (due 1 December); the one due in
    September and still open was."""
    with at(2026, 12, 1):
        assert compute("behaviour_overdue", 2025) == 1
    with at(2026, 1, 2):
        assert compute("behaviour_overdue", 2026) == 0


@pytest.mark.parametrize("year", [2025, 2026, 2024])
def test_individual_performance_is_the_share_assessed_with_a_low_gap(tasks, year):
    assessed = [s for s in SPECS if s[2] == "assessed" and s[4].year == year]
    share = round(100 * sum(1 for s in assessed if s[3] == "rendah") / len(assessed), 1) if assessed else None
    assert compute("individual_gap_closed_pct", year) == share
    assert "individual_gap_closed_pct" in [f.name for f in of_section("individual_performance")]
