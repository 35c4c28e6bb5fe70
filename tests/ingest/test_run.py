"""The build's phase timer, the clean-up of earlier runs' build folders, the prefetch, which
commands start the child that works ahead of the run, the imports a run avoids, and how the
warehouse file is copied and replaced."""

from __future__ import annotations

import errno
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


def _load_project(tmp_path: Path, script: str, arguments: list[str]) -> list[str]:
    """What `script`, which imports pipelines.definitions, prints when run with `arguments`."""
    (tmp_path / "raw").mkdir(exist_ok=True)
    env = {
        **os.environ,
        "NEWS_RAW_DIR": str(tmp_path / "raw"),
        "NEWS_DUCKDB": str(tmp_path / "news.duckdb"),
    }
    done = subprocess.run(
        [sys.executable, "-c", script, *arguments], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.parametrize(
    ("arguments", "scans"),
    [([], False), (["dev"], False), (["api", "grpc"], False), (["asset", "materialize"], True)],
)
def test_only_a_run_command_starts_the_child_as_it_loads_the_project(
    tmp_path: Path, arguments: list[str], scans: bool
) -> None:
    script = """
import pipelines.definitions
from pipelines.ingest import ahead
print(ahead._ahead is not None)
"""
    assert _load_project(tmp_path, script, arguments)[-1] == str(scans)


@pytest.mark.parametrize(("arguments", "frozen"), [(["dev"], False), (["job", "execute"], True)])
def test_a_run_command_freezes_what_it_loaded_and_again_before_the_last_collection(
    tmp_path: Path, arguments: list[str], frozen: bool
) -> None:
    # Full collections walk every object alive: 0.1-0.2 s during a run, 0.25-0.45 s at exit,
    # with Dagster, polars and DuckDB loaded. A handler registered earlier runs later, so this
    # one sees the freeze at exit; the objects made after loading are frozen there too.
    script = """
import atexit, gc
atexit.register(lambda: print("exit", gc.get_freeze_count() > loaded, flush=True))
import pipelines.definitions
loaded = gc.get_freeze_count()
print("loaded", loaded > 100_000, flush=True)
made_after_loading = [[] for _ in range(1000)]
"""
    printed = _load_project(tmp_path, script, arguments)
    assert printed[-4:] == ["loaded", str(frozen), "exit", str(frozen)]


def _descriptors_of(inode: int) -> list[int]:
    held = []
    for name in os.listdir("/proc/self/fd"):
        try:
            if os.stat(f"/proc/self/fd/{name}").st_ino == inode:
                held.append(int(name))
        except OSError:
            continue  # the listing's own descriptor, closed by now
    return held


def test_publish_frees_the_replaced_file_on_a_thread_after_the_rename(
    tmp_path: Path, monkeypatch
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("one", encoding="utf-8")
    warehouse = tmp_path / "news.duckdb"
    assert run.ingest_folder(raw, warehouse).published
    replaced = warehouse.stat().st_ino
    (raw / "b.txt").write_text("two", encoding="utf-8")
    handed: list[tuple[int, int]] = []
    close_later = store._close_later

    def observed(fd: int) -> None:
        info = os.fstat(fd)
        handed.append((info.st_ino, info.st_nlink))
        close_later(fd)

    monkeypatch.setattr(store, "_close_later", observed)
    assert run.ingest_folder(raw, warehouse).published
    for thread in threading.enumerate():
        if thread.name == store.CLOSE_THREAD:
            thread.join()

    # the old file, held open past the rename that unlinked it, then closed by the thread
    assert handed == [(replaced, 0)]
    assert warehouse.stat().st_ino != replaced
    assert _descriptors_of(replaced) == []


def test_copy_file_copies_whole_files_and_falls_back_to_shutil_when_refused(
    tmp_path: Path, monkeypatch
) -> None:
    source = tmp_path / "source.bin"
    source.write_bytes(os.urandom(3 * 1024 * 1024 + 17))
    copied = tmp_path / "copy.bin"
    copied.write_bytes(b"an older, longer file " * 300_000)

    store.copy_file(source, copied)
    assert copied.read_bytes() == source.read_bytes()

    def refused(*args, **kwargs):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "copy_file_range", refused)
    fallback = tmp_path / "fallback.bin"
    store.copy_file(source, fallback)
    assert fallback.read_bytes() == source.read_bytes()

    def failed(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "copy_file_range", failed)
    with pytest.raises(OSError, match="Input/output"):
        store.copy_file(source, tmp_path / "failed.bin")
