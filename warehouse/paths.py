"""The one place that knows where the raw folder and the warehouse file live.

`NEWS_RAW_DIR` and `NEWS_DUCKDB` configure every part of the project (pipeline, dashboard, tests);
the defaults point at the bundled sample under `var/`.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RAW_DIR = PROJECT_ROOT / "var" / "sample" / "raw"
DEFAULT_DUCKDB = PROJECT_ROOT / "var" / "warehouse" / "news.duckdb"


def raw_dir() -> Path:
    return Path(os.environ.get("NEWS_RAW_DIR") or DEFAULT_RAW_DIR)


def duckdb_path() -> Path:
    return Path(os.environ.get("NEWS_DUCKDB") or DEFAULT_DUCKDB)


def build_dir(warehouse: Path) -> Path:
    """Working folder of the writer: staging copies and parsed-page parts, beside the warehouse."""
    return warehouse.with_name(warehouse.name + ".build")


AHEAD_PREFIX = "ahead-"


def ahead_dir(warehouse: Path, pid: int) -> Path:
    """Work a run's process has a child do while Dagster plans the run (pipelines/ingest/ahead.py),
    named after that process: kept while it runs, discarded by a later run once it has ended."""
    return build_dir(warehouse) / f"{AHEAD_PREFIX}{pid}"


def lock_file(warehouse: Path) -> Path:
    """Held by the one pipeline run allowed to write this warehouse."""
    return warehouse.with_name(warehouse.name + ".lock")


def checks_file(warehouse: Path) -> Path:
    """Results of the latest asset checks, written even when a blocking check stops publishing."""
    return warehouse.with_name(warehouse.name + ".checks.json")


def shard_store(warehouse: Path) -> Path:
    """The scale-out's Parquet parsed-page store, one `shard=NN` folder per shard."""
    return warehouse.with_name(warehouse.name + ".shards")


def sharded_warehouse(warehouse: Path) -> Path:
    """The warehouse the scale-out builds from the shard store, beside the main one."""
    return warehouse.with_name(warehouse.stem + ".sharded.duckdb")
