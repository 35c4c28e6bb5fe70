#!/usr/bin/env bash
# The README's first command: set up, build the warehouse from the bundled sample, then serve
# the Dagster UI (port DAGSTER_PORT, 3000) and the dashboard (port DASHBOARD_PORT, 8501).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash "$PROJECT_ROOT/scripts/setup.sh"
source "$VENV/bin/activate"
cd "$PROJECT_ROOT"

if [ ! -d "$NEWS_RAW_DIR" ]; then
  echo "Generating the synthetic sample in $NEWS_RAW_DIR"
  news-sample "$NEWS_RAW_DIR" --pages "${SAMPLE_PAGES:-1500}"
fi
echo "Materializing every asset into $NEWS_DUCKDB"
dagster asset materialize -m pipelines.definitions --select '*'

# The world map's outlines, simplified once and cached, so the Regions page opens at once.
python -c "from dashboard import geo; geo.world_countries()" 2>/dev/null || true

DAGSTER_PORT="${DAGSTER_PORT:-3000}"
DASHBOARD_PORT="${DASHBOARD_PORT:-8501}"
dagster dev -m pipelines.definitions -h 127.0.0.1 -p "$DAGSTER_PORT" &
dagster_pid=$!
trap 'kill "$dagster_pid" 2>/dev/null || true' EXIT
echo "Dagster UI: http://127.0.0.1:$DAGSTER_PORT   Dashboard: http://127.0.0.1:$DASHBOARD_PORT"
streamlit run dashboard/app.py --server.port "$DASHBOARD_PORT" --server.address 127.0.0.1
