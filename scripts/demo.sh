#!/usr/bin/env bash
# Install Clew (with its server extra) into ./.venv and run the demo operation end to end in
# ./clew-demo; its summary ends with the command that serves it and a web app log-in.
# Usage: bash scripts/demo.sh [clew demo options…]   (e.g. --people 1000 --seed 7)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[server]"  # the server extra: the web app and the demo log-in
exec .venv/bin/clew --workspace "${CLEW_DEMO_WORKSPACE:-clew-demo}" demo "$@"
