"""Production: secrets and hosts must come from the environment; PostgreSQL via DATABASE_URL.

HTTPS is on by default (redirect, HSTS, secure cookies); a deployment behind a TLS proxy tells Django which header
the proxy sets (SECURE_PROXY_SSL_HEADER). README's Configuration table lists every variable read here.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY wajib diisi di lingkungan produksi.")
STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405

# --- HTTPS (each switchable by environment; the defaults are the secure ones) ---
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The header a trusted TLS proxy sets (and overwrites when a client sends it) to say the request came over HTTPS;
# "off" when Django faces the clients itself, or a client could claim HTTPS.
_proxy_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto").strip()
if _proxy_header.lower() in {"", "off", "0", "false", "no"}:
    SECURE_PROXY_SSL_HEADER = None
else:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# Pages are compressed like the static files (WhiteNoise serves those pre-compressed). Django's GZipMiddleware pads
# each compressed body with random bytes against BREACH-style length attacks on the CSRF token.
MIDDLEWARE = [MIDDLEWARE[0], "django.middleware.gzip.GZipMiddleware", *MIDDLEWARE[1:]]  # noqa: F405
# Behind the TLS proxy every request comes from the proxy's address: read the client's from X-Forwarded-For, or
# one address's failures would lock everybody out (TRUSTED_PROXY_COUNT=0 when Django faces the clients).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1" if SECURE_PROXY_SSL_HEADER else "0"))
