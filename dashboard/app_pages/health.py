"""Data health: what became of every page, why pages were set aside, field completeness, checks."""

import polars as pl
import streamlit as st

from dashboard import charts, queries, transforms, ui
from warehouse import paths
from warehouse.readers import snapshot_token

st.title("Data health")
snap = ui.snapshot_or_stop()
ui.filters_note("This page describes the whole warehouse: the sidebar filters do not apply.")

st.subheader("Asset checks")
checks_path = paths.checks_file(snap.path)
try:
    report = queries.asset_checks(checks_path, snapshot_token(checks_path))
except queries.CheckReportUnreadable as err:
    st.error(f"{err}. Run the pipeline's asset checks again.", icon=":material/error:")
    report = False
if report is None:
    ui.empty(
        f"No check results yet: the pipeline writes them to `{checks_path.name}` beside the "
        "warehouse when it runs its asset checks."
    )
elif report:
    failed = report.checks.filter(~pl.col("passed"))
    blocking = failed.filter(pl.col("blocking"))
    if not blocking.is_empty():
        st.error(
            f"**{blocking.height} blocking check(s) failed** in run `{report.run_id}` "
            f"({report.evaluated_at}): {', '.join(blocking['name'])}. "
            + (
                "The run was still published."
                if report.published
                else "That run was **not published**: the warehouse shown is an older one."
            ),
            icon=":material/block:",
        )
    elif not failed.is_empty():
        st.warning(
            f"{failed.height} warning check(s) failed in run `{report.run_id}`: "
            f"{', '.join(failed['name'])}.",
            icon=":material/warning:",
        )
    else:
        st.success(
            f"All {report.checks.height} checks passed in run `{report.run_id}` "
            f"({report.evaluated_at}).",
            icon=":material/check_circle:",
        )
    ui.table(report.checks.sort(["passed", "blocking"], descending=[False, True]), "asset checks")

st.subheader("Pages by status and layout")
by_status = queries.pages_by_status_layout(snap)
if by_status.is_empty():
    ui.empty("No pages have been ingested.")
    st.stop()
ui.chart(
    charts.stacked_bars(by_status, x="status", y="pages", color="layout"),
    by_status,
    "pages by status and layout",
)

st.subheader("Why pages are partial or quarantined")
problems = queries.page_problems(snap)
ui.table(problems, "page problems", when_empty="Every page parsed completely.")

st.subheader("How complete each article field is")
complete = queries.field_completeness(snap)
if complete["articles"].max() == 0:
    ui.empty("No articles yet.")
else:
    ranked = complete.sort("share", descending=True)
    percent = ranked.with_columns((pl.col("share") * 100).round(1))
    fig = charts.ranking(percent, label="field", value="share")
    fig.update_xaxes(title="% of articles with the field", range=[0, 105])
    ui.chart(fig, complete, "field completeness")

st.subheader("Pages fetched per day")
per_day, undated = queries.pages_per_day(snap)
if per_day.is_empty():
    ui.empty("No page has a fetch time.")
else:
    days = transforms.fill_periods(
        per_day,
        period="day",
        grain="day",
        first=per_day["day"].min(),
        last=per_day["day"].max(),
        keys=["status"],
        values=["pages"],
    )
    fig = charts.time_series(days, x="day", y="pages", color="status", y_title="Pages")
    ui.chart(fig, days, "pages fetched per day")
    st.caption("Days without fetches show as zero.")
if undated:
    st.caption(f"{undated:,} pages have no fetch time.")

st.subheader("Pipeline runs")
runs = queries.ingest_runs(snap)
ui.table(runs, "ingest runs", when_empty="No run has been recorded.")
