"""Every question the dashboard asks the warehouse, each a cached function.

Cache keys include the snapshot (path + token), so a newly published warehouse is read at once.
User input reaches SQL only as bound parameters; the SQL text is fixed or assembled from this
module's own fragments. Everything is aggregated in DuckDB, down to one list of tags per article
for the tag pairs (polars pairs them up): no function pulls a whole table.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from dashboard import search, transforms
from dashboard.connection import CATALOG, Snapshot, open_snapshot
from dashboard.filters import FilterOptions, Filters
from warehouse import paths, search_index
from warehouse.readers import snapshot_token

TTL = "10m"
NONE_LABEL = "(none)"
TAG_OPTIONS = 1000
PAIR_TAGS = 300
TABLE_ROWS = 2000  # rows a table shows; its CSV download fetches them all

GRAINS = ("day", "week", "month")

# What each sidebar filter keeps of the articles. A date range drops undated articles unless asked
# to keep them: they have no place on a time axis.
_DATES = """CASE WHEN a.published_date IS NULL THEN $include_undated
               ELSE ($date_from::DATE IS NULL OR a.published_date >= $date_from::DATE)
                AND ($date_to::DATE IS NULL OR a.published_date <= $date_to::DATE) END"""
_SECTIONS = f"list_contains($sections::VARCHAR[], coalesce(a.section, '{NONE_LABEL}'))"
_SOURCES = f"list_contains($sources::VARCHAR[], coalesce(a.source, '{NONE_LABEL}'))"
_REGIONS = """a.article_id IN (
    SELECT article_id FROM regions WHERE list_contains($regions::VARCHAR[], region))"""
_TAGS = """a.article_id IN (
    SELECT article_id FROM tags WHERE list_contains($tags::VARCHAR[], tag))"""


def _filtered(f: Filters) -> str:
    """The CTE `filtered`: the articles the sidebar filters keep.

    Only the filters that are set are written out: one that is not still costs its scan (every
    tag, for the tag filter: 10 ms at 100k articles).
    """
    conditions = [
        condition
        for condition, is_set in (
            (_DATES, f.date_from or f.date_to or not f.include_undated),
            (_SECTIONS, f.sections),
            (_SOURCES, f.sources),
            (_REGIONS, f.regions),
            (_TAGS, f.tags),
        )
        if is_set
    ]
    return f"filtered AS (SELECT a.* FROM articles AS a WHERE {' AND '.join(conditions) or 'true'})"


@dataclass(frozen=True, slots=True)
class Split:
    label: str
    sql: str  # yields distinct (article_id, series) of the filtered articles; {kept} as in _kept
    single_valued: bool  # one series per article: the rest can be summed into "Other"


SPLITS: dict[str, Split] = {
    "section": Split(
        "Section",
        f"SELECT article_id, coalesce(section, '{NONE_LABEL}') AS series FROM filtered",
        True,
    ),
    "source": Split(
        "Source",
        f"SELECT article_id, coalesce(source, '{NONE_LABEL}') AS series FROM filtered",
        True,
    ),
    "region": Split(
        "Region",
        f"""SELECT DISTINCT f.article_id, coalesce(r.region, '{NONE_LABEL}') AS series
            FROM filtered AS f LEFT JOIN regions AS r USING (article_id)""",
        False,
    ),
    "tag": Split(
        "Tag",
        "SELECT DISTINCT article_id, tag AS series FROM tags WHERE {kept}",
        False,
    ),
}

_PARAM = re.compile(r"\$([a-z_0-9]+)")


def _bind(sql: str, params: dict[str, object]) -> dict[str, object]:
    """DuckDB refuses parameters a statement does not use: pass only the ones it names."""
    used = set(_PARAM.findall(sql))
    return {name: value for name, value in params.items() if name in used}


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object]) -> pl.DataFrame:
    return con.execute(sql, _bind(sql, params)).pl()


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object]) -> tuple:
    return con.execute(sql, _bind(sql, params)).fetchone()


def _with_filtered(f: Filters, body: str) -> str:
    return f"WITH {_filtered(f)}\n{body}"


def _kept(f: Filters, column: str = "article_id") -> str:
    """SQL keeping rows of filtered articles; nothing to check when no filter is set."""
    return "true" if f.keeps_every_article else f"{column} IN (SELECT article_id FROM filtered)"


def _split_sql(split: str, f: Filters) -> str:
    return SPLITS[split].sql.format(kept=_kept(f))


# --- the warehouse as a whole -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WarehouseState:
    missing_tables: tuple[str, ...]
    articles: int
    pages: int
    synthetic: bool


REQUIRED_TABLES = (
    "pages",
    "articles",
    "tags",
    "regions",
    "breaking_items",
    "related_links",
)


@st.cache_data(ttl=TTL, show_spinner=False)
def warehouse_state(snap: Snapshot) -> WarehouseState:
    with open_snapshot(snap) as con:
        present = {
            row[0]
            for row in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = $db",
                {"db": CATALOG},
            ).fetchall()
        }
        missing = tuple(t for t in REQUIRED_TABLES if t not in present)
        if missing:
            return WarehouseState(missing, 0, 0, False)
        articles, pages, synthetic = con.execute(
            """SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM pages),
                      coalesce((SELECT bool_or(is_synthetic) FROM pages), false)
                      OR coalesce((SELECT bool_or(is_synthetic) FROM articles), false)"""
        ).fetchone()
    return WarehouseState((), articles, pages, bool(synthetic))


@st.cache_data(ttl=TTL, show_spinner=False)
def filter_options(snap: Snapshot) -> FilterOptions:
    with open_snapshot(snap) as con:
        first, last = con.execute(
            """SELECT min(d), max(d) FROM (
                   SELECT published_date AS d FROM articles
                   UNION ALL SELECT CAST(first_seen_at AS DATE) FROM breaking_items)"""
        ).fetchone()

        def values(sql: str, params: dict[str, object] | None = None) -> tuple[str, ...]:
            return tuple(row[0] for row in con.execute(sql, params or {}).fetchall())

        return FilterOptions(
            first_date=first,
            last_date=last,
            regions=values("SELECT DISTINCT region FROM regions ORDER BY 1"),
            sections=values(
                f"SELECT DISTINCT coalesce(section, '{NONE_LABEL}') FROM articles ORDER BY 1"
            ),
            tags=values(
                "SELECT tag FROM tags GROUP BY tag ORDER BY count(*) DESC, tag LIMIT $n",
                {"n": TAG_OPTIONS},
            ),
            sources=values(
                f"SELECT DISTINCT coalesce(source, '{NONE_LABEL}') FROM articles ORDER BY 1"
            ),
        )


# --- overview -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Headline:
    articles: int
    undated: int
    first_published: date | None
    last_published: date | None
    pages: int
    partial_pages: int
    quarantined_pages: int
    ticker_items: int
    last_fetch: datetime | None


@st.cache_data(ttl=TTL, show_spinner=False)
def headline(snap: Snapshot, f: Filters) -> Headline:
    with open_snapshot(snap) as con:
        articles = _one(
            con,
            _with_filtered(
                f,
                "SELECT count(*), count(*) FILTER (published_date IS NULL), "
                "min(published_date), max(published_date) FROM filtered",
            ),
            f.params(),
        )
        pages = _one(
            con,
            "SELECT count(*), count(*) FILTER (status = 'partial'), "
            "count(*) FILTER (status = 'quarantined'), max(fetched_at) FROM pages",
            {},
        )
        (ticker,) = _one(con, "SELECT count(*) FROM breaking_items", {})
    return Headline(*articles, pages[0], pages[1], pages[2], ticker, pages[3])


@st.cache_data(ttl=TTL, show_spinner=False)
def top_values(snap: Snapshot, f: Filters, split: str, limit: int = 15) -> pl.DataFrame:
    """Articles per region, section, tag or source, largest first."""
    sql = _with_filtered(
        f,
        f"""SELECT series AS {split}, count(*) AS articles
            FROM ({_split_sql(split, f)})
            GROUP BY ALL ORDER BY articles DESC, {split} LIMIT $limit""",
    )
    with open_snapshot(snap) as con:
        return _frame(con, sql, f.params() | {"limit": limit})


# --- coverage over time -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Coverage:
    by_series: pl.DataFrame  # period, series, articles (only periods with articles)
    totals: pl.DataFrame  # period, articles: every filtered article with a date
    undated: int
    first_period: date | None
    last_period: date | None


@st.cache_data(ttl=TTL, show_spinner=False)
def coverage(snap: Snapshot, f: Filters, grain: str, split: str | None, top: int = 8) -> Coverage:
    if grain not in GRAINS:
        raise ValueError(f"grain must be one of {GRAINS}, not {grain!r}")
    dated = (
        "dated AS (SELECT article_id, CAST(date_trunc($grain, published_date) AS DATE) AS period "
        "FROM filtered WHERE published_date IS NOT NULL)"
    )
    params = f.params() | {"grain": grain, "top": top}
    with open_snapshot(snap) as con:
        # Undated articles come out as the period NULL, counted in the same pass.
        per_period = _frame(
            con,
            _with_filtered(
                f,
                """SELECT CAST(date_trunc($grain, published_date) AS DATE) AS period,
                          count(*) AS articles
                   FROM filtered GROUP BY ALL ORDER BY 1""",
            ),
            params,
        )
        totals = per_period.drop_nulls("period")
        undated = per_period.filter(pl.col("period").is_null())["articles"].sum()
        if split is None:
            by_series = totals.with_columns(series=pl.lit("All articles")).select(
                "period", "series", "articles"
            )
        else:
            spec = SPLITS[split]
            label = (
                "CASE WHEN l.series IN (SELECT series FROM ranked) THEN l.series ELSE 'Other' END"
                if spec.single_valued
                else "l.series"
            )
            keep = "" if spec.single_valued else "WHERE l.series IN (SELECT series FROM ranked)"
            # A split lists an article once per series and dated has one row per article, so
            # plain counts are counts of distinct articles.
            by_series = _frame(
                con,
                _with_filtered(
                    f,
                    f""", {dated}, labelled AS ({_split_sql(split, f)}),
                    joined AS MATERIALIZED (
                        SELECT d.period, l.series, d.article_id
                        FROM dated AS d JOIN labelled AS l USING (article_id)),
                    ranked AS (
                        SELECT series FROM joined
                        GROUP BY series ORDER BY count(*) DESC, series LIMIT $top)
                    SELECT l.period, {label} AS series, count(*) AS articles
                    FROM joined AS l {keep}
                    GROUP BY ALL ORDER BY 1, 2""",
                ),
                params,
            )
    first = f.date_from or (totals["period"].min() if totals.height else None)
    last = f.date_to or (totals["period"].max() if totals.height else None)
    return Coverage(by_series, totals, undated, first, last)


# --- regions and topics -------------------------------------------------------------------------


@st.cache_data(ttl=TTL, show_spinner=False)
def country_counts(snap: Snapshot, f: Filters) -> pl.DataFrame:
    # Kept by _kept rather than joined to every article: that join had DuckDB build its hash
    # table on the 128k region rows and probe with the articles (29 -> 10 ms at 65k articles).
    sql = _with_filtered(
        f,
        f"""SELECT country_iso3 AS iso3, any_value(region) AS region,
                   count(DISTINCT article_id) AS articles
            FROM regions WHERE country_iso3 IS NOT NULL AND {_kept(f)}
            GROUP BY ALL ORDER BY articles DESC, iso3""",
    )
    with open_snapshot(snap) as con:
        return _frame(con, sql, f.params())


@st.cache_data(ttl=TTL, show_spinner=False)
def region_by_section(snap: Snapshot, f: Filters) -> pl.DataFrame:
    sql = _with_filtered(
        f,
        f"""SELECT r.region, coalesce(a.section, '{NONE_LABEL}') AS section,
                   count(DISTINCT a.article_id) AS articles
            FROM filtered AS a JOIN regions AS r USING (article_id)
            GROUP BY ALL ORDER BY region, section""",
    )
    with open_snapshot(snap) as con:
        return _frame(con, sql, f.params())


@st.cache_data(ttl=TTL, show_spinner=False)
def tag_counts_in_periods(
    snap: Snapshot, f: Filters, before: tuple[date, date], after: tuple[date, date]
) -> pl.DataFrame:
    """Articles per tag in two periods, with each period's article total, for rising/falling."""
    sql = _with_filtered(
        f,
        """, periods AS (
               SELECT article_id,
                      published_date BETWEEN $before_from AND $before_to AS in_before,
                      published_date BETWEEN $after_from AND $after_to AS in_after
               FROM filtered WHERE published_date IS NOT NULL)
           SELECT t.tag,
                  count(DISTINCT t.article_id) FILTER (in_before) AS before,
                  count(DISTINCT t.article_id) FILTER (in_after) AS after,
                  (SELECT count(*) FILTER (in_before) FROM periods) AS before_total,
                  (SELECT count(*) FILTER (in_after) FROM periods) AS after_total
           FROM tags AS t JOIN periods USING (article_id)
           WHERE in_before OR in_after
           GROUP BY t.tag""",
    )
    params = f.params() | {
        "before_from": before[0],
        "before_to": before[1],
        "after_from": after[0],
        "after_to": after[1],
    }
    with open_snapshot(snap) as con:
        return _frame(con, sql, params)


@st.cache_data(ttl=TTL, show_spinner=False)
def tag_pairs(snap: Snapshot, f: Filters, limit: int = 200) -> pl.DataFrame:
    """The tag pairs sharing most articles, among the PAIR_TAGS most used tags (for speed)."""
    # DuckDB lists each article's top tags as numbers in tag order; polars pairs them up. Joining
    # (article, tag) rows with themselves in SQL matched ~1.8 million rows on string keys at 65k
    # articles.
    numbered = (
        "SELECT tag, CAST(row_number() OVER (ORDER BY tag) - 1 AS INTEGER) AS code FROM "
        "(SELECT DISTINCT tag FROM tags)"
    )
    sql = _with_filtered(
        f,
        f""", numbered AS ({numbered}),
           kept AS (SELECT DISTINCT t.article_id, n.code
                    FROM tags AS t JOIN numbered AS n USING (tag) WHERE {_kept(f, "t.article_id")}),
           top_tags AS (SELECT code FROM kept GROUP BY code ORDER BY count(*) DESC, code
                        LIMIT $top_tags)
           SELECT list(code) AS codes FROM kept SEMI JOIN top_tags USING (code)
           GROUP BY article_id HAVING count(*) > 1""",
    )
    with open_snapshot(snap) as con:
        names = [
            row[0] for row in con.execute(f"SELECT tag FROM ({numbered}) ORDER BY code").fetchall()
        ]
        article_tags = _frame(con, sql, f.params() | {"top_tags": PAIR_TAGS})
    return transforms.tag_pairs(article_tags, names, limit)


# --- search -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchResult:
    per_period: pl.DataFrame  # period, matches, articles (all filtered articles with a date)
    by_region: pl.DataFrame  # region, matches
    matches: pl.DataFrame  # the newest TABLE_ROWS matching articles
    total_matches: int
    undated_matches: int


MATCH_COLUMNS = """a.published_date, a.title, a.section, a.source, a.primary_region,
    a.article_id"""
# Newest first; the id settles ties, so the table and its CSV list them alike.
MATCH_ORDER = "published_date DESC NULLS LAST, title, article_id"


@st.cache_data(ttl=TTL, show_spinner=False)
def word_index_ready(snap: Snapshot) -> bool:
    """The warehouse has a word index this process hashes words for (same polars hash)."""
    with open_snapshot(snap) as con:
        try:
            row = con.execute("SELECT word_hash_probe FROM parsed.warehouse_info").fetchone()
        except duckdb.Error:  # written before the index existed
            return False
    return row is not None and row[0] == search_index.probe_hash()


def _matched(
    snap: Snapshot, f: Filters, query: search.SearchQuery
) -> tuple[str, dict[str, object]]:
    """WITH filtered, matched: the filtered articles the query finds, and its parameters."""
    columns = ("title", "summary", "body")
    if not word_index_ready(snap):
        condition, params = search.predicate(query, columns)
        return _with_filtered(
            f, f", matched AS (SELECT article_id FROM filtered WHERE {condition})"
        ), params
    by_index = search.indexed_predicate(
        query,
        columns,
        "parsed.search_words",
        "parsed.search_articles",
        "SELECT article_id FROM articles",
    )
    words = "".join(f", {name} AS ({sql})" for name, sql in by_index.words.items())
    ways = []
    if by_index.found:  # alternatives the index decides alone
        ways.append(by_index.found)
    if by_index.read:  # the others: only the index's candidates are read (CASE keeps the
        #                patterns off the rest)
        ways.append(
            f"""SELECT article_id FROM articles
                WHERE CASE WHEN article_id IN ({by_index.candidates})
                           THEN {by_index.read} ELSE false END"""
        )
    # The sets above hold articles whatever the filters (filtered is read once, here, so that
    # DuckDB need not keep its rows for a second use).
    matched = f"""{words}, matched AS (
        SELECT article_id FROM filtered
        WHERE article_id IN ({" UNION ".join(ways)}))"""
    return _with_filtered(f, matched), by_index.params


@st.cache_data(ttl=TTL, show_spinner=False)
def search_match_list(snap: Snapshot, f: Filters, query: search.SearchQuery) -> pl.DataFrame:
    """Every matching article, newest first (the full list behind the page's first rows)."""
    matched, params = _matched(snap, f, query)
    sql = f"""{matched}
        SELECT {MATCH_COLUMNS} FROM articles AS a SEMI JOIN matched USING (article_id)
        ORDER BY {MATCH_ORDER}"""
    with open_snapshot(snap) as con:
        return _frame(con, sql, f.params() | params)


@st.cache_data(ttl=TTL, show_spinner=False)
def search_articles(
    snap: Snapshot, f: Filters, query: search.SearchQuery, grain: str
) -> SearchResult:
    if grain not in GRAINS:
        raise ValueError(f"grain must be one of {GRAINS}, not {grain!r}")
    matched, search_params = _matched(snap, f, query)
    params = f.params() | search_params | {"grain": grain, "limit": TABLE_ROWS}
    with open_snapshot(snap) as con:
        # The matches keep the columns the table shows: the statements below read them from
        # here, not from another pass over the articles.
        con.execute(
            f"""CREATE TEMP TABLE matched AS {matched}
                SELECT {MATCH_COLUMNS} FROM articles AS a SEMI JOIN matched USING (article_id)""",
            _bind(matched, params),
        )
        per_period = _frame(
            con,
            _with_filtered(
                f,
                """SELECT CAST(date_trunc($grain, published_date) AS DATE) AS period,
                          count(*) FILTER (article_id IN (SELECT article_id FROM temp.matched))
                              AS matches,
                          count(*) AS articles
                   FROM filtered WHERE published_date IS NOT NULL GROUP BY ALL ORDER BY 1""",
            ),
            params,
        )
        by_region = _frame(
            con,
            f"""SELECT coalesce(r.region, '{NONE_LABEL}') AS region,
                       count(DISTINCT m.article_id) AS matches
                FROM temp.matched AS m LEFT JOIN regions AS r USING (article_id)
                GROUP BY ALL ORDER BY matches DESC, region""",
            {},
        )
        matches = _frame(
            con,
            f"SELECT * FROM temp.matched ORDER BY {MATCH_ORDER} LIMIT $limit",
            params,
        )
        total, undated = _one(
            con,
            "SELECT count(*), count(*) FILTER (published_date IS NULL) FROM temp.matched",
            {},
        )
    return SearchResult(per_period, by_region, matches, total, undated)


# --- breaking ticker ----------------------------------------------------------------------------

TICKER_IN_RANGE = """
    ($date_from::DATE IS NULL OR CAST(first_seen_at AS DATE) >= $date_from::DATE)
    AND ($date_to::DATE IS NULL OR CAST(first_seen_at AS DATE) <= $date_to::DATE)"""


@st.cache_data(ttl=TTL, show_spinner=False)
def ticker_per_day(snap: Snapshot, f: Filters) -> pl.DataFrame:
    sql = f"""SELECT CAST(first_seen_at AS DATE) AS day, count(*) AS items
              FROM breaking_items WHERE first_seen_at IS NOT NULL AND {TICKER_IN_RANGE}
              GROUP BY ALL ORDER BY 1"""
    with open_snapshot(snap) as con:
        return _frame(con, sql, f.params())


@st.cache_data(ttl=TTL, show_spinner=False)
def top_speakers(snap: Snapshot, f: Filters, limit: int = 20) -> pl.DataFrame:
    sql = f"""SELECT speaker, count(*) AS items, CAST(sum(times_seen) AS BIGINT) AS times_seen
              FROM breaking_items WHERE speaker IS NOT NULL AND {TICKER_IN_RANGE}
              GROUP BY ALL ORDER BY items DESC, times_seen DESC, speaker LIMIT $limit"""
    with open_snapshot(snap) as con:
        return _frame(con, sql, f.params() | {"limit": limit})


@st.cache_data(ttl=TTL, show_spinner=False)
def ticker_items(
    snap: Snapshot, f: Filters, contains: str, limit: int | None = TABLE_ROWS
) -> tuple[pl.DataFrame, int]:
    """The latest `limit` ticker items containing the text (all with None), and the count."""
    where = f"""WHERE {TICKER_IN_RANGE}
                AND ($contains = '' OR contains(lower(text), lower($contains)))"""
    params = f.params() | {"contains": contains.strip(), "limit": limit}
    with open_snapshot(snap) as con:
        rows = _frame(
            con,
            f"""SELECT first_seen_at, last_seen_at, times_seen, speaker, text
                FROM breaking_items {where}
                ORDER BY first_seen_at DESC NULLS LAST, text LIMIT $limit""",
            params,
        )
        (total,) = _one(con, f"SELECT count(*) FROM breaking_items {where}", params)
    return rows, total


# --- articles -----------------------------------------------------------------------------------

ARTICLE_COLUMNS = """a.published_date, a.title, a.section, a.source, a.primary_region,
    a.primary_country_iso3, a.author, a.word_count, a.copies, a.date_status, a.is_partial,
    a.url, a.article_id"""


@st.cache_data(ttl=TTL, show_spinner=False)
def article_list(
    snap: Snapshot, f: Filters, title_contains: str, limit: int | None = TABLE_ROWS
) -> tuple[pl.DataFrame, int]:
    """The newest `limit` matching articles (all with None), and how many match in all."""
    where = "WHERE $title = '' OR contains(lower(a.title), lower($title))"
    params = f.params() | {"title": title_contains.strip(), "limit": limit}
    with open_snapshot(snap) as con:
        rows = _frame(
            con,
            _with_filtered(
                f,
                f"""SELECT {ARTICLE_COLUMNS} FROM filtered AS a {where}
                    ORDER BY a.published_date DESC NULLS LAST, a.title LIMIT $limit""",
            ),
            params,
        )
        (total,) = _one(
            con, _with_filtered(f, f"SELECT count(*) FROM filtered AS a {where}"), params
        )
    return rows, total


@dataclass(frozen=True, slots=True)
class ArticleDetail:
    article: dict[str, object]
    tags: list[str]
    regions: pl.DataFrame
    outgoing: pl.DataFrame
    incoming: pl.DataFrame


@st.cache_data(ttl=TTL, show_spinner=False)
def article_detail(snap: Snapshot, article_id: str) -> ArticleDetail | None:
    params = {"id": article_id}
    with open_snapshot(snap) as con:
        found = _frame(con, "SELECT * FROM articles WHERE article_id = $id", params)
        if found.is_empty():
            return None
        tags = _frame(con, "SELECT tag FROM tags WHERE article_id = $id ORDER BY position", params)
        regions = _frame(
            con,
            """SELECT region, country_iso3, is_primary, mentions, evidence FROM regions
               WHERE article_id = $id ORDER BY is_primary DESC, mentions DESC, region""",
            params,
        )
        outgoing = _frame(
            con,
            """SELECT kind, position, target_title, target_section, target_date,
                      target_article_id, times_seen
               FROM related_links WHERE article_id = $id ORDER BY kind, position""",
            params,
        )
        incoming = _frame(
            con,
            """SELECT l.kind, a.published_date, a.title, l.times_seen, a.article_id
               FROM related_links AS l JOIN articles AS a USING (article_id)
               WHERE l.target_article_id = $id
               ORDER BY l.kind, a.published_date DESC NULLS LAST""",
            params,
        )
    return ArticleDetail(
        found.row(0, named=True), tags["tag"].to_list(), regions, outgoing, incoming
    )


# --- links --------------------------------------------------------------------------------------

LINK_KINDS = ("read_more", "most_read", "read_next")


@st.cache_data(ttl=TTL, show_spinner=False)
def most_linked(
    snap: Snapshot, f: Filters, kinds: tuple[str, ...], limit: int = 50
) -> pl.DataFrame:
    """Link targets by distinct linking articles; a target is an article id, else its title."""
    # Ranked on the key columns alone: titles and kinds are read back for the winners only,
    # rather than keeping every link's title for the join. With every kind, first_to_target
    # marks one row per article and target: no DISTINCT needed (170 -> 60 ms at 130k articles).
    every_kind = set(kinds) >= set(LINK_KINDS)
    linking = "count(*) FILTER (first_to_target)" if every_kind else "count(DISTINCT article_id)"
    chosen = f"list_contains($kinds::VARCHAR[], kind) AND {_kept(f)}"
    sql = _with_filtered(
        f,
        f""", ranked AS (
               SELECT target_key, {linking} AS linking_articles
               FROM related_links WHERE {chosen} GROUP BY target_key
               ORDER BY linking_articles DESC, target_key LIMIT $limit)
           SELECT any_value(l.target_title) AS target_title,
                  any_value(l.target_article_id) AS target_article_id,
                  r.linking_articles,
                  CAST(sum(l.times_seen) AS BIGINT) AS times_seen,
                  string_agg(DISTINCT l.kind, ', ' ORDER BY l.kind) AS kinds
           FROM ranked AS r JOIN (SELECT * FROM related_links WHERE {chosen}) AS l
               USING (target_key)
           GROUP BY r.target_key, r.linking_articles
           ORDER BY linking_articles DESC, times_seen DESC, target_title""",
    )
    with open_snapshot(snap) as con:
        return _frame(con, sql, f.params() | {"kinds": list(kinds), "limit": limit})


@st.cache_data(ttl=TTL, show_spinner=False)
def link_resolution(snap: Snapshot, f: Filters) -> pl.DataFrame:
    """Per link kind: links, distinct targets and how many of those are in the warehouse."""
    # A target is its article id, else its folded title, which an unresolved link's target_key
    # holds ('title:' || lower(target_title), tests/pipelines/test_warehouse_invariants.py).
    # Counting the two kinds of target apart keeps the DISTINCTs to one short key each.
    sql = _with_filtered(
        f,
        f""", resolved AS (
               SELECT kind, count(*) AS links, count(DISTINCT target_article_id) AS in_warehouse
               FROM related_links WHERE {_kept(f)} GROUP BY kind),
           unresolved AS (
               SELECT kind, count(DISTINCT target_key) AS elsewhere
               FROM related_links WHERE target_article_id IS NULL AND {_kept(f)} GROUP BY kind)
           SELECT kind, links, in_warehouse + coalesce(elsewhere, 0) AS targets,
                  in_warehouse AS targets_in_warehouse
           FROM resolved LEFT JOIN unresolved USING (kind) ORDER BY kind""",
    )
    with open_snapshot(snap) as con:
        return _frame(con, sql, f.params())


# --- data health --------------------------------------------------------------------------------


@st.cache_data(ttl=TTL, show_spinner=False)
def pages_by_status_layout(snap: Snapshot) -> pl.DataFrame:
    with open_snapshot(snap) as con:
        return _frame(
            con,
            "SELECT status, layout, count(*) AS pages FROM pages GROUP BY ALL ORDER BY 1, 2",
            {},
        )


@st.cache_data(ttl=TTL, show_spinner=False)
def page_problems(snap: Snapshot) -> pl.DataFrame:
    with open_snapshot(snap) as con:
        return _frame(
            con,
            """SELECT status, problem, count(*) AS pages
               FROM (SELECT status, unnest(problems) AS problem FROM pages)
               GROUP BY ALL ORDER BY pages DESC, problem""",
            {},
        )


COMPLETENESS_COLUMNS = (
    "url",
    "summary",
    "body",
    "author",
    "source",
    "published_at",
    "section",
    "primary_region",
    "primary_country_iso3",
    "image_caption",
    "image_credit",
    "read_minutes",
)


@st.cache_data(ttl=TTL, show_spinner=False)
def field_completeness(snap: Snapshot) -> pl.DataFrame:
    """Share of articles with each field filled; a tag or region counts when there is one."""
    # A count per column on its own: DuckDB answers one from the column statistics when it has
    # no NULLs, and otherwise reads that column alone. Counted together, every column is read in
    # full. Bodies are not read at all: word_count is 0 exactly when there is no body, a fact of
    # the build (tests/pipelines/test_warehouse_invariants.py); counting the NULL bodies
    # decompressed all of them (65 -> 15 ms at 65k articles).
    counts = ", ".join(
        f"(SELECT count(*) FILTER (word_count <> 0) FROM articles) AS {c}"
        if c == "body"
        else f"(SELECT count({c}) FROM articles) AS {c}"
        for c in COMPLETENESS_COLUMNS
    )
    with open_snapshot(snap) as con:
        row = con.execute(
            f"""SELECT (SELECT count(*) FROM articles) AS articles, {counts},
                       (SELECT count(DISTINCT article_id) FROM tags) AS tags,
                       (SELECT count(DISTINCT article_id) FROM regions) AS regions"""
        ).pl()
    total = row["articles"][0]
    return (
        row.drop("articles")
        .unpivot(variable_name="field", value_name="filled")
        .with_columns(
            articles=pl.lit(total),
            share=pl.when(total > 0).then(pl.col("filled") / total).otherwise(None),
        )
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def pages_per_day(snap: Snapshot) -> tuple[pl.DataFrame, int]:
    with open_snapshot(snap) as con:
        days = _frame(
            con,
            """SELECT CAST(fetched_at AS DATE) AS day, status, count(*) AS pages FROM pages
               WHERE fetched_at IS NOT NULL GROUP BY ALL ORDER BY 1, 2""",
            {},
        )
        (undated,) = _one(con, "SELECT count(*) FROM pages WHERE fetched_at IS NULL", {})
    return days, undated


@st.cache_data(ttl=TTL, show_spinner=False)
def ingest_runs(snap: Snapshot) -> pl.DataFrame:
    with open_snapshot(snap) as con:
        return _frame(con, "SELECT * FROM ingest_runs ORDER BY published_at DESC", {})


# --- SQL console --------------------------------------------------------------------------------


@st.cache_data(ttl=TTL, show_spinner=False)
def schema_columns(snap: Snapshot) -> pl.DataFrame:
    with open_snapshot(snap) as con:
        return _frame(
            con,
            """SELECT schema_name AS schema, table_name AS "table", column_name AS "column",
                      data_type AS type, comment
               FROM duckdb_columns() WHERE database_name = $db
               ORDER BY schema_name <> 'main', schema_name, table_name, column_index""",
            {"db": CATALOG},
        )


# --- asset checks (written by the pipeline beside the warehouse) --------------------------------


@dataclass(frozen=True, slots=True)
class CheckReport:
    run_id: str
    evaluated_at: str
    published: bool
    checks: pl.DataFrame  # name, asset, passed, severity, blocking, description, metadata


class CheckReportUnreadable(ValueError):
    """The checks file exists but does not hold what the pipeline writes."""


@st.cache_data(ttl=TTL, show_spinner=False)
def asset_checks(path: Path, token: tuple[int, int] | None) -> CheckReport | None:
    """The latest asset check results, or None when the pipeline has written none."""
    if token is None:
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        rows = [
            {
                "name": str(c["name"]),
                "asset": str(c["asset"]),
                "passed": bool(c["passed"]),
                "severity": str(c["severity"]),
                "blocking": bool(c["blocking"]),
                "description": str(c.get("description", "")),
                "metadata": json.dumps(c.get("metadata", {}), sort_keys=True),
            }
            for c in raw["checks"]
        ]
        return CheckReport(
            str(raw["run_id"]),
            str(raw["evaluated_at"]),
            bool(raw["published"]),
            pl.DataFrame(rows, schema=CHECK_COLUMNS),
        )
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise CheckReportUnreadable(f"{path} could not be read as check results: {err}") from err


def failed_blocking_checks(warehouse: Path) -> list[str]:
    """Names of the blocking checks the latest run failed; none when unknown (for the banner)."""
    checks = paths.checks_file(warehouse)
    try:
        report = asset_checks(checks, snapshot_token(checks))
    except CheckReportUnreadable:
        return []
    if report is None:
        return []
    return report.checks.filter(pl.col("blocking") & ~pl.col("passed"))["name"].to_list()


CHECK_COLUMNS = {
    "name": pl.String,
    "asset": pl.String,
    "passed": pl.Boolean,
    "severity": pl.String,
    "blocking": pl.Boolean,
    "description": pl.String,
    "metadata": pl.String,
}
