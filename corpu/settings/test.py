"""Test runs: fast hashing, in-memory mail, no external services."""

import os

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
