"""The manifest's vectorized reader agrees with the careful line-by-line one, or defers to it."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from pipelines.ingest import manifest as mf
from pipelines.ingest.extract import MANIFEST_NOTE
from pipelines.ingest.run import ingest_folder
from pipelines.sample import generate_sample
from tests.conftest import query


def careful(data: bytes) -> mf.Manifest:
    manifest = mf.Manifest(path="manifest.jsonl")
    mf._read_rows("manifest.jsonl", data.decode("utf-8-sig"), manifest)
    return manifest


def test_fast_reader_equals_careful_reader_on_a_sample(tmp_path: Path) -> None:
    generate_sample(tmp_path / "raw", pages=300, seed=3)
    data = (tmp_path / "raw" / "manifest.jsonl").read_bytes()

    fast = mf._read_jsonl_fast(data)

    assert fast is not None and fast.height > 250
    assert fast.sort("path").equals(careful(data).entries.sort("path"))


def rows(*objects: object) -> bytes:
    return b"".join(json.dumps(o).encode() + b"\n" for o in objects)


@pytest.mark.parametrize(
    "data",
    [
        rows({"file": "./a\\b.txt", "url": "  ", "fetched_at": "2025-01-01T10:00:00.250Z"}),
        rows({"file": "a", "url": "u1"}, {"file": "a", "url": "u2", "synthetic": True}),
        rows({"file": "a", "fetched_at": ""}, {"file": "b", "fetched_at": None}),
        b"\xef\xbb\xbf" + rows({"file": "bom.txt", "synthetic": False}),
    ],
)
def test_fast_reader_agrees_on_the_shapes_it_takes(data: bytes) -> None:
    fast = mf._read_jsonl_fast(data)

    assert fast is not None
    assert fast.sort("path").equals(careful(data).entries.sort("path"))


@pytest.mark.parametrize(
    "data",
    [
        rows({"file": "a", "fetched_at": "2025-01-01T10:00:00+02:00"}),  # offsets: careful reader
        rows({"file": "a"}) + b"\n" + rows({"file": "b"}),  # blank line
        rows({"file": "a"}) + b"not json\n",
        rows({"file": ""}),
        rows({"file": "a", "synthetic": "yes"}),
        rows([1, 2]),
        rows({"file": "a"}).replace(b"\n", b"\r\n"),
    ],
)
def test_fast_reader_defers_what_it_does_not_take(data: bytes) -> None:
    assert mf._read_jsonl_fast(data) is None


def test_read_manifest_reports_problems_whichever_reader(tmp_path: Path) -> None:
    (tmp_path / "manifest.jsonl").write_bytes(
        rows({"file": "ok.txt", "fetched_at": "2025-01-01T10:00:00Z"}) + b"oops\n"
    )

    manifest = mf.read_manifest(tmp_path)

    assert manifest.entries.get_column("path").to_list() == ["ok.txt"]
    assert manifest.entries.schema == pl.Schema(mf.ENTRY_SCHEMA)
    assert any("line 2" in problem and "not valid JSON" in problem for problem in manifest.problems)


def test_the_manifests_row_stops_naming_a_missing_file_once_it_arrives(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    generate_sample(raw, pages=20, seed=1)
    named = json.loads((raw / "manifest.jsonl").read_text().splitlines()[3])["file"]
    later = tmp_path / "later.txt"
    (raw / named).rename(later)
    warehouse = tmp_path / "news.duckdb"
    manifest_row = "SELECT problems FROM pages WHERE path = 'manifest.jsonl'"

    assert ingest_folder(raw, warehouse).published
    [(before,)] = query(warehouse, manifest_row)
    later.rename(raw / named)  # the file arrives; the manifest does not change
    assert ingest_folder(raw, warehouse).published
    [(after,)] = query(warehouse, manifest_row)

    assert before == [MANIFEST_NOTE, f"1 manifest rows name files not in the folder: {named}"]
    assert after == [MANIFEST_NOTE]
    [(status, url)] = query(warehouse, "SELECT status, url FROM pages WHERE path = $1", [named])
    assert status != "quarantined" and url
