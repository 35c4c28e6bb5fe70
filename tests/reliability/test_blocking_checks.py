"""A failed blocking check keeps the new state from being published, and says so."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb

from tests.conftest import SEED, materialize, query
from tests.reliability.helpers import fingerprint
from warehouse import paths


def test_failed_blocking_check_stops_publishing_and_is_recorded(seed_folder: Path, warehouse: Path):
    assert materialize(seed_folder, warehouse).success
    # Corrupt the published warehouse behind the pipeline's back: a second row for one file.
    with duckdb.connect(str(warehouse)) as con:
        con.execute("INSERT INTO pages SELECT * FROM pages WHERE path = 'seed.txt'")
    corrupted = fingerprint(warehouse)
    shutil.copyfile(SEED, seed_folder / "another.txt")

    result = materialize(seed_folder, warehouse)

    assert not result.success
    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert evaluations["unique_page_paths"].passed is False
    assert evaluations["unique_page_paths"].severity.value == "ERROR"
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert materialized == {"raw_pages", "parsed_pages"}  # no warehouse table was materialized
    assert fingerprint(warehouse) == corrupted  # nothing was published over it
    assert query(warehouse, "SELECT count(*) FROM pages WHERE path = 'another.txt'") == [(0,)]

    report = json.loads(paths.checks_file(warehouse).read_text())
    assert report["published"] is False
    failed = [c for c in report["checks"] if not c["passed"]]
    assert [c["name"] for c in failed] == ["unique_page_paths"]
    assert failed[0]["blocking"] is True and failed[0]["metadata"]["duplicates"] == 1
