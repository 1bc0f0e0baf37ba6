"""Every figure beside the maturity elements, checked against an independent count of data made here (rows that
must not count — other years, inactive people, unpublished assets, future forums, PPPK — are made too)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from corpu.access import AccessLevel
from courses.models import CourseCatalogPage, CoursePage, Enrolment
from evaluation.figures import FIGURES, compute
from evaluation.figures.platform import ELEMENT_FIGURES
from evaluation.models import Element
from knowledge_assets.models import AssetApplication, AssetCounter, KnowledgeAssetPage
from knowledge_assets.setup import ensure_knowledge_setup
from ledger.models import Source
from ledger.services import record_activity
from people.models import JenisPegawai, PeranKelompok, UnitKerja
from people.roles import CLO, DEWAN_PENGARAH, assign_role
from planning.lan import Level, Method
from planning.models import DecisionKind, Delivery, Forum, ForumDecision, LearningProgramme, Plan, PlanState
from tests.factories import KeanggotaanFactory, KelompokFactory, UserFactory, unit

YEAR = 2025


def at(month, day=10, year=YEAR):
    return timezone.make_aware(datetime.datetime(year, month, day, 9, 0))


def test_every_element_has_figures_and_they_are_registered():
    assert set(ELEMENT_FIGURES) == set(Element.values)
    for names in ELEMENT_FIGURES.values():
        assert names and all(
            FIGURES[n].section in ("infrastructure", "knowledge", "maturity", "alignment", "jp") for n in names
        )


@pytest.mark.django_db
def test_struktur_counts_role_holders_and_kelompok_with_a_ketua():
    for n, active in enumerate([True, True, False]):
        assign_role(UserFactory(username=f"dp{n}", is_active=active), DEWAN_PENGARAH)
    assign_role(UserFactory(username="clo"), CLO)
    with_ketua, without, lapsed = KelompokFactory(), KelompokFactory(), KelompokFactory()
    KeanggotaanFactory(kelompok=with_ketua, peran=PeranKelompok.KETUA)
    KeanggotaanFactory(kelompok=with_ketua, peran=PeranKelompok.ANGGOTA)
    KeanggotaanFactory(kelompok=without, peran=PeranKelompok.ANGGOTA)
    KeanggotaanFactory(kelompok=lapsed, peran=PeranKelompok.KETUA, user=UserFactory(is_active=False))
    assert compute("struktur_dewan_pengarah", YEAR) == 2
    assert compute("struktur_clo", YEAR) == 1
    assert compute("struktur_kelompok_keahlian", YEAR) == 3
    assert compute("struktur_kelompok_dengan_ketua", YEAR) == 1


def test_knowledge_counts_published_assets_their_reads_and_applications(home):
    catalogue = ensure_knowledge_setup(home)
    assets = []
    for n, (published, year) in enumerate([(True, YEAR), (True, YEAR), (True, YEAR - 1), (False, YEAR)]):
        asset = KnowledgeAssetPage(
            title=f"Aset {n}", abstract="a", asset_type="praktik_baik", access_level=AccessLevel.PUBLIC, live=published
        )
        catalogue.add_child(instance=asset)
        if published:
            asset.save_revision().publish()
            KnowledgeAssetPage.objects.filter(pk=asset.pk).update(first_published_at=at(3, year=year))
        assets.append(asset)
    for asset, views in zip(assets, [5, 7, 11, 100], strict=True):
        AssetCounter.objects.create(page=asset, views=views)
    reader, outsider = UserFactory(unit_kerja=unit("Dinas PUPR")), UserFactory(unit_kerja=unit("Dinas Kesehatan"))
    AssetApplication.objects.create(page=assets[0], user=reader, outcome="dipakai")
    AssetApplication.objects.create(page=assets[1], user=outsider, outcome="dipakai")
    old = AssetApplication.objects.create(page=assets[2], user=reader, outcome="dulu")
    AssetApplication.objects.filter(pk=old.pk).update(updated_at=at(6, year=YEAR - 1))
    AssetApplication.objects.filter(pk__in=[a.pk for a in AssetApplication.objects.exclude(pk=old.pk)]).update(
        updated_at=at(6)
    )

    assert compute("pengetahuan_aset_terbit", YEAR) == 2
    assert compute("pengetahuan_aset_dilihat", YEAR) == 5 + 7 + 11  # the unpublished asset's reads do not count
    assert compute("pengetahuan_aset_diterapkan", YEAR) == 2
    assert compute("pengetahuan_aset_diterapkan", YEAR, units=UnitKerja.objects.filter(nama="Dinas PUPR")) == 1


@pytest.mark.django_db
def test_forums_held_per_level_and_their_decisions():
    chair = UserFactory()
    kelompok = KelompokFactory()
    held = [
        Forum.objects.create(year=YEAR, level=Level.STRATEGIC, held_at=at(4), chair=chair),
        Forum.objects.create(year=YEAR, level=Level.TECHNICAL, kelompok=kelompok, held_at=at(5), chair=chair),
        Forum.objects.create(year=YEAR, level=Level.TECHNICAL, kelompok=kelompok, held_at=at(6), chair=chair),
    ]
    future = Forum.objects.create(
        year=YEAR, level=Level.OPERATIONAL, held_at=timezone.now() + datetime.timedelta(days=30), chair=chair
    )
    other_year = Forum.objects.create(year=YEAR - 1, level=Level.STRATEGIC, held_at=at(4, year=YEAR - 1), chair=chair)
    for forum, kinds in [
        (held[0], [DecisionKind.ACCEPTED, DecisionKind.ACCEPTED, DecisionKind.DESIGN]),
        (held[1], [DecisionKind.REJECTED]),
        (other_year, [DecisionKind.ACCEPTED]),
    ]:
        for kind in kinds:
            ForumDecision.objects.create(forum=forum, kind=kind)
    assert future.pk
    assert compute("forum_diselenggarakan", YEAR) == {"teknis": 2, "operasional": 0, "strategis": 1}
    assert compute("forum_keputusan", YEAR) == 4
    assert compute("strategi_kebutuhan_diterima", YEAR) == 2


@pytest.mark.django_db
def test_programmes_on_the_calendar():
    for year, n in ((YEAR, 3), (YEAR - 1, 2)):
        for i in range(n):
            LearningProgramme.objects.create(
                year=year,
                title=f"P{year}-{i}",
                level=Level.STRATEGIC,
                objective="o",
                method=Method.FORMAL,
                organiser="BKPSDM",
                starts_on=datetime.date(year, 5, 1),
                ends_on=datetime.date(year, 5, 2),
                delivery=Delivery.EXTERNAL,
            )
    assert compute("strategi_program_kalender", YEAR) == 3


@pytest.mark.django_db
def test_idp_coverage_is_the_share_of_asn_staff_with_a_verified_plan():
    place = unit("Dinas PUPR")
    staff = [UserFactory(unit_kerja=place) for _ in range(3)] + [
        UserFactory(unit_kerja=place, jenis_pegawai=JenisPegawai.PPPK)
    ]
    UserFactory(unit_kerja=place, jenis_pegawai=JenisPegawai.TKK, nip=None)  # not ASN: not counted
    UserFactory(unit_kerja=None)  # ASN from elsewhere: not staff
    Plan.objects.create(employee=staff[0], year=YEAR, state=PlanState.VERIFIED, unit=place)
    Plan.objects.create(employee=staff[3], year=YEAR, state=PlanState.VERIFIED, unit=place)
    Plan.objects.create(employee=staff[1], year=YEAR, state=PlanState.AGREED, unit=place)
    Plan.objects.create(employee=staff[2], year=YEAR - 1, state=PlanState.VERIFIED, unit=place)
    assert compute("sistem_cakupan_idp", YEAR) == 50.0  # 2 of the 4 ASN staff
    assert compute("sistem_cakupan_idp", YEAR - 1) == 25.0


def test_courses_run_are_those_completed_by_someone_this_year(home):
    catalog = home.add_child(instance=CourseCatalogPage(title="Kursus", slug="kursus-fig"))
    courses = [
        catalog.add_child(
            instance=CoursePage(title=f"Kursus {n}", access_level=AccessLevel.PUBLIC, jp_value=Decimal(2))
        )
        for n in range(4)
    ]
    learner, other = UserFactory(), UserFactory()
    Enrolment.objects.create(course=courses[0], user=learner, completed_at=at(3))
    Enrolment.objects.create(course=courses[0], user=other, completed_at=at(4))
    Enrolment.objects.create(course=courses[1], user=learner, completed_at=at(5))
    Enrolment.objects.create(course=courses[2], user=learner, completed_at=at(5, year=YEAR - 1))
    Enrolment.objects.create(course=courses[3], user=learner)  # still learning
    assert compute("teknologi_kursus_berjalan", YEAR) == 2


@pytest.mark.django_db
def test_lms_share_and_pns_compliance_from_the_ledger(home):
    place = unit("Dinas PUPR")
    lms_learner, classroom, pppk, idle = (
        UserFactory(unit_kerja=place),
        UserFactory(unit_kerja=place),
        UserFactory(unit_kerja=place, jenis_pegawai=JenisPegawai.PPPK),
        UserFactory(unit_kerja=place),
    )
    day = datetime.date(YEAR, 4, 7)

    def post(employee, jp, source, ref):
        record_activity(
            employee, "pelatihan_teknis", f"Pelatihan {ref}", day, day, jp, "jp", source=source, source_ref=ref
        )

    post(lms_learner, 10, Source.COURSE_COMPLETION, "course:1")  # 10 JP from the LMS
    post(classroom, 24, Source.EXTERNAL, "ext:1")  # 24 JP elsewhere: meets 20 JP
    post(pppk, 6, Source.COURSE_COMPLETION, "course:2")  # PPPK: in the LMS share, not in PNS compliance
    record_activity(
        idle, "pelatihan_teknis", "Lama", datetime.date(YEAR - 1, 4, 7), datetime.date(YEAR - 1, 4, 7), 30, "jp"
    )
    assert compute("teknologi_jp_lms", YEAR) == round(100 * (10 + 6) / (10 + 24 + 6), 1)
    assert compute("integrasi_pns_memenuhi_jp", YEAR) == round(100 * 1 / 3, 1)  # PNS: 10, 24, 0 JP this year
    assert compute("integrasi_pns_memenuhi_jp", YEAR - 1) == round(100 * 1 / 3, 1)
    assert compute("teknologi_jp_lms", YEAR - 2) is None


def test_the_report_prints_the_submitted_levels_and_their_mean(db):
    """kematangan_tingkat_elemen / kematangan_rata_rata: a submitted year's levels; a draft year prints nothing."""
    from evaluation.models import AssessmentState, ElementRating, MaturityAssessment

    levels = dict(zip(Element.values, [2, 3, 3, 4, 1, 2, 5], strict=True))
    submitted = MaturityAssessment.objects.create(year=2025, state=AssessmentState.SUBMITTED)
    draft = MaturityAssessment.objects.create(year=2026, state=AssessmentState.DRAFT)
    for element, level in levels.items():
        ElementRating.objects.create(assessment=submitted, element=element, level=level)
        ElementRating.objects.create(assessment=draft, element=element, level=5)
    assert compute("kematangan_tingkat_elemen", 2025) == levels
    assert compute("kematangan_rata_rata", 2025) == round(sum(levels.values()) / len(levels), 2)
    assert compute("kematangan_rata_rata", 2026) is None
    assert set(compute("kematangan_tingkat_elemen", 2026).values()) == {None}
