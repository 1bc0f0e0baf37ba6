"""The yearly report to the PPK (Banjarbaru Perwali 23/2025 art. 30(3)): who may request and download it, queueing
it, and building it in the background with its progress stored on the `YearlyReport` row."""

import logging
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from corpu.access import evaluation_scope

from ..models import ReportStatus, YearlyReport

logger = logging.getLogger(__name__)

# A queued/running report younger than this is given back instead of queueing a second one for the same year.
STALE_AFTER = timedelta(hours=1)


def may_see_reports(user):
    """The institution-wide report is for the CLO and the Dewan Pengarah (and administrators): those whose
    evaluation scope is "all" in the access policy."""
    return evaluation_scope(user) == "all"


def default_institution():
    """The default site's name, shown on the cover unless the requester writes the institution's name."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return site.site_name if site is not None and site.site_name else "CorpU"


def request_report(user, year, institution="", language=None):
    """Queue the report of `year`; returns the `YearlyReport`. A request for a year already being built returns
    that report (a double click queues nothing)."""
    if not may_see_reports(user):
        raise PermissionDenied(_("Laporan evaluasi tahunan hanya untuk CLO dan Dewan Pengarah."))
    this_year = timezone.localdate().year
    if not isinstance(year, int) or not 2000 <= year <= this_year:
        raise ValidationError(_("Tahun laporan harus antara 2000 dan %(year)s.") % {"year": this_year})
    pending = YearlyReport.objects.filter(
        year=year,
        status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING],
        created_at__gte=timezone.now() - STALE_AFTER,
    ).first()
    if pending is not None:
        return pending
    report = YearlyReport.objects.create(
        year=year,
        institution=(institution or "").strip()[:200] or default_institution(),
        language=language or translation.get_language() or "id",
        requested_by=user,
        current_step=_("Menunggu giliran penyusunan"),
    )
    from ..tasks import build_yearly_report

    transaction.on_commit(lambda: build_yearly_report.enqueue(report.pk))
    return report


def _step(report_id, progress, text):
    YearlyReport.objects.filter(pk=report_id).update(progress=progress, current_step=text[:300])


def run(report_id):
    """Build a queued report: the sections in order (progress 5–85), then the PDF and the XLSX. Any failure is
    stored on the report (status failed, the error) rather than raised. A report not queued is left alone, so a
    task delivered twice builds once."""
    from ledger.models import Rulebook

    from ..report import builder, pdf, xlsx

    claimed = YearlyReport.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
        status=ReportStatus.RUNNING, progress=1
    )
    if not claimed:
        return
    report = YearlyReport.objects.select_related("requested_by").get(pk=report_id)
    with translation.override(report.language):
        try:

            def progress(done, total, title):
                _step(report_id, 5 + 80 * done // total, _("Menghitung: %(section)s") % {"section": title})

            sections = builder.build(report.year, progress)
            _step(report_id, 88, _("Menyusun PDF"))
            pdf_bytes = pdf.render(report, sections, Rulebook.active())
            _step(report_id, 95, _("Menyusun XLSX"))
            xlsx_bytes = xlsx.render(report, sections)
            report.pdf.save(f"laporan-evaluasi-{report.year}-{report.pk}.pdf", ContentFile(pdf_bytes), save=False)
            report.xlsx.save(f"laporan-evaluasi-{report.year}-{report.pk}.xlsx", ContentFile(xlsx_bytes), save=False)
        except Exception as error:
            logger.exception("Yearly report %s failed", report_id)
            YearlyReport.objects.filter(pk=report_id).update(
                status=ReportStatus.FAILED,
                error=f"{type(error).__name__}: {error}"[:2000],
                current_step=_("Gagal"),
                finished_at=timezone.now(),
            )
            return
        failed = [{"section": s.key, "figures": [r.name for r in s.rows if r.error]} for s in sections if s.failed]
        YearlyReport.objects.filter(pk=report_id).update(
            status=ReportStatus.DONE,
            progress=100,
            current_step=_("Selesai"),
            pdf=report.pdf.name,
            xlsx=report.xlsx.name,
            failed_sections=failed,
            finished_at=timezone.now(),
        )
