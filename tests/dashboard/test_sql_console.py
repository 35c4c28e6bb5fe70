"""The SQL console refuses every way out of read-only, one test per attack.

Each attack also checks the warehouse file is byte-identical afterwards.
"""

from __future__ import annotations

import hashlib
import time

import duckdb
import pytest

from dashboard.connection import current_snapshot, open_snapshot
from dashboard.sql_console import check_statement, run_query
from tests.dashboard import factory


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    return factory.build_small_warehouse(tmp_path_factory.mktemp("console") / "news.duckdb")


@pytest.fixture
def snap(warehouse):
    digest = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    yield current_snapshot(warehouse)
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == digest, "warehouse changed"


ATTACKS = {
    "insert": ("INSERT INTO articles (article_id) VALUES ('x')", "change the warehouse"),
    "update": ("UPDATE articles SET title = 'x'", "change the warehouse"),
    "delete": ("DELETE FROM articles", "change the warehouse"),
    "create": ("CREATE TABLE evil AS SELECT 1", "DDL"),
    "create_temp": ("CREATE TEMP TABLE evil AS SELECT 1", "DDL"),
    "create_macro": ("CREATE MACRO evil() AS 1", "DDL"),
    "drop": ("DROP TABLE pages", "DDL"),
    "alter": ("ALTER TABLE articles ADD COLUMN evil INT", "DDL"),
    "attach": ("ATTACH '/tmp/evil.duckdb' AS evil", "outside the warehouse"),
    "detach": ("DETACH warehouse", "detach"),
    "copy_to": ("COPY articles TO '/tmp/evil.csv'", "files"),
    "copy_from": ("COPY articles FROM '/etc/passwd'", "files"),
    "export": ("EXPORT DATABASE '/tmp/evil'", "files"),
    "install": ("INSTALL httpfs", "extensions"),
    "load": ("LOAD httpfs", "extensions"),
    "set": ("SET enable_external_access = true", "settings"),
    "reset": ("RESET lock_configuration", "settings"),
    "use": ("USE memory", "settings"),
    "pragma": ("PRAGMA enable_profiling", "PRAGMA"),
    "pragma_read": ("PRAGMA database_list", "PRAGMA"),
    "call_checkpoint": ("CHECKPOINT", "procedure"),
    "transaction": ("BEGIN TRANSACTION", "transactions"),
    "multi_statement": ("SELECT 1; DROP TABLE pages", "one statement at a time"),
    "trailing_write": ("SELECT 1;\nINSERT INTO tags VALUES ('a', 'b', 0);", "one statement"),
    "explain_analyze_write": ("EXPLAIN ANALYZE DELETE FROM articles", "EXPLAIN"),
    "read_csv": ("SELECT * FROM read_csv('/etc/passwd')", "no access to files"),
    "read_csv_auto": ("SELECT * FROM read_csv_auto('/etc/passwd')", "no access to files"),
    "read_text": ("SELECT * FROM read_text('/etc/passwd')", "no access to files"),
    "read_blob": ("SELECT * FROM read_blob('/etc/hostname')", "no access to files"),
    "glob": ("SELECT * FROM glob('/etc/*')", "no access to files"),
    "read_parquet": ("SELECT * FROM read_parquet('/tmp/x.parquet')", "no access to files"),
    "read_json": ("SELECT * FROM read_json('/etc/os-release')", "no access to files"),
    "url": ("SELECT * FROM 'https://example.invalid/x.csv'", "no access to files"),
    "extensions_dir": ("SELECT * FROM duckdb_extensions()", "no access to files"),
    "query_function": ("SELECT * FROM query('DROP TABLE pages')", "DuckDB"),
    "comment_hidden": ("/* harmless */ DROP TABLE pages", "DDL"),
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_attack_is_refused(snap, attack):
    sql, reason = ATTACKS[attack]
    result = run_query(snap, sql)
    assert not result.ok
    assert result.frame is None
    assert reason.lower() in result.message.lower(), result.message


def test_endless_query_hits_the_time_limit(snap):
    started = time.monotonic()
    result = run_query(
        snap, "SELECT count(*) FROM range(1000000000000) AS a(i) WHERE i % 7 = 3", time_limit_s=1
    )
    assert not result.ok
    assert "time limit" in result.message
    assert time.monotonic() - started < 10


def test_big_result_hits_the_row_limit(snap):
    result = run_query(snap, "SELECT * FROM range(1000000000000)", max_rows=1000)
    assert result.ok
    assert result.truncated
    assert result.frame.height == 1000
    assert "row limit" in result.message


@pytest.mark.parametrize(
    ("sql", "rows"),
    [
        ("SELECT count(*) AS n FROM articles", 1),
        ("  -- a comment first\nSELECT title FROM articles WHERE section = 'Politics'", 10),
        ("WITH t AS (SELECT * FROM tags) SELECT tag, count(*) FROM t GROUP BY tag", 20),
        ("FROM pages WHERE status = 'quarantined'", 2),
        ("VALUES (1), (2)", 2),
        ("(SELECT 1) UNION ALL (SELECT 2)", 2),
        ("DESCRIBE articles", 25),
        ("SHOW TABLES", None),
        ("SUMMARIZE breaking_items", 6),
        ("EXPLAIN SELECT * FROM articles", None),
        ("SELECT * FROM duckdb_columns() WHERE table_name = 'articles'", 25),
        ("SELECT * FROM pragma_version()", 1),
    ],
)
def test_read_queries_work(snap, sql, rows):
    result = run_query(snap, sql)
    assert result.ok, result.message
    assert rows is None or result.frame.height == rows


def test_refusals_happen_before_any_connection(warehouse):
    assert check_statement("DROP TABLE pages") is not None
    assert check_statement("") is not None
    assert check_statement("SELEC broken") is not None
    assert check_statement("SELECT 1") is None


@pytest.mark.parametrize(
    "sql",
    [
        "INSERT INTO articles (article_id) VALUES ('x')",
        "SET enable_external_access = true",
        "SELECT * FROM read_text('/etc/passwd')",
        "ATTACH '/tmp/evil.duckdb' AS evil",
        "LOAD httpfs",
        "COPY articles TO '/tmp/evil.csv'",
    ],
)
def test_connection_itself_refuses_without_the_statement_check(snap, sql):
    """The second wall: even a statement the check let through could not escape."""
    with open_snapshot(snap) as con, pytest.raises(duckdb.Error):
        con.execute(sql)
