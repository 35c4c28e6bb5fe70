"""List the raw folder and decide, from file metadata alone, what a run has to do.

A file is re-read only when it is new, or its size, modification time or the parser version
changed; manifest updates (URL, fetch time) are applied without re-reading the file. Sub-folders
are walked; links to folders are not followed (a link loop cannot trap the walk).
"""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from pipelines.ingest.manifest import Manifest, read_manifest

SCAN_SCHEMA = {
    "path": pl.String,
    "bytes": pl.Int64,
    "mtime_ns": pl.Int64,
    "url": pl.String,
    "fetched_at": pl.Datetime("us"),
    "fetched_at_source": pl.String,
    "is_synthetic": pl.Boolean,
}


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What is in the raw folder now, compared with what the warehouse already holds."""

    files: pl.DataFrame  # SCAN_SCHEMA + change: new, changed, unchanged, metadata
    removed: pl.DataFrame  # paths the warehouse has as present that are gone now
    manifest: Manifest

    @property
    def to_parse(self) -> pl.DataFrame:
        return self.files.filter(pl.col("change").is_in(["new", "changed"]))

    def count(self, change: str) -> int:
        return self.files.filter(pl.col("change") == change).height

    @property
    def has_work(self) -> bool:
        return (
            self.removed.height > 0 or self.files.filter(pl.col("change") != "unchanged").height > 0
        )


def walk_files(raw_dir: Path | str):
    """Yield (relative path, size, mtime_ns) of every non-folder entry, links included."""
    raw_dir = Path(raw_dir)
    for folder, dirnames, filenames in os.walk(raw_dir, followlinks=False):
        dirnames.sort()
        base = Path(folder)
        for name in sorted(filenames):
            full = base / name
            try:
                info = os.lstat(full)
                if stat.S_ISLNK(info.st_mode):
                    # a link to a file counts as that file; a dangling link keeps its own
                    with contextlib.suppress(OSError):
                        info = os.stat(full)
            except OSError:
                continue  # deleted between listing and stat: it is simply not there any more
            yield full.relative_to(raw_dir).as_posix(), info.st_size, info.st_mtime_ns


def list_files(raw_dir: Path, manifest: Manifest) -> pl.DataFrame:
    """Every file of the raw folder with its fetch time and URL (manifest first, else file time)."""
    paths, sizes, mtimes = [], [], []
    for path, size, mtime_ns in walk_files(raw_dir):
        paths.append(path)
        sizes.append(size)
        mtimes.append(mtime_ns)

    entries = manifest.entries
    urls, fetched, sources, synthetic = [], [], [], []
    for path, mtime_ns in zip(paths, mtimes, strict=True):
        entry = entries.get(path)
        file_time = datetime.fromtimestamp(mtime_ns / 1e9, tz=UTC).replace(tzinfo=None)
        if entry is not None and entry.fetched_at is not None:
            fetched.append(entry.fetched_at)
            sources.append("manifest")
        else:
            fetched.append(file_time)
            sources.append("file_mtime")
        urls.append(entry.url if entry else None)
        synthetic.append(entry.synthetic if entry else False)

    missing = sorted(set(entries) - set(paths))
    if missing:
        shown = ", ".join(missing[:5]) + (
            f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        )
        manifest.problems.append(
            f"{len(missing)} manifest rows name files not in the folder: {shown}"
        )

    return pl.DataFrame(
        {
            "path": paths,
            "bytes": sizes,
            "mtime_ns": mtimes,
            "url": urls,
            "fetched_at": fetched,
            "fetched_at_source": sources,
            "is_synthetic": synthetic,
        },
        schema=SCAN_SCHEMA,
    )


def compare(files: pl.DataFrame, catalog: pl.DataFrame, parser_version: str) -> pl.DataFrame:
    """Label each listed file new, changed (re-read), metadata (manifest changed) or unchanged."""
    known = catalog.select(
        "path",
        pl.col("bytes").alias("known_bytes"),
        pl.col("mtime_ns").alias("known_mtime_ns"),
        pl.col("url").alias("known_url"),
        pl.col("fetched_at").alias("known_fetched_at"),
        pl.col("is_synthetic").alias("known_is_synthetic"),
        pl.col("is_present").alias("known_present"),
        pl.col("parser_version").alias("known_parser_version"),
    )
    return (
        files.lazy()
        .join(known.lazy(), on="path", how="left")
        .with_columns(
            change=pl.when(pl.col("known_bytes").is_null())
            .then(pl.lit("new"))
            .when(
                (pl.col("bytes") != pl.col("known_bytes"))
                | (pl.col("mtime_ns") != pl.col("known_mtime_ns"))
                | (pl.col("known_parser_version") != parser_version)
            )
            .then(pl.lit("changed"))
            .when(
                pl.col("url").ne_missing(pl.col("known_url"))
                | pl.col("fetched_at").ne_missing(pl.col("known_fetched_at"))
                | (pl.col("is_synthetic") != pl.col("known_is_synthetic"))
                | ~pl.col("known_present")
            )
            .then(pl.lit("metadata"))
            .otherwise(pl.lit("unchanged"))
        )
        .select(*SCAN_SCHEMA, "change")
        .sort("path")
        .collect()
    )


def scan(raw_dir: Path, catalog: pl.DataFrame, parser_version: str) -> ScanResult:
    if not raw_dir.is_dir():
        raise NotADirectoryError(
            f"The raw folder {raw_dir} does not exist or is not a folder: "
            "set NEWS_RAW_DIR to the folder of raw pages."
        )
    manifest = read_manifest(raw_dir)
    files = list_files(raw_dir, manifest)
    removed = catalog.filter(pl.col("is_present")).join(files.select("path"), on="path", how="anti")
    return ScanResult(
        files=compare(files, catalog, parser_version),
        removed=removed.select("path"),
        manifest=manifest,
    )
