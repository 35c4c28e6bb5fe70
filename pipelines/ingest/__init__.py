"""From a folder of raw files to parsed Parquet parts: scanning, reading, parsing in parallel."""

from pipelines.ingest.run import BuildOutcome, ingest_folder

__all__ = ["BuildOutcome", "ingest_folder"]
