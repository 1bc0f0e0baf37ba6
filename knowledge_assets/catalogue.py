"""The catalogue listing: only what the visitor may see, filtered, counted and paginated in constant queries."""

from collections import Counter
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Avg, Count, OuterRef, Subquery
from django.template.loader import render_to_string

from corpu import page_cache, user_cache
from corpu.access import filter_visible
from people.models import KelompokKeahlian
from search.services import matching_ids

from . import fragments
from .models import AssetRating, AssetType, KnowledgeAssetPage

FILTERS = {
    # GET parameter -> queryset lookup
    "jenis": "asset_type",
    "kompetensi": "competency",
    "kelompok": "owner_kelompok__slug",
    "tag": "tags__slug",
    "tahun": "first_published_at__year",
    "akses": "access_level",
}


def visible_assets(user, catalogue=None):
    """Live assets this user may see (under the given catalogue when one is passed)."""
    qs = KnowledgeAssetPage.objects.live()
    if catalogue is not None:
        qs = qs.child_of(catalogue)
    return filter_visible(qs, user)


def new_assets(user, limit=5):
    """The most recently published assets this user may see (for "Beranda saya"): one query."""
    return list(visible_assets(user).select_related("owner_kelompok").order_by("-first_published_at", "-pk")[:limit])


def apply_filters(qs, params):
    """Apply the catalogue's GET filters; returns (queryset, active filters)."""
    active = {}
    for param, lookup in FILTERS.items():
        value = (params.get(param) or "").strip()
        if not value:
            continue
        if param == "tahun" and not value.isdigit():
            continue
        qs = qs.filter(**{lookup: value})
        active[param] = value
    if "tag" in active:
        qs = qs.distinct()
    return qs, active


def facets(base):
    """(counts per asset type, publication years newest first, owning kelompok ids) of the visible assets, from
    one grouped query."""
    counts, years, kelompok_ids = Counter(), set(), set()
    grouped = base.order_by().values_list("asset_type", "first_published_at__year", "owner_kelompok")
    for asset_type, year, kelompok_id, n in grouped.annotate(n=Count("pk")):
        counts[asset_type] += n
        if year is not None:
            years.add(year)
        if kelompok_id is not None:
            kelompok_ids.add(kelompok_id)
    labels = dict(AssetType.choices)
    type_counts = [{"value": t, "label": labels.get(t, t), "n": counts[t]} for t in sorted(counts)]
    return type_counts, sorted(years, reverse=True), kelompok_ids


def filter_options(catalogue, user, base):
    """(type counts, years, kelompok options as slug/nama dicts) of the visible assets, cached per audience until a
    page or kelompok keahlian changes (corpu/page_cache.py)."""

    def compute():
        type_counts, years, kelompok_ids = facets(base)
        kelompok = KelompokKeahlian.objects.filter(pk__in=kelompok_ids).order_by("nama").values("slug", "nama")
        return type_counts, years, list(kelompok)

    return page_cache.for_audience("asset-catalogue-filters", user, [catalogue.pk], compute)


def _my_dashboards(user):
    """The kelompok keahlian whose dashboard this member may open (slug and nama), kept per user."""
    if not user.is_authenticated:
        return []

    def compute():
        return list(KelompokKeahlian.objects.filter(keanggotaan__user=user).order_by("nama").values("slug", "nama"))

    return user_cache.for_user("asset-catalogue-dashboards", user, [], compute)


def catalogue_context(catalogue, request):
    user = request.user
    base = visible_assets(user, catalogue)
    filtered, active = apply_filters(base, request.GET)
    query = (request.GET.get("q") or "").strip()
    # the average as a subquery, not a join grouped by every page column: the paginator's count stays a plain count
    ratings = AssetRating.objects.filter(page=OuterRef("pk")).order_by().values("page").annotate(avg=Avg("score"))
    listing = (
        filtered.select_related("owner_kelompok")
        .defer("document_text", "body")  # imported documents' text and the body: never shown on a card
        .prefetch_related("tags")
        .annotate(avg_rating=Subquery(ratings.values("avg")))
        .order_by("-first_published_at", "-pk")
    )
    if query:
        matching = matching_ids(user, query, "asset")
        if matching is not None:
            listing = listing.filter(pk__in=matching)
        active["q"] = query
    filters = fragments.catalogue_form(catalogue, user, active, lambda: filter_options(catalogue, user, base))
    paginator = Paginator(listing, catalogue.per_page or 12)
    if not active:  # unfiltered: the result count is the visible total, no second count
        paginator.count = filters["total"]
    page_obj = paginator.get_page(request.GET.get("halaman"))
    cards = {
        "assets": page_obj,
        "paginator": paginator,
        "result_count": paginator.count,
        "querystring": urlencode(active),  # the filters in force (what the cards' key names), without the page
    }

    def render():
        return render_to_string("knowledge_assets/includes/catalogue_results.html", {**cards, "request": request})

    # the cards of an unsearched listing are the same for its whole audience; a search's matches are cached apart
    results = render() if query else fragments.catalogue_results(catalogue, user, active, page_obj.number, render)
    return {
        **cards,
        "filters": filters,
        "results": results,
        "total_visible": filters["total"],
        "active_filters": active,
        "my_dashboards": _my_dashboards(user),
    }
