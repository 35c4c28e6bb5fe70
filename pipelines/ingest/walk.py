"""The walk behind every listing of the raw folder: names, sizes and modification times.

Standard library only, so that it also runs as a script in a lean child process
(`python -I -S walk.py RAW_DIR CHANGED_AFTER_NS`): a scan made ahead of its run lists the folder
there, on the other core, instead of taking turns for the GIL with Dagster planning the run
(see pipelines/ingest/run.py, scan_ahead). The child writes its listing to stdout:

    b"C"                                   as soon as it opens a folder changed since
                                           CHANGED_AFTER_NS (at most once; -1: never)
    b"D" + count, bytes of names (2 x 8)   then the names as file-system bytes, each ended by
                                           NUL, then the sizes and the modification times
                                           (count x 8 each, native int64)
"""

from __future__ import annotations

import array
import os
import stat
import struct
import sys
from collections.abc import Callable

CHANGED = b"C"
DONE = b"D"
HEADER = struct.Struct("=qq")


def walk(
    raw_dir: str,
    *,
    changed_after_ns: int | None = None,
    on_change: Callable[[], None] | None = None,
) -> tuple[list[str], list[int], list[int]]:
    """Every non-folder entry under `raw_dir`, links to files included: relative paths (names
    as os.scandir gives them), sizes and modification times in ns, in walk order.

    `on_change` is called (once) on reaching the first folder whose status changed after
    `changed_after_ns`, as adding or removing a file changes it: the open folder's fstat, one
    per folder, tells it before its files are stat'ed.

    Links to folders are not followed, so a link loop cannot trap the walk. Each folder is opened
    once and its entries stat'ed by name relative to it, which spares the kernel a walk of the
    whole path per file (0.48 -> 0.37 s at 100k files).
    """
    paths: list[str] = []
    sizes: list[int] = []
    mtimes: list[int] = []
    pending = [(raw_dir, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            folder_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            continue  # a folder that vanished or cannot be listed has no files to report
        try:
            if on_change is not None and os.fstat(folder_fd).st_ctime_ns > changed_after_ns:
                on_change()
                on_change = None
            with os.scandir(folder_fd) as listing:
                entries = list(listing)
            for entry in entries:
                name = entry.name
                try:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append((f"{folder}/{name}", f"{prefix}{name}/"))
                        continue
                    try:
                        info = os.stat(name, dir_fd=folder_fd)  # a link to a file: that file
                    except FileNotFoundError:  # a dangling link: its own metadata
                        info = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
                except OSError:
                    continue  # deleted between listing and stat: it is simply not there any more
                if stat.S_ISDIR(info.st_mode):
                    continue  # a link to a folder is not followed
                paths.append(prefix + name)
                sizes.append(info.st_size)
                mtimes.append(info.st_mtime_ns)
        except OSError:
            continue  # the folder went away while it was read
        finally:
            os.close(folder_fd)
    return paths, sizes, mtimes


def main(argv: list[str]) -> None:
    raw_dir, changed_after = argv[1], int(argv[2])
    out = sys.stdout.buffer

    def changed() -> None:
        out.write(CHANGED)
        out.flush()

    paths, sizes, mtimes = walk(
        raw_dir,
        changed_after_ns=changed_after,
        on_change=None if changed_after < 0 else changed,
    )
    names = b"".join(os.fsencode(path) + b"\0" for path in paths)
    out.write(DONE + HEADER.pack(len(paths), len(names)))
    out.write(names)
    out.write(array.array("q", sizes).tobytes())
    out.write(array.array("q", mtimes).tobytes())
    out.flush()


if __name__ == "__main__":
    main(sys.argv)
