"""One writer at a time; readers of every kind keep answering while a run publishes."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from pipelines.ingest import ingest_folder
from pipelines.sample import append_pages, generate_sample
from tests.conftest import materialize, query
from tests.pipelines.test_materialize import HELD_READER
from tests.reliability.helpers import cli_env, fingerprint, start_cli
from warehouse import store


def test_a_second_run_fails_clearly_while_the_lock_is_held(tmp_path: Path):
    raw = tmp_path / "raw"
    generate_sample(raw, pages=20, seed=3)
    warehouse = tmp_path / "news.duckdb"
    with store.writer_lock(warehouse, run_id="someone-else", timeout_s=0):
        result = materialize(raw, warehouse, lock_timeout_s=1)
    assert not result.success
    [failure] = [e for e in result.all_events if e.event_type_value == "RESOURCE_INIT_FAILURE"]
    error = str(failure.event_specific_data.error)
    assert "WarehouseBusy" in error
    assert "Another pipeline run is writing" in error and "someone-else" in error
    assert not warehouse.exists()


def test_two_concurrent_runs_end_like_one(tmp_path: Path):
    raw = tmp_path / "raw"
    generate_sample(raw, pages=400, seed=4)
    warehouse = tmp_path / "wh" / "news.duckdb"
    env = cli_env(raw, warehouse, tmp_path / "home")
    # create Dagster's instance storage once, as a long-lived DAGSTER_HOME already has it
    dagster = str(Path(sys.executable).with_name("dagster"))
    subprocess.run([dagster, "instance", "migrate"], env=env, check=True, capture_output=True)
    first = start_cli(env, tmp_path / "first.log")
    second = start_cli(env, tmp_path / "second.log")
    assert first.wait(timeout=300) == 0, (tmp_path / "first.log").read_text()[-2000:]
    assert second.wait(timeout=300) == 0, (tmp_path / "second.log").read_text()[-2000:]
    reference = tmp_path / "reference.duckdb"
    ingest_folder(raw, reference)
    assert fingerprint(warehouse) == fingerprint(reference)


def test_readers_keep_answering_during_a_run_and_see_new_data_after(tmp_path: Path):
    raw = tmp_path / "raw"
    generate_sample(raw, pages=300, seed=5)
    warehouse = tmp_path / "wh" / "news.duckdb"
    assert ingest_folder(raw, warehouse).published
    [(before,)] = query(warehouse, "SELECT count(*) FROM pages")
    append_pages(raw, pages=300, seed=5)

    # the DuckDB CLI from PyPI, read-only, kept open for the whole run
    cli = subprocess.Popen(
        [str(Path(sys.executable).with_name("duckdb")), "-readonly", str(warehouse)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    cli.stdin.write("SELECT 'cli-before', count(*) FROM pages;\n")
    cli.stdin.flush()
    held = subprocess.Popen(  # a notebook-like reader in another process, connection kept open
        [sys.executable, "-c", HELD_READER, str(warehouse)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert held.stdout.readline().strip() == str(before)
    answers: list[int] = []
    stop = threading.Event()

    def poll() -> None:  # a reader that reconnects all the time, like the dashboard
        while not stop.is_set():
            answers.append(query(warehouse, "SELECT count(*) FROM pages")[0][0])
            time.sleep(0.02)

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        run = start_cli(cli_env(raw, warehouse, tmp_path / "home"), tmp_path / "run.log")
        assert run.wait(timeout=300) == 0, (tmp_path / "run.log").read_text()[-2000:]
    finally:
        stop.set()
        poller.join()
    held_output, _ = held.communicate("\n", timeout=30)
    assert held_output.strip() == str(before)  # its snapshot held
    cli.stdin.write("SELECT 'cli-after', count(*) FROM pages;\n.quit\n")
    output, _ = cli.communicate(timeout=30)

    [(after,)] = query(warehouse, "SELECT count(*) FROM pages")
    assert after == before + 300
    assert set(answers) <= {before, after} and answers[0] == before and answers[-1] == after
    assert "cli-before" in output and str(before) in output
    assert "Error" not in output
