"""Relevance benchmark (issue 7): nDCG@10 of our search vs Wagtail's stock search on the demo corpus.

Usage: [DATABASE_URL=postgres://postgres@127.0.0.1:5432/relvbench] .venv/bin/python bench/search_relevance.py
The demo corpus (`seed_demo`) is built in a scratch database (Django's test database: `test_<name>` on
PostgreSQL, in memory on SQLite) that is dropped at the end. Both engines answer every judged query of
search/tests/relevance/judgements.json as an administrator (stock search has no access filter, so it sees the same).
"""

import io
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# test settings: fast password hashing for the demo accounts, demo files under .test-media
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corpu.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from wagtail.models import Page  # noqa: E402
from wagtail.search import index  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from communities.models import CommunityPage, Thread  # noqa: E402
from courses.models import CoursePage, LessonPage  # noqa: E402
from knowledge_assets.models import KnowledgeAssetPage  # noqa: E402
from people.models import User  # noqa: E402
from search.tests.relevance import evaluate  # noqa: E402

STOCK_KINDS = {KnowledgeAssetPage: "asset", CoursePage: "course", LessonPage: "lesson"}


def stock_search(backend):
    """A run function over Wagtail's search backend: live asset, course and lesson pages, default operator."""
    pages = Page.objects.live().type(*STOCK_KINDS)

    def run(text):
        results = backend.search(text, pages)
        top = [page.specific for page in results[: evaluate.K]]
        return [(STOCK_KINDS[type(page)], page.title) for page in top], results.count()

    return run


def compare(queries):
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    backend = get_search_backend()
    ours = evaluate.evaluate(queries, evaluate.our_search(admin))
    stock = evaluate.evaluate(queries, stock_search(backend))
    threads = sum(1 for q in queries if any(kind == "thread" for kind, _title in q.grades))
    print(f"database: {connection.vendor}; stock backend: {type(backend).__module__}.{type(backend).__name__}")
    if not issubclass(Thread, index.Indexed):
        print(
            f"communities.Thread is not indexed by Wagtail's search: forum threads are missing from stock results "
            f"(judged in {threads} of {len(queries)} queries; they count as not found)."
        )
    if issubclass(CommunityPage, index.Indexed):
        print("communities.CommunityPage is indexed (title, purpose) but a community is not a thread: left out.")
    print("\n  ours  stock  ours found  stock found  query")
    pairs = sorted(zip(ours, stock, strict=True), key=lambda pair: (pair[0].ndcg - pair[1].ndcg, pair[0].judged.query))
    for o, s in pairs:
        print(f"{o.ndcg:6.3f} {s.ndcg:6.3f}  {o.total:>10}  {s.total:>11}  {o.judged.query}")
    mean_ours, mean_stock = evaluate.mean(ours), evaluate.mean(stock)
    print(f"\nmean nDCG@{evaluate.K} over {len(queries)} queries: ours {mean_ours:.4f}, Wagtail stock {mean_stock:.4f}")
    print(f"ratio ours / stock: {mean_ours / mean_stock:.2f}×" if mean_stock else "stock search found nothing judged")


if __name__ == "__main__":
    queries = evaluate.load_judgements()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        call_command("seed_demo", stdout=io.StringIO())
        call_command("update_index", stdout=io.StringIO())  # Wagtail's own index, complete whatever signals did
        compare(queries)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
