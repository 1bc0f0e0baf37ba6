"""A small institution for the behaviour-evaluation tests: a dinas with a bidang below it, a second dinas, their
heads, a unit secretariat (verifikator unit), the CLO, the Dewan Pengarah, and helpers to post ledger entries and
travel in time."""

import datetime
import zoneinfo

import pytest
import time_machine

from ledger.services import record_activity
from people.models import UnitKerja
from people.roles import CLO, DEWAN_PENGARAH, VERIFIKATOR_UNIT, assign_role
from tests.factories import UserFactory, unit

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def at(year, month, day, hour=9):
    """Freeze the clock at a Jakarta time (a context manager)."""
    return time_machine.travel(datetime.datetime(year, month, day, hour, 0, tzinfo=JAKARTA), tick=False)


@pytest.fixture(name="world")
def world_fixture(db):
    dinas = unit("Dinas PUPR")
    bidang = unit("Dinas PUPR/Bidang Bina Marga")
    other = unit("Dinas Kesehatan")
    kadis = UserFactory(username="kadis", nama="Ir. Hendra Wijaya", unit_kerja=dinas)
    kabid = UserFactory(username="kabid", nama="Siti Rahmah, S.T.", unit_kerja=bidang)
    employee = UserFactory(
        username="rizky", nama="Rizky Pratama", unit_kerja=bidang, jabatan="Pengawas Jalan dan Jembatan"
    )
    colleague = UserFactory(username="kolega", unit_kerja=bidang)
    other_head = UserFactory(username="kadinkes", unit_kerja=other)
    other_staff = UserFactory(username="perawat", unit_kerja=other)
    for head, where in [(kadis, dinas), (kabid, bidang), (other_head, other)]:
        UnitKerja.objects.filter(pk=where.pk).update(kepala=head)
    secretariat = UserFactory(username="sekretariat", unit_kerja=dinas)
    assign_role(secretariat, VERIFIKATOR_UNIT)
    bidang_secretariat = UserFactory(username="sekretariat_bidang", unit_kerja=bidang)
    assign_role(bidang_secretariat, VERIFIKATOR_UNIT)
    other_secretariat = UserFactory(username="sekretariat_dinkes", unit_kerja=other)
    assign_role(other_secretariat, VERIFIKATOR_UNIT)
    clo = UserFactory(username="clo", unit_kerja=other)
    assign_role(clo, CLO)
    dewan = UserFactory(username="sekda", unit_kerja=other)
    assign_role(dewan, DEWAN_PENGARAH)
    return {
        "dinas": UnitKerja.objects.get(pk=dinas.pk),
        "bidang": UnitKerja.objects.get(pk=bidang.pk),
        "other": UnitKerja.objects.get(pk=other.pk),
        "kadis": kadis,
        "kabid": kabid,
        "employee": employee,
        "colleague": colleague,
        "other_head": other_head,
        "other_staff": other_staff,
        "secretariat": secretariat,
        "bidang_secretariat": bidang_secretariat,
        "other_secretariat": other_secretariat,
        "clo": clo,
        "dewan": dewan,
    }


def training(employee, verifier, start, end=None, form="pelatihan_teknis", source="external", ref=None, **extra):
    """A verified training with a certificate number (evidence of completion)."""
    ref = ref or f"test:{employee.pk}:{start.isoformat()}:{form}:{source}"
    extra.setdefault("certificate_no", f"SERT/{ref}")
    entry, _created = record_activity(
        employee,
        form,
        extra.pop("title", "Pelatihan Pengawasan Mutu Perkerasan Jalan"),
        start,
        end or start,
        extra.pop("quantity", 24),
        extra.pop("unit", "jp"),
        source=source,
        source_ref=ref,
        verifier=verifier,
        actor=verifier,
        organiser=extra.pop("organiser", "Balai Jalan Nasional"),
        **extra,
    )
    return entry
