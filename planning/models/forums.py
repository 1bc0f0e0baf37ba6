"""Learning forums (Balangan Perbup 68/2025 art. 17–18) at three levels, their decisions on the Formulir 2 rows,
and the learning programmes those decisions create (the learning calendar, art. 20(1)(c))."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..lan import Level, Method


class Forum(models.Model):
    """One forum meeting: strategis, operasional, or teknis of one kelompok keahlian."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    level = models.CharField(_("level forum"), max_length=20, choices=Level.choices)
    kelompok = models.ForeignKey(
        "people.KelompokKeahlian",
        verbose_name=_("kelompok keahlian"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forums",
        help_text=_("Wajib untuk forum level teknis."),
    )
    held_at = models.DateTimeField(_("waktu"))
    place = models.CharField(_("tempat"), max_length=300, blank=True)
    video_url = models.URLField(_("tautan rapat daring"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("notulen"), blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pimpinan forum"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("forum pembelajaran")
        verbose_name_plural = _("forum pembelajaran")
        ordering = ["-held_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(level="teknis") | models.Q(kelompok__isnull=False), name="planning_forum_kelompok"
            )
        ]

    def __str__(self):
        return f"{self.get_level_display()} {self.held_at:%Y-%m-%d}"


class ForumParticipant(models.Model):
    """A person invited to a forum (by their CorpU role) and whether they came."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_invitations")
    role = models.CharField(_("peran"), max_length=100)
    attended = models.BooleanField(_("hadir"), default=False)

    class Meta:
        verbose_name = _("peserta forum")
        verbose_name_plural = _("peserta forum")
        ordering = ["forum", "id"]
        constraints = [models.UniqueConstraint(fields=["forum", "user"], name="planning_participant_once")]

    def __str__(self):
        return f"{self.forum_id}: {self.user_id}"


class DecisionKind(models.TextChoices):
    ACCEPTED = "accepted", _("Kebutuhan diterima")
    REJECTED = "rejected", _("Kebutuhan ditolak")
    MOVED = "moved", _("Dipindahkan ke level lain")
    DESIGN = "design", _("Desain pembelajaran disetujui")
    FINDING = "finding", _("Temuan evaluasi")


class ForumDecision(models.Model):
    """What a forum decided on the Formulir 2 rows it names (an accepted need becomes a programme)."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("jenis keputusan"), max_length=20, choices=DecisionKind.choices)
    verifications = models.ManyToManyField(
        "planning.Verification", verbose_name=_("baris Formulir 2"), blank=True, related_name="forum_decisions"
    )
    reason = models.TextField(_("alasan/catatan"), blank=True)
    moved_to = models.CharField(_("dipindahkan ke level"), max_length=20, choices=Level.choices, blank=True)
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), auto_now_add=True)

    class Meta:
        verbose_name = _("keputusan forum")
        verbose_name_plural = _("keputusan forum")
        ordering = ["forum", "id"]

    def __str__(self):
        return f"{self.forum_id}: {self.get_kind_display()}"


class ProgrammeStatus(models.TextChoices):
    PLANNED = "planned", _("Direncanakan")
    RUNNING = "running", _("Berjalan")
    DONE = "done", _("Selesai")
    EVALUATED = "evaluated", _("Dievaluasi")


class Delivery(models.TextChoices):
    COURSE = "course", _("Kursus CorpU")
    COP = "cop", _("Sesi komunitas belajar")
    EXTERNAL = "external", _("Kegiatan eksternal")


class LearningProgramme(models.Model):
    """A programme on the learning calendar: objective, method, organiser, facilitators, targets, period."""

    decision = models.OneToOneField(
        ForumDecision, null=True, blank=True, on_delete=models.SET_NULL, related_name="programme"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    title = models.CharField(_("nama program"), max_length=300)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    competency = models.ForeignKey(
        "planning.CompetencyDefinition",
        verbose_name=_("kompetensi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programmes",
    )
    objective = models.TextField(_("tujuan pembelajaran"))
    method = models.CharField(_("metode"), max_length=20, choices=Method.choices)
    organiser = models.CharField(_("penyelenggara"), max_length=300)
    facilitators = models.CharField(_("fasilitator"), max_length=500, blank=True)
    target_units = models.ManyToManyField(
        "people.UnitKerja", verbose_name=_("unit sasaran"), blank=True, related_name="+"
    )
    target_positions = models.TextField(_("jabatan sasaran"), blank=True, help_text=_("Satu jabatan per baris."))
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    status = models.CharField(
        _("status"), max_length=20, choices=ProgrammeStatus.choices, default=ProgrammeStatus.PLANNED
    )
    delivery = models.CharField(_("bentuk pelaksanaan"), max_length=20, choices=Delivery.choices)
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("kursus CorpU"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cop_session = models.ForeignKey(
        "communities.CopSession",
        verbose_name=_("sesi komunitas belajar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    link = models.URLField(_("tautan kegiatan eksternal"), blank=True)

    class Meta:
        verbose_name = _("program pembelajaran")
        verbose_name_plural = _("program pembelajaran")
        ordering = ["starts_on", "title", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="planning_prog_dates")
        ]

    def __str__(self):
        return self.title

    @property
    def positions(self):
        return [p.strip() for p in self.target_positions.splitlines() if p.strip()]


class Response(models.TextChoices):
    ACCEPTED = "accepted", _("Diterima")
    DECLINED = "declined", _("Ditolak")


class ProgrammeInvitation(models.Model):
    """One targeted employee's invitation to a programme (in-app and e-mailed once), and their answer."""

    programme = models.ForeignKey(LearningProgramme, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_invitations")
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("dikirim lewat surel pada"), null=True, blank=True)
    response = models.CharField(_("jawaban"), max_length=20, choices=Response.choices, blank=True)
    responded_at = models.DateTimeField(_("dijawab pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("undangan program")
        verbose_name_plural = _("undangan program")
        ordering = ["programme", "id"]
        constraints = [models.UniqueConstraint(fields=["programme", "user"], name="planning_invitation_once")]

    def __str__(self):
        return f"{self.programme_id}: {self.user_id}"
