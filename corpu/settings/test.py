"""Test runs: fast hashing, in-memory mail, no external services."""

import os
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each pytest-xdist worker gets its own media folders.
TEST_MEDIA = BASE_DIR / ".test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")  # noqa: F405
MEDIA_ROOT = TEST_MEDIA / "public"
PRIVATE_MEDIA_ROOT = TEST_MEDIA / "private"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WHITENOISE_AUTOREFRESH = True
# Tests search the database; the live Elasticsearch suite reads ELASTICSEARCH_URL from the environment itself.
ELASTICSEARCH_URL = ""
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tests sign in with `client.force_login` (no second factor): two-factor enforcement is off here and switched on by
# the `mfa_enforced` fixture in the tests that exercise it (people/tests/test_mfa*.py). Dev and production keep it on.
MFA_ENFORCE = False

# SQLite tests use a database file (on tmpfs when the machine has one), never the shared in-memory database: Django's
# live server hands an in-memory connection to every request thread, and one sqlite3 connection used by two threads
# deadlocks in CPython (one thread fetching rows holds the GIL and waits for the connection's mutex, while the other
# holds the mutex inside a query that calls Django's Python SQL functions and waits for the GIL). With a file each
# thread opens its own connection (WAL, busy timeout, immediate transactions), as in a real SQLite deployment.
# The test process's id names the file, so two runs on one machine (or a killed run's leftover WAL) never meet.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _scratch = Path("/dev/shm") if Path("/dev/shm").is_dir() else BASE_DIR  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(_scratch / f"corpu-test-{os.getpid()}.sqlite3")}  # noqa: F405
