"""Knowledge-management activity in a year (Balangan Perbup 68/2025 art. 8–16; Banjarbaru art. 25–26): assets
published after the expert review, their use, "saya menerapkan ini", community threads and CoP sessions.
`units` narrows to what the staff of those units wrote, applied or attended."""

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from . import figure
from .scoping import in_units_q, year_bounds


def _assets(units):
    """Live assets; narrowed to those owned by a unit in scope or written by its staff. A live asset has passed
    the revidu pakar workflow (knowledge_assets/setup.py): published means verified."""
    from knowledge_assets.models import KnowledgeAssetPage

    assets = KnowledgeAssetPage.objects.live()
    if units is None:
        return assets
    mine = Q(pk__in=KnowledgeAssetPage.objects.filter(in_units_q(units, "owner_unit")).values("pk"))
    mine |= Q(pk__in=KnowledgeAssetPage.objects.filter(in_units_q(units, "authors__unit_kerja")).values("pk"))
    return assets.filter(mine)


@figure("km_assets_published", _("Aset pengetahuan terbit (lolos revidu pakar) pada tahun ini"), "knowledge")
def km_assets_published(year, units):
    start, end = year_bounds(year)
    return _assets(units).filter(first_published_at__gte=start, first_published_at__lt=end).count()


@figure("km_asset_reads", _("Aset pengetahuan dibaca (kumulatif hingga laporan dibuat)"), "knowledge")
def km_asset_reads(year, units):
    """The views counter has no date: this is every view of the assets in scope until now (the year is unused)."""
    return _assets(units).aggregate(n=Sum("counter__views"))["n"] or 0


@figure("km_asset_downloads", _("Lampiran aset pengetahuan diunduh (kumulatif hingga laporan dibuat)"), "knowledge")
def km_asset_downloads(year, units):
    return _assets(units).aggregate(n=Sum("counter__downloads"))["n"] or 0


@figure("km_applications", _('Penerapan aset ("saya menerapkan ini")'), "knowledge")
def km_applications(year, units):
    """Applications last recorded in the year (the row keeps only its latest update) by staff in scope."""
    from knowledge_assets.models import AssetApplication

    start, end = year_bounds(year)
    rows = AssetApplication.objects.filter(updated_at__gte=start, updated_at__lt=end, page__live=True)
    return rows.filter(in_units_q(units, "user__unit_kerja")).count()


@figure("km_threads", _("Diskusi baru di komunitas belajar"), "knowledge")
def km_threads(year, units):
    from communities.models import Thread

    start, end = year_bounds(year)
    threads = Thread.objects.filter(created_at__gte=start, created_at__lt=end, hidden=False)
    return threads.filter(in_units_q(units, "author__unit_kerja")).count()


@figure("km_threads_solved", _("Diskusi yang terjawab"), "knowledge")
def km_threads_solved(year, units):
    from communities.models import Thread

    start, end = year_bounds(year)
    threads = Thread.objects.filter(created_at__gte=start, created_at__lt=end, hidden=False, solved=True)
    return threads.filter(in_units_q(units, "author__unit_kerja")).count()


@figure("km_cop_sessions", _("Sesi komunitas belajar (CoP) yang diselenggarakan"), "knowledge")
def km_cop_sessions(year, units):
    """Sessions held in the year; narrowed, those attended by at least one member of staff in scope."""
    from communities.models import Attendance, CopSession

    start, end = year_bounds(year)
    sessions = CopSession.objects.filter(starts_at__gte=start, starts_at__lt=end)
    if units is not None:
        attended = Attendance.objects.filter(in_units_q(units, "user__unit_kerja")).values("session")
        sessions = sessions.filter(pk__in=attended)
    return sessions.count()


@figure("km_cop_attendances", _("Kehadiran pegawai pada sesi komunitas belajar"), "knowledge")
def km_cop_attendances(year, units):
    from communities.models import Attendance

    start, end = year_bounds(year)
    rows = Attendance.objects.filter(session__starts_at__gte=start, session__starts_at__lt=end)
    return rows.filter(in_units_q(units, "user__unit_kerja")).count()
