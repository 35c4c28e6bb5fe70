"""The search index the pipeline builds: what it finds, and how it follows incremental runs."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from dashboard import queries, search
from dashboard.connection import current_snapshot
from dashboard.filters import Filters
from pipelines.sample import append_pages, generate_sample
from tests.conftest import materialize, query
from warehouse import checks


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("search")
    raw, warehouse = folder / "raw", folder / "news.duckdb"
    generate_sample(raw, pages=200, seed=11)
    assert materialize(raw, warehouse).success
    return raw, warehouse


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

    postings = "SELECT word, article FROM parsed.search_words ORDER BY ALL"
    assert query(incremental, postings) == query(scratch, postings)
    assert query(incremental, "SELECT count(*) FROM articles") > query(
        first, "SELECT count(*) FROM articles"
    )


def test_the_check_catches_an_article_missing_from_the_index(built, tmp_path: Path):
    _, warehouse = built
    broken = tmp_path / "broken.duckdb"
    shutil.copyfile(warehouse, broken)
    with duckdb.connect(str(broken)) as con:
        (article,) = con.execute("SELECT min(article) FROM parsed.search_words").fetchone()
        con.execute("DELETE FROM parsed.search_words WHERE article = $1", [article])
        outcomes = {o.check.name: o for o in checks.run_checks(con, files_listed=0)}
    outcome = outcomes["articles_indexed_for_search"]
    assert not outcome.passed and outcome.metadata["offending"] == 1
