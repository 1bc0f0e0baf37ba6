#!/usr/bin/env bash
# One command: install, create the SQLite database with demo data, and serve CorpU at http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python manage.py migrate --noinput -v0
addr=${CORPU_ADDR:-127.0.0.1:8000}
# Links in e-mails and in seed_demo's output use the address served here (unless CORPU_BASE_URL says otherwise).
export CORPU_BASE_URL=${CORPU_BASE_URL:-http://$addr}
.venv/bin/python manage.py seed_demo
# Package content (H5P, SCORM) is served from another host than the site, away from its cookies: localhost.
export H5P_CONTENT_ORIGIN=${H5P_CONTENT_ORIGIN:-http://localhost:${addr##*:}}
echo "CorpU: browse $CORPU_BASE_URL (H5P/SCORM content comes from $H5P_CONTENT_ORIGIN)"
exec .venv/bin/python manage.py runserver "$addr"
