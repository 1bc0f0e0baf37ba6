"""Relevance of the site search on the demo corpus: judged queries, nDCG@k and the recorded baseline (issue 7).

Used by search/tests/test_relevance.py and bench/search_relevance.py; see README.md in this folder.
"""

import datetime
import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from search.query import SearchRequest, search

HERE = Path(__file__).resolve().parent
JUDGEMENTS = HERE / "judgements.json"
BASELINE = HERE / "baseline.json"
K = 10


@dataclass(frozen=True)
class JudgedQuery:
    query: str
    intent: str
    grades: dict  # (kind, title) -> grade 1..3; every other item is 0


@dataclass(frozen=True)
class Outcome:
    judged: JudgedQuery
    ranked: list  # (kind, title) of the first k results, best first
    total: int  # results the engine reported (None when it does not say)
    ndcg: float

    def best_rank(self):
        """1-based rank of the first grade-3 item in the top k, or None."""
        top = max(self.judged.grades.values())
        return next((i + 1 for i, item in enumerate(self.ranked) if self.judged.grades.get(item) == top), None)


def load_judgements(path=JUDGEMENTS):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [
        JudgedQuery(q["query"], q.get("intent", ""), {(j["kind"], j["title"]): j["grade"] for j in q["judged"]})
        for q in data["queries"]
    ]


def judgements_digest(queries):
    """Fingerprint of the queries and grades (not the notes): a baseline is only valid for the set it measured."""
    canonical = [[q.query, sorted([*item, grade] for item, grade in q.grades.items())] for q in queries]
    return hashlib.sha256(json.dumps(canonical, ensure_ascii=False).encode()).hexdigest()[:16]


def dcg(grades):
    return sum((2**grade - 1) / math.log2(position + 2) for position, grade in enumerate(grades))


def ndcg(ranked, grades, k=K):
    """nDCG@k of ranked (kind, title) items against graded judgements; the ideal ranks every judged item."""
    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    return dcg([grades.get(item, 0) for item in ranked[:k]]) / ideal if ideal else 0.0


def evaluate(queries, run, k=K):
    """One Outcome per query; `run(text)` returns (ranked (kind, title) items, total)."""
    outcomes = []
    for judged in queries:
        ranked, total = run(judged.query)
        outcomes.append(Outcome(judged, list(ranked)[:k], total, ndcg(ranked, judged.grades, k)))
    return outcomes


def mean(outcomes):
    return sum(o.ndcg for o in outcomes) / len(outcomes)


def our_search(user, k=K):
    """A run function over the site search (search.query.search) as `user`."""

    def run(text):
        results = search(user, SearchRequest(text, filters={}, page=1, per_page=k))
        return [(hit["document"].kind, hit["document"].title) for hit in results.hits], results.total

    return run


def table(outcomes, recorded=None, k=K):
    """Per-query lines (worst first) and the mean; `recorded` maps query -> recorded nDCG."""
    recorded = recorded or {}
    lines = [f"nDCG@{k}  recorded  found  best@  query"]
    for o in sorted(outcomes, key=lambda o: (o.ndcg, o.judged.query)):
        before = recorded.get(o.judged.query)
        lines.append(
            f"{o.ndcg:7.3f}  {'' if before is None else f'{before:8.3f}':>8}  {'-' if o.total is None else o.total:>5}"
            f"  {o.best_rank() or '-':>5}  {o.judged.query}"
        )
    lines.append(f"mean nDCG@{k} over {len(outcomes)} queries: {mean(outcomes):.4f}")
    return "\n".join(lines)


def baseline_key():
    """Baselines are kept per engine: the Elasticsearch backend, or the database vendor of the embedded one."""
    return "elasticsearch" if getattr(settings, "ELASTICSEARCH_URL", "") else connection.vendor


def read_baseline(path=BASELINE):
    path = Path(path)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def write_baseline(key, outcomes, queries, path=BASELINE):
    """Store the mean and per-query nDCG for `key`, keeping the other engines' entries."""
    data = read_baseline(path)
    data[key] = {
        "mean_ndcg_at_10": round(mean(outcomes), 4),
        "judgements": judgements_digest(queries),
        "recorded": datetime.date.today().isoformat(),
        "queries": {o.judged.query: round(o.ndcg, 4) for o in outcomes},
    }
    Path(path).write_text(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    return data[key]
