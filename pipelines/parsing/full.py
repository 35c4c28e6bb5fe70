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

from pipelines.parsing.body import fill_page, parse_body
from pipelines.parsing.dates import looks_like_date, parse_day, parse_published
from pipelines.parsing.lines import BULLET, SITE_NAME, bullet_text, split_credit
from pipelines.parsing.model import LinkKind, ParsedPage, RelatedLink
from pipelines.parsing.taxonomy import SITE_REGIONS, SITE_SECTIONS
from pipelines.parsing.ticker import ticker_items

FOOTER_MARKER = "All Rights Reserved"
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


def is_complete(lines: list[str]) -> bool:
    return any(line.strip() == FOOTER_MARKER for line in reversed(lines))


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

    @property
    def done(self) -> bool:
        return self.position >= len(self.lines)

    @property
    def line(self) -> str:
        return self.lines[self.position]

    @property
    def text(self) -> str:
        """The current line, stripped."""
        return self.stripped[self.position]

    def skip_blank(self) -> None:
        stripped, position = self.stripped, self.position
        while position < len(stripped) and not stripped[position]:
            position += 1
        self.position = position

    def is_cut(self, index: int) -> bool:
        return index == self.cut_at


def _is_bullet(stripped: str) -> bool:
    """Whether bullet_text finds a bullet, read off the stripped line."""
    return stripped.startswith(BULLET)


def parse_full(
    lines: list[str], page: ParsedPage, *, fetched_at: datetime | None, cut_last: bool
) -> str:
    """Fill `page` from a full-layout text; return where the text stops, for a cut-off page."""
    stripped = [line.strip() for line in lines]
    cursor = _Cursor(lines, stripped, cut_at=len(lines) - 1 if cut_last else None)
    try:
        cursor.position = lines.index("BREAKING")  # the chrome is everything before the ticker
    except ValueError:
        while not cursor.done and (is_chrome(cursor.line) or cursor.is_cut(cursor.position)):
            cursor.position += 1
    _ticker(cursor, page)
    _article_head(cursor, page, fetched_at)
    tail = _body_and_tags(cursor, page)
    _widgets(cursor, page, tail)
    return _STAGE_PHRASES[cursor.stage]


def _ticker(cursor: _Cursor, page: ParsedPage) -> None:
    stripped, position = cursor.stripped, cursor.position
    if position >= len(stripped) or stripped[position] != "BREAKING":
        return
    cursor.stage = "ticker"
    position += 1
    items = []
    while position < len(stripped) and stripped[position]:
        if position != cursor.cut_at:
            items.append(stripped[position])
        position += 1
    cursor.position = position
    page.ticker = ticker_items(items)


def _article_head(cursor: _Cursor, page: ParsedPage, fetched_at: datetime | None) -> None:
    """Title, byline, read time, summary, share widget and lead image."""
    cursor.skip_blank()
    if cursor.done:
        return
    if not _is_bullet(cursor.text) and not _READ_TIME.fullmatch(cursor.text):
        cursor.stage = "title"
        page.title = cursor.text
        cursor.position += 1
        cursor.skip_blank()
    while not cursor.done and _is_bullet(cursor.text):
        cursor.stage = "byline"
        if not cursor.is_cut(cursor.position):
            _byline_item(page, bullet_text(cursor.line), fetched_at)
        cursor.position += 1
    cursor.skip_blank()
    if not cursor.done and (read_time := _READ_TIME.fullmatch(cursor.text)):
        if not cursor.is_cut(cursor.position):
            page.read_minutes = int(read_time.group(1))
        cursor.position += 1
        cursor.skip_blank()
    if not cursor.done and _is_paragraph(cursor.line, cursor.text):
        cursor.stage = "summary"
        page.summary = cursor.text
        cursor.position += 1
        cursor.skip_blank()
    if not cursor.done and _is_bullet(cursor.text) and bullet_text(cursor.line) == "x":
        cursor.stage = "lead image"
        cursor.position += 1
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
    if cursor.done:
        return
    if _is_bullet(cursor.text):
        following = cursor.position + 1
        if following < len(cursor.lines) and _is_bullet(cursor.stripped[following]):
            return  # two bullets in a row: the tags of an article without body
        cursor.stage = "lead image"
        if not cursor.is_cut(cursor.position):
            page.image_alt = bullet_text(cursor.line) or None
        cursor.position += 1
    caption_lines = []
    while (
        not cursor.done
        and cursor.line.startswith(" ")
        and cursor.text
        and not _is_bullet(cursor.text)
    ):
        cursor.stage = "lead image"
        caption_lines.append(cursor.text)
        cursor.position += 1
    if caption_lines:
        caption, page.image_credit = split_credit(" ".join(caption_lines))
        page.image_caption = caption or None


def _tail_start(lines: list[str], stripped: list[str], start: int) -> int:
    """Where the widgets or the footer begin (the end of the text when neither shows)."""
    for index in range(start, len(lines)):
        if stripped[index] in _HEADINGS and (
            stripped[index] != SITE_NAME or not lines[index].startswith(" ")
        ):
            return index
    return len(lines)


def _body_and_tags(cursor: _Cursor, page: ParsedPage) -> int:
    """Body blocks up to the tag list (the last run of bullets before the widgets)."""
    lines, stripped, cut_at = cursor.lines, cursor.stripped, cursor.cut_at
    start = cursor.position
    tail = _tail_start(lines, stripped, start)
    end = tail
    while end > start and not stripped[end - 1]:
        end -= 1
    heading_cut_after_tags = False
    if end > start and cursor.is_cut(end - 1) and not _is_bullet(stripped[end - 1]):
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
        if _is_bullet(text):
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
        if (tag := bullet_text(lines[index])) and not cursor.is_cut(index)
    ]
    if tags_start < end or heading_cut_after_tags:
        cursor.stage = "tags"
    cursor.position = tail
    return tail


def _widgets(cursor: _Cursor, page: ParsedPage, tail: int) -> None:
    stripped = cursor.stripped
    headings = [index for index in range(tail, len(stripped)) if stripped[index] in _HEADINGS]
    # The line after each heading's entries: the next heading, or the end of the text.
    ends = dict(zip(headings, [*headings[1:], len(stripped)], strict=False))
    index = tail
    for heading_index in headings:
        if heading_index < index:
            continue  # inside the entries of a widget already read
        heading = stripped[heading_index]
        if heading == "Most Read":
            cursor.stage = "Most Read"
            _most_read(cursor, page, heading_index + 1, ends[heading_index])
        elif heading == "Read Next":
            cursor.stage = "Read Next"
            _read_next(cursor, page, heading_index + 1, ends[heading_index])
        elif heading == "Coverage":
            cursor.stage = "Coverage"
        else:
            cursor.stage = "footer"
            return
        index = ends[heading_index]


def _most_read(cursor: _Cursor, page: ParsedPage, start: int, end: int) -> None:
    """Entries: alt text, title, then bullets `<section>` and `<date>`."""
    texts: list[tuple[int, str]] = []
    bullets: list[str] = []
    position = 0

    def emit() -> None:
        nonlocal position
        complete = [text for line_index, text in texts if not cursor.is_cut(line_index)]
        if len(complete) == len(texts) and texts and (bullets or len(texts) >= 2):
            section, day = _section_and_day(tuple(bullets))
            page.links.append(
                RelatedLink(
                    kind=LinkKind.MOST_READ,
                    position=position,
                    title=complete[-1],
                    section=section,
                    date=day,
                    image_alt=complete[0] if len(complete) >= 2 else None,
                )
            )
            position += 1
        texts.clear()
        bullets.clear()

    stripped = cursor.stripped
    for line_index in range(start, end):
        text = stripped[line_index]
        if not text:
            continue
        if not _is_bullet(text):
            if bullets:
                emit()
            texts.append((line_index, text))
        elif not cursor.is_cut(line_index):
            bullets.append(bullet_text(cursor.lines[line_index]))
    if texts:
        emit()


@lru_cache(maxsize=1 << 12)
def _section_and_day(bullets: tuple[str, ...]) -> tuple[str | None, date | None]:
    """A Most Read entry's section and date; cached, as the same pairs come back on every page."""
    section = next((bullet for bullet in bullets if not looks_like_date(bullet)), None)
    day = next((parse_day(bullet) for bullet in bullets if looks_like_date(bullet)), None)
    return section, day


def _read_next(cursor: _Cursor, page: ParsedPage, start: int, end: int) -> None:
    """Entries: caption line, section line, blank line, title."""
    groups: list[list[tuple[int, str]]] = [[]]
    stripped = cursor.stripped
    for line_index in range(start, end):
        text = stripped[line_index]
        if text:
            groups[-1].append((line_index, text))
        elif groups[-1]:
            groups.append([])
    groups = [group for group in groups if group]
    if groups and groups[0][0][1] == "All":
        groups[0] = groups[0][1:]
        if not groups[0]:
            groups.pop(0)
    position = 0
    for image_group, title_group in zip(groups[::2], groups[1::2], strict=False):
        if any(cursor.is_cut(line_index) for line_index, _ in title_group):
            continue
        image_lines = [text for _, text in image_group]
        if len(image_lines) >= 2:
            caption, section = " ".join(image_lines[:-1]), image_lines[-1]
        else:
            caption, section = image_lines[0], None
        page.links.append(
            RelatedLink(
                kind=LinkKind.READ_NEXT,
                position=position,
                title=" ".join(text for _, text in title_group),
                section=section,
                image_alt=caption,
            )
        )
        position += 1
