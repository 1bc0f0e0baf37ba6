"""Level 2 – learning (Banjarbaru Perwali 23/2025 art. 30(1)(e)): a course's pre-test and post-test, each one of
the course's existing assessments — a quiz block of a lesson or an H5P activity used in a lesson."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class AssessmentKind(models.TextChoices):
    QUIZ = "quiz", _("Kuis pelajaran")
    H5P = "h5p", _("Aktivitas H5P")


def _assessment(kind_label, lesson_label, block_label, activity_label):
    """The columns naming one assessment: its kind, lesson, and the quiz block id or the H5P activity."""
    return (
        models.CharField(kind_label, max_length=10, choices=AssessmentKind.choices),
        models.ForeignKey("courses.LessonPage", verbose_name=lesson_label, on_delete=models.CASCADE, related_name="+"),
        models.CharField(
            block_label,
            max_length=64,
            blank=True,
            help_text=_("Untuk kuis: id blok kuis pada pelajaran (kosong = kuis pertama pelajaran)."),
        ),
        models.ForeignKey(
            "courses.H5PActivity",
            verbose_name=activity_label,
            null=True,
            blank=True,
            on_delete=models.CASCADE,
            related_name="+",
        ),
    )


class PrePostPair(models.Model):
    """A pre-test / post-test pair of one course: learning gain is the post-test score minus the pre-test score."""

    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("kursus"), on_delete=models.CASCADE, related_name="prepost_pairs"
    )
    title = models.CharField(_("nama pasangan"), max_length=200, default=_("Pre-test dan post-test"))
    pre_kind, pre_lesson, pre_block_id, pre_activity = _assessment(
        _("jenis pre-test"), _("pelajaran pre-test"), _("id blok kuis pre-test"), _("aktivitas H5P pre-test")
    )
    post_kind, post_lesson, post_block_id, post_activity = _assessment(
        _("jenis post-test"), _("pelajaran post-test"), _("id blok kuis post-test"), _("aktivitas H5P post-test")
    )

    panels = [
        FieldPanel("course"),
        FieldPanel("title"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pre_kind"), FieldPanel("pre_lesson")]),
                FieldPanel("pre_block_id"),
                FieldPanel("pre_activity"),
            ],
            heading=_("Pre-test"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("post_kind"), FieldPanel("post_lesson")]),
                FieldPanel("post_block_id"),
                FieldPanel("post_activity"),
            ],
            heading=_("Post-test"),
        ),
    ]

    class Meta:
        verbose_name = _("pasangan pre-test/post-test")
        verbose_name_plural = _("pasangan pre-test/post-test")
        ordering = ["course", "id"]
        constraints = [models.UniqueConstraint(fields=["course", "title"], name="eval_prepost_title")]

    def __str__(self):
        return f"{self.course}: {self.title}"

    def assessment(self, which):
        """(kind, lesson, block id or activity) of "pre" or "post"."""
        kind = getattr(self, f"{which}_kind")
        ref = getattr(self, f"{which}_block_id") if kind == AssessmentKind.QUIZ else getattr(self, f"{which}_activity")
        return kind, getattr(self, f"{which}_lesson"), ref

    def clean(self):
        super().clean()
        errors = {}
        for which in ("pre", "post"):
            errors.update(self._check(which))
        if not errors and self.assessment("pre") == self.assessment("post"):
            errors["post_lesson"] = _("Pre-test dan post-test harus dua penilaian yang berbeda.")
        if errors:
            raise ValidationError(errors)

    def _check(self, which):
        """Fill a missing quiz block id with the lesson's first quiz; errors of one side, by field."""
        kind = getattr(self, f"{which}_kind")
        lesson = getattr(self, f"{which}_lesson", None) if getattr(self, f"{which}_lesson_id") else None
        if lesson is None or not kind:
            return {}
        if self.course_id and lesson.course.pk != self.course_id:
            return {f"{which}_lesson": _("Pelajaran ini bukan bagian dari kursus yang dipilih.")}
        if kind == AssessmentKind.QUIZ:
            setattr(self, f"{which}_activity", None)
            blocks = [block_id for block_id, _value in lesson.blocks_of("quiz")]
            block_id = getattr(self, f"{which}_block_id") or (blocks[0] if blocks else "")
            if block_id not in blocks:
                return {f"{which}_block_id": _("Pelajaran ini tidak memiliki kuis dengan id tersebut.")}
            setattr(self, f"{which}_block_id", block_id)
            return {}
        setattr(self, f"{which}_block_id", "")
        activity_id = getattr(self, f"{which}_activity_id")
        if activity_id not in {a.pk for a in lesson.h5p_activities()}:
            return {f"{which}_activity": _("Pilih aktivitas H5P yang dipakai pada pelajaran ini.")}
        return {}
