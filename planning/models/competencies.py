"""The competency dictionary: PermenPAN-RB 38/2017 managerial and socio-cultural competencies with their levels,
technical competencies entered by the institution, and which competencies (at which level) each position needs."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

from corpu.choices import Competency

LEVELS = [MinValueValidator(1), MaxValueValidator(5)]


class CompetencyDefinition(ClusterableModel):
    """One competency of the dictionary, classified by the `Competency` type that assets and courses carry."""

    name = models.CharField(_("nama kompetensi"), max_length=200, unique=True)
    competency_type = models.CharField(_("jenis kompetensi"), max_length=20, choices=Competency.choices)
    definition = models.TextField(_("definisi"), blank=True)
    national_standard = models.BooleanField(
        _("standar nasional"),
        default=False,
        help_text=_("Kompetensi manajerial dan sosial kultural PermenPAN-RB 38/2017 (bukan isian instansi)."),
    )
    kelompok = models.ForeignKey(
        "people.KelompokKeahlian",
        verbose_name=_("kelompok keahlian verifikator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planning_competencies",
        help_text=_("Kelompok keahlian yang memverifikasi usulan pengembangan kompetensi ini (Formulir 2)."),
    )
    active = models.BooleanField(_("aktif"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=100)

    panels = [
        FieldPanel("name"),
        FieldPanel("competency_type"),
        FieldPanel("definition"),
        FieldPanel("kelompok"),
        FieldPanel("active"),
        FieldPanel("sort_order"),
        InlinePanel("levels", heading=_("Level"), label=_("level")),
    ]

    class Meta:
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kamus kompetensi")
        ordering = ["competency_type", "sort_order", "name"]

    def __str__(self):
        return self.name


class CompetencyLevel(models.Model):
    """A proficiency level (1–5) of a competency with its description."""

    competency = ParentalKey(CompetencyDefinition, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVELS)
    description = models.TextField(_("deskripsi"))

    panels = [FieldPanel("level"), FieldPanel("description")]

    class Meta:
        verbose_name = _("level kompetensi")
        verbose_name_plural = _("level kompetensi")
        ordering = ["competency", "level"]
        constraints = [models.UniqueConstraint(fields=["competency", "level"], name="planning_level_once")]

    def __str__(self):
        return f"{self.competency} — {self.level}"


class PositionRequirement(models.Model):
    """A competency a position (jabatan, as written on the profile) needs, at a level."""

    position = models.CharField(_("jabatan"), max_length=200, db_index=True)
    competency = models.ForeignKey(
        CompetencyDefinition, verbose_name=_("kompetensi"), on_delete=models.CASCADE, related_name="requirements"
    )
    required_level = models.PositiveSmallIntegerField(_("level dibutuhkan"), validators=LEVELS)

    panels = [FieldPanel("position"), FieldPanel("competency"), FieldPanel("required_level")]

    class Meta:
        verbose_name = _("standar kompetensi jabatan")
        verbose_name_plural = _("standar kompetensi jabatan")
        ordering = ["position", "competency__competency_type", "competency__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["position", "competency"], name="planning_requirement_once"),
        ]

    def __str__(self):
        return f"{self.position}: {self.competency} ({self.required_level})"
