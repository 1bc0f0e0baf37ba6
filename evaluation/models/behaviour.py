"""Level 3, behaviour at six months (Balangan Perbup 68/2025 art. 29(3)(a); Kutai Barat part V.C): one task per
completed activity (a counted ledger entry of a training, course or programme with evidence of completion) for the
employee's supervisor to assess how the competency is applied at work, with the employee's own self-report."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Applied(models.TextChoices):
    """Whether one indicator is applied at work."""

    YES = "ya", _("Ya, diterapkan")
    PARTLY = "sebagian", _("Sebagian")
    NO = "tidak", _("Tidak")


class Gap(models.TextChoices):
    """The competency gap category of Kutai Barat part V.C (rendah: the competency is applied; tinggi: it is not)."""

    LOW = "rendah", _("Rendah")
    MEDIUM = "sedang", _("Sedang")
    HIGH = "tinggi", _("Tinggi")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Belum dinilai")
    ASSESSED = "assessed", _("Sudah dinilai")
    CANCELLED = "cancelled", _("Dibatalkan")


class BehaviourTask(models.Model):
    """The behaviour evaluation of one ledger entry, due six months after the activity (see
    `evaluation.services.behaviour.due_date`). One per entry, enforced by the database."""

    entry = models.OneToOneField(
        "ledger.Entry", verbose_name=_("kegiatan (entri JP)"), on_delete=models.PROTECT, related_name="behaviour_task"
    )
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pegawai"),
        on_delete=models.PROTECT,
        related_name="behaviour_evaluations",
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penilai (atasan)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="behaviour_tasks",
        help_text=_("Pimpinan unit pegawai; kosong bila unitnya tanpa pimpinan (sekretariat unit/CLO menanganinya)."),
    )
    due_on = models.DateField(_("jatuh tempo"), db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN, db_index=True
    )
    competency = models.ForeignKey(
        "planning.CompetencyDefinition",
        verbose_name=_("kompetensi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    competency_name = models.CharField(_("kompetensi yang dikembangkan"), max_length=300, blank=True)
    # The indicators as they stood when the task was made (a later dictionary edit does not change an assessment);
    # empty: the general indicators of `evaluation.services.behaviour.GENERAL_INDICATORS`.
    indicators = models.JSONField(_("indikator"), default=list, blank=True)
    answers = models.JSONField(_("penerapan per indikator"), default=list, blank=True)
    gap = models.CharField(_("kategori kesenjangan"), max_length=10, choices=Gap.choices, blank=True, db_index=True)
    notes = models.TextField(_("catatan penilai"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dinilai oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("dinilai pada"), null=True, blank=True, db_index=True)
    cancelled_at = models.DateTimeField(_("dibatalkan pada"), null=True, blank=True)
    cancel_reason = models.TextField(_("alasan pembatalan"), blank=True)
    last_reminded_on = models.DateField(_("terakhir diingatkan"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluasi perilaku")
        verbose_name_plural = _("evaluasi perilaku")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["assessor", "status"]), models.Index(fields=["status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="assessed") | ~models.Q(gap=""), name="evaluation_behaviour_assessed_gap"
            ),
        ]

    def __str__(self):
        return f"{self.employee_id}: {self.entry_id} ({self.due_on})"


class BehaviourSelfReport(models.Model):
    """The employee's own account of applying what they learnt, shown beside the supervisor's form."""

    task = models.OneToOneField(BehaviourTask, on_delete=models.CASCADE, related_name="self_report")
    applied = models.CharField(_("apakah Anda menerapkannya?"), max_length=10, choices=Applied.choices)
    examples = models.TextField(_("contoh penerapan di tempat kerja"), max_length=3000, blank=True)
    obstacles = models.TextField(_("kendala"), max_length=3000, blank=True)
    support = models.TextField(_("dukungan yang dibutuhkan"), max_length=3000, blank=True)
    submitted_at = models.DateTimeField(_("diisi pada"), auto_now=True)

    class Meta:
        verbose_name = _("laporan diri evaluasi perilaku")
        verbose_name_plural = _("laporan diri evaluasi perilaku")

    def __str__(self):
        return f"{self.task_id}: {self.applied}"
