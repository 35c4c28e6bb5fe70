"""canonical_url and section_from_url."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.parsing import canonical_url, section_from_url
from pipelines.parsing.urls import host_of

SITE = "https://english.almayadeen.net"


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        (f"{SITE}/news/politics/made-up-slug", f"{SITE}/news/politics/made-up-slug"),
        (
            "http://English.AlMayadeen.net/news/politics/made-up-slug/",
            f"{SITE}/news/politics/made-up-slug",
        ),
        (
            "https://next-en.almayadeen.net/news/politics/made-up?utm=x#top",
            f"{SITE}/news/politics/made-up",
        ),
        (
            "https://english.almayadeen.net:443/articles/analysis/made-up",
            f"{SITE}/articles/analysis/made-up",
        ),
        ("english.almayadeen.net/news/politics/made-up", f"{SITE}/news/politics/made-up"),
        (
            f"{SITE}/news/arts%26culture/%d9%85%D8%AB%D8%A7%D9%84",
            f"{SITE}/news/arts&culture/%D9%85%D8%AB%D8%A7%D9%84",
        ),
        (f"{SITE}/news/arts&culture/مثال", f"{SITE}/news/arts&culture/%D9%85%D8%AB%D8%A7%D9%84"),
        (f"{SITE}/news/a%2Fb%25c", f"{SITE}/news/a%2Fb%25c"),
        (f"{SITE}/", SITE),
    ],
)
def test_canonical_url(url, canonical):
    assert canonical_url(url) == canonical
    assert canonical_url(canonical) == canonical


@pytest.mark.parametrize(
    ("url", "section"),
    [
        (f"{SITE}/news/politics/made-up", "Politics"),
        (f"{SITE}/articles/analysis/made-up", "Analysis"),
        (f"{SITE}/news/arts-culture/made-up", "Arts&Culture"),
        (f"{SITE}/news/arts&culture/made-up", "Arts&Culture"),
        (f"{SITE}/news/Arts%26Culture/made-up", "Arts&Culture"),
        (f"{SITE}/videos/video-features/made-up", "Video Features"),
        (f"{SITE}/videos/newsfeed/made-up", "NewsFeed"),
        (f"{SITE}/videos/digital-series/made-up", "Digital Series"),
        (f"{SITE}/infographs/made-up", "Infographs"),
        (f"{SITE}/in-pictures/made-up", "In Pictures"),
        (f"{SITE}/news/made-up-politics-story", None),
        ("/news/economy/made-up", "Economy"),
        ("https://[::1", None),
    ],
)
def test_section_from_url(url, section):
    assert section_from_url(url) == section


@given(st.text(max_size=200))
def test_never_raise(url):
    assert isinstance(canonical_url(url), str)
    section_from_url(url)


@given(
    st.from_regex(r"https?://[a-z0-9.-]{0,30}(?:[/?#][ -~]{0,40})?", fullmatch=True)
    | st.text(max_size=60)
)
def test_host_of_plain_urls_as_urlsplit_reads_them(url):
    # A leading space takes host_of past its fast path for plain URLs, to urlsplit.
    assert host_of(url) == host_of(" " + url)
