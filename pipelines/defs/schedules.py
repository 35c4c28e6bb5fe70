"""A daily run, for folders that are filled by a crawler without the sensor running."""

import dagster as dg

from pipelines.defs.jobs import ingest_job

daily_ingest = dg.ScheduleDefinition(
    name="daily_ingest",
    job=ingest_job,
    cron_schedule="0 5 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Ingest whatever arrived in the raw folder, every day at 05:00 UTC.",
)
