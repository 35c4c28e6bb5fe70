"""The full layout (the seed page): site chrome, ticker, article, widgets, footer.

The page is read top to bottom, one block after the other (PAGE_LAYOUTS.md, section 1). Each
block is optional, so a page without a ticker, a source or an image still reads; a block that is
missing leaves its fields empty, and page.py says which expected ones are missing.

Cut-off pages. A full page is complete when it shows the footer's `All Rights Reserved` line;
otherwise the text was cut and the problem names the last block it reached ("text is cut off
inside the ticker", "... inside the body", ...). When a cut-off text does not end with a line
break, its last line is incomplete: a ticker item, byline bullet, tag, `Read more:` link or
widget entry on that line is left out (half a tag is not a tag); a body paragraph, summary or
title on it is kept as far as it goes. An incomplete line right after the tags is the start of
the Most Read heading, not body text, and is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from itertools import compress, count, islice

from pipelines.parsing.body import fill_page, parse_body
from pipelines.parsing.dates import looks_like_date, parse_day, parse_published
from pipelines.parsing.lines import BULLET, SITE_NAME, bullet_text, split_credit
from pipelines.parsing.model import LinkKind, ParsedPage, RelatedLink
from pipelines.parsing.taxonomy import SITE_REGIONS, SITE_SECTIONS
from pipelines.parsing.ticker import ticker_items

FOOTER_MARKER = "All Rights Reserved"


def _bullets(items: tuple[str, ...], indent: str = "  ") -> str:
    """Lines `<indent>• <item>`, as the site prints its menus."""
    return "".join(f"{indent}{BULLET} {item}\n" for item in items)


_MENUS = {menu: sections for menu, sections in SITE_SECTIONS.items() if sections}
# The header and navigation above the ticker, byte for byte as every full page of the site shows
# them (the seed's, tests/data/pages/seed_full.txt): page.py normalizes them once, not per page.
SITE_HEADER = (
    f"{SITE_NAME}\n\n{_bullets(('Ar', 'Es', 'x'))}{SITE_NAME}\n\nSlogan\n\n"
    + "".join(_bullets((menu,)) + _bullets(sections, "    ") for menu, sections in _MENUS.items())
    + _bullets(("Infographs", "In Pictures", f"{BULLET} LIVE"))
    + "".join(f"{menu}\n{_bullets(sections)}" for menu, sections in _MENUS.items())
    + f"Infographs\nIn Pictures\n{_bullets(SITE_REGIONS)}"
)
_CHROME_LINES = frozenset({SITE_NAME, "Slogan", *SITE_SECTIONS})
_CHROME_BULLETS = frozenset(
    {"Ar", "Es", "x", *SITE_SECTIONS, *SITE_REGIONS}
    | {section for sections in SITE_SECTIONS.values() for section in sections}
)
_WIDGETS = frozenset({"Most Read", "Coverage", "Read Next"})
_HEADINGS = _WIDGETS | {SITE_NAME, FOOTER_MARKER}  # where a widget, or the footer, begins
_READ_TIME = re.compile(r"(\d{1,3}) Min(?:ute)?s? Read", re.IGNORECASE)
_STAGE_PHRASES = {
    "site header": "in the site header or navigation",
    "ticker": "inside the ticker",
    "title": "at the title",
    "byline": "inside the byline",
    "summary": "at the summary",
    "lead image": "at the lead image",
    "body": "inside the body",
    "tags": "inside the tags",
    "Most Read": "inside Most Read",
    "Coverage": "inside Coverage",
    "Read Next": "inside Read Next",
    "footer": "inside the footer",
}


def is_complete(text: str, lines: list[str]) -> bool:
    """Whether a line of the page (`text` split into `lines`) is the footer's marker."""
    # A cut page has no marker at all, which one search of the text tells; otherwise the marker
    # is near the end, so the lines are looked through from there.
    return FOOTER_MARKER in text and FOOTER_MARKER in map(str.strip, reversed(lines))


def is_chrome(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return True
    bullet = bullet_text(stripped)
    return bullet in _CHROME_BULLETS if bullet is not None else stripped in _CHROME_LINES


@dataclass(slots=True)
class _Cursor:
    lines: list[str]
    stripped: list[str]  # every line stripped once: the blocks below test them again and again
    position: int = 0
    cut_at: int | None = None  # index of an incomplete last line
    stage: str = "site header"


def _skip_blank(stripped: list[str], position: int) -> int:
    """The first line from `position` on that is not blank (the end of the text if none is)."""
    while position < len(stripped) and not stripped[position]:
        position += 1
    return position


def _is_bullet(stripped: str) -> bool:
    """Whether bullet_text finds a bullet, read off the stripped line (inlined in hot loops)."""
    return stripped.startswith(BULLET)


def parse_full(
    lines: list[str], page: ParsedPage, *, fetched_at: datetime | None, cut_last: bool
) -> str:
    """Fill `page` from a full-layout text; return where the text stops, for a cut-off page."""
    cut_at = len(lines) - 1 if cut_last else None
    try:
        start = lines.index("BREAKING")  # the chrome is everything before the ticker
    except ValueError:
        start = 0
        while start < len(lines) and (is_chrome(lines[start]) or start == cut_at):
            start += 1
    # No block looks back into the chrome, so the cursor holds only the lines after it (the cut
    # line's index shifted to match), and the chrome is never stripped.
    lines = lines[start:]
    cursor = _Cursor(
        lines, list(map(str.strip, lines)), cut_at=None if cut_at is None else cut_at - start
    )
    _ticker(cursor, page)
    _article_head(cursor, page, fetched_at)
    headings = _headings(cursor.stripped, cursor.position)
    tail = next(
        (index for index in headings if not _is_indented_site_name(lines, index)), len(lines)
    )
    _body_and_tags(cursor, page, tail)
    _widgets(cursor, page, headings[headings.index(tail) :] if tail < len(lines) else [])
    return _STAGE_PHRASES[cursor.stage]


def _ticker(cursor: _Cursor, page: ParsedPage) -> None:
    stripped, position = cursor.stripped, cursor.position
    if position >= len(stripped) or stripped[position] != "BREAKING":
        return
    cursor.stage = "ticker"
    try:
        end = stripped.index("", position)  # the items run to the first blank line
    except ValueError:
        end = len(stripped)
    items = stripped[position + 1 : end]
    if cursor.cut_at is not None and position < cursor.cut_at < end:
        del items[cursor.cut_at - position - 1]
    cursor.position = end
    page.ticker = ticker_items(items)


def _article_head(cursor: _Cursor, page: ParsedPage, fetched_at: datetime | None) -> None:
    """Title, byline, read time, summary, share widget and lead image."""
    lines, stripped, cut_at = cursor.lines, cursor.stripped, cursor.cut_at
    size = len(lines)
    position = _skip_blank(stripped, cursor.position)
    if position == size:
        cursor.position = position
        return
    if not _is_bullet(stripped[position]) and not _READ_TIME.fullmatch(stripped[position]):
        cursor.stage = "title"
        page.title = stripped[position]
        position = _skip_blank(stripped, position + 1)
    while position < size and _is_bullet(stripped[position]):
        cursor.stage = "byline"
        if position != cut_at:
            _byline_item(page, bullet_text(lines[position]), fetched_at)
        position += 1
    position = _skip_blank(stripped, position)
    if position < size and (read_time := _READ_TIME.fullmatch(stripped[position])):
        if position != cut_at:
            page.read_minutes = int(read_time.group(1))
        position = _skip_blank(stripped, position + 1)
    if position < size and _is_paragraph(lines[position], stripped[position]):
        cursor.stage = "summary"
        page.summary = stripped[position]
        position = _skip_blank(stripped, position + 1)
    if position < size and _is_bullet(stripped[position]) and bullet_text(lines[position]) == "x":
        cursor.stage = "lead image"
        position += 1
    cursor.position = position
    _lead_image(cursor, page)


def _is_paragraph(line: str, stripped: str) -> bool:
    """Not a bullet, not an indented caption, not a widget heading."""
    return not _is_bullet(stripped) and not line.startswith(" ") and line not in _WIDGETS


def _byline_item(page: ParsedPage, bullet: str, fetched_at: datetime | None) -> None:
    if bullet.startswith("By "):
        page.author = bullet[3:].strip() or page.author
    elif bullet.startswith("Source:"):
        page.source = bullet[7:].strip() or page.source
    elif looks_like_date(bullet) and page.published_at_text is None:
        page.published_at_text = bullet
        published = parse_published(bullet, fetched_at)
        page.published_at = published.value
        if published.problem:
            page.problems.append(published.problem)


def _lead_image(cursor: _Cursor, page: ParsedPage) -> None:
    """A bullet with the alt text, then indented caption lines; a bullet run is a tag list."""
    lines, stripped, position = cursor.lines, cursor.stripped, cursor.position
    size = len(lines)
    if position == size:
        return
    if _is_bullet(stripped[position]):
        if position + 1 < size and _is_bullet(stripped[position + 1]):
            return  # two bullets in a row: the tags of an article without body
        cursor.stage = "lead image"
        if position != cursor.cut_at:
            page.image_alt = bullet_text(lines[position]) or None
        position += 1
    caption_lines = []
    while (
        position < size
        and lines[position].startswith(" ")
        and stripped[position]
        and not _is_bullet(stripped[position])
    ):
        cursor.stage = "lead image"
        caption_lines.append(stripped[position])
        position += 1
    cursor.position = position
    if caption_lines:
        caption, page.image_credit = split_credit(" ".join(caption_lines))
        page.image_caption = caption or None


def _headings(stripped: list[str], start: int) -> list[int]:
    """Indices of the lines from `start` on that read as a widget's or the footer's heading."""
    is_heading = map(_HEADINGS.__contains__, islice(stripped, start, None))
    return list(compress(count(start), is_heading))


def _is_indented_site_name(lines: list[str], index: int) -> bool:
    """The footer begins with the site name; indented, the name is inside some other block."""
    return lines[index].startswith(" ") and lines[index].strip() == SITE_NAME


def _body_and_tags(cursor: _Cursor, page: ParsedPage, tail: int) -> None:
    """Body blocks up to the tag list (the last run of bullets before the widgets at `tail`)."""
    lines, stripped, cut_at = cursor.lines, cursor.stripped, cursor.cut_at
    start = cursor.position
    end = tail
    while end > start and not stripped[end - 1]:
        end -= 1
    heading_cut_after_tags = False
    if end > start and end - 1 == cut_at and not _is_bullet(stripped[end - 1]):
        before = end - 2
        while before >= start and not stripped[before]:
            before -= 1
        if before >= start and _is_bullet(stripped[before]):
            end = before + 1
            heading_cut_after_tags = True
    tags_start = end
    while tags_start > start and _is_bullet(stripped[tags_start - 1]):
        tags_start -= 1

    blocks: list[str] = []
    list_items: set[int] = set()
    cut_block: int | None = None
    for index in range(start, tags_start):
        text = stripped[index]
        if not text:
            continue
        if index == cut_at:
            cut_block = len(blocks)
        if text.startswith(BULLET):
            list_items.add(len(blocks))
            blocks.append(bullet_text(lines[index]))
        else:
            blocks.append(text)
    if blocks:
        cursor.stage = "body"
    fill_page(page, parse_body(blocks, list_items=list_items, cut_position=cut_block))
    page.tags = [
        tag
        for index in range(tags_start, end)
        if (tag := bullet_text(lines[index])) and index != cut_at
    ]
    if tags_start < end or heading_cut_after_tags:
        cursor.stage = "tags"
    cursor.position = tail


def _widgets(cursor: _Cursor, page: ParsedPage, headings: list[int]) -> None:
    """Read the widgets from their headings' lines on, up to the footer."""
    stripped = cursor.stripped
    # Each heading's entries end at the next heading, or at the end of the text.
    for heading_index, end in zip(headings, [*headings[1:], len(stripped)], strict=False):
        heading = stripped[heading_index]
        if heading == "Most Read":
            cursor.stage = "Most Read"
            _most_read(cursor, page, heading_index + 1, end)
        elif heading == "Read Next":
            cursor.stage = "Read Next"
            _read_next(cursor, page, heading_index + 1, end)
        elif heading == "Coverage":
            cursor.stage = "Coverage"
        else:
            cursor.stage = "footer"
            return


def _most_read(cursor: _Cursor, page: ParsedPage, start: int, end: int) -> None:
    """Entries: alt text, title, then bullets `<section>` and `<date>`."""
    lines, stripped, cut_at = cursor.lines, cursor.stripped, cursor.cut_at
    # Each entry: its text lines, its bullets, and whether a text line is the cut one (an entry
    # with half an alt text or title is left out). A text line after bullets starts a new entry.
    entries: list[tuple[list[str], list[str], bool]] = []
    texts: list[str] = []
    bullets: list[str] = []
    text_cut = False
    for line_index in range(start, end):
        text = stripped[line_index]
        if not text:
            continue
        if not text.startswith(BULLET):
            if bullets:
                entries.append((texts, bullets, text_cut))
                texts, bullets, text_cut = [], [], False
            texts.append(text)
            text_cut = text_cut or line_index == cut_at
        elif line_index != cut_at:
            bullets.append(bullet_text(lines[line_index]))
    if texts:
        entries.append((texts, bullets, text_cut))
    position = 0
    for texts, bullets, text_cut in entries:
        if text_cut or not texts or not (bullets or len(texts) >= 2):
            continue
        section, day = _section_and_day(tuple(bullets))
        image_alt = texts[0] if len(texts) >= 2 else None
        # Positional arguments: a frozen dataclass is built faster without keywords.
        link = RelatedLink(LinkKind.MOST_READ, position, texts[-1], section, day, image_alt)
        page.links.append(link)
        position += 1


@lru_cache(maxsize=1 << 12)
def _section_and_day(bullets: tuple[str, ...]) -> tuple[str | None, date | None]:
    """A Most Read entry's section and date; cached, as the same pairs come back on every page."""
    section = next((bullet for bullet in bullets if not looks_like_date(bullet)), None)
    day = next((parse_day(bullet) for bullet in bullets if looks_like_date(bullet)), None)
    return section, day


def _read_next(cursor: _Cursor, page: ParsedPage, start: int, end: int) -> None:
    """Entries: caption line, section line, blank line, title."""
    stripped, cut_at = cursor.stripped, cursor.cut_at
    groups: list[list[str]] = []  # runs of non-blank lines
    group: list[str] | None = None
    cut_group = None  # the run holding the cut line
    for line_index in range(start, end):
        text = stripped[line_index]
        if not text:
            group = None
            continue
        if group is None:
            group = []
            groups.append(group)
        group.append(text)
        if line_index == cut_at:
            cut_group = group
    if groups and groups[0][0] == "All":
        del groups[0][0]
        if not groups[0]:
            groups.pop(0)
    position = 0
    for image_lines, title_lines in zip(groups[::2], groups[1::2], strict=False):
        if title_lines is cut_group:
            continue
        if len(image_lines) >= 2:
            caption, section = " ".join(image_lines[:-1]), image_lines[-1]
        else:
            caption, section = image_lines[0], None
        title = " ".join(title_lines)
        page.links.append(RelatedLink(LinkKind.READ_NEXT, position, title, section, None, caption))
        position += 1
