"""Breaking: the site's BREAKING ticker, dated by when items were first seen on a fetched page."""

import streamlit as st

from dashboard import charts, filters, queries, transforms, ui

st.title("Breaking")
snap = ui.snapshot_or_stop()
f = filters.current()
ui.filters_note(
    "The date range applies to when an item was first seen; region, section, tag and source "
    "filters do not apply to the ticker."
)

per_day = queries.ticker_per_day(snap, f)
if per_day.is_empty():
    ui.empty("No ticker items were seen in this date range.")
    st.stop()

st.subheader("New ticker items per day")
days = transforms.fill_periods(
    per_day,
    period="day",
    grain="day",
    first=f.date_from or per_day["day"].min(),
    last=f.date_to or per_day["day"].max(),
    values=["items"],
)
ui.chart(
    charts.time_series(days, x="day", y="items", color=None, y_title="Items"),
    days,
    "ticker items per day",
)
st.caption(
    "Dated by the first fetch that showed the item: when it was breaking, as far as the crawl "
    "saw it. Days without fetches show as zero."
)

st.subheader("Top speakers")
speakers = queries.top_speakers(snap, f)
if speakers.is_empty():
    ui.empty("No ticker item names a speaker.")
else:
    ui.chart(charts.ranking(speakers, label="speaker", value="items"), speakers, "ticker speakers")

st.subheader("Ticker items")
contains = st.text_input("Items containing", key="ticker_text", placeholder="Daamoush")
items, total = queries.ticker_items(snap, f, contains)
if items.is_empty():
    ui.empty("No ticker item contains that text.")
else:
    ui.first_rows_table(
        items, total, "ticker items", lambda: queries.ticker_items(snap, f, contains, None)[0]
    )
