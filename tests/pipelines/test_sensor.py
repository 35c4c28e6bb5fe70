"""The raw-folder sensor asks for a run exactly when the folder changes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg

from pipelines.defs.sensors import raw_folder_sensor
from tests.conftest import SEED


def _tick(cursor: str | None):
    context = dg.build_sensor_context(cursor=cursor)
    return raw_folder_sensor(context), context.cursor


def test_sensor_requests_a_run_only_when_files_change(seed_folder: Path, monkeypatch):
    monkeypatch.setenv("NEWS_RAW_DIR", str(seed_folder))

    first, cursor = _tick(None)
    assert isinstance(first, dg.RunRequest)
    assert first.tags["news/files"] == "2"

    unchanged, same_cursor = _tick(cursor)
    assert isinstance(unchanged, dg.SkipReason) and same_cursor == cursor

    shutil.copyfile(SEED, seed_folder / "new.txt")
    added, new_cursor = _tick(cursor)
    assert isinstance(added, dg.RunRequest) and new_cursor != cursor

    stat = os.stat(seed_folder / "new.txt")
    os.utime(seed_folder / "new.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    touched, _ = _tick(new_cursor)
    assert isinstance(touched, dg.RunRequest)


def test_sensor_explains_a_missing_folder(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("NEWS_RAW_DIR", str(tmp_path / "nowhere"))
    result, _ = _tick(None)
    assert isinstance(result, dg.SkipReason)
    assert "does not exist" in result.skip_message
