"""Pure parts of the dashboard: search syntax, zero-filled periods, rising tags, the read path."""

from __future__ import annotations

import os
from datetime import date

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard import search, transforms
from dashboard.connection import current_snapshot, open_snapshot
from tests.dashboard import factory
from warehouse import search_index


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        ("", ()),
        ("   ", ()),
        ("gaza", (("gaza",),)),
        ("gaza ceasefire", (("gaza", "ceasefire"),)),
        ("gaza AND ceasefire", (("gaza", "ceasefire"),)),
        ("gaza OR beirut", (("gaza",), ("beirut",))),
        ('gaza "red  sea" OR beirut', (("gaza", "red sea"), ("beirut",))),
        ("OR gaza OR", (("gaza",),)),
        ("' OR 1=1 --", (("'",), ("1=1", "--"))),
    ],
)
def test_parse(text, clauses):
    assert search.parse(text).clauses == clauses


def test_predicate_keeps_user_text_out_of_the_sql():
    hostile = "'); DROP TABLE articles; --"
    sql, params = search.predicate(search.parse(f'"{hostile}" OR x'), ("title", "body"))
    assert "DROP" not in sql and "'" not in sql
    assert any("DROP" in value for value in params.values())


def _pattern_finds(term: str, text: str) -> bool:
    sql, params = search.predicate(search.SearchQuery(((term,),)), ("haystack",))
    con = duckdb.connect()
    (result,) = con.execute(
        f"SELECT {sql} FROM (SELECT $text AS haystack)", params | {"text": text}
    ).fetchone()
    return result


def _index_finds(term: str, text: str) -> bool:
    """The term against a one-article index of `text`, as the dashboard asks it."""
    con = duckdb.connect()
    words = pl.select(search_index.word_hashes(pl.lit(text))).item().to_list()
    con.execute("CREATE TABLE postings (word UBIGINT, article UINTEGER)")
    con.executemany("INSERT INTO postings VALUES (?, 1)", [[word] for word in words])
    con.execute("CREATE TABLE numbers AS SELECT 1::UINTEGER AS article, 'a1' AS article_id")
    con.execute(
        "CREATE TABLE articles AS SELECT 'a1' AS article_id, $text AS haystack", {"text": text}
    )
    found = search.indexed_predicate(
        search.SearchQuery(((term,),)),
        ("haystack",),
        "postings",
        "numbers",
        "SELECT article_id FROM articles",
    )
    ctes = ", ".join(f"{name} AS ({sql})" for name, sql in found.words.items())
    ways = [found.found] if found.found else []
    if found.read:
        ways.append(
            f"SELECT article_id FROM articles WHERE article_id IN ({found.candidates}) "
            f"AND {found.read}"
        )
    (result,) = con.execute(
        f"""{"WITH " + ctes if ctes else ""}
            SELECT count(*) > 0 FROM articles
            WHERE article_id IN ({" UNION ".join(ways) or "SELECT NULL"})""",
        found.params,
    ).fetchone()
    return result


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("war", "The war ended.", True),
        ("war", "New software rules.", False),
        ("War", "war", True),
        ("red sea", "the Red\u00a0Sea route", True),
        ("red sea", "the Red\n\nSea route", True),
        ("red sea", "the Red sea's route", True),
        ("red sea", "the red seas", False),
        ("red sea", "the red, sea", False),
        ("u.s.", "The U.S. said", True),
        ("u.s.", "the bus said", False),
        ("100%", "a 100% rise", True),
        ("100%", "a 1000 rise", False),
        ("o'brien", "Minister O'Brien said", True),
        ("a_b", "axb", False),
        ("(?i).*", "anything", False),
        ("gaza", "GAZA'S children", True),
        ("gaza", "Gazan officials", False),
        ("straße", "Die STRASSE", False),
        ("&", "Bread & roses", True),
        ("&", "Bread and roses", False),
        ("al-aqsa", "at Al-Aqsa Mosque", True),
        ("al-aqsa", "al Aqsa", False),
        ("aqsa al", "al-aqsa", False),
    ],
)
@pytest.mark.parametrize("finds", [_pattern_finds, _index_finds], ids=["pattern", "word index"])
def test_matching_respects_words_and_escapes(term, text, found, finds):
    """The word index, where the warehouse has one, finds exactly what the pattern finds."""
    assert finds(term, text) is found


def test_a_whole_word_is_decided_by_the_index_alone():
    """One-word terms never read the text: the pattern would cost a scan of every body."""
    index = ("postings", "numbers", "SELECT article_id FROM articles")
    by_index = search.indexed_predicate(search.parse("gaza OR beirut"), ("body",), *index)
    assert by_index.read is None and len(by_index.words) == 2
    by_index = search.indexed_predicate(search.parse('"red sea" OR gaza'), ("body",), *index)
    assert "regexp_matches(body" in by_index.read and len(by_index.words) == 3
    assert by_index.found == "(SELECT article_id FROM word2)"
    assert by_index.candidates == (
        "(SELECT article_id FROM word0 INTERSECT SELECT article_id FROM word1)"
    )


def test_period_start():
    assert transforms.period_start(date(2024, 3, 14), "day") == date(2024, 3, 14)
    assert transforms.period_start(date(2024, 3, 14), "week") == date(2024, 3, 11)
    assert transforms.period_start(date(2024, 3, 14), "month") == date(2024, 3, 1)


def test_fill_periods_adds_zero_rows():
    frame = pl.DataFrame({"day": [date(2024, 4, 1), date(2024, 4, 4)], "items": [2, 5]})
    filled = transforms.fill_periods(
        frame, period="day", grain="day", first=date(2024, 4, 1), last=date(2024, 4, 5),
        values=["items"],
    )  # fmt: skip
    assert filled["items"].to_list() == [2, 0, 0, 5, 0]


def test_coverage_frame_zero_counts_and_null_shares():
    by_series = pl.DataFrame(
        {"period": [date(2024, 1, 1), date(2024, 3, 1)], "series": ["MENA", "MENA"],
         "articles": [3, 4]}
    )  # fmt: skip
    totals = pl.DataFrame({"period": [date(2024, 1, 1), date(2024, 3, 1)], "articles": [7, 10]})
    frame = transforms.coverage_frame(
        by_series, totals, grain="month", first=date(2024, 1, 2), last=date(2024, 3, 31)
    )
    expected = pl.DataFrame(
        {
            "period": [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)],
            "series": ["MENA"] * 3,
            "articles": [3, 0, 4],
            "share": [3 / 7, None, 0.4],
            "period_total": [7, 0, 10],
        }
    )
    assert_frame_equal(frame, expected, check_dtypes=False)


def test_rising_falling_uses_shares():
    counts = pl.DataFrame(
        {"tag": ["a", "b", "c", "rare"], "before": [1, 5, 2, 0], "after": [8, 5, 2, 1],
         "before_total": [10] * 4, "after_total": [20] * 4}
    )  # fmt: skip
    moves = transforms.rising_falling(counts)
    assert moves.select("tag", "direction").rows() == [("a", "rising"), ("b", "falling"),
                                                       ("c", "falling")]  # fmt: skip


def test_csv_ready_flattens_lists():
    frame = pl.DataFrame({"problems": [["a", "b"], []]})
    assert transforms.csv_ready(frame).write_csv() == 'problems\na; b\n""\n'


def test_open_connection_does_not_pin_the_old_snapshot(tmp_path):
    """A reader mid-query keeps its snapshot; a new one sees the newly published file."""
    path = factory.build_small_warehouse(tmp_path / "news.duckdb")
    old = current_snapshot(path)
    with open_snapshot(old) as reading:
        os.replace(factory.build_empty_warehouse(tmp_path / "staged.duckdb"), path)
        new = current_snapshot(path)
        assert new != old
        with open_snapshot(new) as fresh:
            assert fresh.execute("SELECT count(*) FROM articles").fetchone() == (0,)
        assert reading.execute("SELECT count(*) FROM articles").fetchone() == (20,)
