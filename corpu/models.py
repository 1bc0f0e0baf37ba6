"""Site-wide pages and the access-controlled base every protected model and page builds on."""

from django.db import models
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    Image,
    WagtailImageField,
    get_rendition_upload_to,
    get_upload_to,
)
from wagtail.models import Page
from wagtail.search import index

from .access import AccessLevel, can_view_object, refuse
from .routing import route_below
from .storage import private_storage


def access_level_field(**options):
    """The access level column of every access-controlled table (options such as db_index vary per table)."""
    return models.CharField(
        _("level akses"), max_length=10, choices=AccessLevel.choices, default=AccessLevel.ASN, **options
    )


class AccessControlled(models.Model):
    """Access level plus the owning unit / kelompok keahlian that may narrow an internal item."""

    access_level = access_level_field(db_index=True)
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


class OpenPage:
    """Mixin of pages served to every visitor (home, catalogues, listings): they answer may_open with yes."""

    def may_open(self, user):
        return True


class AccessControlledPage(AccessControlled, Page):
    """A Wagtail page served only to visitors the access policy admits."""

    settings_panels = Page.settings_panels + AccessControlled.access_panels
    search_fields = Page.search_fields + AccessControlled.access_search_fields

    class Meta:
        abstract = True

    def may_open(self, user):
        """May this user open the page? Its serve() and the documents its live content uses ask this."""
        return can_view_object(user, self)

    def permissions_for_user(self, user):
        """The admin's permission tester: no action on a page hidden from the user (corpu/admin_access.py)."""
        from .admin_access import PolicyPageTester

        return PolicyPageTester(user, self)

    def serve(self, request, *args, **kwargs):
        if not self.may_open(request.user):
            return refuse(request)
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
        # rendered through the access-checked /halaman/<id>/gambar/<image>/ view, never a /media/ URL
        ("image", ImageBlock(label=_("Gambar"), template="corpu/blocks/image.html")),
        ("quote", blocks.BlockQuoteBlock(label=_("Kutipan"))),
    ]


def stream_image_ids(stream):
    """The ids of the images placed with an image block in a StreamField."""
    return {block.value.pk for block in stream if block.block_type == "image" and block.value is not None}


class HomePage(OpenPage, Page):
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

    def route(self, request, path_components):
        if len(path_components) > 1:
            return route_below(self, request, path_components)
        return super().route(request, path_components)


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

    def body_image_ids(self):
        return stream_image_ids(self.body)


class PrivateDocument(AbstractDocument):
    """Wagtail documents kept in private storage: no public media URL, served only through /dokumen/, where the
    document guard (`corpu/documents.py`) admits the visitors of the live pages that use a document."""

    file = models.FileField(upload_to="documents", storage=private_storage, verbose_name=_("berkas"))
    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")


class PrivateImage(AbstractImage):
    """Wagtail images kept in private storage: neither originals nor renditions have a public media URL."""

    file = WagtailImageField(
        verbose_name=_("berkas"),
        upload_to=get_upload_to,
        storage=private_storage,
        width_field="width",
        height_field="height",
    )
    admin_form_fields = Image.admin_form_fields

    class Meta(AbstractImage.Meta):
        verbose_name = _("gambar")
        verbose_name_plural = _("gambar")


class PrivateRendition(AbstractRendition):
    """A resized image in private storage. Its URL is the admin-only view (listing, chooser, previews);
    readers get a page's images through that page's access-checked image view."""

    image = models.ForeignKey(PrivateImage, on_delete=models.CASCADE, related_name="renditions")
    file = WagtailImageField(
        upload_to=get_rendition_upload_to, storage=private_storage, width_field="width", height_field="height"
    )

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    @property
    def url(self):
        return reverse("admin_image_rendition", args=[self.pk])
