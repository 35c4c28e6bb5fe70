"""Hand-made warehouses for the dashboard tests: small enough to count by hand.

Every row is synthetic (titles start with "Synthetic:"). The numbers the tests expect follow
from the tables below; change them together.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb

from warehouse import search_index, store

SCHEMA = Path(__file__).resolve().parents[2] / "warehouse" / "schema.sql"

# id, published date, section, source, [(region, iso3, primary)], tags, title, body
ARTICLES = [
    ("a01", date(2024, 1, 2), "Politics", "Reuters",
     [("MENA", "LBN", True), ("MENA", "ISR", False)], ["Lebanon", "Israel", "Ceasefire"],
     "Synthetic: Ceasefire talks resume in Beirut",
     "Negotiators met in Beirut on Tuesday.\n\nThe ceasefire holds for now."),
    ("a02", date(2024, 1, 3), "Politics", "AFP",
     [("Palestine", "PSE", True)], ["Gaza", "Ceasefire"],
     "Synthetic: Ceasefire proposal for Gaza", "Mediators drafted a proposal."),
    ("a03", date(2024, 1, 3), "Economy", "Reuters",
     [("Europe", "DEU", True)], ["Germany", "Economy"],
     "Synthetic: German industry output falls", "Factories reported lower orders."),
    ("a04", date(2024, 1, 10), "Politics", "AP",
     [("MENA", "IRN", True), ("US & Canada", "USA", False)], ["Iran", "USA"],
     "Synthetic: Tehran answers Washington", "A statement was read on television."),
    ("a05", date(2024, 1, 15), "Analysis", None,
     [("Palestine", "PSE", True), ("MENA", "ISR", False)], ["Gaza", "Israel"],
     "Synthetic: What the Gaza talks mean", "An analysis of the talks."),
    ("a06", date(2024, 1, 20), "Sports", "AFP",
     [("Africa", "NGA", True)], ["Nigeria", "Football"],
     "Synthetic: Lagos wins the cup", "The final ended two to one."),
    ("a07", date(2024, 1, 31), "Politics", "Reuters",
     [("Latin America", "VEN", True)], ["Venezuela", "USA"],
     "Synthetic: Caracas rejects sanctions", "The government spoke in Caracas."),
    ("a08", date(2024, 3, 1), "Politics", "AP",
     [("MENA", "LBN", True)], ["Lebanon", "Hezbollah"],
     "Synthetic: Strikes near the border", "Residents of Beirut heard the jets."),
    ("a09", date(2024, 3, 1), "Opinion", None,
     [("MENA", "YEM", True)], ["Yemen", "Red Sea"],
     "Synthetic: Shipping in the Red Sea", "Ships avoid the Red\u00a0Sea route."),
    ("a10", date(2024, 3, 2), "Politics", "Reuters",
     [("Palestine", "PSE", True)], ["Gaza", "Ceasefire"],
     "Synthetic: Ceasefire vote delayed", "The council postponed the vote."),
    ("a11", date(2024, 3, 5), "Economy", "AFP",
     [("Asia", "CHN", True)], ["China", "Economy"],
     "Synthetic: Chinese exports grow", "Exports rose in February."),
    ("a12", date(2024, 3, 5), "Technology", "AP",
     [("Asia", "CHN", True), ("US & Canada", "USA", False)], ["China", "USA", "Technology"],
     "Synthetic: Chip rules tighten", "New software export rules were announced."),
    ("a13", date(2024, 3, 10), "Politics", "Reuters",
     [("Europe", "FRA", True)], ["France"],
     "Synthetic: Paris debates pensions", "Minister O'Brien said the vote would wait."),
    ("a14", date(2024, 3, 12), "Health", "AFP",
     [("Africa", "ZAF", True)], ["South Africa"],
     "Synthetic: Clinics reopen", "Clinics in Durban reopened."),
    ("a15", date(2024, 3, 20), "Politics", "AP",
     [("MENA", "SYR", True)], ["Syria", "Israel"],
     "Synthetic: Damascus after the war", "Years of war left the city changed."),
    ("a16", date(2024, 3, 28), "Analysis", "Reuters",
     [("US & Canada", "USA", True)], ["USA", "Iran"],
     "Synthetic: Washington weighs options", "Officials weighed their options."),
    ("a17", date(2024, 3, 31), "Politics", "AFP",
     [("MENA", "LBN", True), ("MENA", "ISR", False)], ["Lebanon", "Israel", "Ceasefire"],
     "Synthetic: Ceasefire extended", "Both sides agreed to extend it."),
    ("a18", None, "Politics", "Reuters",
     [("MENA", "IRQ", True)], ["Iraq"],
     "Synthetic: Baghdad elections", "Voters went to the polls."),
    ("a19", None, "NewsFeed", None, [], [],
     "Synthetic: Video of the day", "A short video."),
    ("a20", None, "Opinion", "AP",
     [("Palestine", "PSE", True)], ["Gaza"],
     "Synthetic: Letters from Gaza", "Letters written over a year."),
]  # fmt: skip

# article id, kind, target title, target article id
LINKS = [
    ("a02", "read_more", "Synthetic: Ceasefire talks resume in Beirut", "a01"),
    ("a10", "read_more", "Synthetic: Ceasefire talks resume in Beirut", "a01"),
    ("a17", "most_read", "Synthetic: Ceasefire talks resume in Beirut", "a01"),
    ("a17", "most_read", "Synthetic: An article not in the warehouse", None),
    ("a08", "read_next", "Synthetic: Ceasefire extended", "a17"),
    ("a05", "most_read", "Synthetic: Ceasefire proposal for Gaza", "a02"),
    ("a03", "read_next", "Synthetic: Another missing article", None),
]

# item id, text, speaker, first seen, times seen
TICKER = [
    ("b1", "Sheikh Daamoush: resistance will continue", "Sheikh Daamoush",
     datetime(2024, 4, 1, 8), 5),
    ("b2", "Israeli media reports sirens in the north", "Israeli media",
     datetime(2024, 4, 1, 9), 3),
    ("b3", "UN: aid convoy reached Gaza", "UN", datetime(2024, 4, 2, 7), 2),
    ("b4", "Sheikh Daamoush: no negotiations under fire", "Sheikh Daamoush",
     datetime(2024, 4, 5, 6), 1),
    ("b5", "Earthquake hits southern Turkey", None, datetime(2024, 4, 5, 7), 1),
    ("b6", "Quote test: O'Brien's \"statement\"; -- DROP", None, datetime(2024, 4, 5, 8), 1),
]  # fmt: skip

FETCH_DAYS = [date(2024, 4, 1)] * 10 + [date(2024, 4, 2)] * 8 + [date(2024, 4, 5)] * 5

# Expected numbers, derived from the tables above.
N_ARTICLES = 20
N_UNDATED = 3
N_PAGES = 23  # one per article, a second copy of a01, two quarantined files
N_PARSED, N_PARTIAL, N_QUARANTINED = 19, 2, 2


def hex_id(name: str) -> str:
    """A hand-made article's name spelled as the warehouse spells ids, 16 hex digits:
    a08 -> 0000000000000a08."""
    return name.rjust(16, "0")


_ID_COLUMNS = ("article_id", "target_article_id")


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    """Insert by column name, so columns the schema gains later are simply left NULL."""
    if rows:
        names = list(rows[0])
        con.executemany(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            [
                [
                    hex_id(row[name]) if name in _ID_COLUMNS and row[name] else row[name]
                    for name in names
                ]
                for row in rows
            ],
        )


def _connect(path: Path) -> duckdb.DuckDBPyConnection:
    """A new file at `path`, written with the pipeline's row group size."""
    path.unlink(missing_ok=True)
    con = duckdb.connect(":memory:")
    con.execute(
        f"ATTACH {store.sql_string(path)} AS factory (ROW_GROUP_SIZE {store.ROW_GROUP_SIZE})"
    )
    con.execute("USE factory")
    con.execute(SCHEMA.read_text())
    return con


def _derive_link_targets(con: duckdb.DuckDBPyConnection) -> None:
    """related_links.target_key and first_to_target, as warehouse/build.sql derives them."""
    con.execute(
        "UPDATE related_links SET target_key = "
        "coalesce(target_article_id, 'title:' || lower(target_title))"
    )
    con.execute(
        """UPDATE related_links SET first_to_target = rowid IN (
               SELECT arg_min(rowid, (kind, position)) FROM related_links
               GROUP BY article_id, target_key)"""
    )


def _index_words(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """The search index and the facts that let the dashboard trust it, as a build leaves them."""
    search_index.index_articles(con, "SELECT article_id FROM articles", path.parent)
    store.record_info(con, folder_fingerprint="factory")


def _pages() -> list[dict]:
    rows = []
    specs = [(a[0], "full", "parsed", [], False) for a in ARTICLES]
    specs[5] = ("a06", "full", "partial", ["text cut off"], True)
    specs[18] = ("a19", "video", "partial", ["no byline", "no date"], False)
    specs.append(("a01", "reader", "parsed", [], False))
    specs.append((None, "foreign", "quarantined", ["not a page of the site"], False))
    specs.append((None, "binary", "quarantined", ["binary file"], False))
    for n, ((article_id, layout, status, problems, truncated), day) in enumerate(
        zip(specs, FETCH_DAYS, strict=True)
    ):
        fetched = datetime.combine(day, datetime.min.time()) + timedelta(hours=n % 12)
        rows.append(
            {
                "page_id": f"p{n:02d}",
                "path": f"raw/{n:02d}.txt",
                "content_hash": f"{n:032x}",
                "bytes": 1000 + n,
                "mtime_ns": n,
                "fetched_at": fetched,
                "fetched_at_source": "manifest",
                "is_synthetic": True,
                "encoding": "utf-8",
                "layout": layout,
                "status": status,
                "problems": problems,
                "truncated": truncated,
                "article_id": article_id,
                "is_present": True,
                "parsed_at": fetched,
                "parser_version": "test",
                "raw_text": "raw text",
            }
        )
    return rows


def build_small_warehouse(path: Path, *, synthetic: bool = True) -> Path:
    """Write the hand-made warehouse to `path` (replaced if present) and return it."""
    con = _connect(path)
    try:
        _insert(con, "pages", _pages())
        copies = {"a01": 2}
        for art_id, day, section, source, regions, tags, title, body in ARTICLES:
            primary = next(((r, iso) for r, iso, p in regions if p), (None, None))
            published = None if day is None else datetime.combine(day, datetime.min.time())
            date_status = "printed" if day else ("rejected" if art_id == "a20" else "missing")
            _insert(
                con,
                "articles",
                [
                    {
                        "article_id": art_id,
                        "article_key": f"key:{art_id}",
                        "url": f"https://example.invalid/{art_id}",
                        "title": title,
                        "summary": f"Summary of {title}",
                        "body": body,
                        "author": "Synthetic Author",
                        "source": source,
                        "published_at": published,
                        "published_date": day,
                        "date_status": date_status,
                        "read_minutes": 3,
                        "section": section,
                        "primary_region": primary[0],
                        "primary_country_iso3": primary[1],
                        "word_count": len(body.split()),
                        "layout": "video" if art_id == "a19" else "full",
                        "is_partial": art_id == "a19",
                        "is_synthetic": synthetic,
                        "first_fetched_at": datetime(2024, 4, 1),
                        "last_fetched_at": datetime(2024, 4, 5),
                        "copies": copies.get(art_id, 1),
                    }
                ],
            )
            _insert(
                con,
                "tags",
                [{"article_id": art_id, "tag": tag, "position": i} for i, tag in enumerate(tags)],
            )
            _insert(
                con,
                "regions",
                [
                    {"article_id": art_id, "region": r, "country_iso3": iso,
                     "evidence": f"tag:{iso}", "mentions": 1, "is_primary": p}
                    for r, iso, p in regions
                ],
            )  # fmt: skip
        _insert(
            con,
            "related_links",
            [
                {"article_id": art_id, "kind": kind, "position": i, "target_title": title,
                 "target_article_id": target, "times_seen": 1, "target_key": "",
                 "first_to_target": False}
                for i, (art_id, kind, title, target) in enumerate(LINKS)
            ],
        )  # fmt: skip
        _derive_link_targets(con)
        _insert(
            con,
            "breaking_items",
            [
                {"item_id": item_id, "text": text, "speaker": speaker,
                 "first_seen_at": first_seen, "last_seen_at": first_seen + timedelta(hours=times),
                 "times_seen": times}
                for item_id, text, speaker, first_seen, times in TICKER
            ],
        )  # fmt: skip
        _insert(
            con,
            "breaking_sightings",
            [
                {"item_id": item_id, "page_id": "p00", "fetched_at": first_seen, "position": 0}
                for item_id, _, _, first_seen, _ in TICKER
            ],
        )
        _insert(
            con,
            "ingest_runs",
            [
                {"run_id": "run-1", "started_at": datetime(2024, 4, 5, 12),
                 "published_at": datetime(2024, 4, 5, 12, 5), "raw_dir": "raw",
                 "files_seen": 23, "files_new": 23, "files_changed": 0, "files_removed": 0,
                 "parser_version": "test"}
            ],
        )  # fmt: skip
        if not synthetic:
            con.execute("UPDATE pages SET is_synthetic = false")
        _index_words(con, path)
    finally:
        con.close()
    return path


def build_empty_warehouse(path: Path) -> Path:
    """The schema with no rows: what a first run over an empty folder publishes."""
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute(SCHEMA.read_text())
    finally:
        con.close()
    return path


def build_large_warehouse(path: Path, *, articles: int = 100_000, seed: int = 1) -> Path:
    """A big synthetic warehouse for timing the dashboard's queries (not for exact numbers).

    Sizes per article: ~400 words of body, 5 tags out of 5,000, 1-2 regions, 8 links, 1.3 pages.
    """
    con = _connect(path)
    try:
        con.execute("SELECT setseed($s)", {"s": seed / 10})
        con.execute(
            """CREATE TEMP TABLE vocab AS
               SELECT list('w' || i) AS words FROM range(3000) AS r(i)"""
        )
        con.execute(
            """INSERT INTO articles BY NAME
               SELECT printf('%016x', i) AS article_id, 'key:' || i AS article_key,
                      'Synthetic title ' || i || ' ' || words[1 + (i * 7) % 3000] AS title,
                      'Synthetic summary ' || words[1 + (i * 11) % 3000] AS summary,
                      array_to_string(list_transform(range(400),
                          x -> words[CAST(1 + hash(i * 401 + x) % 3000 AS BIGINT)]), ' ') AS body,
                      CASE WHEN i % 9 = 0 THEN NULL ELSE ['AFP', 'AP', 'Reuters', 'IRNA',
                          'Agencies'][1 + i % 5] END AS source,
                      CASE WHEN i % 25 = 0 THEN NULL
                           ELSE TIMESTAMP '2020-01-01' + to_minutes((i * 37) % (5 * 365 * 1440))
                      END AS published_at,
                      CAST(published_at AS DATE) AS published_date,
                      CASE WHEN published_at IS NULL THEN 'missing' ELSE 'printed' END
                          AS date_status,
                      ['Politics', 'Economy', 'Analysis', 'Opinion', 'Sports', 'Health',
                       'Technology', 'Features'][1 + i % 8] AS section,
                      ['Africa', 'Asia', 'Asia-Pacific', 'Europe', 'Latin America', 'MENA',
                       'Palestine', 'US & Canada'][1 + (i * 3) % 8] AS primary_region,
                      400 AS word_count, 'full' AS layout, false AS is_partial,
                      true AS is_synthetic, 1 + i % 2 AS copies,
                      TIMESTAMP '2025-06-01' AS first_fetched_at,
                      TIMESTAMP '2025-06-02' AS last_fetched_at
               FROM range($n) AS r(i), vocab""",
            {"n": articles},
        )
        con.execute(
            """INSERT INTO tags
               SELECT article_id,
                      'Tag ' || CAST(((hash(article_id, p) % 5000) ^ 2) // 5000 AS BIGINT), p
               FROM articles, range(5) AS r(p)"""
        )
        con.execute(
            """INSERT INTO regions
               SELECT article_id, primary_region,
                      ['NGA', 'CHN', 'AUS', 'FRA', 'VEN', 'LBN', 'PSE', 'USA']
                          [CAST(1 + hash(article_id) % 8 AS BIGINT)], 'tag:x', 2, true
               FROM articles
               UNION ALL
               SELECT article_id, 'MENA', 'IRN', 'body:Tehran', 1, false
               FROM articles WHERE hash(article_id) % 3 = 0"""
        )
        con.execute(
            """INSERT INTO related_links
               SELECT a.article_id, ['read_more', 'most_read', 'read_next'][1 + p % 3], p,
                      'Synthetic title ' || (hash(a.article_id, p) % $n),
                      NULL, NULL,
                      CASE WHEN p % 4 = 0 THEN NULL
                           ELSE printf('%016x', hash(a.article_id, p) % $n) END, 1, '', false
               FROM articles AS a, range(8) AS r(p)""",
            {"n": articles},
        )
        _derive_link_targets(con)
        con.execute(
            """INSERT INTO pages BY NAME
               SELECT printf('p%08d', i) AS page_id, 'raw/' || i || '.txt' AS path,
                      1000 AS bytes, 0 AS mtime_ns,
                      TIMESTAMP '2025-01-01' + to_minutes(i * 3) AS fetched_at,
                      'manifest' AS fetched_at_source, true AS is_synthetic,
                      CASE WHEN i % 40 = 0 THEN 'reader' ELSE 'full' END AS layout,
                      CASE WHEN i % 50 = 0 THEN 'quarantined' WHEN i % 7 = 0 THEN 'partial'
                           ELSE 'parsed' END AS status,
                      CASE WHEN i % 50 = 0 THEN ['not a page of the site']
                           WHEN i % 7 = 0 THEN ['no date'] ELSE [] END AS problems,
                      false AS truncated, printf('%016x', i % $n) AS article_id,
                      true AS is_present, TIMESTAMP '2025-06-01' AS parsed_at,
                      'bench' AS parser_version
               FROM range(CAST($n * 1.3 AS BIGINT)) AS r(i)""",
            {"n": articles},
        )
        con.execute(
            """INSERT INTO breaking_items
               SELECT printf('%016x', i), 'Speaker ' || i % 300 || ': item ' || i,
                      'Speaker ' || i % 300,
                      TIMESTAMP '2025-01-01' + to_minutes(i * 7),
                      TIMESTAMP '2025-01-01' + to_minutes(i * 7 + 600), 1 + i % 9
               FROM range($n // 2) AS r(i)""",
            {"n": articles},
        )
        _index_words(con, path)
    finally:
        con.close()
    return path
