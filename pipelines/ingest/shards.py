"""The scale-out: the raw folder split into shards parsed by separate runs, and a warehouse
built from all of them.

A file belongs to shard `int(page_id(path), 16) % SHARD_COUNT`: stable, even, and known from the
path alone, so any process (a pod, another machine) can build any shard without coordination.
A shard holds the Parquet parts the main path writes plus its slice of the folder listing
(`scan.parquet`) and `shard.json` (parser version, raw folder, file count).

Each build of a shard writes a new generation folder; `<store>/shard=NN` is a symbolic link to
the current one, replaced by one atomic rename. Readers see the old shard or the new one, never
half of one; a killed run leaves only an unlinked folder, which the next run of that shard removes.

Locks: a shard run holds only its shard's lock (`<store>/shard=NN.lock`), so runs of different
shards proceed at once. The sharded warehouse build holds its own file's lock and, while it
reads, every shard's, so no shard is swapped under it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from pipelines.ingest.extract import page_id
from pipelines.ingest.parallel import ParseSummary, parse_to_parts
from pipelines.ingest.run import (
    PARSER_VERSION,
    BuildOutcome,
    build_and_publish,
    run_dir,
    with_url_fields,
)
from pipelines.ingest.scan import ScanCounts, scan
from warehouse import store
from warehouse.load import LoadInput

SHARD_COUNT = 8
SHARD_KEYS = tuple(f"{number:02d}" for number in range(SHARD_COUNT))
GENERATIONS = ".generations"
SHARD_INFO = "shard.json"


def shard_of(path: str) -> int:
    """The shard of a file, from its path (relative to the raw folder) alone."""
    return int(page_id(path), 16) % SHARD_COUNT


def shard_link(shard_store: Path, key: str) -> Path:
    return shard_store / f"shard={key}"


def _discard_generations(shard_store: Path, key: str, keep: Path | None) -> None:
    """Remove generations of one shard other than `keep`, and links left by killed runs."""
    for folder in (shard_store / GENERATIONS).glob(f"shard={key}.*"):
        if keep is None or folder.resolve() != keep.resolve():
            shutil.rmtree(folder, ignore_errors=True)
    for link in shard_store.glob(f".shard={key}.*.link"):
        link.unlink(missing_ok=True)


def _current(link: Path) -> Path | None:
    return link.resolve() if link.is_symlink() else None


def _swap_link(link: Path, folder: Path, run_id: str) -> None:
    """Point the shard's link at `folder` in one rename; the old generation stays until removed."""
    for path in folder.iterdir():
        store.fsync(path)
    store.fsync(folder)
    temporary = link.with_name(f".{link.name}.{run_id}.link")
    temporary.unlink(missing_ok=True)
    os.symlink(os.path.relpath(folder, link.parent), temporary)
    os.replace(temporary, link)
    store.fsync(link.parent)


def build_shard(
    raw_dir: Path, shard_store: Path, key: str, run_id: str, *, lock_timeout_s: float
) -> ParseSummary:
    """List the raw folder, parse the files of shard `key` in this process, publish the shard."""
    if key not in SHARD_KEYS:
        raise ValueError(f"Unknown shard {key!r}: shards are {SHARD_KEYS[0]}..{SHARD_KEYS[-1]}.")
    number = int(key)
    link = shard_link(shard_store, key)
    (shard_store / GENERATIONS).mkdir(parents=True, exist_ok=True)
    with store.writer_lock(link, run_id=run_id, timeout_s=lock_timeout_s):
        _discard_generations(shard_store, key, keep=_current(link))
        # every file is new to a shard: a shard is always parsed in full, from an empty catalog
        listing = scan(raw_dir, store.empty_catalog(), PARSER_VERSION)
        owned = [shard_of(path) == number for path in listing.files.get_column("path")]
        files = listing.files.filter(pl.Series(owned, dtype=pl.Boolean))
        folder = shard_store / GENERATIONS / f"shard={key}.{run_id}"
        summary = parse_to_parts(raw_dir, files, folder, listing.manifest, workers=1)
        with_url_fields(files).write_parquet(folder / "scan.parquet")
        info = {
            "shard": key,
            "shards": SHARD_COUNT,
            "files": files.height,
            "parser_version": PARSER_VERSION,
            "raw_dir": str(raw_dir),
            "run_id": run_id,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        (folder / SHARD_INFO).write_text(json.dumps(info, indent=2), encoding="utf-8")
        _swap_link(link, folder, run_id)
        _discard_generations(shard_store, key, keep=folder)
    return summary


def _check_shards(shard_store: Path, raw_dir: Path) -> None:
    """Every shard built, from this raw folder, by this parser; nothing else in the store."""
    problems = []
    for key in SHARD_KEYS:
        info_file = shard_link(shard_store, key) / SHARD_INFO
        if not info_file.is_file():
            problems.append(f"shard {key} has not been built")
            continue
        info = json.loads(info_file.read_text(encoding="utf-8"))
        if info["parser_version"] != PARSER_VERSION:
            problems.append(f"shard {key} was parsed by parser version {info['parser_version']}")
        if info["raw_dir"] != str(raw_dir):
            problems.append(f"shard {key} was built from {info['raw_dir']}")
    strays = {path.name for path in shard_store.glob("shard=*") if path.is_dir()} - {
        shard_link(shard_store, key).name for key in SHARD_KEYS
    }
    problems += [f"{name} is not one of the {SHARD_COUNT} shards" for name in sorted(strays)]
    if problems:
        raise RuntimeError(
            f"The shard store {shard_store} cannot make a warehouse of {raw_dir} with parser "
            f"{PARSER_VERSION}: {'; '.join(problems)}. Materialize parsed_page_shards for those "
            "shards (remove folders that are not shards), then build sharded_warehouse again."
        )


def build_sharded_warehouse(
    raw_dir: Path, shard_store: Path, target: Path, run_id: str, *, lock_timeout_s: float
) -> BuildOutcome:
    """Build `target` from every shard, from scratch, with the main path's load, checks, publish."""
    with contextlib.ExitStack() as locks:
        locks.enter_context(store.writer_lock(target, run_id=run_id, timeout_s=lock_timeout_s))
        for key in SHARD_KEYS:
            link = shard_link(shard_store, key)
            locks.enter_context(store.writer_lock(link, run_id=run_id, timeout_s=lock_timeout_s))
        store.discard_stale_builds(target, keep_run=run_id)
        _check_shards(shard_store, raw_dir)
        shards = shard_store / "shard=*"
        files = pl.read_parquet(str(shards / "scan.parquet"), hive_partitioning=False)
        removed = run_dir(target, run_id) / "removed.parquet"
        removed.parent.mkdir(parents=True, exist_ok=True)
        files.select("path").clear().write_parquet(removed)
        run = LoadInput(shards, shards / "scan.parquet", removed, PARSER_VERSION)
        counts = ScanCounts(files=files.height, new=files.height)
        outcome = build_and_publish(raw_dir, target, run_id, run, counts, copy_published=False)
        store.discard_stale_builds(target, keep_run="")
        return outcome
