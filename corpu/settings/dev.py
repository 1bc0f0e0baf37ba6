"""Local development: DEBUG on, insecure key allowed, SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me"  # noqa: F405
WHITENOISE_AUTOREFRESH = True
