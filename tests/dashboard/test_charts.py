"""Chart axes read as a person expects."""

from __future__ import annotations

from datetime import date

import polars as pl

from dashboard import charts


def _tick_step(fig) -> float | None:
    return fig.layout.yaxis.dtick


def test_a_small_count_axis_ticks_at_whole_numbers() -> None:
    frame = pl.DataFrame(
        {"period": [date(2025, 1, 6), date(2025, 1, 13)], "series": ["a", "a"], "articles": [1, 2]}
    )
    assert _tick_step(charts.time_series(frame, y="articles")) == 1
    assert _tick_step(charts.time_series(frame, y="articles", stacked=False)) == 1


def test_larger_counts_and_shares_keep_plotlys_ticks() -> None:
    frame = pl.DataFrame(
        {
            "period": [date(2025, 1, 6)] * 2 + [date(2025, 1, 13)],
            "series": ["a", "b", "a"],
            "articles": [5, 5, 3],  # stacked: 10 in the first week
        }
    )
    assert _tick_step(charts.time_series(frame, y="articles")) is None
    shares = frame.with_columns(share=pl.col("articles") / 10)
    assert _tick_step(charts.time_series(shares, y="share", share=True)) is None
