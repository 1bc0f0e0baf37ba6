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


def apply_filters(qs, chosen):
    """The queryset narrowed by the catalogue's filters in force (`active_filters`)."""
    for param, value in chosen.items():
        qs = qs.filter(**{FILTERS[param]: value})
    return qs.distinct() if "tag" in chosen else qs


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


def _my_dashboards(user, found=None):
    """The kelompok keahlian whose dashboard this member may open (slug and nama), kept per user."""
    if not user.is_authenticated:
        return []

    def compute():
        return list(KelompokKeahlian.objects.filter(keanggotaan__user=user).order_by("nama").values("slug", "nama"))

    return user_cache.for_user(fragments.DASHBOARDS, user, [], compute, found=found)


class _Listing:
    """The catalogue's listing for the paginator, its queryset built on first use (and a page of it sliced only
    then): cached cards of an unfiltered listing never read it, and building the filtered, annotated queryset is
    a good part of the page's own cost."""

    ordered = True  # ordered by publication, newest first

    def __init__(self, build):
        self._build, self._rows = build, None

    def rows(self):
        if self._rows is None:
            self._rows = self._build()
        return self._rows

    def count(self):
        return self.rows().count()

    def __len__(self):
        return len(self.rows())

    def __iter__(self):
        return iter(self.rows())

    def __getitem__(self, index):  # the paginator's page: as lazy as the listing
        return _Listing(lambda: self.rows()[index])


def _listing(user, catalogue, chosen, query):
    """The visible assets matching the filters in force and the search words, newest first, for the cards."""
    filtered = apply_filters(visible_assets(user, catalogue), chosen)
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
    return listing


def active_filters(params):
    """The catalogue's GET filters in force (a `tahun` that is not a year is ignored)."""
    active = {}
    for param in FILTERS:
        value = (params.get(param) or "").strip()
        if value and (param != "tahun" or value.isdigit()):
            active[param] = value
    return active


def catalogue_context(catalogue, request):
    user = request.user
    query = (request.GET.get("q") or "").strip()
    chosen = active_filters(request.GET)
    listing = _Listing(lambda: _listing(user, catalogue, chosen, query))
    active = {**chosen, "q": query} if query else chosen
    # unsearched: the form's and the (likely) page's cards read from the cache in one round trip
    asked = request.GET.get("halaman", "")
    number = int(asked) if asked.isdigit() and int(asked) > 0 else 1
    found = None if query else fragments.read_catalogue(catalogue, request, active, number)
    filters = fragments.catalogue_form(
        catalogue, user, active, lambda: filter_options(catalogue, user, visible_assets(user, catalogue)), found=found
    )
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
    if query:
        results = render()
    else:
        results = fragments.catalogue_results(catalogue, user, active, page_obj.number, render, found=found)
    return {
        **cards,
        "filters": filters,
        "results": results,
        "total_visible": filters["total"],
        "active_filters": active,
        "my_dashboards": _my_dashboards(user, found),
    }
