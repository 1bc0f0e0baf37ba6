"""The JP ledger: rulebooks (conversion rules as data), entries (append-only) and their audit log."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from corpu.storage import private_storage
from corpu.uploads import UploadValidator

from . import engine

FORM_CHOICES = [(code, engine.FORM_NAMES[code]) for code in engine.FORMS]
validate_evidence = UploadValidator([".pdf", ".jpg", ".jpeg", ".png"], max_mb=5)


class Scope(models.TextChoices):
    NASIONAL = "nasional", _("nasional")
    INTERNASIONAL = "internasional", _("internasional")


class Unit(models.TextChoices):
    HARI = "hari", _("hari")
    KEGIATAN = "kegiatan", _("kegiatan")
    JP = "jp", _("JP")
    SEMESTER = "semester", _("semester")


class Bucket(models.TextChoices):
    CLASSICAL = "classical", _("klasikal & belajar mandiri (10%)")
    GUIDANCE = "guidance", _("bimbingan (20%)")
    WORKPLACE = "workplace", _("terintegrasi di tempat kerja (70%)")


class Category(models.TextChoices):
    KLASIKAL = "klasikal", _("klasikal")
    NONKLASIKAL = "nonklasikal", _("nonklasikal")


class Rulebook(models.Model):
    """One regulation's JP conversion table (e.g. Perwali Banjarbaru 23/2025 Lampiran B)."""

    slug = models.SlugField(_("kode"), max_length=60, unique=True)
    title = models.CharField(_("judul"), max_length=400)
    regulation = models.TextField(_("dasar peraturan"))
    source_file = models.CharField(_("berkas sumber"), max_length=200, blank=True)
    effective_from = models.DateField(_("berlaku mulai"), null=True, blank=True)
    effective_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("menggantikan peraturan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseded_by",
        help_text=_(
            "Peraturan instansi yang sama sebelum yang ini: kegiatan bertanggal sebelum masa berlaku peraturan ini "
            "dihitung menurut peraturan tersebut."
        ),
    )
    target_jp_pns = models.DecimalField(_("target JP PNS per tahun"), max_digits=6, decimal_places=2, default=20)
    target_jp_pppk = models.DecimalField(_("target JP PPPK per tahun"), max_digits=6, decimal_places=2, default=20)
    target_jp_pppk_is_ceiling = models.BooleanField(
        _("JP PPPK adalah batas paling banyak"),
        default=False,
        help_text=_(
            "Ya bila peraturan menulis 'paling banyak' untuk PPPK (Banjarbaru): tidak ada kekurangan JP, JP di atas "
            "batas tetap dihitung dan ditandai."
        ),
    )
    stated_jp_overrides = models.BooleanField(
        _("JP tertera menggantikan konversi"),
        default=False,
        help_text=_("Jika ya, JP pada bukti dukung dipakai untuk aturan yang ditandai demikian (batas tetap berlaku)."),
    )
    notes = models.TextField(_("catatan"), blank=True)

    panels = [
        FieldPanel("slug"),
        FieldPanel("title"),
        FieldPanel("regulation"),
        FieldPanel("source_file"),
        FieldRowPanel([FieldPanel("effective_from"), FieldPanel("effective_until")]),
        FieldPanel("supersedes"),
        FieldRowPanel(
            [FieldPanel("target_jp_pns"), FieldPanel("target_jp_pppk"), FieldPanel("target_jp_pppk_is_ceiling")]
        ),
        FieldPanel("stated_jp_overrides"),
        FieldPanel("notes"),
    ]

    class Meta:
        verbose_name = _("peraturan konversi JP")
        verbose_name_plural = _("peraturan konversi JP")
        ordering = ["slug"]

    def __str__(self):
        return f"{self.title[:80]} ({self.slug})"

    def target_for(self, employee):
        """The annual JP figure of an employee under this rulebook (None when there is none, e.g. TKK)."""
        return self.targets().get(getattr(employee, "jenis_pegawai", None), (None, None))[0]

    def targets(self):
        """Employment type -> (the JP figure shown as target, the minimum that decides `met`).

        A PPPK ceiling ("paling banyak 24", Banjarbaru) is shown but sets no minimum: nobody falls short of it."""
        pppk_minimum = Decimal(0) if self.target_jp_pppk_is_ceiling else self.target_jp_pppk
        return {"PNS": (self.target_jp_pns, self.target_jp_pns), "PPPK": (self.target_jp_pppk, pppk_minimum)}

    def over_ceiling(self, employment_type, total):
        """Whether a total passes the rulebook's PPPK ceiling (kept, and flagged to the reader)."""
        return bool(employment_type == "PPPK" and self.target_jp_pppk_is_ceiling and total > self.target_jp_pppk)

    def spec(self, _seen=None):
        """The engine's view of this rulebook (one query for the rules, one more per earlier rulebook)."""
        seen = (_seen or set()) | {self.pk}
        earlier = None
        if self.supersedes_id is not None and self.supersedes_id not in seen:
            previous = Rulebook.objects.filter(pk=self.supersedes_id).first()
            earlier = previous.spec(seen) if previous is not None else None
        return engine.RulebookSpec(
            slug=self.slug,
            stated_jp_overrides=self.stated_jp_overrides,
            rules={rule.form: rule.spec() for rule in self.rules.all()},
            target_jp_pns=self.target_jp_pns,
            target_jp_pppk=self.target_jp_pppk,
            target_jp_pppk_is_ceiling=self.target_jp_pppk_is_ceiling,
            effective_from=self.effective_from,
            effective_until=self.effective_until,
            supersedes=earlier,
        )

    @classmethod
    def in_use(cls, site=None):
        """(the rulebook the institution counts with, why): the site's Pengaturan buku JP, else the most
        recently effective rulebook (and the reason says it was not chosen)."""
        from wagtail.models import Site

        site = site or Site.objects.filter(is_default_site=True).first()
        if site is not None:
            settings_row = LedgerSettings.for_site(site)
            if settings_row.rulebook is not None:
                reason = settings_row.rulebook_reason or _("dipilih di Pengaturan buku JP (tanpa alasan tertulis)")
                return settings_row.rulebook, str(reason)
        latest = cls.objects.order_by(models.F("effective_from").desc(nulls_last=True), "slug").first()
        return latest, str(_("belum dipilih di Pengaturan buku JP: dipakai peraturan dengan tanggal berlaku terbaru"))

    @classmethod
    def active(cls, site=None):
        """The rulebook the institution counts with (see `in_use`)."""
        return cls.in_use(site)[0]


class Rule(models.Model):
    """How one development form converts to JP under a rulebook (one row of the regulation's table)."""

    rulebook = models.ForeignKey(Rulebook, verbose_name=_("peraturan"), on_delete=models.CASCADE, related_name="rules")
    form = models.CharField(_("bentuk pengembangan"), max_length=40, choices=FORM_CHOICES)
    label = models.CharField(_("nama dalam peraturan"), max_length=300)
    available = models.BooleanField(_("diatur"), default=True)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    bucket = models.CharField(_("kelompok 10/20/70"), max_length=20, choices=Bucket.choices)
    unit = models.CharField(_("satuan"), max_length=20, choices=Unit.choices, blank=True)
    programme_jp = models.BooleanField(_("JP sesuai program"), default=False)
    jp_per_unit_nasional = models.DecimalField(
        _("JP per satuan (nasional)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    jp_per_unit_internasional = models.DecimalField(
        _("JP per satuan (internasional)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    international_uplift_pct = models.DecimalField(
        _("tambahan internasional (%)"), max_digits=5, decimal_places=2, default=0
    )
    cap_jp_per_day = models.DecimalField(_("batas JP per hari"), max_digits=6, decimal_places=2, null=True, blank=True)
    cap_jp_per_activity = models.DecimalField(
        _("batas JP per kegiatan"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    cap_jp_per_year = models.DecimalField(
        _("batas JP per tahun"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    max_sessions_per_month = models.PositiveSmallIntegerField(_("sesi dihitung per bulan"), null=True, blank=True)
    max_activities_per_year = models.PositiveSmallIntegerField(_("kegiatan dihitung per tahun"), null=True, blank=True)
    max_days_per_activity = models.PositiveSmallIntegerField(_("hari dihitung per kegiatan"), null=True, blank=True)
    stated_jp_overrides = models.BooleanField(
        _("JP tertera menggantikan konversi"),
        default=False,
        help_text=_("Hanya berlaku bila peraturannya juga menyatakan demikian (Kutai Barat)."),
    )
    fallback_jp_per_day = models.DecimalField(
        _("JP per hari bila JP tidak tertera"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Tarif pengganti untuk aturan 'disesuaikan dengan durasi' (magang Kutai Barat) bila bukti hanya "
            "menyebut hari; hasilnya ditandai untuk diperiksa verifikator."
        ),
    )
    evidence = models.TextField(_("bukti dukung"), blank=True)
    issuer = models.TextField(_("penerbit bukti"), blank=True)
    seed_ref = models.CharField(_("rujukan baris peraturan"), max_length=400, blank=True)
    interpretation = models.TextField(_("tafsiran"), blank=True)

    panels = [
        FieldPanel("rulebook", read_only=True),
        FieldPanel("form", read_only=True),
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("available"), FieldPanel("category"), FieldPanel("bucket")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("unit"), FieldPanel("programme_jp"), FieldPanel("stated_jp_overrides")]),
                FieldRowPanel(
                    [
                        FieldPanel("jp_per_unit_nasional"),
                        FieldPanel("jp_per_unit_internasional"),
                        FieldPanel("international_uplift_pct"),
                    ]
                ),
                FieldPanel("fallback_jp_per_day"),
            ],
            heading=_("Konversi"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("cap_jp_per_day"), FieldPanel("cap_jp_per_activity"), FieldPanel("cap_jp_per_year")]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("max_days_per_activity"),
                        FieldPanel("max_sessions_per_month"),
                        FieldPanel("max_activities_per_year"),
                    ]
                ),
            ],
            heading=_("Batas"),
        ),
        FieldPanel("evidence"),
        FieldPanel("issuer"),
        FieldPanel("seed_ref"),
        FieldPanel("interpretation"),
    ]

    class Meta:
        verbose_name = _("aturan konversi JP")
        verbose_name_plural = _("aturan konversi JP")
        ordering = ["rulebook__slug", "id"]
        constraints = [models.UniqueConstraint(fields=["rulebook", "form"], name="ledger_rule_one_per_form")]

    def __str__(self):
        return f"{self.rulebook.slug}: {self.get_form_display()}"

    def spec(self):
        return engine.RuleSpec(
            form=self.form,
            label=self.label,
            available=self.available,
            bucket=self.bucket,
            unit=self.unit or None,
            programme_jp=self.programme_jp,
            jp_per_unit_nasional=self.jp_per_unit_nasional,
            jp_per_unit_internasional=self.jp_per_unit_internasional,
            international_uplift_pct=self.international_uplift_pct or Decimal(0),
            cap_jp_per_day=self.cap_jp_per_day,
            cap_jp_per_activity=self.cap_jp_per_activity,
            cap_jp_per_year=self.cap_jp_per_year,
            max_sessions_per_month=self.max_sessions_per_month,
            max_activities_per_year=self.max_activities_per_year,
            max_days_per_activity=self.max_days_per_activity,
            stated_jp_overrides=self.stated_jp_overrides,
            fallback_jp_per_day=self.fallback_jp_per_day,
        )


@register_setting(icon="calculator")
class LedgerSettings(BaseSiteSetting):
    rulebook = models.ForeignKey(
        Rulebook,
        verbose_name=_("peraturan konversi JP yang berlaku"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Kosong: peraturan dengan tanggal berlaku terbaru."),
    )
    rulebook_reason = models.TextField(
        _("alasan memakai peraturan ini"),
        blank=True,
        help_text=_(
            "Ditampilkan di JP saya dan dasbor, mis. 'Kabupaten belum menetapkan tabel konversi JP sendiri; dipakai "
            "...'."
        ),
    )

    panels = [FieldPanel("rulebook"), FieldPanel("rulebook_reason")]

    class Meta:
        verbose_name = _("pengaturan buku JP")


class Source(models.TextChoices):
    COURSE_COMPLETION = "course_completion", _("penyelesaian kursus")
    COP_SESSION = "cop_session", _("sesi komunitas belajar")
    SELF_STUDY = "self_study", _("catatan belajar mandiri")
    EXTERNAL = "external", _("pengajuan kegiatan eksternal")
    RPL = "rpl", _("rekognisi pembelajaran lampau (RPL)")
    IMPORT = "import", _("impor")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("diajukan")
    VERIFIED = "verified", _("terverifikasi")
    REJECTED = "rejected", _("ditolak")


class Kind(models.TextChoices):
    ORIGINAL = "original", _("asli")
    CORRECTION = "correction", _("koreksi")
    REVERSAL = "reversal", _("pembatalan")


# Fields that decide the JP of an entry; they never change once the entry exists (append-only).
JP_FIELDS = [
    "employee_id",
    "form",
    "scope",
    "start_date",
    "end_date",
    "quantity",
    "unit",
    "stated_jp",
    "kind",
    "amends_id",
    "source",
    "source_ref",
]


def normalised(text):
    """Case and runs of whitespace ignored: "  Kementerian  PUPR" and "kementerian pupr" are one organiser."""
    return " ".join((text or "").split()).casefold()


def certificate_key(organiser, certificate_no):
    """The key one certificate counts once under: the organiser and the number without any whitespace."""
    number = "".join((certificate_no or "").split()).casefold()
    return f"{normalised(organiser)}|{number}"[:520] if number else ""


class Entry(models.Model):
    """One learning activity of one employee. Append-only: corrections and reversals are new entries."""

    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="jp_entries"
    )
    form = models.CharField(_("bentuk pengembangan"), max_length=40, choices=FORM_CHOICES)
    title = models.CharField(_("nama kegiatan"), max_length=300)
    organiser = models.CharField(_("penyelenggara"), max_length=300, blank=True)
    scope = models.CharField(_("lingkup"), max_length=20, choices=Scope.choices, default=Scope.NASIONAL)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    quantity = models.DecimalField(
        _("jumlah"), max_digits=8, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    unit = models.CharField(_("satuan"), max_length=20, choices=Unit.choices)
    stated_jp = models.DecimalField(
        _("JP tertera pada bukti"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    evidence = models.FileField(
        _("bukti dukung"),
        upload_to="ledger/bukti/%Y/%m/",
        storage=private_storage,
        blank=True,
        validators=[validate_evidence],
    )
    certificate_no = models.CharField(_("nomor sertifikat"), max_length=200, blank=True)
    certificate_date = models.DateField(_("tanggal sertifikat"), null=True, blank=True)
    valid_until = models.DateField(
        _("masa berlaku sertifikat"), null=True, blank=True, help_text=_("Kosong: berlaku seterusnya.")
    )
    uploaded_myasn = models.BooleanField(
        _("telah diunggah ke MyASN"), default=False, help_text=_("Dicentang oleh pegawai pada JP saya.")
    )
    issuer = models.CharField(_("penerbit bukti"), max_length=300, blank=True)
    rumpun = models.CharField(_("rumpun"), max_length=200, blank=True)
    source = models.CharField(_("sumber"), max_length=30, choices=Source.choices, default=Source.EXTERNAL)
    source_ref = models.CharField(_("rujukan sumber"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    reason = models.TextField(_("alasan penolakan"), blank=True)
    change_reason = models.TextField(
        _("alasan koreksi/pembatalan"),
        blank=True,
        help_text=_("Mengapa entri ini mengoreksi atau membatalkan entri lain."),
    )
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verifikator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("waktu verifikasi"), null=True, blank=True)
    kind = models.CharField(_("jenis entri"), max_length=20, choices=Kind.choices, default=Kind.ORIGINAL)
    amends = models.ForeignKey(
        "self",
        verbose_name=_("mengoreksi entri"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    created_at = models.DateTimeField(_("dicatat pada"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # "organiser|certificate number", normalised (see certificate_key()); kept by save().
    certificate_key = models.CharField(_("kunci sertifikat"), max_length=520, blank=True, editable=False)
    # True on the one entry that currently counts for its certificate (kept by ledger.services.posting).
    holds_certificate = models.BooleanField(_("memegang nomor sertifikat"), default=False, editable=False)

    class Meta:
        verbose_name = _("entri JP")
        verbose_name_plural = _("entri JP")
        ordering = ["-start_date", "-id"]
        permissions = [("verify_entry", _("Dapat memverifikasi entri JP"))]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "source", "source_ref"],
                condition=~Q(source_ref=""),
                name="ledger_entry_idempotent_source",
            ),
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="ledger_entry_dates"),
            models.UniqueConstraint(
                fields=["employee", "certificate_key"],
                condition=Q(holds_certificate=True),
                name="ledger_entry_certificate_counts_once",
            ),
        ]
        indexes = [models.Index(fields=["status", "start_date"]), models.Index(fields=["employee", "start_date"])]

    def __str__(self):
        return f"{self.title} ({self.start_date})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            stored = type(self).objects.filter(pk=self.pk).values(*JP_FIELDS).first()
            if stored is not None:
                changed = [name for name in JP_FIELDS if stored[name] != getattr(self, name)]
                if changed:
                    raise ValidationError(
                        _("Entri JP tidak boleh diubah (%(fields)s); catat koreksi sebagai entri baru.")
                        % {"fields": ", ".join(changed)}
                    )
        self.certificate_key = certificate_key(self.organiser, self.certificate_no)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"organiser", "certificate_no"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "certificate_key"}
        super().save(*args, **kwargs)

    def activity(self):
        return engine.Activity(
            form=self.form,
            start_date=self.start_date,
            end_date=self.end_date,
            quantity=self.quantity,
            unit=self.unit,
            scope=self.scope,
            stated_jp=self.stated_jp,
            title=self.title,
            certificate_no=self.certificate_no,
            source_ref=self.source_ref,
            ref=self.pk,
        )


class AuditLog(models.Model):
    """Every change to the ledger: who, when, what, before and after."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oleh"), null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    action = models.CharField(_("tindakan"), max_length=40)
    entry = models.ForeignKey(
        Entry, verbose_name=_("entri"), null=True, blank=True, on_delete=models.PROTECT, related_name="audit"
    )
    before = models.JSONField(_("sebelum"), null=True, blank=True)
    after = models.JSONField(_("sesudah"), null=True, blank=True)

    class Meta:
        verbose_name = _("log audit buku JP")
        verbose_name_plural = _("log audit buku JP")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class Notification(models.Model):
    """Tells an employee what happened to one of their entries (listed on JP saya, also e-mailed)."""

    class Kind(models.TextChoices):
        VERIFIED = "verified", _("terverifikasi")
        REJECTED = "rejected", _("ditolak")
        CORRECTED = "corrected", _("dikoreksi")
        REVERSED = "reversed", _("dibatalkan")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="jp_notifications"
    )
    entry = models.ForeignKey(Entry, verbose_name=_("entri"), on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("alasan"), blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("pemberitahuan JP")
        verbose_name_plural = _("pemberitahuan JP")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.user_id}: {self.kind} {self.entry_id}"


class YearSummary(models.Model):
    """One employee's counted JP in one calendar year under one rulebook, kept by ledger.services.

    A derived table (never edited by hand): every ledger write recomputes the employee's rows for the affected
    years, and editing a rule or rulebook deletes that rulebook's rows (see `SummaryCoverage`). A row exists for
    every employee with at least one counted entry in the year once the (rulebook, year) is covered; `entries`
    holds the engine's results in a compact, language-neutral form (explanations are rendered when shown).
    """

    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="jp_year_summaries",
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    rulebook = models.ForeignKey(
        Rulebook, verbose_name=_("peraturan"), on_delete=models.CASCADE, related_name="year_summaries"
    )
    total_jp = models.DecimalField(_("JP dihitung"), max_digits=12, decimal_places=2)
    classical = models.DecimalField(_("klasikal & belajar mandiri"), max_digits=12, decimal_places=2)
    guidance = models.DecimalField(_("bimbingan"), max_digits=12, decimal_places=2)
    workplace = models.DecimalField(_("terintegrasi di tempat kerja"), max_digits=12, decimal_places=2)
    entries = models.JSONField(_("hasil per entri"), default=list)
    by_month = models.JSONField(_("JP per bulan"), default=dict)
    computed_at = models.DateTimeField(_("dihitung pada"), auto_now=True)

    class Meta:
        verbose_name = _("ringkasan JP tahunan")
        verbose_name_plural = _("ringkasan JP tahunan")
        constraints = [
            models.UniqueConstraint(fields=["employee", "year", "rulebook"], name="ledger_yearsummary_one"),
        ]
        indexes = [models.Index(fields=["rulebook", "year"])]

    def __str__(self):
        return f"{self.employee_id} {self.year} {self.rulebook_id}: {self.total_jp}"


class SummaryCoverage(models.Model):
    """(rulebook, year) pairs whose `YearSummary` rows are complete and maintained on every ledger write."""

    rulebook = models.ForeignKey(Rulebook, on_delete=models.CASCADE, related_name="summary_coverage")
    year = models.PositiveSmallIntegerField()
    built_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cakupan ringkasan JP")
        verbose_name_plural = _("cakupan ringkasan JP")
        constraints = [models.UniqueConstraint(fields=["rulebook", "year"], name="ledger_summarycoverage_one")]

    def __str__(self):
        return f"{self.rulebook_id} {self.year}"
