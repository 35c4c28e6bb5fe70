"""Scan the raw folder, and parse a few new pages, in a child process while Dagster plans the run.

Between loading the project and starting the scan step, `dagster asset materialize` spends
0.5-0.7 s of Python creating the run and recording its planned events. The run command's
process starts a child as it loads the project (pipelines/definitions.py), which meanwhile does
what the first two steps would, on the other core and under its own GIL: it scans the folder
against the published warehouse and, when fewer pages need parsing than make a worker pool
worth starting (pool.POOL_THRESHOLD), parses them into Parquet parts. The steps take that
work instead of doing it, and only while it holds:

- the scan step takes the scan (take_scan) under the writer lock, if the published warehouse is
  the same file (inode, modification time) as when the child began, and the child began at most
  MAX_AGE_S before; otherwise it scans itself;
- the parse step takes the parts (take_parts) only with that scan. If the child is still
  parsing, the step parses the batches it has not begun, from the last one back, so that both
  end about together.

When more pages need parsing than that, the child says so, and this process starts the parse's
forkserver at once (pool.start_forkserver): its imports then run on the other core while Dagster
plans, and the workers fork from it ready as the parse step begins. On a first build (or a
rebuild) every file is new, and the child says so as soon as its listing reaches that many
files, long before its scan ends.

Files that arrive after the child's listing wait for the next run, as they do when they arrive
during a step's listing. Whatever is not taken is discarded when the process exits; a run that
dies leaves its folder to the next run's discard_stale_builds.

This module is imported before polars, DuckDB and the parser are (the parent's side needs
none of them), so that the child starts as early as it can.
"""

from __future__ import annotations

import atexit
import dataclasses
import functools
import json
import os
import pickle
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.ingest import pool
from warehouse import paths
from warehouse.readers import snapshot_token

if TYPE_CHECKING:
    from pipelines.ingest.parallel import ParseSummary
    from pipelines.ingest.scan import ScanResult

# How old the child's scan may be when its run takes it, counted from the child's start: a
# listing begun that long ago is as good as one that took that long.
MAX_AGE_S = 10.0

SCAN_FILE = "scan.pickle"
SUMMARY_FILE = "parsed.json"
PARTS = "parts"
ERROR_FILE = "error.txt"
# How long the run waits for the child's last batches once it has parsed its own (a batch takes
# about 0.06 s); then it stops the child and parses every page itself.
PARSE_WAIT_S = 120.0
# Pages per batch of a parse the child shares with the run (1,000 pages: 5 batches of ~0.06 s).
SHARED_BATCH = 200


@dataclass(eq=False, slots=True)
class _Ahead:
    raw_dir: str  # absolute
    warehouse: str  # absolute
    folder: Path
    started: float  # time.monotonic()
    published: tuple[int, int] | None  # the warehouse's snapshot token as the child began
    child: subprocess.Popen
    # The child's reports: scanned -> whether it goes on to parse (None: it failed);
    # parsed -> True (None: it failed or was not asked to)
    scanned: Future[bool | None] = dataclasses.field(default_factory=Future)
    parsed: Future[bool | None] = dataclasses.field(default_factory=Future)
    # set when the scan is taken and the child parses: the parts go with that scan alone
    parsing_for: str | None = None


_ahead: _Ahead | None = None
# How the child failed, until pop_failure reports it: the steps then do its work themselves.
_failure: str | None = None


def start(raw_dir: Path, warehouse: Path) -> None:
    """Start the child for the run this process is about to execute (once per process)."""
    global _ahead
    if _ahead is not None:
        return
    folder = paths.ahead_dir(warehouse, os.getpid())
    # Before the child starts, so that a run that publishes while it reads the catalog cannot
    # go unnoticed: take_scan compares this token with the published file's.
    started, published = time.monotonic(), snapshot_token(warehouse)
    try:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        with (folder / ERROR_FILE).open("wb") as errors:
            child = subprocess.Popen(
                [sys.executable, "-m", __name__, os.fspath(raw_dir), os.fspath(warehouse), folder],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=errors,
            )
    except OSError:
        return  # the steps scan and parse themselves, and report what fails
    ahead = _Ahead(
        raw_dir=os.path.abspath(raw_dir),
        warehouse=os.path.abspath(warehouse),
        folder=folder,
        started=started,
        published=published,
        child=child,
    )
    threading.Thread(target=_follow, args=(ahead,), name="ahead", daemon=True).start()
    atexit.register(_discard, ahead)
    _ahead = ahead


def _follow(ahead: _Ahead) -> None:
    """Pass on the child's reports as it makes them (one line each)."""
    for line in ahead.child.stdout:
        word, *rest = line.split() or [b""]
        if b"pool" in (word, *rest):  # "pool" or "scanned pool": the parse will need one
            pool.start_forkserver(pool.POOL_THRESHOLD)
        if word == b"scanned" and not ahead.scanned.done():
            ahead.scanned.set_result(rest == [b"parsing"])
        elif word == b"parsed" and not ahead.parsed.done():
            ahead.parsed.set_result(True)
    ahead.child.wait()
    for report in (ahead.scanned, ahead.parsed):
        if not report.done():
            report.set_result(None)


def _discard(ahead: _Ahead) -> None:
    """Stop the child if it still works, and remove what it left."""
    global _ahead
    if ahead.child.poll() is None:
        ahead.child.kill()
        ahead.child.wait()
    shutil.rmtree(ahead.folder, ignore_errors=True)
    if _ahead is ahead:
        _ahead = None


def pop_failure() -> str | None:
    """How the child failed (its exit code and last line of error), once; None if it did not."""
    global _failure
    failure, _failure = _failure, None
    return failure


def _record_failure(ahead: _Ahead, reason: str | None = None) -> None:
    """Keep, for pop_failure, why the child's work is not taken: `reason`, or how it ended."""
    global _failure
    if reason is not None:
        _failure = reason
        return
    try:
        text = (ahead.folder / ERROR_FILE).read_text("utf-8", errors="replace").strip()
    except OSError:
        text = ""
    code = ahead.child.wait()
    _failure = f"exit code {code}" + (f": {text.splitlines()[-1]}" if text else "")


def take_scan(raw_dir: Path, warehouse: Path) -> ScanResult | None:
    """The child's scan of this folder against this warehouse, if it holds; else None.

    Call only while holding the writer lock, so that no run publishes after the check. The
    result has only the files a run acts on (ScanResult.needing_work) and says how long ago the
    child began (listed_ahead_s).
    """
    ahead = _ahead
    if ahead is None or ahead.parsing_for is not None:
        return None
    if (ahead.raw_dir, ahead.warehouse) != (os.path.abspath(raw_dir), os.path.abspath(warehouse)):
        _discard(ahead)  # made for a folder or warehouse this run does not use
        return None
    try:
        left = ahead.started + MAX_AGE_S - time.monotonic()
        parsing = ahead.scanned.result(timeout=max(0.0, left))
    except TimeoutError:
        parsing = None
    age = time.monotonic() - ahead.started
    if parsing is None and ahead.child.poll() is not None:
        _record_failure(ahead)
    # Failed, too old, or another run published since it began: it compared an older catalog.
    if parsing is None or age > MAX_AGE_S or snapshot_token(warehouse) != ahead.published:
        _discard(ahead)
        return None
    try:
        result: ScanResult = pickle.loads((ahead.folder / SCAN_FILE).read_bytes())
    except (OSError, EOFError, pickle.UnpicklingError) as error:  # its folder was tampered with
        _record_failure(ahead, f"its scan could not be read ({error})")
        _discard(ahead)
        return None
    if parsing:
        ahead.parsing_for = result.fingerprint
    else:
        _discard(ahead)
    return dataclasses.replace(result, listed_ahead_s=round(age, 3))


def take_parts(raw_dir: Path, result: ScanResult, parts_dir: Path) -> ParseSummary | None:
    """The pages of `result` (a scan take_scan gave), parsed into `parts_dir` by the child and
    by this process, and their summary; None when the child parses nothing for that scan, or
    failed.

    This process takes the batches the child has not begun, from the last one back (each is
    claimed by creating its claim file), so that both end about together.
    """
    ahead = _ahead
    if ahead is None or ahead.parsing_for is None or ahead.parsing_for != result.fingerprint:
        return None
    from pipelines.ingest.parallel import ParseSummary

    try:
        own = _parse_shared(raw_dir, result, ahead.folder, from_end=True)
        try:
            parsed = ahead.parsed.result(timeout=PARSE_WAIT_S)
        except TimeoutError:
            late = f"its batches were not done {PARSE_WAIT_S:.0f} s after this run's"
            _record_failure(ahead, late)
            return None
        if parsed is None:
            _record_failure(ahead)
            return None
        try:
            told = json.loads((ahead.folder / SUMMARY_FILE).read_text("utf-8"))
            summary = ParseSummary(**told)
        except (OSError, ValueError, TypeError) as error:  # its folder was tampered with
            _record_failure(ahead, f"its parse summary could not be read ({error})")
            return None
        summary.merge(own)
        summary.ahead = True
        parts_dir.parent.mkdir(parents=True, exist_ok=True)
        os.replace(ahead.folder / PARTS, parts_dir)
        return summary
    finally:
        _discard(ahead)


def _parse_shared(
    raw_dir: Path, result: ScanResult, folder: Path, *, from_end: bool = False
) -> ParseSummary:
    """Parse the batches of `result` this process claims first, into `folder`'s parts: the
    child from the first batch, the run from the last (both with the same batches)."""
    from pipelines.ingest.parallel import parse_to_parts

    return parse_to_parts(
        raw_dir,
        result.to_parse,
        folder / PARTS,
        result.manifest,
        workers=1,
        batch_size=SHARED_BATCH,
        claim=functools.partial(_claim, folder),
        from_end=from_end,
    )


def _claim(folder: Path, batch: int) -> bool:
    """Whether this process got `batch` of the shared parse (the other may have it already)."""
    try:
        os.close(os.open(folder / f"claim-{batch:06d}", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def _work(raw_dir: Path, warehouse: Path, folder: Path) -> None:
    """The child: scan, say so, and parse when few pages need it."""
    from pipelines.ingest import run
    from warehouse import faults

    def pool_sized() -> None:
        print("pool", flush=True)

    result = run.scan_unlocked(raw_dir, warehouse, on_many_new=(pool.POOL_THRESHOLD, pool_sized))
    parsing = 0 < result.to_parse.height < pool.POOL_THRESHOLD
    # read by the run only once told "scanned"
    (folder / SCAN_FILE).write_bytes(pickle.dumps(result.needing_work()))
    if parsing:
        print("scanned parsing", flush=True)
    else:  # "pool": the run's parse will start a worker pool
        print("scanned pool" if result.to_parse.height else "scanned", flush=True)
    if not parsing:
        return
    faults.pause_point("scanned")  # the crash and race tests stop the child here too
    summary = _parse_shared(raw_dir, result, folder)
    (folder / SUMMARY_FILE).write_text(json.dumps(dataclasses.asdict(summary)), "utf-8")
    print("parsed", flush=True)


if __name__ == "__main__":
    _work(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
    sys.stdout.flush()
    sys.stderr.flush()
    # Without the interpreter's teardown, which walks every object polars, DuckDB and the parser
    # made (0.2-0.4 s of CPU, as the run's build starts); its files are written and closed.
    os._exit(0)
