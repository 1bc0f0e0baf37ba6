"""The yearly cycle around the plans: dialogue windows (set by the CLO), Formulir 2 verification by the kelompok
keahlian, the CLO's decisions, follow-up dialogues, tasks with deadlines, and the audit trail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..lan import Level, Method, Priority


class DialogueWindow(models.Model):
    """The dates within which the dialogues of a year happen: the early-year one (quarter empty) or a quarterly
    follow-up (quarter 1–4)."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(
        _("triwulan"), null=True, blank=True, help_text=_("Kosong: dialog kinerja awal tahun (penyusunan IDP).")
    )
    opens_on = models.DateField(_("dibuka"))
    closes_on = models.DateField(_("ditutup"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dibuka oleh"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("jadwal dialog kinerja")
        verbose_name_plural = _("jadwal dialog kinerja")
        ordering = ["-year", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="planning_window_once"),
            models.UniqueConstraint(
                fields=["year"], condition=models.Q(quarter__isnull=True), name="planning_window_early_once"
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="planning_window_dates"
            ),
        ]

    def __str__(self):
        return f"{self.year} Q{self.quarter or 0}: {self.opens_on}–{self.closes_on}"

    def is_open(self, day):
        return self.opens_on <= day <= self.closes_on


class Verification(models.Model):
    """A Formulir 2 row: one C row as the kelompok keahlian of its competency verifies it (priority, method, level,
    the development's name the CLO recap groups by), then the CLO's decision (final level, organiser)."""

    row = models.OneToOneField("planning.PlanRow", on_delete=models.CASCADE, related_name="verification")
    kelompok = models.ForeignKey(
        "people.KelompokKeahlian",
        verbose_name=_("kelompok keahlian"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planning_verifications",
        help_text=_("Kosong: tidak ada kelompok keahlian untuk kompetensi ini; diverifikasi langsung oleh CLO."),
    )
    priority = models.CharField(_("prioritas"), max_length=10, choices=Priority.choices, blank=True)
    development = models.CharField(_("pengembangan"), max_length=300, blank=True)
    method = models.CharField(_("metode"), max_length=20, choices=Method.choices, blank=True)
    source = models.CharField(_("sumber pembelajaran/pelaksana"), max_length=300, blank=True)
    timeframe = models.CharField(_("waktu pelaksanaan"), max_length=200, blank=True)
    level = models.CharField(_("level pelaksanaan"), max_length=20, choices=Level.choices, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    decision = models.ForeignKey(
        "planning.Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="verifications"
    )

    class Meta:
        verbose_name = _("verifikasi (Formulir 2)")
        verbose_name_plural = _("verifikasi (Formulir 2)")
        ordering = ["row__plan__unit__path", "row__plan__nama", "row__position"]

    def __str__(self):
        return f"{self.row} — {self.kelompok or '-'}"


class Decision(models.Model):
    """The CLO's decision on one recap line (a level, a competency, a development): who organises it, at which
    level. Applying it writes the D rows of every plan the line gathers."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    level = models.CharField(_("level pelaksanaan"), max_length=20, choices=Level.choices)
    organiser = models.CharField(_("penyelenggara"), max_length=300)
    note = models.TextField(_("catatan"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("keputusan CLO")
        verbose_name_plural = _("keputusan CLO")
        ordering = ["-decided_at"]

    def __str__(self):
        return f"{self.year} {self.get_level_display()}: {self.organiser}"


class FollowUpDialogue(models.Model):
    """A quarterly performance dialogue on a verified plan; its follow-up needs are E rows."""

    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="follow_ups")
    quarter = models.PositiveSmallIntegerField(_("triwulan"))
    held_on = models.DateField(_("tanggal dialog"))
    plan_vs_practice = models.TextField(_("kesesuaian rencana dengan pelaksanaan"), blank=True)
    benefit = models.TextField(_("kemanfaatan bagi kinerja"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("dialog kinerja triwulanan")
        verbose_name_plural = _("dialog kinerja triwulanan")
        ordering = ["plan", "quarter"]
        constraints = [models.UniqueConstraint(fields=["plan", "quarter"], name="planning_follow_up_once")]

    def __str__(self):
        return f"{self.plan_id} Q{self.quarter}"


class TaskKind(models.TextChoices):
    ASSESS = "assess", _("Isi penilaian mandiri dan usulan IDP")
    REVIEW = "review", _("Bahas dan sepakati IDP dalam dialog kinerja")
    CONFIRM = "confirm", _("Konfirmasi kesepakatan IDP")
    VERIFY = "verify", _("Verifikasi usulan pengembangan kompetensi (Formulir 2)")
    DECIDE = "decide", _("Tetapkan penyelenggara dan level (rekap CLO)")
    RESULT = "result", _("Lihat hasil verifikasi IDP")
    RPL_ASSESS = "rpl_assess", _("Nilai permohonan RPL")
    RPL_DECIDE = "rpl_decide", _("Putuskan permohonan RPL")
    RPL_RESULT = "rpl_result", _("Lihat hasil permohonan RPL")


class Task(models.Model):
    """Something a person has to do in the cycle, with a deadline; reminders go out until it is done."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("untuk"), on_delete=models.CASCADE, related_name="planning_tasks"
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=TaskKind.choices)
    plan = models.ForeignKey("planning.Plan", null=True, blank=True, on_delete=models.CASCADE, related_name="tasks")
    year = models.PositiveSmallIntegerField(_("tahun"))
    due_on = models.DateField(_("tenggat"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    done_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    last_reminded_on = models.DateField(_("terakhir diingatkan"), null=True, blank=True)

    class Meta:
        verbose_name = _("tugas IDP")
        verbose_name_plural = _("tugas IDP")
        ordering = ["done_at", "due_on", "id"]
        indexes = [models.Index(fields=["user", "done_at"])]

    def __str__(self):
        return f"{self.user_id}: {self.kind} ({self.due_on})"


class PlanAudit(models.Model):
    """Every change in the planning app: who, when, what, before and after (ledger's AuditLog pattern)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oleh"), null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    action = models.CharField(_("tindakan"), max_length=40)
    plan = models.ForeignKey(
        "planning.Plan", verbose_name=_("IDP"), null=True, blank=True, on_delete=models.CASCADE, related_name="audit"
    )
    target = models.CharField(_("objek"), max_length=100, blank=True)
    before = models.JSONField(_("sebelum"), null=True, blank=True)
    after = models.JSONField(_("sesudah"), null=True, blank=True)

    class Meta:
        verbose_name = _("log audit IDP")
        verbose_name_plural = _("log audit IDP")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
