"""Institution direction per year (Dewan Pengarah, Q1 before the dialogues) and the units' KPI targets: they
pre-fill Formulir 1 B 1.1–1.2 and 2.1–2.3."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel


class InstitutionDirection(ClusterableModel):
    """Arah Pengembangan Kompetensi Instansi for one year, from the HCDP."""

    year = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    learning_direction = models.TextField(
        _("arah pembelajaran instansi"), help_text=_("Mengisi B 1.1 setiap IDP tahun ini.")
    )
    development_priorities = models.TextField(
        _("prioritas pengembangan kompetensi"), blank=True, help_text=_("Dari HCDP; mengisi B 1.2.")
    )
    priority_competencies = models.ManyToManyField(
        "planning.CompetencyDefinition", verbose_name=_("kompetensi prioritas"), blank=True, related_name="+"
    )
    hcdp_document = models.ForeignKey(
        "corpu.PrivateDocument",
        verbose_name=_("dokumen HCDP"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diperbarui oleh"), null=True, blank=True, on_delete=models.SET_NULL
    )

    panels = [
        FieldPanel("year"),
        FieldPanel("learning_direction"),
        FieldPanel("priority_competencies"),
        FieldPanel("development_priorities"),
        FieldPanel("hcdp_document"),
        InlinePanel("unit_targets", heading=_("Sasaran unit kerja"), label=_("sasaran")),
    ]

    class Meta:
        verbose_name = _("arah pengembangan kompetensi instansi")
        verbose_name_plural = _("arah pengembangan kompetensi instansi")
        ordering = ["-year"]

    def __str__(self):
        return str(_("Arah pengembangan kompetensi %(year)s") % {"year": self.year})


class TargetKind(models.TextChoices):
    """Which B row a unit target fills."""

    STRATEGIC = "sasaran_strategis", _("Sasaran strategis (B 2.1)")
    PROGRAM = "sasaran_program", _("Sasaran program (B 2.2)")
    ACTIVITY = "sasaran_kegiatan", _("Sasaran kegiatan (B 2.3)")


TARGET_CODES = {TargetKind.STRATEGIC: "2.1", TargetKind.PROGRAM: "2.2", TargetKind.ACTIVITY: "2.3"}


class UnitTarget(models.Model):
    """A unit's KPI target for the year; employees of the unit and of the units below it see it in B 2.x."""

    direction = ParentalKey(InstitutionDirection, on_delete=models.CASCADE, related_name="unit_targets")
    unit = models.ForeignKey(
        "people.UnitKerja", verbose_name=_("unit kerja"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("jenis sasaran"), max_length=20, choices=TargetKind.choices)
    text = models.TextField(_("sasaran dan indikator"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diisi oleh"), null=True, blank=True, on_delete=models.SET_NULL
    )

    panels = [FieldPanel("unit"), FieldPanel("kind"), FieldPanel("text")]

    class Meta:
        verbose_name = _("sasaran unit kerja")
        verbose_name_plural = _("sasaran unit kerja")
        ordering = ["unit__path", "kind", "id"]

    def __str__(self):
        return f"{self.unit}: {self.get_kind_display()}"
