"""Level 1 – reaction (Banjarbaru Perwali 23/2025 art. 30(1)(d)): question sets the CLO edits, attached to the
activities participants answer them for, and one response per participant per activity.

A set is attached to an activity by a `SurveyTarget` row holding exactly one of four nullable foreign keys (a
course, a CoP session, a learning programme, an external activity's ledger entry) — see docs/adr/0016. An activity
without its own row uses the set marked default for its kind; the row is made when the first answer comes in."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable


class TargetKind(models.TextChoices):
    """What a question set is answered about; the value is also the URL segment of its pages."""

    COURSE = "kursus", _("Kursus")
    COP_SESSION = "sesi", _("Sesi komunitas belajar")
    PROGRAMME = "program", _("Program pembelajaran")
    EXTERNAL = "kegiatan", _("Kegiatan eksternal")


# the SurveyTarget column of each kind
TARGET_FIELDS = {
    TargetKind.COURSE: "course",
    TargetKind.COP_SESSION: "cop_session",
    TargetKind.PROGRAMME: "programme",
    TargetKind.EXTERNAL: "entry",
}

LIKERT_LABELS = [
    _("Sangat tidak setuju"),
    _("Tidak setuju"),
    _("Ragu-ragu"),
    _("Setuju"),
    _("Sangat setuju"),
]


class QuestionSet(ClusterableModel):
    """A reaction questionnaire: ordered Likert, single-choice and free-text questions."""

    title = models.CharField(_("nama set pertanyaan"), max_length=200)
    intro = models.CharField(_("judul formulir"), max_length=300, blank=True, help_text=_("Tampil di atas formulir."))
    default_for = models.CharField(
        _("bawaan untuk"),
        max_length=20,
        choices=TargetKind.choices,
        blank=True,
        help_text=_("Dipakai semua kegiatan jenis ini yang tidak diberi set sendiri (satu set bawaan per jenis)."),
    )
    active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("intro"),
        FieldPanel("default_for"),
        FieldPanel("active"),
        InlinePanel("questions", heading=_("Pertanyaan"), label=_("pertanyaan"), min_num=1),
    ]

    class Meta:
        verbose_name = _("set pertanyaan reaksi")
        verbose_name_plural = _("set pertanyaan reaksi")
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(fields=["default_for"], condition=~Q(default_for=""), name="eval_one_default_set")
        ]

    def __str__(self):
        return self.title


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Skala Likert 1–5")
    CHOICE = "choice", _("Pilihan tunggal")
    TEXT = "text", _("Isian bebas")


class Question(Orderable):
    """One question of a set. Likert answers are 1–5 (optional labels: five lines); choice answers one of the
    option lines; text answers are free (shown without names in the results)."""

    question_set = ParentalKey(QuestionSet, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("jenis"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.LIKERT)
    text = models.CharField(_("pertanyaan"), max_length=300)
    options = models.TextField(
        _("pilihan / label skala"),
        blank=True,
        help_text=_(
            "Pilihan tunggal: satu pilihan per baris. Likert: boleh lima label (1 sampai 5), satu per baris; "
            "kosong = sangat tidak setuju … sangat setuju."
        ),
    )
    required = models.BooleanField(_("wajib diisi"), default=True)
    key = models.SlugField(_("kode"), max_length=40, blank=True, help_text=_("Kode tetap untuk ekspor (opsional)."))

    panels = [FieldPanel("kind"), FieldPanel("text"), FieldPanel("options"), FieldPanel("required"), FieldPanel("key")]

    class Meta(Orderable.Meta):
        verbose_name = _("pertanyaan")
        verbose_name_plural = _("pertanyaan")

    def __str__(self):
        return self.text

    @property
    def option_list(self):
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    def scale_labels(self):
        """The five Likert labels, (value, label) from 1 to 5."""
        labels = self.option_list if len(self.option_list) == 5 else [str(label) for label in LIKERT_LABELS]
        return list(enumerate(labels, start=1))

    def clean(self):
        super().clean()
        if self.kind == QuestionKind.CHOICE and len(self.option_list) < 2:
            raise ValidationError({"options": _("Pertanyaan pilihan tunggal memerlukan paling sedikit dua pilihan.")})
        if self.kind == QuestionKind.LIKERT and self.option_list and len(self.option_list) != 5:
            raise ValidationError({"options": _("Skala Likert memerlukan tepat lima label, atau kosongkan.")})


class SurveyTarget(models.Model):
    """The activity a question set is answered about: exactly one of the four foreign keys is set."""

    question_set = models.ForeignKey(
        QuestionSet, verbose_name=_("set pertanyaan"), on_delete=models.PROTECT, related_name="targets"
    )
    course = models.OneToOneField(
        "courses.CoursePage",
        verbose_name=_("kursus"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reaction_target",
    )
    cop_session = models.OneToOneField(
        "communities.CopSession",
        verbose_name=_("sesi komunitas belajar"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reaction_target",
    )
    programme = models.OneToOneField(
        "planning.LearningProgramme",
        verbose_name=_("program pembelajaran"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reaction_target",
    )
    entry = models.OneToOneField(
        "ledger.Entry",
        verbose_name=_("kegiatan eksternal (entri JP)"),
        null=True,
        blank=True,
        limit_choices_to={"source": "external", "kind": "original"},
        on_delete=models.CASCADE,
        related_name="reaction_target",
    )
    created_at = models.DateTimeField(_("dibuat pada"), default=timezone.now)

    panels = [
        FieldPanel("question_set"),
        FieldPanel("course"),
        FieldPanel("cop_session"),
        FieldPanel("programme"),
        FieldPanel("entry"),
    ]

    class Meta:
        verbose_name = _("penugasan survei reaksi")
        verbose_name_plural = _("penugasan survei reaksi")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(course__isnull=False, cop_session=None, programme=None, entry=None)
                    | Q(course=None, cop_session__isnull=False, programme=None, entry=None)
                    | Q(course=None, cop_session=None, programme__isnull=False, entry=None)
                    | Q(course=None, cop_session=None, programme=None, entry__isnull=False)
                ),
                name="eval_target_exactly_one",
            )
        ]

    def __str__(self):
        return f"{self.question_set} — {self.obj}"

    @property
    def kind(self):
        for kind, field in TARGET_FIELDS.items():
            if getattr(self, f"{field}_id") is not None:
                return kind
        return None

    @property
    def obj(self):
        kind = self.kind
        return getattr(self, TARGET_FIELDS[kind]) if kind else None

    @property
    def object_id(self):
        kind = self.kind
        return getattr(self, f"{TARGET_FIELDS[kind]}_id") if kind else None

    def clean(self):
        super().clean()
        if sum(getattr(self, f"{field}_id") is not None for field in TARGET_FIELDS.values()) != 1:
            raise ValidationError(
                _("Pilih tepat satu kegiatan: kursus, sesi komunitas, program atau kegiatan eksternal.")
            )
        if self.pk and self.responses.exists():
            stored = SurveyTarget.objects.filter(pk=self.pk).values_list("question_set_id", flat=True).first()
            if stored != self.question_set_id:
                raise ValidationError(_("Survei ini sudah dijawab; set pertanyaannya tidak dapat diganti."))


class Response(models.Model):
    """One participant's answers about one activity (one per participant per activity)."""

    target = models.ForeignKey(SurveyTarget, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField(_("dikirim pada"), default=timezone.now)

    class Meta:
        verbose_name = _("jawaban survei reaksi")
        verbose_name_plural = _("jawaban survei reaksi")
        constraints = [models.UniqueConstraint(fields=["target", "respondent"], name="eval_one_response")]
        indexes = [models.Index(fields=["submitted_at"])]

    def __str__(self):
        return f"{self.target_id}: {self.respondent_id}"


class Answer(models.Model):
    """The answer to one question: `number` 1–5 for Likert, `text` the option chosen or the free text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="eval_one_answer"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=1, number__lte=5), name="eval_likert_range"
            ),
        ]

    def __str__(self):
        return f"{self.question_id}: {self.number or self.text[:30]}"
