"""The embedded backend: SearchDocument rows in the site's own database, access-filtered inside the query.

The match set (full-text match AND `corpu.access.visible_q` AND facet filters) is materialised once and one
statement answers the page of hits, the total, every facet and the experts from it, so nothing restricted
reaches a count. PostgreSQL matches a GIN-indexed tsvector of the analysed terms (title terms weighted A,
ranked by ts_rank; migration 0004); SQLite matches an FTS5 index kept by triggers (ranked by bm25 with the
title weighted 3×; migration 0005). Both index the same Sastrawi-stemmed, synonym-expanded terms.
"""

import re
from dataclasses import replace

from django.db import connection
from django.db.models import Q

from corpu.access import AccessLevel, filter_visible

from .. import answers, corrections
from ..index import synonym_table
from ..models import SearchDocument
from ..query import (
    EXPERT_KINDS,
    EXPERT_SAMPLE,
    EXPERTS,
    FACET_COLUMNS,
    FILL_BELOW,
    TAG_FACET_SIZE,
    TRACK_TOTAL_HITS,
    WRITTEN_TIER,
    SearchResults,
    active_filters,
    written_terms,
)
from ..text import highlight_terms
from . import SearchBackend

TABLE = SearchDocument._meta.db_table
RERANK = 200  # PostgreSQL: candidates re-ranked by the full vector (pages beyond keep the title order)
# tiers of the rank (ADR 0032): query terms held (partial matches), then query words held as written, then the text rank
HELD_TIER = 1_000_000
WINDOW = RERANK  # hits fetched by one run for the first pages (20 pages of 10), kept in one cached answer
LETTERS = "0-9a-z\u00c0-\u024f"  # what words are made of (search.text.TOKEN), lowercase: regex lookups ignore case


def filtered(user, filters):
    """Visible documents narrowed by the facet filters."""
    return narrowed(filter_visible(SearchDocument.objects.all(), user), filters)


def narrowed(documents, filters):
    """Documents narrowed by the facet filters."""
    for name, column in FACET_COLUMNS.items():
        if name in filters:
            documents = documents.filter(**{column: filters[name]})
    if "tag" in filters:
        documents = documents.filter(tags__icontains=f"|{filters['tag'].casefold()}|")
    return documents


class DatabaseBackend(SearchBackend):
    name = "database"

    def search(self, user, request, terms):
        start = (max(request.page, 1) - 1) * request.per_page
        windowed = start + request.per_page <= WINDOW
        # the first WINDOW hits come from one run (and one cached answer): paging through them runs no statement
        asked = replace(request, page=1, per_page=WINDOW) if windowed else request
        found, terms, relaxed, corrected, suggestion, hint = self._cached_answer(user, asked, terms)
        page_ids = found.page_ids[start : start + request.per_page] if windowed else found.page_ids
        documents = SearchDocument.objects.defer("terms", "title_terms").in_bulk(page_ids)
        marked = set(terms)
        hits = [
            {"document": documents[pk], "snippet": highlight_terms(documents[pk].text, marked), "position": start + i}
            for i, pk in enumerate(page_ids)
            if pk in documents
        ]
        return SearchResults(
            request.query,
            terms,
            found.total,
            request.page,
            request.per_page,
            hits,
            found.facets,
            relaxed,
            found.experts if terms else [],
            corrected,
            suggestion,
            hint,
            found.total_relation,
            found.facets_approximate,
        )

    def _cached_answer(self, user, request, terms):
        if not answers.enabled():
            return self._answer(user, request, terms)
        key = answers.answer_key(user, request, terms)
        answer, generation = answers.lookup(key)
        if answer is None:
            answer = self._answer(user, request, terms)
            answers.store(key, generation, answer)
        return answer

    @staticmethod
    def _answer(user, request, terms):
        """(_Found, the terms searched, relaxed, corrected query, suggestion, sign-in hint): what one search computes
        in the database (search/corrections.py decides when a correction is applied)."""
        filters = active_filters(request)
        base = filtered(user, filters)
        outcome = corrections.answer(
            request,
            terms,
            lambda query, words: _filled(base, words, request, written_terms(query)),
            lambda word: holds_word(base, word),
        )
        hint = corrections.sign_in_may_show_more(
            user, outcome.searched(request, terms), lambda searched: asn_holds(filters, searched)
        )
        ran = outcome.ran
        return ran.found, outcome.terms, ran.relaxed, outcome.corrected, outcome.suggestion, hint

    def documents_changed(self, ids):
        answers.invalidate()

    def documents_removed(self, ids):
        answers.invalidate()

    def rebuild(self, progress=None):
        answers.invalidate()


def _hits(order, limit, offset, source="m"):
    row = f"row_number() OVER (ORDER BY {order})"
    return f"SELECT '~hit', CAST(id AS TEXT), NULL, {row} FROM {source} ORDER BY {order} LIMIT {limit} OFFSET {offset}"


class _Found:
    def __init__(self):
        self.total, self.page_ids, self.experts = 0, [], []
        self.total_relation, self.facets_approximate = "eq", False
        self.facets = {name: [] for name in [*FACET_COLUMNS, "tag"]}


class _Postgres:
    """Matches: the GIN-indexed tsvector; rank: ts_rank (title terms weighted A), a tier up per query word held as
    written (weight B)."""

    rerank = False
    terms = written = ()

    def prepare(self, documents, terms, every, written=()):
        """(documents narrowed to the matches, WITH clause, its params)."""
        self.tsquery = (" && " if every else " || ").join(["plainto_tsquery('simple', %s)"] * len(terms))
        self.terms, self.written = list(terms), list(written)
        return documents.extra(where=[f"search_vector @@ ({self.tsquery})"], params=terms), "", []

    @staticmethod
    def holding(documents, term):
        return documents.extra(where=["search_vector @@ plainto_tsquery('simple', %s)"], params=[term])

    def written_tier(self, vector="search_vector"):
        """(SQL adding WRITTEN_TIER per query word the vector holds as written, its params)."""
        held = "".join(f" + ({vector} @@ to_tsquery('simple', %s))::int * {WRITTEN_TIER}" for _word in self.written)
        return held, [f"{word}:B" for word in self.written]  # words are TOKEN matches: no tsquery operators

    def ranked(self, sql, every=True):
        """The documents' SELECT with a rank column, and the params it adds before the others.

        Every word held: rank every match by its small title vector, then `hits_part` re-ranks the best
        RERANK candidates by the full vector and the words held as written (reading a long document's TOASTed
        vector for each of thousands of matches is what makes a common word slow). Partial matches: words held ×
        HELD_TIER + words held as written × WRITTEN_TIER + full ts_rank."""
        self.rerank = every
        if every:
            rank, params = f"ts_rank(title_vector, ({self.tsquery})) * boost", list(self.terms)
        else:
            one = f"(search_vector @@ plainto_tsquery('simple', %s))::int * {HELD_TIER}"
            held = " + ".join([one] * len(self.terms))
            tier, tier_params = self.written_tier()
            rank = f"{held}{tier} + ts_rank(search_vector, ({self.tsquery})) * boost"
            params = [*self.terms, *tier_params, *self.terms]
        return sql.replace(" FROM ", f", {rank} AS rank FROM ", 1), params

    def hits_part(self, order, limit, offset, source="m"):
        """(SELECT of the page of hits, its params)."""
        if not self.rerank or offset + limit > RERANK:
            return _hits(order, limit, offset, source), []
        candidates = f"SELECT id, date, rank FROM {source} ORDER BY {order} LIMIT {RERANK}"
        tier, tier_params = self.written_tier("d.search_vector")
        rescored = (
            f"SELECT c.id, c.date, ts_rank(d.search_vector, ({self.tsquery})) * d.boost{tier} AS rank "
            f'FROM ({candidates}) c JOIN "{TABLE}" d ON d.id = c.id'
        )
        return _hits(order, limit, offset, source=f"({rescored}) AS r"), [*self.terms, *tier_params]

    def settings(self):
        """Per-statement settings: no JIT compilation (it costs more than it saves here), room to hash, and with
        search terms the GIN index rather than a table scan that reads every row's TOASTed vector."""
        chosen = ["SET LOCAL jit = off", "SET LOCAL work_mem = '32MB'"]
        return [*chosen, "SET LOCAL enable_seqscan = off"] if self.terms else chosen

    @staticmethod
    def tag_part():
        return (
            "SELECT '~tag', t, NULL, count(*) FROM top m, unnest(string_to_array(m.tags, '|')) t WHERE t <> '' "
            f"GROUP BY t ORDER BY count(*) DESC, t LIMIT {TAG_FACET_SIZE}"
        )

    @staticmethod
    def expert_part(best):
        return (
            f"SELECT '~expert', p->>0, min(p->>1), count(*) FROM {best}, jsonb_array_elements(m.people) p "
            f"GROUP BY p->>0 ORDER BY count(*) DESC, p->>0 LIMIT {EXPERTS}"
        )


def _quoted(term):
    return '"{}"'.format(term.replace('"', '""'))


class _Sqlite:
    """Matches: the FTS5 table as CTE f joined to the documents (stems: the first two columns); rank: bm25 with the
    title weighted 3×, a tier up per query word held as written (the `written_terms` column)."""

    FTS = "corpu_search_fts"
    STEMS = "{title_terms terms} : "  # FTS5 column filter: stems are matched where stems are indexed

    def prepare(self, documents, terms, every, written=()):
        self.terms, self.written = list(terms), list(written)
        expression = self.STEMS + "(" + (" AND " if every else " OR ").join(_quoted(term) for term in terms) + ")"
        fts = self.FTS
        matched = f"f AS (SELECT rowid AS doc_id, -bm25({fts}, 3.0, 1.0) AS rank FROM {fts} WHERE {fts} MATCH %s), "
        return documents, matched, [expression]

    @classmethod
    def holding(cls, documents, term):
        where = f"{TABLE}.id IN (SELECT rowid FROM {cls.FTS} WHERE {cls.FTS} MATCH %s)"
        return documents.extra(where=[where], params=[cls.STEMS + _quoted(term)])

    def ranked(self, sql, every=True):
        table = f'"{TABLE}"'
        if f" FROM {table}" not in sql:
            raise RuntimeError(f"Unexpected search SQL: {sql}")
        written = f"{table}.id IN (SELECT rowid FROM {self.FTS} WHERE {self.FTS} MATCH %s)"
        tiers = [f"({written}) * {WRITTEN_TIER}" for _word in self.written]
        params = [f"written_terms : {_quoted(word)}" for word in self.written]
        if not every:
            tiers = [f"(instr({table}.terms, %s) > 0) * {HELD_TIER}" for _term in self.terms] + tiers
            params = [f" {term} " for term in self.terms] + params
        rank = " + ".join([*tiers, f"f.rank * {table}.boost"])
        joined = f", {rank} AS rank FROM {table} INNER JOIN f ON (f.doc_id = {table}.id)"
        return sql.replace(f" FROM {table}", joined, 1), params

    @staticmethod
    def hits_part(order, limit, offset, source="m"):
        return _hits(order, limit, offset, source), []

    @staticmethod
    def settings():
        return []

    @staticmethod
    def tag_part():
        return "SELECT '~tags', tags, NULL, 0 FROM top WHERE tags <> ''"

    @staticmethod
    def expert_part(best):
        user = "CAST(json_extract(p.value, '$[0]') AS TEXT)"
        return (
            f"SELECT '~expert', {user}, min(json_extract(p.value, '$[1]')), count(*) "
            f"FROM {best}, json_each(m.people) p GROUP BY {user} ORDER BY count(*) DESC, {user} LIMIT {EXPERTS}"
        )


def _dialect():
    return _Postgres() if connection.vendor == "postgresql" else _Sqlite()


def _run(base, terms, request, every, written=()):
    """One statement: WITH f (full-text matches and rank), m (visible matches) SELECT hits, total, facets, …

    Each run has its own dialect object: the PostgreSQL one keeps the run's tsquery between its parts."""
    dialect = _dialect()
    columns = ["id", "date", "tags", "people", "kind", "kelompok_label", *set(FACET_COLUMNS.values())]
    documents, with_clause, with_params, rank_params = base.values(*columns), "", [], []
    if terms:
        documents, with_clause, with_params = dialect.prepare(documents, terms, every, written)
    sql, params = documents.query.sql_with_params()
    if terms:
        sql, rank_params = dialect.ranked(sql, every)
    else:
        sql = sql.replace(" FROM ", ", 0 AS rank FROM ", 1)
    start = (max(request.page, 1) - 1) * request.per_page
    order = "rank DESC, date DESC NULLS LAST, id"
    # `top` is the first TRACK_TOTAL_HITS of m in the same (total) order: pages within it are read from it
    within = start + request.per_page <= min(TRACK_TOTAL_HITS, RERANK)
    hits, hit_params = dialect.hits_part(order, int(request.per_page), int(start), "top" if within else "m")
    parts = [
        f"SELECT '~total', NULL, NULL, count(*) FROM (SELECT 1 FROM m LIMIT {TRACK_TOTAL_HITS + 1}) AS counted",
        hits,
        dialect.tag_part(),
    ]
    for name, column in FACET_COLUMNS.items():
        label = "kelompok_label" if column == "owner_kelompok_id" else f"CAST({column} AS TEXT)"
        parts.append(
            f"SELECT '{name}', CAST({column} AS TEXT), min({label}), count(*) FROM top "
            f"WHERE {column} IS NOT NULL AND CAST({column} AS TEXT) <> '' GROUP BY {column}"
        )
    if terms:
        kinds = ", ".join(f"'{kind}'" for kind in EXPERT_KINDS)
        best = f"({_expert_sample(kinds, order)}) AS m"
        parts.append(dialect.expert_part(best))
    union = " UNION ALL ".join(f"SELECT * FROM ({part}) AS part{i}" for i, part in enumerate(parts))
    # facets are counted over the TRACK_TOTAL_HITS best-ranked matches: all of them when no more match
    best_ranked = f"top AS MATERIALIZED (SELECT * FROM m ORDER BY {order} LIMIT {TRACK_TOTAL_HITS})"
    statement = f"WITH {with_clause}m AS MATERIALIZED ({sql}), {best_ranked} {union}"
    # one round trip: the SET LOCALs and the statement in one query string, which PostgreSQL runs as one
    # transaction (each round trip waits for a CPU on a loaded server: BEGIN, three SETs and COMMIT cost more than
    # a small search)
    prefix = "".join(f"{setting}; " for setting in dialect.settings())
    with connection.cursor() as cursor:
        cursor.execute(prefix + statement, [*with_params, *rank_params, *params, *hit_params])
        while cursor.description is None and cursor.nextset():
            pass
        return _read(cursor.fetchall())


def _expert_sample(kinds, order):
    """The EXPERT_SAMPLE best-ranked matches of the expert kinds: from `top` when it holds that many of them (they
    are then the best of m too), else from every match."""
    sample = f"kind IN ({kinds}) ORDER BY {order} LIMIT {EXPERT_SAMPLE}"
    enough = f"(SELECT count(*) FROM (SELECT 1 FROM top WHERE kind IN ({kinds}) LIMIT {EXPERT_SAMPLE}) AS e)"
    return (
        f"SELECT * FROM (SELECT people FROM top WHERE {enough} = {EXPERT_SAMPLE} AND {sample}) AS t UNION ALL "
        f"SELECT * FROM (SELECT people FROM m WHERE {enough} < {EXPERT_SAMPLE} AND {sample}) AS a"
    )


def _read(rows):
    """The statement's rows as a _Found: total, page of ids in order, facets sorted by count, experts."""
    found, hits, tags = _Found(), [], {}
    for facet, value, label, count in rows:
        if facet == "~total":
            found.total = min(int(count), TRACK_TOTAL_HITS)
            found.total_relation = "gte" if int(count) > TRACK_TOTAL_HITS else "eq"
            found.facets_approximate = found.total_relation == "gte"
        elif facet == "~hit":
            hits.append((count, int(value)))
        elif facet == "~expert":
            found.experts.append((int(value), label, int(count)))
        elif facet == "~tags":
            for tag in filter(None, value.split("|")):
                tags[tag] = tags.get(tag, 0) + 1
        else:
            value = int(value) if facet in ("kelompok", "year") else value
            found.facets["tag" if facet == "~tag" else facet].append((value, label or value, int(count)))
    found.page_ids = [pk for _order, pk in sorted(hits)]
    if tags:
        ranked = sorted(tags.items(), key=lambda item: (-item[1], item[0]))[:TAG_FACET_SIZE]
        found.facets["tag"] = [(tag, tag, n) for tag, n in ranked]
    for values in found.facets.values():
        values.sort(key=lambda item: (-item[2], str(item[0])))
    found.experts.sort(key=lambda item: (-item[2], item[0]))
    return found


def _filled(base, terms, request, written=()):
    """The items holding every term (those holding more of the words as written first); when fewer than FILL_BELOW
    do, those holding the most of them follow."""
    found = _run(base, terms, request, True, written)
    if len(terms) > 1 and found.total < FILL_BELOW:
        wider = _run(base, terms, request, False, written)
        if wider.total > found.total:
            return corrections.Ran(wider, wider.total, True)
    return corrections.Ran(found, found.total, False)


def asn_holds(filters, searched):
    """Does an item of access level ASN (which every signed-in ASN may see) hold every term of one of the
    searched (query, terms) pairs, within the facet filters?"""
    dialect, documents = _dialect(), narrowed(SearchDocument.objects.filter(access_level=AccessLevel.ASN), filters)
    for _query, terms in searched:
        holding = documents
        for term in terms:
            holding = dialect.holding(holding, term)
        if holding.exists():
            return True
    return False


def holds_word(documents, word):
    """Does one of these documents hold this word as written (title, text or tags)? The full-text index finds
    those holding its stem; the word itself must then stand whole in one of them."""
    pattern = rf"(^|[^{LETTERS}]){re.escape(word)}([^{LETTERS}]|$)"
    written = Q(title__iregex=pattern) | Q(text__iregex=pattern) | Q(tags__iregex=pattern)
    return _dialect().holding(documents, synonym_table().stem(word)).filter(written).exists()


def matching_object_ids(user, terms, kind):
    """Object ids of the visible documents of one kind holding every term (no ranking, no facets)."""
    dialect = _dialect()
    visible = filtered(user, {"kind": kind}).values("object_id")
    documents, with_clause, with_params = dialect.prepare(visible, terms, True)
    sql, params = documents.query.sql_with_params()
    sql, rank_params = dialect.ranked(sql)
    statement = f"WITH {with_clause.rstrip(', ')} {sql}" if with_clause else sql
    with connection.cursor() as cursor:
        cursor.execute(statement, [*with_params, *rank_params, *params])
        return [row[0] for row in cursor.fetchall()]
