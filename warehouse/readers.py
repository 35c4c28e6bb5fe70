"""What readers need to know of the published warehouse.

The pipeline never writes the published file in place: it builds a new file and renames it over
the old one (see warehouse/README.md). A reader's connection keeps a complete snapshot;
`snapshot_token` changes when a new warehouse is published, so a reader knows to reconnect.
Readers never take the write lock, so they can never block the pipeline.
"""

from __future__ import annotations

import os
from pathlib import Path


class WarehouseMissing(FileNotFoundError):
    """The warehouse file does not exist yet: run the pipeline first."""


def snapshot_token(path: Path) -> tuple[int, int] | None:
    """Changes whenever a new warehouse is published (inode and mtime of the file)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns)
