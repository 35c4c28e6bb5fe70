"""The build's phase timer, the clean-up of earlier runs' build folders, the prefetch, the scan
made ahead of its run, and the imports a run avoids."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipelines.ingest import run
from warehouse import paths, store


def test_phases_are_reported_once_the_build_has_run_long_enough() -> None:
    quiet: list[str] = []
    timer = run._Timer(quiet.append, report_after_s=3600)
    timer.lap("stage")
    timer.lap("load")
    assert quiet == []
    assert list(timer.timings) == ["stage", "load"]

    told: list[str] = []
    timer = run._Timer(told.append, report_after_s=0)
    timer.lap("stage")
    timer.lap("load")
    assert [line.split(" done")[0] for line in told] == [
        "warehouse build: stage",
        "warehouse build: load",
    ]


def test_scan_removes_what_earlier_runs_left_but_not_this_runs(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "page.txt").write_text("not much of a page", encoding="utf-8")
    warehouse = tmp_path / "news.duckdb"
    builds = paths.build_dir(warehouse)
    for name in ("died", "finished", "current"):
        (builds / name / "parts").mkdir(parents=True)
        (builds / name / "parts" / "b0.pages.parquet").write_bytes(b"x" * 1000)

    result = run.scan_folder(raw, warehouse, run_id="current")

    assert result.counts.new == 1
    assert sorted(child.name for child in builds.iterdir()) == ["current"]
    assert (builds / "current" / "parts" / "b0.pages.parquet").exists()


def test_a_folder_changed_after_publishing_is_compared_with_a_prefetched_catalog(
    tmp_path: Path, monkeypatch
) -> None:
    raw = tmp_path / "raw"
    (raw / "2025" / "11").mkdir(parents=True)
    (raw / "2025" / "11" / "a.txt").write_text("one", encoding="utf-8")
    warehouse = tmp_path / "news.duckdb"
    run.ingest_folder(raw, warehouse)
    read_catalog = store.read_catalog
    threads: list[bool] = []

    def spied(path: Path):
        threads.append(threading.current_thread() is not threading.main_thread())
        return read_catalog(path)

    monkeypatch.setattr(store, "read_catalog", spied)
    assert not run.scan_folder(raw, warehouse).has_work and threads == []

    time.sleep(0.02)  # status-change times have at best the kernel clock's resolution
    (raw / "2025" / "11" / "b.txt").write_text("two", encoding="utf-8")
    result = run.scan_folder(raw, warehouse)

    assert threads == [True] and result.counts.new == 1


def test_a_run_does_not_import_pyarrow(tmp_path: Path) -> None:
    # pyarrow's import costs 0.07 s with the GIL held, a share of an incremental run that is
    # worth keeping: DuckDB's results reach polars through the Arrow C stream interface.
    script = """
import sys
from pathlib import Path
from pipelines.ingest.run import ingest_folder
from pipelines.sample import generate_sample
raw, warehouse = Path(sys.argv[1]) / "raw", Path(sys.argv[1]) / "news.duckdb"
generate_sample(raw, pages=60, seed=5)
(raw / "extra").mkdir()
assert ingest_folder(raw, warehouse).published
(raw / "extra" / "later.txt").write_text("another page\\n")
assert ingest_folder(raw, warehouse).published
print("pyarrow" in sys.modules)
"""
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert done.stdout.split()[-1] == "False", done.stdout + done.stderr


@pytest.fixture
def published(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """A raw folder, a warehouse published from it, and no scan made ahead yet."""
    monkeypatch.setattr(run, "_scans_ahead", {})
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("one", encoding="utf-8")
    warehouse = tmp_path / "news.duckdb"
    assert run.ingest_folder(raw, warehouse).published
    return raw, warehouse


def test_a_scan_made_ahead_is_what_the_run_scans(published: tuple[Path, Path]) -> None:
    raw, warehouse = published
    (raw / "b.txt").write_text("two", encoding="utf-8")

    run.scan_ahead(raw, warehouse)
    taken = run.scan_folder(raw, warehouse, run_id="this run")
    plain = run.scan_folder(raw, warehouse)

    assert taken.listed_ahead_s is not None and plain.listed_ahead_s is None
    assert taken.files.equals(plain.files) and taken.removed.equals(plain.removed)
    assert taken.counts == plain.counts and taken.counts.new == 1
    assert run._scans_ahead == {}  # taken once


def test_a_scan_made_ahead_is_dropped_once_another_run_published(
    published: tuple[Path, Path],
) -> None:
    raw, warehouse = published
    (raw / "b.txt").write_text("two", encoding="utf-8")
    run.scan_ahead(raw, warehouse)
    assert run._scans_ahead[run._ahead_key(raw, warehouse)].result.result().counts.new == 1

    another_run = (  # in another process, which has no scan ahead to take
        "import sys; from pathlib import Path; from pipelines.ingest.run import ingest_folder; "
        "assert ingest_folder(Path(sys.argv[1]), Path(sys.argv[2])).published"
    )
    subprocess.run([sys.executable, "-c", another_run, raw, warehouse], check=True)
    result = run.scan_folder(raw, warehouse, run_id="this run")

    assert result.listed_ahead_s is None and not result.has_work


@pytest.mark.parametrize("how", ["too old", "failed", "other folder"])
def test_a_scan_made_ahead_that_does_not_hold_is_made_again(
    published: tuple[Path, Path], monkeypatch, how: str
) -> None:
    raw, warehouse = published
    (raw / "b.txt").write_text("two", encoding="utf-8")
    if how == "too old":
        monkeypatch.setattr(run, "SCAN_AHEAD_MAX_AGE_S", 0.0)
        run.scan_ahead(raw, warehouse)
    elif how == "failed":
        with monkeypatch.context() as patched:
            patched.setattr(sys, "executable", "/bin/false")  # its listing fails
            run.scan_ahead(raw, warehouse)
            result = run._scans_ahead[run._ahead_key(raw, warehouse)].result
            with pytest.raises(OSError):
                result.result()
    else:
        run.scan_ahead(raw.parent, warehouse)

    result = run.scan_folder(raw, warehouse, run_id="this run")

    assert result.listed_ahead_s is None and result.counts.new == 1


@pytest.mark.parametrize(
    ("arguments", "scans"),
    [([], False), (["dev"], False), (["api", "grpc"], False), (["asset", "materialize"], True)],
)
def test_only_a_run_command_scans_ahead_as_it_loads_the_project(
    tmp_path: Path, arguments: list[str], scans: bool
) -> None:
    (tmp_path / "raw").mkdir()
    script = """
import pipelines.definitions
from pipelines.ingest import run
print(len(run._scans_ahead))
"""
    env = {
        **os.environ,
        "NEWS_RAW_DIR": str(tmp_path / "raw"),
        "NEWS_DUCKDB": str(tmp_path / "news.duckdb"),
    }
    done = subprocess.run(
        [sys.executable, "-c", script, *arguments], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == ("1" if scans else "0")
