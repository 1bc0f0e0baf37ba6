"""The learning figures of the yearly report against independent counts of data made here."""

import datetime

import pytest
from django.utils import timezone

from evaluation.figures import compute, of_section
from evaluation.tests.test_learning import course, learner, quiz_pair, take  # noqa: F401
from people.models import UnitKerja
from tests.factories import unit

YEAR = 2025


def at(year, month=5):
    return timezone.make_aware(datetime.datetime(year, month, 10, 9, 0))


@pytest.fixture
def results(course):  # noqa: F811
    quiz_pair(course)
    pupr, dinkes = unit("Dinas PUPR"), unit("Dinas Kesehatan")
    rows = [  # unit, pre, post, post-test year
        (pupr, 40, 80, YEAR),
        (pupr, 60, 70, YEAR),
        (dinkes, 20, 100, YEAR),
        (dinkes, 50, 50, YEAR - 1),  # post-test the year before
        (dinkes, 30, None, YEAR),  # pre-test only
    ]
    for place, pre, post, year in rows:
        user = learner(course, unit_kerja=place)
        take(course["pre"], user, pre, at(year, 2))
        if post is not None:
            take(course["post"], user, post, at(year))
    return {"pupr": pupr, "dinkes": dinkes}


def test_learning_figures_are_registered_in_the_learning_section(db):
    names = {f.name for f in of_section("learning")}
    assert {"learning_paired_learners", "learning_mean_gain", "learning_mean_normalised_gain"} <= names


def test_learning_figures_equal_independent_counts(results):
    assert compute("learning_paired_learners", YEAR) == 3
    assert compute("learning_paired_learners", YEAR - 1) == 1
    assert compute("learning_mean_gain", YEAR) == round((40 + 10 + 80) / 3, 2)
    assert compute("learning_mean_normalised_gain", YEAR) == round((40 / 60 + 10 / 40 + 80 / 80) / 3, 3)
    pupr = UnitKerja.objects.filter(pk=results["pupr"].pk)
    assert compute("learning_paired_learners", YEAR, pupr) == 2
    assert compute("learning_mean_gain", YEAR, pupr) == 25.0
    assert compute("learning_mean_gain", YEAR + 1) is None
