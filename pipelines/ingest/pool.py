"""The parse's forkserver: one clean process that imports the parser once, and forks workers.

This module imports nothing but the standard library, so that the run command's process can
start the forkserver as soon as it knows a pool will be needed (ahead.py's child says so while
Dagster still plans the run), without the imports of polars and the parser on its own side.
multiprocessing itself is imported only when a forkserver is wanted: ahead.py imports this
module before it starts its child, and those imports (9 ms) would delay every run's child.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.context import ForkServerContext

# Below this many files a worker pool costs more than it saves: starting the forkserver and its
# workers takes about 1 s, in which one process parses some 2,000 pages.
POOL_THRESHOLD = 2000
# What the forkserver imports before it forks a worker (see worker_preload.py).
PRELOAD = ["pipelines.ingest.worker_preload"]


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def forkserver_context() -> ForkServerContext:
    # forkserver: workers fork from a clean process that has the parser imported once, never
    # from the orchestrator with its threads and open handles.
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def start_forkserver(files: int, workers: int | None = None) -> None:
    """Start the forkserver (and its imports) now, if parsing `files` will need a pool.

    Its imports (about 0.6 s of CPU) then run on the other core while this process goes on,
    instead of delaying the first batch. Safe from any thread, and a no-op once it runs.
    """
    if files >= POOL_THRESHOLD and (workers or default_workers()) > 1:
        from multiprocessing import forkserver

        forkserver_context()
        forkserver.ensure_running()


def stop_forkserver() -> None:
    """Stop the forkserver, if one runs, once the parse is done.

    It holds the parser, pyarrow and pandas (about 135 MB resident), and multiprocessing keeps it
    until the process exits: through the warehouse step, where a build's memory peaks. A later
    pool starts a new one. ForkServer has no public stop; its `_stop` (CPython 3.8 and later,
    used by CPython's own tests) closes the pipe that keeps it alive and waits for it.
    """
    forkserver = sys.modules.get("multiprocessing.forkserver")
    if forkserver is None:  # never imported: none was started
        return
    stop = getattr(forkserver._forkserver, "_stop", None)
    if stop is None:
        return
    # e.g. already reaped by someone else: stopping only frees memory, and never fails a run
    with suppress(OSError):
        stop()


@contextmanager
def main_module_hidden() -> Iterator[None]:
    """Hide the parent's `__main__` from the workers started meanwhile.

    multiprocessing runs the parent's main script (or module) again in every worker it starts,
    as `__mp_main__`, so that functions defined there can be unpickled. The workers run
    extract_batch only, and need none of it; under `dagster asset materialize` that script is
    Dagster's command-line entry point, whose imports took each worker about 0.9 s of CPU before
    its first batch. Without the main module's file and spec, a worker runs only what the
    forkserver preloaded. Restored on exit.
    """
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    saved = {name: main.__dict__[name] for name in ("__file__", "__spec__") if name in vars(main)}
    main.__dict__.pop("__file__", None)
    main.__spec__ = None
    try:
        yield
    finally:
        main.__dict__.pop("__spec__", None)
        main.__dict__.update(saved)
