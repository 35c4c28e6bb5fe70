"""The SQL console's guarded executor: one read-only statement, a time limit, a row limit.

Two independent walls stand between a query and anything it should not touch:
1. Before running: DuckDB parses the text (duckdb.extract_statements); only one statement of a
   read kind (SELECT, WITH, FROM, VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE, or EXPLAIN of one of
   those) is let through. Writes, DDL, ATTACH, COPY, EXPORT, INSTALL/LOAD, SET/RESET/PRAGMA,
   CALL and transactions are refused with a message saying why.
2. While running: the connection (dashboard.connection) attaches the warehouse READ_ONLY, has
   external access disabled (no file, network, ATTACH or extension loading: read_csv, read_text,
   glob ... fail) and its configuration locked.
A timer thread interrupts a query past the time limit; at most `max_rows` rows are fetched.
No Streamlit here: the page calls `run_query` and shows what it returns.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

import duckdb
import polars as pl

from dashboard.connection import Snapshot, open_snapshot

TIME_LIMIT_S = 10.0
MAX_ROWS = 10_000

_READ_KEYWORDS = {"SELECT", "WITH", "FROM", "VALUES", "TABLE", "DESCRIBE", "DESC", "SHOW",
                  "SUMMARIZE", "EXPLAIN", "("}  # fmt: skip
_LEADING_NOISE = re.compile(r"\A(?:\s+|--[^\n]*(?:\n|\Z)|/\*.*?\*/)*", re.DOTALL)
_FIRST_WORD = re.compile(r"\(|[A-Za-z_]+")
_EXPLAIN = re.compile(r"\A\s*EXPLAIN(?:\s+ANALYZE)?\s+", re.IGNORECASE)

_WHY_REFUSED = {
    "INSERT": "it would change the warehouse",
    "UPDATE": "it would change the warehouse",
    "DELETE": "it would change the warehouse",
    "MERGE_INTO": "it would change the warehouse",
    "CREATE": "it would change the warehouse (DDL)",
    "CREATE_FUNC": "it would change the warehouse (DDL)",
    "DROP": "it would change the warehouse (DDL)",
    "ALTER": "it would change the warehouse (DDL)",
    "VACUUM": "it would change the warehouse",
    "ANALYZE": "it would change the warehouse",
    "ATTACH": "it would reach a database outside the warehouse",
    "DETACH": "it would detach the warehouse",
    "COPY": "it reads or writes files",
    "COPY_DATABASE": "it reads or writes files",
    "EXPORT": "it writes files",
    "LOAD": "it installs or loads extensions",
    "EXTENSION": "it installs or loads extensions",
    "SET": "it changes settings (SET, RESET, USE)",
    "VARIABLE_SET": "it changes settings",
    "PRAGMA": "it changes settings (PRAGMA)",
    "CALL": "it calls a procedure (CALL, CHECKPOINT)",
    "TRANSACTION": "transactions are not needed to read",
    "PREPARE": "prepared statements are not supported here",
    "EXECUTE": "prepared statements are not supported here",
}


@dataclass(frozen=True, slots=True)
class ConsoleResult:
    ok: bool
    message: str
    frame: pl.DataFrame | None = None
    truncated: bool = False  # more rows than max_rows: only the first max_rows are in frame
    seconds: float = 0.0


def _refused(message: str) -> ConsoleResult:
    return ConsoleResult(False, message)


def _first_keyword(text: str) -> str:
    rest = text[_LEADING_NOISE.match(text).end() :]
    word = _FIRST_WORD.match(rest)
    return word.group(0).upper() if word else ""


def check_statement(sql: str) -> ConsoleResult | None:
    """None when `sql` is one read-only statement; otherwise the refusal to show."""
    if not sql.strip():
        return _refused("Type a query to run.")
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as err:
        return _refused(f"DuckDB could not parse the query: {err}")
    if len(statements) != 1:
        kinds = ", ".join(s.type.name for s in statements) or "none"
        return _refused(
            f"Run one statement at a time: found {len(statements)} ({kinds}). "
            "Several statements in one go are refused, so nothing can ride along a SELECT."
        )
    kind = statements[0].type.name
    keyword = _first_keyword(sql)
    if keyword == "PRAGMA":
        kind = "PRAGMA"  # DuckDB rewrites PRAGMA x into a SELECT; refuse what the user wrote
    if kind == "EXPLAIN":
        inner = _EXPLAIN.sub("", sql, count=1)
        if _EXPLAIN.match(sql) is None or check_statement(inner) is not None:
            return _refused("EXPLAIN is allowed only in front of a read query.")
        return None
    if kind != "SELECT" or keyword not in _READ_KEYWORDS:
        why = _WHY_REFUSED.get(kind, "only read queries can run here")
        return _refused(
            f"Refused: this is a {keyword or kind} statement and {why}. The console runs only "
            "SELECT (WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN) queries."
        )
    return None


def run_query(
    snap: Snapshot,
    sql: str,
    *,
    time_limit_s: float = TIME_LIMIT_S,
    max_rows: int = MAX_ROWS,
) -> ConsoleResult:
    refusal = check_statement(sql)
    if refusal is not None:
        return refusal
    started = time.perf_counter()
    with open_snapshot(snap) as con:
        timer = threading.Timer(time_limit_s, con.interrupt)
        timer.start()
        try:
            # A relation is lazy: the LIMIT reaches DuckDB, so a huge result is never built.
            frame = con.sql(sql).limit(max_rows + 1).pl()
        except duckdb.InterruptException:
            return _refused(
                f"Stopped after {time_limit_s:g} s: queries here have a time limit. "
                "Aggregate more, or narrow the query with WHERE or LIMIT."
            )
        except duckdb.PermissionException as err:
            return _refused(
                "Refused: the console reads only the warehouse, with no access to files, the "
                f"network, other databases or extensions. DuckDB said: {err}"
            )
        except duckdb.Error as err:
            return _refused(f"DuckDB error: {err}")
        finally:
            timer.cancel()
    seconds = time.perf_counter() - started
    truncated = frame.height > max_rows
    if truncated:
        frame = frame.head(max_rows)
        message = f"First {max_rows:,} rows shown: the console stops there (row limit)."
    else:
        message = f"{frame.height:,} rows in {seconds:.2f} s."
    return ConsoleResult(True, message, frame, truncated, seconds)


EXAMPLES: dict[str, str] = {
    "Articles per month and section": """SELECT date_trunc('month', published_date) AS month,
       section, count(*) AS articles
FROM articles
WHERE published_date IS NOT NULL
GROUP BY ALL
ORDER BY month, articles DESC""",
    "Most used tags": """SELECT tag, count(*) AS articles
FROM tags
GROUP BY tag
ORDER BY articles DESC
LIMIT 25""",
    "Countries by articles": """SELECT country_iso3, region, count(DISTINCT article_id) AS articles
FROM regions
WHERE country_iso3 IS NOT NULL
GROUP BY ALL
ORDER BY articles DESC""",
    "Why pages were quarantined": """SELECT unnest(problems) AS problem, count(*) AS pages
FROM pages
WHERE status = 'quarantined'
GROUP BY problem
ORDER BY pages DESC""",
    "Ticker items seen longest": """SELECT text, speaker, first_seen_at, last_seen_at, times_seen,
       last_seen_at - first_seen_at AS on_ticker_for
FROM breaking_items
ORDER BY on_ticker_for DESC NULLS LAST
LIMIT 20""",
    "Articles with the most copies": """SELECT title, copies, first_fetched_at, last_fetched_at
FROM articles
ORDER BY copies DESC, title
LIMIT 20""",
    "Describe a table": "DESCRIBE articles",
}
