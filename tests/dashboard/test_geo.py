"""The world outlines: simplified once, then read back from the cache by later processes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from dashboard import geo


def test_outlines_are_cached_and_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(geo, "_CACHE_DIR", tmp_path / "cache")
    first = geo.world_countries.__wrapped__()
    assert len(first["features"]) > 200
    assert {"LBN", "VEN", "FRA"} <= {feature["id"] for feature in first["features"]}
    assert len(list((tmp_path / "cache").glob("world_countries_*.json"))) == 1

    def no_simplifying(path):
        raise AssertionError("the cached outlines should have been read")

    monkeypatch.setattr(geo, "_simplified_countries", no_simplifying)
    assert _as_json(geo.world_countries.__wrapped__()) == _as_json(first)


def _as_json(outlines: dict) -> str:
    """The outlines as the browser gets them (rings are numpy arrays)."""
    return json.dumps(outlines, default=np.ndarray.tolist)


def test_unwritable_cache_still_gives_outlines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setattr(geo, "_CACHE_DIR", blocker / "cache")

    assert len(geo.world_countries.__wrapped__()["features"]) > 200
