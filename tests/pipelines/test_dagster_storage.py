"""The event log dagster.yaml configures: Dagster's SQLite storage, one engine and one kept
connection per database file."""

from __future__ import annotations

import os
import queue
import shutil
import time
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa
from dagster._core.events.log import EventLogEntry

from pipelines import dagster_storage

PROJECT = Path(__file__).parents[2]


@dg.asset
def sample_numbers() -> list[int]:
    return [1, 2, 3]


@dg.asset_check(asset=sample_numbers)
def sample_numbers_sorted(sample_numbers: list[int]) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=sample_numbers == sorted(sample_numbers))


@pytest.fixture
def instance(tmp_path: Path, monkeypatch):
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copyfile(PROJECT / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with dg.DagsterInstance.get() as instance:
        yield instance


def test_the_projects_instance_stores_events_in_dagsters_folder_with_one_engine_per_file(
    instance: dg.DagsterInstance,
) -> None:
    storage = instance.event_log_storage
    assert isinstance(storage, dagster_storage.SqliteEventLogStorage)

    result = dg.materialize([sample_numbers, sample_numbers_sorted], instance=instance)

    assert result.success
    run_id = result.run_id
    home = Path(instance.root_directory)
    assert (home / "history" / "runs" / f"{run_id}.db").is_file()
    kinds = {event.dagster_event_type for event in instance.all_logs(run_id) if event.dagster_event}
    assert {
        dg.DagsterEventType.ASSET_MATERIALIZATION,
        dg.DagsterEventType.ASSET_CHECK_EVALUATION,
    } <= kinds
    # read back through the index database, as the UI does
    assert instance.get_latest_materialization_event(dg.AssetKey("sample_numbers")) is not None

    with storage.run_connection(run_id) as first:
        engine = first.engine
        # WAL, as Dagster makes it; commits not synced, checkpoints synced (see the module)
        assert first.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert first.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    with storage.run_connection(run_id) as second:
        assert second.engine is engine
    assert {run_id, "index"} <= set(storage._engines)


def _log_line(run_id: str, message: str) -> EventLogEntry:
    return EventLogEntry(
        error_info=None,
        level=20,
        user_message=message,
        run_id=run_id,
        timestamp=time.time(),
        step_key=None,
        job_name="followed",
        dagster_event=None,
    )


def test_a_run_followed_elsewhere_sees_each_event_as_it_is_stored(
    instance: dg.DagsterInstance,
) -> None:
    # The UI follows a live run by watching its database file for modifications; a kept
    # connection leaves the events in the WAL, so the file's modification time is set.
    writer = instance.event_log_storage
    follower = dagster_storage.SqliteEventLogStorage(base_dir=writer._base_dir)  # the UI's own
    run_id = "followed-run"
    writer.store_event(_log_line(run_id, "first"))
    received: queue.Queue[str] = queue.Queue()

    def follow(entry: EventLogEntry, _cursor: str) -> None:
        received.put(entry.user_message)

    follower.watch(run_id, None, follow)
    try:
        for n in range(3):
            with writer.run_connection(run_id) as conn:  # the kept connection, used again
                connection = conn.connection.driver_connection
            writer.store_event(_log_line(run_id, f"line {n}"))
            with writer.run_connection(run_id) as conn:
                assert conn.connection.driver_connection is connection
            seen = set()
            deadline = time.monotonic() + 10
            while f"line {n}" not in seen and time.monotonic() < deadline:
                try:
                    seen.add(received.get(timeout=0.1))
                except queue.Empty:
                    continue
            assert f"line {n}" in seen, f"the follower did not see line {n}"
    finally:
        follower.end_watch(run_id, follow)
        follower.dispose()


def test_engines_kept_are_bounded_and_a_wiped_run_database_is_made_again(
    instance: dg.DagsterInstance,
) -> None:
    storage = instance.event_log_storage
    shards = [f"run-{n}" for n in range(dagster_storage.MAX_ENGINES + 3)]
    for shard in shards:
        with storage.run_connection(shard):
            pass

    assert len(storage._engines) == dagster_storage.MAX_ENGINES
    assert shards[0] not in storage._engines and shards[-1] in storage._engines

    result = dg.materialize([sample_numbers], instance=instance)
    assert instance.all_logs(result.run_id)
    storage.wipe()  # deletes the run databases; the next connection creates them again
    assert storage.get_logs_for_run(result.run_id) == []


def test_without_dagster_home_or_base_dir_the_error_says_what_to_set(monkeypatch) -> None:
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    with pytest.raises(dg.DagsterInvariantViolationError, match="DAGSTER_HOME is not set"):
        dagster_storage.SqliteEventLogStorage()


def test_a_forked_process_opens_its_own_connections(instance: dg.DagsterInstance) -> None:
    storage = instance.event_log_storage
    with storage.index_connection() as conn:
        parents = conn.engine
    child = os.fork()
    if child == 0:  # the child reports by its exit code alone
        try:
            with storage.index_connection() as conn:
                own = conn.engine is not parents and conn.execute(sa.text("SELECT 1")).scalar()
            os._exit(0 if own == 1 else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    with storage.index_connection() as conn:
        assert conn.engine is parents  # the parent's are still its own
