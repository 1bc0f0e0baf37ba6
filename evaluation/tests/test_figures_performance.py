"""The performance figures of the yearly report (Banjarbaru art. 30(1) g–h), each against a count made here."""

import datetime
from decimal import Decimal

import pytest

from evaluation.figures import compute
from evaluation.models import Better, Phase
from evaluation.services import impact
from people.models import UnitKerja
from planning.models import UnitTarget

from .test_impact import (
    YEAR,
    make_programme,
    world,  # noqa: F401
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(YEAR, 6, 1)


def _indicator(people, programme, name, better, before, after, target=None):
    link = impact.link_target(people["clo"], programme, target or people["target"], name, "%", better)
    if before is not None:
        impact.record_value(people["clo"], link, Phase.BEFORE, Decimal(before), DAY, "LKjIP")
    if after is not None:
        impact.record_value(people["clo"], link, Phase.AFTER, Decimal(after), DAY + datetime.timedelta(days=90), "SIPD")


def test_indicators_linked_measured_improved_and_worsened(world):  # noqa: F811
    programme = world["programme"]
    health = UnitTarget.objects.create(
        direction=world["target"].direction,
        unit=world["kadinkes"].unit_kerja,
        kind=world["target"].kind,
        text="Cakupan imunisasi",
    )
    cases = [  # name, better, before, after, improved?
        ("Kemantapan jalan", Better.HIGHER, "70", "80", True),
        ("Waktu layanan izin", Better.LOWER, "14", "9", True),
        ("Jalan rusak berat", Better.LOWER, "5", "7", False),
        ("Drainase berfungsi", Better.HIGHER, "60", "60", None),
        ("Belum diukur", Better.HIGHER, "40", None, None),
    ]
    for name, better, before, after, _improved in cases:
        _indicator(world, programme, name, better, before, after)
    _indicator(world, programme, "Imunisasi dasar", Better.HIGHER, "80", "90", target=health)
    _indicator(world, make_programme("Program tahun lalu", YEAR - 1), "Lama", Better.HIGHER, "1", "2")

    measured = [c for c in cases if c[3] is not None] + [("Imunisasi dasar", None, "80", "90", True)]
    assert compute("impact_indicators_linked", YEAR) == len(cases) + 1
    assert compute("impact_indicators_measured", YEAR) == len(measured)
    assert compute("impact_indicators_improved", YEAR) == sum(1 for c in measured if c[4] is True)
    assert compute("impact_indicators_worsened", YEAR) == sum(1 for c in measured if c[4] is False)
    pupr = UnitKerja.objects.filter(pk=world["dinas"].pk)  # the bidang's targets are below the dinas
    assert compute("impact_indicators_linked", YEAR, pupr) == len(cases)
    assert compute("impact_indicators_improved", YEAR, pupr) == 2
    assert compute("impact_indicators_linked", YEAR - 1) == 1
