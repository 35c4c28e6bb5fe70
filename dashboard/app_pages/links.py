"""Links: the most linked-to articles by link kind, and how many targets the warehouse holds."""

import streamlit as st

from dashboard import charts, filters, queries, ui

st.title("Links")
snap = ui.snapshot_or_stop()
f = filters.current()
ui.filters_note("Filters select the linking articles.")

KIND_LABELS = {"read_more": "Read more", "most_read": "Most read", "read_next": "Read next"}
resolution = queries.link_resolution(snap, f)
if resolution.is_empty():
    ui.empty("The matching articles link to nothing.")
    st.stop()

st.subheader("Link targets in the warehouse")
cols = st.columns(len(resolution))
for column, row in zip(cols, resolution.iter_rows(named=True), strict=True):
    column.metric(
        KIND_LABELS.get(row["kind"], row["kind"]),
        f"{row['targets_in_warehouse']:,} of {row['targets']:,}",
        help=f"{row['links']:,} links; distinct targets that are articles in the warehouse.",
    )
ui.download(resolution, "link targets in warehouse")

st.subheader("Most linked-to articles")
chosen = st.multiselect(
    "Link kinds",
    queries.LINK_KINDS,
    default=list(queries.LINK_KINDS),
    format_func=KIND_LABELS.get,
    key="links_kinds",
)
if not chosen:
    ui.empty("Pick at least one kind of link.")
    st.stop()
top = queries.most_linked(snap, f, tuple(chosen))
if top.is_empty():
    ui.empty("No links of these kinds among the matching articles.")
else:
    ui.chart(
        charts.ranking(top.head(20), label="target_title", value="linking_articles"),
        top,
        "most linked-to articles",
        with_download=False,
    )
    ui.table(top, "most linked-to articles")
    st.caption("Targets without an article id are titles the warehouse does not hold.")
