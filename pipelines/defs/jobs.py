"""The one job: everything from the raw folder to the published warehouse."""

import dagster as dg

ingest_job = dg.define_asset_job(
    "ingest_job",
    selection=dg.AssetSelection.all(),
    description="Scan the raw folder, parse new and changed files, rebuild and publish the "
    "warehouse.",
)
