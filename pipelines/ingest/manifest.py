"""The optional manifest of a raw folder: which URL each file was fetched from, and when.

`manifest.jsonl` (one JSON object per line) or `manifest.csv` (with a header), at the top of the
raw folder, with the fields `file` (path relative to the raw folder), `url`, `fetched_at`
(ISO 8601; UTC when no offset is given) and optionally `synthetic` (true for generated sample
pages). A bad row never stops a run: it is skipped and reported in the manifest's own `pages` row.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

MANIFEST_NAMES = ("manifest.jsonl", "manifest.csv")
MAX_PROBLEMS_LISTED = 20
# One row per file the manifest describes (the last row wins when a file is named twice).
ENTRY_SCHEMA = {
    "path": pl.String,
    "url": pl.String,
    "manifest_fetched_at": pl.Datetime("us"),  # naive UTC
    "is_synthetic": pl.Boolean,
}
# What the vectorized reader accepts; anything else goes through the line-by-line reader.
_UTC_TIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$"


def _no_entries() -> pl.DataFrame:
    return pl.DataFrame(schema=ENTRY_SCHEMA)


@dataclass(slots=True)
class Manifest:
    path: str | None = None  # relative to the raw folder; None when the folder has no manifest
    entries: pl.DataFrame = field(default_factory=_no_entries)
    problems: list[str] = field(default_factory=list)


def parse_timestamp(value: str) -> datetime:
    """ISO 8601 to naive UTC; a trailing `Z` and offsets are understood."""
    parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def _as_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "y"}


def _rows(name: str, text: str):
    if name.endswith(".jsonl"):
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                yield number, None, f"line {number}: not valid JSON ({error.msg})"
                continue
            if not isinstance(row, dict):
                yield number, None, f"line {number}: expected a JSON object"
                continue
            yield number, row, None
    else:
        reader = csv.DictReader(io.StringIO(text))
        for number, row in enumerate(reader, start=2):
            yield number, row, None


def _clean_path(column: pl.Expr) -> pl.Expr:
    return (
        column.str.strip_chars()
        .str.replace_all("\\", "/", literal=True)
        .str.strip_chars_start("./")
    )


def _read_jsonl_fast(data: bytes) -> pl.DataFrame | None:
    """A well-formed JSONL manifest in one vectorized pass (100k rows: 0.08 s, not 0.54 s).

    Only the common shape is taken: every line an object with a `file`, times in UTC written
    `...Z`, `synthetic` a JSON boolean or absent. Anything else returns None: the line-by-line
    reader then handles the file and names each problem. Both give the same entries.
    """
    data = data.removeprefix(b"\xef\xbb\xbf")
    # isspace stops at the first other byte; strip() copied the whole file to say "not empty"
    if not data or data.isspace() or b"\n\n" in data or b"\r" in data:
        return None  # blank lines and CRLF: the careful reader numbers lines as people count
    schema = {"file": pl.String, "url": pl.String, "fetched_at": pl.String, "synthetic": pl.Boolean}
    try:
        frame = pl.read_ndjson(io.BytesIO(data), schema=schema)
    except Exception:  # noqa: BLE001 - whatever polars rejects, the careful reader explains
        return None
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    times = frame.get_column("fetched_at").drop_nulls()
    times = times.filter(times != "")
    frame = frame.with_columns(path=_clean_path(pl.col("file")).fill_null(""))
    if (
        frame.height != lines
        or (frame.get_column("path") == "").any()
        or not times.str.contains(_UTC_TIME).all()
    ):
        return None
    return (
        frame.select(
            "path",
            url=pl.col("url").str.strip_chars().replace("", None),
            manifest_fetched_at=pl.col("fetched_at")
            .replace("", None)
            .str.to_datetime("%Y-%m-%dT%H:%M:%S%.fZ", time_unit="us"),
            is_synthetic=pl.col("synthetic").fill_null(False),
        )
        .unique(subset="path", keep="last", maintain_order=True)
        .cast(ENTRY_SCHEMA)
    )


def _read_rows(name: str, text: str, manifest: Manifest) -> None:
    """Row by row, for any manifest: each bad row is skipped and named in manifest.problems."""
    entries: dict[str, tuple[str | None, datetime | None, bool]] = {}
    problems: list[str] = []
    for number, row, problem in _rows(name, text):
        if problem is not None:
            problems.append(problem)
            continue
        file = str(row.get("file") or "").strip().replace("\\", "/").lstrip("./")
        if not file:
            problems.append(f"line {number}: no `file` field")
            continue
        fetched_at = None
        raw_time = row.get("fetched_at")
        if raw_time not in (None, ""):
            try:
                fetched_at = parse_timestamp(str(raw_time))
            except ValueError:
                problems.append(f"line {number}: fetched_at {raw_time!r} is not an ISO 8601 time")
        url = str(row.get("url") or "").strip() or None
        entries[file] = (url, fetched_at, _as_bool(row.get("synthetic", False)))
    if len(problems) > MAX_PROBLEMS_LISTED:
        hidden = len(problems) - MAX_PROBLEMS_LISTED
        problems = problems[:MAX_PROBLEMS_LISTED] + [f"... and {hidden} more bad lines"]
    manifest.problems.extend(problems)
    manifest.entries = pl.DataFrame(
        [(path, *entry) for path, entry in entries.items()], schema=ENTRY_SCHEMA, orient="row"
    )


def read_manifest(raw_dir: Path) -> Manifest:
    """Read the folder's manifest; a missing manifest is an empty one, a broken one says why."""
    for name in MANIFEST_NAMES:
        path = raw_dir / name
        if path.is_file():
            break
    else:
        return Manifest()

    manifest = Manifest(path=name)
    try:
        data = path.read_bytes()
        fast = _read_jsonl_fast(data) if name.endswith(".jsonl") else None
        if fast is not None:
            manifest.entries = fast
            return manifest
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        manifest.problems.append(f"manifest could not be read ({error}); file times used instead")
        return manifest
    _read_rows(name, text, manifest)
    return manifest
