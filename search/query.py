"""The embedded (database) search backend: access filtering, matching, ranking and facets in the query.

Every count comes from `SearchDocument` rows already filtered by `corpu.access.visible_q`, so totals, facets and
later pages never include what the visitor may not see.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from corpu.access import filter_visible

from .index import synonym_table
from .models import SearchDocument
from .text import analyse, highlight_terms

# facet / filter name -> column of SearchDocument
FACET_COLUMNS = {
    "kind": "kind",
    "asset_type": "asset_type",
    "competency": "competency",
    "kelompok": "owner_kelompok_id",
    "year": "year",
    "delivery_model": "delivery_model",
}
MAX_CANDIDATES = 2000


@dataclass
class SearchRequest:
    query: str = ""
    filters: dict = field(default_factory=dict)  # facet name -> value; plus "tag"
    page: int = 1
    per_page: int = 10


@dataclass
class SearchResults:
    query: str
    terms: list
    total: int
    page: int
    per_page: int
    hits: list
    facets: dict
    relaxed: bool = False

    @property
    def pages(self):
        return max(1, -(-self.total // self.per_page))


def _filtered(user, filters):
    documents = filter_visible(SearchDocument.objects.all(), user)
    for name, column in FACET_COLUMNS.items():
        value = filters.get(name)
        if value not in (None, ""):
            documents = documents.filter(**{column: value})
    if filters.get("tag"):
        documents = documents.filter(tags__icontains=f"|{filters['tag'].casefold()}|")
    return documents


def _facet(matched, column):
    """(value, label, count) for one facet; kelompok values carry their label."""
    label = "kelompok_label" if column == "owner_kelompok_id" else column
    rows = (
        matched.exclude(**{f"{column}__isnull": True})
        .values(column, label)
        .annotate(count=Count("pk"))
        .order_by("-count", column)
    )
    return [(row[column], row[label], row["count"]) for row in rows if row[column] != ""]


def _tag_facet(matched, limit=15):
    counts = {}
    for tags in matched.exclude(tags="").values_list("tags", flat=True)[:MAX_CANDIDATES]:
        for tag in filter(None, tags.split("|")):
            counts[tag] = counts.get(tag, 0) + 1
    return [(tag, tag, n) for tag, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]]


def _match(documents, terms, every=True):
    if not terms:
        return documents
    conditions = [Q(terms__contains=f" {term} ") for term in terms]
    combined = conditions[0]
    for condition in conditions[1:]:
        combined = (combined & condition) if every else (combined | condition)
    return documents.filter(combined)


def _score(row, terms):
    title, body = row["title_terms"], row["terms"]
    score = 0.0
    for term in terms:
        needle = f" {term} "
        score += 3.0 * title.count(needle) + min(body.count(needle), 10)
    return score


def search(user, request):
    """Run a search for a visitor: the page of hits, total and facet counts, all access-filtered."""
    terms = list(dict.fromkeys(analyse(request.query, synonym_table())))
    base = _filtered(user, request.filters)
    matched = _match(base, terms)
    relaxed = False
    if terms and len(terms) > 1 and not matched.exists():
        matched, relaxed = _match(base, terms, every=False), True
    total = matched.count()
    rows = list(matched.values("pk", "title_terms", "terms", "date")[:MAX_CANDIDATES])
    rows.sort(key=lambda row: (-_score(row, terms), -(row["date"].timestamp() if row["date"] else 0), row["pk"]))
    start = (max(request.page, 1) - 1) * request.per_page
    page_ids = [row["pk"] for row in rows[start : start + request.per_page]]
    documents = SearchDocument.objects.in_bulk(page_ids)
    hits = [
        {"document": documents[pk], "snippet": highlight_terms(documents[pk].text, set(terms)), "position": start + i}
        for i, pk in enumerate(page_ids)
    ]
    facets = {name: _facet(matched, column) for name, column in FACET_COLUMNS.items()}
    facets["tag"] = _tag_facet(matched)
    return SearchResults(request.query, terms, total, request.page, request.per_page, hits, facets, relaxed)
