#!/usr/bin/env bash
# The README's test command: set up everything the tests need, then run them all.
# Idempotent: a second run reuses .venv and skips what is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv" >&2
  "$PYTHON" -m venv .venv
fi
echo "== installing diplotime with its test dependencies" >&2
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

# The browser test drives Debian's chromium (Playwright cannot download browsers here).
if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing chromium (apt-get)" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

echo "== lint: ruff, import contracts" >&2
.venv/bin/ruff check etl dashboard tests
.venv/bin/lint-imports

echo "== tests" >&2
exec .venv/bin/python -m pytest "$@"
