"""Which layout a page is, before any field is read.

In this order:

1. Nothing but white space: EMPTY.
2. A URL whose host is not almayadeen.net (or one of its subdomains): FOREIGN.
3. The Spanish edition (host espanol.almayadeen.net, `Al Mayadeen Español`, or two of its
   markers: `LEA TAMBIÉN:`, a `1. Inicio` breadcrumb, an `Inicio` menu bullet, `Fuente:`, a date
   like `25 Marzo 2024`): SPANISH.
4. More Arabic letters than Latin ones (in the first 2,000 characters): ARABIC.
5. First line `Al Mayadeen English`: FULL when bullets or `Slogan` follow (or nothing: a page
   cut in its header), VIDEO when a plain line (the title) follows. A `BREAKING` line also
   means FULL.
6. HTML source or an error page (`404 Not Found`, `Access denied`, ...): FOREIGN.
7. Reader layout: accepted when the URL is the site's, or when the text carries one of the
   site's marks: the `-` line or an image caption with a credit among the first five lines,
   a `Read more:` line, the name `Al Mayadeen`, or `'Israel'` in quotes as the site writes it.
   Anything else is FOREIGN: "page of another site (no Al Mayadeen markers)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from pipelines.parsing.lines import SITE_NAME, bullet_text, looks_like_caption
from pipelines.parsing.model import Layout
from pipelines.parsing.urls import host_of

SITE_DOMAIN = "almayadeen.net"
SPANISH_HOST = "espanol.almayadeen.net"
_SAMPLE_CHARS = 5000
_ARABIC_SAMPLE_CHARS = 2000
# U+0600-U+06FF and U+0750-U+077F start with these bytes in UTF-8
_NOT_ARABIC_LEAD_BYTES = bytes(byte for byte in range(256) if byte not in b"\xd8\xd9\xda\xdb\xdd")
_NOT_LATIN_LETTERS = bytes(
    byte for byte in range(256) if not chr(byte).isascii() or not chr(byte).isalpha()
)
_SPANISH_MONTHS = (
    "Enero|Febrero|Marzo|Abril|Mayo|Junio|Julio|Agosto|Septiembre|Setiembre|Octubre|Noviembre"
    "|Diciembre"
)
_SPANISH_MARKERS = (
    re.compile(r"LEA TAMBIÉN:"),
    re.compile(r"^1\. Inicio$", re.MULTILINE),
    re.compile(r"^\s*• Inicio$", re.MULTILINE),
    re.compile(r"^\s*• Fuente:", re.MULTILINE),
    re.compile(rf"\b\d{{1,2}} (?:{_SPANISH_MONTHS}) \d{{4}}\b"),
)
_ERROR_PAGE = re.compile(
    r"(?:\d{3}\b.*|access denied|forbidden|(?:page )?not found|service unavailable|bad gateway"
    r"|too many requests|just a moment\.*|attention required!.*|request blocked.*)",
    re.IGNORECASE,
)
_HTML = re.compile(r"<(?:!doctype|html|head|body|div|script)\b", re.IGNORECASE)
_SITE_QUOTES = ("'Israel'", "‘Israel’", "“Israel”", '"Israel"', "Al Mayadeen")


@dataclass(frozen=True, slots=True)
class Detected:
    layout: Layout
    reason: str | None = None  # why a page is quarantined


# Detected is frozen: the verdicts without a reason are made once, not once per page.
_FULL, _VIDEO, _READER = Detected(Layout.FULL), Detected(Layout.VIDEO), Detected(Layout.READER)


def _is_site_host(host: str) -> bool:
    return host == SITE_DOMAIN or host.endswith("." + SITE_DOMAIN)


def _is_spanish(text: str, host: str | None) -> bool:
    # `ñ` first: a one-character search is many times faster, and most pages have none.
    if host == SPANISH_HOST or ("ñ" in text and "Al Mayadeen Español" in text):
        return True
    # One of these words is on every Spanish page; searched within the head by bounds, not in a
    # copy of it.
    if (
        text.find("Inicio", 0, _SAMPLE_CHARS) < 0
        and text.find("Fuente:", 0, _SAMPLE_CHARS) < 0
        and text.find("LEA TAMBI", 0, _SAMPLE_CHARS) < 0
    ):
        return False
    found = sum(1 for marker in _SPANISH_MARKERS if marker.search(text, 0, _SAMPLE_CHARS))
    return found + (text.find("LEA TAMBIÉN:", _SAMPLE_CHARS) >= 0) >= 2


def _is_arabic_letter(char: str) -> bool:
    """The characters whose UTF-8 lead byte _is_arabic counts."""
    return "\u0600" <= char <= "\u06ff" or "\u0740" <= char <= "\u077f"


def _is_arabic(text: str, rare: set[str] | None) -> bool:
    """More Arabic than Latin letters, counted by their UTF-8 lead bytes (a C loop, not a regex).

    `rare`, when known, holds every character of the text beyond ASCII and the site's bullets and
    quotes (normalize_with_rare): without an Arabic letter there, the text has none.
    """
    if rare is not None and not any(map(_is_arabic_letter, rare)):
        return False
    sample = text[:_ARABIC_SAMPLE_CHARS]
    if sample.isascii():
        return False
    data = sample.encode("utf-8", "surrogatepass")
    arabic = len(data.translate(None, _NOT_ARABIC_LEAD_BYTES))
    return arabic > 0 and arabic > len(data.translate(None, _NOT_LATIN_LETTERS))


def _has_site_marks(text: str, blocks: list[str]) -> bool:
    head = blocks[:5]
    return (
        "-" in head
        or any(looks_like_caption(block) for block in head)
        or "\nRead more: " in text
        or any(mark in text for mark in _SITE_QUOTES)
    )


def _first_blocks(lines: list[str], count: int) -> list[str]:
    return list(islice(filter(None, map(str.strip, lines)), count))


def detect_layout(
    text: str, lines: list[str], url: str | None, rare: set[str] | None = None
) -> Detected:
    """The page's layout; `rare` as normalize_with_rare gives it (None: not known)."""
    if not text or text.isspace():  # `not text.strip()` without copying the text
        return Detected(Layout.EMPTY, "empty file" if not text else "file holds only white space")
    host = host_of(url) if url else None
    if host is not None and not _is_site_host(host):
        return Detected(Layout.FOREIGN, f"page of another site ({host})")
    if _is_spanish(text, host):
        return Detected(Layout.SPANISH, "Spanish edition: not parsed yet")
    if _is_arabic(text, rare):
        return Detected(Layout.ARABIC, "Arabic edition: not parsed yet")

    blocks = _first_blocks(lines, 5)
    if blocks[0] == SITE_NAME:
        second = blocks[1] if len(blocks) > 1 else None
        if second is None or second == "Slogan" or bullet_text(second) is not None:
            return _FULL
        return _VIDEO
    if "\nBREAKING\n" in text or text.startswith("BREAKING\n"):
        return _FULL
    # `<` first: a one-character search is many times faster, and most pages have none.
    if text.find("<", 0, _SAMPLE_CHARS) >= 0 and _HTML.search(text, 0, _SAMPLE_CHARS):
        return Detected(Layout.FOREIGN, "HTML source, not a rendered page")
    if _ERROR_PAGE.fullmatch(blocks[0]):
        return Detected(Layout.FOREIGN, f"error page, not an article ({blocks[0][:80]!r})")
    if (host is not None and _is_site_host(host)) or _has_site_marks(text, blocks):
        return _READER
    return Detected(Layout.FOREIGN, "page of another site (no Al Mayadeen markers)")
