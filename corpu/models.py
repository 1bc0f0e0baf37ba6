"""Site-wide pages and the access-controlled base every protected model and page builds on."""

from django.db import models
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index

from .access import AccessLevel, can_view_object, deny_response
from .storage import private_storage


class AccessControlled(models.Model):
    """Access level plus the owning unit / kelompok keahlian that may narrow an internal item."""

    access_level = models.CharField(
        _("level akses"), max_length=10, choices=AccessLevel.choices, default=AccessLevel.ASN, db_index=True
    )
    owner_unit = models.ForeignKey(
        "people.UnitKerja",
        verbose_name=_("unit pemilik"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Untuk level internal: hanya pegawai unit ini (dan unit di bawahnya) yang dapat melihat."),
    )
    owner_kelompok = models.ForeignKey(
        "people.KelompokKeahlian",
        verbose_name=_("kelompok keahlian pemilik"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Untuk level internal: hanya anggota kelompok keahlian ini yang dapat melihat."),
    )

    access_panels = [
        MultiFieldPanel(
            [FieldPanel("access_level"), FieldPanel("owner_unit"), FieldPanel("owner_kelompok")],
            heading=_("Akses"),
        )
    ]
    access_search_fields = [
        index.FilterField("access_level"),
        index.FilterField("owner_unit_id"),
        index.FilterField("owner_kelompok_id"),
    ]

    class Meta:
        abstract = True

    def is_visible_to(self, user):
        return can_view_object(user, self)


class AccessControlledPage(AccessControlled, Page):
    """A Wagtail page served only to visitors the access policy admits."""

    settings_panels = Page.settings_panels + AccessControlled.access_panels
    search_fields = Page.search_fields + AccessControlled.access_search_fields

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        denied = deny_response(request, self)
        if denied is not None:
            return denied
        response = super().serve(request, *args, **kwargs)
        if self.access_level != AccessLevel.PUBLIC:
            patch_cache_control(response, private=True)
        return response

    def get_sitemap_urls(self, request=None):
        """Only public pages go into the sitemap."""
        if self.access_level != AccessLevel.PUBLIC:
            return []
        return super().get_sitemap_urls(request)


def body_blocks():
    """The StreamField blocks for general site content."""
    return [
        ("heading", blocks.CharBlock(label=_("Judul bagian"), form_classname="title")),
        ("paragraph", blocks.RichTextBlock(label=_("Paragraf"))),
        ("image", ImageBlock(label=_("Gambar"))),
        ("quote", blocks.BlockQuoteBlock(label=_("Kutipan"))),
    ]


class HomePage(Page):
    """The CorpU landing page."""

    intro = models.CharField(_("tagline"), max_length=250, blank=True)
    body = RichTextField(_("isi"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("beranda")

    def __str__(self):
        return self.title


class InfoPage(AccessControlledPage):
    """A general information page (guides, announcements) with an access level."""

    summary = models.CharField(_("ringkasan"), max_length=300, blank=True)
    body = StreamField(body_blocks(), verbose_name=_("isi"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = AccessControlledPage.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        verbose_name = _("halaman informasi")
        verbose_name_plural = _("halaman informasi")

    def __str__(self):
        return self.title


class PrivateDocument(AbstractDocument):
    """Wagtail documents kept in private storage: no public media URL, served only through /dokumen/, where the
    `before_serve_document` hooks of the apps that use a document ask the access policy."""

    file = models.FileField(upload_to="documents", storage=private_storage, verbose_name=_("berkas"))
    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")
