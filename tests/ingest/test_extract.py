"""Batch-wide columns of the parsed parts agree with what the parser would say page by page."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.ingest.extract import word_count
from pipelines.parsing import Layout, ParsedPage, Status


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_batch_word_count_equals_the_page_word_count(text: str) -> None:
    counted = pl.DataFrame({"body": [text, None]}).select(word_count("body")).to_series()

    assert counted.to_list() == [ParsedPage(Layout.FULL, Status.PARSED, body=text).word_count, None]


def test_batch_word_count_on_every_space_python_knows() -> None:
    spaces = [chr(c) for c in range(0x3001) if chr(c).isspace()]
    text = "a" + "b".join(spaces) + "c"

    counted = pl.DataFrame({"body": [text]}).select(word_count("body")).item()

    assert counted == len(text.split()) == len(spaces) + 1
