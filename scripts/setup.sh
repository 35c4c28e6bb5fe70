#!/usr/bin/env bash
# Create .venv and install the project with its test extras (idempotent).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
PYTHON="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e "$PROJECT_ROOT[test,bench]"
