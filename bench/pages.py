"""Page cost benchmark (issue 18): every main page under load, against a plain information page.

Usage: .venv/bin/python bench/pages.py [--database postgres://postgres@127.0.0.1:5432/bench_pagecost] \
       [--duration 5] [--connections 50] [--workers N] [--port 8718] [--redis redis://127.0.0.1:6379/11] \
       [--skip-setup] [--only catalogue,asset] [--rounds 3]
Creates the database if missing (env BENCH_PAGES_DATABASE overrides the default), migrates it, loads `seed_demo`
plus extra rows (assets, courses, threads, replies, JP entries) so list pages are realistic, collects the static
files, starts gunicorn with the production settings (workers = CPU count, loopback, HTTP), signs in through the
login form for a session cookie and runs wrk (`apt-get install wrk`) on every page, anonymous and signed in.
Prints p50/p95 latency, requests/s and both as ratios to the anchor (the information page); pages slower than
1.2x the anchor are marked. `--rounds N` measures every page N times in turn (the anchor too) and reports each
figure's median, so a drift of the machine's speed during the run reaches every page alike. See bench/README.md.
"""

import argparse
import http.cookiejar
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE = os.environ.get("BENCH_PAGES_DATABASE", "postgres://postgres@127.0.0.1:5432/bench_pagecost")
FORBIDDEN_DATABASES = {"test", "postgres", "template0", "template1"}
GOAL = 1.2
USER, PASSWORD = "asn", "corpu-demo-2026"  # people.demo
EXTRA_ASSETS, EXTRA_COURSES, EXTRA_THREADS, EXTRA_REPLIES, EXTRA_ENTRIES = 150, 30, 120, 40, 40
MARK = "Bench"  # titles of the extra rows start with it (the setup is idempotent)

# wrk's summary as one parsable line: latency percentiles in microseconds, requests/s, non-2xx/3xx and errors.
WRK_SCRIPT = """
init = function(args) wrk.headers["Accept-Encoding"] = "gzip" end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %d %d %d %.2f %d %d\\n", latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.requests / (summary.duration / 1e6), summary.errors.status, errors))
end
"""


def environment(args):
    """The production settings over plain HTTP on loopback (README's configuration table)."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="corpu.settings.production",
        SECRET_KEY="bench-pages-throwaway-key-not-secret-0123456789",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        SECURE_PROXY_SSL_HEADER="off",
        DATABASE_URL=args.database,
        REDIS_URL=args.redis,
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    return env


def ensure_database(url):
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if name in FORBIDDEN_DATABASES:
        sys.exit(f"refusing to use database {name!r}")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def analyse(url):
    """Fresh planner statistics, as autovacuum keeps them on a production server (this one may run without it)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def manage(env, *command):
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)


def setup(args, env):
    ensure_database(args.database)
    t0 = time.monotonic()
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "seed_demo")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    subprocess.run([sys.executable, __file__, "--extra-rows", *sys.argv[1:]], env=env, check=True)
    print(f"setup: {time.monotonic() - t0:.0f} s")


def extra_rows():
    """More rows than the demo has, so the list pages list pages' worth (idempotent: rows titled MARK …)."""
    import datetime

    import django

    django.setup()
    from django.db import transaction

    from communities import services as communities
    from communities.models import CommunityPage, Thread
    from corpu.access import AccessLevel
    from courses.models import CourseCatalogPage, CoursePage, LessonPage
    from knowledge_assets.models import KnowledgeAssetPage, KnowledgeCatalogPage
    from ledger.services import record_activity
    from people.models import User

    user, clo = User.objects.get(username=USER), User.objects.get(username="clo")
    catalogue = KnowledgeCatalogPage.objects.live().first()
    levels = [AccessLevel.PUBLIC, AccessLevel.PUBLIC, AccessLevel.ASN]
    template = KnowledgeAssetPage.objects.live().filter(access_level=AccessLevel.PUBLIC).first()
    have = KnowledgeAssetPage.objects.filter(title__startswith=MARK).count()
    for i in range(have, EXTRA_ASSETS):
        with transaction.atomic():
            asset = KnowledgeAssetPage(
                title=f"{MARK} praktik baik {i:03d}",
                abstract=f"Abstrak praktik baik nomor {i} untuk pengukuran halaman.",
                asset_type=template.asset_type,
                competency=template.competency,
                access_level=levels[i % 3],
                owner_unit=template.owner_unit,
                owner_kelompok=template.owner_kelompok,
            )
            catalogue.add_child(instance=asset)
            asset.save_revision().publish()
    catalog = CourseCatalogPage.objects.live().first()
    course_template = CoursePage.objects.live().filter(access_level=AccessLevel.PUBLIC).first()
    have = CoursePage.objects.filter(title__startswith=MARK).count()
    for i in range(have, EXTRA_COURSES):
        with transaction.atomic():
            course = CoursePage(
                title=f"{MARK} kursus {i:03d}",
                access_level=levels[i % 3],
                jp_value=course_template.jp_value,
                ledger_form=course_template.ledger_form,
            )
            catalog.add_child(instance=course)
            course.save_revision().publish()
            lesson = LessonPage(title="Pengantar", body=[("text", "<p>Pengantar kursus.</p>")])
            course.add_child(instance=lesson)
            lesson.save_revision().publish()
    community = next(c for c in CommunityPage.objects.live() if communities.can_post(user, c))
    have = Thread.objects.filter(title__startswith=MARK).count()
    for i in range(have, EXTRA_THREADS):
        communities.create_thread(user, community, f"{MARK} utas diskusi {i:03d}", f"Isi utas nomor {i}.")
    thread = Thread.objects.filter(title__startswith=MARK).order_by("pk").first()
    for i in range(thread.replies.count() - 1, EXTRA_REPLIES):
        communities.add_reply(user, thread, f"Balasan nomor {i} untuk pengukuran.")
    year = datetime.date.today().year
    for i in range(EXTRA_ENTRIES):
        day = datetime.date(year, 1 + i % 11, 1 + i % 27)
        record_activity(
            user, "seminar", f"{MARK} seminar {i:03d}", day, day, 1, "hari", source_ref=f"bench:{i}", verifier=clo
        )
    print(
        f"extra rows: {EXTRA_ASSETS} assets, {EXTRA_COURSES} courses, {EXTRA_THREADS} threads, "
        f"{EXTRA_REPLIES} replies, {EXTRA_ENTRIES} JP entries"
    )


def page_urls(env):
    """(name, path, signed-in only) of the pages measured, read from the database."""
    code = (
        "from corpu.models import InfoPage; from corpu.access import AccessLevel as A;"
        "from knowledge_assets.models import KnowledgeCatalogPage as K, KnowledgeAssetPage as KA;"
        "from courses.models import CourseCatalogPage as C, CoursePage as CP;"
        "from communities.models import CommunityIndexPage as F; from communities.models import Thread as T;"
        "from django.db.models import Count;"
        "pub = lambda qs: qs.live().filter(access_level=A.PUBLIC).order_by('pk').first().url;"
        "print(pub(InfoPage.objects)); print(K.objects.live().first().url); print(pub(KA.objects));"
        "print(C.objects.live().first().url); print(pub(CP.objects)); print(F.objects.live().first().url);"
        "print(T.objects.annotate(n=Count('replies')).order_by('-n', 'pk').first().pk)"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    info, catalogue, asset, courses, course, forums, thread = out[-7:]
    return [
        ("home", "/", False),
        ("info page (anchor)", info, False),
        ("knowledge catalogue", catalogue, False),
        ("asset", asset, False),
        ("course catalogue", courses, False),
        ("course", course, False),
        ("forums list", forums, False),
        ("thread", f"/komunitas/utas/{thread}/", True),
        ("JP saya", "/jp/", True),
        ("Profil saya", "/profil/", True),
        ("search", "/cari/?q=pengadaan+barang", False),
        ("Beranda saya", "/beranda/", True),
    ]


def start_gunicorn(args, env):
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "corpu.wsgi",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--log-level",
        "warning",
        "--access-logfile",
        "-" if args.verbose else "/dev/null",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{args.port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            return server, base
        except OSError:
            time.sleep(0.3)
    server.kill()
    sys.exit("gunicorn did not answer")


def sign_in(base):
    """Sign in through the login form; the Cookie header of that session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + "/akun/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"username": USER, "password": PASSWORD, "csrfmiddlewaretoken": token}).encode()
    request = urllib.request.Request(base + "/akun/login/", data=data, headers={"Referer": base + "/akun/login/"})
    opener.open(request)
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        sys.exit("sign-in failed")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def status(url, cookie):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    try:
        return urllib.request.build_opener(NoRedirect).open(request, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


def wrk(url, cookie, args, script):
    command = ["wrk", "-t", "2", "-c", str(args.connections), "-d", f"{args.duration}s", "--timeout", "30s"]
    command += ["-s", script, url]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    p50, p95, p99, rps, bad, errors = re.search(r"^RESULT (.+)$", out, re.M).group(1).split()
    return {
        "p50": int(p50) / 1000,
        "p95": int(p95) / 1000,
        "p99": int(p99) / 1000,
        "rps": float(rps),
        "bad": int(bad) + int(errors),
    }


def median_run(results):
    """Each figure's median over the rounds of one page."""
    return {name: statistics.median(r[name] for r in results) for name in results[0]}


def report(title, rows):
    anchor = next(r for r in rows if "anchor" in r[0])[1]
    print(f"\n{title} (goal: every page within {GOAL}x the anchor's p95 and requests/s)")
    print(f"{'page':<22} {'p50 ms':>8} {'p95 ms':>8} {'req/s':>8} {'p95 ×':>7} {'req/s ×':>8}")
    for name, r in rows:
        if not r["rps"]:
            print(f"{name:<22} no answer within wrk's timeout ({r['bad']} errors)")
            continue
        p95_ratio, rps_ratio = r["p95"] / anchor["p95"], anchor["rps"] / r["rps"]
        over = "  OVER" if max(p95_ratio, rps_ratio) > GOAL else ""
        bad = f"  ({r['bad']} errors/non-2xx)" if r["bad"] else ""
        print(
            f"{name:<22} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['rps']:>8.1f} {p95_ratio:>7.2f} {rps_ratio:>8.2f}"
            f"{over}{bad}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/11")
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per page")
    parser.add_argument("--rounds", type=int, default=1, help="runs of every page, in turn; medians are reported")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--port", type=int, default=8718)
    parser.add_argument("--skip-setup", action="store_true", help="the database is migrated and seeded already")
    parser.add_argument("--only", default="", help="comma separated words: measure the pages whose name has one")
    parser.add_argument("--verbose", action="store_true", help="gunicorn's access log on stdout")
    parser.add_argument("--extra-rows", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.extra_rows:
        return extra_rows()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    env = environment(args)
    if not args.skip_setup:
        setup(args, env)
    analyse(args.database)
    pages = page_urls(env)
    if args.only:
        words = args.only.split(",")
        pages = [p for p in pages if "anchor" in p[0] or any(w in p[0] for w in words)]
    subprocess.run(["redis-cli", "-u", args.redis, "flushdb"], check=False, capture_output=True)
    server, base = start_gunicorn(args, env)
    try:
        cookie = sign_in(base)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
            handle.write(WRK_SCRIPT)
        print(
            f"gunicorn: {args.workers} workers on {base}; wrk: {args.connections} connections, "
            f"{args.duration} s per page; signed in as {USER!r}"
        )
        for title, who in (("anonymous", ""), ("signed in", cookie)):
            shown = []
            for name, path, signed_in_only in pages:
                code = 0 if signed_in_only and not who else status(base + path, who)
                if code not in (0, 200):
                    print(f"  {name} {path}: HTTP {code}, skipped")
                if code == 200:
                    shown.append((name, path))
            runs = {name: [] for name, _path in shown}
            for _round in range(args.rounds):  # every page once a round: drift on the machine reaches them all
                for name, path in shown:
                    warm_up = argparse.Namespace(connections=args.connections, duration=1)
                    wrk(base + path, who, warm_up, handle.name)
                    status(base + path, who)  # waits for the requests wrk left queued: the next run starts idle
                    runs[name].append(wrk(base + path, who, args, handle.name))
                    status(base + path, who)
            report(title, [(name, median_run(results)) for name, results in runs.items()])
        os.unlink(handle.name)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)
    main()
