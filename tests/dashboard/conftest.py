"""Fixtures: hand-made warehouses (see factory.py) and an AppTest bound to one of them."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard import factory

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture(autouse=True)
def _keep_main_module(monkeypatch):
    """AppTest leaves the app script registered as `__main__`; put the real one back.

    Otherwise a later test in the same worker that starts a forkserver process pool (the
    pipeline's parser pool) makes every worker re-run dashboard/app.py on start-up.
    """
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])


@pytest.fixture(scope="session")
def small_warehouse(tmp_path_factory) -> Path:
    return factory.build_small_warehouse(tmp_path_factory.mktemp("small") / "news.duckdb")


@pytest.fixture
def app(monkeypatch, small_warehouse) -> Callable[..., AppTest]:
    """Run the dashboard on a page: app("regions") -> AppTest after the first run."""

    def run_page(page: str | None = None, *, warehouse: Path = small_warehouse) -> AppTest:
        monkeypatch.setenv("NEWS_DUCKDB", str(warehouse))
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        if page is not None:
            at.switch_page(f"app_pages/{page}.py").run()
        return at

    return run_page
