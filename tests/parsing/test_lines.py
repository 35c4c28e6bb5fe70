"""Single-line readings: the credit search begun near the end finds what a full search does."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from pipelines.parsing.lines import _CREDIT, _credit

_CAPTION_PARTS = st.sampled_from(
    ["A", "made-up", "caption", "(AP)", "(AP Photo/Made Up)", "(part 2)", "(", ")", " ", "  ",
     "\t", "\n", "©", "(© Made Up)", "x" * 80, "(Reuters)", "(Made (Up))"]
)  # fmt: skip


@given(st.lists(_CAPTION_PARTS, max_size=12).map("".join) | st.text(max_size=120))
@example("Made-up caption \t (AP)")
@example("(AP)")
@example("a (AP)\n")
def test_credit_search_from_the_last_parenthesis(line):
    expected = _CREDIT.search(line)
    found = _credit(line)
    assert (found and (found.span(), found.group(1))) == (
        expected and (expected.span(), expected.group(1))
    )
