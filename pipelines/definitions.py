"""Everything Dagster loads: `dagster dev -m pipelines.definitions`."""

import dagster as dg

from pipelines.defs import assets
from pipelines.defs.jobs import ingest_job
from pipelines.defs.resources import default_warehouse
from pipelines.defs.schedules import daily_ingest
from pipelines.defs.sensors import raw_folder_sensor

defs = dg.Definitions(
    assets=dg.load_assets_from_modules([assets]),
    jobs=[ingest_job],
    schedules=[daily_ingest],
    sensors=[raw_folder_sensor],
    resources={"news": default_warehouse()},
    # One process per run: the writer lock is held by the run, and start-up is paid once.
    executor=dg.in_process_executor,
)
