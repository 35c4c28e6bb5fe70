"""The scale-out's shards: one partition per shard of the raw folder."""

import dagster as dg

from pipelines.ingest.shards import SHARD_KEYS

shard_partitions = dg.StaticPartitionsDefinition(list(SHARD_KEYS))
