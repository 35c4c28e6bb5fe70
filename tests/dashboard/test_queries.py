"""Queries written for speed answer exactly what the plain SQL they replace answers.

Checked on a synthetic warehouse large enough for many row groups, NULLs and repeated targets.
"""

from __future__ import annotations

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard import queries
from dashboard.connection import current_snapshot, open_snapshot
from dashboard.filters import Filters
from tests.dashboard import factory


@pytest.fixture(scope="module")
def snap(tmp_path_factory):
    folder = tmp_path_factory.mktemp("large")
    warehouse = factory.build_large_warehouse(folder / "news.duckdb", articles=3000)
    with duckdb.connect(str(warehouse)) as con:
        # What the fast counts must still get right: NULL bodies, unresolved titles that differ
        # only in case, an article linking to one target under several kinds.
        con.execute("UPDATE articles SET body = NULL WHERE hash(article_id) % 7 = 0")
        con.execute(
            """UPDATE related_links SET target_title = upper(target_title)
               WHERE target_article_id IS NULL AND hash(article_id) % 2 = 0"""
        )
    return current_snapshot(warehouse)


def test_link_resolution_counts_as_distinct_targets(snap):
    plain = """SELECT kind, count(*) AS links,
                      count(DISTINCT coalesce(target_article_id, 'title:' || lower(target_title)))
                          AS targets,
                      count(DISTINCT target_article_id) AS targets_in_warehouse
               FROM related_links GROUP BY ALL ORDER BY kind"""
    with open_snapshot(snap) as con:
        expected = con.execute(plain).pl()
    assert_frame_equal(queries.link_resolution(snap, Filters()), expected)


def test_field_completeness_counts_every_column(snap):
    counts = ", ".join(f"count({c}) AS {c}" for c in queries.COMPLETENESS_COLUMNS)
    with open_snapshot(snap) as con:
        expected = con.execute(
            f"""SELECT {counts},
                       (SELECT count(DISTINCT article_id) FROM tags) AS tags,
                       (SELECT count(DISTINCT article_id) FROM regions) AS regions
                FROM articles"""
        ).pl()
    got = queries.field_completeness(snap)
    assert dict(zip(got["field"], got["filled"], strict=True)) == expected.row(0, named=True)
    assert got["articles"].unique().to_list() == [3000]
    assert got.filter(pl.col("field") == "source")["filled"].item() < 3000
