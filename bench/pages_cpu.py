"""Page cost in one process (issue 18): CPU time and queries of every main page, against the information page.

Usage: .venv/bin/python bench/pages_cpu.py [--database postgres://postgres@127.0.0.1:5432/bench_pagecost] \
       [--repeat 30] [--only catalogue,asset] [--redis redis://127.0.0.1:6379/11]
Uses the database `bench/pages.py` set up (run that once first), the production settings (as bench/pages.py sets
them) and Django's test Client in this process: every page is rendered `--repeat` times after two warm-ups,
anonymous and signed in as `asn`; prints the median CPU time of one request (process time: what the request
costs the server, not what it waits for), its queries and both as ratios to the anchor. Unlike wrk under other
work on the machine, these figures repeat from run to run.
"""

import argparse
import os
import statistics
import sys
import time

from pages import DEFAULT_DATABASE, GOAL, USER, environment, page_urls


def measure(client, path, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        response = client.get(path)
        if response.status_code != 200:
            return None
    times, counts = [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            t0 = time.process_time()
            client.get(path)
            times.append((time.process_time() - t0) * 1000)
        counts.append(len(captured))
    return statistics.median(times), max(counts)


def report(title, rows):
    anchor_ms, anchor_q = next(r for name, r in rows if "anchor" in name)
    print(f"\n{title} (goal: every page within {GOAL}x the anchor's CPU time)")
    print(f"{'page':<22} {'CPU ms':>8} {'queries':>8} {'CPU ×':>7} {'queries ×':>10}")
    for name, (ms, count) in rows:
        over = "  OVER" if ms / anchor_ms > GOAL else ""
        print(f"{name:<22} {ms:>8.1f} {count:>8d} {ms / anchor_ms:>7.2f} {count / anchor_q:>10.2f}{over}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/11")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--only", default="", help="comma separated words: measure the pages whose name has one")
    args = parser.parse_args()
    env = environment(args)
    pages = page_urls(env)
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    cache.clear()
    if args.only:
        words = args.only.split(",")
        pages = [p for p in pages if "anchor" in p[0] or any(w in p[0] for w in words)]
    from people.models import User

    signed_in = Client()
    signed_in.force_login(User.objects.get(username=USER))
    print(f"{args.repeat} requests per page after 2 warm-ups, median CPU time; signed in as {USER!r}")
    for title, client in (("anonymous", Client()), ("signed in", signed_in)):
        rows = []
        for name, path, signed_in_only in pages:
            if signed_in_only and client is not signed_in:
                continue
            result = measure(client, path, args.repeat)
            if result is None:
                print(f"  {name} {path}: not 200, skipped")
                continue
            rows.append((name, result))
        report(title, rows)


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    main()
