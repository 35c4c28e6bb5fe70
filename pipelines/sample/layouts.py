"""Render an article in the layouts of english.almayadeen.net (see shared/PAGE_LAYOUTS.md).

The chrome (header, navigation, footer) and the spacing conventions (`  • ` bullets, captions
indented by four spaces, no newline at the end of a full page) are those of the seed page;
tests compare them with the bundled seed byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from pipelines.parsing.taxonomy import SITE_REGIONS, SITE_SECTIONS
from pipelines.sample import vocabulary as vocab
from pipelines.sample.text import ArticleText
from pipelines.sample.world import DAY, Article, to_datetime

SITE_NAME = "Al Mayadeen English"
BULLET = "  • "
CAPTION_INDENT = "    "

_NEWS = SITE_SECTIONS["News"]
_ARTICLES = SITE_SECTIONS["Articles"]
_VIDEOS = SITE_SECTIONS["Videos"]


def _bullets(items: tuple[str, ...], indent: str = BULLET) -> str:
    return "".join(f"{indent}{item}\n" for item in items)


HEADER = (
    f"{SITE_NAME}\n\n{_bullets(('Ar', 'Es', 'x'))}{SITE_NAME}\n\nSlogan\n\n"
    f"{BULLET}News\n{_bullets(_NEWS, '    • ')}"
    f"{BULLET}Articles\n{_bullets(_ARTICLES, '    • ')}"
    f"{BULLET}Videos\n{_bullets(_VIDEOS, '    • ')}"
    f"{_bullets(('Infographs', 'In Pictures', '• LIVE'))}"
    f"News\n{_bullets(_NEWS)}Articles\n{_bullets(_ARTICLES)}Videos\n{_bullets(_VIDEOS)}"
    f"Infographs\nIn Pictures\n{_bullets(SITE_REGIONS)}"
    "BREAKING\n"
)
WIDGETS = "Coverage\n\nAll\nIn Five\n\nRead Next\n\nAll\n"
_FOOTER_LINKS = ("x", "Privacy Policy", "About Us", "Contact Us", "Authors")
FOOTER = (
    f"{SITE_NAME}\n\nAl Mayadeen is an Arab Independent Media Satellite Channel.\n\n"
    f"All Rights Reserved\n\n{_bullets(_FOOTER_LINKS)}Android\niOS"
)


@dataclass(frozen=True, slots=True)
class Related:
    """Another article as a Most Read or Read Next widget shows it."""

    alt: str
    title: str
    section: str
    date: str  # `19 Nov 2025`
    caption: str


def short_date(timestamp: int) -> str:
    moment = to_datetime(timestamp)
    return f"{moment.day} {vocab.MONTH_ABBREVIATIONS[moment.month - 1]} {moment.year}"


def related(article: Article, rng: Random) -> Related:
    section = article.section
    if section == "Politics" and article.country.region in ("MENA", "Palestine"):
        section = "West Asia" if rng.random() < 0.3 else section
    return Related(
        alt=article.alt_title if rng.random() < 0.3 else article.title,
        title=article.title,
        section=section,
        date=short_date(article.published),
        caption=article.caption,
    )


def _date_line(article: Article, fetched: int, rng: Random) -> str:
    """`2 Nov 2025 11:31`, or `Today 13:22` / `Yesterday 09:10` relative to the fetch time."""
    published = to_datetime(article.published)
    clock = f"{published.hour:02d}:{published.minute:02d}"
    days_before = fetched // DAY - article.published // DAY
    if days_before in (0, 1) and rng.random() < 0.6:
        return f"{'Today' if days_before == 0 else 'Yesterday'} {clock}"
    return f"{short_date(article.published)} {clock}"


def render_full(
    article: Article,
    text: ArticleText,
    *,
    fetched: int,
    ticker: tuple[str, ...],
    most_read: list[Related],
    read_next: list[Related],
    rng: Random,
    with_title: bool = True,
) -> str:
    byline = [f"By {article.author}"]
    if article.source:
        byline.append(f"Source: {article.source}")
    byline.append(_date_line(article, fetched, rng))
    parts = [
        HEADER,
        "".join(f"{line}\n" for line in ticker),
        "\n",
        f"{article.title}\n\n" if with_title else "",
        _bullets(tuple(byline)),
        f"{text.read_minutes} Min Read\n\n",
        f"{text.summary}\n\n",
        f"{BULLET}x\n{BULLET}{article.image_alt}\n{CAPTION_INDENT}{article.caption}\n\n",
        "\n\n".join(text.blocks),
        "\n\n",
        _bullets(text.tags),
        "\nMost Read\n\n",
        "".join(
            f"{entry.alt}\n\n{entry.title}\n\n{BULLET}{entry.section}\n{BULLET}{entry.date}\n"
            for entry in most_read
        ),
        "\n",
        WIDGETS,
        "".join(f"{entry.caption}\n{entry.section}\n\n{entry.title}\n\n" for entry in read_next),
        FOOTER,
    ]
    return "".join(parts)


def render_reader(
    article: Article, text: ArticleText, rng: Random, *, with_title: bool = True
) -> str:
    """Title first, no chrome and no date; paragraphs split by blank lines or single newlines."""
    parts = [article.title] if with_title else []
    parts.append(text.summary)
    if rng.random() < 0.5:
        parts.append("-")
    parts.append(article.caption)
    parts.extend(text.blocks)
    separator = "\n" if rng.random() < 0.4 else "\n\n"
    return separator.join(parts) + "\n"


def render_video(article: Article, text: ArticleText) -> str:
    return f"{SITE_NAME}\n\n{article.title}\n\n{text.summary} {text.blocks[0]}\n"
