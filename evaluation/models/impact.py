"""Level 4 – impact (Balangan Perbup 68/2025 art. 29(3)(b)): a learning programme linked to the unit KPI / SKP
targets of the institution direction, with the indicator measured before and after it, each value with its source."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corpu.storage import private_storage
from ledger.models import validate_evidence


class Better(models.TextChoices):
    HIGHER = "higher", _("Makin tinggi makin baik")
    LOWER = "lower", _("Makin rendah makin baik")


class Phase(models.TextChoices):
    BEFORE = "before", _("Sebelum program")
    AFTER = "after", _("Sesudah program")


class ImpactLink(models.Model):
    """One indicator of a unit target (B 2.x) that a programme is meant to move."""

    programme = models.ForeignKey(
        "planning.LearningProgramme",
        verbose_name=_("program pembelajaran"),
        on_delete=models.CASCADE,
        related_name="impact_links",
    )
    target = models.ForeignKey(
        "planning.UnitTarget", verbose_name=_("sasaran unit kerja"), on_delete=models.PROTECT, related_name="+"
    )
    indicator = models.CharField(_("indikator kinerja"), max_length=300)
    unit_of_measure = models.CharField(_("satuan"), max_length=60, help_text=_("Mis. %, km, hari, dokumen."))
    better = models.CharField(_("arah perbaikan"), max_length=10, choices=Better.choices, default=Better.HIGHER)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diisi oleh"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("diisi pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("keterkaitan dampak program")
        verbose_name_plural = _("keterkaitan dampak program")
        ordering = ["programme", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "target", "indicator"], name="evaluation_impact_link_once")
        ]

    def __str__(self):
        return f"{self.programme_id}: {self.indicator}"


class IndicatorValue(models.Model):
    """The indicator's value before or after the programme, measured on a date, taken from a named source."""

    link = models.ForeignKey(ImpactLink, on_delete=models.CASCADE, related_name="values")
    phase = models.CharField(_("saat pengukuran"), max_length=10, choices=Phase.choices)
    value = models.DecimalField(_("nilai"), max_digits=14, decimal_places=2)
    measured_on = models.DateField(_("tanggal pengukuran"))
    source = models.CharField(
        _("sumber data"), max_length=300, help_text=_("Dokumen atau sistem asal nilai, mis. LKjIP 2025, e-Kinerja.")
    )
    evidence = models.FileField(
        _("berkas bukti"),
        upload_to="evaluation/dampak/%Y/",
        storage=private_storage,
        blank=True,
        validators=[validate_evidence],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dicatat oleh"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("dicatat pada"), auto_now=True)

    class Meta:
        verbose_name = _("nilai indikator")
        verbose_name_plural = _("nilai indikator")
        ordering = ["link", "phase"]
        constraints = [models.UniqueConstraint(fields=["link", "phase"], name="evaluation_indicator_value_once")]

    def __str__(self):
        return f"{self.link_id} {self.phase}: {self.value}"
