"""Overview: the headline figures, coverage over time, and the top regions, tags and sources."""

import streamlit as st

from dashboard import charts, filters, queries, transforms, ui

st.title("Overview")
snap = ui.snapshot_or_stop()
f = filters.current()

head = queries.headline(snap, f)
cols = st.columns(4)
cols[0].metric("Articles", f"{head.articles:,}", help="Distinct articles matching the filters.")
cols[1].metric("Without a date", f"{head.undated:,}", help="Counted apart, never on a date.")
cols[2].metric(
    "First published", f"{head.first_published:%d %b %Y}" if head.first_published else "—"
)
cols[3].metric("Last published", f"{head.last_published:%d %b %Y}" if head.last_published else "—")
cols = st.columns(4)
cols[0].metric("Pages ingested", f"{head.pages:,}")
cols[1].metric("Partial pages", f"{head.partial_pages:,}", help="Kept, but fields are missing.")
cols[2].metric("Quarantined pages", f"{head.quarantined_pages:,}", help="Not parsed as articles.")
cols[3].metric("Ticker items", f"{head.ticker_items:,}", help="Distinct BREAKING items.")
last_fetch = f"{head.last_fetch:%d %b %Y %H:%M} UTC" if head.last_fetch else "never"
st.caption(f"Last page fetched: {last_fetch}.")
ui.filters_note("Article figures follow the sidebar filters; page and ticker figures are totals.")

if head.articles == 0:
    ui.empty("No articles match the filters. Widen the date range or clear some filters.")
    st.stop()

st.subheader("Articles per month")
cov = queries.coverage(snap, f, "month", None)
monthly = transforms.coverage_frame(
    cov.by_series, cov.totals, grain="month", first=cov.first_period, last=cov.last_period
)
if monthly.is_empty():
    ui.empty("None of the matching articles has a publication date.")
else:
    ui.chart(charts.time_series(monthly, y="articles", color=None), monthly, "articles per month")
if cov.undated:
    st.caption(f"{cov.undated:,} articles without a date are not on this chart.")

left, middle, right = st.columns(3)
for column, split, title in (
    (left, "region", "Top regions"),
    (middle, "tag", "Top tags"),
    (right, "source", "Top sources"),
):
    with column:
        st.subheader(title)
        top = queries.top_values(snap, f, split, 10)
        if top.is_empty():
            ui.empty(f"No {split}s for these articles.")
        else:
            ui.chart(charts.ranking(top, label=split), top, title)
