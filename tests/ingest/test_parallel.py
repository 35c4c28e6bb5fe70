"""The worker pool and the in-process path write the same parsed parts."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from pipelines.ingest import parallel
from pipelines.ingest.extract import TABLES
from pipelines.ingest.run import PARSER_VERSION
from pipelines.ingest.scan import scan
from pipelines.sample import generate_sample
from warehouse.store import CATALOG_SCHEMA


def _parts(folder: Path, table: str) -> pl.DataFrame:
    frame = pl.read_parquet(folder / f"*.{table}.parquet")
    if "parsed_at" in frame.columns:
        frame = frame.drop("parsed_at")
    return frame.sort(frame.columns[:3])


def test_pool_and_single_process_parse_alike(tmp_path: Path, monkeypatch):
    raw = tmp_path / "raw"
    generate_sample(raw, pages=300, seed=11)
    result = scan(raw, pl.DataFrame(schema=CATALOG_SCHEMA), PARSER_VERSION)

    single = parallel.parse_to_parts(
        raw, result.to_parse, tmp_path / "single", result.manifest, workers=1
    )
    monkeypatch.setattr(parallel, "POOL_THRESHOLD", 0)
    pooled = parallel.parse_to_parts(
        raw, result.to_parse, tmp_path / "pooled", result.manifest, workers=2, batch_size=50
    )

    assert single.files == pooled.files == result.to_parse.height
    assert pooled.batches > -(-result.to_parse.height // 50)  # the last ones are smaller
    assert single.statuses == pooled.statuses
    for table in TABLES:
        assert_frame_equal(_parts(tmp_path / "single", table), _parts(tmp_path / "pooled", table))


@pytest.mark.parametrize("files", [0, 1, 99, 100, 101, 399, 400, 1234])
def test_a_pools_batches_take_every_file_once_in_order_the_last_ones_smaller(files: int):
    tasks = list(range(files))
    size, workers = 50, 2

    batches = parallel.pool_batches(tasks, size, workers)

    assert [task for batch in batches for task in batch] == tasks
    assert all(0 < len(batch) <= size for batch in batches)
    # the last two batches' worth of files, in batches a quarter as large
    tail = [batch for batch in batches if batch[-1] >= files - workers * size]
    assert all(len(batch) <= size // parallel.TAIL_SPLIT for batch in tail)
    assert len(tail) == -(-min(files, workers * size) // (size // parallel.TAIL_SPLIT))


def test_two_parses_sharing_the_batches_parse_each_once_and_alike(tmp_path: Path):
    raw = tmp_path / "raw"
    generate_sample(raw, pages=300, seed=11)
    result = scan(raw, pl.DataFrame(schema=CATALOG_SCHEMA), PARSER_VERSION)
    single = parallel.parse_to_parts(
        raw, result.to_parse, tmp_path / "single", result.manifest, workers=1
    )

    claimed: dict[int, str] = {}

    def claim_as(who: str, most: int):
        def claim(batch: int) -> bool:
            if batch in claimed or sum(1 for w in claimed.values() if w == who) >= most:
                return False
            claimed[batch] = who
            return True

        return claim

    shared = tmp_path / "shared"
    common = {"workers": 1, "batch_size": 40}
    # one takes two batches from the end, the other what is left from the start
    late = parallel.parse_to_parts(
        raw,
        result.to_parse,
        shared,
        result.manifest,
        claim=claim_as("late", 2),
        from_end=True,
        **common,
    )
    early = parallel.parse_to_parts(
        raw, result.to_parse, shared, result.manifest, claim=claim_as("early", 99), **common
    )

    batches = -(-result.to_parse.height // 40)
    assert sorted(claimed) == list(range(batches))
    assert [b for b, w in claimed.items() if w == "late"] == [batches - 1, batches - 2]
    assert (late.batches, early.batches) == (2, batches - 2)
    early.merge(late)
    assert (early.files, early.statuses) == (single.files, single.statuses)
    for table in TABLES:
        assert_frame_equal(_parts(tmp_path / "single", table), _parts(shared, table))
