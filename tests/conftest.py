"""Fixtures shared by every test package: raw folders and a way to run the real pipeline."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from hypothesis import settings

# Property tests assert what a function returns, never how fast: speed is the benchmark's job
# (scripts/benchmark.py). Hypothesis's default 200 ms deadline failed a decode test whose first
# example took 0.85 s on a CI machine busy with other work, and 0.6 ms when repeated.
settings.register_profile("project", deadline=None)
settings.load_profile("project")

DATA = Path(__file__).parent / "data"
SEED = DATA / "pages" / "seed_full.txt"
SEED_URL = "https://english.almayadeen.net/news/politics/intel-reports-put-to-question-us-claims-on-venezuela"


def write_manifest(raw_dir: Path, rows: list[dict]) -> None:
    with open(raw_dir / "manifest.jsonl", "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")


def count_files(raw_dir: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(raw_dir))


def materialize(
    raw_dir: Path, warehouse: Path, instance: dg.DagsterInstance | None = None, **resource_config
) -> dg.ExecuteInProcessResult:
    """A real materialization of every asset, with real resources, in this process (on a new
    ephemeral instance unless one is given)."""
    from pipelines.defs import assets
    from pipelines.defs.resources import NewsWarehouse

    return dg.materialize(
        dg.load_assets_from_modules([assets]),
        resources={
            "news": NewsWarehouse(
                raw_dir=str(raw_dir), duckdb_path=str(warehouse), **resource_config
            )
        },
        instance=instance or dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )


def query(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture
def raw_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    return folder


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return tmp_path / "wh" / "news.duckdb"


@pytest.fixture
def seed_folder(raw_dir: Path) -> Path:
    """The real seed page with a manifest giving its URL and fetch time."""
    shutil.copyfile(SEED, raw_dir / "seed.txt")
    write_manifest(
        raw_dir, [{"file": "seed.txt", "url": SEED_URL, "fetched_at": "2025-11-25T10:00:00Z"}]
    )
    return raw_dir


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory) -> tuple[Path, Path]:
    """A generated sample folder and the warehouse the pipeline built from it (read only)."""
    from pipelines.sample import generate_sample

    folder = tmp_path_factory.mktemp("built")
    raw, warehouse = folder / "raw", folder / "news.duckdb"
    generate_sample(raw, pages=200, seed=11)
    assert materialize(raw, warehouse).success
    return raw, warehouse
