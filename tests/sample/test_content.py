"""What the pages say: the seed's chrome, synthetic text, unique titles, the ticker."""

from __future__ import annotations

import re
from datetime import date
from random import Random

from pipelines.parsing.taxonomy import SITE_REGIONS
from pipelines.sample.generator import SEED_PATH
from pipelines.sample.layouts import (
    FOOTER,
    HEADER,
    WIDGETS,
    related,
    render_full,
    render_reader,
)
from pipelines.sample.text import READ_MORE, compose
from pipelines.sample.ticker import Ticker
from pipelines.sample.vocabulary import COUNTRIES
from pipelines.sample.world import (
    DAY,
    TITLE_SPACE,
    Archive,
    build_timeline,
    make_article,
    title_for,
)

SEED_TEXT = SEED_PATH.read_text(encoding="utf-8")
CREDIT = re.compile(r"\((AP|Reuters|AFP)\)$")


def archive(count: int = 300, seed: int = 0) -> Archive:
    rng = Random(seed)
    timeline = build_timeline(rng, date(2025, 1, 1), 60)
    times = timeline.publication_times(rng, count)
    return Archive([make_article(rng, seed, n, t, n % 15 == 0) for n, t in enumerate(times)])


def full_page(articles: Archive, index: int, rng: Random) -> str:
    article = articles.articles[index]
    fetched = article.published + 3600
    picked = articles.recent(rng, fetched, 4, window=50, skip=index)
    entries = [related(articles.articles[n], rng) for n in picked]
    return render_full(
        article,
        compose(articles, index, 0),
        fetched=fetched,
        ticker=Ticker(0).lines(fetched),
        most_read=entries,
        read_next=entries,
        rng=rng,
    )


def test_chrome_is_the_seeds_byte_for_byte() -> None:
    assert SEED_TEXT.startswith(HEADER)
    assert SEED_TEXT.endswith(FOOTER)
    assert "\n\nMost Read\n\n" in SEED_TEXT and f"\n\n{WIDGETS}" in SEED_TEXT


def test_full_page_has_the_seeds_block_structure() -> None:
    articles = archive()
    rng = Random(1)
    for index in range(200, 230):
        page = full_page(articles, index, rng)
        article = articles.articles[index]
        assert page.startswith(HEADER) and page.endswith(FOOTER) and not page.endswith("\n")
        lines = page[len(HEADER) :].split("\n")
        blank = lines.index("")
        assert 8 <= blank <= 12  # the ticker
        assert lines[blank + 1] == article.title and lines[blank + 2] == ""
        assert lines[blank + 3] == f"  • By {article.author}"
        date_line = lines.index(next(line for line in lines if line.endswith(" Min Read"))) - 1
        assert re.fullmatch(
            r"  • (\d{1,2} \w{3} \d{4}|Today|Yesterday) \d\d:\d\d", lines[date_line]
        )
        share = lines.index("  • x")
        assert lines[share + 1].startswith("  • ") and lines[share + 2].startswith("    Synthetic")
        assert CREDIT.search(lines[share + 2]) and lines[share + 3] == ""
        assert "\n\nMost Read\n\n" in page and f"\n\n{WIDGETS}" in page


def test_reader_page_starts_with_the_title_and_has_no_date() -> None:
    articles = archive()
    rng = Random(2)
    for index in range(50):
        page = render_reader(articles.articles[index], compose(articles, index, 0), rng)
        assert page.split("\n", 1)[0] == articles.articles[index].title
        assert "Min Read" not in page and "BREAKING" not in page


def test_titles_and_bodies_say_they_are_synthetic() -> None:
    articles = archive(400)
    for index, article in enumerate(articles.articles):
        text = compose(articles, index, 0)
        assert article.title.startswith("Synthetic ")
        assert text.summary.startswith("Synthetic ")
        assert "synthetic sample text" in text.blocks[0]
        assert article.country.name in text.blocks[0] and article.city in text.blocks[0]
        assert 3 <= len(text.tags) <= 10
        assert "Synthetic" in article.caption and CREDIT.search(article.caption)
        for block in text.blocks:
            if block.startswith(READ_MORE):
                assert block.removeprefix(READ_MORE).startswith("Synthetic ")


def test_copies_of_an_article_carry_the_same_text() -> None:
    articles = archive()
    assert compose(articles, 120, 0) == compose(articles, 120, 0)


def test_titles_never_repeat_for_distinct_serials() -> None:
    titles = {title_for(serial, 3, "Colombia")[0] for serial in range(TITLE_SPACE)}
    assert len(titles) == TITLE_SPACE
    assert title_for(TITLE_SPACE, 3, "Colombia")[0].endswith("(part 2)")


def test_ticker_is_shared_by_close_fetches_and_moves_on() -> None:
    ticker = Ticker(0)
    noon = 20_200 * DAY + 12 * 3600
    now, minutes_later, days_later = (ticker.lines(t) for t in (noon, noon + 600, noon + 5 * DAY))
    assert now == minutes_later
    assert not set(now) & set(days_later)
    assert len(set(now) & set(ticker.lines(noon + 4 * 3600))) >= 4
    for moment in range(noon, noon + 30 * DAY, 7 * 3600):
        lines = ticker.lines(moment)
        assert 8 <= len(lines) <= 12
        for line in lines:
            assert re.match(r"[^:]+: |.+ reports |.+ media says ", line), line
            assert "ynthetic" in line


def test_some_ticker_items_circulate_with_a_typo() -> None:
    ticker = Ticker(0)
    start = 20_200 * DAY
    items = [
        item for day in range(start // DAY, start // DAY + 200) for item in ticker.items_of_day(day)
    ]
    typos = [item for item in items if item.typo is not None]
    assert 0.02 <= len(typos) / len(items) <= 0.09
    assert all(item.typo != item.text for item in typos)


def test_countries_cover_every_site_region() -> None:
    assert {country.region for country in COUNTRIES} == set(SITE_REGIONS)
