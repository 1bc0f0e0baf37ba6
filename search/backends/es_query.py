"""Elasticsearch request bodies, built by pure functions (no client, no database) so tests can read them.

The access rule of `corpu.access.visible_q` is one clause in `bool.filter`: hits, the total, every aggregation and
every page are computed on visible documents only (never `post_filter`, which would leave aggregations unfiltered).
"""

from corpu.access import AccessLevel, Viewer, viewer_for

from ..query import (
    EXPERT_KINDS,
    EXPERT_SAMPLE,
    EXPERTS,
    FACET_COLUMNS,
    TAG_FACET_SIZE,
    TRACK_TOTAL_HITS,
    WRITTEN_TIER,
    active_filters,
)
from ..text import STOP_WORDS, words

FACET_SIZE = 100
MAX_WINDOW = 10_000  # Elasticsearch's default index.max_result_window
SNIPPET_SIZE = 240


def access_filter(viewer):
    """The documents a viewer may see, as an Elasticsearch filter clause (same rule as corpu.access.visible_q)."""
    if viewer.is_admin:
        return {"match_all": {}}
    allowed = [{"term": {"access_level": AccessLevel.PUBLIC.value}}]
    if viewer.is_asn_audience:
        allowed.append({"term": {"access_level": AccessLevel.ASN.value}})
    reach = []
    if viewer.is_staff_member:
        unowned = [{"exists": {"field": "owner_unit_id"}}, {"exists": {"field": "owner_kelompok_id"}}]
        reach.append({"bool": {"must_not": unowned}})
    if viewer.unit_ids:
        reach.append({"terms": {"owner_unit_id": sorted(viewer.unit_ids)}})
    if viewer.kelompok_ids:
        reach.append({"terms": {"owner_kelompok_id": sorted(viewer.kelompok_ids)}})
    if reach:
        internal = {"term": {"access_level": AccessLevel.INTERNAL.value}}
        allowed.append({"bool": {"filter": [internal, {"bool": {"should": reach, "minimum_should_match": 1}}]}})
    return {"bool": {"should": allowed, "minimum_should_match": 1}}


def facet_filters(filters):
    """Term filters for the active facet values (tags are stored lowercase)."""
    clauses = [{"term": {column: filters[name]}} for name, column in FACET_COLUMNS.items() if name in filters]
    if "tag" in filters:
        clauses.append({"term": {"tags": str(filters["tag"]).casefold()}})
    return clauses


def text_query(query, relaxed=False):
    """Every word (or, relaxed, any word) in the title or body, as written (typos are corrected by
    search/corrections.py, the same as on the database); stop-word-only queries match all."""
    return {
        "multi_match": {
            "query": query,
            "fields": ["title^3", "text", "body"],
            "type": "best_fields",
            "tie_breaker": 0.3,
            "operator": "or" if relaxed else "and",
            "zero_terms_query": "all",
        }
    }


def written_tiers(query):
    """A tier up (WRITTEN_TIER, as on the database) per query word a document holds as written (title or body)."""
    tiers = []
    for word in dict.fromkeys(word for word in words(query) if word not in STOP_WORDS):
        held = {"multi_match": {"query": word, "fields": ["title.written", "written"], "operator": "and"}}
        tiers.append({"constant_score": {"filter": held, "boost": WRITTEN_TIER}})
    return tiers


def ranked(query):
    """The text query's score multiplied by the document's boost (superseded assets rank lower)."""
    factor = {"field_value_factor": {"field": "boost", "missing": 1}}
    return {"function_score": {"query": query, "functions": [factor], "boost_mode": "multiply"}}


def aggregations(with_experts):
    """Facet counts (FACET_COLUMNS and tag) over the TRACK_TOTAL_HITS best-scoring matches per shard (every match
    when no more match, as on the database) and, for a text query, the people behind the best-scoring matching
    assets and threads (a sampler of EXPERT_SAMPLE per shard)."""
    facets = {}
    for name, column in FACET_COLUMNS.items():
        facets[name] = {"terms": {"field": column, "size": FACET_SIZE}}
    facets["kelompok"]["aggs"] = {"label": {"terms": {"field": "kelompok_label", "size": 1}}}
    facets["tag"] = {"terms": {"field": "tags", "size": TAG_FACET_SIZE}}
    aggs = {"facets": {"sampler": {"shard_size": TRACK_TOTAL_HITS}, "aggs": facets}}
    if with_experts:
        per_person = {
            "terms": {"field": "people.id", "size": EXPERTS, "order": [{"items": "desc"}, {"_key": "asc"}]},
            "aggs": {"items": {"reverse_nested": {}}, "name": {"terms": {"field": "people.name", "size": 1}}},
        }
        people = {"people": {"nested": {"path": "people"}, "aggs": {"ids": per_person}}}
        best = {"sampler": {"shard_size": EXPERT_SAMPLE}, "aggs": people}
        aggs["experts"] = {"filter": {"terms": {"kind": list(EXPERT_KINDS)}}, "aggs": {"best": best}}
    return aggs


def build_search(viewer_or_user, request, query, relaxed=False):
    """The body of one search request for a visitor (a Viewer or a user), a SearchRequest and the query text."""
    viewer = viewer_or_user if isinstance(viewer_or_user, Viewer) else viewer_for(viewer_or_user)
    if not isinstance(query, str):
        query = " ".join(query)
    query = query.strip()
    start = (max(request.page, 1) - 1) * request.per_page
    size = request.per_page if start + request.per_page <= MAX_WINDOW else 0
    body = {
        "query": {
            "bool": {
                "filter": [access_filter(viewer), *facet_filters(active_filters(request))],
                "must": [ranked(text_query(query, relaxed))] if query else [],
                "should": written_tiers(query),
            }
        },
        "track_total_hits": TRACK_TOTAL_HITS,  # exact up to this many, then relation "gte"
        "from": start if size else 0,
        "size": size,
        "sort": [{"_score": "desc"}, {"date": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
        "_source": False,
        "aggs": aggregations(with_experts=bool(query)),
    }
    if query:
        body["highlight"] = {
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "require_field_match": False,
            "fields": {"text": {"fragment_size": SNIPPET_SIZE, "number_of_fragments": 1}},
        }
    return body


def build_asn_probe(request, queries):
    """The body asking whether an item of access level ASN (every signed-in ASN may see it) within the facet filters
    holds every word of one of these query texts: no hits, no aggregations, a total of at most 1 (the sign-in hint)."""
    texts = [query.strip() for query in queries if query.strip()]
    matching = [{"bool": {"should": [text_query(text) for text in texts], "minimum_should_match": 1}}] if texts else []
    asn = {"term": {"access_level": AccessLevel.ASN.value}}
    return {
        "query": {"bool": {"filter": [asn, *facet_filters(active_filters(request))], "must": matching}},
        "track_total_hits": 1,
        "size": 0,
        "_source": False,
    }
