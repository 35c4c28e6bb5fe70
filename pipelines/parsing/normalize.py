"""One spelling for the white space, hyphens and invisible characters of a raw page.

Steps, in this order (the order makes the function idempotent):

1. Line ends: CRLF, CR, VT, FF, NEL and the Unicode line and paragraph separators -> LF.
2. Unicode space separators (U+00A0, U+202F, U+2007, ...) -> space; U+2011 (non-breaking hyphen)
   -> `-`; zero-width characters, direction marks, BOM and soft hyphens removed. This comes
   before NFC, so that a mark separated from its letter by a zero-width space composes now
   rather than on a second pass; NFC never produces a character this step would change.
3. Unicode NFC.
4. Tabs -> space, runs of spaces -> one space (indentation too: a line keeps one leading space,
   which is all the parser reads from it), spaces at line ends removed.

Speed: the text is searched for each special character (a fast C loop; one regex with a character
class is slower) and replaced only when present; NFC is a no-op check on most pages.
"""

from __future__ import annotations

import re
import unicodedata

_REPLACEMENTS: dict[str, str] = {
    **dict.fromkeys("\r\x0b\x0c\x85\u2028\u2029", "\n"),
    **dict.fromkeys("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007", " "),
    **dict.fromkeys("\u2008\u2009\u200a\u202f\u205f\u3000", " "),
    **dict.fromkeys("\u00ad\u180e\u200b\u200c\u200d\u200e\u200f", ""),
    **dict.fromkeys("\u2060\u2061\u2062\u2063\u2064\ufeff", ""),
    "\u2011": "-",
}
# ASCII bytes that never need replacing: dropped before looking at what is left
_COMMON_ASCII = bytes(byte for byte in range(128) if byte not in b"\r\x0b\x0c")
_SPACE_RUN = re.compile("  +")


def _replace_special(text: str) -> str:
    # Every character to replace is non-ASCII or a rare ASCII control. The set of those present
    # comes from the UTF-8 bytes in two C passes (each character's byte sequence stays whole),
    # much faster than searching the text once per special character.
    rare = text.encode("utf-8", "surrogatepass").translate(None, _COMMON_ASCII)
    if not rare:
        return text
    present = set(rare.decode("utf-8", "surrogatepass"))
    if "\r" in present:
        text = text.replace("\r\n", "\n")
    for char in present.intersection(_REPLACEMENTS):
        text = text.replace(char, _REPLACEMENTS[char])
    return text


def normalize_text(text: str) -> str:
    """NFC, one kind of space and hyphen, no invisible characters, LF line ends, no end blanks."""
    text = _replace_special(text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    if "\t" in text:
        text = text.replace("\t", " ")
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    if " \n" in text:
        text = text.replace(" \n", "\n")
    return text.removesuffix(" ")
