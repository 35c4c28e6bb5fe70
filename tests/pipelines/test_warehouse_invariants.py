"""Facts about a built warehouse that the build and the checks rely on to avoid reading texts."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from pipelines.ingest.run import ingest_folder
from pipelines.sample import generate_sample
from tests.conftest import query
from tests.parsing.pages import seed_text, seed_with
from tests.reliability.helpers import fingerprint
from warehouse import paths, store


def test_word_count_says_whether_there_is_a_body(built_sample: tuple[Path, Path]) -> None:
    _, warehouse = built_sample

    [(copies, copies_off)] = query(
        warehouse,
        "SELECT count(*), count(*) FILTER ((word_count IS NULL) <> (body IS NULL)) "
        "FROM parsed.page_fields",
    )
    [(articles, articles_off, without_body)] = query(
        warehouse,
        "SELECT count(*), count(*) FILTER ((word_count = 0) <> (body IS NULL)), "
        "count(*) FILTER (body IS NULL) FROM articles",
    )

    assert copies > 0 and articles > 0 and without_body > 0
    assert copies_off == 0
    assert articles_off == 0


def test_unresolved_links_are_keyed_by_their_folded_title(built_sample: tuple[Path, Path]):
    _, warehouse = built_sample

    [(unresolved, off)] = query(
        warehouse,
        "SELECT count(*), count(*) FILTER (target_key <> 'title:' || lower(target_title)) "
        "FROM related_links WHERE target_article_id IS NULL",
    )

    assert unresolved > 0
    assert off == 0


def test_builds_vacuum_only_when_deleted_rows_pile_up(tmp_path: Path) -> None:
    staging = store.stage(tmp_path / "news.duckdb", "run")
    with staging.connect() as con:
        con.execute("CREATE TABLE t AS SELECT range AS n FROM range(10000)")
        con.execute("CHECKPOINT")
        assert con.execute("SELECT current_setting('max_vacuum_tasks')").fetchone() == (0,)

        con.execute("DELETE FROM t WHERE n < 500")  # 5%: left where they are
        con.execute("CHECKPOINT")
        assert store.vacuum_if_worth_it(con) == []
        assert con.execute("SELECT current_setting('max_vacuum_tasks')").fetchone() == (0,)

        con.execute("DELETE FROM t WHERE n < 2000")  # 20%: the next checkpoint vacuums
        con.execute("CHECKPOINT")
        assert store.vacuum_if_worth_it(con) == ["main.t"]
        assert con.execute("SELECT current_setting('max_vacuum_tasks')").fetchone()[0] > 0


@pytest.fixture
def published(built_sample: tuple[Path, Path], tmp_path: Path) -> Path:
    """A published warehouse of the current format, of its own."""
    _, built = built_sample
    copy = tmp_path / "news.duckdb"
    copy.write_bytes(built.read_bytes())
    return copy


def tables_of(staging: store.Staging) -> set[str]:
    with staging.connect() as con:
        return {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


def test_staging_a_current_warehouse_leaves_the_copy_as_published(published: Path) -> None:
    # The copy already has this schema; applying it again marks the catalog changed, and the
    # checkpoint before publishing then rewrites it (0.15 s at 100k pages).
    staging = store.stage(published, "run")

    assert staging.database.read_bytes() == published.read_bytes()
    assert {"pages", "articles", "tags", "regions", "breaking_items", "related_links"} <= (
        tables_of(staging)
    )


def test_staging_a_warehouse_of_unknown_format_applies_the_schema(tmp_path: Path) -> None:
    unknown = tmp_path / "news.duckdb"
    with store.duckdb.connect(str(unknown)) as con:
        con.execute("CREATE TABLE notes (text VARCHAR)")  # no warehouse_info: no known version

    staging = store.stage(unknown, "run")

    assert {"notes", "pages", "articles", "warehouse_info", "search_words"} <= tables_of(staging)


def test_a_link_a_page_lists_twice_counts_once_per_copy(tmp_path: Path) -> None:
    entry = (
        "Inside the Epstein-Rothschild web behind 'Israel’s' spy tech empire\n\n"
        "Inside the Epstein-Rothschild web behind 'Israel’s' spy tech empire\n\n"
        "  • Politics\n  • 19 Nov 2025\n"
    )
    page = seed_with(entry, entry + entry)  # Most Read shows its first entry twice
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("copy_a.txt", "copy_b.txt"):  # two copies of one article
        (raw / name).write_text(page, encoding="utf-8")
    warehouse = tmp_path / "news.duckdb"
    ingest_folder(raw, warehouse, workers=1)

    [(rows, first)] = query(
        warehouse,
        "SELECT count(*), count(*) FILTER (first_on_page) FROM parsed.page_links "
        "WHERE kind = 'most_read' AND title_key LIKE 'inside the epstein%'",
    )
    [(copies, times_seen)] = query(
        warehouse,
        "SELECT a.copies, l.times_seen FROM related_links AS l JOIN articles AS a "
        "USING (article_id) WHERE l.kind = 'most_read' AND l.target_title LIKE 'Inside the Ep%'",
    )
    assert (rows, first) == (4, 2)
    assert copies == 2
    assert times_seen == 2


def test_times_seen_counts_the_copies_that_show_a_link(built_sample: tuple[Path, Path]) -> None:
    _, warehouse = built_sample

    # Each row is one (article, kind, folded title); a page is a copy of one article.
    [(rows, seen)] = query(warehouse, "SELECT count(*), sum(times_seen) FROM related_links")
    [(groups, sightings)] = query(
        warehouse,
        """
        SELECT count(DISTINCT (p.article_id, l.kind, l.title_key)),
               count(DISTINCT (l.page_id, l.kind, l.title_key))
        FROM parsed.page_links AS l JOIN pages AS p USING (page_id)
        WHERE p.article_id IS NOT NULL
        """,
    )

    assert rows > 0
    assert (rows, seen) == (groups, sightings)


def test_a_copy_staged_early_is_the_one_the_build_gets(published: Path) -> None:
    store.stage_early(published, "run")
    staging = store.stage(published, "run")

    assert staging.database.read_bytes() == published.read_bytes()
    assert store.stage(published, "run") == staging  # a second call stages again, alike
    assert (published, "run") not in store._early_stages


def test_an_early_copy_that_fails_fails_the_build_that_wants_it(published: Path) -> None:
    paths.build_dir(published).write_text("a file where the build folder goes")

    store.stage_early(published, "run")

    with pytest.raises(OSError):
        store.stage(published, "run")


@pytest.mark.parametrize("seed", [3, 8])
def test_a_folder_built_in_two_runs_equals_one_built_at_once(tmp_path: Path, seed: int) -> None:
    """Copies of one article, the copy without a URL and the one with it, and a link and the
    article it names, arrive in either run: the incremental build must end as a build from
    scratch (the rebuild of touched articles and links is scoped by what a run can change)."""
    raw = tmp_path / "raw"
    generate_sample(raw, pages=240, seed=seed)
    manifest = raw / "manifest.jsonl"
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    held = tmp_path / "held"
    held.mkdir()
    later = random.Random(seed).sample(range(len(lines)), len(lines) // 2)
    for number in later:
        name = json.loads(lines[number])["file"]
        (held / name.replace("/", "__")).write_bytes((raw / name).read_bytes())
        (raw / name).unlink()
    kept = [line for number, line in enumerate(lines) if number not in set(later)]
    manifest.write_text("".join(kept), "utf-8")
    in_two = tmp_path / "two" / "news.duckdb"
    assert ingest_folder(raw, in_two).published

    for number in later:  # the other half arrives, and the crawler's manifest names it
        name = json.loads(lines[number])["file"]
        (raw / name).write_bytes((held / name.replace("/", "__")).read_bytes())
    manifest.write_text("".join(lines), "utf-8")
    assert ingest_folder(raw, in_two).published
    at_once = tmp_path / "once" / "news.duckdb"
    assert ingest_folder(raw, at_once).published

    assert fingerprint(in_two) == fingerprint(at_once)


def test_a_link_resolves_on_its_image_text_whichever_run_brings_the_article(tmp_path: Path):
    """The seed's Most Read lists "...martyrdom of commander Haitham Tabatabai" under the image
    text "...martyrdom of Haitham al-Tabatabai", an older headline. Once an article with that
    older headline is in the warehouse, the link resolves to it: the same when the article
    comes in a later run as when both come at once."""
    older_headline = "Hezbollah announces the martyrdom of Haitham al-Tabatabai"
    seed_title = "Intel reports put to question US claims on Venezuela, drug-trafficking"
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "linking.txt").write_text(seed_text(), encoding="utf-8")
    in_two = tmp_path / "two" / "news.duckdb"
    assert ingest_folder(raw, in_two, workers=1).published
    (raw / "target.txt").write_text(seed_with(seed_title, older_headline), encoding="utf-8")
    assert ingest_folder(raw, in_two, workers=1).published
    at_once = tmp_path / "once" / "news.duckdb"
    assert ingest_folder(raw, at_once, workers=1).published

    link = (
        "SELECT l.target_article_id FROM related_links AS l JOIN articles AS a USING (article_id) "
        "WHERE l.kind = 'most_read' AND a.title = $1 "
        "AND l.target_title LIKE 'Hezbollah announces the martyrdom of commander%'"
    )
    by_title = "SELECT article_id FROM articles WHERE title = $1"
    [(target,)] = query(at_once, by_title, [older_headline])
    assert query(at_once, link, [seed_title]) == [(target,)]
    assert query(in_two, link, [seed_title]) == [(target,)]
