"""canonical_url and section_from_url."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.parsing import canonical_url, section_from_url
from pipelines.parsing.urls import _canonical_general, host_of

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


# URLs in canonical form but for the scheme, the preview host or trailing slashes (the fast
# path's), with now and then one character that sends them down the general path.
_PLAIN_LIKE = st.from_regex(
    r"https?://(?:english\.almayadeen\.net|next-en\.almayadeen\.net|[a-z0-9-]{1,8}\.[a-z]{2,3})"
    r"(?:/[A-Za-z0-9._~!$&'()*+,;=:@-]{0,12}){0,4}/{0,2}"
    r"[%?# \tA-Z.:\u0645]?",
    fullmatch=True,
)


@given(
    _PLAIN_LIKE
    | st.from_regex(
        r"(?:https?://|HTTPS://|//|)"
        r"(?:[a-zA-Z0-9.-]{0,12}|[a-z]{1,5}\.[a-z]{2,3}\.?|user@[a-z]{1,5}\.net|[a-z]{1,5}\.net:443)?"
        r"[/?#%. ~!$&'()*+,;=:@_\w\u0645\t\n-]{0,30}",
        fullmatch=True,
    )
    | st.text(max_size=60)
)
def test_fast_paths_agree_with_the_general_ones(url):
    # Plain URLs (most of a real folder's) skip splitting and re-quoting: the same results.
    assert canonical_url(url) == _canonical_general(url)
    # A leading space keeps section_from_url off its fast path and changes nothing else.
    assert section_from_url(url) == section_from_url(" " + url)
