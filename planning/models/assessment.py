"""Self-assessment (penilaian mandiri, BAB II A): the employee rates the competencies of their current position and
of the next one in their career plan; the gaps fill B 4.2 per competency type."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..lan import GapAspect
from .competencies import LEVELS


class SelfAssessment(models.Model):
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="self_assessments"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    current_position = models.CharField(_("jabatan saat ini"), max_length=200)
    next_position = models.CharField(_("jabatan berikutnya dalam rencana karier"), max_length=200, blank=True)
    career_plan = models.TextField(_("gambaran rencana karier"), blank=True)
    completed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("penilaian mandiri")
        verbose_name_plural = _("penilaian mandiri")
        constraints = [models.UniqueConstraint(fields=["employee", "year"], name="planning_assessment_once")]

    def __str__(self):
        return f"{self.employee} {self.year}"


class SelfRating(models.Model):
    """One competency rated by the employee against the level a position needs."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="ratings")
    competency = models.ForeignKey(
        "planning.CompetencyDefinition", verbose_name=_("kompetensi"), on_delete=models.PROTECT, related_name="+"
    )
    for_next_position = models.BooleanField(_("untuk jabatan berikutnya"), default=False)
    required_level = models.PositiveSmallIntegerField(_("level dibutuhkan"), validators=LEVELS)
    current_level = models.PositiveSmallIntegerField(_("level saat ini"), validators=LEVELS, null=True, blank=True)
    aspect = models.CharField(_("aspek kesenjangan"), max_length=20, choices=GapAspect.choices, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("penilaian kompetensi")
        verbose_name_plural = _("penilaian kompetensi")
        ordering = ["for_next_position", "competency__competency_type", "competency__sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "competency", "for_next_position"], name="planning_rating_once"
            )
        ]

    def __str__(self):
        return f"{self.competency}: {self.current_level}/{self.required_level}"

    @property
    def gap(self):
        """Levels short of the requirement (0 when met or not yet rated)."""
        if self.current_level is None:
            return 0
        return max(0, self.required_level - self.current_level)
