"""Settings shared by every environment; everything deploy-specific comes from environment variables.

Environment variables: SECRET_KEY, DEBUG, ALLOWED_HOSTS (comma separated), DATABASE_URL (SQLite when unset),
REDIS_URL (cache; local memory when unset), ELASTICSEARCH_URL (search backend; database search when unset),
ELASTICSEARCH_INDEX (alias of the Elasticsearch index), SEARCH_CACHE_SECONDS (database search answers kept; 0: off),
PAGE_CACHE_SECONDS (navigation and catalogue options kept per audience; 0: off),
PERSONAL_CACHE_SECONDS (rendered blocks of one user's personal pages; 0: off),
TASKS_BACKEND (background tasks; run at once when unset), CORPU_BASE_URL, EMAIL_URL-like settings via
DEFAULT_FROM_EMAIL / EMAIL_HOST.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    """Read a boolean environment variable ("1", "true", "yes" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated environment variable as a list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Apps are listed in dependency order: the demo seeder (`seed_demo`) runs each app's `demo.seed` in this order.
CORPU_APPS = [
    "people",
    "corpu",
    "ledger",
    "knowledge_assets",
    "courses",
    "communities",
    "planning",
    "evaluation",
    "search",
]

INSTALLED_APPS = CORPU_APPS + [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "people.apps.CorpUUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corpu.csp.CSPMiddleware",
    "corpu.middleware.ServiceWorkerScriptMiddleware",  # before WhiteNoise: no static file becomes a worker
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corpu.middleware.IndonesianByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "people.middleware.session_last_seen",
    "django.contrib.messages.middleware.MessageMiddleware",
    "people.mfa.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# --- Security headers (every environment): no framing, and a Content-Security-Policy (django-csp, corpu/csp.py) ---
X_FRAME_OPTIONS = "DENY"
# Origin the H5P player loads package files from (e.g. https://h5p.corpu.example); empty: this site's own origin.
H5P_CONTENT_ORIGIN = os.environ.get("H5P_CONTENT_ORIGIN", "").rstrip("/")
# Origins the lessons' video block (oEmbed) may frame.
CSP_FRAME_ORIGINS = env_list(
    "CSP_FRAME_ORIGINS", "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com"
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],  # django-csp writes the request's nonce here once a template used it
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-src": ["'self'", *CSP_FRAME_ORIGINS],  # + H5P_CONTENT_ORIGIN, added per response (corpu/csp.py)
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}
# The Wagtail and Django admins still write inline scripts and styles (panels, date widgets, Stimulus-set styles):
# under these prefixes scripts and styles may be inline, everything else stays as above (corpu/csp.py).
CSP_ADMIN_PREFIXES = ("/admin/", "/django-admin/")
# Gravatar would send every admin user's hashed e-mail to a third party (and needs an img-src exception).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

ROOT_URLCONF = "corpu.urls"
WSGI_APPLICATION = "corpu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60"))
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers (e.g. parallel xAPI posts) wait their turn instead of failing with "database is locked":
    # WAL lets readers run beside the writer, transactions take the write lock up front, waits last up to 20 s.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = ["people.backends.NipOrEmailBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "beranda"
LOGOUT_REDIRECT_URL = "/"
# Sign-in (people/backends.py): failures per account before it locks and for how long; failures per source
# address across accounts (count, seconds). Rate limits per user, or address when signed out (corpu/throttle.py).
LOGIN_FAILURE_LIMIT = 5
LOGIN_LOCKOUT_SECONDS = 15 * 60
LOGIN_ADDRESS_LIMIT = (20, 15 * 60)
# Sign-in audit events older than this are deleted by `manage.py purge_sign_in_events` (ADR 0027).
SIGN_IN_AUDIT_RETENTION_DAYS = int(os.environ.get("SIGN_IN_AUDIT_RETENTION_DAYS", "365"))
WAGTAILADMIN_USER_LOGIN_FORM = "people.forms.AdminSignInForm"
# Two-factor sign-in (people/mfa, ADR 0026): users who need it (people.mfa.policy) enrol at their next sign-in and
# give a code at every sign-in; sensitive actions ask again when the last check is older than MFA_RECENT_SECONDS.
# A single sign-on session whose provider says it used a second factor (`amr` values / an `acr` value) counts as
# checked; empty lists: never. MFA_ATTEMPT_LIMIT = (wrong codes, seconds) per account before codes are refused.
MFA_ENFORCE = env_bool("MFA_ENFORCE", True)
MFA_RECENT_SECONDS = int(os.environ.get("MFA_RECENT_SECONDS", "900"))
MFA_SSO_AMR_VALUES = env_list("MFA_SSO_AMR_VALUES", "mfa,otp,hwk,swk")
MFA_SSO_ACR_VALUES = env_list("MFA_SSO_ACR_VALUES")
MFA_ATTEMPT_LIMIT = (5, 15 * 60)
MFA_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "CorpU")
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "people.forms.AdminPasswordResetForm"

# --- Single sign-on with an OpenID Connect provider (people/sso.py, mozilla-django-oidc; docs/adr/0025) ---
# Off while OIDC_ISSUER is empty: no button, and the /sso/ URLs answer 404. Endpoints and keys come from the
# issuer's discovery document (/.well-known/openid-configuration), fetched on first use and kept for an hour.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip().rstrip("/")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_RP_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_SIGN_ALGO", "RS256")
OIDC_TOKEN_USE_BASIC_AUTH = env_bool("OIDC_TOKEN_BASIC_AUTH", False)  # else the secret goes in the POST body
OIDC_NIP_CLAIM = os.environ.get("OIDC_NIP_CLAIM", "nip")
OIDC_EMAIL_CLAIM = os.environ.get("OIDC_EMAIL_CLAIM", "email")
OIDC_NAME_CLAIM = os.environ.get("OIDC_NAME_CLAIM", "name")
OIDC_INSTANSI_CLAIM = os.environ.get("OIDC_INSTANSI_CLAIM", "")  # e.g. the employing institution's name
# A first SSO sign-in of an NIP the HR import does not know creates an account (an ASN of another institution:
# no unit kerja, never staff) only when this is on; otherwise it is refused.
OIDC_CREATE_UNKNOWN = env_bool("OIDC_CREATE_UNKNOWN", False)
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_TIMEOUT = 10
OIDC_DISCOVERY_SECONDS = 3600
OIDC_LEEWAY_SECONDS = 60  # clock skew allowed when checking the ID token's exp and iat
OIDC_AUTHENTICATION_CALLBACK_URL = "sso_callback"
AUTHENTICATION_BACKENDS += ["people.sso.SsoBackend"]
LOGIN_REDIRECT_URL_FAILURE = LOGIN_URL
THROTTLES = {"search-api": (120, 60), "xapi": (600, 60), "scorm-cmi": (600, 60)}
# How many proxies of ours stand before Django: the client's address (for the per-address limits above) is then
# that many entries from the right of X-Forwarded-For; 0 = REMOTE_ADDR (Django faces the clients).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Indonesian first, English available (UI strings are written in Indonesian; locale/en holds the English).
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages from npm (package.json, installed by scripts/setup.sh) served under /static/vendor/.
STATICFILES_DIRS = [
    ("vendor/h5p", BASE_DIR / "node_modules" / "h5p-standalone" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
    ("vendor/scorm-again", BASE_DIR / "node_modules" / "scorm-again" / "dist"),
    # Workbox for the offline service worker: workbox-sw loads each module from here (modulePathCb), no CDN.
    *(
        (f"vendor/workbox/{name}", BASE_DIR / "node_modules" / name / "build")
        for name in ("workbox-sw", "workbox-core", "workbox-routing", "workbox-strategies", "workbox-expiration")
    ),
]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
# Files that must never have a public URL (evidence, H5P packages, private attachments): see corpu/storage.py.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "CorpU"
WAGTAILADMIN_BASE_URL = os.environ.get("CORPU_BASE_URL", "http://127.0.0.1:8000")
# Documents live in private storage and are always served through a Django view so the policy can refuse them.
WAGTAILDOCS_DOCUMENT_MODEL = "corpu.PrivateDocument"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "xlsx", "txt", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Images (originals and renditions) live in private storage too: see corpu/images.py for the views serving them.
WAGTAILIMAGES_IMAGE_MODEL = "corpu.PrivateImage"

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX = os.environ.get("ELASTICSEARCH_INDEX", "corpu-search")  # an alias; rebuilds swap it atomically
# Database search: answers (total, facets, page of ids) kept per audience until the index changes, at most this
# long (search/answers.py); 0 turns it off. Shared between processes when REDIS_URL is set.
SEARCH_CACHE_SECONDS = int(os.environ.get("SEARCH_CACHE_SECONDS", "300"))
# Page fragments shared by one audience (the main navigation, the catalogue's filter options) kept until a page
# changes, at most this long (corpu/page_cache.py); 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# Rendered blocks of one user's personal pages (Beranda saya, JP saya, Profil saya) kept until that user's data,
# a shared rule or a page changes, at most this long (corpu/user_cache.py, ADR 0023); 0 turns it off.
PERSONAL_CACHE_SECONDS = int(os.environ.get("PERSONAL_CACHE_SECONDS", "60"))
# Background tasks (django-tasks): Elasticsearch index updates after publish / unpublish / delete / access change.
# Development and tests run them at once, after the transaction commits. Production:
# TASKS_BACKEND=django_tasks_db.DatabaseBackend, then run `python manage.py db_worker` beside the web server.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Development and the demo write e-mails as files into outbox/ (never onto the console, where seed_demo's account
# list would drown in them); EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend shows them when asked.
# Production sends them over SMTP (corpu/settings/production.py).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", BASE_DIR / "outbox"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CorpU <noreply@corpu.localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
