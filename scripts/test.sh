#!/usr/bin/env bash
# One command: install, lint, and run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL says so).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
echo "tests: database ${DATABASE_URL:-sqlite (default)}"
exec .venv/bin/pytest "$@"
