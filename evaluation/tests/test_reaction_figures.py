"""The reaction figures of the yearly report against independent counts of data made here."""

import datetime

import pytest
from django.utils import timezone

from communities.models import Attendance
from evaluation.figures import FIGURES, compute, of_section
from evaluation.models import Response
from evaluation.services import reaction
from evaluation.tests.test_reaction import course, course_answers, external_entry, finished, make_set, session  # noqa: F401
from people.models import UnitKerja
from tests.factories import UserFactory, unit

YEAR = 2025


def answered(user, obj, data, year):
    response = reaction.submit(user, obj, data)
    Response.objects.filter(pk=response.pk).update(submitted_at=timezone.make_aware(datetime.datetime(year, 4, 1)))


@pytest.fixture
def year_of_responses(course, session):  # noqa: F811
    pupr, dinkes = unit("Dinas PUPR"), unit("Dinas Kesehatan")
    sesi = make_set("Sesi", [("likert", "Bermanfaat", "", True)], default_for="sesi")
    eksternal = make_set("Eksternal", [("likert", "Relevan", "", True)], default_for="kegiatan")
    sesi_q, eksternal_q = sesi.questions.get().pk, eksternal.questions.get().pk
    people = [UserFactory(unit_kerja=pupr if i % 2 else dinkes) for i in range(6)]
    # course: likert answers (5,4,3) for people 0,1,2 in YEAR; person 3 the year before
    for i, year in [(0, YEAR), (1, YEAR), (2, YEAR), (3, YEAR - 1)]:
        answered(finished(course, people[i]), course, course_answers(5 - i % 3, 4, 3), year)
    for i in (4, 5):
        Attendance.objects.create(session=session, user=people[i], hours=2)
        answered(people[i], session, {f"reaksi-q{sesi_q}": "2"}, YEAR)
    answered(people[1], external_entry(people[1]), {f"reaksi-q{eksternal_q}": "1"}, YEAR)
    return {"people": people, "pupr": pupr, "dinkes": dinkes}


def test_reaction_figures_are_registered_in_the_reaction_section(db):
    names = {f.name for f in of_section("reaction")}
    assert {"reaction_responses", "reaction_responses_by_kind", "reaction_likert_mean"} <= names
    assert all(FIGURES[name].section == "reaction" for name in names)


def test_reaction_responses_equal_an_independent_count(year_of_responses):
    # course 3 (people 0,1,2), CoP session 2 (people 4,5), external 1 (person 1); person 3 answered in YEAR - 1
    assert compute("reaction_responses", YEAR) == 6
    assert compute("reaction_responses", YEAR - 1) == 1
    assert compute("reaction_responses_by_kind", YEAR) == {"kursus": 3, "sesi": 2, "program": 0, "kegiatan": 1}
    pupr_only = UnitKerja.objects.filter(pk=year_of_responses["pupr"].pk)
    # PUPR: people 1, 3, 5 → in YEAR: person 1 (course + external), person 5 (session)
    assert compute("reaction_responses", YEAR, pupr_only) == 3
    assert compute("reaction_responses_by_kind", YEAR, pupr_only) == {
        "kursus": 1,
        "sesi": 1,
        "program": 0,
        "kegiatan": 1,
    }


def test_reaction_likert_mean_equals_an_independent_mean(year_of_responses):
    # YEAR course answers: person0 (5,4,3), person1 (4,4,3), person2 (3,4,3); sessions 2, 2; external 1
    values = [5, 4, 3, 4, 4, 3, 3, 4, 3, 2, 2, 1]
    assert compute("reaction_likert_mean", YEAR) == round(sum(values) / len(values), 2)
    dinkes = UnitKerja.objects.filter(pk=year_of_responses["dinkes"].pk)
    mine = [5, 4, 3, 3, 4, 3, 2]  # people 0, 2 (course) and 4 (session)
    assert compute("reaction_likert_mean", YEAR, dinkes) == round(sum(mine) / len(mine), 2)
    assert compute("reaction_likert_mean", YEAR + 3) is None
