#!/usr/bin/env bash
# Install Clew with its test, video, server and PostgreSQL extras into ./.venv (and Debian's chromium for
# the browser tests, if missing) and run the whole test
# suite (lint included) on SQLite, then the store, ingest, analysis and API suites again on a
# real, throw-away PostgreSQL server (scripts/postgres.sh; Debian's package is installed if missing).
# Usage: bash scripts/test.sh [pytest options…]   (CLEW_TEST_SKIP_POSTGRES=1 skips the second pass)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
# Playwright drives Debian's chromium (tests/web, executable_path): it never downloads a browser
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
.venv/bin/python -m pip install -q -e ".[test,video,postgres,server]"
if [ ! -x "${CLEW_CHROMIUM:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing Debian's chromium for the browser tests"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium
  else
    echo "chromium missing: run 'sudo apt-get install -y chromium' (the browser tests need it)" >&2
  fi
fi
.venv/bin/ruff check src tests bench
if [ ! -d ../shared/reference ]; then
  echo "note: ../shared/reference not found beside the project: reference-data tests will fail" >&2
fi
echo "== pass 1: SQLite (every test)"
.venv/bin/python -m pytest -n 2 -p no:cacheprovider "$@"
if [ "${CLEW_TEST_SKIP_POSTGRES:-}" = 1 ]; then
  exit 0
fi
echo "== pass 2: PostgreSQL (store, ingest, analyses, leads, API)"
pgdir=$(mktemp -d /tmp/clew-pg.XXXXXX)
trap 'bash scripts/postgres.sh stop "$pgdir"' EXIT
url=$(bash scripts/postgres.sh start "$pgdir")
suites=()
for s in tests/store tests/ingest tests/resolve tests/network tests/money tests/media tests/leads \
         tests/cases tests/api tests/service tests/test_pipeline.py; do
  [ -e "$s" ] && suites+=("$s")
done
CLEW_TEST_POSTGRES_URL="$url" .venv/bin/python -m pytest -n 2 -p no:cacheprovider "${suites[@]}" "$@"
