"""The child that scans and parses while Dagster plans the run: its work is what the steps would
have done, and it is taken only while it holds."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines.ingest import ahead, run
from pipelines.sample import append_pages, generate_sample
from tests.reliability.helpers import fingerprint
from warehouse import paths, store


@pytest.fixture
def grown(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """A warehouse published from 40 pages, then 12 more pages in the folder; no child yet."""
    monkeypatch.setattr(ahead, "_ahead", None)
    monkeypatch.setattr(ahead, "_failure", None)
    raw = tmp_path / "raw"
    generate_sample(raw, pages=40, seed=3)
    warehouse = tmp_path / "wh" / "news.duckdb"
    assert run.ingest_folder(raw, warehouse).published
    append_pages(raw, pages=12, seed=3)
    yield raw, warehouse
    if ahead._ahead is not None:
        ahead._discard(ahead._ahead)


def _ahead_folders(warehouse: Path) -> list[Path]:
    return list(paths.build_dir(warehouse).glob(paths.AHEAD_PREFIX + "*"))


def _build(raw: Path, warehouse: Path):
    """The run's steps, as the assets call them: scan, parse, build and publish."""
    run_id = run.new_run_id()
    with store.writer_lock(warehouse, run_id=run_id, timeout_s=10):
        result = run.scan_folder(raw, warehouse, run_id=run_id)
        load, summary = run.parse_new_files(raw, warehouse, result, run_id)
        assert run.build_and_publish(raw, warehouse, run_id, load, result.counts).published
    return result, summary


def test_what_the_child_scanned_and_parsed_builds_what_the_steps_would(
    grown: tuple[Path, Path], tmp_path: Path
) -> None:
    raw, warehouse = grown
    reference = tmp_path / "reference" / "news.duckdb"
    reference.parent.mkdir()
    shutil.copyfile(warehouse, reference)
    plain_scan, plain_parse = _build(raw, reference)

    ahead.start(raw, warehouse)
    child = ahead._ahead.child
    taken_scan, taken_parse = _build(raw, warehouse)

    assert taken_scan.listed_ahead_s is not None and plain_scan.listed_ahead_s is None
    assert taken_scan.counts == plain_scan.counts and taken_scan.counts.new == 12
    assert taken_parse.ahead and not plain_parse.ahead
    assert (taken_parse.files, taken_parse.statuses) == (plain_parse.files, plain_parse.statuses)
    assert fingerprint(warehouse) == fingerprint(reference)
    # taken once, and nothing of the child is left
    assert ahead._ahead is None and child.poll() is not None and not _ahead_folders(warehouse)


def test_the_childs_scan_is_dropped_once_another_run_published(grown: tuple[Path, Path]) -> None:
    raw, warehouse = grown
    ahead.start(raw, warehouse)
    assert ahead._ahead.scanned.result(timeout=60) is True  # it scanned, and parses the 12

    another_run = (  # in another process, which has no child to take from
        "import sys; from pathlib import Path; from pipelines.ingest.run import ingest_folder; "
        "assert ingest_folder(Path(sys.argv[1]), Path(sys.argv[2])).published"
    )
    subprocess.run([sys.executable, "-c", another_run, raw, warehouse], check=True)
    result = run.scan_folder(raw, warehouse, run_id="this run")

    assert result.listed_ahead_s is None and not result.has_work
    assert ahead._ahead is None and not _ahead_folders(warehouse)


def test_a_scan_older_than_allowed_is_made_again(grown: tuple[Path, Path], monkeypatch) -> None:
    raw, warehouse = grown
    ahead.start(raw, warehouse)
    assert ahead._ahead.scanned.result(timeout=60) is True
    monkeypatch.setattr(ahead, "MAX_AGE_S", 0.0)

    result = run.scan_folder(raw, warehouse, run_id="this run")

    assert result.listed_ahead_s is None and result.counts.new == 12
    assert ahead._ahead is None and not _ahead_folders(warehouse)


def test_work_made_for_another_folder_is_discarded(grown: tuple[Path, Path]) -> None:
    raw, warehouse = grown
    ahead.start(raw / "2025", warehouse)

    result = run.scan_folder(raw, warehouse, run_id="this run")

    assert result.listed_ahead_s is None and result.counts.new == 12
    assert ahead._ahead is None and not _ahead_folders(warehouse)


def test_a_failed_child_is_reported_once_and_the_steps_do_its_work(
    grown: tuple[Path, Path],
) -> None:
    raw, warehouse = grown
    missing = raw.parent / "not there"
    ahead.start(missing, warehouse)

    assert ahead.take_scan(missing, warehouse) is None
    failure = ahead.pop_failure()
    assert failure.startswith("exit code 1") and "does not exist" in failure
    assert ahead.pop_failure() is None
    with pytest.raises(NotADirectoryError, match="does not exist"):
        run.scan_folder(missing, warehouse, run_id="this run")


def test_parts_go_only_with_the_scan_they_were_parsed_for(grown: tuple[Path, Path]) -> None:
    raw, warehouse = grown
    ahead.start(raw, warehouse)
    own_scan = run.scan_unlocked(raw, warehouse)  # not the child's
    parts = paths.build_dir(warehouse) / "this run" / "parts"

    assert ahead.take_parts(raw, own_scan, parts) is None  # its scan was not taken

    taken = ahead.take_scan(raw, warehouse)
    (raw / "late.txt").write_text("a page that came after the child's listing")
    other = run.scan_unlocked(raw, warehouse)
    assert other.fingerprint != taken.fingerprint
    assert ahead.take_parts(raw, other, parts) is None
    summary = ahead.take_parts(raw, taken, parts)
    assert summary.ahead and summary.files == taken.to_parse.height == 13  # with the manifest
    assert len(list(parts.glob("*.pages.parquet"))) == summary.batches


def test_a_run_keeps_the_work_of_live_processes_children_only(tmp_path: Path) -> None:
    warehouse = tmp_path / "news.duckdb"
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    mine = paths.ahead_dir(warehouse, 1)  # pid 1 runs for as long as the machine does
    gone = paths.ahead_dir(warehouse, ended.pid)
    for folder in (mine, gone, paths.build_dir(warehouse) / "ahead-x"):
        folder.mkdir(parents=True)

    store.discard_stale_builds(warehouse, keep_run="")

    assert [p.name for p in paths.build_dir(warehouse).iterdir()] == [mine.name]


def test_a_child_stuck_in_its_parse_is_stopped_and_the_run_parses_alone(
    grown: tuple[Path, Path], monkeypatch, tmp_path: Path
) -> None:
    raw, warehouse = grown
    monkeypatch.setenv("NEWS_PAUSE_AT", "parse")  # the child stops after its first batch
    monkeypatch.setenv("NEWS_PAUSE_FILE", str(tmp_path / "paused"))
    ahead.start(raw, warehouse)
    monkeypatch.delenv("NEWS_PAUSE_AT")  # this process does not
    monkeypatch.setattr(ahead, "PARSE_WAIT_S", 1.0)
    child = ahead._ahead.child
    deadline = time.monotonic() + 60
    while not (tmp_path / "paused").exists():  # it took the only batch and stopped
        assert time.monotonic() < deadline and child.poll() is None
        time.sleep(0.02)

    result, summary = _build(raw, warehouse)

    assert result.listed_ahead_s is not None  # the scan was the child's
    assert not summary.ahead and summary.files == result.to_parse.height  # the parse was not
    assert "were not done" in ahead.pop_failure()
    assert child.poll() is not None and not _ahead_folders(warehouse)


def test_a_scan_the_run_cannot_read_is_made_again(grown: tuple[Path, Path]) -> None:
    raw, warehouse = grown
    ahead.start(raw, warehouse)
    assert ahead._ahead.scanned.result(timeout=60) is True
    (ahead._ahead.folder / ahead.SCAN_FILE).write_bytes(b"not a pickle")

    result = run.scan_folder(raw, warehouse, run_id="this run")

    assert result.listed_ahead_s is None and result.counts.new == 12
    assert "could not be read" in ahead.pop_failure()
    assert ahead._ahead is None and not _ahead_folders(warehouse)


def test_parts_without_their_summary_are_parsed_again_by_the_run(
    grown: tuple[Path, Path],
) -> None:
    raw, warehouse = grown
    ahead.start(raw, warehouse)
    taken = run.scan_folder(raw, warehouse, run_id="this run")
    assert taken.listed_ahead_s is not None
    assert ahead._ahead.parsed.result(timeout=60) is True
    (ahead._ahead.folder / ahead.SUMMARY_FILE).write_text("{", encoding="utf-8")

    _, summary = run.parse_new_files(raw, warehouse, taken, "this run")

    assert not summary.ahead and summary.files == taken.to_parse.height
    assert "could not be read" in ahead.pop_failure()
    assert ahead._ahead is None and not _ahead_folders(warehouse)
