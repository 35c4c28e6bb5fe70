"""The word index behind the dashboard's search: which articles have which words.

A word is a run of letters, digits and underscores after Unicode lower-casing: the same edges
the search's patterns respect, so an article can only match a search word if it is listed under
it. parsed.search_words holds one row per distinct word of an article (title, summary and body):
the word as a 64-bit hash, the article as its number in parsed.search_articles (given in order
as articles are first indexed, and kept: small numbers pack into a few bits a row, where the
16-hex-digit id read as a number took 8 bytes). The rows of a build are written in batches
sorted by word, so DuckDB's min/max per row group skips all but a few groups when a search looks
a word up: 0.7 ms at 65,000 articles, where reading every body with a pattern takes ~300 ms and
scanning a list of word hashes per article ~17 ms (see docs/scaling.md).

The articles' texts are read back from the warehouse and tokenized by polars (2x faster than
DuckDB's regexp_extract_all, and on every core); a build indexes only the articles it rebuilt.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from warehouse.store import sql_string

WORD = r"[\p{L}\p{N}_]+"
# Articles tokenized at a time: the text and the words of a batch stay ~100 MB.
BATCH_ARTICLES = 10_000
# A word whose hash the warehouse records: a reader whose polars hashes it differently (another
# polars version) must not trust the index.
PROBE_WORD = "news"


def words(text: pl.Expr) -> pl.Expr:
    """The text's distinct words, lower-cased, as they appear (a list of strings)."""
    return text.str.to_lowercase().str.extract_all(WORD).list.unique(maintain_order=True)


def word_hashes(text: pl.Expr) -> pl.Expr:
    """The text's distinct words, hashed (a list of UInt64)."""
    return (
        text.str.to_lowercase().str.extract_all(WORD).list.eval(pl.element().hash()).list.unique()
    )


@dataclass(frozen=True, slots=True)
class TermWords:
    hashes: tuple[int, ...]  # of the term's distinct words, as the index stores them
    whole_word: bool  # the term is one word and nothing else: the index alone decides


def term_words(term: str) -> TermWords:
    """How the index sees a search term."""
    lowered = pl.lit(term).str.to_lowercase()
    row = pl.select(
        lowered.alias("lowered"), words(pl.lit(term)).alias("words"), word_hashes(pl.lit(term))
    ).row(0)
    lowered_term, term_word_list, hashes = row
    return TermWords(tuple(hashes), term_word_list == [lowered_term])


def probe_hash() -> int:
    return term_words(PROBE_WORD).hashes[0]


def _postings(batch: pl.DataFrame) -> pl.DataFrame:
    text = pl.concat_str(["title", "summary", "body"], separator="\n", ignore_nulls=True)
    # One slice per core: polars runs one string expression on one thread.
    size = max(1, -(-batch.height // (os.cpu_count() or 1)))
    slices = [
        batch.lazy()
        .slice(start, size)
        .select(word_hashes(text).alias("word"), "article")
        .explode("word")
        .drop_nulls()
        for start in range(0, batch.height, size)
    ]
    return pl.concat(slices, parallel=True).collect().sort("word")


def index_articles(con: duckdb.DuckDBPyConnection, which: str, scratch: Path) -> int:
    """(Re)index the articles whose ids `which` (SQL over `con`) selects; returns the rows.

    Articles are read on `con` and their words written through a second connection, a batch at
    a time, so memory stays flat however many articles a build touches. Each batch passes
    through a Parquet file in `scratch`: DuckDB scanning a polars frame directly imports pandas
    (0.2 s). Tokenizing in a thread alongside the end of the build was tried: 0.5 s faster at
    100k pages, 2 s slower and 0.2 GB more memory at 200k.
    """
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE index_ids AS SELECT DISTINCT article_id FROM ({which})"
    )
    for table in ("search_words", "search_counts"):
        con.execute(
            f"""DELETE FROM parsed.{table} WHERE article IN (
                    SELECT article FROM parsed.search_articles
                    WHERE article_id IN (SELECT article_id FROM index_ids))"""
        )
    # An article keeps its number while it exists; a new one takes the next.
    con.execute(
        """DELETE FROM parsed.search_articles
           WHERE article_id IN (SELECT article_id FROM index_ids)
               AND article_id NOT IN (SELECT article_id FROM articles)"""
    )
    con.execute(
        """INSERT INTO parsed.search_articles
           SELECT (SELECT coalesce(max(article), 0) FROM parsed.search_articles)
                      + row_number() OVER (ORDER BY article_id),
                  article_id
           FROM index_ids
           WHERE article_id IN (SELECT article_id FROM articles)
               AND article_id NOT IN (SELECT article_id FROM parsed.search_articles)"""
    )
    # Results reach polars through the Arrow C stream interface: `.pl()` and DuckDB's Arrow
    # readers import pyarrow, 0.07 s of an incremental run's 2.
    numbers = pl.DataFrame(
        con.sql(
            """SELECT article_id, article FROM parsed.search_articles
               WHERE article_id IN (SELECT article_id FROM index_ids)"""
        )
    )
    writer = con.cursor()
    words = 0
    try:
        writer.execute(f"USE {con.execute('SELECT current_database()').fetchone()[0]}")
        writer.execute("BEGIN")
        # By rowid, so that only these articles' texts are read (see build.sql, copy_rows), in
        # batches of consecutive rows.
        con.execute(
            "CREATE OR REPLACE TEMP TABLE index_rows AS SELECT rowid AS article_row, "
            f"(row_number() OVER (ORDER BY rowid) - 1) // {BATCH_ARTICLES} AS batch "
            "FROM articles WHERE article_id IN (SELECT article_id FROM index_ids)"
        )
        ranges = con.execute(
            "SELECT batch, min(article_row), max(article_row) FROM index_rows "
            "GROUP BY batch ORDER BY batch"
        ).fetchall()
        with tempfile.TemporaryDirectory(dir=scratch, prefix="words-") as folder:
            batch_file = Path(folder) / "batch.parquet"
            for number, first, last in ranges:
                texts = con.sql(
                    f"""SELECT article_id, title, summary, body FROM articles
                        WHERE rowid BETWEEN {first} AND {last} AND rowid IN (
                            SELECT article_row FROM index_rows WHERE batch = {number})"""
                )
                batch = pl.DataFrame(texts).join(numbers, on="article_id")
                postings = _postings(batch)
                postings.write_parquet(batch_file, compression="uncompressed")
                batch_rows = f"read_parquet({sql_string(batch_file)})"
                writer.execute(
                    f"INSERT INTO parsed.search_words SELECT word, article FROM {batch_rows}"
                )
                # what the search check adds up (see parsed.search_counts)
                writer.execute(
                    "INSERT INTO parsed.search_counts "
                    f"SELECT article, count(*) FROM {batch_rows} GROUP BY article"
                )
                words += postings.height
        writer.execute("COMMIT")
    finally:
        writer.close()
    return words
