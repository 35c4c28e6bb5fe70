"""The layouts without site chrome: reader copies (title first) and video pages.

Reader layout: title, summary, an optional `-` line, an image caption ending with a credit in
parentheses, then the body. The first line is taken for the summary, not a title, when it ends
like a sentence and the `-` line or a caption follows it, or when it is longer than any title
(more than 40 words): the page has no title line (the preview host serves such pages).

A reader or video page looks cut off when its last line does not end like a sentence and is not
a `Read more:` link, a caption or an embedded post's line (the site's paragraphs end with a full
stop, a question mark, a closing quote, ...).
"""

from __future__ import annotations

from pipelines.parsing.body import fill_page, parse_body
from pipelines.parsing.lines import READ_MORE, ends_sentence, looks_like_caption, split_credit
from pipelines.parsing.model import ParsedPage

MAX_TITLE_WORDS = 40
_EMBED_MARKS = ("pic.twitter.com/", "(@")


def _blocks(lines: list[str]) -> list[str]:
    return list(filter(None, map(str.strip, lines)))


def _looks_cut(block: str) -> bool:
    return not (
        ends_sentence(block)
        or READ_MORE.fullmatch(block)
        or looks_like_caption(block)
        or any(mark in block for mark in _EMBED_MARKS)
    )


def _starts_with_summary(blocks: list[str]) -> bool:
    first = blocks[0]
    if len(first.split()) > MAX_TITLE_WORDS:
        return True
    second = blocks[1] if len(blocks) > 1 else None
    return (
        ends_sentence(first)
        and second is not None
        and (second == "-" or looks_like_caption(second))
    )


def parse_reader(lines: list[str], page: ParsedPage, *, cut_last: bool) -> str | None:
    """Fill `page` from a reader-layout text; return where it looks cut off, or None."""
    blocks = _blocks(lines)
    if not blocks:
        return None
    last = len(blocks) - 1
    where = {}
    position = 0
    if blocks[0] != "-" and not _starts_with_summary(blocks):
        page.title = blocks[0]
        where[0] = "inside the title"
        position = 1
    if position <= last and blocks[position] != "-" and not looks_like_caption(blocks[position]):
        page.summary = blocks[position]
        where[position] = "inside the summary"
        position += 1
    if position <= last and blocks[position] == "-":
        position += 1
    if position <= last and looks_like_caption(blocks[position]):
        caption, page.image_credit = split_credit(blocks[position])
        page.image_caption = caption or None
        where[position] = "inside the image caption"
        position += 1

    cut = cut_last or _looks_cut(blocks[last])
    body = parse_body(
        blocks[position:], cut_position=last - position if cut and last >= position else None
    )
    fill_page(page, body)
    return where.get(last, "inside the body") if cut else None


def parse_video(lines: list[str], page: ParsedPage, *, cut_last: bool) -> str | None:
    """`Al Mayadeen English`, the title, a one-paragraph description (-> summary)."""
    blocks = _blocks(lines)[1:]
    if not blocks:
        return None
    page.title = blocks[0]
    page.summary = "\n\n".join(blocks[1:]) or None
    if len(blocks) == 1:
        return "inside the title" if cut_last else None
    return "inside the description" if cut_last or _looks_cut(blocks[-1]) else None
