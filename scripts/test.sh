#!/usr/bin/env bash
# Install Clew with its test and video extras into ./.venv and run the whole test suite (lint included).
# Usage: bash scripts/test.sh [pytest options…]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test,video]"
.venv/bin/ruff check src tests bench
if [ ! -d ../shared/reference ]; then
  echo "note: ../shared/reference not found beside the project: reference-data tests will fail" >&2
fi
exec .venv/bin/python -m pytest -n 2 -p no:cacheprovider "$@"
