"""Spread parsing over the machine's cores: batches of files, one Parquet part set per batch."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, fields
from pathlib import Path

import polars as pl

from pipelines.ingest.extract import BatchResult, FileTask, extract_batch, paused_gc
from pipelines.ingest.manifest import Manifest
from pipelines.ingest.pool import (
    POOL_THRESHOLD,
    default_workers,
    forkserver_context,
    main_module_hidden,
)
from warehouse import faults

# Batches are large enough to keep the number of Parquet parts small, and small enough that
# memory stays flat (one batch per worker in flight), progress is reported often, and the last
# batch does not keep one core busy long after the other has finished (2,500 pages: ~0.8 s).
MAX_BATCH = 2500
MIN_BATCH = 200
BATCHES_PER_WORKER = 4
# A pool's last batches are this many times smaller, so that its workers end about together.
TAIL_SPLIT = 4


@dataclass(slots=True)
class ParseSummary:
    files: int = 0
    batches: int = 0
    seconds: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)
    layouts: dict[str, int] = field(default_factory=dict)
    ahead: bool = False  # parsed by the child of ahead.py while Dagster planned the run

    def merge(self, other: ParseSummary) -> None:
        """Add the batches another process parsed of the same files (seconds: the longer)."""
        self.files += other.files
        self.batches += other.batches
        self.seconds = max(self.seconds, other.seconds)
        for mine, theirs in ((self.statuses, other.statuses), (self.layouts, other.layouts)):
            for name, count in theirs.items():
                mine[name] = mine.get(name, 0) + count

    def add(self, result: BatchResult) -> None:
        self.files += result.files
        self.batches += 1
        for name, count in result.statuses.items():
            self.statuses[name] = self.statuses.get(name, 0) + count
        for name, count in result.layouts.items():
            self.layouts[name] = self.layouts.get(name, 0) + count


Progress = Callable[[int, int, float], None]  # files done, files total, seconds elapsed


def pool_batches(tasks: list[FileTask], size: int, workers: int) -> list[list[FileTask]]:
    """Batches of `size` files in order, but the last `workers` batches' worth cut smaller.

    The workers take batches as they free up, so one of them draws the last one and parses it
    while the others have nothing left: up to a whole batch's time (0.8 s) on one core at the
    end of every parse. With the last files in batches a quarter as large, that wait is a
    quarter as long.
    """
    small = max(1, size // TAIL_SPLIT)
    tail = max(0, len(tasks) - workers * size)
    return [tasks[start : min(start + size, tail)] for start in range(0, tail, size)] + [
        tasks[start : start + small] for start in range(tail, len(tasks), small)
    ]


def _tasks(frame: pl.DataFrame) -> list[FileTask]:
    """One task per row; FileTask's fields are named after the scan's columns."""
    columns = [field.name for field in fields(FileTask)]
    with paused_gc():  # 100k small objects: twice as fast without the collector's passes
        return [FileTask(*row) for row in frame.select(columns).iter_rows()]


def parse_to_parts(
    raw_dir: Path,
    to_parse: pl.DataFrame,
    parts_dir: Path,
    manifest: Manifest,
    *,
    workers: int | None = None,
    batch_size: int | None = None,
    progress: Progress | None = None,
    claim: Callable[[int], bool] | None = None,
    from_end: bool = False,
) -> ParseSummary:
    """Parse every file of `to_parse` (the scan's columns) into Parquet parts.

    With `claim`, two processes share the batches (in this process, one at a time): this one
    parses a batch only if claim(its number) says it got it, taking them from the last batch
    back when `from_end`. Both must be given the same files and batch size.
    """
    parts_dir.mkdir(parents=True, exist_ok=True)
    tasks = _tasks(to_parse)
    workers = workers or default_workers()
    if batch_size is None:
        wanted = -(-len(tasks) // (workers * BATCHES_PER_WORKER))
        batch_size = min(MAX_BATCH, max(MIN_BATCH, wanted))
    manifest_info = (manifest.path, list(manifest.problems))
    summary = ParseSummary()
    started = time.perf_counter()

    def report(result: BatchResult) -> None:
        summary.add(result)
        faults.pause_point("parse")
        if progress is not None:
            progress(summary.files, len(tasks), time.perf_counter() - started)

    if claim is not None or workers == 1 or len(tasks) < POOL_THRESHOLD:
        # in order and of one size: two processes sharing them must cut them alike
        batches = [tasks[start : start + batch_size] for start in range(0, len(tasks), batch_size)]
        numbers = range(len(batches))
        for number in reversed(numbers) if from_end else numbers:
            if claim is None or claim(number):
                batch = batches[number]
                report(extract_batch(raw_dir, batch, parts_dir / f"b{number:06d}", manifest_info))
    else:
        batches = pool_batches(tasks, batch_size, workers)
        with ProcessPoolExecutor(max_workers=workers, mp_context=forkserver_context()) as pool:
            with main_module_hidden():  # the workers start as the batches are submitted
                futures = [
                    pool.submit(
                        extract_batch, raw_dir, batch, parts_dir / f"b{n:06d}", manifest_info
                    )
                    for n, batch in enumerate(batches)
                ]
            for future in as_completed(futures):
                report(future.result())
    summary.seconds = time.perf_counter() - started
    return summary
