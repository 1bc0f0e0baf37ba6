#!/usr/bin/env bash
# Install everything CorpU needs on a fresh Debian machine (idempotent): system packages, Python venv,
# front-end packages from npm, translations.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(chromium gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils wrk)
missing=()
command -v npm >/dev/null || missing+=(nodejs npm)
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing system packages: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: please install with sudo: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
stamp=.venv/.requirements.sha
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing Python packages"
  .venv/bin/pip install -q --upgrade pip 2>&1 | { grep -v "^WARNING: Location" || true; }
  .venv/bin/pip install -q -r requirements.txt 2>&1 | { grep -v "^WARNING: Location" || true; }
  .venv/bin/python -c "import wagtail, playwright" # fail loudly if the install did not work
  echo "$want" > "$stamp"
fi

npm_stamp=node_modules/.package-lock.sha
npm_want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$npm_stamp" 2>/dev/null)" != "$npm_want" ]; then
  echo "setup: installing front-end packages from npm"
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
  echo "$npm_want" > "$npm_stamp"
fi

.venv/bin/python manage.py compilemessages -v0 --ignore=.venv
