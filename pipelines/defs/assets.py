"""The ingest as Dagster assets: raw_pages -> parsed_pages -> the warehouse tables.

The six warehouse tables are one step (a multi-asset) because they are published together: the
step builds them on a staging copy, runs the checks, and renames the copy over the published
file only when no blocking check failed. Each table is still its own asset with its own counts.
"""

import time
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from pipelines.defs.resources import NewsWarehouse
from pipelines.ingest import run as ingest
from pipelines.ingest.parallel import ParseSummary
from pipelines.ingest.pool import start_forkserver
from pipelines.ingest.scan import ScanCounts, ScanResult
from warehouse import checks
from warehouse.load import PUBLIC_TABLES, LoadInput

PREVIEW_ROWS = 5
PROGRESS_EVERY_S = 2.0

TABLE_DESCRIPTIONS = {
    "pages": "One row per raw file ever seen, with its status (parsed, partial, quarantined) "
    "and the reasons.",
    "articles": "One row per distinct article, merged from all its copies.",
    "tags": "Tags of each article, in page order.",
    "regions": "Site regions and ISO countries each article is about, with the evidence.",
    "breaking_items": "Distinct BREAKING ticker items with first and last seen times.",
    "related_links": "Read more, Most Read and Read Next links between articles, resolved to "
    "articles in the warehouse where possible.",
}

TABLE_PREVIEWS = {
    "pages": "SELECT path, layout, status, problems, article_id FROM pages ORDER BY path",
    "articles": "SELECT title, published_at, section, primary_region, copies FROM articles "
    "ORDER BY published_at DESC NULLS LAST, article_id",
    "tags": "SELECT tag, count(*) AS articles FROM tags GROUP BY tag ORDER BY articles DESC, tag",
    "regions": "SELECT region, count(DISTINCT article_id) AS articles FROM regions "
    "GROUP BY region ORDER BY articles DESC, region",
    "breaking_items": "SELECT text, speaker, times_seen FROM breaking_items "
    "ORDER BY times_seen DESC, item_id",
    "related_links": "SELECT kind, target_title, target_article_id IS NOT NULL AS resolved "
    "FROM related_links ORDER BY article_id, kind, position",
}


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "..."


def markdown_table(frame: pl.DataFrame) -> str:
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "| " + " | ".join("---" for _ in frame.columns) + " |"
    rows = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in frame.iter_rows()]
    return "\n".join([header, rule, *rows])


def _counts_markdown(counts: dict[str, int]) -> str:
    frame = pl.DataFrame({"value": list(counts), "files": list(counts.values())})
    return markdown_table(frame.sort("files", descending=True))


def _report_ahead_failure(context: dg.AssetExecutionContext) -> None:
    if failure := ingest.ahead.pop_failure():
        context.log.warning(
            f"The work made ahead of this run, in a child process, failed ({failure}): "
            "the steps did it themselves."
        )


@dg.asset(
    group_name="ingest",
    kinds={"python", "polars"},
    description="The files of the raw folder (NEWS_RAW_DIR) compared with the warehouse: how many "
    "are new, changed, metadata (manifest changed), unchanged or removed, and those a run acts "
    "on with their fetch time and URL. Decided from file metadata alone: nothing is read here.",
)
def raw_pages(context: dg.AssetExecutionContext, news: NewsWarehouse) -> dg.Output[ScanResult]:
    result = ingest.scan_folder(news.raw_path, news.warehouse_path, run_id=context.run.run_id)
    if result.rebuild:
        context.log.warning(
            f"{news.warehouse_path} was written by another version of the warehouse schema or "
            "build SQL: it is rebuilt from every file of the raw folder, and pages no longer in "
            "the folder drop out of it."
        )
    counts = result.counts
    start_forkserver(counts.new + counts.changed, news.workers or None)
    changes = {
        "new": counts.new,
        "changed": counts.changed,
        "metadata": counts.metadata,
        "unchanged": counts.files - counts.new - counts.changed - counts.metadata,
        "removed": counts.removed,
    }
    ahead = (
        "no"
        if result.listed_ahead_s is None
        else f"begun {result.listed_ahead_s:.2f} s before this step, as the run was planned"
    )
    context.log.info(f"{counts.files} files in {news.raw_path}: {changes}; scanned ahead: {ahead}")
    _report_ahead_failure(context)
    for problem in result.manifest.problems:
        context.log.warning(f"manifest: {problem}")
    return dg.Output(
        result.needing_work(),
        metadata={
            "raw_dir": str(news.raw_path),
            "files": counts.files,
            **{f"files_{name}": count for name, count in changes.items()},
            "manifest": result.manifest.path or "none (file times used)",
            "scanned_ahead": ahead,
            "changes": dg.MetadataValue.md(_counts_markdown(changes)),
        },
    )


@dataclass(frozen=True, slots=True)
class ParsedRun:
    """What the parse step hands to the warehouse step: file paths and counts, no data."""

    counts: ScanCounts
    load: LoadInput | None  # None when the scan found nothing to do
    summary: ParseSummary


def _progress_logger(context: dg.AssetExecutionContext):
    last = [0.0]

    def report(done: int, total: int, elapsed: float) -> None:
        if done < total and elapsed - last[0] < PROGRESS_EVERY_S:
            return
        last[0] = elapsed
        rate = done / elapsed if elapsed else 0.0
        left = (total - done) / rate if rate else 0.0
        context.log.info(
            f"parsed {done:,} of {total:,} pages ({rate:,.0f} pages/s, about {left:,.0f} s left)"
        )

    return report


@dg.asset(
    group_name="ingest",
    kinds={"python", "polars", "parquet"},
    description="New and changed raw files read, decoded and parsed on every core into Parquet "
    "parts (one set per batch): layout, status and reasons, article fields, tags, links, ticker "
    "items and regions. Unchanged files are not read again.",
)
def parsed_pages(
    context: dg.AssetExecutionContext, news: NewsWarehouse, raw_pages: ScanResult
) -> dg.Output[ParsedRun]:
    started = time.perf_counter()
    counts = raw_pages.counts
    if not counts.has_work and news.warehouse_path.exists():
        context.log.info("Nothing new, changed or removed: no file is read.")
        return dg.Output(
            ParsedRun(counts=counts, load=None, summary=ParseSummary()),
            metadata={"pages_parsed": 0, "seconds": round(time.perf_counter() - started, 2)},
        )
    load, summary = ingest.parse_new_files(
        news.raw_path,
        news.warehouse_path,
        raw_pages,
        context.run.run_id,
        workers=news.workers or None,
        progress=_progress_logger(context),
    )
    _report_ahead_failure(context)
    seconds = time.perf_counter() - started
    rate = summary.files / summary.seconds if summary.seconds else 0.0
    if summary.ahead:
        context.log.info(
            f"{summary.files:,} pages were parsed ahead, while the run was planned, in "
            f"{summary.seconds:.2f} s: taken with the scan."
        )
    return dg.Output(
        ParsedRun(counts=counts, load=load, summary=summary),
        metadata={
            "pages_parsed": summary.files,
            "pages_per_second": round(rate, 1),
            "seconds": round(seconds, 2),
            "parsed_ahead": summary.ahead,
            **{f"status_{name}": count for name, count in sorted(summary.statuses.items())},
            "statuses": dg.MetadataValue.md(_counts_markdown(summary.statuses)),
            "layouts": dg.MetadataValue.md(_counts_markdown(summary.layouts)),
            "parts_dir": str(load.parts_dir),
        },
    )


def _check_results(outcome: ingest.BuildOutcome, *, reused: bool):
    for result in outcome.checks:
        extra = {"evaluated_by_run": outcome.evaluated_by} if reused else {}
        yield dg.AssetCheckResult(
            asset_key=result.check.asset,
            check_name=result.check.name,
            passed=result.passed,
            severity=dg.AssetCheckSeverity.ERROR
            if result.check.blocking
            else dg.AssetCheckSeverity.WARN,
            metadata={**result.metadata, **extra},
        )


def _stop_on_blocking_failures(outcome: ingest.BuildOutcome, warehouse: Path) -> None:
    if outcome.blocking_failures:
        names = ", ".join(o.check.name for o in outcome.blocking_failures)
        raise dg.Failure(
            description=f"Blocking checks failed ({names}); the new warehouse was NOT published "
            f"and {warehouse} still holds the previous state. See the check results.",
        )


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            table,
            group_name="warehouse",
            kinds={"duckdb"},
            description=TABLE_DESCRIPTIONS[table],
            deps=["parsed_pages"],
            skippable=True,  # not materialized by a run that changes nothing
        )
        for table in PUBLIC_TABLES
    ],
    check_specs=[
        dg.AssetCheckSpec(
            check.name, asset=check.asset, description=check.description, blocking=check.blocking
        )
        for check in checks.ALL_CHECKS
    ],
    can_subset=False,
)
def warehouse_tables(
    context: dg.AssetExecutionContext, news: NewsWarehouse, parsed_pages: ParsedRun
):
    """Stage, load, rebuild and check the warehouse tables, then publish them in one rename.

    A run that found nothing to do leaves the warehouse as it is and materializes nothing; it
    reports the checks of the published file (those recorded when it was published, while the
    file is unchanged).
    """
    warehouse = news.warehouse_path
    if parsed_pages.load is None:
        outcome = ingest.check_published(warehouse, parsed_pages.counts.files, context.run.run_id)
        context.log.info(
            "No new, changed or removed files: the warehouse is left as it is. Check results: "
            + (
                "evaluated now on the published file."
                if outcome.evaluated_by == context.run.run_id
                else f"those of run {outcome.evaluated_by}, which published it unchanged since."
            )
        )
        yield from _check_results(outcome, reused=outcome.evaluated_by != context.run.run_id)
        _stop_on_blocking_failures(outcome, warehouse)
        return

    outcome = ingest.build_and_publish(
        news.raw_path,
        warehouse,
        context.run.run_id,
        parsed_pages.load,
        parsed_pages.counts,
        progress=context.log.info,
    )
    context.log.info(
        "warehouse build: " + ", ".join(f"{name} {s:.2f} s" for name, s in outcome.timings.items())
    )

    if outcome.blocking_failures:  # not published: the tables are not materialized
        yield from _check_results(outcome, reused=False)
        _stop_on_blocking_failures(outcome, warehouse)

    # The tables first, then their checks: Dagster records each check result against the latest
    # materialization of its table, which is this run's only once it has been reported.
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for table in PUBLIC_TABLES:
            # Arrow C stream, not `.pl()`, which would import pyarrow for five rows (0.07 s)
            preview = pl.DataFrame(con.sql(TABLE_PREVIEWS[table] + f" LIMIT {PREVIEW_ROWS}"))
            yield dg.MaterializeResult(
                asset_key=table,
                metadata={
                    "dagster/row_count": outcome.counts[table],
                    "published": outcome.published,
                    "path": str(warehouse),
                    "preview": dg.MetadataValue.md(markdown_table(preview)),
                },
            )
    yield from _check_results(outcome, reused=False)
