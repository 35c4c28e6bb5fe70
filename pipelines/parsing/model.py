"""What the parser returns: plain records, no storage types.

Everything here is the contract between `pipelines.parsing` (text in, records out) and the
warehouse loader. Field meanings are documented once more, for analysts, in warehouse/README.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Layout(StrEnum):
    """Which of the layouts in PAGE_LAYOUTS.md a page was recognised as."""

    FULL = "full"  # site header, navigation, ticker, byline, body, tags, Most Read, Read Next
    READER = "reader"  # title first, no chrome
    VIDEO = "video"  # `Al Mayadeen English`, title, one-paragraph description
    PREVIEW = "preview"  # preview host page without a title line
    SPANISH = "spanish"  # espanol.almayadeen.net edition (recognised, not parsed further)
    ARABIC = "arabic"  # Arabic edition (recognised, not parsed further)
    FOREIGN = "foreign"  # a page of another outlet, or junk text
    EMPTY = "empty"  # nothing but white space
    BINARY = "binary"  # not text at all
    # set by the ingest step, never by the parser:
    MANIFEST = "manifest"  # the raw folder's manifest file
    UNREADABLE = "unreadable"  # could not be read (gone, no permission, not a regular file)
    OVERSIZED = "oversized"  # larger than a page may be; hashed but not parsed


class Status(StrEnum):
    PARSED = "parsed"  # every expected field found
    PARTIAL = "partial"  # kept, but some fields are missing or the text was cut off
    QUARANTINED = "quarantined"  # not parsed as an article; `problems` says why


class LinkKind(StrEnum):
    READ_MORE = "read_more"
    MOST_READ = "most_read"
    READ_NEXT = "read_next"


@dataclass(frozen=True, slots=True)
class TickerItem:
    """One line of the BREAKING ticker, as the site showed it when the page was fetched."""

    position: int  # 0-based order in the ticker
    text: str  # normalized text of the item
    speaker: str | None  # `Sheikh Daamoush` in `Sheikh Daamoush: ...`; see parsing/ticker.py


@dataclass(frozen=True, slots=True)
class RelatedLink:
    """A link from the page's article to another article, by its title."""

    kind: LinkKind
    position: int  # 0-based order within its kind
    title: str  # the linked article's title (for Most Read: the second line, not the alt text)
    section: str | None = None  # `Politics`, `West Asia`, ... when the page shows it
    date: date | None = None  # the linked article's date when shown (Most Read)
    image_alt: str | None = None  # alt text / caption of the link's image when shown


@dataclass(frozen=True, slots=True)
class RegionMention:
    """Evidence that an article is about a country and a region of the site's taxonomy."""

    region: str  # one of SITE_REGIONS
    country_iso3: str | None  # ISO 3166-1 alpha-3, None when the evidence names only a region
    evidence: str  # e.g. `tag:Venezuela`, `title:Colombia`, `body:Caracas`
    mentions: (
        int  # how many times the country (or region) is mentioned in title, summary, body, tags
    )
    is_primary: bool  # the article's main region (one per article)


@dataclass(slots=True)
class ParsedPage:
    """Everything the parser found on one raw page.

    A field the page does not show is None (or empty); `problems` says why a page is partial or
    quarantined, in words a reader of the `pages` table understands.
    """

    layout: Layout
    status: Status
    problems: list[str] = field(default_factory=list)
    truncated: bool = False  # the text stops mid-way (crawler limit, failed download)

    title: str | None = None
    summary: str | None = None
    body: str | None = None  # paragraphs and sub-headings only, separated by blank lines
    subheadings: list[str] = field(default_factory=list)
    author: str | None = None
    source: str | None = None  # origin agency or outlet from `Source: ...`
    published_at: datetime | None = None  # the site's wall-clock time, naive
    published_at_text: str | None = None  # the date as printed (`2 Nov 2025 11:31`, `Today 13:22`)
    read_minutes: int | None = None
    image_alt: str | None = None
    image_caption: str | None = None
    image_credit: str | None = None  # `AP` from a caption ending in `(AP)`
    embeds: list[str] = field(default_factory=list)  # embedded social posts, kept out of the body
    tags: list[str] = field(default_factory=list)
    links: list[RelatedLink] = field(default_factory=list)
    ticker: list[TickerItem] = field(default_factory=list)
    regions: list[RegionMention] = field(default_factory=list)

    @property
    def word_count(self) -> int:
        return len(self.body.split()) if self.body else 0
