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
# Bytecode for the project's own modules, as pip writes it for installed packages: an editable
# install gets none, and where PYTHONDONTWRITEBYTECODE is set every run would compile them again
# (0.05-0.15 s per dagster command, parse worker and dashboard start).
"$VENV/bin/python" -m compileall -q "$PROJECT_ROOT/pipelines" "$PROJECT_ROOT/warehouse" "$PROJECT_ROOT/dashboard"
