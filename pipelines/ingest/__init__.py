"""From a folder of raw files to parsed Parquet parts: scanning, reading, parsing in parallel.

`ingest_folder` and `BuildOutcome` are loaded on first use, so that importing a light module of
this package (ahead, walk) does not import polars, DuckDB and the parser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipelines.ingest.run import BuildOutcome, ingest_folder

__all__ = ["BuildOutcome", "ingest_folder"]


def __getattr__(name: str):
    if name in __all__:
        from pipelines.ingest import run

        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
