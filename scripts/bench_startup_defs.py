"""A one-asset Dagster project that does nothing: what `dagster asset materialize` costs by itself.

scripts/benchmark.py times it to report the pipeline's figures "beyond start-up".
"""

import dagster as dg


@dg.asset
def nothing() -> None:
    """Materializes instantly."""


defs = dg.Definitions(assets=[nothing], executor=dg.in_process_executor)
