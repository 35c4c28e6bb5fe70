"""Articles: a filterable table; pick a row to read the article, its tags, regions and links."""

import streamlit as st

from dashboard import filters, queries, ui

st.title("Articles")
snap = ui.snapshot_or_stop()
f = filters.current()

title = st.text_input("Title contains", key="articles_title")
listing, total = queries.article_list(snap, f, title)
if listing.is_empty():
    ui.empty("No article matches the filters and the title text.")
    st.stop()

event = st.dataframe(
    listing,
    hide_index=True,
    on_select="rerun",
    selection_mode="single-row",
    key="articles_table",
    column_config=ui.date_columns(listing) | {"url": st.column_config.LinkColumn("url")},
)
if total > listing.height:
    st.caption(f"Showing the newest {listing.height:,} of {total:,}; the CSV has all of them.")
ui.download(lambda: queries.article_list(snap, f, title, None)[0], "articles", total)

rows = event.selection.rows if event is not None else []
article_id = listing["article_id"][rows[0] if rows else 0]
if not rows:
    st.caption("Select a row to read another article; the newest is shown.")

detail = queries.article_detail(snap, article_id)
if detail is None:
    ui.empty("That article is no longer in the warehouse.")
    st.stop()

article = detail.article
st.divider()
st.header(article["title"])
facts = [
    f"**Published** {article['published_at']:%d %b %Y %H:%M}"
    if article["published_at"]
    else f"**No publication date** ({article['date_status']})",
    f"**Section** {article['section'] or '—'}",
    f"**Source** {article['source'] or '—'}",
    f"**Author** {article['author'] or '—'}",
    f"**Copies** {article['copies']}",
]
st.markdown(" · ".join(facts))
if article["url"]:
    st.caption(article["url"])
if detail.tags:
    st.markdown(" ".join(f":blue-badge[{tag}]" for tag in detail.tags))
if article["summary"]:
    st.markdown(f"*{article['summary']}*")
with st.container(border=True, height=360):
    st.text(article["body"] or "No body text.")

left, right = st.columns(2)
with left:
    st.subheader("Regions")
    ui.table(detail.regions, "article regions", when_empty="No region found for this article.")
    st.subheader("Links out")
    ui.table(
        detail.outgoing, "article links out", when_empty="This article links to no other article."
    )
with right:
    st.subheader("Linked from")
    ui.table(
        detail.incoming, "article linked from", when_empty="No article in the warehouse links here."
    )
