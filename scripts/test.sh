#!/usr/bin/env bash
# The README's second command: set up (including Debian's chromium for the browser tests) and
# run the whole test suite.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
bash "$PROJECT_ROOT/scripts/setup.sh"
cd "$PROJECT_ROOT"
# Tests make their own raw folders, warehouses and Dagster instances under pytest's tmp_path.
unset NEWS_RAW_DIR NEWS_DUCKDB
"$VENV/bin/ruff" check pipelines warehouse dashboard tests scripts
"$VENV/bin/python" -m pytest -n 2 "$@"
