"""One test (or a few) per layout of shared/PAGE_LAYOUTS.md; made-up pages are named made_up_*."""

from __future__ import annotations

from datetime import datetime

import pytest

from pipelines.parsing import Layout, LinkKind, RelatedLink, Status, parse_page
from tests.parsing.pages import SEED_TAGS, page_text, seed_cut_after, seed_text, seed_with

PREVIEW_URL = "https://next-en.almayadeen.net/news/politics/made-up-preview"


def test_reader_layout_with_blank_lines():
    page = parse_page(page_text("made_up_reader.txt"))
    assert page.layout is Layout.READER
    assert page.status is Status.PARTIAL
    assert page.problems == ["no publication date on the page"]
    assert page.published_at is None
    assert (
        page.title
        == "Made-up test article: Examplestan weighs a placeholder water accord in Caracas"
    )
    assert page.summary.startswith("Made-up summary: invented officials in Caracas")
    assert page.image_caption == (
        "Made-up caption: people walk past an invented fountain in Caracas, Venezuela, "
        "on May 3, 2024"
    )
    assert page.image_credit == "AP"
    assert page.body.split("\n\n") == [
        "This made-up paragraph opens the test article and names Venezuela and Colombia so that "
        "regions have evidence.",
        "Made-up reactions in Bogota",
        "A second made-up paragraph, written for the parser tests, quotes nobody and describes "
        "nothing real.",
        "A closing made-up paragraph ends the test article with a full stop.",
    ]
    assert page.subheadings == ["Made-up reactions in Bogota"]
    assert page.links == [
        RelatedLink(LinkKind.READ_MORE, 0, "Made-up linked article about a placeholder harbour")
    ]


def test_reader_embedded_post_is_kept_out_of_the_body():
    page = parse_page(page_text("made_up_reader.txt"))
    assert page.embeds == [
        "Made-up post text about the invented accord. pic.twitter.com/MadeUp12345\n"
        "— Made Up Account (@made_up_account) May 4, 2024"
    ]
    assert "pic.twitter.com" not in page.body and "@made_up_account" not in page.body


def test_repeated_paragraph_is_kept_once():
    page = parse_page(page_text("made_up_reader.txt"))
    assert page.body.count("A second made-up paragraph") == 1


def test_reader_layout_with_single_newlines_and_no_dash():
    page = parse_page(page_text("made_up_reader_single_newlines.txt"))
    assert page.layout is Layout.READER
    assert page.title == "Made-up test article: Placeholder talks resume in Tehran"
    assert page.summary.startswith("Made-up summary: an invented delegation")
    assert page.image_credit == "Reuters"
    assert page.subheadings == ["What the made-up test data says"]
    assert page.body.split("\n\n") == [
        "The first made-up paragraph says that Iranian and Iraqi placeholder officials met twice.",
        "What the made-up test data says",
        "The second made-up paragraph is separated from the others by a single newline only.",
        "The last made-up paragraph ends here.",
    ]
    assert [link.title for link in page.links] == [
        "Made-up linked article about placeholder shipping"
    ]
    assert page.truncated is False
    primary = next(row for row in page.regions if row.is_primary)
    assert (primary.region, primary.country_iso3) == ("MENA", "IRN")


def test_reader_page_without_title_line_from_the_preview_host():
    text = page_text("made_up_reader.txt").split("\n", 1)[1]
    page = parse_page(text, url=PREVIEW_URL)
    assert page.layout is Layout.PREVIEW
    assert page.status is Status.PARTIAL
    assert page.title is None
    assert page.summary.startswith("Made-up summary:")
    assert "no title line (preview host page)" in page.problems


def test_full_page_without_title_line_from_the_preview_host():
    text = seed_with(
        "\nIntel reports put to question US claims on Venezuela, drug-trafficking\n\n", "\n"
    )
    page = parse_page(text, url=PREVIEW_URL)
    assert page.layout is Layout.PREVIEW
    assert page.status is Status.PARTIAL
    assert page.problems == ["no title line (preview host page)"]
    assert page.author == "Al Mayadeen English"
    assert page.body.startswith("Recent reports indicate")


def test_preview_page_with_nothing_article_like_is_quarantined():
    page = parse_page(
        "-\nMade-up caption of an invented scene in a test, on May 3, 2024 (AP)\n", url=PREVIEW_URL
    )
    assert page.layout is Layout.PREVIEW
    assert page.status is Status.QUARANTINED


def test_video_page():
    page = parse_page(page_text("made_up_video.txt"))
    assert page.layout is Layout.VIDEO
    assert page.status is Status.PARSED
    assert page.title == "Made-up video title: a placeholder report from Sanaa (test video)"
    assert page.summary.startswith("Made-up video description: an invented report about Yemen")
    assert page.body is None
    assert page.published_at is None
    assert [(row.region, row.country_iso3) for row in page.regions] == [("MENA", "YEM")]


def test_relative_dates_resolve_against_the_fetch_day():
    today = parse_page(
        seed_with("2 Nov 2025 11:31", "Today 13:22"), fetched_at=datetime(2025, 11, 3, 16, 5)
    )
    assert today.published_at == datetime(2025, 11, 3, 13, 22)
    assert today.published_at_text == "Today 13:22"
    assert today.status is Status.PARSED
    yesterday = parse_page(
        seed_with("2 Nov 2025 11:31", "Yesterday 13:22"), fetched_at=datetime(2025, 11, 3, 0, 5)
    )
    assert yesterday.published_at == datetime(2025, 11, 2, 13, 22)


def test_relative_date_without_fetch_time_stays_unknown():
    page = parse_page(seed_with("2 Nov 2025 11:31", "Today 13:22"))
    assert page.published_at is None
    assert page.published_at_text == "Today 13:22"
    assert page.status is Status.PARTIAL
    assert page.problems == ["relative date 'Today 13:22' cannot be resolved without a fetch time"]


def test_date_after_the_fetch_time_is_rejected():
    page = parse_page(seed_text(), fetched_at=datetime(2025, 10, 31, 9, 0))
    assert page.published_at is None
    assert page.published_at_text == "2 Nov 2025 11:31"
    assert page.status is Status.PARTIAL
    assert page.problems == [
        "publication date '2 Nov 2025 11:31' is after the fetch time 2025-10-31 09:00"
    ]


def test_a_day_of_slack_for_time_zones():
    page = parse_page(seed_text(), fetched_at=datetime(2025, 11, 1, 12, 0))
    assert page.published_at == datetime(2025, 11, 2, 11, 31)


def test_full_page_without_ticker_source_or_image():
    text = seed_text()
    ticker = text[text.index("BREAKING\n") : text.index("\nIntel reports put")]
    text = text.replace(ticker, "").replace("  • Source: Dropsite News\n", "")
    image = text[text.index("  • x\n  • The United") : text.index("\nRecent reports indicate")]
    page = parse_page(text.replace(image, ""))
    assert (page.layout, page.status, page.problems) == (Layout.FULL, Status.PARSED, [])
    assert page.title == "Intel reports put to question US claims on Venezuela, drug-trafficking"
    assert page.ticker == [] and page.source is None and page.image_caption is None
    assert page.body == parse_page(seed_text()).body
    assert len(page.tags) == 9


def test_malformed_url_is_not_another_site():
    page = parse_page(page_text("made_up_reader.txt"), url="not a url")
    assert page.layout is Layout.READER


def test_crlf_line_ends_parse_like_lf():
    crlf = parse_page(seed_text().replace("\n", "\r\n"))
    lf = parse_page(seed_text())
    assert crlf == lf


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (seed_cut_after("  • Ar\n  • E"), "in the site header or navigation"),
        (seed_cut_after("    • Arts&Culture\n"), "in the site header or navigation"),
        (seed_cut_after("TASS reports 3 people"), "inside the ticker"),
        (seed_cut_after("diktats.\n"), "inside the ticker"),
        (
            seed_cut_after("Rubio pushes for regime change\n\nAccording to a Drop"),
            "inside the body",
        ),
        (seed_cut_after("  • Nicolas Maduro\n"), "inside the tags"),
        (seed_cut_after("  • Donald Trump\n\nMost Re"), "inside the tags"),
        (seed_cut_after("Most Read\n\nInside the Epstein"), "inside Most Read"),
        (seed_cut_after("Read Next\n\nAll\nVassily"), "inside Read Next"),
    ],
)
def test_cut_off_pages_keep_what_is_there(text, where):
    page = parse_page(text)
    assert page.layout is Layout.FULL
    assert page.status is Status.PARTIAL
    assert page.truncated is True
    assert page.problems[0] == f"text is cut off {where}"


def test_cut_inside_the_ticker_drops_the_incomplete_item():
    page = parse_page(seed_cut_after("Sheikh Daamoush: All concessions"))
    assert [item.speaker for item in page.ticker] == [
        "TASS",
        "Ukraine's Ministry of energy",
        "Taiwan's Ministry of Defense",
        "Israeli media",
        "Sheikh Daamoush",
    ]
    assert page.title is None
    assert "no title on the page" in page.problems


def test_cut_inside_a_word_of_the_body():
    page = parse_page(seed_cut_after("Internal military tensions\n\nThe Dropsite News rep"))
    assert page.body.endswith("Internal military tensions\n\nThe Dropsite News rep")
    assert page.subheadings[-1] == "Internal military tensions"  # the fragment is no sub-heading
    assert page.tags == []
    assert len([link for link in page.links if link.kind is LinkKind.READ_MORE]) == 2


def test_cut_inside_the_tags_drops_the_incomplete_tag():
    page = parse_page(seed_cut_after("  • Nicolas Ma"))
    assert page.tags == SEED_TAGS[:6]


def test_cut_after_the_tags_inside_the_next_heading():
    page = parse_page(seed_cut_after("  • Donald Trump\n\nMost Re"))
    assert page.tags[-1] == "Donald Trump"
    assert "Most Re" not in page.body


def test_cut_inside_read_next_keeps_the_complete_entries():
    page = parse_page(
        seed_cut_after("IRGC: Hezbollah, AoR hold right to avenge martyr Al-Tabatabai\n")
    )
    read_next = [link.title for link in page.links if link.kind is LinkKind.READ_NEXT]
    assert read_next == [
        "Russia alarmed by reports of Israeli funding for anti-Hamas groups",
        "IRGC: Hezbollah, AoR hold right to avenge martyr Al-Tabatabai",
    ]
    assert len([link for link in page.links if link.kind is LinkKind.MOST_READ]) == 4


def test_cut_reader_page():
    text = page_text("made_up_reader_single_newlines.txt").rstrip("\n")[:-12]
    page = parse_page(text)
    assert page.layout is Layout.READER
    assert page.truncated is True
    assert page.problems[0] == "text is cut off inside the body"


def test_spanish_edition_is_recognised_not_parsed():
    page = parse_page(page_text("made_up_spanish.txt"))
    assert page.layout is Layout.SPANISH
    assert page.status is Status.QUARANTINED
    assert page.problems == ["Spanish edition: not parsed yet"]
    assert (
        page.title == "Artículo inventado de prueba (made up): Ejemplolandia debate sobre el agua"
    )
    assert page.body is None


def test_arabic_page_is_recognised_not_parsed():
    page = parse_page(page_text("made_up_arabic.txt"))
    assert page.layout is Layout.ARABIC
    assert page.status is Status.QUARANTINED
    assert page.problems == ["Arabic edition: not parsed yet"]


def test_page_of_another_site():
    page = parse_page(page_text("made_up_other_site.txt"))
    assert page.layout is Layout.FOREIGN
    assert page.status is Status.QUARANTINED
    assert page.problems == ["page of another site (no Al Mayadeen markers)"]


def test_url_of_another_site_decides():
    page = parse_page(page_text("made_up_reader.txt"), url="https://www.example.org/world/1")
    assert page.layout is Layout.FOREIGN
    assert page.problems == ["page of another site (www.example.org)"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "404 Not Found\n\nThe made-up page could not be found.\n",
            "error page, not an article ('404 Not Found')",
        ),
        ("<!DOCTYPE html><html><body>made up</body></html>", "HTML source, not a rendered page"),
    ],
)
def test_junk_is_foreign(text, reason):
    page = parse_page(text)
    assert (page.layout, page.status, page.problems) == (
        Layout.FOREIGN,
        Status.QUARANTINED,
        [reason],
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [("", "empty file"), (" \n\t\n\u00a0\r\n", "file holds only white space")],
)
def test_empty_pages(text, problem):
    page = parse_page(text)
    assert (page.layout, page.status, page.problems) == (
        Layout.EMPTY,
        Status.QUARANTINED,
        [problem],
    )
