"""Elasticsearch backend without a server: generated mappings and query bodies, the access filter against the SQL
rule, and the requests the real client sends (through an in-memory node) for rebuilds, live updates and searches."""

import io
import json
from collections import namedtuple
from types import SimpleNamespace
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elasticsearch_dsl import Search
from hypothesis import given
from hypothesis import strategies as st

from corpu.access import ANONYMOUS, AccessLevel, Viewer, can_view, filter_visible, viewer_for
from knowledge_assets.models import KnowledgeAssetPage
from people.models import KelompokKeahlian, UnitKerja
from search import backends as search_backends
from search.backends.elasticsearch import ElasticsearchBackend, snippet_html
from search.backends.es_mapping import index_body, synonym_rules, to_source
from search.backends.es_query import access_filter, build_asn_probe, build_search
from search.index import add_words
from search.models import SearchDocument, Synonym, UnstemmedTerm
from search.query import FACET_COLUMNS, WRITTEN_TIER, SearchRequest, search, written_terms
from search.tests.test_search import VISITORS

URL = "http://es.test:9200"

# -- a tiny evaluator for the filter subset the access clause may use ---------------------------------------------


def _values(source, field):
    value = source.get(field)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _clauses(value):
    return value if isinstance(value, list) else [value]


def matches(clause, source):
    """Does a document source satisfy this filter clause? Anything outside the known subset fails the test."""
    ((kind, spec),) = clause.items()
    if kind == "match_all":
        return True
    if kind == "term":
        ((field, value),) = spec.items()
        return value in _values(source, field)
    if kind == "terms":
        ((field, values),) = spec.items()
        return bool(set(values) & set(_values(source, field)))
    if kind == "exists":
        return bool(_values(source, spec["field"]))
    if kind == "bool":
        required = _clauses(spec.get("must", [])) + _clauses(spec.get("filter", []))
        should = _clauses(spec.get("should", []))
        needed = spec.get("minimum_should_match", 0 if required else 1) if should else 0
        return (
            all(matches(each, source) for each in required)
            and not any(matches(each, source) for each in _clauses(spec.get("must_not", [])))
            and sum(matches(each, source) for each in should) >= needed
        )
    raise AssertionError(f"clause outside the evaluated subset: {kind}")


def _walk(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


# -- an in-memory Elasticsearch node for the real client ----------------------------------------------------------

Reply = namedtuple("Reply", "meta body")


class FakeCluster:
    """Just enough of a one-node cluster for the backend: indices, aliases and documents, every request logged."""

    def __init__(self):
        self.indices = {}  # name -> {"settings", "mappings", "docs": {id: source}}
        self.aliases = {}  # alias -> set of index names
        self.requests = []  # (method, path, query params, parsed body)
        self.answers = []  # search responses, given in order

    def node_class(self):
        cluster = self

        class Node(BaseNode):
            _CLIENT_META_HTTP_CLIENT = ("fake", "1")

            def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
                status, payload = cluster.handle(method, target, body)
                headers = HttpHeaders({"content-type": "application/json", "x-elastic-product": "Elasticsearch"})
                meta = ApiResponseMeta(status, "1.1", headers, 0.0, self.config)
                return Reply(meta, json.dumps(payload).encode())

        return Node

    def calls(self):
        return [(method, path) for method, path, _params, _body in self.requests]

    def docs(self, name):
        return self.indices[self.resolve(name)]["docs"]

    def resolve(self, name):
        return next(iter(self.aliases[name])) if name in self.aliases else name

    def handle(self, method, target, body):
        url = urlsplit(target)
        path, params = unquote(url.path), dict(parse_qsl(url.query))
        text = body.decode() if body else ""
        if path == "/_bulk":
            parsed = [json.loads(line) for line in text.splitlines() if line]
        else:
            parsed = json.loads(text or "null")
        self.requests.append((method, path, params, parsed))
        parts = path.strip("/").split("/")
        if parts == ["_bulk"]:
            return self._bulk(parsed, params)
        if parts == ["_aliases"]:
            for action in parsed["actions"]:
                ((op, spec),) = action.items()
                held = self.aliases.setdefault(spec["alias"], set())
                held.add(spec["index"]) if op == "add" else held.discard(spec["index"])
            return 200, {"acknowledged": True}
        if parts[0] == "_alias":
            held = {index: {"aliases": {parts[1]: {}}} for index in sorted(self.aliases.get(parts[1], ()))}
            return (200, held) if held else _missing(parts[1])
        if len(parts) == 2 and parts[1] == "_alias":
            prefix = parts[0].rstrip("*")
            return 200, {name: {"aliases": {}} for name in self.indices if name.startswith(prefix)}
        if len(parts) == 2 and parts[1] == "_search":
            if self.resolve(parts[0]) not in self.indices:
                return _missing(parts[0])
            return 200, self.answers.pop(0)
        if len(parts) == 2:  # _settings, _refresh
            return 200, {"acknowledged": True}
        if method == "PUT":
            self.indices[parts[0]] = {**parsed, "docs": {}}
            return 200, {"acknowledged": True, "index": parts[0]}
        if method == "DELETE":
            for name in parts[0].split(","):
                self.indices.pop(name, None)
            return 200, {"acknowledged": True}
        raise AssertionError(f"unexpected request {method} {path}")

    def _bulk(self, lines, params):
        items, i = [], 0
        while i < len(lines):
            ((op, meta),) = lines[i].items()
            name, doc_id = meta["_index"], meta["_id"]
            source = lines[i + 1] if op == "index" else None
            i += 2 if op == "index" else 1
            if params.get("require_alias") == "true" and name not in self.aliases:
                error = {"type": "index_not_found_exception", "reason": f"[{name}] is not an alias"}
                items.append({op: {"_index": name, "_id": doc_id, "status": 404, "error": error}})
                continue
            docs = self.indices.setdefault(self.resolve(name), {"auto_created": True, "docs": {}})["docs"]
            if op == "index":
                docs[doc_id] = source
                items.append({op: {"_index": name, "_id": doc_id, "status": 201, "result": "created"}})
            else:
                found = docs.pop(doc_id, None) is not None
                status, result = (200, "deleted") if found else (404, "not_found")
                items.append({op: {"_index": name, "_id": doc_id, "status": status, "result": result}})
        return 200, {"took": 1, "errors": any("error" in next(iter(it.values())) for it in items), "items": items}


def _missing(name):
    return 404, {"error": {"type": "index_not_found_exception", "reason": f"no such index [{name}]"}, "status": 404}


def search_response(ids, total=None, highlight=None, aggregations=None, relation="eq"):
    highlight = highlight or {}
    hits = [{"_id": str(pk), "_score": 1.0, **({"highlight": highlight[pk]} if pk in highlight else {})} for pk in ids]
    return {
        "hits": {"total": {"value": len(ids) if total is None else total, "relation": relation}, "hits": hits},
        "aggregations": aggregations or {},
    }


@pytest.fixture
def es(settings, monkeypatch):
    """The Elasticsearch backend, its client talking to a FakeCluster."""
    settings.ELASTICSEARCH_URL = URL
    settings.ELASTICSEARCH_INDEX = "corpu-search"
    cluster = FakeCluster()
    backend = ElasticsearchBackend(URL, node_class=cluster.node_class())
    monkeypatch.setattr(search_backends, "_backend", backend)
    return SimpleNamespace(backend=backend, cluster=cluster)


def make_document(number, **fields):
    values = {
        "content_type": ContentType.objects.get_for_model(SearchDocument),
        "object_id": number,
        "kind": "asset",
        "title": f"SOP Pengadaan {number}",
        "text": "Pengadaan barang lewat e-katalog.",
        "terms": " sop ada barang ",
        "title_terms": " sop ada ",
        "url": f"/pengetahuan/{number}/",
        "access_level": AccessLevel.PUBLIC,
    }
    values.update(fields)
    return SearchDocument.objects.create(**values)


# -- mappings and analysis ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_index_settings_analyse_indonesian_with_admin_synonyms_at_search_time():
    Synonym.objects.create(terms="Renaksi, rencana aksi,  ")
    settings = index_body()["settings"]
    analysis = settings["analysis"]
    index_analyzer = analysis["analyzer"]["corpu_indonesian"]
    search_analyzer = analysis["analyzer"]["corpu_indonesian_search"]
    assert index_analyzer["tokenizer"] == search_analyzer["tokenizer"] == "standard"
    stemming = ["corpu_indonesian_stop", "corpu_unstemmed", "corpu_indonesian_stemmer"]  # never-stemmed terms seeded
    assert index_analyzer["filter"] == ["lowercase", *stemming]
    assert search_analyzer["filter"] == ["lowercase", "corpu_synonyms", *stemming]
    filters = analysis["filter"]
    assert filters["corpu_indonesian_stop"] == {"type": "stop", "stopwords": "_indonesian_"}
    assert filters["corpu_indonesian_stemmer"] == {"type": "stemmer", "language": "indonesian"}
    assert filters["corpu_synonyms"]["type"] == "synonym_graph"
    rules = filters["corpu_synonyms"]["synonyms"]
    assert len(rules) == Synonym.objects.count() and rules[-1] == "renaksi, rencana aksi"
    assert "komunitas belajar, cop, komunitas praktik, community of practice" in rules  # seeded by a migration
    assert settings["number_of_shards"] == 1 and settings["refresh_interval"] == "-1"  # bulk fill, then refresh


def test_without_synonyms_the_search_analyzer_has_no_synonym_filter():
    analysis = index_body(rules=[])["settings"]["analysis"]
    assert "corpu_synonyms" not in analysis["filter"]
    analyzers = analysis["analyzer"]
    assert analyzers["corpu_indonesian_search"]["filter"] == analyzers["corpu_indonesian"]["filter"]


@pytest.mark.django_db
def test_never_stemmed_terms_are_keyword_marked_before_the_stemmer_and_words_as_written_are_not_stemmed():
    """ADR 0032: the seeded terms (migration 0009) and an admin's addition reach the index settings."""
    UnstemmedTerm.objects.create(term="Renaksi")
    analysis = index_body()["settings"]["analysis"]
    marker = analysis["filter"]["corpu_unstemmed"]
    assert marker["type"] == "keyword_marker" and marker["ignore_case"] is True
    assert {"pengadaan", "perizinan", "penganggaran", "kepegawaian", "pelayanan", "pbj", "renaksi"} <= set(
        marker["keywords"]
    )
    stemming = ["corpu_indonesian_stop", "corpu_unstemmed", "corpu_indonesian_stemmer"]
    analyzers = analysis["analyzer"]
    assert analyzers["corpu_indonesian"]["filter"] == ["lowercase", *stemming]
    assert analyzers["corpu_indonesian_search"]["filter"] == ["lowercase", "corpu_synonyms", *stemming]
    assert analyzers["corpu_written"]["filter"] == ["lowercase", "corpu_indonesian_stop"]
    assert analyzers["corpu_written_search"]["filter"] == ["lowercase", "corpu_synonyms", "corpu_indonesian_stop"]


@pytest.mark.django_db
def test_both_backends_rank_the_same_words_as_written_a_tier_up():
    """The database adds WRITTEN_TIER per query word held as written (search.query.written_terms); the Elasticsearch
    body has one constant_score of the same boost per word, outside the stemmed, boost-multiplied score."""
    query = "Pengadaan barang di desa"
    body = build_search(STAFF, SearchRequest(query), query)
    tiers = body["query"]["bool"]["should"]
    assert [tier["constant_score"]["boost"] for tier in tiers] == [WRITTEN_TIER] * 3
    held = [tier["constant_score"]["filter"]["multi_match"] for tier in tiers]
    assert [match["query"] for match in held] == written_terms(query) == ["pengadaan", "barang", "desa"]
    assert {tuple(match["fields"]) for match in held} == {("title.written", "written")}
    assert "function_score" in body["query"]["bool"]["must"][0]  # the stems still decide what matches
    assert build_search(STAFF, SearchRequest(""), "")["query"]["bool"]["should"] == []


def test_synonym_rules_keep_words_only_and_skip_groups_without_a_partner():
    groups = [["CoP", "komunitas => belajar", "cop"], ["sendiri"], ["e-Katalog", "katalog elektronik"]]
    assert synonym_rules(groups) == ["cop, komunitas belajar", "e-katalog, katalog elektronik"]


def test_mappings_are_explicit_and_strict():
    mappings = index_body(rules=[])["mappings"]
    fields = mappings["properties"]
    types = {name: field["type"] for name, field in fields.items()}
    assert types == {
        "id": "integer",
        "kind": "keyword",
        "access_level": "keyword",
        "owner_unit_id": "integer",
        "owner_kelompok_id": "integer",
        "title": "text",
        "text": "text",
        "body": "text",
        "written": "text",
        "owner_label": "text",
        "asset_type": "keyword",
        "competency": "keyword",
        "delivery_model": "keyword",
        "year": "integer",
        "tags": "keyword",
        "kelompok_label": "keyword",
        "people": "nested",
        "date": "date",
        "url": "keyword",
        "kind_words": "text",
        "boost": "float",
    }
    assert mappings["dynamic"] == "strict"
    for name in ("title", "text", "body"):
        assert fields[name]["analyzer"] == "corpu_indonesian"
        assert fields[name]["search_analyzer"] == "corpu_indonesian_search"
    copied = {name: fields[name]["copy_to"] for name in ("title", "text", "tags", "owner_label", "kind_words")}
    assert copied == dict.fromkeys(copied, ["body", "written"])
    for written in (fields["written"], fields["title"]["fields"]["written"]):
        assert (written["analyzer"], written["search_analyzer"]) == ("corpu_written", "corpu_written_search")
    assert fields["people"]["properties"] == {"id": {"type": "integer"}, "name": {"type": "keyword"}}
    assert fields["url"]["index"] is False


def test_source_of_a_document_leaves_empty_values_out():
    document = SearchDocument(
        pk=7,
        kind="thread",
        title="Cara isi e-kinerja",
        text="Langkah <b>pengisian</b>",
        access_level=AccessLevel.INTERNAL,
        owner_kelompok_id=3,
        tags="|e-kinerja|sakip|",
        people=[[12, "Budi"], [15, "Sari"]],
        year=2024,
        url="/komunitas/1/",
    )
    assert to_source(document) == {
        "id": 7,
        "kind": "thread",
        "access_level": "internal",
        "owner_kelompok_id": 3,
        "title": "Cara isi e-kinerja",
        "text": "Langkah <b>pengisian</b>",
        "year": 2024,
        "tags": ["e-kinerja", "sakip"],
        "people": [{"id": 12, "name": "Budi"}, {"id": 15, "name": "Sari"}],
        "url": "/komunitas/1/",
        "kind_words": "diskusi komunitas belajar forum",
        "boost": 1.0,
    }


# -- query bodies -------------------------------------------------------------------------------------------------

STAFF = Viewer(authenticated=True, is_asn_audience=True, is_staff_member=True, unit_ids=frozenset({4, 2}))


def test_query_body_filters_access_and_facets_inside_the_bool_query():
    request = SearchRequest(
        "pengadaan barang", {"kind": "asset", "kelompok": 5, "year": 2024, "tag": "SOP", "competency": ""}, 3, 10
    )
    body = build_search(STAFF, request, request.query)
    clauses = body["query"]["bool"]["filter"]
    assert clauses[0] == access_filter(STAFF)
    assert clauses[1:] == [
        {"term": {"kind": "asset"}},
        {"term": {"owner_kelompok_id": 5}},
        {"term": {"year": 2024}},
        {"term": {"tags": "sop"}},
    ]
    assert "post_filter" not in body and "global" not in set(_walk(body["aggs"]))
    (scored,) = body["query"]["bool"]["must"]
    assert scored["function_score"]["functions"] == [{"field_value_factor": {"field": "boost", "missing": 1}}]
    assert scored["function_score"]["boost_mode"] == "multiply"
    match = scored["function_score"]["query"]
    assert match["multi_match"] == {
        "query": "pengadaan barang",
        "fields": ["title^3", "text", "body"],
        "type": "best_fields",
        "tie_breaker": 0.3,
        "operator": "and",
        "zero_terms_query": "all",
    }
    assert (body["from"], body["size"], body["track_total_hits"]) == (20, 10, 10_000)
    assert body["sort"][0] == {"_score": "desc"} and body["_source"] is False
    highlight = body["highlight"]
    assert highlight["pre_tags"] == ["<mark>"] and highlight["post_tags"] == ["</mark>"]
    assert list(highlight["fields"]) == ["text"]


def test_aggregations_cover_every_facet_tags_and_experts_of_assets_and_threads():
    everything = build_search(STAFF, SearchRequest("sop"), "sop")["aggs"]
    assert set(everything) == {"facets", "experts"}
    # facets: the 10,000 best-scoring matches per shard, every match when no more match (as on the database)
    assert everything["facets"]["sampler"] == {"shard_size": 10_000}
    aggs = {**everything["facets"]["aggs"], "experts": everything["experts"]}
    assert set(aggs) == {*FACET_COLUMNS, "tag", "experts"}
    for name, column in FACET_COLUMNS.items():
        assert aggs[name]["terms"]["field"] == column
    assert aggs["kelompok"]["aggs"]["label"]["terms"]["field"] == "kelompok_label"
    assert aggs["tag"]["terms"] == {"field": "tags", "size": 15}
    experts = aggs["experts"]
    assert experts["filter"] == {"terms": {"kind": ["asset", "thread"]}}
    assert experts["aggs"]["best"]["sampler"] == {"shard_size": 1000}  # the best-scoring matches, as on the database
    people = experts["aggs"]["best"]["aggs"]["people"]
    assert people["nested"] == {"path": "people"}
    assert people["aggs"]["ids"]["terms"]["field"] == "people.id"
    assert people["aggs"]["ids"]["aggs"]["items"] == {"reverse_nested": {}}  # counts items, not mentions


def test_relaxed_body_asks_for_any_word_and_browsing_matches_everything_visible():
    relaxed = build_search(STAFF, SearchRequest("pengadaan kendaraan"), "pengadaan kendaraan", relaxed=True)
    assert relaxed["query"]["bool"]["must"][0]["function_score"]["query"]["multi_match"]["operator"] == "or"
    browsing = build_search(STAFF, SearchRequest("", {"kind": "course"}), "")
    assert browsing["query"]["bool"]["must"] == []
    assert browsing["query"]["bool"]["filter"] == [access_filter(STAFF), {"term": {"kind": "course"}}]
    assert "highlight" not in browsing and "experts" not in browsing["aggs"]


@pytest.mark.parametrize(
    "request_, relaxed",
    [(SearchRequest("sop pengadaan", {"kind": "asset", "tag": "sop"}, 2), False), (SearchRequest("a b"), True)],
)
def test_bodies_use_only_known_query_and_aggregation_types(request_, relaxed):
    body = build_search(STAFF, request_, request_.query, relaxed)
    parsed = Search.from_dict(body)  # raises on a query or aggregation type elasticsearch-dsl does not know
    assert parsed.to_dict() == body
    assert type(parsed.aggs["experts"]).__name__ == "Filter"


@pytest.mark.parametrize("relaxed", [False, True])
def test_words_match_as_written_and_no_suggester_is_asked(relaxed):
    """Suggesters (term, phrase, completion) read every document's words whatever the filter, so a suggestion could
    name a word of a restricted item: the body asks for none. Fuzziness would match other words than the written ones
    (an acronym too: "sipd" ~ "sip") even when the written query finds items: corrections come from
    search/corrections.py, applied only when the written query finds nothing, as on the database."""
    body = build_search(ANONYMOUS, SearchRequest("anggoat rapat"), "anggoat rapat", relaxed)
    assert not {"suggest", "term_suggester", "phrase", "completion", "fuzzy", "fuzziness"} & set(_walk(body))
    assert body["query"]["bool"]["filter"][0] == access_filter(ANONYMOUS)


def test_pages_past_the_result_window_ask_for_counts_only():
    body = build_search(STAFF, SearchRequest("sop", page=1001, per_page=10), "sop")
    assert (body["from"], body["size"]) == (0, 0)
    assert body["query"]["bool"]["filter"][0] == access_filter(STAFF)


def test_admin_sees_everything_and_anonymous_only_public():
    assert access_filter(Viewer(authenticated=True, is_admin=True)) == {"match_all": {}}
    public_only = {"bool": {"should": [{"term": {"access_level": "public"}}], "minimum_should_match": 1}}
    assert access_filter(ANONYMOUS) == public_only


# -- leak tests: the generated filter selects exactly what corpu.access selects ----------------------------------


@pytest.fixture
def access_matrix(institution):
    """One document per access level (an unknown one included) × owning unit × owning kelompok keahlian."""
    units = [None, *UnitKerja.objects.order_by("pk")]
    kelompoks = [None, *KelompokKeahlian.objects.order_by("pk")]
    assert len(units) >= 4 and len(kelompoks) >= 3
    number = 0
    for level in [*AccessLevel.values, "rahasia"]:
        for unit in units:
            for kelompok in kelompoks:
                number += 1
                make_document(number, access_level=level, owner_unit=unit, owner_kelompok=kelompok)
    return SearchDocument.objects.all()


@pytest.mark.django_db
@pytest.mark.parametrize("visitor", VISITORS)
def test_access_filter_selects_exactly_the_rows_the_policy_allows(institution, access_matrix, visitor):
    user = institution["visitors"][visitor]
    expected = set(filter_visible(access_matrix, user).values_list("pk", flat=True))
    assert expected and (visitor == "admin") == (len(expected) == access_matrix.count())
    for request in (SearchRequest("pengadaan"), SearchRequest("", page=2), SearchRequest("sop", {"kind": "asset"})):
        for relaxed in (False, True):
            body = build_search(user, request, request.query, relaxed)
            query_filter = {"bool": {"filter": body["query"]["bool"]["filter"]}}
            selected = {document.pk for document in access_matrix if matches(query_filter, to_source(document))}
            assert selected == expected
            assert "post_filter" not in body and "global" not in set(_walk(body["aggs"]))


viewers = st.just(ANONYMOUS) | st.builds(
    Viewer,
    authenticated=st.just(True),
    is_admin=st.booleans(),
    is_asn_audience=st.booleans(),
    is_staff_member=st.booleans(),
    unit_ids=st.frozensets(st.integers(1, 4)),
    kelompok_ids=st.frozensets(st.integers(1, 4)),
)
owners = st.none() | st.integers(1, 5)


@given(viewers, st.sampled_from([*AccessLevel.values, "rahasia", ""]), owners, owners)
def test_access_filter_agrees_with_can_view_for_any_viewer(viewer, level, unit_id, kelompok_id):
    user = SimpleNamespace(is_authenticated=True, is_active=True, _corpu_viewer=viewer)
    source = {"access_level": level, "owner_unit_id": unit_id, "owner_kelompok_id": kelompok_id}
    source = {field: value for field, value in source.items() if value is not None}
    assert matches(access_filter(viewer), source) == can_view(user, level, unit_id, kelompok_id)


# -- requests sent to the cluster ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_rebuild_fills_a_new_index_swaps_the_alias_atomically_and_deletes_the_old_one(es):
    Synonym.objects.create(terms="renaksi, rencana aksi")
    documents = [make_document(n) for n in range(1, 4)]
    seen = []
    es.backend.rebuild(lambda done, total, stage: seen.append((done, total, stage)))
    (first,) = es.cluster.aliases["corpu-search"]
    assert first.startswith("corpu-search-") and seen[-1] == (3, 3, "elasticsearch")
    synonyms = es.cluster.indices[first]["settings"]["analysis"]["filter"]["corpu_synonyms"]["synonyms"]
    assert "renaksi, rencana aksi" in synonyms
    es.cluster.requests.clear()

    documents[0].delete()
    es.backend.rebuild()
    (second,) = es.cluster.aliases["corpu-search"]
    assert es.cluster.calls() == [
        ("PUT", f"/{second}"),  # settings and mappings
        ("PUT", "/_bulk"),  # every row, into the new concrete index
        ("PUT", f"/{second}/_settings"),  # refreshing again
        ("POST", f"/{second}/_refresh"),
        ("GET", "/_alias/corpu-search"),
        ("POST", "/_aliases"),  # the swap
        ("GET", "/corpu-search-*/_alias"),
        ("DELETE", f"/{first}"),
        ("PUT", "/_bulk"),  # catching up with rows written meanwhile, through the alias
    ]
    requests = es.cluster.requests
    assert set(requests[0][3]) == {"settings", "mappings"}
    assert [line["index"]["_index"] for line in requests[1][3][::2]] == [second, second]
    assert requests[2][3] == {"index": {"refresh_interval": None}}
    assert requests[5][3] == {
        "actions": [
            {"remove": {"index": first, "alias": "corpu-search"}},
            {"add": {"index": second, "alias": "corpu-search"}},
        ]
    }
    assert requests[8][2]["require_alias"] == "true"
    assert first not in es.cluster.indices
    assert set(es.cluster.docs("corpu-search")) == {str(documents[1].pk), str(documents[2].pk)}
    assert es.cluster.docs("corpu-search")[str(documents[1].pk)] == to_source(documents[1])


@pytest.mark.django_db
def test_rebuild_catches_up_with_rows_written_while_it_ran(es, monkeypatch):
    kept, removed = make_document(1), make_document(2)
    original_swap = ElasticsearchBackend._swap

    def swap_after_changes(backend, name):
        removed.delete()
        SearchDocument.objects.filter(pk=kept.pk).update(title="SOP Pengadaan (revisi)")  # indexed_at stays recent
        original_swap(backend, name)

    monkeypatch.setattr(ElasticsearchBackend, "_swap", swap_after_changes)
    es.backend.rebuild()
    docs = es.cluster.docs("corpu-search")
    assert set(docs) == {str(kept.pk)} and docs[str(kept.pk)]["title"] == "SOP Pengadaan (revisi)"


@pytest.mark.django_db
def test_failed_fill_leaves_the_alias_on_the_old_index(es, monkeypatch):
    make_document(1)
    es.backend.rebuild()
    (old,) = es.cluster.aliases["corpu-search"]

    def broken(*args, **kwargs):
        raise ConnectionError("cluster went away")

    monkeypatch.setattr("search.backends.elasticsearch.streaming_bulk", broken)
    with pytest.raises(ConnectionError):
        es.backend.rebuild()
    assert es.cluster.aliases["corpu-search"] == {old} and list(es.cluster.indices) == [old]


@pytest.mark.django_db
def test_search_reindex_command_rebuilds_elasticsearch_with_a_progress_bar(es, institution, home):
    from knowledge_assets.setup import ensure_knowledge_setup

    catalogue = ensure_knowledge_setup(home)
    for title in ("SOP Pengadaan Barang", "Praktik Baik E-Kinerja"):
        catalogue.add_child(instance=KnowledgeAssetPage(title=title, abstract=title, asset_type="sop"))
    out = io.StringIO()
    call_command("search_reindex", stdout=out)
    output = out.getvalue()
    total = SearchDocument.objects.count()
    assert total >= 2
    assert f"dokumen       [{'#' * 30}]" in output and f"elasticsearch [{'#' * 30}] {total}/{total}" in output
    assert len(es.cluster.docs("corpu-search")) == total


@pytest.mark.django_db
def test_live_updates_wait_for_commit_and_go_in_one_bulk_request(es, django_capture_on_commit_callbacks):
    make_document(1)
    es.backend.rebuild()
    es.cluster.requests.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        changed = make_document(2, access_level=AccessLevel.INTERNAL)
        gone = make_document(3)
        es.backend.documents_changed([changed.pk, gone.pk])
        gone_pk = gone.pk
        gone.delete()
        es.backend.documents_removed([gone_pk])
        assert es.cluster.requests == []  # nothing before the commit
    assert len(callbacks) == 1
    ((method, path, params, lines),) = es.cluster.requests
    assert (method, path, params["require_alias"]) == ("PUT", "/_bulk", "true")
    assert lines == [
        {"index": {"_index": "corpu-search", "_id": str(changed.pk)}},
        to_source(changed),
        {"delete": {"_index": "corpu-search", "_id": str(gone_pk)}},
    ]
    assert es.cluster.docs("corpu-search")[str(changed.pk)]["access_level"] == "internal"


@pytest.mark.django_db
def test_updates_before_any_rebuild_never_create_an_unmapped_index(es, django_capture_on_commit_callbacks, caplog):
    with django_capture_on_commit_callbacks(execute=True):
        es.backend.documents_changed([make_document(1).pk])
    assert es.cluster.indices == {}
    assert "search_reindex repairs it" in caplog.text
    with pytest.raises(RuntimeError, match="refused 1 of 1"):
        es.backend.sync([1])


@pytest.mark.django_db
def test_publish_access_change_unpublish_and_delete_reach_the_index(
    es, institution, home, django_capture_on_commit_callbacks
):
    from knowledge_assets.setup import ensure_knowledge_setup

    catalogue = ensure_knowledge_setup(home)
    es.backend.rebuild()
    page = KnowledgeAssetPage(title="SOP Pengadaan Barang", abstract="Lewat e-katalog.", asset_type="sop")
    with django_capture_on_commit_callbacks(execute=True):
        catalogue.add_child(instance=page)
        page.save_revision().publish()
    document = SearchDocument.objects.get(object_id=page.pk, kind="asset")
    docs = es.cluster.docs("corpu-search")
    assert docs[str(document.pk)]["access_level"] == AccessLevel.ASN
    with django_capture_on_commit_callbacks(execute=True):
        page.access_level = AccessLevel.INTERNAL
        page.owner_kelompok = institution["kelompok"]
        page.save_revision().publish()
    assert docs[str(document.pk)]["access_level"] == AccessLevel.INTERNAL
    assert docs[str(document.pk)]["owner_kelompok_id"] == institution["kelompok"].pk
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert str(document.pk) not in docs
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert len(docs) == 1
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert docs == {}


@pytest.mark.django_db
def test_search_maps_hits_snippets_facets_and_experts(es, institution):
    first = make_document(1, title="SOP Pengadaan", text="Pengadaan <script>x</script> barang " * 3)
    second = make_document(2, title="Pengadaan Jasa", text="Pengadaan jasa konsultansi.", kind="thread")
    es.backend.rebuild()
    facets = {
        "kind": {"buckets": [{"key": "asset", "doc_count": 1}, {"key": "thread", "doc_count": 1}]},
        "kelompok": {"buckets": [{"key": 5, "doc_count": 1, "label": {"buckets": [{"key": "KK Infrastruktur"}]}}]},
        "year": {"buckets": [{"key": 2024, "doc_count": 2}]},
        "tag": {"buckets": [{"key": "sop", "doc_count": 1}]},
    }
    aggregations = {
        "facets": {"doc_count": 2, **facets},
        "experts": {
            "best": {
                "people": {
                    "ids": {
                        "buckets": [
                            {
                                "key": 12,
                                "doc_count": 3,
                                "items": {"doc_count": 2},
                                "name": {"buckets": [{"key": "Budi"}]},
                            }
                        ]
                    }
                }
            }
        },
    }
    fragment = "Pengadaan <script>x</script> <mark>barang</mark> Pengadaan"
    highlight = {first.pk: {"text": [fragment]}}
    es.cluster.answers.append(search_response([second.pk, 999, first.pk], 12, highlight, aggregations))
    staff, request = institution["visitors"]["staff"], SearchRequest("pengadaan barang", page=2, per_page=3)
    results = search(staff, request)
    ((_method, path, _params, body),) = [r for r in es.cluster.requests if r[1].endswith("/_search")]
    assert path == "/corpu-search/_search"
    assert body == build_search(staff, request, "pengadaan barang")
    assert results.total == 12 and results.pages == 4 and not results.relaxed
    assert [hit["document"] for hit in results.hits] == [second, first]  # 999: deleted since, skipped
    assert [hit["position"] for hit in results.hits] == [3, 4]
    assert results.hits[1]["snippet"] == "Pengadaan &lt;script&gt;x&lt;/script&gt; <mark>barang</mark> Pengadaan …"
    assert "<mark>Pengadaan</mark>" in results.hits[0]["snippet"]  # no fragment: highlighted from the row
    assert results.facets["kind"] == [("asset", "asset", 1), ("thread", "thread", 1)]
    assert results.facets["kelompok"] == [(5, "KK Infrastruktur", 1)] and results.facets["year"] == [(2024, "2024", 2)]
    assert results.facets["tag"] == [("sop", "sop", 1)] and results.facets["competency"] == []
    assert results.experts == [(12, "Budi", 2)]
    assert (results.total_relation, results.facets_approximate) == ("eq", False)


@pytest.mark.django_db
def test_more_than_ten_thousand_matches_say_at_least_and_mark_facets_approximate(es, institution, client):
    """Elasticsearch counts to track_total_hits and answers relation "gte" beyond: the JSON says so, as on the
    database (tests/test_search.py pins the same keys there)."""
    document = make_document(1, title="SOP Pengadaan")
    es.backend.rebuild()
    facets = {"facets": {"doc_count": 10_000, "kind": {"buckets": [{"key": "asset", "doc_count": 10_000}]}}}
    es.cluster.answers.append(search_response([document.pk], 10_000, aggregations=facets, relation="gte"))
    client.force_login(institution["visitors"]["admin"])  # signed in: no sign-in hint probe
    answer = client.get("/cari/api/", {"q": "pengadaan"}).json()
    assert (answer["total"], answer["total_relation"], answer["facets_approximate"]) == (10_000, "gte", True)
    assert answer["facets"]["kind"] == [{"value": "asset", "label": "asset", "count": 10_000}]


@pytest.mark.django_db
def test_no_match_for_every_word_retries_with_any_word(es, institution):
    document = make_document(1)
    es.backend.rebuild()
    es.cluster.answers += [search_response([]), search_response([document.pk]), search_response([])]
    request = SearchRequest("pengadaan kendaraan dinas")
    results = search(institution["visitors"]["anonymous"], request)
    *bodies, probe = searched_bodies(es.cluster)
    operators = [b["query"]["bool"]["must"][0]["function_score"]["query"]["multi_match"]["operator"] for b in bodies]
    assert operators == ["and", "or"]
    assert results.relaxed and results.total == 1 and results.hits[0]["document"] == document
    assert probe == build_asn_probe(request, ["pengadaan kendaraan dinas"]) and not results.sign_in_may_show_more


def test_snippet_escapes_everything_but_mark_tags():
    text = 'Awal <img src=x onerror="alert(1)"> SOP akhir'
    snippet = snippet_html(text, '<img src=x onerror="alert(1)"> <mark>SOP</mark>')
    assert snippet == "… &lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>SOP</mark> …"


def test_viewer_or_user_give_the_same_body(db, institution):
    user = institution["visitors"]["kelompok_member"]
    request = SearchRequest("sop")
    assert build_search(user, request, "sop") == build_search(viewer_for(user), request, ["sop"])


# -- corrections and the sign-in hint: decided as on the database (search/corrections.py) -------------------------


def searched_bodies(cluster):
    return [body for _method, path, _params, body in cluster.requests if path.endswith("/_search")]


def written(body):
    """The query text a search body matches."""
    return body["query"]["bool"]["must"][0]["function_score"]["query"]["multi_match"]["query"]


@pytest.fixture
def catalogue_document(es):
    """A public document holding "katalog", "barang" and "siap"; its words in the typo vocabulary."""
    document = make_document(1, text="Pengadaan barang lewat katalog, siap pakai.", terms=" ada barang katalog siap ")
    add_words(f"{document.title} {document.text}")
    es.backend.rebuild()
    es.cluster.requests.clear()
    return document


@pytest.mark.django_db
def test_a_correction_is_applied_only_when_the_written_query_finds_nothing(es, institution, catalogue_document):
    staff, found, nothing = (
        institution["visitors"]["staff"],
        search_response([catalogue_document.pk]),
        search_response([]),
    )
    es.cluster.answers += [nothing, found]
    applied = search(staff, SearchRequest("katlog"))
    assert (applied.corrected, applied.suggestion, applied.total, applied.terms) == ("katalog", "", 1, ["katalog"])
    assert applied.query == "katlog" and [written(body) for body in searched_bodies(es.cluster)] == [
        "katlog",
        "katalog",
    ]
    for request, answers, suggestion in [
        (SearchRequest("katalog"), [found], ""),  # the written query finds the item: nothing to correct
        (SearchRequest("katlog barang"), [nothing, found], "katalog barang"),  # partial matches: only offered
        (SearchRequest("katlog", exact=True), [nothing], "katalog"),  # "Cari katlog saja"
    ]:
        es.cluster.requests.clear()
        es.cluster.answers += answers
        results = search(staff, request)
        assert (results.corrected, results.suggestion) == ("", suggestion), request
        assert [written(body) for body in searched_bodies(es.cluster)] == [request.query] * len(answers)
    assert es.cluster.answers == []


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["sipd", "SIPD", "sakip", "spip", "diklat"])
def test_acronyms_and_known_terms_are_never_corrected(es, institution, catalogue_document, query):
    es.cluster.answers.append(search_response([]))
    results = search(institution["visitors"]["staff"], SearchRequest(query))
    assert (results.corrected, results.suggestion, results.total) == ("", "", 0)
    assert [written(body) for body in searched_bodies(es.cluster)] == [query]


@pytest.mark.django_db
def test_the_asn_probe_selects_only_asn_level_rows(institution, access_matrix):
    body = build_asn_probe(SearchRequest("pengadaan", {"kind": "asset", "year": ""}), ["pengadaan", " "])
    query_filter = {"bool": {"filter": body["query"]["bool"]["filter"]}}
    selected = {document.pk for document in access_matrix if matches(query_filter, to_source(document))}
    assert selected == set(access_matrix.filter(access_level=AccessLevel.ASN).values_list("pk", flat=True))
    assert body["query"]["bool"]["filter"][1:] == [{"term": {"kind": "asset"}}]
    (texts,) = body["query"]["bool"]["must"]
    assert [clause["multi_match"]["query"] for clause in texts["bool"]["should"]] == ["pengadaan"]
    assert (body["size"], body["track_total_hits"]) == (0, 1) and "aggs" not in body  # a yes or no, never a count
    assert Search.from_dict(body).to_dict() == body
    assert build_asn_probe(SearchRequest(""), [""])["query"]["bool"]["must"] == []


@pytest.mark.django_db
def test_the_sign_in_hint_is_asked_for_signed_out_visitors_only(es, institution, catalogue_document):
    visitors, found = institution["visitors"], search_response([catalogue_document.pk])
    for asn_total, hint in [(1, True), (0, False)]:
        es.cluster.requests.clear()
        es.cluster.answers += [found, search_response([], total=asn_total)]
        assert search(visitors["anonymous"], SearchRequest("pengadaan")).sign_in_may_show_more is hint
        assert searched_bodies(es.cluster)[-1] == build_asn_probe(SearchRequest("pengadaan"), ["pengadaan"])
    es.cluster.requests.clear()
    es.cluster.answers += [search_response([]), found, search_response([], total=1)]
    corrected = search(visitors["anonymous"], SearchRequest("katlog"))
    assert corrected.corrected == "katalog" and corrected.sign_in_may_show_more
    assert searched_bodies(es.cluster)[-1] == build_asn_probe(SearchRequest("katlog"), ["katlog", "katalog"])
    for name in ("guest", "asn_elsewhere", "admin"):
        es.cluster.requests.clear()
        es.cluster.answers.append(found)
        assert not search(visitors[name], SearchRequest("pengadaan")).sign_in_may_show_more
        assert len(searched_bodies(es.cluster)) == 1  # no probe
