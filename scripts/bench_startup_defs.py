"""A one-asset Dagster project that does nothing: what `dagster asset materialize` costs by itself.

scripts/benchmark.py times it to report the pipeline's figures "beyond start-up". With
NEWS_BENCH_FROZEN=1 it also does what pipelines/definitions.py does for a run command: freeze
the objects it loaded and, at exit, those made since, so that the interpreter's last collection
does not walk them (about 0.5 s of this command's wall time here). The benchmark reports the
pipeline's runs beyond both start-ups.
"""

import atexit
import gc
import os

import dagster as dg

FROZEN = os.environ.get("NEWS_BENCH_FROZEN") == "1"
if FROZEN:
    atexit.register(gc.freeze)


@dg.asset
def nothing() -> None:
    """Materializes instantly."""


defs = dg.Definitions(assets=[nothing], executor=dg.in_process_executor)

if FROZEN:
    gc.freeze()
