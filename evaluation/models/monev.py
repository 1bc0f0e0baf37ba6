"""Monev (Kutai Barat DPUPR 2024 part V): per unit kerja per year, the monitoring of its competency development —
visits (kunjungan lapangan, audiensi, supervisi …), findings, recommendations and their follow-up."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowUp(models.TextChoices):
    OPEN = "open", _("Belum ditindaklanjuti")
    IN_PROGRESS = "in_progress", _("Sedang ditindaklanjuti")
    DONE = "done", _("Selesai ditindaklanjuti")


class VisitMethod(models.TextChoices):
    """The ways part V.B names: "kunjungan lapangan, audiensi, supervisi dan kegiatan lain"."""

    FIELD_VISIT = "kunjungan_lapangan", _("Kunjungan lapangan")
    AUDIENCE = "audiensi", _("Audiensi")
    SUPERVISION = "supervisi", _("Supervisi")
    OTHER = "lainnya", _("Kegiatan lain")


class MonevRecord(models.Model):
    """The yearly monitoring record of one unit (at least once a year, part V.B)."""

    unit = models.ForeignKey(
        "people.UnitKerja", verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    findings = models.TextField(_("temuan"), blank=True)
    recommendations = models.TextField(_("rekomendasi"), blank=True)
    follow_up = models.CharField(
        _("status tindak lanjut"), max_length=20, choices=FollowUp.choices, default=FollowUp.OPEN
    )
    follow_up_notes = models.TextField(_("catatan tindak lanjut"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diisi oleh"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("catatan monev")
        verbose_name_plural = _("catatan monev")
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="evaluation_monev_once")]

    def __str__(self):
        return f"{self.unit} {self.year}"


class MonevVisit(models.Model):
    """One monitoring visit: when, by whom, how, what was checked."""

    record = models.ForeignKey(MonevRecord, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("tanggal"))
    method = models.CharField(_("cara"), max_length=20, choices=VisitMethod.choices)
    visitors = models.CharField(_("dilakukan oleh"), max_length=300)
    checked = models.TextField(_("yang diperiksa"))

    class Meta:
        verbose_name = _("kunjungan monev")
        verbose_name_plural = _("kunjungan monev")
        ordering = ["record", "visited_on", "id"]

    def __str__(self):
        return f"{self.record_id}: {self.visited_on}"
