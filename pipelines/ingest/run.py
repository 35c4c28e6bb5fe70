"""The steps of one ingest run, shared by the Dagster assets and `ingest_folder`.

scan (metadata only) -> parse new and changed files into Parquet parts (both cores) ->
stage a copy of the warehouse, load the parts, rebuild the tables, check -> publish atomically.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import duckdb
import polars as pl

from pipelines import parsing
from pipelines.ingest import ahead, pool
from pipelines.ingest.extract import manifest_reasons
from pipelines.ingest.parallel import ParseSummary, Progress, parse_to_parts
from pipelines.ingest.scan import ScanCounts, ScanResult, scan, status_changed_ns
from warehouse import checks, faults, paths, store
from warehouse.load import LoadInput, index_rebuilt_articles, load, table_counts
from warehouse.readers import snapshot_token


def _parser_version() -> str:
    """Changes whenever the parser's code changes, so every page is parsed again with it."""
    digest = hashlib.sha256()
    package = resources.files("pipelines.parsing")
    for name in sorted(entry.name for entry in package.iterdir() if entry.name.endswith(".py")):
        digest.update(name.encode())
        digest.update(package.joinpath(name).read_bytes())
    return digest.hexdigest()[:12]


PARSER_VERSION = _parser_version()


def scan_folder(raw_dir: Path, warehouse: Path, *, run_id: str | None = None) -> ScanResult:
    """The folder against the published warehouse.

    Every file is new when the warehouse has to be rebuilt (another version of the schema or
    build SQL wrote it). With `run_id` (the caller holds the writer lock), what earlier runs left
    in the build folder is removed on a second thread meanwhile: unlinking a full build's parts
    (0.5 GB at 100k pages) took a no-op run 0.1 s, which the kernel spends off the GIL. That
    caller also takes the scan this process's child made ahead (ahead.take_scan), if it holds.
    """
    if run_id is None:
        result = scan_unlocked(raw_dir, warehouse)
    else:
        with ThreadPoolExecutor(max_workers=1) as pool:
            discarding = pool.submit(store.discard_stale_builds, warehouse, keep_run=run_id)
            result = ahead.take_scan(raw_dir, warehouse) or scan_unlocked(raw_dir, warehouse)
            discarding.result()
    faults.pause_point("scanned")
    return result


def scan_unlocked(
    raw_dir: Path, warehouse: Path, *, on_many_new: tuple[int, Callable[[], None]] | None = None
) -> ScanResult:
    """scan_folder without the writer lock: what the child of ahead.py runs.

    `on_many_new` (count, function): the function is called as soon as the listing has reached
    `count` files, when every file of the folder is new to the warehouse (none is published, or
    it is rebuilt); never otherwise.
    """
    info = store.published_info(warehouse)
    rebuild = info is not None and info.format != store.warehouse_format()
    return scan(
        raw_dir,
        store.empty_catalog if rebuild else lambda: store.read_catalog(warehouse),
        PARSER_VERSION,
        rebuild=rebuild,
        unchanged_since=info.folder_fingerprint if info else None,
        # the published file's status changed when it was renamed into place
        changed_after_ns=status_changed_ns(warehouse) if info is not None else None,
        on_many=on_many_new if info is None or rebuild else None,
    )


def with_url_fields(files: pl.DataFrame) -> pl.DataFrame:
    urls = files.get_column("url").drop_nulls().unique().to_list()
    canonical = {url: parsing.canonical_url(url) for url in urls}
    sections = {url: parsing.section_from_url(url) for url in urls}
    return files.with_columns(
        canonical_url=pl.col("url").replace_strict(canonical, default=None, return_dtype=pl.String),
        section=pl.col("url").replace_strict(sections, default=None, return_dtype=pl.String),
    )


def run_dir(warehouse: Path, run_id: str) -> Path:
    return paths.build_dir(warehouse) / run_id


def parse_new_files(
    raw_dir: Path,
    warehouse: Path,
    result: ScanResult,
    run_id: str,
    *,
    workers: int | None = None,
    progress: Progress | None = None,
) -> tuple[LoadInput, ParseSummary]:
    """Parse what the scan found new or changed; write the scan beside the parts for the load.

    Meanwhile the published warehouse is copied for the build (store.stage_early), unless the
    build starts a new one.
    """
    if not result.rebuild:
        store.stage_early(warehouse, run_id)
    folder = run_dir(warehouse, run_id)
    parts = folder / "parts"
    summary = ahead.take_parts(raw_dir, result, parts) or parse_to_parts(
        raw_dir, result.to_parse, parts, result.manifest, workers=workers, progress=progress
    )
    pool.stop_forkserver()  # or the one the scan had started, unused
    scan_file = folder / "scan.parquet"
    removed_file = folder / "removed.parquet"
    # Parsed files carry their listing in their parts; the load needs the others only when
    # their manifest row changed.
    with_url_fields(result.files.filter(pl.col("change") == "metadata")).write_parquet(scan_file)
    result.removed.write_parquet(removed_file)
    manifest = result.manifest
    reasons = tuple(manifest_reasons(manifest.problems))
    return LoadInput(
        parts,
        scan_file,
        removed_file,
        PARSER_VERSION,
        manifest=None if manifest.path is None else (manifest.path, reasons),
    ), summary


@dataclass(slots=True)
class BuildOutcome:
    published: bool
    counts: dict[str, int]
    checks: list[checks.CheckOutcome] = field(default_factory=list)
    evaluated_by: str | None = None  # the run whose check results these are
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase of the build

    @property
    def blocking_failures(self) -> list[checks.CheckOutcome]:
        return [o for o in self.checks if o.check.blocking and not o.passed]


# A build reports its phases as they end once it has run this long. Each report is a Dagster
# event (5-10 ms); a short build's phases are in its summary line alone.
PHASE_REPORTS_AFTER_S = 2.0


class _Timer:
    """Seconds per phase; once the build has run `report_after_s`, each finished phase is also
    reported, so that a long build shows where it is in the run log."""

    def __init__(
        self,
        report: Callable[[str], None] | None = None,
        report_after_s: float = PHASE_REPORTS_AFTER_S,
    ) -> None:
        self.timings: dict[str, float] = {}
        self._report = report
        self._report_after_s = report_after_s
        self._started = self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = round(now - self._last, 2)
        self._last = now
        if self._report is not None and now - self._started >= self._report_after_s:
            self._report(
                f"warehouse build: {name} done in {self.timings[name]:.2f} s "
                f"({now - self._started:.1f} s so far)"
            )


def _file_identity(path: Path) -> list[int] | None:
    """The published file's snapshot token, as JSON keeps it (it moves when the file is written)."""
    token = snapshot_token(path)
    return None if token is None else list(token)


def record_checks(warehouse: Path, run_id: str, outcomes, published: bool) -> None:
    store.write_json_atomic(
        paths.checks_file(warehouse),
        {
            "run_id": run_id,
            "evaluated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "published": published,
            # the published file these results describe (after this run)
            "warehouse_file": _file_identity(warehouse),
            "checks": [
                {
                    "name": o.check.name,
                    "asset": o.check.asset,
                    "passed": o.passed,
                    "severity": "ERROR" if o.check.blocking else "WARN",
                    "blocking": o.check.blocking,
                    "description": o.check.description,
                    "metadata": o.metadata,
                }
                for o in outcomes
            ],
        },
    )


def build_and_publish(
    raw_dir: Path,
    warehouse: Path,
    run_id: str,
    run: LoadInput,
    counts: ScanCounts,
    *,
    copy_published: bool = True,
    progress: Callable[[str], None] | None = None,
) -> BuildOutcome:
    """Apply a run to a staging copy, check it, and publish it unless a blocking check failed.

    A warehouse of another format (counts.rebuild) is not copied: the run builds a new one.
    `progress` is told as each phase ends, once the build has run PHASE_REPORTS_AFTER_S.
    """
    started_at = datetime.now(UTC).replace(tzinfo=None)
    timer = _Timer(progress)
    copy = copy_published and not counts.rebuild
    staging = store.stage(warehouse, run_id, copy_published=copy)
    timer.lap("stage" if copy else "create")
    with staging.connect() as con:
        load(con, run)
        timer.lap("load and rebuild")
        index_rebuilt_articles(con, staging.run_dir)
        timer.lap("search index")
        faults.pause_point("load")
        outcomes = checks.run_checks(con, counts.files)
        outcome = BuildOutcome(published=False, counts=table_counts(con), checks=outcomes)
        outcome.timings = timer.timings
        timer.lap("checks")
        if not outcome.blocking_failures:
            store.vacuum_if_worth_it(con)
            store.record_info(con, counts.fingerprint)
            facts = [
                run_id,
                started_at,
                datetime.now(UTC).replace(tzinfo=None),
                str(raw_dir),
                counts.files,
                counts.new,
                counts.changed,
                counts.removed,
                PARSER_VERSION,
            ]
            values = ", ".join(store.sql_string(value) for value in facts)
            con.execute(f"INSERT INTO ingest_runs VALUES ({values})")
            con.execute("CHECKPOINT")
    if not outcome.blocking_failures:
        store.publish(staging)
        outcome.published = True
        timer.lap("publish")
    record_checks(warehouse, run_id, outcomes, outcome.published)
    return outcome


def _recorded_checks(warehouse: Path) -> tuple[str, list[checks.CheckOutcome]] | None:
    """The checks recorded for the published file as it is now, and the run that evaluated them.

    None when there are none, or when the file was replaced or written since they ran.
    """
    try:
        report = json.loads(paths.checks_file(warehouse).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not report.get("published") or report.get("warehouse_file") != _file_identity(warehouse):
        return None
    by_name = {check.name: check for check in checks.ALL_CHECKS}
    recorded = {entry["name"]: entry for entry in report.get("checks", [])}
    if set(recorded) != set(by_name):
        return None  # checks were added or renamed since
    outcomes = [
        checks.CheckOutcome(check, bool(recorded[name]["passed"]), recorded[name]["metadata"])
        for name, check in by_name.items()
    ]
    return report["run_id"], outcomes


def check_published(warehouse: Path, files_listed: int, run_id: str) -> BuildOutcome:
    """Checks of the published warehouse, for a run that found nothing to do.

    The results recorded when the file was published still hold while the file is the same
    (inode, mtime), so they are reused; otherwise the checks run on the published file.
    """
    recorded = _recorded_checks(warehouse)
    if recorded is not None:
        evaluated_by, outcomes = recorded
        return BuildOutcome(published=False, counts={}, checks=outcomes, evaluated_by=evaluated_by)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        outcomes = checks.run_checks(con, files_listed)
    # recorded as a published state only when it passes, so a failure is evaluated every time
    passed = not any(o.check.blocking and not o.passed for o in outcomes)
    record_checks(warehouse, run_id, outcomes, published=passed)
    return BuildOutcome(published=False, counts={}, checks=outcomes, evaluated_by=run_id)


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")


def ingest_folder(
    raw_dir: Path, warehouse: Path, *, workers: int | None = None, lock_timeout_s: float = 60
) -> BuildOutcome:
    """The whole run without Dagster (benchmarks, fixtures); the assets call the same steps."""
    run_id = new_run_id()
    with store.writer_lock(warehouse, run_id=run_id, timeout_s=lock_timeout_s):
        result = scan_folder(raw_dir, warehouse, run_id=run_id)
        if not result.has_work and warehouse.exists():
            return check_published(warehouse, result.counts.files, run_id)
        run, _ = parse_new_files(raw_dir, warehouse, result, run_id, workers=workers)
        outcome = build_and_publish(raw_dir, warehouse, run_id, run, result.counts)
        store.discard_stale_builds(warehouse, keep_run="")
        return outcome
