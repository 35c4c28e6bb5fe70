"""The steps of one ingest run, shared by the Dagster assets and `ingest_folder`.

scan (metadata only) -> parse new and changed files into Parquet parts (both cores) ->
stage a copy of the warehouse, load the parts, rebuild the tables, check -> publish atomically.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import duckdb
import polars as pl

from pipelines import parsing
from pipelines.ingest.parallel import ParseSummary, Progress, parse_to_parts
from pipelines.ingest.scan import ScanResult, scan
from warehouse import checks, faults, paths, store
from warehouse.load import LoadInput, load, table_counts


def _parser_version() -> str:
    """Changes whenever the parser's code changes, so every page is parsed again with it."""
    digest = hashlib.sha256()
    package = resources.files("pipelines.parsing")
    for name in sorted(entry.name for entry in package.iterdir() if entry.name.endswith(".py")):
        digest.update(name.encode())
        digest.update(package.joinpath(name).read_bytes())
    return digest.hexdigest()[:12]


PARSER_VERSION = _parser_version()


def scan_folder(raw_dir: Path, warehouse: Path) -> ScanResult:
    result = scan(raw_dir, store.read_catalog(warehouse), PARSER_VERSION)
    faults.pause_point("scanned")
    return result


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
    """Parse what the scan found new or changed; write the scan beside the parts for the load."""
    folder = run_dir(warehouse, run_id)
    parts = folder / "parts"
    summary = parse_to_parts(
        raw_dir, result.to_parse, parts, result.manifest, workers=workers, progress=progress
    )
    scan_file = folder / "scan.parquet"
    removed_file = folder / "removed.parquet"
    # Only files the load writes need their URL made canonical; unchanged ones keep theirs.
    unchanged = pl.col("change") == "unchanged"
    pl.concat(
        [
            with_url_fields(result.files.filter(~unchanged)),
            result.files.filter(unchanged).with_columns(
                canonical_url=pl.lit(None, pl.String), section=pl.lit(None, pl.String)
            ),
        ]
    ).write_parquet(scan_file)
    result.removed.write_parquet(removed_file)
    return LoadInput(parts, scan_file, removed_file, PARSER_VERSION), summary


@dataclass(slots=True)
class BuildOutcome:
    published: bool
    counts: dict[str, int]
    checks: list[checks.CheckOutcome] = field(default_factory=list)

    @property
    def blocking_failures(self) -> list[checks.CheckOutcome]:
        return [o for o in self.checks if o.check.blocking and not o.passed]


def record_checks(warehouse: Path, run_id: str, outcomes, published: bool) -> None:
    store.write_json_atomic(
        paths.checks_file(warehouse),
        {
            "run_id": run_id,
            "evaluated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "published": published,
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
    result: ScanResult,
    *,
    copy_published: bool = True,
) -> BuildOutcome:
    """Apply a run to a staging copy, check it, and publish it unless a blocking check failed."""
    started_at = datetime.now(UTC).replace(tzinfo=None)
    staging = store.stage(warehouse, run_id, copy_published=copy_published)
    with staging.connect() as con:
        load(con, run)
        faults.pause_point("load")
        outcomes = checks.run_checks(con, result.files.height)
        counts = table_counts(con)
        outcome = BuildOutcome(published=False, counts=counts, checks=outcomes)
        if not outcome.blocking_failures:
            con.execute(
                "INSERT INTO ingest_runs VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                [
                    run_id,
                    started_at,
                    datetime.now(UTC).replace(tzinfo=None),
                    str(raw_dir),
                    result.files.height,
                    result.count("new"),
                    result.count("changed"),
                    result.removed.height,
                    PARSER_VERSION,
                ],
            )
    if not outcome.blocking_failures:
        store.publish(staging)
        outcome.published = True
    record_checks(warehouse, run_id, outcomes, outcome.published)
    return outcome


def check_published(warehouse: Path, files_listed: int) -> BuildOutcome:
    """Counts and checks of the published warehouse, for a run that found nothing to do."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        outcomes = checks.run_checks(con, files_listed)
        return BuildOutcome(published=False, counts=table_counts(con), checks=outcomes)


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")


def ingest_folder(
    raw_dir: Path, warehouse: Path, *, workers: int | None = None, lock_timeout_s: float = 60
) -> BuildOutcome:
    """The whole run without Dagster (benchmarks, fixtures); the assets call the same steps."""
    run_id = new_run_id()
    with store.writer_lock(warehouse, run_id=run_id, timeout_s=lock_timeout_s):
        store.discard_stale_builds(warehouse, keep_run=run_id)
        result = scan_folder(raw_dir, warehouse)
        if not result.has_work and warehouse.exists():
            return check_published(warehouse, result.files.height)
        run, _ = parse_new_files(raw_dir, warehouse, result, run_id, workers=workers)
        outcome = build_and_publish(raw_dir, warehouse, run_id, run, result)
        store.discard_stale_builds(warehouse, keep_run="")
        return outcome
