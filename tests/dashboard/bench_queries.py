"""Time the dashboard's queries and page renders on a 100,000-article synthetic warehouse.

    python -m tests.dashboard.bench_queries [articles]
    python -m tests.dashboard.bench_queries --warehouse path/to/news.duckdb

Prints the median of uncached runs of each query (Streamlit's cache cleared before each), then
AppTest renders per page. With --warehouse, the queries run on a warehouse the pipeline built
(realistic text: the synthetic one draws 400 words from 3,000 at random), with search terms and
filters taken from its own articles.
"""

from __future__ import annotations

import logging
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
from streamlit import logger as streamlit_logger

# Outside `streamlit run` every cached function warns that there is no runtime, from its import
# on; Streamlit gives each logger it creates its global level, so that level is lowered first.
streamlit_logger.set_log_level(logging.ERROR)

from dashboard import queries, search  # noqa: E402
from dashboard.connection import current_snapshot  # noqa: E402
from dashboard.filters import Filters  # noqa: E402
from tests.dashboard import factory  # noqa: E402
from warehouse import search_index  # noqa: E402

PAGES = ("overview", "coverage", "regions", "topics", "search", "breaking", "articles", "links",
         "health", "sql")  # fmt: skip


def _median_ms(call, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


@dataclass(frozen=True)
class Terms:
    word: str
    phrase_or: str
    narrowed: Filters
    ticker: str
    article_id: str


SYNTHETIC_TERMS = Terms(
    word="w1234",
    phrase_or='"w12 w13" OR w2999',
    narrowed=Filters(date_from=date(2022, 1, 1), date_to=date(2023, 12, 31), regions=("MENA",)),
    ticker="item 12",
    article_id="0000000000000007",
)


def main(articles: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:  # ~200 MB at 100k articles
        started = time.perf_counter()
        warehouse = factory.build_large_warehouse(Path(folder) / "news.duckdb", articles=articles)
        print(f"built {articles:,} articles in {time.perf_counter() - started:.1f} s")
        run(warehouse, SYNTHETIC_TERMS)


def terms_from(warehouse: Path) -> Terms:
    """Search terms and filters found in a pipeline-built warehouse (deterministic).

    Searched words are topical: each is in 2-15% of the articles (w1234 of the synthetic
    warehouse is in 12.5%), not the boilerplate every generated article repeats.
    """
    with duckdb.connect(str(warehouse), read_only=True) as con:
        (articles,) = con.execute("SELECT count(*) FROM articles").fetchone()

        def share(word: str) -> float:
            (word_hash,) = search_index.term_words(word).hashes
            (found,) = con.execute(
                "SELECT count(*) FROM parsed.search_words WHERE word = $1::UBIGINT", [word_hash]
            ).fetchone()
            return found / articles

        bodies = con.execute(
            "SELECT article_id, body FROM articles WHERE word_count > 50 ORDER BY article_id "
            "LIMIT 50"
        ).fetchall()
        (region,) = con.execute(
            "SELECT region FROM regions GROUP BY ALL ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        first, last = con.execute(
            "SELECT min(published_date), max(published_date) FROM articles"
        ).fetchone()
        (ticker,) = con.execute("SELECT text FROM breaking_items ORDER BY item_id").fetchone()
        topical, pairs = [], []
        for _, body in bodies:
            words = body.split()
            for left, right in zip(words, words[1:], strict=False):
                if left.isalpha() and len(left) > 3 and 0.02 <= share(left) <= 0.15:
                    topical.append(left)
                    if right.isalpha() and share(right) <= 0.3:
                        pairs.append(f"{left} {right}")
            if len(topical) > 2 and pairs:
                break
    middle = first + (last - first) / 4
    other = next(word for word in topical if word not in pairs[0].split())
    return Terms(
        word=topical[0],
        phrase_or=f'"{pairs[0]}" OR {other}',
        narrowed=Filters(date_from=middle, date_to=middle + (last - first) / 2, regions=(region,)),
        ticker=" ".join(ticker.split()[:2]),
        article_id=bodies[0][0],
    )


def run(warehouse: Path, terms: Terms) -> None:
    snap = current_snapshot(warehouse)
    everything = Filters()
    narrowed = terms.narrowed
    print(f"terms: {terms}")
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
            snap, everything, search.parse(terms.word), "month"
        ),
        "search phrase OR": lambda: queries.search_articles(
            snap, everything, search.parse(terms.phrase_or), "month"
        ),
        "search narrowed": lambda: queries.search_articles(
            snap, narrowed, search.parse(terms.word), "month"
        ),
        "ticker per day": lambda: queries.ticker_per_day(snap, everything),
        "ticker items": lambda: queries.ticker_items(snap, everything, terms.ticker),
        "article list": lambda: queries.article_list(snap, everything, ""),
        "article detail": lambda: queries.article_detail(snap, terms.article_id),
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
    slowest = max(medians, key=medians.get)
    print(f"  worst: {slowest} {medians[slowest]:.1f} ms")

    from streamlit.testing.v1 import AppTest

    os.environ["NEWS_DUCKDB"] = str(warehouse)
    app = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
    print("page renders (AppTest, first run then warm median of 3):")
    for page in PAGES:
        at = AppTest.from_file(app, default_timeout=120)
        at.run()
        at.switch_page(f"app_pages/{page}.py")
        if page == "search":
            at.session_state["search_text"] = terms.word
        first = _median_ms(at.run, repeat=1)
        warm = _median_ms(at.run, repeat=3)
        assert not at.exception, at.exception
        print(f"  {page:12} first {first:8.1f} ms   warm {warm:7.1f} ms")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--warehouse":
        built = Path(sys.argv[2])
        run(built, terms_from(built))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
