"""The coverage dashboard: `streamlit run dashboard/app.py` from the project top.

Reads the warehouse named by NEWS_DUCKDB (warehouse.paths). This script runs before every page:
it finds the published snapshot, draws the sidebar filters every page applies, shows the
synthetic-data banner, then runs the chosen page.
"""

import duckdb
import streamlit as st

from dashboard import filters, queries, ui
from dashboard.connection import WarehouseUnreadable
from warehouse.readers import WarehouseMissing

st.set_page_config(page_title="News coverage", layout="wide")

# No page icons: a page's icon becomes the favicon, and Streamlit fetches Material icons for that
# from a font CDN.
PAGES = {
    "Coverage": [
        st.Page("app_pages/overview.py", title="Overview", default=True),
        st.Page("app_pages/coverage.py", title="Coverage over time"),
        st.Page("app_pages/regions.py", title="Regions"),
        st.Page("app_pages/topics.py", title="Topics"),
        st.Page("app_pages/search.py", title="Search"),
        st.Page("app_pages/breaking.py", title="Breaking"),
    ],
    "Content": [
        st.Page("app_pages/articles.py", title="Articles"),
        st.Page("app_pages/links.py", title="Links"),
    ],
    "Warehouse": [
        st.Page("app_pages/health.py", title="Data health"),
        st.Page("app_pages/sql.py", title="SQL"),
    ],
}

page = st.navigation(PAGES)
snap = ui.snapshot_or_stop()
try:
    state = queries.warehouse_state(snap)
    if state.missing_tables:
        st.error(
            f"`{snap.path}` is not a complete warehouse: it lacks the tables "
            f"{', '.join(state.missing_tables)}. Rebuild it with the pipeline.",
            icon=":material/error:",
        )
        st.stop()
    st.session_state["filters"] = filters.sidebar_filters(queries.filter_options(snap))
    if state.synthetic:
        st.warning(
            "This warehouse was built from **synthetic sample data**, not real pages of the site.",
            icon=":material/science:",
        )
    blocking_failures = queries.failed_blocking_checks(snap.path)
    if blocking_failures:
        st.error(
            f"The latest pipeline run failed blocking checks ({', '.join(blocking_failures)}): "
            "see **Data health**.",
            icon=":material/block:",
        )
    if state.articles == 0:
        st.info(
            f"The warehouse has no articles yet ({state.pages:,} pages ingested). "
            "Charts fill in once the pipeline has parsed article pages.",
            icon=":material/inbox:",
        )
    page.run()
# A warehouse that is not one, or from a pipeline version with other tables or columns. Other
# errors are bugs of the dashboard and surface as such.
except (
    WarehouseMissing,
    WarehouseUnreadable,
    duckdb.CatalogException,
    duckdb.BinderException,
) as err:
    ui.stop_on_warehouse_error(err, snap)
