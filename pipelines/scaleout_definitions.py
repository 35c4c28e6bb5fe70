"""The scale-out demonstration, a code location of its own:
`dagster dev -m pipelines.definitions -m pipelines.scaleout_definitions`.

Kept apart from `pipelines.definitions` because a partitioned asset there would break the
headless `dagster asset materialize -m pipelines.definitions --select '*'` (the command line
refuses a selection with partitioned assets unless it is given a partition).
"""

import dagster as dg

from pipelines.defs import scaleout
from pipelines.defs.resources import default_shard_store

defs = dg.Definitions(
    assets=[scaleout.parsed_page_shards, scaleout.sharded_warehouse],
    jobs=[scaleout.scaleout_job],
    resources={"shard_store": default_shard_store()},
    # One process per run: parallelism comes from running several runs (shard ranges) at once.
    executor=dg.in_process_executor,
)
