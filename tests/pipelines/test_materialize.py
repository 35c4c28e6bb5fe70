"""Real materializations of the whole asset graph into DuckDB files under tmp_path."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb

from tests.conftest import SEED, SEED_URL, count_files, materialize, query, write_manifest
from warehouse import checks, paths, store

TABLES = ("pages", "articles", "tags", "regions", "breaking_items", "related_links")


def test_definitions_load():
    from pipelines.definitions import defs

    dg.Definitions.validate_loadable(defs)
    keys = {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}
    assert {"raw_pages", "parsed_pages", *TABLES} <= keys
    assert defs.resolve_job_def("ingest_job") is not None
    assert defs.resolve_sensor_def("raw_folder_sensor") is not None
    assert defs.resolve_schedule_def("daily_ingest") is not None
    check_keys = {key.name for key in defs.resolve_asset_graph().asset_check_keys}
    assert {"unique_article_ids", "every_file_accounted", "publication_dates_sane"} <= check_keys


def test_seed_materializes_into_every_table(seed_folder: Path, warehouse: Path):
    result = materialize(seed_folder, warehouse)
    assert result.success

    assert query(warehouse, "SELECT count(*) FROM pages") == [(2,)]  # the page and the manifest
    [(title, author, source, published_at, minutes, section, url, copies)] = query(
        warehouse,
        "SELECT title, author, source, published_at, read_minutes, section, url, copies "
        "FROM articles",
    )
    assert title == "Intel reports put to question US claims on Venezuela, drug-trafficking"
    assert (author, source) == ("Al Mayadeen English", "Dropsite News")
    assert published_at == dt.datetime(2025, 11, 2, 11, 31)
    assert minutes == 4
    assert section == "Politics"
    assert url == SEED_URL
    assert copies == 1

    tags = [tag for (tag,) in query(warehouse, "SELECT tag FROM tags ORDER BY position")]
    assert tags[0] == "Marco Rubio" and tags[-1] == "Donald Trump" and len(tags) == 9
    links = dict(query(warehouse, "SELECT kind, count(*) FROM related_links GROUP BY kind"))
    assert links == {"read_more": 3, "most_read": 4, "read_next": 4}
    assert query(warehouse, "SELECT count(*), sum(times_seen) FROM breaking_items") == [(10, 10)]
    regions = {region for (region,) in query(warehouse, "SELECT DISTINCT region FROM regions")}
    assert {"Latin America", "US & Canada"} <= regions
    [(status, layout, fetched_source)] = query(
        warehouse,
        "SELECT status, layout, fetched_at_source FROM pages WHERE path = 'seed.txt'",
    )
    assert (status, layout, fetched_source) == ("parsed", "full", "manifest")

    materialized = {
        event.asset_key.to_user_string() for event in result.get_asset_materialization_events()
    }
    assert set(TABLES) <= materialized
    check_results = result.get_asset_check_evaluations()
    assert check_results and all(evaluation.passed for evaluation in check_results)


def test_rerun_without_new_files_changes_nothing(seed_folder: Path, warehouse: Path):
    assert materialize(seed_folder, warehouse).success
    before = os.stat(warehouse)

    second = materialize(seed_folder, warehouse)

    assert second.success
    after = os.stat(warehouse)
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (
        before.st_ino,
        before.st_mtime_ns,
        before.st_size,
    )
    parsed = second.asset_materializations_for_node("parsed_pages")[0]
    assert parsed.metadata["pages_parsed"].value == 0
    # nothing changed, so no table is materialized; the checks of the publishing run are reported
    materialized = {e.asset_key.to_user_string() for e in second.get_asset_materialization_events()}
    assert materialized == {"raw_pages", "parsed_pages"}
    first_run = query(warehouse, "SELECT run_id FROM ingest_runs")[0][0]
    evaluations = [
        e.event_specific_data
        for e in second.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    ]
    assert len(evaluations) == len(checks.ALL_CHECKS)
    assert all(e.passed for e in evaluations)
    assert {e.metadata["evaluated_by_run"].value for e in evaluations} == {first_run}


def test_rerun_after_the_file_changed_evaluates_the_checks_again(seed_folder, warehouse):
    assert materialize(seed_folder, warehouse).success
    with duckdb.connect(str(warehouse)) as con:  # someone writes the published file
        con.execute("UPDATE articles SET read_minutes = coalesce(read_minutes, 0) + 1")

    second = materialize(seed_folder, warehouse)

    assert second.success
    evaluations = [
        e.event_specific_data
        for e in second.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION"
    ]
    assert len(evaluations) == len(checks.ALL_CHECKS)
    assert not any("evaluated_by_run" in e.metadata for e in evaluations)


def test_warehouse_of_another_format_is_rebuilt_from_the_folder(seed_folder, warehouse):
    assert materialize(seed_folder, warehouse).success
    fresh = {table: query(warehouse, f"SELECT * FROM {table} ORDER BY ALL") for table in TABLES}
    with duckdb.connect(str(warehouse)) as con:  # as if an older version had written it
        con.execute("UPDATE parsed.warehouse_info SET format = 'older'")
        con.execute("UPDATE articles SET title = 'stale'")

    second = materialize(seed_folder, warehouse)

    assert second.success
    parsed = second.asset_materializations_for_node("parsed_pages")[0]
    assert parsed.metadata["pages_parsed"].value == count_files(seed_folder)
    assert query(warehouse, "SELECT format FROM parsed.warehouse_info") == [
        (store.warehouse_format(),)
    ]
    for table in ("articles", "tags", "regions", "breaking_items", "related_links"):
        assert query(warehouse, f"SELECT * FROM {table} ORDER BY ALL") == fresh[table], table


def test_new_files_are_parsed_alone(seed_folder: Path, warehouse: Path):
    assert materialize(seed_folder, warehouse).success
    (seed_folder / "more").mkdir()
    shutil.copyfile(SEED, seed_folder / "more" / "copy.txt")

    second = materialize(seed_folder, warehouse)

    assert second.success
    parsed = second.asset_materializations_for_node("parsed_pages")[0]
    assert parsed.metadata["pages_parsed"].value == 1
    assert query(warehouse, "SELECT count(*) FROM pages") == [(3,)]


def test_copies_make_one_article_and_tickers_count_once(seed_folder: Path, warehouse: Path):
    # three more copies of the seed: one under the same URL fetched later, one without a URL,
    # and one byte-identical duplicate of the first file
    shutil.copyfile(SEED, seed_folder / "later.txt")
    shutil.copyfile(SEED, seed_folder / "no_url.txt")
    write_manifest(
        seed_folder,
        [
            {"file": "seed.txt", "url": SEED_URL, "fetched_at": "2025-11-25T10:00:00Z"},
            {"file": "later.txt", "url": SEED_URL + "/", "fetched_at": "2025-11-26T09:00:00Z"},
            {"file": "no_url.txt", "fetched_at": "2025-11-27T09:00:00Z"},
        ],
    )

    assert materialize(seed_folder, warehouse).success

    [(articles, copies, first, last)] = query(
        warehouse,
        "SELECT count(*), max(copies), min(first_fetched_at), max(last_fetched_at) FROM articles",
    )
    assert (articles, copies) == (1, 3)
    assert first == dt.datetime(2025, 11, 25, 10) and last == dt.datetime(2025, 11, 27, 9)
    assert query(warehouse, "SELECT count(*) FROM tags") == [(9,)]
    # identical bytes count as one sighting: three files, one distinct content
    [(items, seen, first_seen, last_seen)] = query(
        warehouse,
        "SELECT count(*), max(times_seen), min(first_seen_at), max(last_seen_at) "
        "FROM breaking_items",
    )
    assert (items, seen) == (10, 1)
    assert first_seen == dt.datetime(2025, 11, 25, 10)
    assert last_seen == dt.datetime(2025, 11, 27, 9)
    assert query(warehouse, "SELECT count(*) FROM related_links WHERE kind = 'read_more'") == [(3,)]
    assert query(warehouse, "SELECT max(times_seen) FROM related_links") == [(3,)]


def test_every_file_is_accounted_for_whatever_it_holds(raw_dir: Path, warehouse: Path):
    shutil.copyfile(SEED, raw_dir / "good.txt")
    nested = raw_dir / "a" / "b" / "c"
    nested.mkdir(parents=True)
    (nested / "empty.txt").write_bytes(b"")
    (nested / "blank.txt").write_bytes(b"   \n\t\n")
    (raw_dir / "binary.bin").write_bytes(bytes(range(256)) * 40)
    (raw_dir / "cp1252.txt").write_bytes(SEED.read_text("utf-8").encode("cp1252", "replace"))
    (raw_dir / "utf16.txt").write_bytes(SEED.read_text("utf-8").encode("utf-16"))
    (raw_dir / "other_site.txt").write_text(
        "Made-up Daily Gazette\nWeather: sunny spells\nSubscribe to our newsletter\n"
    )
    (raw_dir / "huge.txt").write_bytes(b"x" * (17 * 1024 * 1024))

    result = materialize(raw_dir, warehouse)

    assert result.success
    assert query(warehouse, "SELECT count(*) FROM pages") == [(count_files(raw_dir),)]
    rows = dict(query(warehouse, "SELECT path, status FROM pages"))
    assert rows["good.txt"] == "parsed"
    for path in ("a/b/c/empty.txt", "a/b/c/blank.txt", "binary.bin", "other_site.txt", "huge.txt"):
        assert rows[path] == "quarantined", path
    assert rows["cp1252.txt"] in {"parsed", "partial"}
    assert rows["utf16.txt"] in {"parsed", "partial"}
    unexplained = query(
        warehouse, "SELECT path FROM pages WHERE status <> 'parsed' AND len(problems) = 0"
    )
    assert unexplained == []
    [(huge_problems,)] = query(warehouse, "SELECT problems FROM pages WHERE path = 'huge.txt'")
    assert "larger than" in huge_problems[0]


HELD_READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("SELECT count(*) FROM pages").fetchone()[0], flush=True)
sys.stdin.readline()
print(con.execute("SELECT count(*) FROM pages").fetchone()[0], flush=True)
"""


def test_a_reader_holding_the_warehouse_does_not_block_the_run(seed_folder: Path, warehouse: Path):
    assert materialize(seed_folder, warehouse).success
    # another process (as an analyst's notebook would be) holds a read-only connection open
    reader = subprocess.Popen(
        [sys.executable, "-c", HELD_READER, str(warehouse)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout.readline().strip() == "2"
    shutil.copyfile(SEED, seed_folder / "second.txt")

    assert materialize(seed_folder, warehouse, lock_timeout_s=5).success

    # the open reader keeps its snapshot; a new connection sees the new state
    output, _ = reader.communicate("\n", timeout=30)
    assert output.strip() == "2"
    assert query(warehouse, "SELECT count(*) FROM pages") == [(3,)]


def test_headless_cli_contract(seed_folder: Path, warehouse: Path, tmp_path: Path, monkeypatch):
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copyfile(Path(__file__).parents[2] / "dagster.yaml", home / "dagster.yaml")
    env = {
        **os.environ,
        "NEWS_RAW_DIR": str(seed_folder),
        "NEWS_DUCKDB": str(warehouse),
        "DAGSTER_HOME": str(home),
    }
    dagster = Path(sys.executable).with_name("dagster")
    completed = subprocess.run(
        [str(dagster), "asset", "materialize", "-m", "pipelines.definitions", "--select", "*"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).parents[2],
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert query(warehouse, "SELECT count(*) FROM articles") == [(1,)]

    # The command's child scanned and parsed while Dagster planned the run; the steps took both.
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with dg.DagsterInstance.get() as instance:
        scanned = instance.get_latest_materialization_event(dg.AssetKey("raw_pages"))
        parsed = instance.get_latest_materialization_event(dg.AssetKey("parsed_pages"))
    scanned_ahead = scanned.asset_materialization.metadata["scanned_ahead"].value
    assert scanned_ahead.startswith("begun "), scanned_ahead
    assert parsed.asset_materialization.metadata["parsed_ahead"].value is True
    assert parsed.asset_materialization.metadata["pages_parsed"].value == count_files(seed_folder)
    assert not list(paths.build_dir(warehouse).glob("ahead-*"))  # nothing left behind


def test_paths_with_quotes_and_spaces(tmp_path: Path):
    """The write path puts paths into SQL as quoted literals; a quote must not break them."""
    raw = tmp_path / "it's raw; DROP TABLE pages; --"
    raw.mkdir()
    shutil.copyfile(SEED, raw / "o'brien's page.txt")
    warehouse = tmp_path / "the 'warehouse'" / "news.duckdb"

    assert materialize(raw, warehouse).success
    (raw / "second 'copy'.txt").write_bytes(SEED.read_bytes())
    assert materialize(raw, warehouse).success

    (raw / "o'brien's page.txt").unlink()
    assert materialize(raw, warehouse).success

    assert query(warehouse, "SELECT path, is_present FROM pages ORDER BY path") == [
        ("o'brien's page.txt", False),
        ("second 'copy'.txt", True),
    ]
    assert query(warehouse, "SELECT DISTINCT raw_dir FROM ingest_runs") == [(str(raw),)]
    assert query(warehouse, "SELECT count(*) FROM ingest_runs") == [(3,)]


def test_each_check_result_is_recorded_against_its_runs_materialization(
    seed_folder: Path, warehouse: Path
):
    instance = dg.DagsterInstance.ephemeral()
    first = materialize(seed_folder, warehouse, instance=instance)
    shutil.copyfile(seed_folder / "seed.txt", seed_folder / "seed_again.txt")  # a new file
    second = materialize(seed_folder, warehouse, instance=instance)

    for result in (first, second):
        assert result.success
        evaluations = result.get_asset_check_evaluations()
        assert len(evaluations) == len(checks.ALL_CHECKS)
        for evaluation in evaluations:
            target = evaluation.target_materialization_data
            assert target is not None, evaluation.check_name
            assert target.run_id == result.run_id, evaluation.check_name
