"""Start a run when files appear, change or disappear in the raw folder.

The cursor is a fingerprint of the folder listing (paths, sizes, modification times): a sensor
tick only stats files, never reads them, and asks for a run only when the fingerprint moved.
"""

from __future__ import annotations

import os

import dagster as dg

from pipelines.defs.jobs import ingest_job
from pipelines.ingest.scan import list_folder, listing_fingerprint
from warehouse import paths


def folder_fingerprint(raw_dir: str) -> tuple[str, int]:
    listing = list_folder(raw_dir)
    return listing_fingerprint(listing), listing.height


@dg.sensor(
    job=ingest_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Materializes the pipeline when the raw folder (NEWS_RAW_DIR) changes.",
)
def raw_folder_sensor(context: dg.SensorEvaluationContext):
    raw_dir = str(paths.raw_dir())
    if not os.path.isdir(raw_dir):
        return dg.SkipReason(f"The raw folder {raw_dir} does not exist (set NEWS_RAW_DIR).")
    fingerprint, files = folder_fingerprint(raw_dir)
    if fingerprint == context.cursor:
        return dg.SkipReason(f"No change in {raw_dir} ({files} files).")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint, tags={"news/files": str(files)})
