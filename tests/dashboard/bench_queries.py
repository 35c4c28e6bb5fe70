"""Time the dashboard's queries and page renders on a 100,000-article synthetic warehouse.

    python -m tests.dashboard.bench_queries [articles]

Prints the median of cold (uncached) runs of each query, then warm AppTest renders per page.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from dashboard import queries, search
from dashboard.connection import current_snapshot
from dashboard.filters import Filters
from tests.dashboard import factory

PAGES = ("overview", "coverage", "regions", "topics", "search", "breaking", "articles", "links",
         "health", "sql")  # fmt: skip


def _median_ms(call, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(articles: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:  # ~100 MB at 100k articles
        run(Path(folder), articles)


def run(folder: Path, articles: int) -> None:
    started = time.perf_counter()
    warehouse = factory.build_large_warehouse(folder / "news.duckdb", articles=articles)
    print(f"built {articles:,} articles in {time.perf_counter() - started:.1f} s")
    snap = current_snapshot(warehouse)
    everything = Filters()
    narrowed = Filters(date_from=date(2022, 1, 1), date_to=date(2023, 12, 31), regions=("MENA",))
    cases = {
        "filter_options": lambda: queries.filter_options(snap),
        "headline": lambda: queries.headline(snap, everything),
        "coverage week": lambda: queries.coverage(snap, everything, "week", None),
        "coverage month/region": lambda: queries.coverage(snap, everything, "month", "region"),
        "coverage day/tag narrowed": lambda: queries.coverage(snap, narrowed, "day", "tag"),
        "top tags": lambda: queries.top_values(snap, everything, "tag"),
        "country counts": lambda: queries.country_counts(snap, everything),
        "region by section": lambda: queries.region_by_section(snap, everything),
        "tag pairs": lambda: queries.tag_pairs(snap, everything),
        "tags in periods": lambda: queries.tag_counts_in_periods(
            snap,
            everything,
            (date(2023, 1, 1), date(2023, 6, 30)),
            (date(2023, 7, 1), date(2023, 12, 31)),
        ),  # fmt: skip
        "search one word": lambda: queries.search_articles(
            snap, everything, search.parse("w1234"), "month"
        ),
        "search phrase OR": lambda: queries.search_articles(
            snap, everything, search.parse('"w12 w13" OR w2999'), "month"
        ),
        "search narrowed": lambda: queries.search_articles(
            snap, narrowed, search.parse("w1234"), "month"
        ),
        "ticker per day": lambda: queries.ticker_per_day(snap, everything),
        "ticker items": lambda: queries.ticker_items(snap, everything, "item 12"),
        "article list": lambda: queries.article_list(snap, everything, ""),
        "article detail": lambda: queries.article_detail(snap, "0000000000000007"),
        "most linked": lambda: queries.most_linked(snap, everything, queries.LINK_KINDS),
        "link resolution": lambda: queries.link_resolution(snap, everything),
        "pages by status": lambda: queries.pages_by_status_layout(snap),
        "field completeness": lambda: queries.field_completeness(snap),
        "pages per day": lambda: queries.pages_per_day(snap),
    }
    print("query medians (cold cache, 5 runs):")
    medians = {}
    for name, call in cases.items():
        medians[name] = _median_ms(lambda call=call: (queries.st.cache_data.clear(), call()))
        print(f"  {name:28} {medians[name]:8.1f} ms")
    print(f"  median of all queries: {statistics.median(medians.values()):.1f} ms")

    from streamlit.testing.v1 import AppTest

    os.environ["NEWS_DUCKDB"] = str(warehouse)
    app = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
    print("page renders (AppTest, first run then warm median of 3):")
    for page in PAGES:
        at = AppTest.from_file(app, default_timeout=120)
        at.run()
        at.switch_page(f"app_pages/{page}.py")
        if page == "search":
            at.session_state["search_text"] = "w1234"
        first = _median_ms(at.run, repeat=1)
        warm = _median_ms(at.run, repeat=3)
        assert not at.exception, at.exception
        print(f"  {page:12} first {first:8.1f} ms   warm {warm:7.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
