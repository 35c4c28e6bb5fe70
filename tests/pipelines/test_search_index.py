"""The search index the pipeline builds: what it finds, and how it follows incremental runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from dashboard import queries, search
from dashboard.connection import current_snapshot
from dashboard.filters import Filters
from pipelines.sample import append_pages
from tests.conftest import materialize, query
from warehouse import checks


@pytest.fixture
def built(built_sample) -> tuple[Path, Path]:
    return built_sample


def _queries_from(warehouse: Path) -> list[str]:
    """Words and phrases taken from the articles, with their punctuation, plus a few made up."""
    bodies = query(
        warehouse, "SELECT body FROM articles WHERE body IS NOT NULL ORDER BY article_id LIMIT 6"
    )
    texts = []
    for (body,) in bodies:
        words = body.split()
        texts += [words[2], f'"{words[4]} {words[5]}"', f"{words[7]} OR {words[9]}"]
    return texts + ["Lebanon Gaza", "U.S.", "nosuchwordanywhere", '"the" OR &', "al-Aqsa"]


def test_the_index_finds_what_reading_every_text_finds(built):
    _, warehouse = built
    snap = current_snapshot(warehouse)
    assert queries.word_index_ready(snap)
    found_some = 0
    for text in _queries_from(warehouse):
        parsed = search.parse(text)
        by_index = set(queries.search_match_list(snap, Filters(), parsed)["article_id"])
        condition, params = search.predicate(parsed, ("title", "summary", "body"))
        with duckdb.connect(str(warehouse), read_only=True) as con:
            by_reading = {
                row[0]
                for row in con.execute(
                    f"SELECT article_id FROM articles WHERE {condition}", params
                ).fetchall()
            }
        assert by_index == by_reading, text
        found_some += bool(by_index)
    assert found_some >= 10  # the queries are not all empty


def test_an_incremental_run_indexes_like_a_build_from_scratch(built, tmp_path: Path):
    raw, first = built
    incremental = tmp_path / "incremental.duckdb"
    shutil.copyfile(first, incremental)
    grown = tmp_path / "raw"
    shutil.copytree(raw, grown)
    append_pages(grown, pages=40, seed=12)
    assert materialize(grown, incremental).success
    scratch = tmp_path / "scratch.duckdb"
    assert materialize(grown, scratch).success

    # Numbers depend on the order articles were first indexed: compare what they stand for.
    postings = """SELECT word, article_id FROM parsed.search_words
                  JOIN parsed.search_articles USING (article) ORDER BY ALL"""
    assert query(incremental, postings) == query(scratch, postings)
    assert query(incremental, "SELECT count(*) FROM articles") > query(
        first, "SELECT count(*) FROM articles"
    )


def _search_check(warehouse: Path, tmp_path: Path, *breakage: str) -> checks.CheckOutcome:
    """The search index check on a copy of `warehouse` after the statements of `breakage`."""
    broken = tmp_path / "broken.duckdb"
    shutil.copyfile(warehouse, broken)
    with duckdb.connect(str(broken)) as con:
        for statement in breakage:
            con.execute(statement)
        outcomes = {o.check.name: o for o in checks.run_checks(con, files_listed=0)}
    return outcomes["articles_indexed_for_search"]


def test_the_check_counts_each_indexed_article_once_and_passes_as_built(built):
    _, warehouse = built
    with duckdb.connect(str(warehouse), read_only=True) as con:
        outcome = {o.check.name: o for o in checks.run_checks(con, files_listed=0)}[
            "articles_indexed_for_search"
        ]
        (with_rows,) = con.execute(
            "SELECT count(DISTINCT article) FROM parsed.search_words"
        ).fetchone()
    assert outcome.passed and outcome.metadata["articles_indexed"] == with_rows > 0


FIRST = "(SELECT min(article) FROM parsed.search_words)"


@pytest.mark.parametrize(
    "breakage",
    [
        # an article's rows gone, its count left
        (f"DELETE FROM parsed.search_words WHERE article = {FIRST}",),
        # rows under a number no article has
        ("INSERT INTO parsed.search_words SELECT word, 999999 FROM parsed.search_words LIMIT 3",),
        # an article's rows and count gone
        (
            "DELETE FROM parsed.search_counts WHERE article = 1",
            "DELETE FROM parsed.search_words WHERE article = 1",
        ),
        # a count for no article
        ("INSERT INTO parsed.search_counts VALUES (999999, 0)",),
    ],
)
def test_the_check_catches_an_index_that_is_not_whole(
    built, tmp_path: Path, breakage: tuple[str, ...]
):
    _, warehouse = built
    outcome = _search_check(warehouse, tmp_path, *breakage)
    assert not outcome.passed and outcome.metadata["offending"] == 1


@pytest.mark.parametrize("kinds", [queries.LINK_KINDS, ("most_read",), ("read_more", "read_next")])
def test_most_linked_counts_each_linking_article_once(built, kinds):
    """first_to_target (every kind) and DISTINCT (some kinds) count the same articles."""
    _, warehouse = built
    ranked = queries.most_linked(current_snapshot(warehouse), Filters(), kinds, limit=1000)
    expected = query(
        warehouse,
        """SELECT coalesce(target_article_id, 'title:' || lower(target_title)),
                  count(DISTINCT article_id)
           FROM related_links WHERE list_contains($1, kind) GROUP BY 1""",
        [list(kinds)],
    )
    keys = [
        target_id if target_id is not None else "title:" + title.lower()
        for target_id, title in zip(
            ranked["target_article_id"], ranked["target_title"], strict=True
        )
    ]
    assert dict(zip(keys, ranked["linking_articles"], strict=True)) == dict(expected)
    assert ranked["linking_articles"].max() > 1
