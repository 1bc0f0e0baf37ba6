"""The scale-out backend: SearchDocument rows mirrored into Elasticsearch behind an alias.

Searches and live updates go through the alias `settings.ELASTICSEARCH_INDEX`. `rebuild()` fills a new concrete
index `<alias>-<timestamp>`, swaps the alias in one atomic `_aliases` request, deletes older concrete indices and
then catches up with rows written or deleted while it ran, so the site keeps searching throughout. Live updates
are synced by id after the transaction commits, in background tasks (search/tasks.py), with bulk requests.
"""

import re
from dataclasses import replace
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape
from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.helpers import bulk, streaming_bulk

from .. import corrections
from ..models import SearchDocument
from ..query import FACET_COLUMNS, FILL_BELOW, SearchResults, active_filters
from ..tasks import sync_after_commit
from ..text import highlight_terms
from . import SearchBackend
from .database import filtered, holds_word
from .es_mapping import index_body, to_source
from .es_query import build_asn_probe, build_search

CHUNK = 500
# Rows written up to this long before a rebuild started are synced again after the swap, for a transaction still
# open when the rebuild read its row: its own update may have gone to the old index. Kept short because
# search_reindex rewrites every row just before (those rows are re-sent).
CATCH_UP_MARGIN = timedelta(seconds=30)


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url, index=None, **client_options):
        self.url, self._index = url, index
        self.client = Elasticsearch(url, request_timeout=30, **client_options)

    @property
    def alias(self):
        return self._index or settings.ELASTICSEARCH_INDEX

    # -- searching -------------------------------------------------------------------------------------------

    def search(self, user, request, terms):
        """As the database: partial matches follow; corrections and the sign-in hint decided by
        search/corrections.py, the typo vocabulary checked against the visitor's rows in the database."""
        base = filtered(user, active_filters(request))
        outcome = corrections.answer(
            request, terms, lambda query, words: self._filled(user, request, query, words), partial(holds_word, base)
        )
        hint = corrections.sign_in_may_show_more(
            user,
            outcome.searched(request, terms),
            lambda searched: _total(self._search(build_asn_probe(request, [query for query, _terms in searched]))) > 0,
        )
        ran = outcome.ran
        results = results_from(ran.found, request, outcome.terms, ran.relaxed)
        return replace(results, corrected=outcome.corrected, suggestion=outcome.suggestion, sign_in_may_show_more=hint)

    def _filled(self, user, request, query, terms):
        response = self._search(build_search(user, request, query))
        if len(terms) > 1 and _total(response) < FILL_BELOW:
            wider = self._search(build_search(user, request, query, relaxed=True))
            if _total(wider) > _total(response):
                return corrections.Ran(wider, _total(wider), True)
        return corrections.Ran(response, _total(response), False)

    def _search(self, body):
        return self.client.search(index=self.alias, body=body).body

    # -- live updates ----------------------------------------------------------------------------------------

    def documents_changed(self, ids):
        sync_after_commit(ids)

    def documents_removed(self, ids):
        sync_after_commit(ids)

    def sync(self, ids):
        """Make the index agree with the rows of these ids: index the ones that exist, delete the others."""
        ids = sorted(set(ids))
        if not ids:
            return
        documents = SearchDocument.objects.defer("terms", "title_terms", "written_terms").in_bulk(ids)
        actions = [
            _index_action(self.alias, documents[pk]) if pk in documents else _delete_action(self.alias, pk)
            for pk in ids
        ]
        _done, errors = bulk(
            self.client, actions, chunk_size=CHUNK, max_retries=3, require_alias=True, raise_on_error=False
        )
        errors = [error for error in errors if error.get("delete", {}).get("result") != "not_found"]
        if errors:
            raise RuntimeError(f"Elasticsearch refused {len(errors)} of {len(actions)} updates: {errors[:3]}")

    # -- rebuilding ------------------------------------------------------------------------------------------

    def rebuild(self, progress=None):
        started = timezone.now()
        name = f"{self.alias}-{started:%Y%m%d%H%M%S%f}"
        body = index_body()
        self.client.indices.create(index=name, settings=body["settings"], mappings=body["mappings"])
        try:
            streamed = self._fill(name, progress)
            self.client.indices.put_settings(index=name, settings={"index": {"refresh_interval": None}})
            self.client.indices.refresh(index=name)
            self._swap(name)
        except Exception:
            self.client.indices.delete(index=name, ignore_unavailable=True)
            raise
        self._delete_older(name)
        current = set(SearchDocument.objects.values_list("pk", flat=True))
        recent = SearchDocument.objects.filter(indexed_at__gte=started - CATCH_UP_MARGIN).values_list("pk", flat=True)
        self.sync([*(streamed - current), *recent])
        return len(streamed)

    def _fill(self, name, progress):
        total, streamed = SearchDocument.objects.count(), set()
        documents = SearchDocument.objects.defer("terms", "title_terms", "written_terms")
        rows = documents.order_by("pk").iterator(chunk_size=CHUNK)
        actions = (_index_action(name, document) for document in rows)
        results = streaming_bulk(self.client, actions, chunk_size=CHUNK, max_retries=3)
        for done, (_ok, item) in enumerate(results, start=1):
            streamed.add(int(item["index"]["_id"]))
            if progress:
                progress(done, total, "elasticsearch")
        if progress and not total:
            progress(0, 0, "elasticsearch")
        return streamed

    def _swap(self, name):
        """Point the alias at `name` alone, in one atomic request."""
        try:
            current = list(self.client.indices.get_alias(name=self.alias).body)
        except NotFoundError:
            current = []
        actions = [{"remove": {"index": index, "alias": self.alias}} for index in sorted(current)]
        actions.append({"add": {"index": name, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)

    def _delete_older(self, name):
        """Delete this alias's concrete indices older than `name` (left by earlier or failed rebuilds)."""
        pattern = re.compile(rf"{re.escape(self.alias)}-\d{{20}}")
        existing = self.client.indices.get_alias(index=f"{self.alias}-*").body
        older = sorted(index for index in existing if pattern.fullmatch(index) and index < name)
        if older:
            self.client.indices.delete(index=",".join(older))


def _index_action(index, document):
    return {"_op_type": "index", "_index": index, "_id": str(document.pk), "_source": to_source(document)}


def _delete_action(index, pk):
    return {"_op_type": "delete", "_index": index, "_id": str(pk)}


def _total(response):
    return response["hits"]["total"]["value"]


def _relation(response):
    """ "eq" when the total is exact, "gte" when at least that many match (track_total_hits)."""
    return response["hits"]["total"].get("relation", "eq")


def results_from(response, request, terms, relaxed=False):
    """SearchResults from a search response; hits carry their SearchDocument rows, loaded in one query."""
    found = response["hits"]["hits"]
    documents = SearchDocument.objects.in_bulk([int(hit["_id"]) for hit in found])
    start = (max(request.page, 1) - 1) * request.per_page
    hits = []
    for hit in found:
        document = documents.get(int(hit["_id"]))
        if document is None:  # deleted since; its removal is on its way to the index
            continue
        fragments = hit.get("highlight", {}).get("text")
        snippet = snippet_html(document.text, fragments[0]) if fragments else highlight_terms(document.text, set(terms))
        hits.append({"document": document, "snippet": snippet, "position": start + len(hits)})
    aggs = response.get("aggregations", {})
    return SearchResults(
        request.query,
        terms,
        _total(response),
        request.page,
        request.per_page,
        hits,
        facets_from(aggs.get("facets", {})),
        relaxed,
        experts_from(aggs) if terms else [],
        total_relation=_relation(response),
        facets_approximate=_relation(response) == "gte",
    )


def snippet_html(text, fragment):
    """A highlight fragment as safe HTML: everything escaped but the <mark> tags; … where the text goes on."""
    safe = escape(fragment).replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>")
    plain = " ".join(fragment.replace("<mark>", "").replace("</mark>", "").split())
    text = " ".join((text or "").split())
    prefix = "" if text.startswith(plain) else "… "
    suffix = "" if text.endswith(plain) else " …"
    return prefix + safe + suffix


def facets_from(aggs):
    facets = {}
    for name in [*FACET_COLUMNS, "tag"]:
        buckets = aggs.get(name, {}).get("buckets", [])
        facets[name] = [(bucket["key"], _label(bucket), bucket["doc_count"]) for bucket in buckets]
    return facets


def _label(bucket):
    labels = bucket.get("label", {}).get("buckets")
    return labels[0]["key"] if labels else str(bucket["key"])


def experts_from(aggs):
    buckets = aggs.get("experts", {}).get("best", {}).get("people", {}).get("ids", {}).get("buckets", [])
    return [(int(bucket["key"]), _label_of(bucket["name"]), bucket["items"]["doc_count"]) for bucket in buckets]


def _label_of(names):
    return names["buckets"][0]["key"] if names["buckets"] else ""
