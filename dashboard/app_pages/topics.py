"""Topics: tags and sections over time, tags rising and falling between two periods, tag pairs."""

from datetime import timedelta

import streamlit as st

from dashboard import charts, filters, queries, transforms, ui

st.title("Topics")
snap = ui.snapshot_or_stop()
f = filters.current()

grain = st.radio("Period", queries.GRAINS, index=2, horizontal=True, key="top_grain")
left, right = st.columns(2)
for column, split, title in ((left, "tag", "Tags"), (right, "section", "Sections")):
    with column:
        st.subheader(f"{title} over time")
        cov = queries.coverage(snap, f, grain, split, 8)
        frame = transforms.coverage_frame(
            cov.by_series, cov.totals, grain=grain, first=cov.first_period, last=cov.last_period
        )
        if frame.is_empty():
            ui.empty("No dated articles match the filters.")
        else:
            fig = charts.time_series(frame, y="articles", stacked=split == "section")
            ui.chart(fig, frame, f"{title} per {grain}")

st.subheader("Rising and falling tags")
head = queries.headline(snap, f)
if head.first_published is None:
    ui.empty("No dated articles match the filters: there are no periods to compare.")
else:
    window = max(1, min(30, (head.last_published - head.first_published).days // 2))
    after_default = (head.last_published - timedelta(days=window - 1), head.last_published)
    before_default = (
        after_default[0] - timedelta(days=window),
        after_default[0] - timedelta(days=1),
    )
    pick = st.columns(2)
    before = pick[0].date_input("Earlier period", before_default, key="top_before")
    after = pick[1].date_input("Later period", after_default, key="top_after")
    if len(before) != 2 or len(after) != 2:
        ui.empty("Pick a start and an end for both periods.")
    else:
        counts = queries.tag_counts_in_periods(snap, f, tuple(before), tuple(after))
        moves = transforms.rising_falling(counts)
        if moves.is_empty():
            ui.empty("No tag is used in at least two articles across these periods.")
        else:
            ranked = moves.with_columns(change_points=(moves["change"] * 100).round(1))
            cols = st.columns(2)
            for column, direction in zip(cols, ("rising", "falling"), strict=True):
                with column:
                    part = ranked.filter(ranked["direction"] == direction)
                    st.markdown(f"**{direction.capitalize()}** (change in % of articles)")
                    if part.is_empty():
                        ui.empty(f"No {direction} tags.")
                    else:
                        shown = part.sort("change_points", descending=direction == "rising")
                        fig = charts.ranking(shown, label="tag", value="change_points")
                        ui.chart(fig, part, f"{direction} tags")

st.subheader("Tags that appear together")
pairs = queries.tag_pairs(snap, f)
if pairs.is_empty():
    ui.empty("No two tags share an article among the matching articles.")
else:
    matrix = transforms.cooccurrence_matrix(pairs)
    cols = st.columns([3, 2])
    with cols[0]:
        fig = charts.heatmap(matrix, x="tag_b", y="tag_a", z="articles")
        ui.chart(fig, matrix, "tag co-occurrence")
    with cols[1]:
        ui.table(pairs, "tag pairs", height=420)
