"""The embedded backend: SearchDocument rows in the site's own database, access-filtered inside the query.

PostgreSQL matches on a GIN-indexed tsvector of the analysed terms (title terms weighted A) and answers hits,
total, facets and experts in one statement. Other databases (SQLite for demos) match the padded term columns
and rank in Python. Either way every count comes from rows already filtered by `corpu.access.visible_q`.
"""

from django.db import connection
from django.db.models import Count, Q

from corpu.access import filter_visible

from ..models import SearchDocument
from ..query import EXPERTS, FACET_COLUMNS, TAG_FACET_SIZE, SearchResults, active_filters
from ..text import highlight_terms
from . import SearchBackend
from .typos import corrected_terms

MAX_CANDIDATES = 2000  # portable path: rows ranked in Python
EXPERT_KINDS = ("asset", "thread")


def filtered(user, filters):
    """Visible documents narrowed by the facet filters."""
    documents = filter_visible(SearchDocument.objects.all(), user)
    for name, column in FACET_COLUMNS.items():
        if name in filters:
            documents = documents.filter(**{column: filters[name]})
    if "tag" in filters:
        documents = documents.filter(tags__icontains=f"|{filters['tag'].casefold()}|")
    return documents


class DatabaseBackend(SearchBackend):
    name = "database"

    def search(self, user, request, terms):
        base = filtered(user, active_filters(request))
        engine = _Postgres() if connection.vendor == "postgresql" else _Portable()
        found = engine.run(base, terms, request, every=True)
        relaxed, corrected = False, ""
        if terms and not found.total:
            fixed = corrected_terms(terms)
            if fixed != terms:
                terms, corrected = fixed, " ".join(fixed)
                found = engine.run(base, terms, request, every=True)
        if len(terms) > 1 and not found.total:
            found, relaxed = engine.run(base, terms, request, every=False), True
        documents = SearchDocument.objects.in_bulk(found.page_ids)
        start = (max(request.page, 1) - 1) * request.per_page
        marked = set(terms)
        hits = [
            {"document": documents[pk], "snippet": highlight_terms(documents[pk].text, marked), "position": start + i}
            for i, pk in enumerate(found.page_ids)
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
        )


class _Found:
    def __init__(self, total=0, page_ids=(), facets=None, experts=()):
        self.total, self.page_ids, self.facets, self.experts = total, list(page_ids), facets or {}, list(experts)


class _Postgres:
    """Match, rank, count, facet and find experts in one statement over a materialised match set."""

    def run(self, base, terms, request, every):
        columns = ["id", "date", "tags", "people", "kind", "kelompok_label", *set(FACET_COLUMNS.values())]
        matched = base.values(*columns)
        query_sql, rank_sql = "", "0"
        if terms:
            joiner = " && " if every else " || "
            query_sql = joiner.join(["plainto_tsquery('simple', %s)"] * len(terms))
            matched = matched.extra(where=[f"search_vector @@ ({query_sql})"], params=terms)
            rank_sql = f"ts_rank(search_vector, ({query_sql}))"
        sql, params = matched.query.sql_with_params()
        sql = sql.replace(" FROM ", f", {rank_sql} AS rank FROM ", 1)
        params = (*terms, *params) if terms else params
        start = (max(request.page, 1) - 1) * request.per_page
        parts = [
            "SELECT '~total', NULL, NULL, count(*)::float FROM m",
            "(SELECT '~hit', id::text, NULL, row_number() OVER (ORDER BY rank DESC, date DESC NULLS LAST, id) "
            f"FROM m ORDER BY rank DESC, date DESC NULLS LAST, id LIMIT {int(request.per_page)} OFFSET {int(start)})",
        ]
        for name, column in FACET_COLUMNS.items():
            label = "kelompok_label" if column == "owner_kelompok_id" else f"{column}::text"
            parts.append(
                f"SELECT '{name}', {column}::text, min({label}), count(*) FROM m "
                f"WHERE {column} IS NOT NULL AND {column}::text <> '' GROUP BY {column}"
            )
        parts.append(
            f"(SELECT 'tag', t, t, count(*) FROM m, unnest(string_to_array(m.tags, '|')) t WHERE t <> '' "
            f"GROUP BY t ORDER BY count(*) DESC, t LIMIT {TAG_FACET_SIZE})"
        )
        if terms:
            kinds = ", ".join(f"'{kind}'" for kind in EXPERT_KINDS)
            parts.append(
                f"(SELECT '~expert', p->>0, min(p->>1), count(*) FROM m, jsonb_array_elements(m.people) p "
                f"WHERE m.kind IN ({kinds}) GROUP BY p->>0 ORDER BY count(*) DESC, p->>0 LIMIT {EXPERTS})"
            )
        statement = f"WITH m AS MATERIALIZED ({sql}) " + " UNION ALL ".join(parts)
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            rows = cursor.fetchall()
        return self._read(rows)

    @staticmethod
    def _read(rows):
        found, hits = _Found(facets={name: [] for name in [*FACET_COLUMNS, "tag"]}), []
        for facet, value, label, count in rows:
            if facet == "~total":
                found.total = int(count)
            elif facet == "~hit":
                hits.append((count, int(value)))
            elif facet == "~expert":
                found.experts.append((int(value), label, int(count)))
            else:
                value = int(value) if facet in ("kelompok", "year") else value
                found.facets[facet].append((value, label, int(count)))
        found.page_ids = [pk for _order, pk in sorted(hits)]
        for name, values in found.facets.items():
            if name != "tag":
                values.sort(key=lambda item: (-item[2], str(item[0])))
        return found


class _Portable:
    """Any database: padded term columns matched with LIKE, ranked in Python on at most MAX_CANDIDATES rows."""

    def run(self, base, terms, request, every):
        matched = base
        if terms:
            conditions = [Q(terms__contains=f" {term} ") for term in terms]
            combined = conditions[0]
            for condition in conditions[1:]:
                combined = (combined & condition) if every else (combined | condition)
            matched = base.filter(combined)
        total = matched.count()
        if not total:
            return _Found(facets={name: [] for name in [*FACET_COLUMNS, "tag"]})
        rows = list(matched.values("pk", "title_terms", "terms", "date", "tags", "people", "kind")[:MAX_CANDIDATES])
        rows.sort(key=lambda row: (-_score(row, terms), -(row["date"].timestamp() if row["date"] else 0), row["pk"]))
        start = (max(request.page, 1) - 1) * request.per_page
        facets = {name: _facet(matched, column) for name, column in FACET_COLUMNS.items()}
        facets["tag"] = _tags(rows)
        return _Found(total, [row["pk"] for row in rows[start : start + request.per_page]], facets, _experts(rows))


def _score(row, terms):
    title, body = row["title_terms"], row["terms"]
    return sum(3.0 * title.count(f" {term} ") + min(body.count(f" {term} "), 10) for term in terms)


def _facet(matched, column):
    label = "kelompok_label" if column == "owner_kelompok_id" else column
    rows = (
        matched.exclude(**{f"{column}__isnull": True})
        .values(column, label)
        .annotate(count=Count("pk"))
        .order_by("-count", column)
    )
    return [(row[column], str(row[label]), row["count"]) for row in rows if row[column] != ""]


def _tags(rows):
    counts = {}
    for row in rows:
        for tag in filter(None, row["tags"].split("|")):
            counts[tag] = counts.get(tag, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TAG_FACET_SIZE]
    return [(tag, tag, n) for tag, n in ranked]


def _experts(rows):
    counts, names = {}, {}
    for row in rows:
        if row["kind"] in EXPERT_KINDS:
            for user_id, name in row["people"]:
                counts[user_id] = counts.get(user_id, 0) + 1
                names[user_id] = name
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:EXPERTS]
    return [(user_id, names[user_id], n) for user_id, n in ranked]
