# Sourced by the other scripts: one place for the project's folders and environment.
# shellcheck shell=bash
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PROJECT_ROOT
export NEWS_RAW_DIR="${NEWS_RAW_DIR:-$PROJECT_ROOT/var/sample/raw}"
export NEWS_DUCKDB="${NEWS_DUCKDB:-$PROJECT_ROOT/var/warehouse/news.duckdb}"
# Dagster reads dagster.yaml from $DAGSTER_HOME, not from the working folder.
export DAGSTER_HOME="${DAGSTER_HOME:-$PROJECT_ROOT/var/dagster}"
mkdir -p "$DAGSTER_HOME"
ln -sf "$PROJECT_ROOT/dagster.yaml" "$DAGSTER_HOME/dagster.yaml"
VENV="$PROJECT_ROOT/.venv"
