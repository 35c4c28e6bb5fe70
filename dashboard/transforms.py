"""Pure frame transforms between the queries and the charts: no Streamlit, no DuckDB."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

_INTERVAL = {"day": "1d", "week": "1w", "month": "1mo"}


def period_start(day: date, grain: str) -> date:
    """The first day of the day, ISO week (Monday) or month holding `day`, like date_trunc."""
    if grain == "day":
        return day
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    raise ValueError(f"unknown grain {grain!r}")


def periods(first: date, last: date, grain: str) -> pl.Series:
    """Every period from the one holding `first` to the one holding `last`."""
    return pl.date_range(
        period_start(first, grain), period_start(last, grain), _INTERVAL[grain], eager=True
    ).alias("period")


def fill_periods(
    frame: pl.DataFrame,
    *,
    period: str,
    grain: str,
    first: date | None,
    last: date | None,
    keys: list[str] | None = None,
    values: list[str],
) -> pl.DataFrame:
    """Add a zero row for every period (and key) without data, so gaps show as zeros.

    Rows outside first..last are dropped. Without a span (no data at all) the frame is returned
    as it is.
    """
    if first is None or last is None:
        return frame
    keys = keys or []
    grid = periods(first, last, grain).alias(period).to_frame()
    if keys:
        grid = grid.join(frame.select(keys).unique(), how="cross")
    return (
        grid.join(frame, on=[period, *keys], how="left")
        .with_columns(pl.col(values).fill_null(0))
        .sort([period, *keys])
    )


def coverage_frame(
    by_series: pl.DataFrame,
    totals: pl.DataFrame,
    *,
    grain: str,
    first: date | None,
    last: date | None,
) -> pl.DataFrame:
    """period, series, articles, share: every period present, share of all articles in it.

    Counts of empty periods are 0; their share is null (nothing to take a share of).
    """
    filled = fill_periods(
        by_series, period="period", grain=grain, first=first, last=last,
        keys=["series"], values=["articles"],
    )  # fmt: skip
    all_articles = totals.rename({"articles": "period_total"})
    return (
        filled.join(all_articles, on="period", how="left")
        .with_columns(pl.col("period_total").fill_null(0))
        .with_columns(
            # A period without articles has no share: null breaks the line, no fake dip to 0.
            share=pl.when(pl.col("period_total") > 0).then(
                pl.col("articles") / pl.col("period_total")
            )
        )
        .select("period", "series", "articles", "share", "period_total")
    )


def search_share(per_period: pl.DataFrame, *, grain: str, first, last) -> pl.DataFrame:
    """period, matches, articles, share: matching articles against all articles of the period.

    As in coverage_frame, a period without articles has 0 matches and a null share.
    """
    return fill_periods(
        per_period,
        period="period",
        grain=grain,
        first=first,
        last=last,
        values=["matches", "articles"],
    ).with_columns(  # fmt: skip
        share=pl.when(pl.col("articles") > 0).then(pl.col("matches") / pl.col("articles"))
    )


def rising_falling(counts: pl.DataFrame, *, top: int = 15, min_articles: int = 2) -> pl.DataFrame:
    """Tags whose share of articles changed most between two periods.

    counts: tag, before, after, before_total, after_total. The change is in percentage points of
    each period's articles, so a busier period does not make every tag look like it rose. Tags
    seen in fewer than `min_articles` articles over both periods are left out as noise.
    """
    if counts.is_empty():
        return counts.with_columns(
            pl.lit(None, pl.Float64).alias(c) for c in ("before_share", "after_share", "change")
        ).with_columns(direction=pl.lit(None, pl.String))
    scored = counts.filter(pl.col("before") + pl.col("after") >= min_articles).with_columns(
        before_share=pl.when(pl.col("before_total") > 0)
        .then(pl.col("before") / pl.col("before_total"))
        .otherwise(0.0),
        after_share=pl.when(pl.col("after_total") > 0)
        .then(pl.col("after") / pl.col("after_total"))
        .otherwise(0.0),
    )
    scored = scored.with_columns(change=pl.col("after_share") - pl.col("before_share"))
    rising = scored.filter(pl.col("change") > 0).sort(["change", "tag"], descending=[True, False])
    falling = scored.filter(pl.col("change") < 0).sort(["change", "tag"])
    return pl.concat(
        [
            rising.head(top).with_columns(direction=pl.lit("rising")),
            falling.head(top).with_columns(direction=pl.lit("falling")),
        ]
    )


def tag_pairs(article_tags: pl.DataFrame, names: list[str], limit: int) -> pl.DataFrame:
    """tag_a, tag_b, articles: the `limit` pairs of tags most often on one article.

    article_tags holds one row per article, `codes` its distinct tags as positions in `names`,
    which is in tag order. Ties go by tag_a, then tag_b, each pair with tag_a < tag_b.
    """
    tags = article_tags.lazy().with_row_index("article").explode("codes")
    pairs = (
        tags.join(tags, on="article", suffix="_b")
        .filter(pl.col("codes") < pl.col("codes_b"))
        .group_by(a="codes", b="codes_b")
        .agg(articles=pl.len().cast(pl.Int64))
        .sort(["articles", "a", "b"], descending=[True, False, False])
        .head(limit)
        .collect()
    )
    lookup = pl.Series(names, dtype=pl.String)
    return pl.DataFrame(
        {
            "tag_a": lookup.gather(pairs["a"]),
            "tag_b": lookup.gather(pairs["b"]),
            "articles": pairs["articles"],
        }
    )


def cooccurrence_matrix(pairs: pl.DataFrame, *, top: int = 15) -> pl.DataFrame:
    """tag_a, tag_b, articles for the `top` tags most often paired, both ways round (a heatmap)."""
    both_ways = pl.concat([pairs, pairs.select(tag_a="tag_b", tag_b="tag_a", articles="articles")])
    leaders = (
        both_ways.group_by("tag_a")
        .agg(pl.col("articles").sum())
        .sort(["articles", "tag_a"], descending=[True, False])
        .head(top)["tag_a"]
        .to_list()
    )
    return both_ways.filter(pl.col("tag_a").is_in(leaders) & pl.col("tag_b").is_in(leaders))


def csv_ready(frame: pl.DataFrame) -> pl.DataFrame:
    """CSV has no lists or structs: join list cells with '; ' and write structs as JSON."""
    return frame.with_columns(
        [
            pl.col(name).cast(pl.List(pl.String)).list.join("; ")
            for name, dtype in frame.schema.items()
            if isinstance(dtype, pl.List | pl.Array)
        ]
        + [
            pl.col(name).struct.json_encode()
            for name, dtype in frame.schema.items()
            if isinstance(dtype, pl.Struct)
        ]
    )
