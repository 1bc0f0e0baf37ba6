"""Recognition of prior learning (rekognisi pembelajaran lampau, Perbup Balangan 68/2025 Pasal 23 huruf d): an
employee's request, the kelompok keahlian's assessment, the CLO's decision, and the ledger entry it posted."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corpu.storage import private_storage
from ledger.models import validate_evidence


class RplState(models.TextChoices):
    SUBMITTED = "submitted", _("diajukan")
    MORE_INFO = "more_info", _("perlu dilengkapi")
    ASSESSED = "assessed", _("dinilai kelompok keahlian")
    APPROVED = "approved", _("disetujui")
    REFUSED = "refused", _("ditolak")


class Recommendation(models.TextChoices):
    RECOMMEND = "recommend", _("direkomendasikan")
    MORE_INFO = "more_info", _("minta kelengkapan")
    REFUSE = "refuse", _("tidak direkomendasikan")


class RplRequest(models.Model):
    """One request: what was learnt earlier, for which competency and IDP row, and its way to a ledger entry."""

    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="rpl_requests"
    )
    competency = models.ForeignKey(
        "planning.CompetencyDefinition", verbose_name=_("kompetensi"), on_delete=models.PROTECT, related_name="+"
    )
    row = models.ForeignKey(
        "planning.PlanRow",
        verbose_name=_("baris IDP yang dipenuhi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rpl_requests",
    )
    description = models.TextField(_("uraian capaian pembelajaran"))
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"))
    state = models.CharField(_("status"), max_length=20, choices=RplState.choices, default=RplState.SUBMITTED)
    kelompok = models.ForeignKey(
        "people.KelompokKeahlian",
        verbose_name=_("kelompok keahlian penilai"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rpl_requests",
    )
    recommendation = models.CharField(_("rekomendasi"), max_length=20, choices=Recommendation.choices, blank=True)
    assessment_notes = models.TextField(_("catatan penilaian"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(_("dinilai pada"), null=True, blank=True)
    form = models.CharField(_("bentuk kegiatan di buku JP"), max_length=40, blank=True)
    decided_jp = models.DecimalField(_("JP yang ditetapkan"), max_digits=6, decimal_places=2, null=True, blank=True)
    decision_notes = models.TextField(_("catatan keputusan"), blank=True)
    explanation = models.TextField(_("penjelasan JP"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    entry = models.OneToOneField(
        "ledger.Entry", verbose_name=_("entri JP"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("diajukan pada"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("permohonan RPL")
        verbose_name_plural = _("permohonan RPL")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_date__gte=models.F("start_date")), name="planning_rpl_dates")
        ]

    def __str__(self):
        return f"RPL {self.pk}: {self.employee_id} — {self.competency_id}"

    @property
    def source_ref(self):
        return f"rpl:{self.pk}"


class RplEvidence(models.Model):
    """One evidence file of a request, kept in private storage like JP evidence."""

    request = models.ForeignKey(RplRequest, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(
        _("bukti dukung"), upload_to="planning/rpl/%Y/%m/", storage=private_storage, validators=[validate_evidence]
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bukti dukung RPL")
        verbose_name_plural = _("bukti dukung RPL")
        ordering = ["id"]

    def __str__(self):
        return self.file.name

    @property
    def filename(self):
        return self.file.name.rsplit("/", 1)[-1]
