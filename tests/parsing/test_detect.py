"""detect_layout's shortcut: the rare characters normalize_with_rare reports decide nothing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipelines.parsing.detect import _is_arabic_letter, detect_layout
from pipelines.parsing.normalize import normalize_with_rare

ARABIC_LEAD_BYTES = b"\xd8\xd9\xda\xdb\xdd"  # what _is_arabic counts


def test_arabic_letters_are_the_characters_whose_lead_byte_is_counted():
    for code in range(0x80, 0x10000):
        encoded = chr(code).encode("utf-8", "surrogatepass")
        counted = len(encoded) == 2 and encoded[0] in ARABIC_LEAD_BYTES
        assert _is_arabic_letter(chr(code)) == counted, hex(code)


_ARABIC = st.characters(min_codepoint=0x600, max_codepoint=0x77F)
_PAGE_CHARACTERS = _ARABIC | st.characters(codec="utf-8") | st.sampled_from("ñ•“”’\u0301\n ")


@given(st.text(alphabet=_PAGE_CHARACTERS))
def test_same_layout_with_and_without_the_rare_characters(raw):
    text, rare = normalize_with_rare(raw)
    lines = text.split("\n")
    assert detect_layout(text, lines, None, rare) == detect_layout(text, lines, None)
