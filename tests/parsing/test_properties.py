"""parse_page never raises, whatever text it is given."""

from __future__ import annotations

from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.parsing import Layout, ParsedPage, Status, parse_page
from tests.parsing.pages import page_text, seed_text

SEED_LINES = seed_text().split("\n")
MADE_UP_LINES = page_text("made_up_reader.txt").split("\n")
URLS = st.sampled_from(
    [
        None,
        "https://english.almayadeen.net/news/politics/made-up",
        "https://next-en.almayadeen.net/news/politics/made-up",
        "https://www.example.org/made-up",
        "not a url",
    ]
)
FETCH_TIMES = st.one_of(st.none(), st.datetimes(min_value=datetime(1, 1, 2)))


def check(page: ParsedPage) -> None:
    assert isinstance(page, ParsedPage)
    assert page.layout in set(Layout)
    assert page.status in set(Status)
    if page.status is not Status.PARSED:
        assert page.problems
    assert sum(row.is_primary for row in page.regions) == (1 if page.regions else 0)


@given(st.text(), URLS, FETCH_TIMES)
def test_arbitrary_text(text, url, fetched_at):
    check(parse_page(text, url=url, fetched_at=fetched_at))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(SEED_LINES), st.integers(0, 12_000), URLS)
def test_seed_lines_shuffled_and_cut(lines, cut, url):
    check(parse_page("\n".join(lines)[:cut], url=url))


@given(st.integers(0, len(seed_text())), FETCH_TIMES)
def test_seed_cut_anywhere(cut, fetched_at):
    page = parse_page(seed_text()[:cut], fetched_at=fetched_at)
    check(page)
    if cut < seed_text().index("All Rights Reserved") + len("All Rights Reserved"):
        assert page.truncated or page.layout is not Layout.FULL
    else:
        assert page == parse_page(seed_text(), fetched_at=fetched_at)


@given(
    st.lists(
        st.sampled_from(SEED_LINES + MADE_UP_LINES + ["", "-", "BREAKING", "  • x"]), max_size=80
    ),
    URLS,
)
def test_mixed_lines(lines, url):
    check(parse_page("\n".join(lines), url=url))
