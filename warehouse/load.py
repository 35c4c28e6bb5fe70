"""Load a run's parsed parts into the staging warehouse and rebuild the public tables.

Loading is idempotent: a page parsed again replaces its earlier rows, so loading the same parts
twice, or parts of a run that died before publishing, gives the same warehouse.
"""

from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse import search_index
from warehouse.store import build_sql, sql_string

PARSED_TABLES = ("page_fields", "page_tags", "page_links", "page_ticker", "page_regions")
PUBLIC_TABLES = ("pages", "articles", "tags", "regions", "breaking_items", "related_links")


@dataclass(frozen=True, slots=True)
class LoadInput:
    """Files written by the parse step of one run, or of several (the scale-out's shards).

    `parts_dir` and `scan` may be glob patterns (`<store>/shard=*`): DuckDB reads every match as
    one table. Folder names such as `shard=03` are not read as columns (hive partitioning is
    off), so neither the shard folders nor a warehouse under a `key=value` folder add a column.
    """

    parts_dir: Path  # holds b*.<table>.parquet
    scan: Path  # Parquet of listed files whose manifest row changed (change = 'metadata'; other
    #             rows are ignored): path, bytes, mtime_ns, url, canonical_url, section,
    #             fetched_at, fetched_at_source, is_synthetic, change. Parsed files carry those
    #             columns in their pages part.
    removed: Path  # Parquet with the column path: files gone from the folder
    parser_version: str
    # The manifest's path and the reasons its pages row gives, as this run's scan found them:
    # set even when the manifest itself did not change (a file it named may have arrived).
    manifest: tuple[str, tuple[str, ...]] | None = None

    def parts(self, table: str) -> str:
        return str(self.parts_dir / f"*.{table}.parquet")

    def has_parts(self) -> bool:
        return bool(glob.glob(self.parts("pages")))


def load(con: duckdb.DuckDBPyConnection, run: LoadInput) -> None:
    """Replace the pages of this run, apply metadata changes, and rebuild what they touch.

    The search index of the rebuilt articles follows: index_rebuilt_articles.
    """
    con.execute("BEGIN")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE scan AS "
        f"SELECT * FROM read_parquet({sql_string(run.scan)}, hive_partitioning = false)"
    )
    if run.has_parts():
        # Keys only: the page texts go straight from Parquet into `pages` below.
        con.execute(
            "CREATE OR REPLACE TEMP TABLE new_pages AS "
            f"SELECT page_id FROM read_parquet({sql_string(run.parts('pages'))}, "
            "hive_partitioning = false)"
        )
    else:
        con.execute("CREATE OR REPLACE TEMP TABLE new_pages AS SELECT page_id FROM pages LIMIT 0")
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE changed_pages AS
        SELECT page_id FROM new_pages
        UNION
        SELECT p.page_id FROM pages AS p JOIN scan AS s USING (path) WHERE s.change = 'metadata'
        """
    )
    # What the changed pages belonged to before this run, so that it is rebuilt too.
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE previous AS
        SELECT p.article_id, f.title_key
        FROM pages AS p
        LEFT JOIN (  -- filtered on both sides: joining every page's fields took 0.01-0.02 s
            SELECT page_id, title_key FROM parsed.page_fields
            WHERE page_id IN (SELECT page_id FROM changed_pages)
        ) AS f USING (page_id)
        WHERE p.page_id IN (SELECT page_id FROM changed_pages)
        """
    )
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE previous_items AS
        SELECT DISTINCT item_id FROM parsed.page_ticker
        WHERE page_id IN (SELECT page_id FROM changed_pages)
        """
    )
    if run.has_parts():
        reparsed = "SELECT page_id FROM new_pages"
        for table in PARSED_TABLES:
            con.execute(f"DELETE FROM parsed.{table} WHERE page_id IN ({reparsed})")
            con.execute(
                f"INSERT INTO parsed.{table} BY NAME SELECT * "
                f"FROM read_parquet({sql_string(run.parts(table))}, hive_partitioning = false)"
            )
        con.execute(f"DELETE FROM pages WHERE page_id IN ({reparsed})")
        con.execute(
            f"""
            INSERT INTO pages BY NAME
            SELECT *, TRUE AS is_present, {sql_string(run.parser_version)} AS parser_version
            FROM read_parquet({sql_string(run.parts("pages"))}, hive_partitioning = false)
            """
        )
    con.execute(
        """
        UPDATE pages
        SET url = s.url, canonical_url = s.canonical_url, section = s.section,
            fetched_at = s.fetched_at, fetched_at_source = s.fetched_at_source,
            is_synthetic = s.is_synthetic, is_present = TRUE
        FROM scan AS s
        WHERE pages.path = s.path AND s.change = 'metadata'
        """
    )
    con.execute(
        "UPDATE pages SET is_present = FALSE WHERE path IN "
        f"(SELECT path FROM read_parquet({sql_string(run.removed)}, hive_partitioning = false))"
    )
    if run.manifest is not None:
        path, reasons = run.manifest
        listed = "[" + ", ".join(sql_string(reason) for reason in reasons) + "]::VARCHAR[]"
        con.execute(
            f"UPDATE pages SET problems = {listed} WHERE path = {sql_string(path)} "
            f"AND layout = 'manifest' AND problems IS DISTINCT FROM {listed}"
        )
    # Two transactions: updating rows that the same transaction inserted is slow in DuckDB
    # (0.9 s for 3,000 pages at 100k). All-or-nothing comes from staging + rename anyway.
    con.execute("COMMIT")
    con.execute("BEGIN")
    con.execute(build_sql())
    con.execute("COMMIT")


def index_rebuilt_articles(con: duckdb.DuckDBPyConnection, scratch: Path) -> int:
    """Index for search the words of the articles the last `load` on `con` rebuilt.

    `scratch` is a folder for its batches; returns the (word, article) rows written.
    """
    return search_index.index_articles(con, "SELECT article_id FROM affected_articles", scratch)


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {
        table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in PUBLIC_TABLES
    }
