"""From a raw file's bytes to text, saying which encoding was used and what looked wrong.

Order of the checks:

1. A byte order mark decides: UTF-8 (`utf-8-sig`), UTF-32 or UTF-16 (LE/BE).
2. NUL bytes mean binary, unless they sit at every other position of an even-length file, which
   is UTF-16 saved without a byte order mark.
3. More than 10% control bytes (other than tab, line feed, carriage return, form feed) is binary.
4. Valid UTF-8 is UTF-8. A file cut inside its last character is UTF-8 without those bytes;
   one with a few damaged bytes (at least twice as many good non-ASCII characters as bad
   sequences) is UTF-8 with U+FFFD in their place. Both say so.
5. Otherwise the text is decoded as Windows-1252 (what copies saved by Windows tools use), and the
   page says so. Only when more than a fifth of the bytes are non-ASCII, which English in
   Windows-1252 never is (an Arabic page in Windows-1256 is), `charset_normalizer` is asked for a
   better guess.

Empty and white-space-only files are text; the parser quarantines them as empty.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_ASCII_BYTES = bytes(range(128))
_MAX_CONTROL_SHARE = 0.10
_MAX_NON_ASCII_SHARE = 0.20
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str | None  # None when the bytes are not text
    encoding: str | None  # the codec that produced `text`
    problems: list[str] = field(default_factory=list)
    is_binary: bool = False


def _read_as_latin1(error: UnicodeError) -> tuple[str, int]:
    """cp1252 leaves five bytes undefined; like Windows itself, read those as Latin-1."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


_LATIN1_FALLBACK = "news-warehouse-latin1"
codecs.register_error(_LATIN1_FALLBACK, _read_as_latin1)


def _binary(reason: str) -> DecodedText:
    return DecodedText(None, None, [f"binary file: {reason}"], is_binary=True)


def _decode_with_bom(data: bytes) -> DecodedText | None:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data.decode(codec), name)
            except UnicodeDecodeError:
                if codec == "utf-32":
                    continue  # FF FE 00 00 can also be UTF-16 LE with a NUL first character
                problem = f"invalid {name.upper()} bytes after the byte order mark; replaced"
                return DecodedText(data.decode(codec, errors="replace"), name, [problem])
    return None


def _utf16_without_bom(data: bytes) -> DecodedText | None:
    if len(data) % 2 or len(data) < 4:
        return None
    nul_at_odd, nul_at_even = data[1::2].count(0), data[0::2].count(0)
    half = len(data) // 2
    for nuls, others, codec in (
        (nul_at_odd, nul_at_even, "utf-16-le"),
        (nul_at_even, nul_at_odd, "utf-16-be"),
    ):
        if nuls >= 0.8 * half and others == 0:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            return DecodedText(text, codec, [f"no byte order mark; decoded as {codec.upper()}"])
    return None


def _guess_other_encoding(data: bytes) -> DecodedText | None:
    from charset_normalizer import from_bytes  # imported here: rarely needed, slow to import

    try:
        best = from_bytes(data).best()
    except Exception:  # a guess is optional: any failure falls back to cp1252
        return None
    if best is None or best.encoding in ("cp1252", "latin_1", "iso8859_15"):
        return None
    return DecodedText(
        str(best), best.encoding, [f"not UTF-8; decoded as {best.encoding} (guessed)"]
    )


def decode_bytes(data: bytes) -> DecodedText:
    """Decode a raw page's bytes; binary content gives `text=None` and says why."""
    with_bom = _decode_with_bom(data)
    if with_bom is not None:
        return with_bom
    if b"\x00" in data:
        return _utf16_without_bom(data) or _binary("contains NUL bytes")
    if data:
        controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
        if controls > _MAX_CONTROL_SHARE * len(data):
            return _binary(f"{controls / len(data):.0%} of its bytes are control characters")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data":
            problem = "file ends inside a UTF-8 character (cut off): its last bytes were dropped"
            return DecodedText(data[: error.start].decode("utf-8"), "utf-8", [problem])
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8
    non_ascii = len(data.translate(None, _ASCII_BYTES))
    if non_ascii > _MAX_NON_ASCII_SHARE * len(data):
        guessed = _guess_other_encoding(data)
        if guessed is not None:
            return guessed
    text = data.decode("cp1252", errors=_LATIN1_FALLBACK)
    return DecodedText(text, "cp1252", ["not UTF-8; decoded as cp1252"])


def _mostly_utf8(data: bytes) -> DecodedText | None:
    """UTF-8 with a few damaged bytes (at least twice as many good non-ASCII characters)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    if good < 2 * bad:
        return None
    return DecodedText(text, "utf-8", [f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD"])
