"""The parse's worker pool: workers start from the forkserver alone, and it starts early.

Each case runs in a process of its own: a forkserver, once started, serves the process that
started it until it exits, so a test in pytest's process could find one another test began.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def _run(script: Path, *args: object) -> str:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    done = subprocess.run(
        [sys.executable, script, *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_workers_do_not_run_the_parents_main_script(tmp_path: Path) -> None:
    # A main script that leaves a mark whenever it runs as anything but the main program: what
    # multiprocessing does in each new worker, unless the main module is hidden from them.
    marks = tmp_path / "marks"
    marks.mkdir()
    script = tmp_path / "main_script.py"
    script.write_text(
        textwrap.dedent(
            """
            import os
            import sys
            from pathlib import Path

            if __name__ != "__main__":
                Path(sys.argv[1], str(os.getpid())).touch()
            else:
                import polars as pl

                from pipelines.ingest import parallel
                from pipelines.ingest.run import PARSER_VERSION
                from pipelines.ingest.scan import scan
                from pipelines.sample import generate_sample
                from warehouse.store import CATALOG_SCHEMA

                raw = Path(sys.argv[2])
                generate_sample(raw, pages=60, seed=5)
                result = scan(raw, pl.DataFrame(schema=CATALOG_SCHEMA), PARSER_VERSION)
                parallel.POOL_THRESHOLD = 0
                summary = parallel.parse_to_parts(
                    raw, result.to_parse, Path(sys.argv[3]), result.manifest,
                    workers=2, batch_size=20,
                )
                main = sys.modules["__main__"]
                print(summary.files, result.to_parse.height, main.__file__ == __file__)
            """
        )
    )

    out = _run(script, marks, tmp_path / "raw", tmp_path / "parts")

    parsed, listed, restored = out.split()
    assert int(parsed) == int(listed) > 40
    assert restored == "True"
    assert not list(marks.iterdir())  # no worker ran the script


def _forkservers_started_by(pid: int) -> list[int]:
    """This process's children that are multiprocessing forkservers (from /proc).

    Found by each process's parent id, not by the threads' `children` lists: a forkserver
    started by the ahead thread moves to another thread's list when that thread ends, and a
    read of the lists meanwhile can miss it.
    """
    servers = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                # after "pid (comm)": state, then the parent's id
                parent = int(handle.read().rsplit(b")", 1)[1].split()[1])
            if parent != pid:
                continue
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                if b"multiprocessing.forkserver import main" in handle.read():
                    servers.append(int(entry))
        except (FileNotFoundError, ProcessLookupError):  # it ended while we looked
            continue
    return servers


@pytest.mark.parametrize(
    ("published", "pages", "report"),
    [
        (0, 2000, "pool"),  # a first build: told as the listing reaches 2,000 files
        (40, 2000, "scanned pool"),  # 2,000 new beside 40 published: told with the scan
        (0, 40, None),  # few enough for the child to parse them itself
    ],
)
def test_the_forkserver_starts_when_the_child_finds_work_for_a_pool(
    tmp_path: Path, published: int, pages: int, report: str | None
) -> None:
    script = tmp_path / "run_command.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import os
            import sys
            from pathlib import Path

            from pipelines.ingest import ahead, run
            from pipelines.sample import append_pages, generate_sample
            from tests.ingest.test_pool import _forkservers_started_by

            raw, warehouse = Path(sys.argv[1]), Path(sys.argv[2])
            if {published}:
                generate_sample(raw, pages={published}, seed=5)
                assert run.ingest_folder(raw, warehouse).published
                append_pages(raw, pages={pages}, seed=5)
            else:
                generate_sample(raw, pages={pages}, seed=5)
            # what the child says, as _follow reads it
            said, at_scan = [], []
            follow = ahead._follow

            def _follow(state):
                lines = state.child.stdout

                def told():
                    for line in lines:
                        if line.startswith(b"scanned"):  # forkservers before it is read
                            at_scan.append(len(_forkservers_started_by(os.getpid())))
                        said.append(line.decode().strip())
                        yield line

                state.child.stdout = told()
                follow(state)

            ahead._follow = _follow
            before = _forkservers_started_by(os.getpid())
            ahead.start(raw, warehouse)
            ahead._ahead.scanned.result(timeout=120)
            after = _forkservers_started_by(os.getpid())
            print("|".join(said), len(before), at_scan[0], len(after))
            """
        )
    )

    out = _run(script, tmp_path / "raw", tmp_path / "wh" / "news.duckdb")

    said, before, at_scan, after = out.rsplit(maxsplit=3)
    assert (int(before), int(after)) == (0, 0 if report is None else 1)
    # on a first build, the forkserver runs before the scan is done
    assert int(at_scan) == (1 if report == "pool" else 0)
    # up to the scan's line: a child that parses its pages itself goes on to say "parsed",
    # which the reader thread may or may not have read when the scan's result is out
    lines = said.split("|")
    told = lines[: next(i for i, line in enumerate(lines) if line.startswith("scanned")) + 1]
    if report == "pool":
        assert told == ["pool", "scanned pool"]
    elif report == "scanned pool":
        assert told == ["scanned pool"]
    else:
        assert told == ["scanned parsing"]


def test_the_forkserver_is_gone_once_the_parse_is_done(tmp_path: Path) -> None:
    # It holds the parser, pyarrow and pandas through the warehouse step otherwise, where a
    # build's memory peaks; the next parse that needs a pool starts another.
    script = tmp_path / "build_twice.py"
    script.write_text(
        textwrap.dedent(
            """
            import os
            import sys
            from pathlib import Path

            import duckdb

            from pipelines.ingest import parallel, pool, run
            from pipelines.sample import append_pages, generate_sample
            from tests.ingest.test_pool import _forkservers_started_by

            raw, warehouse = Path(sys.argv[1]), Path(sys.argv[2])
            parallel.POOL_THRESHOLD = 50  # the pool path, on a small folder
            running, seen = [], []
            stop = pool.stop_forkserver

            def stop_seeing_servers():  # as the parse is done
                running.append(len(_forkservers_started_by(os.getpid())))
                stop()

            pool.stop_forkserver = stop_seeing_servers
            load = run.load

            def load_seeing_servers(con, parsed):  # in the warehouse step
                seen.append(len(_forkservers_started_by(os.getpid())))
                load(con, parsed)

            run.load = load_seeing_servers
            generate_sample(raw, pages=120, seed=5)
            first = run.ingest_folder(raw, warehouse, workers=2)
            append_pages(raw, pages=120, seed=6)
            second = run.ingest_folder(raw, warehouse, workers=2)
            with duckdb.connect(str(warehouse), read_only=True) as con:
                pages = con.sql("SELECT count(*) FROM pages").fetchone()[0]
            print(first.published, second.published, *running, *seen, pages)
            """
        )
    )

    out = _run(script, tmp_path / "raw", tmp_path / "wh" / "news.duckdb")

    first, second, *servers, pages = out.split()
    assert (first, second) == ("True", "True")
    # one forkserver as each parse ended (each ran a pool), none in either warehouse step
    assert servers == ["1", "1", "0", "0"]
    assert int(pages) > 240


def test_stopping_a_forkserver_someone_else_reaped_does_not_fail(tmp_path: Path) -> None:
    script = tmp_path / "reaped.py"
    script.write_text(
        textwrap.dedent(
            """
            import os
            import signal
            from multiprocessing import forkserver

            from pipelines.ingest import pool

            pool.start_forkserver(pool.POOL_THRESHOLD, workers=2)
            pid = forkserver._forkserver._forkserver_pid
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)  # what a SIGCHLD handler reaping every child would do
            pool.stop_forkserver()
            print("stopped", pid > 0)
            """
        )
    )

    assert _run(script).split() == ["stopped", "True"]
