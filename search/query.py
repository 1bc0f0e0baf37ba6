"""What a search asks and answers, the same for every backend; `search()` runs it on the configured backend."""

from dataclasses import dataclass, field

from .backends import get_backend
from .index import synonym_table
from .text import analyse

# facet / filter name -> column of SearchDocument (and field of the Elasticsearch document)
FACET_COLUMNS = {
    "kind": "kind",
    "asset_type": "asset_type",
    "competency": "competency",
    "kelompok": "owner_kelompok_id",
    "year": "year",
    "delivery_model": "delivery_model",
}
TAG_FACET_SIZE = 15
EXPERTS = 5
EXPERT_KINDS = ("asset", "thread")  # experts come from authors of assets and accepted answers in threads
EXPERT_SAMPLE = 1000  # ... among the best-ranked matches of those kinds (the ones that answer the query best)
TRACK_TOTAL_HITS = 10_000  # totals exact up to this many matches, "10.000+" beyond; facets over the best this many
WRITTEN_TIER = 1_000  # rank added per query word an item holds as written, not only by its stem (ADR 0032)
FILL_BELOW = 10  # fewer items than this hold every word: partial matches follow them (most words first)


@dataclass
class SearchRequest:
    query: str = ""
    filters: dict = field(default_factory=dict)  # facet name -> value; plus "tag"
    page: int = 1
    per_page: int = 10
    exact: bool = False  # the query as written: no typo correction applied (a suggestion may still be offered)


@dataclass
class SearchResults:
    query: str
    terms: list
    total: int
    page: int
    per_page: int
    hits: list  # {"document": SearchDocument, "snippet": safe HTML, "position": int}
    facets: dict  # name -> [(value, label, count)]
    relaxed: bool = False  # no item holds every term: items holding some of them
    experts: list = field(default_factory=list)  # [(user id, name, matching items)]
    corrected: str = ""  # the query actually run after typo correction ("" when none)
    suggestion: str = ""  # a correction offered ("Maksud Anda …?") but not applied ("" when none)
    sign_in_may_show_more: bool = False  # signed out, and an item every signed-in ASN may see matches (no count)
    total_relation: str = "eq"  # "eq": `total` is exact; "gte": at least TRACK_TOTAL_HITS match (Elasticsearch's names)
    facets_approximate: bool = False  # more than TRACK_TOTAL_HITS match: facets counted over the best-ranked ones

    @property
    def pages(self):
        return max(1, -(-self.total // self.per_page))


def active_filters(request):
    return {name: value for name, value in request.filters.items() if value not in (None, "")}


def query_terms(query):
    """The analysed terms of a query text, each once."""
    return list(dict.fromkeys(analyse(query, synonym_table())))


def written_terms(query):
    """The words of a query as written (synonym phrases canonical), each once: a tier up in the rank (ADR 0032)."""
    return list(dict.fromkeys(analyse(query, synonym_table(), written=True)))


def search(user, request):
    """Run a search for a visitor: the page of hits, total, facets and experts, all access-filtered."""
    return get_backend().search(user, request, query_terms(request.query))
