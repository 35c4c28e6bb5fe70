"""Exact expectations on the one real page (tests/data/pages/seed_full.txt, the shared seed)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pipelines.parsing import Layout, LinkKind, RelatedLink, Status, TickerItem, parse_page
from pipelines.parsing.full import SITE_HEADER
from tests.parsing.pages import SEED_FETCHED_AT, SEED_TAGS, SEED_URL, seed_text


@pytest.fixture(scope="module")
def page():
    return parse_page(seed_text(), fetched_at=SEED_FETCHED_AT, url=SEED_URL)


def test_layout_and_status(page):
    assert page.layout is Layout.FULL
    assert page.status is Status.PARSED
    assert page.problems == []
    assert page.truncated is False


def test_head_fields(page):
    assert page.title == "Intel reports put to question US claims on Venezuela, drug-trafficking"
    assert page.author == "Al Mayadeen English"
    assert page.source == "Dropsite News"
    assert page.published_at == datetime(2025, 11, 2, 11, 31)
    assert page.published_at_text == "2 Nov 2025 11:31"
    assert page.read_minutes == 4
    assert page.summary == (
        "The United States is intensifying its campaign against Venezuela while expanding "
        "operations to Colombia and Mexico under the pretext of combating drug trafficking."
    )


def test_lead_image(page):
    assert page.image_alt == "The United States of America."
    assert page.image_caption == (
        "US Secretary of State Marco Rubio, right, listens as US President Donald Trump, left, "
        "speaks to reporters aboard Air Force One while traveling from Kuala Lumpur, Malaysia, "
        "to Tokyo, Japan, on October 27, 2025"
    )
    assert page.image_credit == "AP"


def test_body_holds_only_the_article(page):
    body = page.body
    assert body.startswith("Recent reports indicate that the United States is intensifying")
    assert body.endswith('using formats and media regularly consulted by business groups."')
    paragraphs = body.split("\n\n")
    assert len(paragraphs) == 20  # 15 paragraphs and 5 sub-headings
    assert page.subheadings == [
        "Rubio pushes for regime change",
        "US looks for targets in Colombia, Mexico",
        "Trump administration considers ground strikes",
        "Internal military tensions",
        "Wider context",
    ]
    assert all(heading in paragraphs for heading in page.subheadings)
    for absent in (
        "BREAKING",
        "Sheikh Daamoush",
        "TASS reports",
        "Read more:",
        "Most Read",
        "Read Next",
        "Coverage",
        "All Rights Reserved",
        "4 Min Read",
        "Dropsite News\n",
        "Air Force One",  # the caption
        "The United States of America.",  # the image's alt text
        "Hezbollah announces",  # Most Read
        "Privacy Policy",
    ):
        assert absent not in body, absent
    nav_and_tags = {"Politics", "Economy", "Latin America", "MENA", "Slogan", "x", "Marco Rubio"}
    assert not nav_and_tags & set(paragraphs)
    # non-breaking and narrow spaces are normalized, doubled ones collapsed
    assert "On September 2, the US launched" in body
    assert "El País, to " in body
    assert "\u00a0" not in body and "\u202f" not in body and "  " not in body


def test_tags_in_order(page):
    assert page.tags == SEED_TAGS


def test_read_more_links(page):
    links = [link for link in page.links if link.kind is LinkKind.READ_MORE]
    assert links == [
        RelatedLink(
            LinkKind.READ_MORE,
            0,
            "Venezuela\u2019s 2025 drug crackdown: 402 aircrafts, 56 tons seized",
        ),
        RelatedLink(
            LinkKind.READ_MORE,
            1,
            "US imposes flight restrictions off Puerto Rico under Pentagon orders",
        ),
        RelatedLink(
            LinkKind.READ_MORE,
            2,
            "Moscow reaffirms support for Venezuela leadership amid US threats",
        ),
    ]


def test_most_read_titles_are_the_second_line(page):
    links = [link for link in page.links if link.kind is LinkKind.MOST_READ]
    israel = "Inside the Epstein-Rothschild web behind 'Israel\u2019s' spy tech empire"
    democracy = (
        "Democracy at the civilizational crossroads: Critical analysis of bourgeois Democracy, "
        "its alternatives"
    )
    assert links == [
        RelatedLink(LinkKind.MOST_READ, 0, israel, "Politics", date(2025, 11, 19), israel),
        RelatedLink(
            LinkKind.MOST_READ,
            1,
            "Hezbollah announces the martyrdom of commander Haitham Tabatabai",
            "West Asia",
            date(2025, 11, 23),
            "Hezbollah announces the martyrdom of Haitham al-Tabatabai",
        ),
        RelatedLink(LinkKind.MOST_READ, 2, democracy, "Analysis", date(2025, 11, 19), democracy),
        RelatedLink(
            LinkKind.MOST_READ,
            3,
            "US signs off on covert CIA operations inside Venezuela: NYT",
            "Politics",
            date(2025, 11, 19),
            "US readies covert, military measures to oust Maduro: NYT",
        ),
    ]


def test_read_next(page):
    links = [link for link in page.links if link.kind is LinkKind.READ_NEXT]
    assert [(link.position, link.title, link.section) for link in links] == [
        (0, "Russia alarmed by reports of Israeli funding for anti-Hamas groups", "Politics"),
        (1, "IRGC: Hezbollah, AoR hold right to avenge martyr Al-Tabatabai", "Politics"),
        (2, "GHF meets 'deserved' end in Gaza after enabling genocide: Hamas", "Politics"),
        (
            3,
            "Larijani\u2019s Pakistan visit signals strategic regional alignment: Excl.",
            "Politics",
        ),
    ]
    assert links[0].image_alt.startswith("Vassily Nebenzia, permanent representative of Russia")
    assert links[0].image_alt.endswith("(AP Photo/John Minchillo, File)")
    assert all(link.date is None for link in links)


def test_ticker_items_and_speakers(page):
    daamoush = "Sheikh Daamoush"
    expected = [
        ("TASS reports 3 people were injured in a drone attack in the Rostov region", "TASS"),
        (
            "Ukraine's Ministry of energy reports massive attack on energy facilities",
            "Ukraine's Ministry of energy",
        ),
        ("Taiwan's Ministry of Defense: One Chinese balloon", "Taiwan's Ministry of Defense"),
        ("Israeli media reports injuries in ramming operation in al-Naqab.", "Israeli media"),
        ("Sheikh Daamoush: Zionists must remain worried", daamoush),
        ("Sheikh Daamoush: All concessions given by Lebanese government", daamoush),
        ("Sheikh Daamoush: It is the duty of the state", daamoush),
        ("Sheikh Ali Daamoush: We are not concerned with any plans", "Sheikh Ali Daamoush"),
        ("Israeli media says reports incoming of suspected ramming operation", "Israeli media"),
        ("Sheikh Daamoush: Sayyed Abou Ali's martyrdom will not undermine", daamoush),
    ]
    assert len(page.ticker) == 10
    for item, (start, speaker), position in zip(page.ticker, expected, range(10), strict=True):
        assert isinstance(item, TickerItem)
        assert item.position == position
        assert item.text.startswith(start)
        assert item.speaker == speaker


def test_regions(page):
    rows = {(row.region, row.country_iso3): row for row in page.regions}
    assert {("Latin America", "VEN"), ("Latin America", "COL"), ("Latin America", "MEX")} <= set(
        rows
    )
    assert ("US & Canada", "USA") in rows
    assert sum(row.is_primary for row in page.regions) == 1
    primary = next(row for row in page.regions if row.is_primary)
    assert (primary.region, primary.country_iso3) == ("Latin America", "VEN")
    assert primary.evidence == "tag:Venezuela"
    assert rows[("US & Canada", "USA")].evidence == "tag:United States"
    assert rows[("Latin America", "MEX")].evidence == "summary:Mexico"
    # nothing from the navigation, ticker, caption or widgets: no Europe, Asia-Pacific, MENA rows
    assert {region for region, _ in rows} == {"Latin America", "US & Canada"}


def test_same_result_without_url_and_fetch_time():
    page = parse_page(seed_text())
    assert page.status is Status.PARSED
    assert page.published_at == datetime(2025, 11, 2, 11, 31)


def test_opens_with_the_site_header():
    """page.py normalizes the header once for every page that opens with it, as the seed does."""
    assert seed_text().startswith(SITE_HEADER + "BREAKING\n")
