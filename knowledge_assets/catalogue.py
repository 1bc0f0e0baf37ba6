"""The catalogue listing: only what the visitor may see, filtered, counted and paginated in constant queries."""

from django.core.paginator import Paginator
from django.db.models import Avg, Count

from corpu.access import AccessLevel, filter_visible
from people.models import KelompokKeahlian
from search.services import matching_ids

from .models import AssetType, Competency, KnowledgeAssetPage

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


def catalogue_context(catalogue, request):
    user = request.user
    base = visible_assets(user, catalogue)
    filtered, active = apply_filters(base, request.GET)
    query = (request.GET.get("q") or "").strip()
    listing = (
        filtered.select_related("owner_kelompok")
        .prefetch_related("tags")
        .annotate(avg_rating=Avg("ratings__score"))
        .order_by("-first_published_at", "-pk")
    )
    if query:
        matching = matching_ids(user, query, "asset")
        if matching is not None:
            listing = listing.filter(pk__in=matching)
        active["q"] = query
    paginator = Paginator(listing, catalogue.per_page or 12)
    page_obj = paginator.get_page(request.GET.get("halaman"))

    type_labels = dict(AssetType.choices)
    type_counts = [
        {"value": row["asset_type"], "label": type_labels.get(row["asset_type"], row["asset_type"]), "n": row["n"]}
        for row in base.order_by().values("asset_type").annotate(n=Count("pk")).order_by("asset_type")
    ]
    year_counts = list(
        base.order_by()
        .exclude(first_published_at__isnull=True)
        .values_list("first_published_at__year", flat=True)
        .distinct()
    )
    kelompok_ids = base.order_by().values("owner_kelompok").distinct()
    my_dashboards = (
        KelompokKeahlian.objects.filter(keanggotaan__user=user).order_by("nama") if user.is_authenticated else []
    )
    querystring = request.GET.copy()
    querystring.pop("halaman", None)
    return {
        "assets": page_obj,
        "paginator": paginator,
        "total_visible": base.count(),
        "result_count": paginator.count,
        "type_counts": type_counts,
        "years": sorted(set(year_counts), reverse=True),
        "kelompok_options": KelompokKeahlian.objects.filter(pk__in=kelompok_ids).order_by("nama"),
        "competency_options": Competency.choices,
        "type_options": AssetType.choices,
        "access_options": AccessLevel.choices,
        "active_filters": active,
        "my_dashboards": my_dashboards,
        "querystring": querystring.urlencode(),
    }
