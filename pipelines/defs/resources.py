"""Where the run reads and writes, and the lock that makes it the only writer."""

import contextlib
import os
from pathlib import Path

import dagster as dg
from pydantic import PrivateAttr

from warehouse import paths, store


def _setting(name: str, default: Path) -> str | dg.EnvVar:
    """The environment variable when it is set (shown as such in the UI), else the default."""
    return dg.EnvVar(name) if os.environ.get(name) else str(default)


class NewsWarehouse(dg.ConfigurableResource):
    """The raw folder (NEWS_RAW_DIR) and the DuckDB warehouse (NEWS_DUCKDB) of a run.

    For the life of a run it holds the warehouse's writer lock: a second run waits up to
    `lock_timeout_s` seconds, then fails with a message naming the run that holds it.
    """

    raw_dir: str
    duckdb_path: str
    lock_timeout_s: float = 600.0
    workers: int = 0  # 0: one parsing process per core

    _lock: contextlib.ExitStack | None = PrivateAttr(default=None)

    @property
    def raw_path(self) -> Path:
        return Path(self.raw_dir)

    @property
    def warehouse_path(self) -> Path:
        return Path(self.duckdb_path)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        run_id = context.run.run_id if context.run else "adhoc"
        self.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
        stack = contextlib.ExitStack()
        stack.enter_context(
            store.writer_lock(self.warehouse_path, run_id=run_id, timeout_s=self.lock_timeout_s)
        )
        self._lock = stack

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def default_warehouse() -> NewsWarehouse:
    return NewsWarehouse(
        raw_dir=_setting("NEWS_RAW_DIR", paths.DEFAULT_RAW_DIR),
        duckdb_path=_setting("NEWS_DUCKDB", paths.DEFAULT_DUCKDB),
    )


class ShardStore(dg.ConfigurableResource):
    """The scale-out's raw folder, Parquet shard store and sharded warehouse.

    Beside the warehouse NEWS_DUCKDB names: `<warehouse>.shards/` and
    `<warehouse stem>.sharded.duckdb`. Unlike NewsWarehouse it takes no lock for the run, so runs
    of different shards proceed at once; each step locks only what it writes (see
    pipelines/ingest/shards.py).
    """

    raw_dir: str
    duckdb_path: str  # the main warehouse, which the scale-out never touches
    lock_timeout_s: float = 600.0

    @property
    def raw_path(self) -> Path:
        return Path(self.raw_dir)

    @property
    def store_path(self) -> Path:
        return paths.shard_store(Path(self.duckdb_path))

    @property
    def target_path(self) -> Path:
        return paths.sharded_warehouse(Path(self.duckdb_path))


def default_shard_store() -> ShardStore:
    return ShardStore(
        raw_dir=_setting("NEWS_RAW_DIR", paths.DEFAULT_RAW_DIR),
        duckdb_path=_setting("NEWS_DUCKDB", paths.DEFAULT_DUCKDB),
    )
