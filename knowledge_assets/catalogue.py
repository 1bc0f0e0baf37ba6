"""The catalogue listing: only what the visitor may see, filtered, counted and paginated in constant queries."""

from collections import Counter

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Avg, Count, OuterRef, Subquery

from corpu import page_cache
from corpu.access import AccessLevel, filter_visible
from people.models import KelompokKeahlian
from search.services import matching_ids

from .models import AssetRating, AssetType, Competency, KnowledgeAssetPage

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
    type_counts, years, kelompok_options = filter_options(catalogue, user, base)
    total_visible = sum(row["n"] for row in type_counts)
    paginator = Paginator(listing, catalogue.per_page or 12)
    if not active:  # unfiltered: the result count is the visible total, no second count
        paginator.count = total_visible
    page_obj = paginator.get_page(request.GET.get("halaman"))
    my_dashboards = (
        KelompokKeahlian.objects.filter(keanggotaan__user=user).order_by("nama") if user.is_authenticated else []
    )
    querystring = request.GET.copy()
    querystring.pop("halaman", None)
    results_key = None
    if not query and set(request.GET) <= {*FILTERS, "halaman"}:  # the cards of a listing any audience member asks
        results_key = page_cache.fragment_key(
            "asset-catalogue-results", user, catalogue.pk, sorted(active.items()), page_obj.number
        )
    return {
        "results_key": results_key,
        "page_cache_seconds": settings.PAGE_CACHE_SECONDS,
        "assets": page_obj,
        "paginator": paginator,
        "total_visible": total_visible,
        "result_count": paginator.count,
        "type_counts": type_counts,
        "years": years,
        "kelompok_options": kelompok_options,
        "competency_options": Competency.choices,
        "type_options": AssetType.choices,
        "access_options": AccessLevel.choices,
        "active_filters": active,
        "my_dashboards": my_dashboards,
        "querystring": querystring.urlencode(),
    }
