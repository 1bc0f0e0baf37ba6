"""Playwright for Python driving Debian's chromium (never a downloaded browser)."""

import os
import threading
import time
from pathlib import Path

import pytest
from django.core.signals import request_finished, request_started

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class _InFlight:
    """The live server's threads still answering a request, so a test's teardown can wait for them.

    The test client answers in the test's own thread and is not counted: only the server's threads are.
    """

    def __init__(self):
        self.threads = set()
        self.lock = threading.Lock()

    def started(self, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            with self.lock:
                self.threads.add(threading.current_thread())

    def finished(self, **kwargs):
        with self.lock:
            self.threads.discard(threading.current_thread())

    def busy(self):
        with self.lock:
            return any(thread.is_alive() for thread in self.threads)

    def wait_idle(self, timeout=15.0):
        """Block until no request is being answered: the database flush after a test must not meet one."""
        deadline = time.monotonic() + timeout
        while self.busy() and time.monotonic() < deadline:
            time.sleep(0.02)
        with self.lock:
            self.threads.clear()


IN_FLIGHT = _InFlight()
request_started.connect(IN_FLIGHT.started, weak=False, dispatch_uid="browser-tests-in-flight-started")
request_finished.connect(IN_FLIGHT.finished, weak=False, dispatch_uid="browser-tests-in-flight-finished")


@pytest.fixture(autouse=True)
def _live_server_idle_at_teardown(request):
    """Let the live server finish what the browser sent last before the test database is flushed.

    A page may leave a request behind (an xAPI statement, a sync): a flush that meets it waits for its lock or
    fails, and a write that lands after the flush leaves rows for the next test. The database is set up before
    this fixture, so it is flushed after this fixture's teardown.
    """
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    IN_FLIGHT.wait_idle()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: run scripts/setup.sh (it installs the 'chromium' package).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in(page, base, username, password="rahasia-123"):
    """Sign in through the site's own form (the factories' password) and wait for the page it leads to."""
    page.goto(base + "/akun/login/")
    page.get_by_label("NIP, nama pengguna, atau e-mail").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()
