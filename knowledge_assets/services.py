"""Services of the knowledge-asset app that other apps call."""


def create_draft_asset(
    title,
    abstract,
    body_html,
    kelompok=None,
    authors=(),
    parent=None,
    knowledge_form="tacit",
    documentation_method="komunitas",
    source_url="",
    asset_type="pembelajaran",
    access_level=None,
    owner_unit=None,
    owner=None,
):
    """Create a DRAFT (never live) intellectual asset, e.g. from a solved community thread; experts review it next.

    `documentation_method` takes a DocumentationMethod value ("komunitas" = learning community); `source_url`
    links back to where the knowledge was documented (provenance). Returns the saved draft page.
    """
    from wagtail.rich_text import RichText

    from corpu.access import AccessLevel

    from .models import KnowledgeAssetPage, KnowledgeCatalogPage, KnowledgeSource

    parent = parent or KnowledgeCatalogPage.objects.first()
    if parent is None:
        raise ValueError("Belum ada katalog aset pengetahuan.")
    page = KnowledgeAssetPage(
        title=title[:255],
        abstract=abstract,
        body=[("paragraph", RichText(body_html))],
        asset_type=asset_type,
        knowledge_form=knowledge_form,
        documentation_method=documentation_method,
        source=KnowledgeSource.KELOMPOK if kelompok is not None else KnowledgeSource.INSTITUTION,
        source_detail=source_url[:250],
        access_level=access_level or AccessLevel.ASN,
        owner_unit=owner_unit,
        owner_kelompok=kelompok,
        owner=owner,
        live=False,
    )
    parent.add_child(instance=page)
    if authors:
        page.authors.set(list(authors))
        page.save()
    page.save_revision(user=owner)
    return page


def new_asset_url():
    """The admin page that starts a new knowledge asset in the catalogue ("Tulis aset"), or None without one."""
    from django.urls import reverse

    from .models import KnowledgeCatalogPage

    catalogue = KnowledgeCatalogPage.objects.only("pk").first()
    if catalogue is None:
        return None
    return reverse("wagtailadmin_pages:add", args=["knowledge_assets", "knowledgeassetpage", catalogue.pk])
