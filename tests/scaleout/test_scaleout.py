"""The scale-out: shards built by separate runs give the same warehouse as the main path."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.defs import scaleout
from pipelines.defs.resources import ShardStore
from pipelines.ingest import ingest_folder
from pipelines.ingest.shards import GENERATIONS, SHARD_KEYS, build_shard, shard_link, shard_of
from pipelines.sample import generate_sample
from warehouse import paths, store
from warehouse.load import PUBLIC_TABLES

# Columns that say when or by which run a page was parsed, not what was found.
RUN_COLUMNS = {"pages": ("parsed_at",)}


def materialize(raw_dir: Path, warehouse: Path, asset, partition_key: str | None = None):
    """A real materialization of one scale-out asset, with real resources, in this process."""
    return dg.materialize(
        [scaleout.parsed_page_shards, scaleout.sharded_warehouse],
        selection=[asset],
        partition_key=partition_key,
        resources={"shard_store": ShardStore(raw_dir=str(raw_dir), duckdb_path=str(warehouse))},
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )


def build_all(raw_dir: Path, warehouse: Path) -> Path:
    for key in SHARD_KEYS:
        assert materialize(raw_dir, warehouse, scaleout.parsed_page_shards, key).success
    assert materialize(raw_dir, warehouse, scaleout.sharded_warehouse).success
    return paths.sharded_warehouse(warehouse)


def table(warehouse: Path, name: str) -> pl.DataFrame:
    excluded = RUN_COLUMNS.get(name, ())
    columns = "* EXCLUDE (" + ", ".join(excluded) + ")" if excluded else "*"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(f"SELECT {columns} FROM {name} ORDER BY ALL").pl()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated pages of every layout, bad files, copies and a manifest."""
    raw_dir = tmp_path_factory.mktemp("corpus") / "raw"
    generate_sample(raw_dir, pages=400, seed=11)
    return raw_dir


@pytest.fixture(scope="module")
def main_warehouse(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    warehouse = tmp_path_factory.mktemp("main") / "news.duckdb"
    assert ingest_folder(corpus, warehouse).published
    return warehouse


def test_definitions_load_and_leave_the_main_ones_alone():
    from pipelines.definitions import defs as main_defs
    from pipelines.scaleout_definitions import defs

    dg.Definitions.validate_loadable(defs)
    job = defs.resolve_job_def("scaleout_job")
    assert job.partitions_def.get_partition_keys() == list(SHARD_KEYS)
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert keys == {"parsed_page_shards", "sharded_warehouse"}
    # `dagster asset materialize -m pipelines.definitions --select '*'` needs no partition
    main_graph = main_defs.resolve_asset_graph()
    assert not any(main_graph.get(key).partitions_def for key in main_graph.get_all_asset_keys())


def test_every_file_is_in_exactly_one_shard(corpus: Path, tmp_path: Path):
    warehouse = tmp_path / "news.duckdb"
    for key in SHARD_KEYS:
        build_shard(corpus, paths.shard_store(warehouse), key, "run1", lock_timeout_s=1)
    scans = pl.read_parquet(
        str(paths.shard_store(warehouse) / "shard=*" / "scan.parquet"), hive_partitioning=False
    )
    listed = sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*") if p.is_file())
    assert sorted(scans.get_column("path")) == listed
    sizes = pl.Series([shard_of(path) for path in listed]).value_counts()
    assert sizes.height == len(SHARD_KEYS)


def test_sharded_warehouse_equals_the_main_one(corpus: Path, main_warehouse: Path, tmp_path: Path):
    sharded = build_all(corpus, tmp_path / "news.duckdb")

    for name in PUBLIC_TABLES:
        expected = table(main_warehouse, name)
        assert expected.height > 0, name
        assert_frame_equal(table(sharded, name), expected)
    assert not (tmp_path / "news.duckdb").exists()  # the main warehouse is never touched


def test_a_shard_rerun_replaces_its_folder_atomically(corpus: Path, tmp_path: Path):
    warehouse = tmp_path / "news.duckdb"
    sharded = build_all(corpus, warehouse)
    pages_before = table(sharded, "pages").height
    link = shard_link(paths.shard_store(warehouse), "03")
    first = link.resolve()
    # what a run killed half-way leaves: an unlinked generation and a temporary link
    leftover = paths.shard_store(warehouse) / GENERATIONS / "shard=03.killed"
    shutil.copytree(first, leftover)
    os.symlink(leftover, link.with_name(".shard=03.killed.link"))

    assert materialize(corpus, warehouse, scaleout.sharded_warehouse).success
    assert table(sharded, "pages").height == pages_before  # the leftover is not read

    assert materialize(corpus, warehouse, scaleout.parsed_page_shards, "03").success
    second = link.resolve()
    assert second != first and second.is_dir()
    assert sorted((paths.shard_store(warehouse) / GENERATIONS).glob("shard=03.*")) == [second]
    assert not list(paths.shard_store(warehouse).glob(".shard=03.*"))

    assert materialize(corpus, warehouse, scaleout.sharded_warehouse).success
    pages = table(sharded, "pages")
    assert pages.height == pages_before
    assert pages.get_column("path").n_unique() == pages.height


def test_shard_runs_lock_only_their_own_shard(corpus: Path, tmp_path: Path):
    shard_store = paths.shard_store(tmp_path / "news.duckdb")
    with store.writer_lock(shard_link(shard_store, "03"), run_id="other", timeout_s=1):
        build_shard(corpus, shard_store, "04", "run1", lock_timeout_s=0.5)
        with pytest.raises(store.WarehouseBusy, match="shard=03"):
            build_shard(corpus, shard_store, "03", "run1", lock_timeout_s=0.5)


def test_the_warehouse_is_not_built_from_missing_shards(corpus: Path, tmp_path: Path):
    warehouse = tmp_path / "news.duckdb"
    for key in SHARD_KEYS[:-1]:
        assert materialize(corpus, warehouse, scaleout.parsed_page_shards, key).success

    result = materialize(corpus, warehouse, scaleout.sharded_warehouse)

    assert not result.success
    assert not paths.sharded_warehouse(warehouse).exists()
    [failure] = [e for e in result.all_events if e.is_step_failure]
    assert f"shard {SHARD_KEYS[-1]} has not been built" in str(failure.step_failure_data.error)


def test_a_warehouse_under_a_key_value_folder_loads(corpus: Path, tmp_path: Path):
    # shard folders are named shard=NN; DuckDB must not read such names as columns
    assert ingest_folder(corpus, tmp_path / "year=2025" / "news.duckdb").published
