"""File names that are not valid UTF-8, written so that the warehouse (UTF-8 text) can hold them.

Linux allows any bytes in a file name; polars and DuckDB hold only UTF-8. Such a name is recorded
with its undecodable bytes as \\xNN, and turned back into bytes when the file is read.
"""

from __future__ import annotations

import os
import re


def display_path(relative: str) -> str:
    """A path as the warehouse records it: itself, or for a name that is not valid UTF-8 (the
    file system allows any bytes) the undecodable bytes written as \\xNN, so that one such name
    cannot stop a run. read_path turns it back."""
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(relative).decode("utf-8", "backslashreplace")
    return relative


_ESCAPED_BYTE = re.compile(rb"\\x([0-9a-f]{2})")


def read_path(recorded: str) -> str:
    """The name on disk of a path display_path recorded (\\xNN escapes back to bytes)."""
    if "\\x" not in recorded:
        return recorded
    raw = _ESCAPED_BYTE.sub(lambda match: bytes([int(match.group(1), 16)]), recorded.encode())
    return os.fsdecode(raw)
