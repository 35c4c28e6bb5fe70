"""normalize_text: spaces, hyphens, invisible characters, line ends; idempotent for all text."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pipelines.parsing import normalize_text, page
from pipelines.parsing.full import SITE_HEADER
from pipelines.parsing.normalize import normalize_with_rare, stays_nfc


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("On September\u202f2,\u202fthe US", "On September 2, the US"),
        ("El País,\u00a0\u00a0 to", "El País, to"),
        ("figure\u2007 1", "figure 1"),
        ("non\u2011breaking", "non-breaking"),
        ("zero\u200bwidth soft\u00adhyphen\ufeff", "zerowidth softhyphen"),
        ("a  b\t\tc \t d", "a b c d"),
        ("trailing   \nspaces \u00a0\nend ", "trailing\nspaces\nend"),
        ("crlf\r\nand cr\ronly", "crlf\nand cr\nonly"),
        ("line\u2028separator", "line\nseparator"),
        ("e\u0301", "é"),  # NFC
        ("e\u200b\u0301", "é"),  # the mark composes once the zero-width space is gone
        ("    • indented bullet", " • indented bullet"),
    ],
)
def test_examples(raw, expected):
    assert normalize_text(raw) == expected


@given(st.text())
@example("e\u200b\u0301")
@example("\u2000\u0301")
@example(" \r\n \n")
@example("a\t \u00a0\u202f\n")
def test_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_no_special_characters_survive(text):
    normalized = normalize_text(text)
    for char in "\r\u00a0\u202f\u2007\u2011\u200b\u00ad\t":
        assert char not in normalized
    assert "  " not in normalized
    assert " \n" not in normalized


def _second_parts_of_compositions() -> set[str]:
    """Characters that NFC may compose with the character before them (all but Hangul jamo)."""
    seconds = set()
    for code in range(sys.maxunicode + 1):
        parts = unicodedata.decomposition(chr(code)).split()
        if parts and not parts[0].startswith("<"):  # canonical, not compatibility
            seconds.update(chr(int(part, 16)) for part in parts[1:])
    return seconds


def test_characters_said_to_stay_nfc_do():
    """normalize_text skips NFC for texts made only of these: each must be NFC quick check Yes."""
    seconds = _second_parts_of_compositions()
    claimed = [chr(code) for code in range(sys.maxunicode + 1) if stays_nfc(chr(code))]
    assert len(claimed) == 0x300 + 0x4F
    for char in claimed:
        assert unicodedata.combining(char) == 0, hex(ord(char))
        assert unicodedata.normalize("NFC", char) == char, hex(ord(char))
        assert char not in seconds, hex(ord(char))
        assert not "\u1100" <= char <= "\u11ff", hex(ord(char))  # Hangul jamo compose by rule


@given(st.text(alphabet=st.characters(max_codepoint=0x2FF) | st.sampled_from("‘’“”–—•…‹›")))
def test_text_of_characters_that_stay_nfc_is_nfc(text):
    assert unicodedata.is_normalized("NFC", text)


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("•“”’\u0301\t")))
def test_rare_characters_hold_every_character_beyond_ascii_bullets_and_quotes(text):
    normalized, rare = normalize_with_rare(text)
    assert normalized == normalize_text(text)
    if rare is not None:
        assert {char for char in normalized if not char.isascii()} - set("•“”’") <= rare


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("\r\n\t \u0301\u00a0•")))
@example("\n")
@example("\r\n")
@example(" ")
@example("\u0301")
def test_a_page_that_opens_with_the_site_header_reads_as_if_normalized_whole(rest):
    text = SITE_HEADER + rest
    normalized, rare = normalize_with_rare(text)
    assert page._normalized(text) == (normalized, rare, normalized.split("\n"))
