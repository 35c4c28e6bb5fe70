"""Running the real headless command in a child process, and fingerprinting a warehouse."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

PROJECT = Path(__file__).parents[2]

# Columns that legitimately differ between two builds of the same folder.
VOLATILE = {"pages": "EXCLUDE (parsed_at)"}
STATE_QUERIES = {
    "pages": "SELECT * {exclude} FROM pages ORDER BY path",
    "articles": "SELECT * FROM articles ORDER BY article_id",
    "tags": "SELECT * FROM tags ORDER BY article_id, position",
    "regions": "SELECT * FROM regions ORDER BY article_id, region, country_iso3",
    "breaking_items": "SELECT * FROM breaking_items ORDER BY item_id",
    "breaking_sightings": "SELECT * FROM breaking_sightings ORDER BY item_id, page_id, position",
    "related_links": "SELECT * FROM related_links "
    "ORDER BY article_id, kind, target_title, position",
}


def fingerprint(warehouse: Path) -> dict[str, str]:
    """A digest per table of everything a reader can see (volatile columns aside)."""
    digests = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for table, sql in STATE_QUERIES.items():
            rows = con.execute(sql.format(exclude=VOLATILE.get(table, ""))).fetchall()
            digests[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digests


def cli_env(raw_dir: Path, warehouse: Path, home: Path, **extra: str) -> dict[str, str]:
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PROJECT / "dagster.yaml", home / "dagster.yaml")
    return {
        **os.environ,
        "NEWS_RAW_DIR": str(raw_dir),
        "NEWS_DUCKDB": str(warehouse),
        "DAGSTER_HOME": str(home),
        **extra,
    }


def start_cli(env: dict[str, str], log: Path, **popen) -> subprocess.Popen:
    """`dagster asset materialize -m pipelines.definitions --select '*'`, in its own session."""
    dagster = Path(sys.executable).with_name("dagster")
    return subprocess.Popen(
        [str(dagster), "asset", "materialize", "-m", "pipelines.definitions", "--select", "*"],
        env=env,
        cwd=PROJECT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
        **popen,
    )


def run_cli(env: dict[str, str], log: Path, timeout: float = 300, **popen) -> int:
    process = start_cli(env, log, **popen)
    return process.wait(timeout=timeout)


def wait_for(path: Path, process: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if process.poll() is not None:
            raise AssertionError(f"run ended before the pause point:\n{log.read_text()[-3000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"pause point not reached in {timeout} s")
        time.sleep(0.05)
