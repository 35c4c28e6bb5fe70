"""The walk behind every listing of the raw folder: names, sizes and modification times."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable


def walk(
    raw_dir: str,
    *,
    changed_after_ns: int | None = None,
    on_change: Callable[[], None] | None = None,
    on_many: tuple[int, Callable[[], None]] | None = None,
) -> tuple[list[str], list[int], list[int]]:
    """Every non-folder entry under `raw_dir`, links to files included: relative paths (names
    as os.scandir gives them), sizes and modification times in ns, in walk order.

    `on_change` is called (once) on reaching the first folder whose status changed after
    `changed_after_ns`, as adding or removing a file changes it: the open folder's fstat, one
    per folder, tells it before its files are stat'ed. `on_many` (count, function): the function
    is called (once) as soon as a folder's entries bring the entries listed to `count`.

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
        if on_many is not None and len(paths) >= on_many[0]:
            on_many[1]()
            on_many = None
    return paths, sizes, mtimes
