"""Imported once by the parse's forkserver (pool.PRELOAD), before it forks any worker.

Everything imported or built here is shared by the workers, copy-on-write, instead of being
done again in each worker's first batch: the parser, polars, and pyarrow, whose first
conversion of Python lists imports pandas (0.3 s; extract._column uses it for list columns).
"""

import pyarrow as pa

from pipelines.ingest import extract  # noqa: F401 - imported for the workers

pa.array([[""]], type=pa.large_list(pa.large_string()))
