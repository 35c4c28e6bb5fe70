"""Coverage over time: articles per day, week or month, split by region, section, tag or source."""

import streamlit as st

from dashboard import charts, filters, queries, transforms, ui

st.title("Coverage over time")
snap = ui.snapshot_or_stop()
f = filters.current()

controls = st.columns([1, 1, 1, 1, 1])
grain = controls[0].radio("Period", queries.GRAINS, index=1, horizontal=True, key="cov_grain")
split_label = controls[1].selectbox(
    "Split by", ["Nothing", *(s.label for s in queries.SPLITS.values())], key="cov_split"
)
measure = controls[2].radio(
    "Show", ["Articles", "Share of period"], horizontal=True, key="cov_measure"
)
style = controls[3].radio("Chart", ["Stacked bars", "Lines"], horizontal=True, key="cov_style")
top = controls[4].slider("Series", 3, 20, 8, key="cov_top", help="Largest series shown.")
split = next((k for k, s in queries.SPLITS.items() if s.label == split_label), None)

cov = queries.coverage(snap, f, grain, split, top)
frame = transforms.coverage_frame(
    cov.by_series, cov.totals, grain=grain, first=cov.first_period, last=cov.last_period
)
if frame.is_empty():
    ui.empty("No dated articles match the filters: nothing to place on a time axis.")
else:
    share = measure != "Articles"
    fig = charts.time_series(
        frame,
        y="share" if share else "articles",
        color=None if split is None else "series",
        stacked=style == "Stacked bars",
        share=share,
        y_title="Share of the period's articles" if share else "Articles",
    )
    ui.chart(fig, frame, f"coverage per {grain}")
    notes = [f"Periods without articles show as zero. Top {top} series."]
    if split in ("region", "tag"):
        notes.append(
            f"An article can have several {split}s, so series can add up to more than the total."
        )
    elif split is not None:
        notes.append("Smaller series are summed into Other.")
    st.caption(" ".join(notes))

st.metric(
    "Articles without a date",
    f"{cov.undated:,}",
    help="Counted apart: they are never placed on a fallback date.",
)
