"""SQL: ad hoc read-only queries over the warehouse, with the schema and example queries."""

import streamlit as st

from dashboard import queries, sql_console, ui

st.title("SQL")
snap = ui.snapshot_or_stop()
ui.filters_note("Queries see the whole warehouse: the sidebar filters do not apply here.")
st.caption(
    f"Read-only: one SELECT-like statement at a time, at most {sql_console.MAX_ROWS:,} rows and "
    f"{sql_console.TIME_LIMIT_S:g} s. No files, network, extensions or settings."
)


def _load_example() -> None:
    st.session_state["sql_text"] = sql_console.EXAMPLES[st.session_state["sql_example"]]


left, right = st.columns([3, 2])
with left:
    st.selectbox(
        "Example queries",
        list(sql_console.EXAMPLES),
        index=None,
        placeholder="Load an example…",
        key="sql_example",
        on_change=_load_example,
    )
    sql = st.text_area(
        "Query",
        key="sql_text",
        height=200,
        placeholder="SELECT section, count(*) FROM articles GROUP BY ALL ORDER BY 2 DESC",
    )
    run = st.button("Run", type="primary", icon=":material/play_arrow:", key="sql_run")
with right:
    columns = queries.schema_columns(snap)
    st.markdown("**Schema**")
    table = st.selectbox(
        "Table", columns["table"].unique(maintain_order=True).to_list(), key="sql_table"
    )
    st.dataframe(
        columns.filter(columns["table"] == table).drop("table"),
        hide_index=True,
        height=320,
    )
    ui.download(columns, "warehouse schema")

if run:
    st.session_state["sql_result"] = (sql, sql_console.run_query(snap, sql))
# Keep showing the last result while other widgets rerun the page, until the query changes.
shown_sql, result = st.session_state.get("sql_result", (None, None))
if result is not None and shown_sql == sql:
    if not result.ok:
        st.error(result.message, icon=":material/block:")
    elif result.frame.is_empty():
        ui.empty(f"The query returned no rows. {result.message}")
    else:
        st.caption(result.message)
        ui.table(result.frame, "query result")
