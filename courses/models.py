"""Courses: catalogue, course and lesson pages, H5P activities, enrolments, progress, xAPI, certificates."""

import json
import re
import uuid
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.blocks import SnippetChooserBlock

from corpu import page_cache, user_cache
from corpu.access import filter_visible, refuse
from corpu.choices import Competency
from corpu.models import AccessControlled, AccessControlledPage, OpenPage
from corpu.routing import ChildRoute
from corpu.storage import private_storage
from ledger.engine import FORM_NAMES, FORMS

from .h5p.admin_forms import RecheckNotePanel
from .h5p.install import prepare_upload
from .h5p.install import remove as remove_files
from .h5p.package import H5PValidationError, Limits
from .package_files import PackageFiles

LIBRARY_FOLDER = re.compile(r"^([A-Za-z][\w.-]*)-(\d+)\.(\d+)$")


class DeliveryModel(models.TextChoices):
    """Balangan Perbup 68/2025 art. 25: MOOC, flipped classroom, blended, classroom."""

    MOOC = "mooc", _("MOOC (daring, belajar mandiri)")  # who may enrol is the access level's badge
    FLIPPED = "flipped", _("Flipped classroom")
    BLENDED = "blended", _("Blended learning")
    CLASSROOM = "classroom", _("Pembelajaran klasikal")


class EnrolmentMode(models.TextChoices):
    OPEN = "open", _("Daftar mandiri")
    APPROVAL = "approval", _("Dengan persetujuan")
    ASSIGNED = "assigned", _("Ditugaskan CLO")


class CompletionRule(models.TextChoices):
    SCORE = "score", _("Skor mencapai nilai lulus")
    COMPLETED = "completed", _("Aktivitas diselesaikan")


SCORED_LIBRARIES = frozenset(
    {
        "H5P.CorpUTrueFalse",
        "H5P.CorpUMultipleChoice",
        "H5P.TrueFalse",
        "H5P.MultiChoice",
        "H5P.SingleChoiceSet",
        "H5P.Blanks",
        "H5P.MarkTheWords",
        "H5P.DragText",
        "H5P.QuestionSet",
        "H5P.DragQuestion",
        "H5P.Summary",
    }
)


def default_completion_rule(main_library):
    """Question types are passed by score; other content (accordion, book, video, ...) by being completed."""
    return CompletionRule.SCORE if main_library in SCORED_LIBRARIES else CompletionRule.COMPLETED


class H5PActivity(PackageFiles, AccessControlled, index.Indexed, models.Model):
    """An uploaded `.h5p` package, validated and stored extracted in private storage."""

    title = models.CharField(_("judul"), max_length=255)
    package = models.FileField(_("paket .h5p"), storage=private_storage, upload_to="h5p/packages/")
    main_library = models.CharField(_("pustaka utama"), max_length=120, editable=False)
    folder = models.CharField(max_length=120, editable=False, help_text="Extracted under PRIVATE_MEDIA_ROOT.")
    completion_rule = models.CharField(
        _("syarat selesai"),
        max_length=20,
        choices=CompletionRule.choices,
        blank=True,
        help_text=_("Kosong: dipilih menurut jenis konten (soal dinilai dari skor, konten lain dari selesainya)."),
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    libraries = models.ManyToManyField(
        "H5PLibrary",
        blank=True,
        editable=False,
        related_name="activities",
        help_text="The library versions its player loads: h5p.json's dependencies and theirs.",
    )

    system_upload = False  # set by trusted code (demo seeding): installs libraries as an administrator would
    upload_warnings = ()  # after saving a new package: what was left out of it, for the uploader

    panels = [
        FieldPanel("title"),
        FieldPanel("package"),
        FieldPanel("completion_rule"),
        *AccessControlled.access_panels,
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        *AccessControlled.access_search_fields,
    ]

    class Meta:
        verbose_name = _("aktivitas H5P")
        verbose_name_plural = _("aktivitas H5P")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Store the package and its files; a failure at any step leaves no file or folder behind."""
        if not self._new_upload():
            return super().save(*args, **kwargs)
        upload = getattr(self, "_upload", None) or self._prepared_upload()
        self._upload = None
        previous = H5PActivity.objects.filter(pk=self.pk).values_list("package", "folder").first() if self.pk else None
        try:
            upload.stage()
            with transaction.atomic():
                super().save(*args, **kwargs)
                self.main_library = upload.package.main_library
                self.completion_rule = self.completion_rule or default_completion_rule(self.main_library)
                self.folder = upload.publish(self.pk, self.uploaded_by)
                super().save(update_fields=["main_library", "completion_rule", "folder"])
                self.libraries.set(upload.needs)
            self.upload_warnings = upload.warnings
        except H5PValidationError as error:
            self._discard(upload)
            raise ValidationError({"package": error.errors}) from None
        except BaseException:
            self._discard(upload)
            raise
        transaction.on_commit(partial(remove_files, *upload.replaced, *(previous or ())))

    def _discard(self, upload):
        upload.discard()
        self._drop_stored_package()

    def clean(self):
        """Refuse a hostile or broken package, or one bringing libraries the uploader may not install."""
        super().clean()
        if self._new_upload():
            self._upload = self._prepared_upload()

    def may_install_libraries(self):
        """Trusted code (demo seeding) or an uploader holding `courses.install_h5p_library` (CLO, admins)."""
        user = self.uploaded_by
        return self.system_upload or (user is not None and user.has_perm("courses.install_h5p_library"))

    def _prepared_upload(self):
        try:
            return prepare_upload(self.package.file, self.may_install_libraries())
        except H5PValidationError as error:
            raise ValidationError({"package": error.errors}) from None
        finally:
            self.package.file.seek(0)

    def file_path(self, relative):
        """Absolute path of a file of the player: folders of the library versions it loads come from the registry
        (no other version, nor another activity's library), the rest from the activity's own folder; None when it
        would leave that folder."""
        top, _slash, inner = relative.partition("/")
        lookup = H5PLibrary.folder_lookup(top)
        library = self.libraries.filter(**lookup).first() if lookup else None
        root_name, inner = (library.folder, inner) if library else (self.folder, relative)
        if not root_name:
            return None
        root = Path(private_storage.path(root_name)).resolve()
        target = (root / inner).resolve()
        return target if target.is_relative_to(root) and target.is_file() else None


class H5PLibrary(models.Model):
    """An installed H5P library (JavaScript every learner runs): one row per machine name and major.minor."""

    machine_name = models.CharField(_("nama mesin"), max_length=120)
    major_version = models.PositiveIntegerField(_("versi mayor"))
    minor_version = models.PositiveIntegerField(_("versi minor"))
    patch_version = models.PositiveIntegerField(_("versi patch"))
    title = models.CharField(_("judul"), max_length=255, blank=True)
    folder = models.CharField(max_length=200, help_text="Extracted under PRIVATE_MEDIA_ROOT.")
    installed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("dipasang oleh")
    )
    installed_at = models.DateTimeField(_("dipasang pada"), default=timezone.now)
    requires = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="required_by", help_text="Its preloadedDependencies."
    )

    class Meta:
        verbose_name = _("pustaka H5P")
        verbose_name_plural = _("pustaka H5P")
        ordering = ["machine_name", "major_version", "minor_version"]
        permissions = [("install_h5p_library", _("Dapat memasang pustaka H5P baru atau versi barunya"))]
        constraints = [
            models.UniqueConstraint(
                fields=["machine_name", "major_version", "minor_version"], name="unique_h5p_library_version"
            )
        ]

    def __str__(self):
        return f"{self.machine_name} {self.version_label}"

    @property
    def version(self):
        return (self.major_version, self.minor_version, self.patch_version)

    @property
    def version_label(self):
        return ".".join(map(str, self.version))

    @property
    def folder_name(self):
        """The folder name packages and the player use, e.g. "H5P.MultiChoice-1.16"."""
        return f"{self.machine_name}-{self.major_version}.{self.minor_version}"

    @staticmethod
    def folder_lookup(name):
        """Field lookups of the version a player folder name ("H5P.Foo-1.0") names, or None."""
        match = LIBRARY_FOLDER.match(name)
        if match is None:
            return None
        machine, major, minor = match.groups()
        return {"machine_name": machine, "major_version": int(major), "minor_version": int(minor)}

    @classmethod
    def for_folders(cls, names):
        """The installed versions named by folder names; names of versions not installed are left out."""
        query = models.Q(pk__in=[])
        for lookup in filter(None, map(cls.folder_lookup, names)):
            query |= models.Q(**lookup)
        return cls.objects.filter(query)

    @classmethod
    def closure(cls, libraries):
        """Primary keys of `libraries` and of everything they preload, however deep."""
        found = {library.pk for library in libraries}
        frontier = set(found)
        while frontier:
            edges = cls.requires.through.objects.filter(from_h5plibrary__in=frontier)
            frontier = set(edges.values_list("to_h5plibrary", flat=True)) - found
            found |= frontier
        return found

    def share_dependencies(self):
        """After a new patch: every activity that loads this version also loads what it now preloads."""
        link = H5PActivity.libraries.through
        needed = self.closure([self])
        rows = [
            link(h5pactivity_id=activity, h5plibrary_id=library)
            for activity in self.activities.values_list("pk", flat=True)
            for library in needed
        ]
        link.objects.bulk_create(rows, ignore_conflicts=True)

    def semantics(self):
        """The library's semantics.json (a list of fields), or None when it has none."""
        path = Path(private_storage.path(self.folder)) / "semantics.json"
        if not path.is_file() or path.stat().st_size > Limits.from_settings().max_json_bytes:
            return None
        try:
            return json.loads(path.read_text("utf-8-sig"))
        except ValueError:
            return None


class CourseCatalogPage(ChildRoute, OpenPage, Page):
    """The course catalogue: lists the courses a visitor may see."""

    intro = RichTextField(_("pengantar"), blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("katalog kursus")

    def __str__(self):
        return self.title

    @classmethod
    def child_queryset(cls):
        return CoursePage.objects.all()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        courses = CoursePage.objects.child_of(self).live().order_by("title")
        delivery = request.GET.get("model")
        if delivery in DeliveryModel.values:
            courses = courses.filter(delivery_model=delivery)
        context["courses"] = filter_visible(courses, request.user)
        context["delivery_models"] = DeliveryModel.choices
        context["selected_model"] = delivery
        # the cards are the same for one audience: cached until a page changes (corpu/page_cache.py)
        context["cards_key"] = page_cache.fragment_key(
            "course-catalogue", request.user, self.pk, delivery if delivery in DeliveryModel.values else ""
        )
        context["page_cache_seconds"] = settings.PAGE_CACHE_SECONDS
        return context


class CoursePage(ChildRoute, AccessControlledPage):
    """A course: its delivery model, JP value and the ledger form its completion counts as."""

    summary = models.TextField(_("ringkasan"), blank=True)
    description = RichTextField(_("deskripsi"), blank=True)
    delivery_model = models.CharField(
        _("model pembelajaran"), max_length=12, choices=DeliveryModel.choices, default=DeliveryModel.MOOC
    )
    jp_value = models.DecimalField(_("nilai JP"), max_digits=5, decimal_places=1, default=2)
    ledger_form = models.CharField(
        _("bentuk pengembangan kompetensi"),
        max_length=40,
        choices=[(code, FORM_NAMES[code]) for code in FORMS],
        default="e_learning",
        help_text=_("Bentuk kegiatan di buku JP saat kursus selesai."),
    )
    competency = models.CharField(_("jenis kompetensi"), max_length=20, choices=Competency.choices, blank=True)
    target_audience = models.CharField(_("sasaran peserta"), max_length=255, blank=True)
    enrolment_mode = models.CharField(
        _("cara pendaftaran"), max_length=10, choices=EnrolmentMode.choices, default=EnrolmentMode.OPEN
    )
    capacity = models.PositiveIntegerField(_("kapasitas"), null=True, blank=True, help_text=_("Kosong = tak terbatas"))
    pass_mark = models.PositiveSmallIntegerField(
        _("nilai lulus aktivitas (%)"), default=70, help_text=_("Skor minimal aktivitas H5P/kuis agar dianggap lulus.")
    )
    facilitators = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("fasilitator"), blank=True, related_name="courses_facilitated"
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("delivery_model"),
                FieldPanel("jp_value"),
                FieldPanel("ledger_form"),
                FieldPanel("competency"),
                FieldPanel("target_audience"),
            ],
            heading=_("Kursus"),
        ),
        MultiFieldPanel(
            [FieldPanel("enrolment_mode"), FieldPanel("capacity"), FieldPanel("pass_mark"), FieldPanel("facilitators")],
            heading=_("Peserta"),
        ),
        InlinePanel("sessions", heading=_("Jadwal sesi"), label=_("sesi")),
    ]
    search_fields = AccessControlledPage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("delivery_model"),
        index.FilterField("competency"),
    ]
    parent_page_types = ["courses.CourseCatalogPage"]
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("kursus")
        verbose_name_plural = _("kursus")

    def __str__(self):
        return self.title

    @classmethod
    def child_queryset(cls):
        return LessonPage.objects.all()

    def lessons(self):
        return LessonPage.objects.child_of(self).live().order_by("path")

    def get_context(self, request, *args, **kwargs):
        from evaluation.services.reaction import survey_state

        from .services import course_progress
        from .services.outline import course_outline
        from .services.progress import PROGRESS

        context = super().get_context(request, *args, **kwargs)
        user = request.user
        mine = user_cache.keys(PROGRESS, user, [self.pk])  # read with the outline and the menu
        context["outline"] = outline = course_outline(self, request, also=mine)
        found = getattr(request, "page_cache_found", None)
        context["progress"] = progress = course_progress(user, self, outline.lessons, cached=True, found=found)
        context["can_facilitate"] = user.is_authenticated and (
            user.pk in outline.facilitator_ids or user.has_perm("courses.change_enrolment")
        )
        # the reaction survey (evaluation level 1) is offered once the course is completed
        context["reaction"] = survey_state(user, self) if progress["completed"] else None
        return context


class CourseSession(Orderable):
    """A scheduled meeting of a flipped, blended or classroom course."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("judul sesi"), max_length=200)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    online_link = models.URLField(_("tautan daring"), blank=True)
    prework = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("pra-kerja"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Pelajaran yang wajib selesai sebelum sesi (flipped classroom)."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
        FieldPanel("place"),
        FieldPanel("online_link"),
        FieldPanel("prework"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("sesi")


class LiveSessionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("judul"))
    starts_at = blocks.DateTimeBlock(label=_("mulai"))
    link = blocks.URLBlock(label=_("tautan konferensi video"))

    class Meta:
        icon = "link"
        label = _("Sesi langsung")


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("pilihan"))
    correct = blocks.BooleanBlock(label=_("benar"), required=False)


class QuestionBlock(blocks.StructBlock):
    """One quiz question: multiple choice, true/false or short answer."""

    kind = blocks.ChoiceBlock(
        choices=[("mc", _("Pilihan ganda")), ("tf", _("Benar/salah")), ("short", _("Isian singkat"))],
        label=_("jenis"),
    )
    text = blocks.CharBlock(label=_("pertanyaan"))
    choices = blocks.ListBlock(ChoiceBlock(), label=_("pilihan (pilihan ganda)"), required=False, default=[])
    answer_true = blocks.BooleanBlock(label=_("pernyataan benar (benar/salah)"), required=False)
    accepted = blocks.CharBlock(
        label=_("jawaban diterima (isian)"), required=False, help_text=_("Pisahkan beberapa jawaban dengan ;")
    )


class QuizBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("judul kuis"))
    questions = blocks.ListBlock(QuestionBlock(), label=_("pertanyaan"))
    max_attempts = blocks.IntegerBlock(label=_("batas percobaan"), default=3, min_value=1)

    class Meta:
        icon = "help"
        label = _("Kuis")


class AssignmentBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("judul tugas"))
    instructions = blocks.RichTextBlock(label=_("petunjuk"))

    class Meta:
        icon = "doc-full"
        label = _("Tugas (unggah berkas, dinilai fasilitator)")


def lesson_blocks():
    return [
        ("text", blocks.RichTextBlock(label=_("Teks"))),
        ("video", EmbedBlock(label=_("Video"))),
        ("document", DocumentChooserBlock(label=_("Dokumen"))),
        ("h5p", SnippetChooserBlock("courses.H5PActivity", label=_("Aktivitas H5P"))),
        ("scorm", SnippetChooserBlock("courses.ScormPackage", label=_("Paket SCORM"))),
        ("quiz", QuizBlock()),
        ("assignment", AssignmentBlock()),
        ("live_session", LiveSessionBlock()),
        ("discussion", blocks.URLBlock(label=_("Tautan diskusi komunitas"))),
    ]


GRADED_BLOCKS = {"h5p", "scorm", "quiz", "assignment", "live_session"}


class LessonPage(Page):
    """A lesson (module) of a course; access follows its course."""

    body = StreamField(lesson_blocks(), verbose_name=_("isi"), blank=True)
    required = models.BooleanField(_("wajib"), default=True)
    duration_minutes = models.PositiveSmallIntegerField(_("durasi (menit)"), default=15)

    content_panels = Page.content_panels + [
        RecheckNotePanel(),
        FieldPanel("body"),
        FieldPanel("required"),
        FieldPanel("duration_minutes"),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("pelajaran")
        verbose_name_plural = _("pelajaran")

    def __str__(self):
        return self.title

    @cached_property
    def course(self):
        return CoursePage.objects.get(path=self.path[: -self.steplen])  # the parent, in one query

    def h5p_activities(self):
        return [block.value for block in self.body if block.block_type == "h5p"]

    def blocks_of(self, kind):
        """The (block id, value) pairs of one gradeable kind: quiz, assignment or live_session."""
        return [(block.id, block.value) for block in self.body if block.block_type == kind]

    @property
    def completes_itself(self):
        """Lessons with activities, quizzes, assignments or live sessions complete when all are satisfied."""
        return any(block.block_type in GRADED_BLOCKS for block in self.body)

    def may_open(self, user):
        """Whoever may open the course opens its lessons; enrolment only records progress, quizzes and tasks."""
        return self.course.may_open(user)

    def permissions_for_user(self, user):
        """The admin's permission tester, which refuses a lesson of a course hidden from the user."""
        from corpu.admin_access import PolicyPageTester

        return PolicyPageTester(user, self)

    def serve(self, request, *args, **kwargs):
        if not self.may_open(request.user):
            return refuse(request)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .player import frame_origin, frame_sandbox, frame_url, origin_of
        from .scorm.services import launch as scorm_launch
        from .services import course_progress, lesson_state, open_activities, saved_states
        from .services.home import lesson_after

        context = super().get_context(request, *args, **kwargs)
        course = self.course
        context["course"] = course
        context["next_lesson"] = lesson_after(self, course)
        context["progress"] = course_progress(request.user, course, cached=True)
        context["enrolment"] = context["progress"]["enrolment"]
        site = origin_of(request)
        context["h5p_players"] = {
            activity.pk: {
                "frame": frame_url(request.user, activity, attempt, request),
                "attempt": attempt,
                "sandbox": frame_sandbox(site),
                "origin": frame_origin(site),
            }
            for activity, attempt in open_activities(request.user, self).items()
        }
        context["h5p_states"] = saved_states(request.user, self.h5p_activities())
        context["block_state"] = lesson_state(request.user, self)
        context["scorm_players"] = scorm_launch(request, self)
        return context

    def get_sitemap_urls(self, request=None):
        return self.course.get_sitemap_urls(request) and super().get_sitemap_urls(request)


class EnrolmentStatus(models.TextChoices):
    PENDING = "pending", _("menunggu persetujuan")
    ACTIVE = "active", _("aktif")
    COMPLETED = "completed", _("selesai")
    REJECTED = "rejected", _("ditolak")


class Enrolment(models.Model):
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField(max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE)
    enrolled_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("pendaftaran kursus")
        verbose_name_plural = _("pendaftaran kursus")
        constraints = [models.UniqueConstraint(fields=["course", "user"], name="unique_enrolment")]

    def __str__(self):
        return f"{self.user} — {self.course}"

    @cached_property
    def valid_certificate(self):
        """The enrolment's one valid certificate, or None (none issued yet, or revoked)."""
        return self.certificates.filter(status=CertificateStatus.VALID).first()


class LessonCompletion(models.Model):
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="completions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lesson", "user"], name="unique_lesson_completion")]

    def __str__(self):
        return f"{self.user} — {self.lesson}"


class H5PAttempt(models.Model):
    """An enrolled learner opened an H5P activity in a lesson; its server-issued token must come with every
    xAPI statement of that play, so statements are only accepted for content the learner was given."""

    token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="h5p_attempts")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="h5p_attempts")
    activity = models.ForeignKey(H5PActivity, on_delete=models.CASCADE, related_name="attempts")
    opened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("percobaan aktivitas H5P")
        verbose_name_plural = _("percobaan aktivitas H5P")

    def __str__(self):
        return f"{self.user} — {self.activity} ({self.opened_at:%Y-%m-%d %H:%M})"


class XAPIStatement(models.Model):
    """An xAPI statement an H5P activity posted for a learner (stored once per statement id)."""

    statement_id = models.UUIDField(unique=True, default=uuid.uuid4)
    activity = models.ForeignKey(H5PActivity, on_delete=models.CASCADE, related_name="statements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="xapi_statements")
    attempt = models.ForeignKey(
        H5PAttempt,
        null=True,
        on_delete=models.SET_NULL,
        related_name="statements",
        help_text="Null: stored before attempts existed.",
    )
    verb = models.CharField(max_length=200)
    score_raw = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    score_max = models.DecimalField(max_digits=8, decimal_places=2, null=True)
    success = models.BooleanField(null=True)
    completion = models.BooleanField(null=True)
    reported_score = models.DecimalField(max_digits=5, decimal_places=2, null=True)  # percent, as posted
    checked_score = models.DecimalField(  # percent the server scored from result.response; null: not re-checked
        max_digits=5, decimal_places=2, null=True
    )
    disagrees = models.BooleanField(default=False)  # the posted score differs from the server's: not counted
    statement = models.JSONField()
    stored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["user", "activity"]), models.Index(fields=["activity", "disagrees"])]

    def __str__(self):
        return f"{self.user} {self.verb} {self.activity}"


class H5PResult(models.Model):
    """A learner's best result and saved state for one activity (resume where they left off)."""

    activity = models.ForeignKey(H5PActivity, on_delete=models.CASCADE, related_name="results")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="h5p_results")
    best_score = models.DecimalField(max_digits=5, decimal_places=2, default=0)  # percent
    completed = models.BooleanField(default=False)  # the activity's own `completed` verb or result.completion
    state = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity", "user"], name="unique_h5p_result")]

    def __str__(self):
        return f"{self.user} — {self.activity}: {self.best_score}%"


class QuizAttempt(models.Model):
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="quiz_attempts")
    block_id = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    answers = models.JSONField(default=dict)
    score = models.DecimalField(max_digits=5, decimal_places=2)  # percent
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["lesson", "block_id", "user"])]

    def __str__(self):
        return f"{self.user} — {self.lesson}: {self.score}%"


class AssignmentSubmission(models.Model):
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="submissions")
    block_id = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="submissions")
    file = models.FileField(storage=private_storage, upload_to="courses/assignments/%Y/")
    submitted_at = models.DateTimeField(default=timezone.now)
    grade = models.PositiveSmallIntegerField(null=True, blank=True)
    feedback = models.TextField(blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lesson", "block_id", "user"], name="unique_assignment_submission")
        ]

    def __str__(self):
        return f"{self.user} — {self.lesson}"


class Attendance(models.Model):
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="attendance")
    block_id = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    attended = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lesson", "block_id", "user"], name="unique_attendance")]

    def __str__(self):
        return f"{self.user} — {self.lesson}"


from .certificate_models import (  # noqa: E402, F401  (registered with the courses app)
    Certificate,
    CertificateAudit,
    CertificateSettings,
    CertificateStatus,
    new_certificate_code,
)
from .offline_models import ProcessedRequest  # noqa: E402, F401  (registered with the courses app)
from .scorm.models import ScormAttempt, ScormPackage  # noqa: E402, F401  (registered with the courses app)
