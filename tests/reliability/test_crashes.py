"""SIGKILL the headless run at each stage: the published warehouse is always whole, and the next
run ends in the same state as a run that was never interrupted."""

from __future__ import annotations

import os
import resource
import signal
import signal as signals
from pathlib import Path

import pytest

from pipelines.ingest import ingest_folder
from pipelines.sample import append_pages, generate_sample
from tests.conftest import query
from tests.reliability.helpers import cli_env, fingerprint, run_cli, start_cli, wait_for


@pytest.fixture
def grown_folder(tmp_path: Path) -> tuple[Path, Path, dict[str, str], dict[str, str]]:
    """A published warehouse of 300 pages, then 450 more pages in the folder; with the
    fingerprints of the old state and of an uninterrupted build of the grown folder."""
    raw = tmp_path / "raw"
    generate_sample(raw, pages=300, seed=7)
    warehouse = tmp_path / "wh" / "news.duckdb"
    assert ingest_folder(raw, warehouse).published
    old = fingerprint(warehouse)
    append_pages(raw, pages=450, seed=7)
    reference = tmp_path / "reference" / "news.duckdb"
    assert ingest_folder(raw, reference).published
    new = fingerprint(reference)
    assert new != old
    return raw, warehouse, old, new


@pytest.mark.parametrize(
    ("point", "expected"),
    [("parse", "old"), ("load", "old"), ("publish", "old"), ("published", "new")],
)
def test_sigkill_leaves_old_or_new_state_and_the_next_run_completes(
    grown_folder, tmp_path: Path, point: str, expected: str
):
    raw, warehouse, old, new = grown_folder
    marker = tmp_path / "paused"
    env = cli_env(
        raw, warehouse, tmp_path / "home", NEWS_PAUSE_AT=point, NEWS_PAUSE_FILE=str(marker)
    )
    log = tmp_path / "killed.log"
    process = start_cli(env, log)
    wait_for(marker, process, log)

    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)

    assert fingerprint(warehouse) == (old if expected == "old" else new)

    env.pop("NEWS_PAUSE_AT")
    rerun_log = tmp_path / "rerun.log"
    assert run_cli(env, rerun_log) == 0, rerun_log.read_text()[-3000:]
    assert fingerprint(warehouse) == new


def _limit_file_size(limit: int):
    def apply() -> None:
        signals.signal(signals.SIGXFSZ, signals.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_no_room_to_write_fails_clearly_and_keeps_the_old_warehouse(grown_folder, tmp_path: Path):
    raw, warehouse, old, _ = grown_folder
    env = cli_env(raw, warehouse, tmp_path / "home")
    log = tmp_path / "full.log"
    # No file the run writes may grow past half the warehouse: Dagster's own storage and the
    # parsed parts fit, the staging copy of the warehouse fails as it would on a full disk.
    limit = warehouse.stat().st_size // 2
    assert limit > 1_000_000
    code = run_cli(env, log, preexec_fn=_limit_file_size(limit))
    output = log.read_text()
    assert code != 0
    assert "File too large" in output
    assert "The published warehouse was not changed" in output
    assert fingerprint(warehouse) == old


def test_unwritable_warehouse_path_fails_clearly(grown_folder, tmp_path: Path):
    raw, _, _, _ = grown_folder
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where a folder should be")
    env = cli_env(raw, blocker / "news.duckdb", tmp_path / "home")
    log = tmp_path / "unwritable.log"
    assert run_cli(env, log) != 0
    assert "not_a_folder" in log.read_text()
    assert blocker.read_text() == "a file where a folder should be"


def test_file_deleted_between_listing_and_reading_is_accounted_for(grown_folder, tmp_path: Path):
    raw, warehouse, _, _ = grown_folder
    victim = sorted(p for p in raw.rglob("*.txt") if "seed" not in p.name)[-1]
    marker, resume = tmp_path / "paused", tmp_path / "resume"
    env = cli_env(
        raw,
        warehouse,
        tmp_path / "home",
        NEWS_PAUSE_AT="scanned",
        NEWS_PAUSE_FILE=str(marker),
        NEWS_PAUSE_RESUME=str(resume),
    )
    log = tmp_path / "race.log"
    process = start_cli(env, log)
    wait_for(marker, process, log)
    victim.unlink()
    resume.touch()
    assert process.wait(timeout=300) == 0, log.read_text()[-3000:]

    relative = victim.relative_to(raw).as_posix()
    [(status, problems)] = query(
        warehouse, "SELECT status, problems FROM pages WHERE path = $1", [relative]
    )
    assert status == "quarantined"
    assert "disappeared" in " ".join(problems)
