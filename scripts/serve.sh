#!/usr/bin/env bash
# Install Clew with the server extra, build the demo operation in ./clew-demo if it is not there
# yet, and serve it on http://127.0.0.1:8731/api/v1 (loopback only).
# Usage: bash scripts/serve.sh [clew serve options…]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
WS=${CLEW_DEMO_WORKSPACE:-clew-demo}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[server]"
if [ ! -f "$WS/workspace.json" ]; then
  .venv/bin/clew --workspace "$WS" demo
fi
exec .venv/bin/clew --workspace "$WS" serve "$@"
