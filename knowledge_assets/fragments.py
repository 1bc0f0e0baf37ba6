"""Rendered parts of the asset page and the catalogue, shared by the visitors of one audience (issue 18).

An asset's article (facts, kelompok, authors, tags, readers' figures, body, attachments, related assets, successor
and predecessors) and its comment list are rendered once per audience (`corpu.access.audience_key`), language and
site, and used while the page generation (corpu/page_cache.py: any page, site, kelompok keahlian or rating) and the
asset's own generation (its ratings, applications and comments; documents and images) are those it was rendered in.
The view counter (one UPDATE … RETURNING in `serve`) and the visitor's own rating and application (per user,
corpu/user_cache.py) stay outside. Authors' and commenters' names follow a change within `PAGE_CACHE_SECONDS`.
The catalogue's filter form and type counts are kept per audience and active filters, its cards per audience,
active filters and page when the listing is not searched.
"""

from django.db.models import Exists, OuterRef, Q, Subquery
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail.models import Site

from corpu import generations, page_cache, user_cache
from corpu.access import AccessLevel, filter_visible
from corpu.choices import Competency

from .models import AssetApplication, AssetComment, AssetCounter, AssetRating, AssetType, KnowledgeAssetPage

CHOICES = {
    "competency_options": Competency.choices,
    "type_options": AssetType.choices,
    "access_options": AccessLevel.choices,
}
DASHBOARDS = "asset-catalogue-dashboards"  # the member's kelompok dashboards, per user
SLOT = "<!--asset-counter-->"  # where the view counter goes (content is escaped: no visitor writes this)


def asset_generation(pk):
    return f"knowledge-assets:asset:{pk}:generation"


def asset_changed(*pks):
    """These assets' readers' activity changed: their rendered parts are not used again."""
    keys = [asset_generation(pk) for pk in set(pks) if pk is not None]
    if keys:
        generations.advance(*keys)


def _linked(page, user):
    """(related assets, successor, predecessors) this user may see, from one query."""
    related_ids = {link.target_id for link in page.related_links.all()}
    linked = Q(pk__in=related_ids) | Q(pk=page.superseded_by_id)
    if page.pk is not None:  # not the preview of a page not saved yet
        linked |= Q(superseded_by=page.pk)
    visible = filter_visible(KnowledgeAssetPage.objects.live(), user)
    found = list(visible.filter(linked).defer("document_text", "body").order_by("title"))
    predecessors = [a for a in found if page.pk is not None and a.superseded_by_id == page.pk]
    successor = next((a for a in found if a.pk == page.superseded_by_id), None)
    return [a for a in found if a.pk in related_ids], successor, predecessors


def _render(page, request):
    """The article around the counter's slot and the comment list, as safe HTML."""
    related, successor, predecessors = _linked(page, request.user)
    context = {
        "page": page,
        "self": page,
        "request": request,
        "slot": mark_safe(SLOT),
        "attachments": page.attachments.select_related("document"),
        "related_assets": related,
        "successor": successor,
        "predecessors": predecessors,
    }
    comments = []
    if page.pk is not None:
        figures = page.reader_figures()
        context["stats"] = {"avg": figures["avg"], "n": figures["n"]}
        context["application_count"] = figures["applied"]
        comments = page.comments.select_related("user").order_by("-created_at")[:50]
    before, _, after = render_to_string("knowledge_assets/includes/asset_article.html", context).partition(SLOT)
    listed = render_to_string("knowledge_assets/includes/asset_comments.html", {"comments": comments})
    return {"before": mark_safe(before), "after": mark_safe(after), "comments": listed}  # rendered: escaped


def _mine(page, user):
    """The visitor's own rating and application of the asset, from one query."""
    mine = {"page": OuterRef("pk"), "user": user}
    row = (
        KnowledgeAssetPage.objects.filter(pk=page.pk)
        .annotate(
            score=Subquery(AssetRating.objects.filter(**mine).values("score")[:1]),
            applied=Exists(AssetApplication.objects.filter(**mine)),
            outcome=Subquery(AssetApplication.objects.filter(**mine).values("outcome")[:1]),
        )
        .values("score", "applied", "outcome")
        .get()
    )
    return {
        "my_rating": {"score": row["score"]} if row["score"] else None,
        "my_application": {"outcome": row["outcome"]} if row["applied"] else None,
    }


def asset_context(page, request):
    """The asset page's context: its rendered parts, the view counter and the visitor's own bits."""
    user = request.user
    if getattr(request, "is_preview", False) or page.pk is None:  # a draft: never cached
        return {"article": _render(page, request), "counter": _counts(page)}
    site = Site.find_for_request(request)
    name, key_parts, generation_keys = "asset-page", [page.pk, site.pk if site else None], [asset_generation(page.pk)]
    mine_keys = user_cache.keys("asset-mine", user, [page.pk])
    # the article, the visitor's own block and the menu in one round trip
    found = page_cache.read(user, [(name, key_parts)], generation_keys, also=mine_keys, request=request)
    parts = page_cache.for_audience(
        name, user, key_parts, lambda: _render(page, request), generation_keys=generation_keys, found=found
    )
    context = {"article": parts, "counter": getattr(request, "asset_counter", None) or _counts(page)}
    if user.is_authenticated:
        context.update(user_cache.for_user("asset-mine", user, [page.pk], lambda: _mine(page, user), found=found))
    return context


def _counts(page):
    if page.pk is None:
        return {}
    return AssetCounter.objects.filter(page=page.pk).values("views", "downloads").first() or {}


def connect():
    """Move an asset's generation on its readers' activity; documents and images move every page's (called from
    KnowledgeAssetsConfig.ready)."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    def reader_activity(sender, instance, raw=False, **kwargs):
        if not raw:
            asset_changed(instance.page_id)

    for model in (AssetRating, AssetApplication, AssetComment):
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(reader_activity, sender=model, dispatch_uid=f"knowledge_assets_{model.__name__}_{name}")
    for model in (get_document_model(), get_image_model()):  # attachments' and body blocks' titles and files
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(
                page_cache.invalidate, sender=model, dispatch_uid=f"knowledge_assets_{model.__name__}_{name}"
            )


def _form_fragment(catalogue, active):
    return "asset-catalogue-form", [catalogue.pk, sorted((k, v) for k, v in active.items() if k != "q")]


def _cards_fragment(catalogue, active, number):
    return "asset-catalogue-cards", [catalogue.pk, sorted(active.items()), number]


def read_catalogue(catalogue, request, active, number):
    """The filter form's and the cards' cached entries (cards: page `number` of an unsearched listing), the
    member's dashboard links and the menu in one round trip, for `catalogue_form`, `catalogue_results` and
    `catalogue.my_dashboards`."""
    fragments = [_form_fragment(catalogue, active), _cards_fragment(catalogue, active, number)]
    mine = user_cache.keys(DASHBOARDS, request.user, [])
    return page_cache.read(request.user, fragments, also=mine, request=request)


def catalogue_form(catalogue, user, active, options, found=None):
    """The filter form's selects, the type counts (both rendered) and the visible total, per audience and active
    filters (the search words stay outside); `options()` gives (type counts, years, kelompok options)."""
    chosen = {k: v for k, v in active.items() if k != "q"}

    def compute():
        type_counts, years, kelompok_options = options()
        context = {
            "active_filters": chosen,
            "type_counts": type_counts,
            "years": years,
            "kelompok_options": kelompok_options,
            **CHOICES,
        }
        return {
            "total": sum(row["n"] for row in type_counts),
            "selects": render_to_string("knowledge_assets/includes/catalogue_selects.html", context),
            "counts": render_to_string("knowledge_assets/includes/catalogue_counts.html", context),
        }

    name, parts = _form_fragment(catalogue, active)
    return page_cache.for_audience(name, user, parts, compute, found=found)


def catalogue_results(catalogue, user, active, number, render, found=None):
    """The catalogue's rendered cards of one page of an unsearched listing, per audience and active filters."""
    name, parts = _cards_fragment(catalogue, active, number)
    return page_cache.for_audience(name, user, parts, render, found=found)
