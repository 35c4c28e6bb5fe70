"""Chart builders sharing one look: frames in, Plotly figures out; no Streamlit here."""

from __future__ import annotations

import plotly.express as px
import plotly.graph_objects as go
import polars as pl

# Qualitative colours for series, one sequential scale for amounts.
PALETTE = px.colors.qualitative.Safe
SCALE = "Blues"
_HEIGHT = 380
_LABEL_CHARS = 48
# Light end of the map's scale stays visibly blue: a country with one article is not "none".
MAP_SCALE = [[0.0, "#c6dbef"], [0.5, "#4292c6"], [1.0, "#08306b"]]


def _style(fig: go.Figure, *, height: int = _HEIGHT, legend: bool = True) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "title": None},
        showlegend=legend,
        hovermode="closest",
        colorway=PALETTE,
    )
    return fig


SMALL_COUNT = 8  # a count axis up to this ticks at every whole number


def time_series(
    frame: pl.DataFrame,
    *,
    y: str,
    color: str | None = "series",
    stacked: bool = True,
    share: bool = False,
    x: str = "period",
    y_title: str = "Articles",
) -> go.Figure:
    """Counts (or shares) per period; stacked bars or one line per series."""
    kwargs = {"x": x, "y": y, "color": color, "color_discrete_sequence": PALETTE}
    if stacked:
        fig = px.bar(frame, **kwargs)
        fig.update_layout(barmode="stack" if not share or color is None else "group")
    else:
        fig = px.line(frame, markers=frame.height < 120, **kwargs)
    fig.update_xaxes(title=None)
    fig.update_yaxes(title=y_title, tickformat=".0%" if share else ",d", rangemode="tozero")
    if not share:
        # Counts up to a few: Plotly would put ticks at halves, which ",d" shows as 0, 1, 1, 2, 2.
        tallest = frame.group_by(x).agg(pl.col(y).sum())[y].max() if stacked else frame[y].max()
        if tallest is not None and tallest <= SMALL_COUNT:
            fig.update_yaxes(dtick=1)
    return _style(fig, legend=color is not None)


def ranking(frame: pl.DataFrame, *, label: str, value: str = "articles", height=None) -> go.Figure:
    """Horizontal bars, largest on top; long labels are shortened (the hover has them whole)."""
    shown = frame.reverse().with_columns(
        pl.col(label).cast(pl.String).fill_null("(none)").alias("full_label"),
        pl.when(pl.col(label).str.len_chars() > _LABEL_CHARS)
        .then(pl.col(label).str.slice(0, _LABEL_CHARS - 1) + "…")
        .otherwise(pl.col(label))
        .fill_null("(none)")
        .alias(label),
    )
    fig = px.bar(
        shown,
        x=value,
        y=label,
        orientation="h",
        text=value,
        hover_data={"full_label": True, label: False},
        color_discrete_sequence=PALETTE,
    )
    fig.update_traces(textposition="outside", cliponaxis=False)
    fig.update_xaxes(title=value.replace("_", " ").capitalize())
    fig.update_yaxes(title=None, type="category")
    return _style(fig, height=height or max(220, 24 * frame.height + 60), legend=False)


def stacked_bars(frame: pl.DataFrame, *, x: str, y: str, color: str) -> go.Figure:
    fig = px.bar(frame, x=x, y=y, color=color, color_discrete_sequence=PALETTE)
    fig.update_xaxes(title=None, type="category")
    return _style(fig)


def heatmap(frame: pl.DataFrame, *, x: str, y: str, z: str) -> go.Figure:
    wide = frame.pivot(on=x, index=y, values=z, sort_columns=True).sort(y).fill_null(0)
    columns = [c for c in wide.columns if c != y]
    fig = px.imshow(
        wide.select(columns).to_numpy(),
        x=columns,
        y=wide[y].to_list(),
        color_continuous_scale=SCALE,
        text_auto=True,
        aspect="auto",
    )
    fig.update_xaxes(title=None, side="top", type="category")
    fig.update_yaxes(title=None, type="category")
    fig.update_coloraxes(colorbar_title=z.replace("_", " "))
    return _style(fig, height=max(300, 28 * wide.height + 120), legend=False)


def world_map(frame: pl.DataFrame, geojson: dict, names: dict[str, str]) -> go.Figure:
    """Articles per country over outlines given as GeoJSON (ids: ISO alpha-3).

    Every country is drawn, those without articles in grey, so an empty area reads as "none"
    rather than "unknown". The geo subplot shows no base layers of its own.
    """
    counts = dict(zip(frame["iso3"].to_list(), frame["articles"].to_list(), strict=True))
    features = geojson["features"]
    # Each trace carries the outlines of its own countries only: the figure holds the world once.
    covered = [f for f in features if counts.get(f["id"])]
    uncovered = [f for f in features if not counts.get(f["id"])]
    fig = go.Figure()
    fig.add_trace(
        go.Choropleth(
            geojson={"type": "FeatureCollection", "features": uncovered},
            featureidkey="id",
            locations=[f["id"] for f in uncovered],
            z=[0] * len(uncovered),
            text=[names.get(f["id"], f["id"]) for f in uncovered],
            colorscale=[[0, "#e5e7eb"], [1, "#e5e7eb"]],
            showscale=False,
            marker_line={"width": 0.3, "color": "white"},
            hovertemplate="%{text}: no articles<extra></extra>",
        )
    )
    fig.add_trace(
        go.Choropleth(
            geojson={"type": "FeatureCollection", "features": covered},
            featureidkey="id",
            locations=[f["id"] for f in covered],
            z=[counts[f["id"]] for f in covered],
            text=[names.get(f["id"], f["id"]) for f in covered],
            colorscale=MAP_SCALE,
            zmin=0,
            marker_line={"width": 0.3, "color": "white"},
            colorbar={"title": "Articles", "thickness": 12},
            hovertemplate="%{text}: %{z:,} articles<extra></extra>",
        )
    )
    fig.update_geos(
        visible=False,
        projection_type="natural earth",
        lataxis_range=[-58, 85],
        showframe=False,
    )
    return _style(fig, height=460, legend=False)
