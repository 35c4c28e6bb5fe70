"""What a page's URL tells: one spelling per article, and the section it is filed under.

`canonical_url`: https, lower-case host without port or credentials, the preview host
`next-en.almayadeen.net` read as `english.almayadeen.net`, no query or fragment, no trailing
slash, and percent-encoding normalized (RFC 3986: every byte that needs escaping escaped once,
with upper-case hex; unreserved characters never escaped), so `%d9%85`, `%D9%85` and `م` are
one URL.

`section_from_url`: the first two path segments are compared with the slugs of the site's
sections (`/news/politics/...` -> `Politics`, `/articles/analysis/...` -> `Analysis`,
`/videos/video-features/...` -> `Video Features`, `/infographs/...` -> `Infographs`). A slug is the
name in lower case with `&` and spaces as `-` (`arts-culture`); `arts&culture`, `artsculture`
and `arts-and-culture` are accepted as well.
"""

from __future__ import annotations

import re
from urllib.parse import SplitResult, quote, unquote, urlsplit

from pipelines.parsing.taxonomy import SITE_SECTIONS

SITE_HOST = "english.almayadeen.net"
PREVIEW_HOST = "next-en.almayadeen.net"
_HOST_NAME = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+|\[[0-9a-f:.]+\]")
_SEGMENT_SAFE = "!$&'()*+,;=:@~"
# `https://host/...` with a lower-case host and no port, credentials, white space or controls
_PLAIN_URL = re.compile(r"https?://([a-z0-9.-]+)(?=[/?#]|\Z)")
# A URL already in canonical form but for its scheme, preview host or trailing slashes: a valid
# lower-case host, and a path of characters that are never escaped (no `%`), no query, fragment,
# port, credentials or white space.
_CANONICAL_PATH = re.compile(
    r"https?://([a-z0-9-]+(?:\.[a-z0-9-]+)+)((?:/[\w.~!$&'()*+,;=:@-]*)*)", re.ASCII
)


def _slug_variants(name: str) -> set[str]:
    lower = name.lower()
    return {
        re.sub(r"[^a-z0-9]+", "-", lower).strip("-"),
        lower.replace(" ", "-"),
        re.sub(r"[^a-z0-9]+", "", lower),
        re.sub(r"[^a-z0-9]+", "-", lower.replace("&", " and ")).strip("-"),
    }


def _section_slugs() -> dict[str, str]:
    slugs: dict[str, str] = {}
    for menu, sections in SITE_SECTIONS.items():
        names = sections or (menu,)  # a menu without sections is itself where pages are filed
        for name in names:
            for slug in _slug_variants(name):
                slugs.setdefault(slug, name)
    return slugs


_SECTION_SLUGS = _section_slugs()


def _split(url: str) -> SplitResult | None:
    """Split a URL; one without a scheme is read as `host/path`, one starting with `/` as a path."""
    url = url.strip()
    if "://" not in url and not url.startswith("/"):
        url = f"https://{url}"
    try:
        return urlsplit(url)
    except ValueError:
        return None


def host_of(url: str) -> str | None:
    """The URL's host in lower case, without port or credentials; None when it has no host name."""
    plain = _PLAIN_URL.match(url)
    if plain is not None:
        # What urlsplit would find, without its cost: nothing in the way of the host name.
        host = plain.group(1).rstrip(".")
        return host if _HOST_NAME.fullmatch(host) else None
    parts = _split(url)
    if parts is None:
        return None
    host = parts.netloc.rpartition("@")[2]
    if not host.startswith("["):
        host = host.partition(":")[0]
    host = host.lower().rstrip(".")
    return host if _HOST_NAME.fullmatch(host) else None


def canonical_url(url: str) -> str:
    """One spelling of an article's URL (see the module docstring); never raises."""
    plain = _CANONICAL_PATH.fullmatch(url)
    if plain is not None:
        # Nothing to normalize but the scheme, the preview host and trailing slashes: what the
        # general path below returns, without splitting and re-quoting (5% of a parse batch).
        host, path = plain.groups()
        return f"https://{SITE_HOST if host == PREVIEW_HOST else host}{path.rstrip('/')}"
    return _canonical_general(url)


def _canonical_general(url: str) -> str:
    parts = _split(url)
    if parts is None:
        return url.strip()
    host = host_of(url) or ""
    if host == PREVIEW_HOST:
        host = SITE_HOST
    segments = (
        quote(
            unquote(segment, errors="surrogateescape"), safe=_SEGMENT_SAFE, errors="surrogateescape"
        )
        for segment in parts.path.split("/")
    )
    path = "/".join(segments).rstrip("/")
    return f"https://{host}{path}" if host else path


def section_from_url(url: str) -> str | None:
    """The site section a URL files its article under (one of SITE_SECTIONS), if it shows one."""
    plain = _CANONICAL_PATH.fullmatch(url)
    if plain is not None:
        path = plain.group(2)  # what urlsplit finds, without its cost
    else:
        parts = _split(url)
        if parts is None:
            return None
        path = parts.path
    segments = [segment for segment in path.split("/") if segment][:2]
    for segment in segments:
        section = _SECTION_SLUGS.get(unquote(segment).lower())
        if section is not None:
            return section
    return None
