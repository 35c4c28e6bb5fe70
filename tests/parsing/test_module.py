"""The package's surface: its exports, its imports, its speed."""

from __future__ import annotations

import statistics
import subprocess
import sys
import timeit

import pipelines.parsing as parsing
from tests.parsing.pages import SEED_FETCHED_AT, SEED_URL, seed_text

API = {
    "DecodedText",
    "Layout",
    "LinkKind",
    "ParsedPage",
    "RegionMention",
    "RelatedLink",
    "Status",
    "TickerItem",
    "canonical_url",
    "decode_bytes",
    "infer_regions",
    "normalize_text",
    "parse_page",
    "section_from_url",
}


def test_exports():
    assert set(parsing.__all__) == API
    assert all(hasattr(parsing, name) for name in API)


def test_imports_neither_dagster_nor_duckdb_and_starts_fast():
    code = (
        "import sys, time\n"
        "started = time.perf_counter()\n"
        "import pipelines.parsing as p\n"
        "p.parse_page(open(sys.argv[1], encoding='utf-8').read())\n"
        "print(time.perf_counter() - started)\n"
        "assert not {'dagster', 'duckdb', 'polars'} & set(sys.modules), sorted(sys.modules)\n"
    )
    from tests.parsing.pages import PAGES

    result = subprocess.run(
        [sys.executable, "-c", code, str(PAGES / "seed_full.txt")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert float(result.stdout) < 1.0  # import, gazetteer and first page (about 0.1 s here)


def test_seed_parses_in_well_under_a_millisecond():
    text = seed_text()
    parsing.parse_page(text)
    runs = timeit.repeat(
        lambda: parsing.parse_page(text, fetched_at=SEED_FETCHED_AT, url=SEED_URL),
        number=50,
        repeat=7,
    )
    # about 0.35 ms on the development machine; the bound leaves room for slower CI runners
    assert statistics.median(runs) / 50 < 0.002
