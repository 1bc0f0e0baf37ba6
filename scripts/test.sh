#!/usr/bin/env bash
# One command: install, lint, check migrations and the production settings, then run the whole test suite
# (SQLite, or PostgreSQL when DATABASE_URL says so).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python manage.py makemigrations --check --dry-run
.venv/bin/python scripts/check_translations.py  # every string has its English translation
# The production settings with a throwaway key: any deploy warning fails the run.
env -u DATABASE_URL -u REDIS_URL DJANGO_SETTINGS_MODULE=corpu.settings.production \
  SECRET_KEY="ci-only-$(head -c 48 /dev/urandom | base64 | tr -d '/+=' | head -c 56)" ALLOWED_HOSTS=corpu.example \
  .venv/bin/python manage.py check --deploy --fail-level WARNING
echo "tests: database ${DATABASE_URL:-sqlite (default)}"
exec .venv/bin/pytest -n auto "$@"  # one worker per CPU (pytest-xdist); each has its own database and media
