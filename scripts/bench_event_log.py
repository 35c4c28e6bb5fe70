"""Time how long the project's Dagster event log takes to store an event (run by hand).

    python scripts/bench_event_log.py [--rounds 3] [--events 40]

Stores log lines and asset materializations for a throwaway run, in a temporary DAGSTER_HOME,
through the storage dagster.yaml names (pipelines/dagster_storage.py) and through Dagster's own
SqliteEventLogStorage, alternately, and prints the wall and CPU time per event of each.
docs/scaling.md ("An eighth round") gives the figures measured here.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

import dagster as dg  # noqa: E402
from dagster._core.events import (  # noqa: E402
    DagsterEvent,
    DagsterEventType,
    StepMaterializationData,
)
from dagster._core.events.log import EventLogEntry  # noqa: E402
from dagster._core.storage.event_log import SqliteEventLogStorage as DagstersStorage  # noqa: E402

from pipelines.dagster_storage import SqliteEventLogStorage as ProjectStorage  # noqa: E402


def _entry(run_id: str, number: int, *, materialization: bool) -> EventLogEntry:
    event = None
    if materialization:
        asset = dg.AssetMaterialization(
            asset_key=dg.AssetKey(["bench", f"table_{number % 6}"]), metadata={"rows": number}
        )
        event = DagsterEvent(
            DagsterEventType.ASSET_MATERIALIZATION.value,
            "bench_job",
            step_key="bench_step",
            event_specific_data=StepMaterializationData(asset),
        )
    return EventLogEntry(
        error_info=None,
        level=20,
        user_message="" if materialization else f"line {number}",
        run_id=run_id,
        timestamp=time.time(),
        step_key="bench_step",
        job_name="bench_job",
        dagster_event=event,
    )


def _per_event_ms(
    storage, run_id: str, events: int, *, materialization: bool
) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for number in range(events):
        storage.store_event(_entry(run_id, number, materialization=materialization))
    return (
        (time.perf_counter() - wall) / events * 1000,
        (time.process_time() - cpu) / events * 1000,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--events", type=int, default=40, help="of each kind, per round")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-event-log-") as home:
        os.environ["DAGSTER_HOME"] = home
        storages = {
            "project": ProjectStorage(base_dir=os.path.join(home, "project")),
            "dagster": DagstersStorage(base_dir=os.path.join(home, "dagster")),
        }
        for round_number in range(args.rounds):
            for name, storage in storages.items():
                run_id = f"bench-{round_number}"
                storage.store_event(_entry(run_id, 0, materialization=False))  # creates its file
                line = _per_event_ms(storage, run_id, args.events, materialization=False)
                mat = _per_event_ms(storage, run_id, args.events, materialization=True)
                print(
                    f"round {round_number + 1} {name:8} log line {line[0]:.2f} ms "
                    f"(CPU {line[1]:.2f}), materialization {mat[0]:.2f} ms (CPU {mat[1]:.2f})"
                )
        for storage in storages.values():
            storage.dispose()


if __name__ == "__main__":
    main()
