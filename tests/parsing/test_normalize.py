"""normalize_text: spaces, hyphens, invisible characters, line ends; idempotent for all text."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pipelines.parsing import normalize_text


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
