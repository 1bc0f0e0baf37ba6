"""The yearly evaluation report to the Pejabat Pembina Kepegawaian (Banjarbaru Perwali 23/2025 art. 30(3)),
built in the background: its state, progress and the PDF/XLSX files (private storage, served by an access-checked
view)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corpu.storage import private_storage


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("menunggu")
    RUNNING = "running", _("sedang disusun")
    DONE = "done", _("selesai")
    FAILED = "failed", _("gagal")


class YearlyReport(models.Model):
    year = models.PositiveSmallIntegerField(_("tahun"))
    institution = models.CharField(_("nama instansi"), max_length=200)
    language = models.CharField(_("bahasa"), max_length=10, default="id")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    current_step = models.CharField(_("langkah saat ini"), max_length=300, blank=True)
    pdf = models.FileField(_("berkas PDF"), storage=private_storage, upload_to="evaluasi/laporan/", blank=True)
    xlsx = models.FileField(_("berkas XLSX"), storage=private_storage, upload_to="evaluasi/laporan/", blank=True)
    error = models.TextField(_("galat"), blank=True)
    failed_sections = models.JSONField(_("bagian yang gagal"), default=list, blank=True)
    created_at = models.DateTimeField(_("diminta pada"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("laporan evaluasi tahunan")
        verbose_name_plural = _("laporan evaluasi tahunan")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.year} ({self.get_status_display()})"

    @property
    def in_progress(self):
        return self.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)
