"""Search: attention to a word or phrase over time, as counts and as share of all articles."""

import streamlit as st

from dashboard import charts, filters, queries, search, transforms, ui

st.title("Search")
snap = ui.snapshot_or_stop()
f = filters.current()

text = st.text_input(
    "Words or phrases in title, summary or body",
    key="search_text",
    placeholder='ceasefire "red sea" OR beirut',
    help="Terms side by side must all match (AND); OR separates alternatives; quote a phrase. "
    "Case is ignored; whole words only.",
)
grain = st.radio("Period", queries.GRAINS, index=1, horizontal=True, key="search_grain")
query = search.parse(text)
if query.is_empty:
    ui.empty("Type a word or phrase to see how much the site wrote about it, and when.")
    st.stop()

result = queries.search_articles(snap, f, query, grain)
st.caption(f"Searching for {query.describe()}")
if result.total_matches == 0:
    ui.empty("No article matches. Check the spelling, use fewer words, or widen the filters.")
    st.stop()

cols = st.columns(3)
cols[0].metric("Matching articles", f"{result.total_matches:,}")
cols[1].metric("Without a date", f"{result.undated_matches:,}", help="Not on the charts.")
head = queries.headline(snap, f)
cols[2].metric(
    "Share of all articles", f"{result.total_matches / head.articles:.1%}" if head.articles else "—"
)

periods = result.per_period
over_time = transforms.search_share(
    periods,
    grain=grain,
    first=f.date_from or (periods["period"].min() if periods.height else None),
    last=f.date_to or (periods["period"].max() if periods.height else None),
)
if over_time.is_empty():
    ui.empty("No matching article has a date.")
else:
    left, right = st.columns(2)
    with left:
        st.subheader("Matching articles")
        fig = charts.time_series(over_time, y="matches", color=None)
        ui.chart(fig, over_time, "search matches over time")
    with right:
        st.subheader("Share of all articles")
        fig = charts.time_series(
            over_time, y="share", color=None, stacked=False, share=True, y_title="Share"
        )
        ui.chart(fig, over_time, "search share over time")

st.subheader("By region")
ui.chart(
    charts.ranking(result.by_region, label="region", value="matches"),
    result.by_region,
    "search by region",
)

st.subheader("Matching articles")
ui.first_rows_table(
    result.matches,
    result.total_matches,
    "search matches",
    lambda: queries.search_match_list(snap, f, query),
)
