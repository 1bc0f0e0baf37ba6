"""An institution ready for an IDP cycle: units with heads, employees, kelompok keahlian, dictionary, direction."""

import datetime

import pytest

from corpu.choices import Competency
from people.models import PeranKelompok, UnitKerja
from people.roles import CLO, DEWAN_PENGARAH, assign_role
from planning.lan import GapAspect, Level, Method
from planning.models import CompetencyDefinition, PositionRequirement
from planning.national_standard import load_national_standard
from planning.services import dialogue, direction, drafting
from tests.factories import KeanggotaanFactory, KelompokFactory, UserFactory, unit

YEAR = 2026
IN_WINDOW = datetime.date(2026, 2, 10)


@pytest.fixture
def world(db):
    load_national_standard()  # a live-server test before this one flushed the migration's rows
    dinas = unit("Dinas PUPR")
    bidang = unit("Dinas PUPR/Bidang Bina Marga")
    other = unit("Dinas Kesehatan")
    kadis = UserFactory(username="kadis", unit_kerja=dinas, jabatan="Kepala Dinas PUPR")
    kabid = UserFactory(username="kabid", unit_kerja=bidang, jabatan="Kepala Bidang Bina Marga")
    employee = UserFactory(
        username="rizky",
        nama="Rizky Pratama, S.T.",
        unit_kerja=bidang,
        jabatan="Pengawas Jalan dan Jembatan",
        pangkat_golongan="Penata Muda (III/a)",
        pendidikan="S1",
        mulai_bertugas=datetime.date(2015, 3, 1),
    )
    colleague = UserFactory(username="kolega", unit_kerja=bidang, jabatan="Pengawas Jalan dan Jembatan")
    other_head = UserFactory(username="kadinkes", unit_kerja=other)
    for head, where in [(kadis, dinas), (kabid, bidang), (other_head, other)]:
        UnitKerja.objects.filter(pk=where.pk).update(kepala=head)  # save() would write a stale numchild
        where.refresh_from_db()
    clo = UserFactory(username="clo", unit_kerja=other)
    assign_role(clo, CLO)
    sekda = UserFactory(username="sekda", unit_kerja=other)
    assign_role(sekda, DEWAN_PENGARAH)
    kk_infra = KelompokFactory(nama="KK Infrastruktur", unit_kerja=dinas)
    kk_asn = KelompokFactory(nama="KK Manajemen ASN", unit_kerja=other)
    ketua_infra = KeanggotaanFactory(
        kelompok=kk_infra, peran=PeranKelompok.KETUA, user=UserFactory(username="ketua_infra", unit_kerja=dinas)
    ).user
    ketua_asn = KeanggotaanFactory(
        kelompok=kk_asn, peran=PeranKelompok.KETUA, user=UserFactory(username="ketua_asn", unit_kerja=other)
    ).user
    member_asn = KeanggotaanFactory(kelompok=kk_asn, user=UserFactory(username="anggota_asn", unit_kerja=other)).user
    komunikasi = CompetencyDefinition.objects.get(name="Komunikasi")
    komunikasi.kelompok = kk_asn
    komunikasi.save()
    jalan = CompetencyDefinition.objects.create(
        name="Pengawasan Konstruksi Jalan", competency_type=Competency.TECHNICAL, kelompok=kk_infra
    )
    PositionRequirement.objects.create(position="Pengawas Jalan dan Jembatan", competency=komunikasi, required_level=3)
    PositionRequirement.objects.create(position="Pengawas Jalan dan Jembatan", competency=jalan, required_level=3)
    PositionRequirement.objects.create(position="Kepala Seksi Jalan", competency=komunikasi, required_level=4)
    dialogue.open_window(clo, YEAR, datetime.date(2026, 1, 15), datetime.date(2026, 3, 31))
    direction.set_direction(sekda, YEAR, "Transformasi digital pelayanan publik", "Pelatihan BIM", [jalan])
    direction.add_unit_target(kadis, YEAR, dinas, "sasaran_strategis", "Meningkatnya kemantapan jalan kabupaten")
    direction.add_unit_target(kabid, YEAR, bidang, "sasaran_kegiatan", "Jalan terpelihara 120 km")
    return {
        "dinas": dinas,
        "bidang": bidang,
        "other": other,
        "kadis": kadis,
        "kabid": kabid,
        "employee": employee,
        "colleague": colleague,
        "other_head": other_head,
        "clo": clo,
        "sekda": sekda,
        "kk_infra": kk_infra,
        "kk_asn": kk_asn,
        "ketua_infra": ketua_infra,
        "ketua_asn": ketua_asn,
        "member_asn": member_asn,
        "komunikasi": komunikasi,
        "jalan": jalan,
    }


def technical_row(world, **extra):
    return {
        "relevance": "2.1, 4.2",
        "objective": "Mampu mengawasi mutu perkerasan jalan",
        "output": "Laporan pengawasan sesuai standar",
        "competency": world["jalan"],
        "description": "Pengawasan mutu perkerasan",
        "aspect": GapAspect.SKILL,
        "method": Method.EXPERIENTIAL,
        "source": "Magang di Balai Jalan",
        "timeframe": "Triwulan II",
        "level": Level.TECHNICAL,
        "organiser": "Bidang Bina Marga",
        **extra,
    }


def managerial_row(world, **extra):
    return {
        "relevance": "4.2",
        "objective": "Menyampaikan laporan teknis dengan jelas",
        "output": "Presentasi hasil pengawasan",
        "competency": world["komunikasi"],
        "aspect": GapAspect.KNOWLEDGE,
        "method": Method.FORMAL,
        "source": "Pelatihan Public Speaking",
        "timeframe": "Triwulan III",
        "level": Level.STRATEGIC,
        **extra,
    }


def agreed_plan(world, employee=None, rows=None):
    """A plan of `employee` drafted, submitted and agreed by both sides inside the window."""
    employee = employee or world["employee"]
    plan, _created = drafting.open_plan(employee, YEAR)
    for data in rows or [technical_row(world), managerial_row(world)]:
        drafting.save_row(plan, employee, data)
    dialogue.submit(plan, employee)
    plan.refresh_from_db()
    dialogue.agree(plan, plan.supervisor, today=IN_WINDOW)
    dialogue.agree(plan, employee, today=IN_WINDOW)
    plan.refresh_from_db()
    return plan
