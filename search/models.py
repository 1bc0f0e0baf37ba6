"""The search index: one row per searchable item, carrying its access level and owners so that the query itself
filters what a visitor may see (totals, facets and every page stay right); synonyms and analytics."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from corpu.models import AccessControlled, access_level_field

from .text import TOKEN


class Kind(models.TextChoices):
    ASSET = "asset", _("Aset pengetahuan")
    COURSE = "course", _("Kursus")
    LESSON = "lesson", _("Pelajaran")
    THREAD = "thread", _("Diskusi komunitas")


class SearchDocument(AccessControlled):
    """One searchable item. With search terms the table is read only through its full-text index; access and facet
    columns carry no B-tree index of their own, which would tempt PostgreSQL's planner into checking the full-text
    condition row by row on every visible item (reading each long document's vector: ~4× slower in bench)."""

    access_level = access_level_field()
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=300)
    text = models.TextField(help_text="Plain text shown in snippets.")
    terms = models.TextField(help_text="Analysed terms, space separated and padded with spaces.")
    title_terms = models.TextField()
    written_terms = models.TextField(
        blank=True, default="", help_text="The words as written (lowercase, unstemmed), padded with spaces."
    )
    url = models.CharField(max_length=500)
    owner_label = models.CharField(max_length=200, blank=True)
    date = models.DateTimeField(null=True, db_index=True)
    year = models.PositiveSmallIntegerField(null=True)
    asset_type = models.CharField(max_length=30, blank=True)
    competency = models.CharField(max_length=30, blank=True)
    delivery_model = models.CharField(max_length=20, blank=True)
    kelompok_label = models.CharField(max_length=200, blank=True)
    tags = models.CharField(max_length=500, blank=True, help_text="Tags, padded with | on both sides.")
    people = models.JSONField(default=list, help_text="[user id, name] of authors / accepted answerers (experts).")
    boost = models.FloatField(default=1.0, help_text="Rank multiplier, e.g. 0.5 for a superseded asset.")
    indexed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="unique_search_document")]

    def __str__(self):
        return self.title


class Synonym(models.Model):
    """Words or phrases that mean the same, e.g. bangkom, pengembangan kompetensi."""

    terms = models.CharField(
        _("istilah sepadan"), max_length=300, help_text=_("Pisahkan dengan koma; istilah pertama menjadi acuan.")
    )
    panels = [FieldPanel("terms")]

    class Meta:
        verbose_name = _("sinonim pencarian")
        verbose_name_plural = _("sinonim pencarian")

    def __str__(self):
        return self.terms

    def variants(self):
        return [term.strip() for term in self.terms.split(",") if term.strip()]


class UnstemmedTerm(models.Model):
    """A domain word never reduced to its root (pengadaan is not ada, perizinan is not izin): indexed and searched
    as written."""

    term = models.CharField(
        _("istilah"), max_length=64, unique=True, help_text=_("Satu kata, misalnya pengadaan atau PBJ.")
    )
    panels = [FieldPanel("term")]
    loaded_term = ""  # the term as read from the database: an edit re-indexes the items holding the old word too

    class Meta:
        ordering = ["term"]
        verbose_name = _("istilah tanpa pemotongan imbuhan")
        verbose_name_plural = _("istilah tanpa pemotongan imbuhan")

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        self.term = self.term.strip().casefold()
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance.loaded_term = instance.term
        return instance

    def clean(self):
        self.term = self.term.strip().casefold()
        if not TOKEN.fullmatch(self.term):
            raise ValidationError({"term": _("Isi satu kata saja (huruf, angka atau tanda hubung).")})


class QueryLog(models.Model):
    query = models.CharField(max_length=200)
    normalised = models.CharField(max_length=200, db_index=True)
    results = models.PositiveIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"{self.query} ({self.results})"


class Click(models.Model):
    query = models.ForeignKey(QueryLog, on_delete=models.CASCADE, related_name="clicks")
    document = models.ForeignKey(SearchDocument, null=True, on_delete=models.SET_NULL)
    position = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.query} → {self.document_id} @{self.position}"


class Term(models.Model):
    """A word some document holds (lowercase, as written): the vocabulary typo correction chooses from."""

    term = models.CharField(max_length=64, unique=True)
    initial = models.CharField(max_length=1)
    length = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["initial", "length"])]

    def __str__(self):
        return self.term
