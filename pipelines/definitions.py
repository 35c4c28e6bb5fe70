"""Everything Dagster loads: `dagster dev -m pipelines.definitions`."""

import atexit
import gc
import sys

from pipelines.ingest import ahead
from warehouse import paths

# Commands that load the project to execute a run in this very process. The code server, the
# UI, the daemon and the tests load it without running anything here: they start no child.
RUN_COMMANDS = (("asset", "materialize"), ("job", "execute"), ("api", "execute_run"))

if tuple(sys.argv[1:3]) in RUN_COMMANDS:
    # Before the imports below (polars, DuckDB, the parser: 0.2 s), so that the child scans
    # and parses meanwhile too. It works on the folder and the warehouse the run's resource
    # names unless the run is configured otherwise (then the steps find nothing to take).
    ahead.start(paths.raw_dir(), paths.duckdb_path())
    # As the process exits, the interpreter's last garbage collection walks every object it
    # still holds: 0.25-0.45 s with Dagster, polars and DuckDB loaded. Frozen objects are not
    # walked; the memory goes back to the system with the process all the same.
    atexit.register(gc.freeze)

import dagster as dg  # noqa: E402 - after the child's start, on purpose

from pipelines.defs import assets  # noqa: E402
from pipelines.defs.jobs import ingest_job  # noqa: E402
from pipelines.defs.resources import default_warehouse  # noqa: E402
from pipelines.defs.schedules import daily_ingest  # noqa: E402
from pipelines.defs.sensors import raw_folder_sensor  # noqa: E402

defs = dg.Definitions(
    assets=dg.load_assets_from_modules([assets]),
    jobs=[ingest_job],
    schedules=[daily_ingest],
    sensors=[raw_folder_sensor],
    resources={"news": default_warehouse()},
    # One process per run: the writer lock is held by the run, and start-up is paid once.
    executor=dg.in_process_executor,
)

if tuple(sys.argv[1:3]) in RUN_COMMANDS:
    # What was imported lives as long as the process. Frozen, it is no longer walked by the full
    # collections during the run: one of them took 0.09-0.18 s of CPU as Dagster planned a +1%
    # run at 100k pages (gc.callbacks), and that time was gone once frozen.
    gc.freeze()
