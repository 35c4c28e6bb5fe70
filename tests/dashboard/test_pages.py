"""Every page under Streamlit's AppTest, on the hand-made warehouse: numbers are exact.

Expected counts follow from tests/dashboard/factory.py.
"""

from __future__ import annotations

import json
import os
from datetime import date

import pytest

from tests.dashboard import factory

PAGES = {
    "overview": "Overview",
    "coverage": "Coverage over time",
    "regions": "Regions",
    "topics": "Topics",
    "search": "Search",
    "breaking": "Breaking",
    "articles": "Articles",
    "links": "Links",
    "health": "Data health",
    "sql": "SQL",
}
# Plotly charts each page draws on the small warehouse (search: before a query is typed).
CHARTS = {
    "overview": 4,
    "coverage": 1,
    "regions": 3,
    "topics": 5,
    "search": 0,
    "breaking": 2,
    "articles": 0,
    "links": 1,
    "health": 3,
    "sql": 0,
}


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def charts(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def texts(elements) -> str:
    return " ".join(str(e.value) for e in elements)


@pytest.mark.parametrize("page", list(PAGES))
def test_page_renders(app, page):
    at = app(page)
    assert not at.exception, at.exception
    assert not at.error, texts(at.error)
    assert at.title[0].value == PAGES[page]
    assert len(at.get("plotly_chart")) == CHARTS[page]
    assert "synthetic sample data" in texts(at.warning)


def test_overview_headline_figures(app):
    assert metrics(app()) == {
        "Articles": "20",
        "Without a date": "3",
        "First published": "02 Jan 2024",
        "Last published": "31 Mar 2024",
        "Pages ingested": "23",
        "Partial pages": "2",
        "Quarantined pages": "2",
        "Ticker items": "6",
    }


@pytest.mark.parametrize(
    ("widget", "value", "articles", "undated"),
    [
        ("f_regions", ["MENA"], "8", "1"),
        ("f_regions", ["MENA", "Palestine"], "11", "2"),
        ("f_sections", ["Politics"], "10", "1"),
        ("f_tags", ["Gaza"], "4", "1"),
        ("f_sources", ["(none)"], "3", "1"),
        ("f_dates", (date(2024, 1, 2), date(2024, 1, 31)), "10", "3"),
    ],
)
def test_filters_change_the_numbers(app, widget, value, articles, undated):
    at = app()
    if widget == "f_dates":
        at.date_input(key=widget).set_value(value).run()
    else:
        at.multiselect(key=widget).set_value(value).run()
    assert not at.exception
    figures = metrics(at)
    assert (figures["Articles"], figures["Without a date"]) == (articles, undated)
    assert figures["Pages ingested"] == "23"  # page figures are warehouse totals


def test_undated_articles_can_be_left_out(app):
    at = app()
    at.date_input(key="f_dates").set_value((date(2024, 1, 2), date(2024, 1, 31)))
    at.checkbox(key="f_undated").uncheck().run()
    assert metrics(at)["Articles"] == "7"


def test_filters_persist_across_pages(app):
    at = app()
    at.multiselect(key="f_tags").set_value(["Gaza"]).run()
    at.switch_page("app_pages/coverage.py").run()
    assert metrics(at)["Articles without a date"] == "1"


def test_filter_without_matches_says_so(app):
    at = app()
    at.multiselect(key="f_tags").set_value(["Football"])
    at.multiselect(key="f_regions").set_value(["Asia"]).run()
    assert not at.exception
    assert metrics(at)["Articles"] == "0"
    assert "No articles match the filters" in texts(at.info)


def test_coverage_fills_empty_months_with_zeros(app):
    at = app("coverage")
    at.radio(key="cov_grain").set_value("month").run()
    (bars,) = charts(at)[0]["data"]
    months = dict(zip(bars["x"], _values(bars["y"]), strict=True))
    assert months == {"2024-01-01": 7, "2024-02-01": 0, "2024-03-01": 10}
    assert metrics(at)["Articles without a date"] == "3"


def _values(plotly_array) -> list:
    """Plotly may send numbers as a typed array: {"dtype": ..., "bdata": base64}."""
    if isinstance(plotly_array, list):
        return plotly_array
    import base64

    import numpy as np

    return np.frombuffer(base64.b64decode(plotly_array["bdata"]), plotly_array["dtype"]).tolist()


def test_coverage_split_by_region_and_share(app):
    at = app("coverage")
    at.radio(key="cov_grain").set_value("month")
    at.selectbox(key="cov_split").set_value("Region")
    at.radio(key="cov_measure").set_value("Share of period").run()
    assert not at.exception
    traces = {t["name"]: t for t in charts(at)[0]["data"]}
    mena = dict(zip(traces["MENA"]["x"], _values(traces["MENA"]["y"]), strict=True))
    # MENA: 3 of 7 articles in January, none in February (no articles: no share), 4 of 10 in March
    assert mena["2024-01-01"] == pytest.approx(3 / 7)
    assert mena["2024-03-01"] == pytest.approx(0.4)
    assert mena["2024-02-01"] is None or mena["2024-02-01"] != mena["2024-02-01"]


def test_regions_page_draws_the_world_map(app):
    at = app("regions")
    world = charts(at)[0]
    kinds = {trace["type"] for trace in world["data"]}
    assert kinds == {"choropleth"}
    covered = world["data"][1]
    assert dict(zip(covered["locations"], _values(covered["z"]), strict=True))["PSE"] == 4
    assert "topojsonURL" not in world  # the config travels apart; see the browser test


@pytest.mark.parametrize(
    ("query", "matches"),
    [
        ("ceasefire", "4"),
        ("Beirut", "2"),
        ("ceasefire AND Beirut", "1"),
        ("Beirut OR Gaza", "5"),
        ('"red sea"', "1"),
        ("O'Brien", "1"),
        ("war", "1"),
    ],
)
def test_search_counts_matches(app, query, matches):
    at = app("search")
    at.text_input(key="search_text").input(query).run()
    assert not at.exception
    assert metrics(at)["Matching articles"] == matches
    assert len(at.get("plotly_chart")) == 3


@pytest.mark.parametrize(
    "query",
    ["' OR 1=1 --", '"); DROP TABLE articles; --', "%", "_", "\\", "a'b\"c", "(?i).*", "OR"],
)
def test_search_treats_sql_and_patterns_as_text(app, query, small_warehouse):
    before = small_warehouse.read_bytes()
    at = app("search")
    at.text_input(key="search_text").input(query).run()
    assert not at.exception
    assert "Matching articles" not in metrics(at)
    assert small_warehouse.read_bytes() == before


def test_breaking_page_lists_and_searches_items(app):
    at = app("breaking")
    per_day = charts(at)[0]["data"][0]
    assert dict(zip(per_day["x"], _values(per_day["y"]), strict=True)) == {
        "2024-04-01": 2,
        "2024-04-02": 1,
        "2024-04-03": 0,
        "2024-04-04": 0,
        "2024-04-05": 3,
    }
    assert len(at.dataframe[0].value) == 6
    at.text_input(key="ticker_text").input("DAAMOUSH").run()
    assert len(at.dataframe[0].value) == 2
    at.text_input(key="ticker_text").input("'; DROP TABLE breaking_items; --").run()
    assert not at.exception
    assert "No ticker item contains that text." in texts(at.info)


def test_articles_page_shows_table_and_article(app):
    at = app("articles")
    assert len(at.dataframe[0].value) == 20
    assert at.header[0].value == "Synthetic: Ceasefire extended"  # the newest
    linked_from = at.dataframe[-1].value
    assert linked_from["article_id"].tolist() == [factory.hex_id("a08")]
    at.text_input(key="articles_title").input("ceasefire").run()
    assert len(at.dataframe[0].value) == 4


def test_links_page_counts_targets_in_warehouse(app):
    figures = metrics(app("links"))
    assert figures == {"Most read": "2 of 3", "Read more": "1 of 1", "Read next": "1 of 2"}


def test_links_follow_the_filters(app):
    at = app("links")
    at.multiselect(key="f_tags").set_value(["Gaza"]).run()
    # Gaza articles a02, a05, a10 link to a01 (twice) and a02
    assert metrics(at) == {"Most read": "1 of 1", "Read more": "1 of 1"}


def test_health_without_checks_file_says_so(app):
    at = app("health")
    assert "No check results yet" in texts(at.info)
    problems = at.dataframe[0].value
    assert set(problems["problem"]) == {
        "binary file",
        "no byline",
        "no date",
        "not a page of the site",
        "text cut off",
    }


def _write_checks(warehouse, checks, published=False):
    from warehouse.paths import checks_file

    checks_file(warehouse).write_text(
        json.dumps(
            {
                "run_id": "run-42",
                "evaluated_at": "2024-04-05T12:00:00+00:00",
                "published": published,
                "checks": checks,
            }
        )
    )


def _check(name, passed, blocking):
    return {
        "name": name,
        "asset": "articles",
        "passed": passed,
        "severity": "ERROR" if blocking else "WARN",
        "blocking": blocking,
        "description": f"{name} description",
        "metadata": {"offending": 0 if passed else 3},
    }


def test_health_shows_a_failed_blocking_check_prominently(app, tmp_path):
    warehouse = factory.build_small_warehouse(tmp_path / "news.duckdb")
    _write_checks(
        warehouse,
        [_check("unique_article_ids", False, True), _check("quarantined_share", True, False)],
    )
    at = app("health", warehouse=warehouse)
    assert not at.exception
    message = texts(at.error)
    assert "1 blocking check(s) failed" in message
    assert "unique_article_ids" in message
    assert "not published" in message
    assert len(at.dataframe[0].value) == 2
    overview = app(warehouse=warehouse)  # every page carries the alarm
    assert "failed blocking checks (unique_article_ids)" in texts(overview.error)


def test_health_reports_passing_and_warning_checks(app, tmp_path):
    warehouse = factory.build_small_warehouse(tmp_path / "news.duckdb")
    _write_checks(warehouse, [_check("a", True, True)], published=True)
    assert "All 1 checks passed" in texts(app("health", warehouse=warehouse).success)
    _write_checks(warehouse, [_check("a", True, True), _check("b", False, False)])
    assert "1 warning check(s) failed" in texts(app("health", warehouse=warehouse).warning)


def test_health_with_unreadable_checks_file(app, tmp_path):
    from warehouse.paths import checks_file

    warehouse = factory.build_small_warehouse(tmp_path / "news.duckdb")
    checks_file(warehouse).write_text("{not json")
    at = app("health", warehouse=warehouse)
    assert not at.exception
    assert "could not be read as check results" in texts(at.error)


def test_sql_page_runs_a_query_and_refuses_a_write(app, small_warehouse):
    before = small_warehouse.read_bytes()
    at = app("sql")
    at.text_area(key="sql_text").input("SELECT count(*) AS n FROM articles").run()
    at.button(key="sql_run").click().run()
    assert not at.exception
    assert at.dataframe[-1].value["n"].tolist() == [20]
    at.text_area(key="sql_text").input("DROP TABLE articles").run()
    at.button(key="sql_run").click().run()
    assert "Refused" in texts(at.error)
    assert small_warehouse.read_bytes() == before


def test_sql_page_lists_schema_with_comments(app):
    at = app("sql")
    schema = at.dataframe[0].value
    assert "published_date" in schema["column"].tolist()
    assert schema["comment"].notna().any()


def test_missing_warehouse_gives_a_clear_message(app, tmp_path):
    at = app(warehouse=tmp_path / "nowhere.duckdb")
    assert not at.exception
    assert "There is no warehouse" in texts(at.warning)


@pytest.mark.parametrize("page", list(PAGES))
def test_empty_warehouse_pages_say_so(app, tmp_path, page):
    warehouse = factory.build_empty_warehouse(tmp_path / "empty.duckdb")
    at = app(page, warehouse=warehouse)
    assert not at.exception, at.exception
    assert not at.error, texts(at.error)
    assert "no articles yet" in texts(at.info)


def test_file_that_is_not_a_warehouse(app, tmp_path):
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(os.urandom(4096))
    at = app(warehouse=junk)
    assert not at.exception
    assert "could not be read" in texts(at.error)


def test_warehouse_with_missing_tables(app, tmp_path):
    import duckdb

    partial = tmp_path / "old.duckdb"
    duckdb.connect(str(partial)).execute("CREATE TABLE pages (page_id VARCHAR)").close()
    at = app(warehouse=partial)
    assert not at.exception
    assert "not a complete warehouse" in texts(at.error)


def test_no_banner_for_real_data(app, tmp_path):
    warehouse = factory.build_small_warehouse(tmp_path / "real.duckdb", synthetic=False)
    at = app(warehouse=warehouse)
    assert "synthetic" not in texts(at.warning)


def test_republished_warehouse_shows_without_restart(app, tmp_path):
    """The pipeline renames a new file over the old one; the next run shows the new data."""
    warehouse = factory.build_small_warehouse(tmp_path / "news.duckdb")
    at = app(warehouse=warehouse)
    assert metrics(at)["Articles"] == "20"
    staged = factory.build_empty_warehouse(tmp_path / "staged.duckdb")
    os.replace(staged, warehouse)
    at.run()
    assert not at.exception
    assert metrics(at)["Articles"] == "0"
