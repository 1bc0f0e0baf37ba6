"""Formulir 1 (Alat Bantu Penyusunan IDP) of one employee for one year: A (profile snapshot), B (basis rows
1.1–5.3), C (proposals from the early-year dialogue), D (verified plan) and E (follow-up from later dialogues)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from corpu.choices import Competency

from ..lan import BASIS_CODES, BASIS_GROUP_OF, BASIS_LABELS, GapAspect, Level, Method


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan ke atasan")
    AGREED = "agreed", _("Disepakati dalam dialog kinerja")
    IN_VERIFICATION = "in_verification", _("Dalam verifikasi")
    VERIFIED = "verified", _("Terverifikasi")


class Plan(models.Model):
    """An IDP. Part A is a snapshot of the profile taken when the plan is created (and refreshed while a draft)."""

    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="idps"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    state = models.CharField(
        _("status"), max_length=20, choices=PlanState.choices, default=PlanState.DRAFT, db_index=True
    )
    unit = models.ForeignKey(
        "people.UnitKerja",
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Unit pegawai saat IDP disusun: menentukan atasan dan sasaran unit."),
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("atasan (pimpinan unit)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_idps",
    )
    # Part A snapshot
    nama = models.CharField(_("nama"), max_length=200, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    pangkat_golongan = models.CharField(_("pangkat/golongan"), max_length=100, blank=True)
    pendidikan = models.CharField(_("pendidikan"), max_length=100, blank=True)
    masa_kerja = models.CharField(_("masa kerja"), max_length=60, blank=True)
    jabatan = models.CharField(_("jabatan saat ini"), max_length=200, blank=True)
    unit_kerja = models.CharField(_("unit kerja"), max_length=500, blank=True)
    # the dialogue
    submitted_at = models.DateTimeField(_("diajukan pada"), null=True, blank=True)
    employee_agreed_at = models.DateTimeField(_("disepakati pegawai pada"), null=True, blank=True)
    supervisor_agreed_at = models.DateTimeField(_("disepakati atasan pada"), null=True, blank=True)
    dialogue_note = models.TextField(_("catatan dialog kinerja"), blank=True)
    verified_at = models.DateTimeField(_("terverifikasi pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui pada"), auto_now=True)

    class Meta:
        verbose_name = _("IDP (Formulir 1)")
        verbose_name_plural = _("IDP (Formulir 1)")
        ordering = ["-year", "nama"]
        constraints = [models.UniqueConstraint(fields=["employee", "year"], name="planning_plan_once")]
        permissions = [("coordinate_idp", _("Dapat mengoordinasikan IDP instansi (Koordinator Pembelajaran/CLO)"))]

    def __str__(self):
        return f"IDP {self.year} — {self.nama or self.employee}"


class BasisRow(models.Model):
    """One row of part B: the information is available or not (Ada/Tidak Ada) and the analysis."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="basis_rows")
    code = models.CharField(_("kode"), max_length=3, choices=[(code, code) for code in BASIS_CODES])
    available = models.BooleanField(_("ketersediaan informasi"), null=True, blank=True)
    analysis = models.TextField(_("informasi/analisis"), blank=True)
    prefilled = models.BooleanField(
        _("diisi otomatis"),
        default=False,
        help_text=_("Diisi dari arah instansi, sasaran unit atau penilaian mandiri."),
    )

    class Meta:
        verbose_name = _("informasi dasar (B)")
        verbose_name_plural = _("informasi dasar (B)")
        ordering = ["plan", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="planning_basis_once")]

    def __str__(self):
        return f"{self.code} {self.label}"

    @property
    def label(self):
        return BASIS_LABELS[self.code]

    @property
    def group(self):
        return BASIS_GROUP_OF[self.code]


class Section(models.TextChoices):
    PROPOSED = "C", _("C. Usulan rencana pengembangan kompetensi")
    VERIFIED = "D", _("D. Hasil verifikasi rencana pengembangan kompetensi")
    FOLLOW_UP = "E", _("E. Evaluasi kinerja")


class PlanRow(models.Model):
    """A development row of part C, D or E with the LAN columns."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rows")
    section = models.CharField(_("bagian"), max_length=1, choices=Section.choices)
    position = models.PositiveSmallIntegerField(_("no."), default=1)
    relevance = models.CharField(
        _("relevansi"), max_length=100, blank=True, help_text=_("Kode analisis dari bagian B, mis. 2.1, 4.2.")
    )
    objective = models.TextField(_("tujuan"), blank=True)
    output = models.TextField(_("output"), blank=True)
    competency = models.ForeignKey(
        "planning.CompetencyDefinition",
        verbose_name=_("kompetensi (kamus)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_rows",
    )
    classification = models.CharField(_("klasifikasi kompetensi"), max_length=20, choices=Competency.choices)
    description = models.TextField(_("deskripsi kompetensi"), blank=True)
    aspect = models.CharField(_("aspek kesenjangan"), max_length=20, choices=GapAspect.choices, blank=True)
    method = models.CharField(_("klasifikasi metode"), max_length=20, choices=Method.choices, blank=True)
    source = models.CharField(_("sumber pembelajaran"), max_length=300, blank=True)
    timeframe = models.CharField(_("jangka waktu pelaksanaan"), max_length=200, blank=True)
    level = models.CharField(_("level pelaksana"), max_length=20, choices=Level.choices, blank=True)
    organiser = models.CharField(_("pelaksana"), max_length=300, blank=True)
    origin = models.ForeignKey(
        "self",
        verbose_name=_("berasal dari baris"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived",
    )
    quarter = models.PositiveSmallIntegerField(_("triwulan"), null=True, blank=True)
    updated_at = models.DateTimeField(_("diperbarui pada"), auto_now=True)

    class Meta:
        verbose_name = _("baris rencana")
        verbose_name_plural = _("baris rencana")
        ordering = ["plan", "section", "position", "id"]

    def __str__(self):
        return f"{self.section}{self.position}: {self.competency_name}"

    @property
    def competency_name(self):
        """The dictionary name when linked, else the free description."""
        return self.competency.name if self.competency_id else (self.description or "").strip()


class RowEntryLink(models.Model):
    """A ledger entry the employee tied to a C/D row (when submitting or completing), for realised JP."""

    row = models.ForeignKey(PlanRow, on_delete=models.CASCADE, related_name="entry_links")
    entry = models.ForeignKey("ledger.Entry", on_delete=models.CASCADE, related_name="+")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tautan entri JP")
        verbose_name_plural = _("tautan entri JP")
        constraints = [models.UniqueConstraint(fields=["row", "entry"], name="planning_link_once")]

    def __str__(self):
        return f"{self.row_id} ← {self.entry_id}"
