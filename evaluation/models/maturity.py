"""Program evaluation (Balangan Perbup 68/2025 art. 29(2)): the yearly maturity self-assessment of the CorpU over
its seven elements, each with a level, the assessor's evidence and the platform's figures snapshotted at submission."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from corpu.storage import private_storage
from ledger.models import validate_evidence


class Element(models.TextChoices):
    """The seven elements, worded as art. 29(2) a–g."""

    STRUKTUR = "struktur", _("struktur")
    MANAJEMEN_PENGETAHUAN = "manajemen_pengetahuan", _("Manajemen Pengetahuan")
    FORUM_PEMBELAJARAN = "forum_pembelajaran", _("forum pembelajaran")
    SISTEM_PEMBELAJARAN = "sistem_pembelajaran", _("Sistem Pembelajaran")
    STRATEGI_PEMBELAJARAN = "strategi_pembelajaran", _("strategi pembelajaran")
    TEKNOLOGI_PEMBELAJARAN = "teknologi_pembelajaran", _("teknologi pembelajaran")
    INTEGRASI_PEMBELAJARAN = "integrasi_pembelajaran", _("integrasi pembelajaran")


class MaturityLevel(models.IntegerChoices):
    """The 1–5 scale of ADR 0014 (the seed names the elements, not a scale)."""

    INITIAL = 1, _("1 – Awal: belum ada atau sporadis")
    DEVELOPING = 2, _("2 – Berkembang: ada, belum konsisten")
    DEFINED = 3, _("3 – Terdefinisi: ditetapkan dan dijalankan")
    MANAGED = 4, _("4 – Terkelola: diukur dan dipantau")
    OPTIMISED = 5, _("5 – Optimal: terintegrasi dan terus diperbaiki")


class AssessmentState(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")


class MaturityAssessment(models.Model):
    """One year's self-assessment; read-only once submitted."""

    year = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    state = models.CharField(_("status"), max_length=10, choices=AssessmentState.choices, default=AssessmentState.DRAFT)
    summary = models.TextField(_("kesimpulan dan tindak lanjut"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("penilai"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diajukan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("penilaian kematangan CorpU")
        verbose_name_plural = _("penilaian kematangan CorpU")
        ordering = ["-year"]

    def __str__(self):
        return str(_("Kematangan CorpU %(year)s") % {"year": self.year})

    @property
    def submitted(self):
        return self.state == AssessmentState.SUBMITTED


class ElementRating(models.Model):
    """The level of one element, the assessor's evidence, and the platform figures frozen at submission."""

    assessment = models.ForeignKey(MaturityAssessment, on_delete=models.CASCADE, related_name="ratings")
    element = models.CharField(_("elemen"), max_length=30, choices=Element.choices)
    level = models.PositiveSmallIntegerField(
        _("tingkat"),
        choices=MaturityLevel.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    evidence = models.TextField(_("bukti dan alasan penilai"), blank=True)
    evidence_file = models.FileField(
        _("berkas bukti"),
        upload_to="evaluation/kematangan/%Y/",
        storage=private_storage,
        blank=True,
        validators=[validate_evidence],
    )
    figures = models.JSONField(_("angka platform saat diajukan"), default=dict, blank=True)

    class Meta:
        verbose_name = _("nilai elemen kematangan")
        verbose_name_plural = _("nilai elemen kematangan")
        ordering = ["assessment", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "element"], name="evaluation_element_once"),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__gte=1, level__lte=5),
                name="evaluation_element_level_1_5",
            ),
        ]

    def __str__(self):
        return f"{self.assessment_id}: {self.element} {self.level}"
