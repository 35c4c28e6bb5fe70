"""List the raw folder and decide, from file metadata alone, what a run has to do.

A file is re-read only when it is new, or its size, modification time or the parser version
changed; manifest updates (URL, fetch time) are applied without re-reading the file. Sub-folders
are walked; links to folders are not followed (a link loop cannot trap the walk).
"""

from __future__ import annotations

import array
import dataclasses
import hashlib
import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipelines.ingest import walk
from pipelines.ingest.filenames import display_path
from pipelines.ingest.manifest import MANIFEST_NAMES, Manifest, read_manifest
from warehouse.store import FILE_SCHEMA


@dataclass(frozen=True, slots=True)
class ScanCounts:
    """How many files the scan found in each state: what the later steps need of it."""

    files: int
    new: int = 0
    changed: int = 0
    metadata: int = 0
    removed: int = 0
    rebuild: bool = False  # the warehouse has another format: every file is new
    fingerprint: str = ""  # of the listing the counts come from, recorded when it is published

    @property
    def has_work(self) -> bool:
        return self.rebuild or self.new + self.changed + self.metadata + self.removed > 0


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What is in the raw folder now, compared with what the warehouse already holds."""

    # FILE_SCHEMA + change: new, changed, unchanged, metadata. When the listing is the one the
    # warehouse was built from, only path, bytes, mtime_ns and change (all unchanged).
    files: pl.DataFrame
    removed: pl.DataFrame  # paths the warehouse has as present that are gone now
    manifest: Manifest  # its path and problems (its rows are in `files`); not read when unchanged
    rebuild: bool = False  # the warehouse has another format and is rebuilt from every file
    fingerprint: str = ""  # of the listing and parser version (listing_fingerprint)
    listed: int | None = None  # files listed, when `files` keeps only those with work to do
    # made ahead of its step (ahead.take_scan): seconds from the child's start to the step taking it
    listed_ahead_s: float | None = None

    def needing_work(self) -> ScanResult:
        """The result with only the files a run acts on (new, changed, metadata) and the count of
        all: what the later steps read. Dagster stores a step's output between steps; the whole
        listing of 100k files took 0.1 s to pickle and write, and every unchanged row of it is
        read by no one."""
        return dataclasses.replace(
            self, files=self.files.filter(pl.col("change") != "unchanged"), listed=self.counts.files
        )

    @property
    def counts(self) -> ScanCounts:
        changes = dict(self.files.get_column("change").value_counts().iter_rows())
        return ScanCounts(
            files=self.files.height if self.listed is None else self.listed,
            new=changes.get("new", 0),
            changed=changes.get("changed", 0),
            metadata=changes.get("metadata", 0),
            removed=self.removed.height,
            rebuild=self.rebuild,
            fingerprint=self.fingerprint,
        )

    @property
    def to_parse(self) -> pl.DataFrame:
        return self.files.filter(pl.col("change").is_in(["new", "changed"]))

    def count(self, change: str) -> int:
        counts = self.counts
        if change == "unchanged":
            return counts.files - counts.new - counts.changed - counts.metadata
        return self.files.filter(pl.col("change") == change).height

    @property
    def has_work(self) -> bool:
        return self.counts.has_work


def list_folder(
    raw_dir: Path | str,
    *,
    changed_after_ns: int | None = None,
    on_change: Callable[[], None] | None = None,
    on_many: tuple[int, Callable[[], None]] | None = None,
) -> pl.DataFrame:
    """Every non-folder entry under `raw_dir`, links to files included: path (relative, as
    display_path records it), bytes and mtime_ns, sorted by path.

    See walk.walk for `changed_after_ns`, `on_change` and `on_many`, and for what is listed. The
    entries are collected into three lists and sorted once by polars: sorting each folder's
    entries in Python and building the frame from tuples cost a third of the walk at 100k files.
    """
    paths, sizes, mtimes = walk.walk(
        os.fspath(raw_dir), changed_after_ns=changed_after_ns, on_change=on_change, on_many=on_many
    )
    try:
        path_column = pl.Series("path", paths, dtype=pl.String)
    except UnicodeEncodeError:  # rare: some name is not valid UTF-8
        path_column = pl.Series("path", [display_path(path) for path in paths], dtype=pl.String)
    return pl.DataFrame(
        [path_column, pl.Series("bytes", sizes, pl.Int64), pl.Series("mtime_ns", mtimes, pl.Int64)]
    ).sort("path")


def listing_fingerprint(listing: pl.DataFrame) -> str:
    """A hash of a folder listing (sorted by path): it moves when a file appears, disappears or
    changes. Each row is hashed by polars and the row hashes by blake2b: 5 ms at 100k files
    where hashing the rows in Python took 60-80 ms. A polars that hashes rows differently only
    makes the next run compare the listing in full once."""
    row_hashes = listing.select("path", "bytes", "mtime_ns").hash_rows(seed=0)
    # The hashes' native bytes, packed by `array` rather than numpy, which a run that finds
    # nothing new would import for this alone (0.1 s).
    packed = array.array("Q", row_hashes.to_list()).tobytes()
    return hashlib.blake2b(packed, digest_size=16).hexdigest()


def list_files(
    raw_dir: Path, manifest: Manifest, listing: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Every file of the raw folder with its fetch time and URL (manifest first, else file time)."""
    listing = list_folder(raw_dir) if listing is None else listing
    described = manifest.entries
    missing = described.join(listing, on="path", how="anti").get_column("path").sort()
    if missing.len():
        shown = ", ".join(missing.head(5)) + (
            f" and {missing.len() - 5} more" if missing.len() > 5 else ""
        )
        manifest.problems.append(
            f"{missing.len()} manifest rows name files not in the folder: {shown}"
        )
    return (
        listing.join(described, on="path", how="left")
        .with_columns(
            fetched_at=pl.coalesce(
                "manifest_fetched_at",
                pl.from_epoch("mtime_ns", time_unit="ns").dt.cast_time_unit("us"),
            ),
            fetched_at_source=pl.when(pl.col("manifest_fetched_at").is_not_null())
            .then(pl.lit("manifest"))
            .otherwise(pl.lit("file_mtime")),
            is_synthetic=pl.col("is_synthetic").fill_null(False),
        )
        .select(list(FILE_SCHEMA))
        .cast(FILE_SCHEMA)
        .sort("path")
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
        .select(*FILE_SCHEMA, "change")
        .sort("path")
        .collect()
    )


def status_changed_ns(path: Path) -> int | None:
    """The file's status-change time (ns), None when it cannot be stat'ed."""
    try:
        return path.stat().st_ctime_ns
    except OSError:
        return None


def _manifest_and_catalog(
    raw_dir: Path, catalog: pl.DataFrame | Callable[[], pl.DataFrame]
) -> tuple[Manifest, pl.DataFrame]:
    return read_manifest(raw_dir), catalog() if callable(catalog) else catalog


def scan(
    raw_dir: Path,
    catalog: pl.DataFrame | Callable[[], pl.DataFrame],
    parser_version: str,
    *,
    rebuild: bool = False,
    unchanged_since: str | None = None,
    changed_after_ns: int | None = None,
    on_many: tuple[int, Callable[[], None]] | None = None,
) -> ScanResult:
    """Compare the folder with the catalog (or a function that reads it, called only if needed).

    When the listing's fingerprint equals `unchanged_since` (the one the published warehouse was
    built from), nothing can have changed: neither the manifest nor the catalog is read, and the
    files carry only their listing (path, size, modification time), all unchanged.

    With `changed_after_ns` (when the warehouse was last written), a manifest or a folder whose
    status changed since (status-change times, which no tool sets back as it may set
    modification times) makes the manifest and the catalog be read on a second thread while the
    rest of the folder is listed: polars and DuckDB do that work off the GIL, which the
    listing's stat calls also release. A prefetch the listing proves needless is waited for and
    dropped. `on_many` is passed to the listing (see walk.walk).
    """
    if not raw_dir.is_dir():
        raise NotADirectoryError(
            f"The raw folder {raw_dir} does not exist or is not a folder: "
            "set NEWS_RAW_DIR to the folder of raw pages."
        )
    with ThreadPoolExecutor(max_workers=1) as pool:  # its thread starts only on a prefetch
        early: list[Future[tuple[Manifest, pl.DataFrame]]] = []

        def prefetch() -> None:
            if not early:
                early.append(pool.submit(_manifest_and_catalog, raw_dir, catalog))

        if changed_after_ns is not None and any(
            (status_changed_ns(raw_dir / name) or -1) > changed_after_ns for name in MANIFEST_NAMES
        ):
            prefetch()
        listing = list_folder(
            raw_dir,
            changed_after_ns=changed_after_ns,
            on_change=None if changed_after_ns is None else prefetch,
            on_many=on_many,
        )
        manifest, catalog = early[0].result() if early else (None, catalog)
    fingerprint = f"{listing_fingerprint(listing)}/{parser_version}"
    if fingerprint == unchanged_since and not rebuild:
        files = listing.with_columns(change=pl.lit("unchanged"))
        manifest_name = next((n for n in MANIFEST_NAMES if (raw_dir / n).is_file()), None)
        return ScanResult(
            files=files,
            removed=files.select("path").clear(),
            manifest=Manifest(path=manifest_name),
            fingerprint=fingerprint,
        )
    if manifest is None:
        manifest, catalog = _manifest_and_catalog(raw_dir, catalog)
    files = list_files(raw_dir, manifest, listing)
    removed = catalog.filter(pl.col("is_present")).join(files.select("path"), on="path", how="anti")
    return ScanResult(
        files=compare(files, catalog, parser_version),
        removed=removed.select("path"),
        # its rows are in `files` now; the result travels between steps without them
        manifest=Manifest(path=manifest.path, problems=manifest.problems),
        rebuild=rebuild,
        fingerprint=fingerprint,
    )
