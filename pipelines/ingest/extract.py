"""Read, decode and parse raw files in batches, and write what was found as Parquet parts.

Each batch becomes one Parquet file per parsed table (`<batch>.<table>.parquet`), written by the
worker process that parsed it, so page texts never travel between processes. A file that cannot
be read or decoded still yields a `pages` row that says why: nothing is dropped.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from pipelines import parsing
from pipelines.ingest.filenames import read_path
from pipelines.parsing import Layout, ParsedPage, Status

MAX_PAGE_BYTES = 16 * 1024 * 1024
# The first reason on the manifest's own pages row; what the scan found wrong with it follows.
MANIFEST_NOTE = "manifest file: read for URLs and fetch times, not a page"


def manifest_reasons(problems: list[str]) -> list[str]:
    """The reasons the manifest's own pages row gives: what it is, then its problems."""
    return [MANIFEST_NOTE, *problems]


TABLES = ("pages", "page_fields", "page_tags", "page_links", "page_ticker", "page_regions")

_TEXT_LIST = pl.List(pl.String)
PART_SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "pages": {
        "page_id": pl.String,
        "path": pl.String,
        # what the listing said of the file (scan), so the load needs no join with it
        "bytes": pl.Int64,
        "mtime_ns": pl.Int64,
        "url": pl.String,
        "canonical_url": pl.String,
        "section": pl.String,
        "fetched_at": pl.Datetime("us"),
        "fetched_at_source": pl.String,
        "is_synthetic": pl.Boolean,
        "content_hash": pl.String,
        "encoding": pl.String,
        "layout": pl.String,
        "status": pl.String,
        "problems": _TEXT_LIST,
        "truncated": pl.Boolean,
        "title": pl.String,
        "parsed_at": pl.Datetime("us"),
        "raw_text": pl.String,
    },
    "page_fields": {
        "page_id": pl.String,
        "title": pl.String,
        "summary": pl.String,
        "body": pl.String,
        "subheadings": _TEXT_LIST,
        "embeds": _TEXT_LIST,
        "author": pl.String,
        "source": pl.String,
        "published_at": pl.Datetime("us"),
        "published_at_text": pl.String,
        "read_minutes": pl.Int32,
        "image_alt": pl.String,
        "image_caption": pl.String,
        "image_credit": pl.String,
        "word_count": pl.Int32,
    },
    "page_tags": {"page_id": pl.String, "position": pl.Int32, "tag": pl.String},
    "page_links": {
        "page_id": pl.String,
        "kind": pl.String,
        "position": pl.Int32,
        "title": pl.String,
        "section": pl.String,
        "target_date": pl.Date,
        "image_alt": pl.String,
    },
    "page_ticker": {
        "page_id": pl.String,
        "position": pl.Int32,
        "item_id": pl.String,
        "text": pl.String,
        "speaker": pl.String,
    },
    "page_regions": {
        "page_id": pl.String,
        "region": pl.String,
        "country_iso3": pl.String,
        "evidence": pl.String,
        "mentions": pl.Int32,
        "is_primary": pl.Boolean,
    },
}


def page_id(path: str) -> str:
    return hashlib.blake2b(path.encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()


@functools.lru_cache(maxsize=4096)
def _canonical_url(url: str | None) -> str | None:
    return None if url is None else parsing.canonical_url(url)


@functools.lru_cache(maxsize=4096)
def _section(url: str | None) -> str | None:
    return None if url is None else parsing.section_from_url(url)


@functools.lru_cache(maxsize=1 << 14)
def ticker_item_id(text: str) -> str:
    """The key of a ticker line: pages fetched close in time show the same lines, so each is
    hashed once per worker (2% of a batch's time when every line was hashed again)."""
    return hashlib.md5(text.casefold().encode("utf-8")).hexdigest()[:16]


def title_key(column: str) -> pl.Expr:
    """Fold a title for matching copies and links: case, quotes, punctuation and spacing ignored."""
    return (
        pl.col(column)
        .str.to_lowercase()
        .str.replace_all(r"[\u2018\u2019\u201c\u201d'\"`]", "")
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .str.strip_chars()
    )


def first_on_page() -> pl.Expr:
    """True on the first link of a page with its kind and folded title: the build counts the
    copies that show a link from these rows, where a DISTINCT count of pages per link cost a
    third of building related_links (0.4 s at 100k pages)."""
    return pl.struct("page_id", "kind", "title_key").is_first_distinct()


# What str.split() splits on: Unicode white space, plus the four C0 separators \x1c-\x1f that
# Python counts as space and the regex engine does not.
_WORD = r"[^\s\x1c-\x1f]+"


def word_count(column: str) -> pl.Expr:
    """ParsedPage.word_count (len(body.split())) for a whole batch at once; NULL without a body,
    so that the build can tell which copies have one without reading their bodies."""
    return pl.col(column).str.count_matches(_WORD).cast(pl.Int32)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector while a loop builds many objects.

    Parsing a batch allocates hundreds of thousands of lists, tuples and dataclasses and keeps its
    rows until the batch is written, so the collector runs again and again over objects that are
    all still alive (and, in a worker forked from Dagster's process, over Dagster's own): 15-20%
    of a worker's time at 100k pages. Nothing here makes reference cycles, so reference counting
    frees it all; whatever cycle a rare error leaves is collected once the batch is done.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class FileTask:
    """One file to parse, with what the listing and the manifest said of it."""

    path: str  # relative to the raw folder
    fetched_at: datetime | None
    url: str | None
    bytes: int = 0
    mtime_ns: int = 0
    fetched_at_source: str = "file_mtime"
    is_synthetic: bool = False


@dataclass(frozen=True, slots=True)
class BatchResult:
    files: int
    statuses: dict[str, int]
    layouts: dict[str, int]


@dataclass(slots=True)
class _ReadOutcome:
    data: bytes | None
    content_hash: str | None
    problem: str | None
    layout: Layout | None = None


def _read(full: str) -> _ReadOutcome:
    """Read a regular file up to the size limit, hashing all of it; say why when that fails."""
    try:
        info = os.stat(full)
    except FileNotFoundError:
        if os.path.islink(full):
            return _ReadOutcome(None, None, "symbolic link to a file that does not exist")
        return _ReadOutcome(None, None, "file disappeared before it could be read")
    except OSError as error:
        return _ReadOutcome(None, None, f"file could not be read: {error.strerror or error}")
    if not stat.S_ISREG(info.st_mode):
        return _ReadOutcome(None, None, "not a regular file (device, socket or pipe): not read")
    try:
        if info.st_size <= MAX_PAGE_BYTES:
            # The common case in one system call, unbuffered (a third less time per page).
            with open(full, "rb", buffering=0) as handle:
                data = handle.readall()
            if len(data) <= MAX_PAGE_BYTES:
                return _ReadOutcome(data, hashlib.blake2b(data, digest_size=16).hexdigest(), None)
        return _read_oversized(full)  # or grown past the limit since the stat
    except FileNotFoundError:
        return _ReadOutcome(None, None, "file disappeared before it could be read")
    except OSError as error:
        return _ReadOutcome(None, None, f"file could not be read: {error.strerror or error}")


def _read_oversized(full: str) -> _ReadOutcome:
    """Hash all of a file over the size limit, holding at most one chunk of it."""
    digest = hashlib.blake2b(digest_size=16)
    size = 0
    with open(full, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return _ReadOutcome(
        None,
        digest.hexdigest(),
        f"file is {size / 2**20:.1f} MiB, larger than the {MAX_PAGE_BYTES // 2**20} MiB a page "
        "may be: not parsed",
    )


# From this many rows a list column is built through Arrow (see _column).
ARROW_LIST_ROWS = 1000


def _column(name: str, values: Sequence, dtype: pl.DataType) -> pl.Series:
    if dtype == _TEXT_LIST and len(values) >= ARROW_LIST_ROWS:
        # Arrow builds a list column from Python lists 40x faster than polars does (0.3 ms
        # against 12 ms for 2,500 rows), and polars takes the Arrow array without a copy. But
        # the first pa.array in a process imports pyarrow and pandas (0.4 s): small batches, as
        # an incremental run parses them in-process, are left to polars (3.5 ms for 200 rows).
        import pyarrow as pa

        return pl.Series(name, pa.array(values, type=pa.large_list(pa.large_string())))
    return pl.Series(name, values, dtype=dtype)


class _Rows:
    """Row buffers for one batch, one tuple per row in PART_SCHEMAS order; framed at the end."""

    def __init__(self) -> None:
        self.tables: dict[str, list[tuple]] = {table: [] for table in PART_SCHEMAS}

    def frame(self, table: str) -> pl.DataFrame:
        schema = PART_SCHEMAS[table]
        rows = self.tables[table]
        if not rows:
            return pl.DataFrame(schema=schema)
        # Column by column: a third less time than polars reading the rows as tuples.
        columns = zip(*rows, strict=True)
        return pl.DataFrame(
            [
                _column(name, values, dtype)
                for (name, dtype), values in zip(schema.items(), columns, strict=True)
            ]
        )


def _quarantine(layout: Layout, problems: list[str]) -> ParsedPage:
    return ParsedPage(layout=layout, status=Status.QUARANTINED, problems=problems)


def _parse_file(raw_dir: str, task: FileTask, manifest: tuple[str | None, list[str]]):
    """Return (parsed page, content hash, encoding, raw text) for one file; never raises.

    `raw_dir` is a string: joining with os.path costs a third of what pathlib does per file.
    """
    manifest_path, manifest_problems = manifest
    full = os.path.join(raw_dir, task.path)
    name_problems = []  # a name display_path had to escape: found under its own bytes
    if "\\x" in task.path and not os.path.lexists(full):
        full = os.path.join(raw_dir, read_path(task.path))
        name_problems.append("file name is not valid UTF-8: recorded with \\xNN for its bytes")
    outcome = _read(full)
    if outcome.data is None:
        layout = Layout.UNREADABLE if outcome.content_hash is None else Layout.OVERSIZED
        problems = [outcome.problem, *name_problems]
        return _quarantine(layout, problems), outcome.content_hash, None, None
    if task.path == manifest_path:
        problems = manifest_reasons(manifest_problems)
        return _quarantine(Layout.MANIFEST, problems), outcome.content_hash, "utf-8", None
    decoded = parsing.decode_bytes(outcome.data)
    if decoded.text is None:
        problems = [*decoded.problems, *name_problems]
        return _quarantine(Layout.BINARY, problems), outcome.content_hash, None, None
    try:
        page = parsing.parse_page(decoded.text, fetched_at=task.fetched_at, url=task.url)
    except Exception as error:  # the parser promises not to raise; if it does, keep the page
        page = _quarantine(Layout.FOREIGN, [f"parser failed: {type(error).__name__}: {error}"])
    page.problems = [*decoded.problems, *page.problems, *name_problems]
    return page, outcome.content_hash, decoded.encoding, decoded.text


def extract_batch(
    raw_dir: Path,
    tasks: Iterable[FileTask],
    out_prefix: Path,
    manifest: tuple[str | None, list[str]],
) -> BatchResult:
    """Parse one batch of files and write `<out_prefix>.<table>.parquet` for every table."""
    with paused_gc():
        return _extract_batch(raw_dir, tasks, out_prefix, manifest)


def _extract_batch(
    raw_dir: Path,
    tasks: Iterable[FileTask],
    out_prefix: Path,
    manifest: tuple[str | None, list[str]],
) -> BatchResult:
    rows = _Rows()
    statuses: dict[str, int] = {}
    layouts: dict[str, int] = {}
    parsed_at = datetime.now(UTC).replace(tzinfo=None)
    count = 0
    root = os.fspath(raw_dir)
    for task in tasks:
        count += 1
        page, content_hash, encoding, raw_text = _parse_file(root, task, manifest)
        pid = page_id(task.path)
        statuses[page.status] = statuses.get(page.status, 0) + 1
        layouts[page.layout] = layouts.get(page.layout, 0) + 1
        rows.tables["pages"].append(
            (
                pid,
                task.path,
                task.bytes,
                task.mtime_ns,
                task.url,
                _canonical_url(task.url),
                _section(task.url),
                task.fetched_at,
                task.fetched_at_source,
                task.is_synthetic,
                content_hash,
                encoding,
                str(page.layout),
                str(page.status),
                page.problems,
                page.truncated,
                page.title,
                parsed_at,
                raw_text,
            )
        )
        if page.status is Status.QUARANTINED:
            continue
        rows.tables["page_fields"].append(
            (
                pid,
                page.title,
                page.summary,
                page.body,
                page.subheadings,
                page.embeds,
                page.author,
                page.source,
                page.published_at,
                page.published_at_text,
                page.read_minutes,
                page.image_alt,
                page.image_caption,
                page.image_credit,
                None,  # word_count: counted for the whole batch below
            )
        )
        rows.tables["page_tags"].extend(
            (pid, position, tag) for position, tag in enumerate(page.tags)
        )
        rows.tables["page_links"].extend(
            (
                pid,
                str(link.kind),
                link.position,
                link.title,
                link.section,
                link.date,
                link.image_alt,
            )
            for link in page.links
        )
        rows.tables["page_ticker"].extend(
            (pid, item.position, ticker_item_id(item.text), item.text, item.speaker)
            for item in page.ticker
        )
        rows.tables["page_regions"].extend(
            (pid, r.region, r.country_iso3, r.evidence, r.mentions, r.is_primary)
            for r in page.regions
        )

    for table in TABLES:
        frame = rows.frame(table)
        if table == "page_fields":
            frame = frame.with_columns(title_key=title_key("title"), word_count=word_count("body"))
        elif table == "page_links":
            frame = frame.with_columns(
                title_key=title_key("title"), image_alt_key=title_key("image_alt")
            ).with_columns(first_on_page=first_on_page())
        frame.write_parquet(
            out_prefix.with_name(f"{out_prefix.name}.{table}.parquet"), compression="lz4"
        )
    return BatchResult(files=count, statuses=statuses, layouts=layouts)
