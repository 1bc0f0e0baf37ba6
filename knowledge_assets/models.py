"""Intellectual assets (Aset Intelektual, Balangan Perbup 68/2025 art. 8–16) and their catalogue.

Access always goes through `corpu.access`: the asset page is an `AccessControlledPage`, listings, counts,
feeds and attachments filter with `filter_visible` / `can_view_object`.
Reader activity (ratings, comments, applications, counters) lives in plain models outside page revisions, so
publishing a new revision never rewinds it.
"""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Avg, Count, F, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Orderable, Page, TaskState
from wagtail.models.workflows import AbstractGroupApprovalTask
from wagtail.search import index

from corpu.choices import Competency
from corpu.models import AccessControlledPage, OpenPage, stream_image_ids
from corpu.routing import ChildRoute

from .forms import KnowledgeAssetForm

# Slugs taken by the app's own URLs under /pengetahuan/ (the catalogue page lives there too).
RESERVED_SLUGS = {"feed", "dasbor", "aset"}


class AssetType(models.TextChoices):
    BEST_PRACTICE = "praktik_baik", _("Praktik baik")
    SOP = "sop", _("SOP")
    LESSON_LEARNED = "pembelajaran", _("Pelajaran yang dipetik (lesson learned)")
    CASE_STUDY = "studi_kasus", _("Studi kasus")
    POLICY_BRIEF = "policy_brief", _("Ringkasan kebijakan (policy brief)")
    MODULE = "modul", _("Modul")
    VIDEO = "video", _("Video")
    GUIDE = "panduan", _("Panduan / petunjuk teknis")
    OTHER = "lainnya", _("Lainnya")


class KnowledgeForm(models.TextChoices):
    TACIT = "tacit", _("Tersirat (tacit)")
    EXPLICIT = "eksplisit", _("Eksplisit")


class KnowledgeSource(models.TextChoices):
    INSTITUTION = "instansi", _("Instansi (Koordinator Pembelajaran)")
    KELOMPOK = "kelompok", _("Kelompok keahlian")
    EXTERNAL = "eksternal", _("Eksternal organisasi")


class SourceChannel(models.TextChoices):
    COOPERATION = "kerja_sama", _("Kerja sama individu/organisasi")
    MEETING = "rapat", _("Rapat dan diskusi berkala")
    CIRCULAR = "surat_edaran", _("Surat edaran/surat keputusan")
    INTERNET = "internet", _("Internet")
    MASS_MEDIA = "media_massa", _("Media massa")
    OTHER_MEDIA = "media_lainnya", _("Media informasi lainnya")


class DocumentationMethod(models.TextChoices):
    INTERVIEW = "wawancara", _("Wawancara")
    OBSERVATION = "pengamatan", _("Pengamatan (observasi)")
    FOCUS_GROUP = "dkt", _("Diskusi kelompok terarah")
    LEARNING_COMMUNITY = "komunitas", _("Komunitas belajar")


class TableBlock(blocks.StructBlock):
    """A simple table from core blocks: a caption, a header row and rows of cells."""

    caption = blocks.CharBlock(label=_("Judul tabel"), required=False)
    header = blocks.ListBlock(blocks.CharBlock(label=_("Kolom")), label=_("Baris judul"))
    rows = blocks.ListBlock(
        blocks.ListBlock(blocks.CharBlock(label=_("Sel"), required=False), label=_("Baris")), label=_("Isi tabel")
    )

    class Meta:
        label = _("Tabel")
        icon = "table"
        template = "knowledge_assets/blocks/table.html"


def asset_body_blocks():
    return [
        ("heading", blocks.CharBlock(label=_("Judul bagian"), form_classname="title")),
        ("paragraph", blocks.RichTextBlock(label=_("Paragraf"))),
        # rendered through the access-checked /pengetahuan/aset/<id>/gambar/<image>/ view, never a /media/ URL
        ("image", ImageBlock(label=_("Gambar"), template="knowledge_assets/blocks/image.html")),
        ("document", DocumentChooserBlock(label=_("Dokumen"))),
        ("video", EmbedBlock(label=_("Video tersemat"))),
        ("table", TableBlock()),
        ("quote", blocks.BlockQuoteBlock(label=_("Kutipan"))),
    ]


class CatalogueSequence(models.Model):
    """The last catalogue number given out per year; bumped with an atomic UPDATE (race-safe)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("urutan nomor katalog")

    def __str__(self):
        return f"{self.year}: {self.last}"

    @classmethod
    def next_number(cls, year):
        with transaction.atomic():
            if not cls.objects.filter(year=year).update(last=F("last") + 1):
                try:
                    with transaction.atomic():
                        cls.objects.create(year=year, last=1)
                except IntegrityError:  # another request created the year meanwhile
                    cls.objects.filter(year=year).update(last=F("last") + 1)
            last = cls.objects.get(year=year).last
        return f"AI-{year}-{last:04d}"


class KnowledgeCatalogPage(ChildRoute, OpenPage, Page):
    """The catalogue of intellectual assets: filters, counts and pagination over what the visitor may see."""

    intro = RichTextField(_("pengantar"), blank=True)
    per_page = models.PositiveSmallIntegerField(_("aset per halaman"), default=12)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("per_page")]
    parent_page_types = ["corpu.HomePage"]
    subpage_types = ["knowledge_assets.KnowledgeAssetPage"]
    max_count = 1

    class Meta:
        verbose_name = _("katalog aset pengetahuan")

    only_child_type = True

    @classmethod
    def child_queryset(cls):
        # the imported document's text is never shown; the body is read only when the page's parts are rendered
        return KnowledgeAssetPage.objects.defer("document_text", "body")

    def get_context(self, request, *args, **kwargs):
        from .catalogue import catalogue_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_context(self, request))
        return context


class KnowledgeAssetTag(TaggedItemBase):
    content_object = ParentalKey(
        "knowledge_assets.KnowledgeAssetPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class KnowledgeAssetPage(AccessControlledPage):
    """One intellectual asset: catalogued, classified, abstracted and indexed (art. 11(3))."""

    catalogue_number = models.CharField(
        _("nomor katalog"), max_length=20, unique=True, null=True, blank=True, editable=False
    )
    abstract = models.TextField(_("abstrak"))
    # the text of the imported PDF/DOCX (import_assets): found by search, not shown on the page
    document_text = models.TextField(_("teks dokumen"), blank=True, editable=False)
    body = StreamField(asset_body_blocks(), verbose_name=_("isi"), blank=True)
    asset_type = models.CharField(_("jenis aset"), max_length=20, choices=AssetType.choices, db_index=True)
    knowledge_form = models.CharField(
        _("bentuk pengetahuan"), max_length=10, choices=KnowledgeForm.choices, default=KnowledgeForm.EXPLICIT
    )
    source = models.CharField(
        _("sumber pengetahuan"), max_length=10, choices=KnowledgeSource.choices, default=KnowledgeSource.KELOMPOK
    )
    source_channel = models.CharField(_("saluran sumber"), max_length=20, choices=SourceChannel.choices, blank=True)
    source_detail = models.CharField(
        _("keterangan sumber"), max_length=250, blank=True, help_text=_("Mis. nama mitra, nomor surat edaran.")
    )
    documentation_method = models.CharField(
        _("metode dokumentasi"), max_length=12, choices=DocumentationMethod.choices, blank=True
    )
    competency = models.CharField(
        _("klasifikasi kompetensi"), max_length=20, choices=Competency.choices, default=Competency.TECHNICAL
    )
    authors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("penulis"), blank=True, related_name="knowledge_assets"
    )
    tags = ClusterTaggableManager(through=KnowledgeAssetTag, blank=True, verbose_name=_("tag"))
    review_by = models.DateField(_("tinjau ulang paling lambat"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("digantikan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
        help_text=_("Versi penerus bila aset ini sudah tidak berlaku."),
    )

    base_form_class = KnowledgeAssetForm

    content_panels = Page.content_panels + [
        FieldPanel("abstract"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("Lampiran")),
        MultiFieldPanel(
            [
                FieldPanel("asset_type"),
                FieldPanel("knowledge_form"),
                FieldPanel("competency"),
                FieldPanel("source"),
                FieldPanel("source_channel"),
                FieldPanel("source_detail"),
                FieldPanel("documentation_method"),
                FieldPanel("tags"),
            ],
            heading=_("Klasifikasi"),
        ),
        FieldPanel("authors"),
        FieldPanel("review_by"),
        InlinePanel("related_links", label=_("Aset terkait")),
        FieldPanel("superseded_by"),
    ]
    search_fields = AccessControlledPage.search_fields + [
        index.SearchField("abstract"),
        index.SearchField("body"),
        index.SearchField("document_text"),
        index.SearchField("catalogue_number"),
        index.FilterField("asset_type"),
        index.FilterField("competency"),
        index.FilterField("knowledge_form"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["knowledge_assets.KnowledgeCatalogPage"]
    subpage_types = []
    exclude_fields_in_copy = ["catalogue_number"]

    class Meta:
        verbose_name = _("aset pengetahuan")
        verbose_name_plural = _("aset pengetahuan")

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("Slug ini dipakai oleh sistem; pilih slug lain.")})
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": _("Aset tidak dapat menggantikan dirinya sendiri.")})

    def save(self, *args, **kwargs):
        # Revisions made before the first publish carry no number: keep the one already stored.
        if not self.catalogue_number and self.pk:
            self.catalogue_number = (
                type(self).objects.filter(pk=self.pk).values_list("catalogue_number", flat=True).first()
            )
        if self.live and not self.catalogue_number:
            published = self.first_published_at or timezone.now()
            self.catalogue_number = CatalogueSequence.next_number(timezone.localtime(published).year)
        return super().save(*args, **kwargs)

    def body_image_ids(self):
        return stream_image_ids(self.body)

    @property
    def past_review(self):
        return bool(self.review_by and self.review_by < datetime.date.today())

    def reader_figures(self):
        """Average rating and number of ratings, applications, views and downloads, in one query."""
        ratings = AssetRating.objects.filter(page=OuterRef("pk")).order_by().values("page")
        applied = AssetApplication.objects.filter(page=OuterRef("pk")).order_by().values("page")
        return (
            KnowledgeAssetPage.objects.filter(pk=self.pk)
            .annotate(
                avg=Subquery(ratings.annotate(a=Avg("score")).values("a")),
                n=Coalesce(Subquery(ratings.annotate(c=Count("id")).values("c")), 0),
                applied=Coalesce(Subquery(applied.annotate(c=Count("id")).values("c")), 0),
                views=F("counter__views"),
                downloads=F("counter__downloads"),
            )
            .values("avg", "n", "applied", "views", "downloads")
            .get()
        )

    def get_context(self, request, *args, **kwargs):
        from .fragments import asset_context

        context = super().get_context(request, *args, **kwargs)
        context.update(asset_context(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        if request.method == "GET" and self.may_open(request.user):  # previews never pass through serve()
            request.asset_counter = AssetCounter.bump(self.pk, "views")  # shown on the page, outside its fragments
        return super().serve(request, *args, **kwargs)

    def document_downloaded(self, document):
        """The document guard counts a permitted download of a document the published asset uses."""
        AssetCounter.bump(self.pk, "downloads")


class KnowledgeAssetAttachment(Orderable):
    """A document attached to an asset; served only to visitors who may see the asset."""

    page = ParentalKey(KnowledgeAssetPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        get_document_model_string(), verbose_name=_("dokumen"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("keterangan"), max_length=250, blank=True)

    panels = [FieldPanel("document"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")


class RelatedAsset(Orderable):
    page = ParentalKey(KnowledgeAssetPage, on_delete=models.CASCADE, related_name="related_links")
    target = models.ForeignKey(
        KnowledgeAssetPage, verbose_name=_("aset terkait"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("aset terkait")
        verbose_name_plural = _("aset terkait")


class AssetCounter(models.Model):
    """View and download counters, bumped with one UPDATE … SET n = n + 1."""

    page = models.OneToOneField(KnowledgeAssetPage, on_delete=models.CASCADE, primary_key=True, related_name="counter")
    views = models.PositiveIntegerField(_("dilihat"), default=0)
    downloads = models.PositiveIntegerField(_("diunduh"), default=0)

    class Meta:
        verbose_name = _("penghitung aset")

    def __str__(self):
        return f"{self.page_id}: {self.views}/{self.downloads}"

    @classmethod
    def bump(cls, page_id, field):
        """Add one to `field` ("views" or "downloads") in one UPDATE … RETURNING; the counts after it."""
        if field not in ("views", "downloads"):
            raise ValueError(field)
        table, column = connection.ops.quote_name(cls._meta.db_table), connection.ops.quote_name(field)
        update = f"UPDATE {table} SET {column} = {column} + 1 WHERE page_id = %s RETURNING views, downloads"
        if connection.vendor == "postgresql" and connection.get_autocommit():
            # a reader's counter need not wait for the WAL to reach the disk (at most the last fraction of a second
            # of counts is lost in a server crash, never a row): one implicit transaction with the setting
            update = f"SET LOCAL synchronous_commit = off; {update}"
        with connection.cursor() as cursor:
            cursor.execute(update, [page_id])
            while cursor.description is None and cursor.nextset():
                pass
            row = cursor.fetchone()
        if row is not None:
            return {"views": row[0], "downloads": row[1]}
        try:
            with transaction.atomic():
                created = cls.objects.create(page_id=page_id, **{field: 1})
        except IntegrityError:  # another request created the row meanwhile
            return cls.bump(page_id, field)
        return {"views": created.views, "downloads": created.downloads}


class AssetRating(models.Model):
    page = models.ForeignKey(KnowledgeAssetPage, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="asset_ratings")
    score = models.PositiveSmallIntegerField(_("nilai"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("penilaian aset")
        verbose_name_plural = _("penilaian aset")
        constraints = [
            models.UniqueConstraint(fields=["page", "user"], name="unique_asset_rating"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="asset_rating_1_5"),
        ]

    def __str__(self):
        return f"{self.user} → {self.page}: {self.score}"


class AssetComment(models.Model):
    page = models.ForeignKey(KnowledgeAssetPage, on_delete=models.CASCADE, related_name="comments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="asset_comments")
    text = models.TextField(_("komentar"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("komentar aset")
        verbose_name_plural = _("komentar aset")

    def __str__(self):
        return f"{self.user} → {self.page}"


class AssetApplication(models.Model):
    """ "Saya menerapkan ini": a reader applied the asset in their work (art. 13), with the outcome."""

    page = models.ForeignKey(KnowledgeAssetPage, on_delete=models.CASCADE, related_name="applications")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="asset_applications")
    outcome = models.TextField(_("hasil penerapan"), max_length=3000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("penerapan aset")
        verbose_name_plural = _("penerapan aset")
        constraints = [models.UniqueConstraint(fields=["page", "user"], name="unique_asset_application")]

    def __str__(self):
        return f"{self.user} → {self.page}"


class KelompokReviewTask(AbstractGroupApprovalTask):
    """Revidu pakar (art. 10(3)): a group approval narrowed to the asset's own kelompok keahlian.

    Members of `groups` (the Ketua Kelompok Keahlian role) review only assets of a kelompok they lead (or
    assets without an owning kelompok); members of `expert_groups` (named experts) review any asset.
    """

    expert_groups = models.ManyToManyField(
        "auth.Group",
        verbose_name=_("grup pakar"),
        blank=True,
        related_name="+",
        help_text=_("Pakar yang ditunjuk: dapat merevidu aset kelompok keahlian mana pun."),
    )
    limit_to_owner_kelompok = models.BooleanField(
        _("hanya ketua kelompok pemilik"),
        default=True,
        help_text=_("Ketua hanya merevidu aset milik kelompok keahlian yang dipimpinnya."),
    )

    admin_form_fields = AbstractGroupApprovalTask.admin_form_fields + ["expert_groups", "limit_to_owner_kelompok"]
    admin_form_widgets = {**AbstractGroupApprovalTask.admin_form_widgets, "expert_groups": forms.CheckboxSelectMultiple}

    class Meta:
        verbose_name = _("revidu pakar kelompok keahlian")
        verbose_name_plural = _("revidu pakar kelompok keahlian")

    def _is_expert(self, user):
        return user.is_authenticated and self.expert_groups.filter(id__in=user.groups.all()).exists()

    def _led_kelompok_ids(self, user):
        from people.models import Keanggotaan, PeranKelompok

        return set(
            Keanggotaan.objects.filter(user=user, peran=PeranKelompok.KETUA).values_list("kelompok_id", flat=True)
        )

    def may_review(self, obj, user):
        if user.is_superuser or self._is_expert(user):
            return True
        if not self._user_in_groups(user):
            return False
        # Wagtail passes the base Page in some places (workflow state's content object): use the asset
        kelompok_id = getattr(getattr(obj, "specific", obj), "owner_kelompok_id", None)
        if not self.limit_to_owner_kelompok:
            return True
        # an asset of no kelompok is reviewed by the named experts only, never by every ketua
        return kelompok_id is not None and kelompok_id in self._led_kelompok_ids(user)

    def user_can_access_editor(self, obj, user):
        return self.may_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self.may_review(obj, user)

    def user_can_lock(self, obj, user):
        return self.may_review(obj, user)

    def get_actions(self, obj, user):
        if not self.may_review(obj, user):
            return []
        return [
            ("reject", _("Minta perbaikan"), True),
            ("approve", _("Setujui dan terbitkan"), False),
            ("approve", _("Setujui dengan komentar"), True),
        ]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if (
            user.is_superuser
            or self._is_expert(user)
            or (self._user_in_groups(user) and not self.limit_to_owner_kelompok)
        ):
            return states
        if not self._user_in_groups(user):
            return TaskState.objects.none()
        reviewable = (
            KnowledgeAssetPage.objects.filter(owner_kelompok__in=self._led_kelompok_ids(user))
            .annotate(pk_text=Cast("pk", models.CharField()))
            .values("pk_text")
        )
        return states.filter(workflow_state__object_id__in=reviewable)

    @classmethod
    def get_description(cls):
        return _("Ketua kelompok keahlian pemilik aset (atau pakar yang ditunjuk) menyetujui sebelum terbit")
