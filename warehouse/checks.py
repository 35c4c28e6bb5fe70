"""Data checks on a warehouse: small SQL counts, each with pass/fail and the numbers behind it.

They run on the staging copy before it is published, so a failed blocking check keeps bad data
away from readers. Dagster reports them as asset checks; their latest results are also written
beside the warehouse (paths.checks_file) for the dashboard's data health page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

MAX_QUARANTINED_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    asset: str  # the table it guards
    description: str
    sql: str  # one row; the first column is the count of offending rows, the rest metadata
    blocking: bool = True  # a failure stops publishing (severity ERROR); else a warning


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    check: Check
    passed: bool
    metadata: dict[str, float | int | str] = field(default_factory=dict)


CHECKS: tuple[Check, ...] = (
    Check(
        "unique_page_paths",
        "pages",
        "Every raw file has exactly one pages row.",
        "SELECT count(*) - count(DISTINCT path) AS duplicates, count(*) AS rows FROM pages",
    ),
    Check(
        "pages_have_status_and_reason",
        "pages",
        "Every page has a known status, and every partial or quarantined page says why.",
        """
        SELECT count(*) FILTER (
                   status NOT IN ('parsed', 'partial', 'quarantined')
                   OR (status <> 'parsed' AND len(problems) = 0)
               ) AS offending,
               count(*) FILTER (status = 'parsed') AS parsed,
               count(*) FILTER (status = 'partial') AS partial,
               count(*) FILTER (status = 'quarantined') AS quarantined
        FROM pages
        """,
    ),
    Check(
        "quarantined_share",
        "pages",
        f"At most {MAX_QUARANTINED_SHARE:.0%} of the present pages are quarantined.",
        f"""
        SELECT CASE WHEN count(*) FILTER (status = 'quarantined')
                         > {MAX_QUARANTINED_SHARE} * count(*) THEN 1 ELSE 0 END AS too_many,
               coalesce(round(count(*) FILTER (status = 'quarantined') / nullif(count(*), 0), 4), 0)
                   AS quarantined_share
        FROM pages WHERE is_present
        """,
        blocking=False,
    ),
    Check(
        "unique_article_ids",
        "articles",
        "article_id is unique and 16 hex digits (the search index and the dashboard rely on it).",
        """
        SELECT count(*) - count(DISTINCT article_id)
                   + count(*) FILTER (NOT regexp_full_match(article_id, '[0-9a-f]{16}'))
                   AS offending,
               count(*) AS rows
        FROM articles
        """,
    ),
    Check(
        "articles_have_required_fields",
        "articles",
        "Every article has a title and an article_key, and at least one copy.",
        """
        SELECT count(*) FILTER (title IS NULL OR title = '' OR article_key IS NULL OR copies < 1)
                   AS offending,
               -- a body has at least one word: counting this way reads no body (0.15 s at 65k)
               count(*) FILTER (word_count = 0) AS without_body,
               count(*) FILTER (published_at IS NULL) AS without_date
        FROM articles
        """,
    ),
    Check(
        "articles_indexed_for_search",
        "articles",
        "The search index (parsed.search_words) lists every article that has a word in its "
        "title, and no article that does not exist; every number it uses names one article. "
        "Each article's rows are counted as they are written (parsed.search_counts), and the "
        "counts must add up to the rows the index holds.",
        """
        WITH indexed AS (
                 SELECT n.article_id
                 FROM parsed.search_articles AS n JOIN parsed.search_counts AS c USING (article)
                 WHERE c.words > 0
             )
        SELECT (SELECT count(*) FROM articles ANTI JOIN indexed USING (article_id)
                WHERE regexp_matches(title, '[\\pL\\pN_]'))
             + (SELECT count(*) FROM indexed ANTI JOIN articles USING (article_id))
             + (SELECT count(*) FROM parsed.search_counts ANTI JOIN parsed.search_articles
                USING (article))
             + (SELECT count(*) - count(DISTINCT article) + count(*) - count(DISTINCT article_id)
                FROM parsed.search_articles)
             + (SELECT count(*) - count(DISTINCT article) FROM parsed.search_counts)
             -- rows that are not where the counts say, whichever articles they belong to
             + CASE WHEN (SELECT count(*) FROM parsed.search_words)
                         = (SELECT coalesce(sum(words), 0) FROM parsed.search_counts)
                    THEN 0 ELSE 1 END AS offending,
               (SELECT count(*) FROM indexed) AS articles_indexed
        """,
    ),
    Check(
        "publication_dates_sane",
        "articles",
        "No publication date after the article's last fetch (one day of time zones allowed) "
        "or before 2000; missing dates stay NULL.",
        """
        SELECT count(*) FILTER (
                   published_at > last_fetched_at + INTERVAL 1 DAY
                   OR published_at < TIMESTAMP '2000-01-01'
               ) AS offending,
               count(*) FILTER (published_at IS NULL) AS undated,
               coalesce(CAST(min(published_at) AS VARCHAR), '') AS earliest,
               coalesce(CAST(max(published_at) AS VARCHAR), '') AS latest
        FROM articles
        """,
    ),
    Check(
        "unique_breaking_items",
        "breaking_items",
        "Each ticker item is counted once, with first_seen_at <= last_seen_at.",
        """
        SELECT count(*) - count(DISTINCT item_id)
                   + count(*) FILTER (first_seen_at > last_seen_at) AS offending,
               count(*) AS items
        FROM breaking_items
        """,
    ),
    Check(
        "related_links_resolved",
        "related_links",
        "Every link whose target title is an article in the warehouse points at it.",
        """
        SELECT count(*) FILTER (
                   -- an unresolved link's target_key is 'title:' || lower(target_title)
                   target_article_id IS NULL
                   AND target_key IN (SELECT 'title:' || lower(title) FROM articles)
               ) AS unresolved_but_known,
               count(*) AS links,
               count(*) FILTER (target_article_id IS NOT NULL) AS resolved
        FROM related_links
        """,
        blocking=False,
    ),
    Check(
        "tags_and_regions_reference_articles",
        "tags",
        "Every tag and region row belongs to an article.",
        """
        SELECT (SELECT count(*) FROM tags WHERE article_id NOT IN (SELECT article_id FROM articles))
             + (SELECT count(*) FROM regions
                WHERE article_id NOT IN (SELECT article_id FROM articles)) AS orphans
        """,
    ),
)


EVERY_FILE_ACCOUNTED = Check(
    "every_file_accounted",
    "pages",
    "Every file in the raw folder has a pages row (files listed == present pages).",
    "SELECT count(*) FROM pages WHERE is_present",
)

# Every check a run reports, in the order it reports them.
ALL_CHECKS: tuple[Check, ...] = (*CHECKS, EVERY_FILE_ACCOUNTED)


def accounting_outcome(con: duckdb.DuckDBPyConnection, files_listed: int) -> CheckOutcome:
    """The one check that needs the run's own listing of the raw folder."""
    present = con.execute(EVERY_FILE_ACCOUNTED.sql).fetchone()[0]
    return CheckOutcome(
        EVERY_FILE_ACCOUNTED,
        passed=present == files_listed,
        metadata={"files": files_listed, "present_pages": present},
    )


def run_checks(con: duckdb.DuckDBPyConnection, files_listed: int) -> list[CheckOutcome]:
    outcomes = []
    for check in CHECKS:
        cursor = con.execute(check.sql)
        names = [column[0] for column in cursor.description]
        row = cursor.fetchone()
        metadata = dict(zip(names, row, strict=True))
        outcomes.append(CheckOutcome(check, passed=row[0] == 0, metadata=metadata))
    outcomes.append(accounting_outcome(con, files_listed))
    return outcomes
