"""Regions: a world map of articles by country, the site's regions over time, region by section."""

import streamlit as st

from dashboard import charts, filters, geo, queries, transforms, ui

st.title("Regions")
snap = ui.snapshot_or_stop()
f = filters.current()

st.subheader("Articles by country")
countries = queries.country_counts(snap, f)
if countries.is_empty():
    ui.empty("No matching article names a country.")
elif not st.get_option("server.enableStaticServing"):
    ui.empty(
        "The map needs `server.enableStaticServing = true` (set in .streamlit/config.toml): "
        "start the dashboard from the project folder. The table below has the same numbers."
    )
    ui.table(countries, "articles by country")
else:
    names = geo.country_names()
    fig = charts.world_map(countries, geo.world_countries(), names)
    ui.chart(fig, countries, "articles by country")
    unmapped = sorted(set(countries["iso3"]) - set(names))
    if unmapped:
        st.caption(f"Not on the map (no outline): {', '.join(unmapped)}.")

st.subheader("The site's regions over time")
grain = st.radio("Period", queries.GRAINS, index=2, horizontal=True, key="reg_grain")
cov = queries.coverage(snap, f, grain, "region", 12)
over_time = transforms.coverage_frame(
    cov.by_series, cov.totals, grain=grain, first=cov.first_period, last=cov.last_period
)
if over_time.is_empty():
    ui.empty("No dated articles match the filters.")
else:
    ui.chart(
        charts.time_series(over_time, y="articles", stacked=False),
        over_time,
        f"regions per {grain}",
    )
    st.caption("An article about several regions counts once in each.")

st.subheader("Region by section")
cross = queries.region_by_section(snap, f)
if cross.is_empty():
    ui.empty("No matching article has a region.")
else:
    ui.chart(
        charts.heatmap(cross, x="section", y="region", z="articles"), cross, "region by section"
    )
