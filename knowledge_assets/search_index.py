"""Knowledge assets in the site search: live assets with their classification, tags and authors."""

from search.index import Source

from .models import KnowledgeAssetPage

SUPERSEDED_BOOST = 0.5  # a superseded asset still shows, below its successor


def build(page):
    if not page.live:
        return None
    body = " ".join(str(block.render_as_block()) for block in page.body) if page.body else ""
    from django.utils.html import strip_tags

    authors = list(page.authors.all())
    return {
        "title": page.title,
        "text": f"{page.abstract} {strip_tags(body)} {page.document_text}",
        "url": page.url,
        "access_level": page.access_level,
        "owner_unit_id": page.owner_unit_id,
        "owner_kelompok_id": page.owner_kelompok_id,
        "owner_label": page.owner_kelompok.nama if page.owner_kelompok_id else "",
        "kelompok_label": page.owner_kelompok.nama if page.owner_kelompok_id else "",
        "date": page.first_published_at or page.last_published_at,
        "asset_type": page.asset_type,
        "competency": page.competency,
        "tags": [tag.name for tag in page.tags.all()],
        "people": [[user.pk, user.get_full_name()] for user in authors],
        "boost": SUPERSEDED_BOOST if page.superseded_by_id else 1.0,
    }


SEARCH_SOURCES = [
    Source(
        model=KnowledgeAssetPage,
        kind="asset",
        queryset=lambda: KnowledgeAssetPage.objects.live().select_related("owner_kelompok"),
        build=build,
    )
]
