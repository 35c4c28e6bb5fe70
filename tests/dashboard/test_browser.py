"""The dashboard in a real browser: every page renders, charts draw, nothing leaves the machine.

Starts `streamlit run dashboard/app.py` on a free port and drives Debian's headless Chromium
(never a downloaded browser). Screenshots land in artifacts/screenshots/<page>.png.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from pipelines.ingest import ingest_folder
from pipelines.sample import generate_sample

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# url path, whether Plotly charts are expected
PAGES = {
    "overview": ("", True),
    "coverage": ("coverage", True),
    "regions": ("regions", True),
    "topics": ("topics", True),
    "search": ("search", True),
    "breaking": ("breaking", True),
    "articles": ("articles", False),
    "links": ("links", True),
    "health": ("health", True),
    "sql": ("sql", False),
}


def _sample_warehouse(folder: Path) -> Path:
    """A warehouse built by the real pipeline from a generated synthetic sample."""
    raw = folder / "raw"
    generate_sample(raw, pages=300, seed=7)
    warehouse = folder / "news.duckdb"
    ingest_folder(raw, warehouse)
    return warehouse


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    warehouse = _sample_warehouse(tmp_path_factory.mktemp("browser"))
    port = _free_port()
    env = os.environ | {"NEWS_DUCKDB": str(warehouse)}
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard/app.py",
             "--server.port", str(port), "--server.headless", "true",
             "--server.address", "127.0.0.1"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{log.read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests use Debian's Chromium. "
            "Install it with `apt-get install chromium`."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 2400})
    tab = context.new_page()
    tab.requests = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()


def _settle(tab, *, charts: bool) -> None:
    """Wait until the script run is over and Plotly has drawn."""
    tab.wait_for_selector('[data-testid="stMainBlockContainer"] h1', timeout=30_000)
    if charts:
        tab.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    tab.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )
    tab.wait_for_timeout(800)  # let the last charts finish their transitions


def _assert_healthy(tab, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Streamlit scrolls inside its main block: the tall viewport is what makes the shot whole.
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    exceptions = tab.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()
    outside = [
        url
        for url in tab.requests
        if urlparse(url).scheme in ("http", "https", "ws", "wss")
        and urlparse(url).hostname not in LOCAL_HOSTS
    ]
    assert outside == [], f"requests left the machine: {outside}"


@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders(server, page, name):
    path, charts = PAGES[name]
    page.goto(server + path)
    _settle(page, charts=charts and name != "search")
    if name == "search":
        box = page.get_by_role("textbox", name="Words or phrases in title, summary or body")
        box.fill("the")
        box.press("Enter")
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        _settle(page, charts=True)
    if name == "sql":
        page.get_by_role("textbox", name="Query").fill(
            "SELECT section, count(*) AS n FROM articles GROUP BY 1"
        )
        page.get_by_role("button", name="Run").click()
        page.wait_for_selector('[data-testid="stDataFrame"] >> nth=1', timeout=30_000)
    if charts:
        assert page.locator(".js-plotly-plot .main-svg").count() > 0
    _assert_healthy(page, name)


def test_world_map_draws_offline(server, page):
    page.goto(server + "regions")
    _settle(page, charts=True)
    page.wait_for_selector(".choroplethlocation", timeout=30_000)
    assert page.locator(".choroplethlocation").count() > 100  # every country is drawn
    assert any(url.endswith("/app/static/world_110m.json") for url in page.requests)
    _assert_healthy(page, "regions-map")
