"""The first step past one machine: parsed pages as Parquet shards built by parallel runs, and a
warehouse built from all of them.

A separate job beside the main ingest (which it never touches): `parsed_page_shards` has one
partition per shard, so a backfill, or several command-line runs each given a range of shards,
parse the folder in parallel processes, pods or machines; `sharded_warehouse` then builds
`<warehouse stem>.sharded.duckdb` from the shards with the main path's load, checks and publish.
"""

import time

import dagster as dg
import polars as pl

from pipelines.defs.assets import markdown_table
from pipelines.defs.partitions import shard_partitions
from pipelines.defs.resources import ShardStore
from pipelines.ingest import shards
from warehouse import paths
from warehouse.load import PUBLIC_TABLES


@dg.asset(
    group_name="scaleout",
    kinds={"polars", "parquet"},
    partitions_def=shard_partitions,
    # A range of shards runs as one run (the command line needs this for --partition-range);
    # launch several ranges to spread the shards over processes or machines.
    backfill_policy=dg.BackfillPolicy.single_run(),
    description="Every file of the raw folder (NEWS_RAW_DIR) whose path hashes to the shard, "
    "parsed in this run's process into Parquet parts in `<NEWS_DUCKDB>.shards/shard=NN`, "
    "replaced atomically. Runs of different shards run at once.",
)
def parsed_page_shards(
    context: dg.AssetExecutionContext, shard_store: ShardStore
) -> dg.MaterializeResult:
    rows = []
    for key in context.partition_keys:
        summary = shards.build_shard(
            shard_store.raw_path,
            shard_store.store_path,
            key,
            context.run.run_id,
            lock_timeout_s=shard_store.lock_timeout_s,
        )
        context.log.info(f"shard {key}: {summary.files:,} pages in {summary.seconds:.1f} s")
        rows.append({"shard": key, "pages": summary.files, "seconds": round(summary.seconds, 2)})
    table = pl.DataFrame(rows)
    seconds = table.get_column("seconds").sum()
    pages = table.get_column("pages").sum()
    return dg.MaterializeResult(
        metadata={
            "shards": len(rows),
            "pages_parsed": pages,
            "pages_per_second": round(pages / seconds, 1) if seconds else 0.0,
            "store": str(shard_store.store_path),
            "by_shard": dg.MetadataValue.md(markdown_table(table)),
        }
    )


@dg.asset(
    group_name="scaleout",
    kinds={"duckdb"},
    deps=[parsed_page_shards],
    description="The warehouse tables built from scratch from every shard, checked, and "
    "published atomically as `<NEWS_DUCKDB stem>.sharded.duckdb`; equal to the main warehouse "
    "of the same folder.",
)
def sharded_warehouse(
    context: dg.AssetExecutionContext, shard_store: ShardStore
) -> dg.MaterializeResult:
    started = time.perf_counter()
    target = shard_store.target_path
    outcome = shards.build_sharded_warehouse(
        shard_store.raw_path,
        shard_store.store_path,
        target,
        context.run.run_id,
        lock_timeout_s=shard_store.lock_timeout_s,
    )
    if outcome.blocking_failures:
        names = ", ".join(o.check.name for o in outcome.blocking_failures)
        raise dg.Failure(
            description=f"Blocking checks failed ({names}); {target} was NOT published. "
            f"The results are in {paths.checks_file(target)}."
        )
    return dg.MaterializeResult(
        metadata={
            "path": str(target),
            "seconds": round(time.perf_counter() - started, 2),
            "dagster/row_count": outcome.counts["pages"],
            **{f"rows_{table}": outcome.counts[table] for table in PUBLIC_TABLES},
        }
    )


scaleout_job = dg.define_asset_job(
    "scaleout_job",
    selection=dg.AssetSelection.groups("scaleout"),
    description="Parse the raw folder into Parquet shards and build the sharded warehouse from "
    "them (the main ingest_job is not affected).",
)
