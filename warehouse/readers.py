"""Read-only access to the published warehouse.

The pipeline never writes the published file in place: it builds a new file and renames it over
the old one (see warehouse/README.md). A reader that opens a connection gets a complete snapshot;
opening a fresh connection (or calling `snapshot_token` to notice the change) shows the new data.
Readers never take the write lock, so they can never block the pipeline.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb


class WarehouseMissing(FileNotFoundError):
    """The warehouse file does not exist yet: run the pipeline first."""


def snapshot_token(path: Path) -> tuple[int, int] | None:
    """Changes whenever a new warehouse is published (inode and mtime of the file)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns)


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published warehouse; close it when done."""
    if not path.exists():
        raise WarehouseMissing(
            f"No warehouse at {path}. Build it with "
            "`dagster asset materialize -m pipelines.definitions --select '*'` "
            "(NEWS_RAW_DIR names the raw folder, NEWS_DUCKDB the warehouse file)."
        )
    return duckdb.connect(str(path), read_only=True)
