"""Offline course benchmark (issue 20): per demo course, the bytes "Simpan untuk luring" costs and the time to the
first lesson on a slow link.

Usage: .venv/bin/python bench/offline.py [--database postgres://postgres@127.0.0.1:5432/bench_offline]
       [--skip-setup] [--kbit 400] [--rtt 400] [--port 8719]
Migrates and seeds the database (seed_demo), enrols the demo learner `asn` in every demo course, collects the
static files and starts gunicorn with the production settings (bench/pages.py's environment: gzip, hashed static
files). Debian's chromium (Playwright) reaches it through a throttling proxy in this script: every byte crosses
one shared link of --kbit kbit/s per direction with --rtt/2 ms delay each way, so the service worker's fetches are
slowed as much as the page's (Chromium's own emulation only slows the page). Per course it prints: the manifest's
estimate, the bytes stored, the bytes that crossed the link while saving, the save time, and the time to the first
lesson's `load` on the slow link (the worker answers from the network while it is quicker than 4 s) and offline
(from the saved copy). See bench/README.md.
"""

import argparse
import asyncio
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import pages  # noqa: E402  (bench/pages.py: environment, database, gunicorn)

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/bench_offline"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class SlowLink:
    """A TCP proxy: one link per direction of `rate` bytes/s shared by all connections, `delay` s each way."""

    def __init__(self, upstream_port, rate, delay):
        self.upstream_port, self.rate, self.delay = upstream_port, rate, delay
        self.free_at = {"down": 0.0, "up": 0.0}
        self.bytes = {"down": 0, "up": 0}

    async def pipe(self, reader, writer, direction):
        loop = asyncio.get_running_loop()
        queue = asyncio.Queue()

        async def deliver():
            while True:
                when, data = await queue.get()
                await asyncio.sleep(max(0.0, when - loop.time()))
                if data is None:
                    writer.close()
                    return
                writer.write(data)
                await writer.drain()

        task = asyncio.create_task(deliver())
        try:
            while data := await reader.read(16384):
                self.bytes[direction] += len(data)
                start = max(self.free_at[direction], loop.time())
                self.free_at[direction] = start + len(data) / self.rate
                await queue.put((self.free_at[direction] + self.delay, data))
        except ConnectionError:
            pass
        await queue.put((self.free_at[direction] + self.delay, None))
        await task

    async def handle(self, client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(
            self.pipe(client_reader, server_writer, "up"),
            self.pipe(server_reader, client_writer, "down"),
            return_exceptions=True,
        )

    def start(self, port):
        ready = threading.Event()

        def run():
            loop = asyncio.new_event_loop()
            loop.run_until_complete(asyncio.start_server(self.handle, "127.0.0.1", port))
            ready.set()
            loop.run_forever()

        threading.Thread(target=run, daemon=True).start()
        ready.wait()


def enrol_everywhere():
    """The demo learner enrolled (active) in every live demo course, so each can be saved."""
    import django

    django.setup()
    from courses.models import CoursePage, Enrolment, EnrolmentStatus
    from people.models import User

    learner = User.objects.get(username=pages.USER)
    for course in CoursePage.objects.live():
        Enrolment.objects.update_or_create(user=learner, course=course, defaults={"status": EnrolmentStatus.ACTIVE})


def course_paths(env):
    import json
    import subprocess

    code = (
        "import django, json; django.setup(); from courses.models import CoursePage; "
        "print(json.dumps([[c.title, c.url] for c in CoursePage.objects.live().order_by('path')]))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(base, link, courses):
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS, headless=True)
        context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.set_default_timeout(120_000)
        page.goto(base + "/akun/login/")
        page.get_by_label("NIP, nama pengguna, atau e-mail").fill(pages.USER)
        page.get_by_label("Kata sandi").fill(pages.PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_load_state()
        page.evaluate("navigator.serviceWorker.ready")
        for title, path in courses:
            page.goto(base + path)
            if not page.evaluate("!!navigator.serviceWorker.controller"):
                page.reload()
            manifest = page.evaluate(
                "(url) => fetch(url, {headers: {Accept: 'application/json'}}).then((r) => r.json())",
                path_of_manifest(page),
            )
            if not manifest.get("allowed"):
                rows.append((title, manifest.get("bytes", 0), 0, 0, 0.0, 0.0, 0.0))
                continue
            before = link.bytes["down"] + link.bytes["up"]
            t0 = time.monotonic()
            meta = page.evaluate("([m, url]) => corpuOffline.save(m, url)", [manifest, path_of_manifest(page)])
            saved_in = time.monotonic() - t0
            wire = link.bytes["down"] + link.bytes["up"] - before
            t0 = time.monotonic()
            page.goto(base + manifest["start_url"], wait_until="load")
            online = time.monotonic() - t0
            context.set_offline(True)
            t0 = time.monotonic()
            page.goto(base + manifest["start_url"], wait_until="load")
            offline = time.monotonic() - t0
            context.set_offline(False)
            rows.append((title, manifest["bytes"], meta["bytes"], wire, saved_in, online, offline))
        browser.close()
    return rows


def path_of_manifest(page):
    return page.evaluate("document.querySelector('[data-offline-save]').getAttribute('data-offline-save')")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--port", type=int, default=8719)
    parser.add_argument("--kbit", type=int, default=400)
    parser.add_argument("--rtt", type=int, default=400, help="milliseconds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-setup", action="store_true")
    parser.add_argument("--enrol", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.enrol:
        return enrol_everywhere()
    args.redis, args.verbose = "", False  # pages.environment / start_gunicorn; local-memory cache
    env = pages.environment(args)
    if not args.skip_setup:
        pages.ensure_database(args.database)
        pages.manage(env, "migrate", "--verbosity", "0")
        pages.manage(env, "seed_demo")
        pages.manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    import subprocess

    subprocess.run([sys.executable, __file__, "--enrol", "--database", args.database], env=env, check=True)
    courses = course_paths(env)
    server, _direct = pages.start_gunicorn(args, env)
    try:
        link = SlowLink(args.port, args.kbit * 1000 / 8, args.rtt / 2000)
        link.start(args.port + 1)
        base = f"http://127.0.0.1:{args.port + 1}"
        print(f"link: {args.kbit} kbit/s each way, {args.rtt} ms round trip; gunicorn {args.workers} workers")
        head = ("course", "estimate", "stored", "on wire", "save s", "1st lesson s", "offline s")
        print("{:38} {:>9} {:>9} {:>9} {:>7} {:>12} {:>9}".format(*head))
        for title, estimate, stored, wire, saved_in, online, offline in measure(base, link, courses):
            print(
                f"{title[:38]:38} {estimate / 1024:8.1f}K {stored / 1024:8.1f}K {wire / 1024:8.1f}K "
                f"{saved_in:7.2f} {online:12.2f} {offline:9.2f}"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
