"""Batch-wide columns of the parsed parts agree with what the parser would say page by page;
the collector paused around a batch comes back."""

from __future__ import annotations

import gc

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.ingest.extract import ARROW_LIST_ROWS, _column, paused_gc, word_count
from pipelines.parsing import Layout, ParsedPage, Status


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_batch_word_count_equals_the_page_word_count(text: str) -> None:
    counted = pl.DataFrame({"body": [text, None]}).select(word_count("body")).to_series()

    assert counted.to_list() == [ParsedPage(Layout.FULL, Status.PARSED, body=text).word_count, None]


def test_batch_word_count_on_every_space_python_knows() -> None:
    spaces = [chr(c) for c in range(0x3001) if chr(c).isspace()]
    text = "a" + "b".join(spaces) + "c"

    counted = pl.DataFrame({"body": [text]}).select(word_count("body")).item()

    assert counted == len(text.split()) == len(spaces) + 1


def test_paused_gc_restores_the_collector_even_when_the_loop_fails() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        assert not gc.isenabled()
        raise RuntimeError("a batch that fails")
    assert gc.isenabled()
    gc.disable()  # a caller that had it off keeps it off
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@settings(max_examples=25)
@given(st.lists(st.lists(st.text(max_size=20), max_size=4), min_size=1, max_size=30))
def test_list_columns_alike_through_polars_and_arrow(rows: list[list[str]]) -> None:
    # Small batches build list columns in polars, large ones through Arrow: the parts must not
    # tell them apart.
    small = _column("x", rows, pl.List(pl.String))
    repeat = -(-ARROW_LIST_ROWS // len(rows))
    large = _column("x", rows * repeat, pl.List(pl.String))
    assert small.dtype == large.dtype == pl.List(pl.String)
    assert large.head(len(rows)).to_list() == small.to_list() == rows
