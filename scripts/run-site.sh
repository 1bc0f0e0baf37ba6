#!/usr/bin/env bash
# One command: install, create the SQLite database with demo data, and serve CorpU at http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py seed_demo
exec .venv/bin/python manage.py runserver "${CORPU_ADDR:-127.0.0.1:8000}"
