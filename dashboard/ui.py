"""Rendering helpers every page shares: charts and tables with their full data as CSV, messages."""

from __future__ import annotations

import re
from collections.abc import Callable

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard.connection import Snapshot, current_snapshot
from dashboard.transforms import csv_ready
from warehouse import paths

# topojsonURL: plotly.js loads a base-map file for any geo subplot, even with every base layer
# hidden; dashboard/static/world_110m.json (an empty topology) is served locally for it, so no
# request leaves the machine. The country outlines themselves travel in the figure (dashboard.geo).
PLOTLY_CONFIG = {"displaylogo": False, "topojsonURL": "app/static/"}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def download(
    source: pl.DataFrame | Callable[[], pl.DataFrame], name: str, rows: int | None = None
) -> None:
    """A button giving the complete data as CSV, built only when clicked.

    `source` is the frame itself, or a function fetching it when the table shows only its first
    rows (then `rows` says how many there are in all).
    """
    fetch = source if callable(source) else lambda: source
    count = source.height if isinstance(source, pl.DataFrame) else rows
    st.download_button(
        f"Download CSV ({count:,} rows)",
        data=lambda: csv_ready(fetch()).write_csv(),
        file_name=f"{_slug(name)}.csv",
        mime="text/csv",
        key=f"download_{_slug(name)}",
        on_click="ignore",
        icon=":material/download:",
    )


def chart(fig: go.Figure, frame: pl.DataFrame, name: str, *, with_download: bool = True) -> None:
    """The chart, and its data as CSV unless a table of the same frame follows with its own."""
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key=f"chart_{_slug(name)}")
    if with_download:
        download(frame, name)


def date_columns(frame: pl.DataFrame) -> dict[str, object]:
    """Dates as dates: without this the table shows midnight on every day."""
    config: dict[str, object] = {}
    for name, dtype in frame.schema.items():
        if dtype == pl.Date:
            config[name] = st.column_config.DateColumn(format="YYYY-MM-DD")
        elif isinstance(dtype, pl.Datetime):
            config[name] = st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm")
    return config


def table(
    frame: pl.DataFrame, name: str, *, when_empty: str | None = None, **dataframe_args
) -> None:
    """The frame as a table, and all of it as CSV; the `when_empty` message if it has no rows."""
    if when_empty is not None and frame.is_empty():
        empty(when_empty)
        return
    dataframe_args["column_config"] = date_columns(frame) | dataframe_args.get("column_config", {})
    st.dataframe(frame, hide_index=True, key=f"table_{_slug(name)}", **dataframe_args)
    download(frame, name)


def first_rows_table(
    rows: pl.DataFrame, total: int, name: str, fetch_all: Callable[[], pl.DataFrame]
) -> None:
    """The first rows of a long result, and every row as CSV (fetched only when asked)."""
    st.dataframe(
        rows, hide_index=True, key=f"table_{_slug(name)}", column_config=date_columns(rows)
    )
    if total > rows.height:
        st.caption(f"Showing the first {rows.height:,} of {total:,} rows; the CSV has all of them.")
    download(fetch_all if total > rows.height else rows, name, total)


def empty(message: str) -> None:
    st.info(message, icon=":material/info:")


def filters_note(text: str) -> None:
    st.caption(f":material/filter_alt: {text}")


def snapshot_or_stop() -> Snapshot:
    """The published warehouse, or a message saying why there is none (and stop the page)."""
    path = paths.duckdb_path()
    snap = current_snapshot(path)
    if snap is None:
        st.title("News coverage")
        st.warning(
            f"There is no warehouse at `{path}` yet. Build it with "
            "`dagster asset materialize -m pipelines.definitions --select '*'` "
            "(or `bash scripts/run.sh`), or point NEWS_DUCKDB at an existing one.",
            icon=":material/database_off:",
        )
        st.stop()
    return snap


def stop_on_warehouse_error(err: Exception, snap: Snapshot) -> None:
    st.error(
        f"The warehouse at `{snap.path}` could not be read: {err}. "
        "It may be from another version of the pipeline, or not a warehouse at all; "
        "rebuild it with the pipeline.",
        icon=":material/error:",
    )
    st.stop()
