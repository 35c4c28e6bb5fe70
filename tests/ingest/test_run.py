"""The build's phase timer and the clean-up of earlier runs' build folders."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from pipelines.ingest import run
from warehouse import paths


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


def test_the_prefetch_hint_follows_changes_after_publishing(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "2025").mkdir(parents=True)
    (raw / "2025" / "a.txt").write_text("one", encoding="utf-8")
    (raw / "manifest.jsonl").write_text('{"file": "2025/a.txt"}\n', encoding="utf-8")
    warehouse = tmp_path / "news.duckdb"
    assert not run.modified_since_published(raw, warehouse)  # nothing published: no hint
    time.sleep(0.01)  # status-change times have at best the clock's resolution
    warehouse.write_bytes(b"published")
    assert not run.modified_since_published(raw, warehouse)

    time.sleep(0.01)
    (raw / "2025" / "b.txt").write_text("two", encoding="utf-8")  # one level down
    assert run.modified_since_published(raw, warehouse)

    warehouse.write_bytes(b"published again")
    time.sleep(0.01)
    with (raw / "manifest.jsonl").open("a", encoding="utf-8") as manifest:
        manifest.write('{"file": "2025/b.txt"}\n')
    os.utime(raw / "manifest.jsonl", ns=(1, 1))  # dated back, as the sample generator does
    assert run.modified_since_published(raw, warehouse)


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
