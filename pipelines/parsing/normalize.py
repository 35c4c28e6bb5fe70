"""One spelling for the white space, hyphens and invisible characters of a raw page.

Steps, in this order (the order makes the function idempotent):

1. Line ends: CRLF, CR, VT, FF, NEL and the Unicode line and paragraph separators -> LF.
2. Tabs and Unicode space separators (U+00A0, U+202F, U+2007, ...) -> space; U+2011
   (non-breaking hyphen) -> `-`; zero-width characters, direction marks, BOM and soft hyphens
   removed. This comes before NFC, so that a mark separated from its letter by a zero-width space
   composes now rather than on a second pass; NFC never produces a character this step would
   change (nor composes anything with a tab or a space).
3. Unicode NFC.
4. Runs of spaces -> one space (indentation too: a line keeps one leading space, which is all the
   parser reads from it), spaces at line ends removed.

Speed: the special characters present are found in two C passes over the UTF-8 bytes (one regex
with a character class is slower) and replaced only when present; NFC runs only when the text has
a character that NFC might change (`stays_nfc`), which the site's pages rarely have. The space
runs and line-end spaces are replaced by regexes that start with two literal characters, which
the regex engine scans for faster than `in` does, so they run without a check first.
"""

from __future__ import annotations

import re
import unicodedata

_REPLACEMENTS: dict[str, str] = {
    **dict.fromkeys("\r\x0b\x0c\x85\u2028\u2029", "\n"),
    **dict.fromkeys("\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007", " "),
    **dict.fromkeys("\u2008\u2009\u200a\u202f\u205f\u3000", " "),
    **dict.fromkeys("\u00ad\u180e\u200b\u200c\u200d\u200e\u200f", ""),
    **dict.fromkeys("\u2060\u2061\u2062\u2063\u2064\ufeff", ""),
    "\u2011": "-",
}
# ASCII bytes that never need replacing: dropped before looking at the rest
_COMMON_ASCII = bytes(byte for byte in range(128) if byte not in b"\t\r\x0b\x0c")
# The site's bullets and curly quotes, most of a page's other characters: neither is replaced nor
# changed by NFC, so they are dropped (as whole UTF-8 sequences) before the set is built.
_FREQUENT_KEPT = tuple(char.encode() for char in "•“”’")
_SPACE_RUN = re.compile("   *")  # two spaces or more, spelled to start with the literal pair
_SPACE_AT_LINE_END = re.compile(" \n")


def _replace_special(text: str) -> tuple[str, set[str]]:
    """The text with special characters replaced, and the other rare characters left in it."""
    # Every character to replace is non-ASCII or a rare ASCII control. The set of those present
    # comes from the UTF-8 bytes in two C passes (each character's byte sequence stays whole),
    # much faster than searching the text once per special character.
    rare = text.encode("utf-8", "surrogatepass").translate(None, _COMMON_ASCII)
    if not rare:
        return text, set()
    for kept in _FREQUENT_KEPT:
        rare = rare.replace(kept, b"")
    present = set(rare.decode("utf-8", "surrogatepass"))
    if "\r" in present:
        text = text.replace("\r\n", "\n")
    for char in present.intersection(_REPLACEMENTS):
        text = text.replace(char, _REPLACEMENTS[char])
    return text, present.difference(_REPLACEMENTS)


def stays_nfc(char: str) -> bool:
    """NFC leaves this character alone wherever it stands (quick check Yes, combining class 0).

    True of everything below the combining diacritics (U+0300) and of general punctuation
    (U+2010-U+205E: dashes, quotes, bullets); tests/parsing/test_normalize.py checks the claim
    against unicodedata. A text made only of such characters is in NFC already.
    """
    return char < "\u0300" or "\u2010" <= char <= "\u205e"


def normalize_text(text: str) -> str:
    """NFC, one kind of space and hyphen, no invisible characters, LF line ends, no end blanks."""
    return normalize_with_rare(text)[0]


def normalize_with_rare(text: str) -> tuple[str, set[str] | None]:
    """normalize_text, and a set holding every character of the result other than ASCII and the
    site's bullets and curly quotes (it may hold more); None when NFC ran, as NFC composes
    characters of its own. A test for rare characters can look there instead of at the text.
    """
    text, rare = _replace_special(text)
    if not all(map(stays_nfc, rare)):
        text = unicodedata.normalize("NFC", text)
        rare = None
    text = _SPACE_RUN.sub(" ", text)
    return _SPACE_AT_LINE_END.sub("\n", text).removesuffix(" "), rare
