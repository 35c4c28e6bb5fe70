"""Everything Dagster loads: `dagster dev -m pipelines.definitions`."""

import sys

import dagster as dg

from pipelines.defs import assets
from pipelines.defs.jobs import ingest_job
from pipelines.defs.resources import default_warehouse
from pipelines.defs.schedules import daily_ingest
from pipelines.defs.sensors import raw_folder_sensor
from pipelines.ingest import run as ingest
from warehouse import paths

defs = dg.Definitions(
    assets=dg.load_assets_from_modules([assets]),
    jobs=[ingest_job],
    schedules=[daily_ingest],
    sensors=[raw_folder_sensor],
    resources={"news": default_warehouse()},
    # One process per run: the writer lock is held by the run, and start-up is paid once.
    executor=dg.in_process_executor,
)

# Commands that load the project to execute a run in this very process. The code server, the
# UI, the daemon and the tests load it without running anything here: they scan nothing ahead.
RUN_COMMANDS = (("asset", "materialize"), ("job", "execute"), ("api", "execute_run"))

if tuple(sys.argv[1:3]) in RUN_COMMANDS:
    # The folder and the warehouse the run's resource names unless the run is configured
    # otherwise (then the scan step finds no scan ahead for its paths and scans itself).
    ingest.scan_ahead(paths.raw_dir(), paths.duckdb_path())
