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

MANIFEST_NAMES = ("manifest.jsonl", "manifest.csv")
MAX_PROBLEMS_LISTED = 20


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    url: str | None
    fetched_at: datetime | None  # naive UTC
    synthetic: bool


@dataclass(slots=True)
class Manifest:
    path: str | None = None  # relative to the raw folder; None when the folder has no manifest
    entries: dict[str, ManifestEntry] = field(default_factory=dict)
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
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        manifest.problems.append(f"manifest could not be read ({error}); file times used instead")
        return manifest

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
        manifest.entries[file] = ManifestEntry(
            url=url, fetched_at=fetched_at, synthetic=_as_bool(row.get("synthetic", False))
        )
    if len(problems) > MAX_PROBLEMS_LISTED:
        hidden = len(problems) - MAX_PROBLEMS_LISTED
        problems = problems[:MAX_PROBLEMS_LISTED] + [f"... and {hidden} more bad lines"]
    manifest.problems.extend(problems)
    return manifest
