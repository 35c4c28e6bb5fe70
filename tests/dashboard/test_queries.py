"""Queries written for speed answer exactly what the plain SQL they replace answers.

Checked on a synthetic warehouse large enough for many row groups, NULLs and repeated targets.
"""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard import queries, search
from dashboard.connection import current_snapshot, open_snapshot
from dashboard.filters import Filters
from tests.dashboard import factory


@pytest.fixture(scope="module")
def snap(tmp_path_factory):
    folder = tmp_path_factory.mktemp("large")
    warehouse = factory.build_large_warehouse(folder / "news.duckdb", articles=3000)
    with duckdb.connect(str(warehouse)) as con:
        # What the fast counts must still get right: NULL bodies, unresolved titles that differ
        # only in case, an article linking to one target under several kinds, a tag listed twice
        # on one article.
        # A body is NULL exactly where word_count is 0, as the build leaves them.
        con.execute(
            "UPDATE articles SET body = NULL, word_count = 0 WHERE hash(article_id) % 7 = 0"
        )
        con.execute(
            """INSERT INTO tags SELECT article_id, tag, position + 10 FROM tags
               WHERE hash(article_id, position) % 11 = 0"""
        )
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


@pytest.mark.parametrize(
    "f", [Filters(), Filters(regions=("MENA",), date_from=date(2021, 1, 1))], ids=["all", "some"]
)
def test_tag_pairs_count_each_article_once(snap, f):
    """Pairs counted in polars match the self-join they replace (3,600 tags, 300 paired)."""
    plain = queries._with_filtered(
        f,
        """, kept AS (SELECT DISTINCT article_id, tag FROM tags
                      WHERE article_id IN (SELECT article_id FROM filtered)),
           top_tags AS (SELECT tag FROM kept GROUP BY tag ORDER BY count(*) DESC, tag
                        LIMIT $top_tags),
           pairable AS (SELECT * FROM kept SEMI JOIN top_tags USING (tag))
           SELECT a.tag AS tag_a, b.tag AS tag_b, count(*) AS articles
           FROM pairable AS a JOIN pairable AS b ON a.article_id = b.article_id AND a.tag < b.tag
           GROUP BY ALL ORDER BY articles DESC, tag_a, tag_b LIMIT $limit""",
    )
    params = f.params() | {"top_tags": queries.PAIR_TAGS, "limit": 100}
    with open_snapshot(snap) as con:
        expected = con.execute(plain, queries._bind(plain, params)).pl()
    assert_frame_equal(queries.tag_pairs(snap, f, 100), expected)


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


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """A warehouse whose word index lists its texts as they are (snap's edits come after it)."""
    folder = tmp_path_factory.mktemp("indexed")
    return current_snapshot(factory.build_large_warehouse(folder / "news.duckdb", articles=3000))


def _phrase_from_a_body(snap) -> str:
    """Two words side by side in some body: a phrase with matches, and many candidates."""
    with open_snapshot(snap) as con:
        (body,) = con.execute("SELECT body FROM articles ORDER BY article_id LIMIT 1").fetchone()
    return " ".join(body.split()[3:5])


@pytest.mark.parametrize(
    "text",
    [
        "w12",
        "w12 w13 OR w2999",
        '"title 12"',  # whole words: not "title 120"
        "PHRASE",
        '"title 12" OR w2999',
        '"synthetic summary" w5',
        "u.s.",
    ],
)
@pytest.mark.parametrize(
    "f", [Filters(), Filters(regions=("MENA",), date_from=date(2021, 1, 1))], ids=["all", "some"]
)
def test_search_by_index_finds_what_reading_every_text_finds(indexed, monkeypatch, text, f):
    """The index decides whole words and picks the texts a phrase is read in: same result."""
    if text == "PHRASE":
        text = f'"{_phrase_from_a_body(indexed)}" OR "no such phrase"'
    query = search.parse(text)
    assert queries.word_index_ready(indexed)
    by_index = queries.search_articles(indexed, f, query, "month")
    listed_by_index = queries.search_match_list(indexed, f, query)
    queries.search_articles.clear()
    queries.search_match_list.clear()
    monkeypatch.setattr(queries, "word_index_ready", lambda snap: False)
    by_reading = queries.search_articles(indexed, f, query, "month")
    for field in ("per_period", "by_region", "matches"):
        assert_frame_equal(getattr(by_index, field), getattr(by_reading, field))
    assert (by_index.total_matches, by_index.undated_matches) == (
        by_reading.total_matches,
        by_reading.undated_matches,
    )
    assert_frame_equal(listed_by_index, queries.search_match_list(indexed, f, query))
    # The table shows the first rows of the list its CSV download gives.
    assert_frame_equal(by_index.matches, listed_by_index.head(queries.TABLE_ROWS))
    if f == Filters() and text != "u.s.":
        assert by_index.total_matches > 0
