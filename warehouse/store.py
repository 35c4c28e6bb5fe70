"""The write path: one writer at a time builds a staging copy, then publishes it atomically.

Readers (the dashboard, a DuckDB shell, notebooks) open the published file read-only. DuckDB lets
one process write a file or many read it, never both, so the pipeline never opens the published
file for writing: it copies it to `<warehouse>.build/<run>/staging.duckdb`, applies the run there,
checkpoints, fsyncs and renames the copy over the published name. A reader holding the old file
keeps its snapshot; its next connection sees the new one. A crash at any point leaves the published
file untouched (old state) or fully replaced (new state); the next run discards stale staging.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import hashlib
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import duckdb
import polars as pl

from warehouse import faults, paths

# What a listing of the raw folder says of each file (the pages columns it fills)...
FILE_SCHEMA = {
    "path": pl.String,
    "bytes": pl.Int64,
    "mtime_ns": pl.Int64,
    "url": pl.String,
    "fetched_at": pl.Datetime("us"),
    "fetched_at_source": pl.String,
    "is_synthetic": pl.Boolean,
}
# ... and what the warehouse remembers of it, to tell new and changed files apart.
CATALOG_SCHEMA = {**FILE_SCHEMA, "is_present": pl.Boolean, "parser_version": pl.String}


# DuckDB's share of a build. Loading 100k pages buffers whole row groups of page texts before
# writing them: at 1 GB the build process peaked at 1.3 GB, at 600 MB at 0.9 GB and ran no slower
# (it spills to the run folder when it must).
BUILD_MEMORY_LIMIT = "700MB"
# Rows per row group in the warehouse (DuckDB's default is 122,880). A row group is built in
# memory before it is compressed and written: 122,880 page texts are ~500 MB per thread, which
# thrashed against the memory cap (inserting 200k pages: 5.2 s; with 32,768 rows: 1.5 s; the
# file 5% larger). And rows appended to a table go into its last, partly filled row group, which
# the checkpoint then compresses again whole: with 32,768 rows an incremental run of 1,000 pages
# at 100k re-compressed up to 32k article bodies (1.2-2.4 s); with 8,192, 0.25-0.3 s, for a file
# ~15% larger.
ROW_GROUP_SIZE = 8_192
# DuckDB's checkpoint vacuums tables with deleted rows by merging row groups, which rewrites them:
# the first incremental run after a full build spent 0.6 s merging the small row groups a
# parallel insert leaves. An incremental run deletes few rows (at 100k pages, four runs of 1,000
# new pages left 223 deleted rows of 12.9 million), so builds do not vacuum unless a table's
# deleted rows pass this share.
VACUUM_DEAD_SHARE = 0.1
# Storage written by duckdb >= 1.2 (the duckdb-cli the README names reads it). The default, 1.0,
# cannot compress long strings: the page texts took 450 MB of a 700 MB warehouse at 100k pages,
# 36 MB with zstd.
STORAGE_VERSION = "v1.2.0"


class WarehouseBusy(RuntimeError):
    """Another pipeline run holds the write lock of this warehouse."""


class PublishError(RuntimeError):
    """The new warehouse could not be written or published; the old one is untouched."""


def schema_sql() -> str:
    return resources.files("warehouse").joinpath("schema.sql").read_text(encoding="utf-8")


def build_sql() -> str:
    return resources.files("warehouse").joinpath("build.sql").read_text(encoding="utf-8")


@functools.cache
def warehouse_format() -> str:
    """Changes with the schema, the build SQL, the storage settings or the search index's hash.

    A warehouse of another format is rebuilt from the raw folder rather than patched: new
    columns, compression or build rules then hold for every row, not only for new ones.
    """
    from warehouse import search_index  # it builds on this module

    # The word hash too: a polars that hashes differently must re-index every article.
    digest = hashlib.sha256(
        f"{STORAGE_VERSION} {ROW_GROUP_SIZE} {search_index.probe_hash()}".encode()
    )
    digest.update(schema_sql().encode())
    digest.update(build_sql().encode())
    return digest.hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class PublishedInfo:
    format: str | None  # None: written before formats were recorded
    folder_fingerprint: str | None


def published_info(warehouse: Path) -> PublishedInfo | None:
    """What wrote the published warehouse and from what; None when there is none."""
    if not warehouse.exists():
        return None
    with duckdb.connect(str(warehouse), read_only=True) as con:
        try:
            row = con.execute(
                "SELECT format, folder_fingerprint FROM parsed.warehouse_info"
            ).fetchone()
        except duckdb.CatalogException:
            row = None
    return PublishedInfo(*row) if row else PublishedInfo(None, None)


def sql_string(value: object) -> str:
    """A SQL string literal (quotes doubled), or NULL.

    The write path passes paths and run facts as literals, not bound parameters: DuckDB's Python
    binding imports pandas and numpy on its first parameter, 0.2 s a run otherwise never needs.
    User input never reaches these statements (the dashboard binds parameters).
    """
    return "NULL" if value is None else "'" + str(value).replace("'", "''") + "'"


def record_info(con: duckdb.DuckDBPyConnection, folder_fingerprint: str) -> None:
    from warehouse import search_index  # it builds on this module

    con.execute("DELETE FROM parsed.warehouse_info")
    con.execute(
        "INSERT INTO parsed.warehouse_info VALUES "
        f"({sql_string(warehouse_format())}, {sql_string(folder_fingerprint)}, "
        f"{search_index.probe_hash()})"
    )


@contextlib.contextmanager
def writer_lock(warehouse: Path, *, run_id: str, timeout_s: float) -> Iterator[None]:
    """Hold the exclusive write lock of `warehouse`; wait up to `timeout_s` for another run."""
    lock_path = paths.lock_file(warehouse)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(lock_path, "a+")  # noqa: SIM115 - held open for the life of the lock
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "unknown"
                    raise WarehouseBusy(
                        f"Another pipeline run is writing {warehouse} ({holder}); "
                        f"waited {timeout_s:.0f} s. Run again when it has finished."
                    ) from None
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(
            f"run {run_id}, pid {os.getpid()}, since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC"
        )
        handle.flush()
        yield
    finally:
        handle.close()  # closing releases the lock; the kernel releases it too if we die


def empty_catalog() -> pl.DataFrame:
    return pl.DataFrame(schema=CATALOG_SCHEMA)


def read_catalog(warehouse: Path) -> pl.DataFrame:
    """What the published warehouse knows of each file (empty when nothing is published yet)."""
    if not warehouse.exists():
        return empty_catalog()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        # Through the Arrow C stream interface: `.pl()` imports pyarrow (0.07 s, holding the GIL)
        frame = pl.DataFrame(con.sql("SELECT " + ", ".join(CATALOG_SCHEMA) + " FROM pages"))
    return frame.cast(CATALOG_SCHEMA)


def fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True, slots=True)
class Staging:
    warehouse: Path
    run_dir: Path

    @property
    def database(self) -> Path:
        return self.run_dir / "staging.duckdb"

    def connect(self) -> duckdb.DuckDBPyConnection:
        """The staging database, attached with the build's storage settings and made the default.

        A bounded build: DuckDB spills to the run folder instead of growing to most of RAM, and
        may insert out of order (no table relies on insertion order). The row group size is an
        attach option, not a file property, so every write attaches with it. Checkpoints do not
        vacuum (see VACUUM_DEAD_SHARE and vacuum_if_worth_it).
        """
        con = duckdb.connect(
            ":memory:",
            config={
                "memory_limit": BUILD_MEMORY_LIMIT,
                "preserve_insertion_order": False,
                "temp_directory": str(self.run_dir / "spill"),
                "max_vacuum_tasks": 0,
            },
        )
        try:
            con.execute(
                f"ATTACH {sql_string(self.database)} AS staging "
                f"(STORAGE_VERSION '{STORAGE_VERSION}', ROW_GROUP_SIZE {ROW_GROUP_SIZE})"
            )
            con.execute("USE staging")
        except BaseException:
            con.close()
            raise
        return con


def vacuum_if_worth_it(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Let the next checkpoint vacuum when some table's deleted rows pass VACUUM_DEAD_SHARE.

    duckdb_tables().estimated_size counts the rows stored, deleted ones included. Returns the
    tables that asked for it.
    """
    tables = con.execute(
        """SELECT schema_name || '.' || table_name, estimated_size FROM duckdb_tables()
           WHERE database_name = current_database() AND estimated_size > 0"""
    ).fetchall()
    wasteful = [
        name
        for name, stored in tables
        if stored - con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        > VACUUM_DEAD_SHARE * stored
    ]
    if wasteful:
        con.execute("RESET max_vacuum_tasks")
    return wasteful


def discard_stale_builds(warehouse: Path, keep_run: str) -> None:
    """Remove staging left by runs that died; call only while holding the writer lock.

    The work of a child started ahead of a run is kept while the run's process lives
    (paths.ahead_dir): that run may still take it.
    """
    root = paths.build_dir(warehouse)
    if not root.is_dir():
        return
    for child in root.iterdir():
        if child.name != keep_run and not _ahead_of_a_live_run(child):
            shutil.rmtree(child, ignore_errors=True)


def _ahead_of_a_live_run(folder: Path) -> bool:
    if not folder.name.startswith(paths.AHEAD_PREFIX):
        return False
    try:
        os.kill(int(folder.name.removeprefix(paths.AHEAD_PREFIX)), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        pass  # alive, as another user
    return True


# Copies of the published warehouse being made ahead of their build, by (warehouse, run id).
_early_stages: dict[tuple[Path, str], Future[Staging]] = {}


def stage_early(warehouse: Path, run_id: str) -> None:
    """Start staging a copy of the published warehouse on a second thread (call only while
    holding the writer lock, which keeps the published file as it is until the run ends).

    An incremental run parses its few pages meanwhile. Without this, the build waited for the
    copy (0.1 s at 100k pages) and its first checkpoint for the disk to take the copy's 0.4 GB
    (0.1-0.15 s). While the copy is written to disk, every other fsync on the file system waits
    for it (up to 0.15 s); writing it during the load instead stalled the load as much.
    `stage` picks the copy up; a run that dies leaves it to discard_stale_builds.
    """
    key = (warehouse, run_id)
    if key in _early_stages or not warehouse.exists():
        return
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stage-early")
    _early_stages[key] = pool.submit(_stage_and_flush, warehouse, run_id)
    pool.shutdown(wait=False)  # the copy goes on; its thread ends with it


def _stage_and_flush(warehouse: Path, run_id: str) -> Staging:
    staging = _stage(warehouse, run_id, copy_published=True)
    try:
        fsync(staging.database)
    except OSError as error:
        raise PublishError(_io_message("prepare the new warehouse", warehouse, error)) from error
    return staging


def stage(warehouse: Path, run_id: str, *, copy_published: bool = True) -> Staging:
    """A private copy of the published warehouse (or a new one) with the current schema.

    `copy_published=False` starts from an empty warehouse: for a warehouse rebuilt in full from
    its inputs on every run (the scale-out's sharded warehouse), copying the old file is waste.
    A copy stage_early started for this run is waited for and used.
    """
    early = _early_stages.pop((warehouse, run_id), None)
    if early is not None:
        staging = early.result()  # its PublishError, if it failed
        if copy_published:
            return staging
    return _stage(warehouse, run_id, copy_published=copy_published)


def _stage(warehouse: Path, run_id: str, *, copy_published: bool) -> Staging:
    run_dir = paths.build_dir(warehouse) / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    staging = Staging(warehouse=warehouse, run_dir=run_dir)
    staging.database.unlink(missing_ok=True)
    Path(str(staging.database) + ".wal").unlink(missing_ok=True)
    try:
        copied = copy_published and warehouse.exists()
        if copied:
            copy_file(warehouse, staging.database)
        with staging.connect() as con:
            if not (copied and _has_current_format(con)):
                con.execute(schema_sql())
    except OSError as error:
        raise PublishError(_io_message("prepare the new warehouse", warehouse, error)) from error
    return staging


# copy_file_range refuses some pairs of files (across file systems on some kernels, or on file
# systems without it): shutil copies those.
_COPY_RANGE_REFUSED = frozenset({errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP})


def copy_file(source: Path, target: Path) -> None:
    """Copy `source` over `target` with copy_file_range.

    Where the file system shares blocks between files (XFS, btrfs, ZFS 2.2), that is a reflink:
    instant, and nothing to write to disk. Elsewhere the kernel copies: for the 0.4 GB file of
    100k pages on ext4, 0.11-0.12 s of CPU against 0.13-0.15 s for shutil's sendfile (three
    alternated copies each).
    """
    if not hasattr(os, "copy_file_range"):  # not Linux
        shutil.copyfile(source, target)
        return
    with open(source, "rb") as reader, open(target, "wb") as writer:
        remaining = os.fstat(reader.fileno()).st_size
        try:
            while remaining > 0:
                copied = os.copy_file_range(reader.fileno(), writer.fileno(), remaining)
                if copied == 0:
                    break  # the source is shorter than it was: nothing more to copy
                remaining -= copied
            return
        except OSError as error:
            if error.errno not in _COPY_RANGE_REFUSED:
                raise
    shutil.copyfile(source, target)


def _has_current_format(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the attached warehouse was written with this schema and build SQL.

    Such a copy already has every table, so the schema is not applied again: its IF NOT EXISTS
    statements and comments change nothing, yet mark the catalog changed, and the checkpoint
    before publishing then took 0.15 s more (at 100k pages).
    """
    try:
        row = con.execute("SELECT format FROM parsed.warehouse_info").fetchone()
    except duckdb.CatalogException:
        return False
    return row is not None and row[0] == warehouse_format()


def _io_message(action: str, warehouse: Path, error: OSError) -> str:
    reason = "the disk is full" if error.errno == errno.ENOSPC else (error.strerror or str(error))
    return (
        f"Could not {action} at {warehouse}: {reason}. The published warehouse was not changed; "
        "free space or fix the path (NEWS_DUCKDB), then run again."
    )


def publish(staging: Staging) -> None:
    """Make the staging copy the published warehouse in one atomic rename.

    The build has run CHECKPOINT on its own connection before closing it, so the file holds
    everything (attaching it again here to checkpoint took 0.05 s at 100k pages).

    The file it replaces is held open across the rename: the kernel frees a file's blocks when
    its last name and its last descriptor are gone, and for the 0.4 GB file of 100k pages that
    took 0.09 s on ext4 inside the rename. The last close does it instead, on a thread, while
    the run reports its results (when Dagster's event commits still synced the disk, the freeing
    delayed them by 30-80 ms in all; pipelines/dagster_storage.py no longer syncs them).
    """
    warehouse = staging.warehouse
    replaced = _open_if_present(warehouse)
    try:
        fsync(staging.database)
        faults.pause_point("publish")
        os.replace(staging.database, warehouse)
        fsync(warehouse.parent)
        faults.pause_point("published")
    except OSError as error:
        raise PublishError(_io_message("publish the new warehouse", warehouse, error)) from error
    finally:
        if replaced is not None:
            _close_later(replaced)


def _open_if_present(path: Path) -> int | None:
    try:
        return os.open(path, os.O_RDONLY)
    except OSError:
        return None  # nothing to replace, or nothing this process may hold: the rename frees it


CLOSE_THREAD = "close-replaced-warehouse"


def _close_later(fd: int) -> None:
    """Close `fd` on a thread of its own (os.close releases the GIL while the kernel frees the
    blocks); the interpreter waits for it before the process exits."""
    threading.Thread(target=os.close, args=(fd,), name=CLOSE_THREAD).start()


def write_json_atomic(path: Path, payload: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + f".{os.getpid()}.tmp")
    temporary.write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")
    os.replace(temporary, path)
