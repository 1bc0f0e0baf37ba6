"""Figures pulled from the platform for the maturity elements (Balangan Perbup 68/2025 art. 29(2)); each reads other
apps' models only. `units` (None or a UnitKerja queryset) narrows the people-based figures; the rest are
institution-wide. Shares are percentages with one decimal, None when there is nobody to count."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import figure


def _share(part, whole):
    if not whole:
        return None
    return float((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _in_units(queryset, units, field="unit_kerja"):
    return queryset if units is None else queryset.filter(**{f"{field}__in": units})


def _role_holders(role):
    from people.models import User
    from people.roles import role_group_name

    return User.objects.filter(is_active=True, groups__name=role_group_name(role)).distinct().count()


# --- struktur ---------------------------------------------------------------------------------------------------


@figure("struktur_dewan_pengarah", _("Anggota Dewan Pengarah Pembelajaran"), "infrastructure")
def dewan_pengarah(year, units=None):
    from people.roles import DEWAN_PENGARAH

    return _role_holders(DEWAN_PENGARAH)


@figure("struktur_clo", _("CLO / Koordinator Pembelajaran"), "infrastructure")
def clo(year, units=None):
    from people.roles import CLO

    return _role_holders(CLO)


@figure("struktur_kelompok_keahlian", _("Kelompok keahlian"), "infrastructure")
def kelompok_keahlian(year, units=None):
    from people.models import KelompokKeahlian

    return KelompokKeahlian.objects.count()


@figure("struktur_kelompok_dengan_ketua", _("Kelompok keahlian yang memiliki ketua"), "infrastructure")
def kelompok_with_ketua(year, units=None):
    from people.models import Keanggotaan, KelompokKeahlian, PeranKelompok

    ketua = Keanggotaan.objects.filter(kelompok=OuterRef("pk"), peran=PeranKelompok.KETUA, user__is_active=True)
    return KelompokKeahlian.objects.filter(Exists(ketua)).count()


# --- Manajemen Pengetahuan --------------------------------------------------------------------------------------


@figure("pengetahuan_aset_terbit", _("Aset pengetahuan terverifikasi yang terbit tahun ini"), "knowledge")
def assets_published(year, units=None):
    from knowledge_assets.models import KnowledgeAssetPage

    return KnowledgeAssetPage.objects.live().filter(first_published_at__year=year).count()


@figure("pengetahuan_aset_dilihat", _("Jumlah baca aset pengetahuan yang terbit (kumulatif)"), "knowledge")
def asset_reads(year, units=None):
    from knowledge_assets.models import AssetCounter

    total = AssetCounter.objects.filter(page__live=True).aggregate(n=Sum("views"))["n"]
    return total or 0


@figure("pengetahuan_aset_diterapkan", _('Penerapan aset pengetahuan ("saya menerapkan ini") tahun ini'), "knowledge")
def asset_applications(year, units=None):
    from knowledge_assets.models import AssetApplication

    return _in_units(AssetApplication.objects.filter(updated_at__year=year), units, "user__unit_kerja").count()


# --- forum pembelajaran -----------------------------------------------------------------------------------------


@figure("forum_diselenggarakan", _("Forum pembelajaran yang telah diselenggarakan, per level"), "maturity")
def forums_held(year, units=None):
    from planning.lan import Level
    from planning.models import Forum

    held = Forum.objects.filter(year=year, held_at__lte=timezone.now()).values("level").annotate(n=Count("id"))
    counts = {row["level"]: row["n"] for row in held}
    return {level: counts.get(level, 0) for level in Level.values}


@figure("forum_keputusan", _("Keputusan forum pembelajaran"), "maturity")
def forum_decisions(year, units=None):
    from planning.models import ForumDecision

    return ForumDecision.objects.filter(forum__year=year).count()


# --- Sistem Pembelajaran ----------------------------------------------------------------------------------------


def _asn_staff(units):
    from people.models import JenisPegawai, User

    staff = User.objects.filter(
        is_active=True, unit_kerja__isnull=False, jenis_pegawai__in=[JenisPegawai.PNS, JenisPegawai.PPPK]
    )
    return _in_units(staff, units)


@figure("sistem_cakupan_idp", _("Pegawai ASN dengan IDP terverifikasi (%)"), "maturity")
def idp_coverage(year, units=None):
    from planning.models import Plan, PlanState

    staff = _asn_staff(units)
    verified = Plan.objects.filter(employee=OuterRef("pk"), year=year, state=PlanState.VERIFIED)
    return _share(staff.filter(Exists(verified)).count(), staff.count())


# --- strategi pembelajaran --------------------------------------------------------------------------------------


@figure("strategi_program_kalender", _("Program pembelajaran pada kalender"), "alignment")
def calendar_programmes(year, units=None):
    from planning.models import LearningProgramme

    return LearningProgramme.objects.filter(year=year).count()


@figure("strategi_kebutuhan_diterima", _("Kebutuhan yang diterima forum pembelajaran"), "alignment")
def accepted_needs(year, units=None):
    from planning.models import DecisionKind, ForumDecision

    return ForumDecision.objects.filter(forum__year=year, kind=DecisionKind.ACCEPTED).count()


# --- teknologi pembelajaran -------------------------------------------------------------------------------------


@figure("teknologi_kursus_berjalan", _("Kursus CorpU dengan peserta yang menyelesaikan tahun ini"), "infrastructure")
def courses_run(year, units=None):
    from courses.models import CoursePage, Enrolment

    done = Enrolment.objects.filter(course=OuterRef("pk"), completed_at__year=year)
    done = _in_units(done, units, "user__unit_kerja")
    return CoursePage.objects.filter(Exists(done)).count()


def _year_results(year, units):
    """(employee row, Result) pairs of the year's counted JP, from the ledger's reference report."""
    from ledger.services.reporting import year_report_direct

    rows = year_report_direct(year, include_empty=True)
    if units is not None:
        unit_ids = set(units.values_list("pk", flat=True))
        rows = [row for row in rows if row["unit_id"] in unit_ids]
    return rows


@figure("teknologi_jp_lms", _("Bagian JP yang dipelajari di LMS CorpU (%)"), "infrastructure")
def lms_share(year, units=None):
    from ledger.models import Entry, Source

    results = [r for row in _year_results(year, units) for r in row["results"] if r.counted and r.jp]
    if not results:
        return None
    lms = set(
        Entry.objects.filter(pk__in=[r.activity.ref for r in results], source=Source.COURSE_COMPLETION).values_list(
            "pk", flat=True
        )
    )
    total = sum((r.jp for r in results), Decimal(0))
    return _share(sum((r.jp for r in results if r.activity.ref in lms), Decimal(0)), total)


# --- integrasi pembelajaran -------------------------------------------------------------------------------------


@figure("integrasi_pns_memenuhi_jp", _("PNS yang memenuhi target JP tahunan (%)"), "jp")
def pns_jp_met(year, units=None):
    from people.models import JenisPegawai

    pns = [row for row in _year_results(year, units) if row["employment_type"] == JenisPegawai.PNS]
    return _share(sum(1 for row in pns if row["met"]), len(pns))


# Which figures stand beside which element on the assessment page (and are snapshotted at submission).
ELEMENT_FIGURES = {
    "struktur": [
        "struktur_dewan_pengarah",
        "struktur_clo",
        "struktur_kelompok_keahlian",
        "struktur_kelompok_dengan_ketua",
    ],
    "manajemen_pengetahuan": ["pengetahuan_aset_terbit", "pengetahuan_aset_dilihat", "pengetahuan_aset_diterapkan"],
    "forum_pembelajaran": ["forum_diselenggarakan", "forum_keputusan"],
    "sistem_pembelajaran": ["sistem_cakupan_idp"],
    "strategi_pembelajaran": ["strategi_program_kalender", "strategi_kebutuhan_diterima"],
    "teknologi_pembelajaran": ["teknologi_kursus_berjalan", "teknologi_jp_lms"],
    "integrasi_pembelajaran": ["integrasi_pns_memenuhi_jp"],
}
