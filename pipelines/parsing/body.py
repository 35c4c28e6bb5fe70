"""An article's body: paragraphs and sub-headings, with links and embedded posts set apart.

Every non-blank line of the body area is one block (the site's paragraphs are single lines,
whether blank lines or single newlines separate them). Then:

- `Read more: <title>` lines are links to other articles, not body text.
- Embedded social posts: a signature line `— Name (@handle) Month D, YYYY`, with the quoted
  text on the line before it and `pic.twitter.com/...` lines next to it, become one embed
  (lines joined by newlines); a lone `pic.twitter.com/...` line is an embed of its own.
- A block equal to the block kept just before it is a copy the site printed twice: kept once.
- A sub-heading is a short block (at most 14 words, 120 characters) that does not end like a
  statement (`.`, `!`, `:`, `,`, ...; a question may be a sub-heading); it stays in the body and
  is also listed in `subheadings`. A list item or the incomplete last line of a cut-off page is
  never a sub-heading; a `Read more:` line cut off is dropped.

The body is the kept blocks joined by blank lines.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from pipelines.parsing.lines import READ_MORE, ends_statement
from pipelines.parsing.model import LinkKind, ParsedPage, RelatedLink

MAX_SUBHEADING_WORDS = 14
MAX_SUBHEADING_CHARS = 120
_SIGNATURE = re.compile(r"[—–-]{1,2} ?[^\n]{1,80}\(@\w{1,30}\) [A-Z][a-z]+ \d{1,2}, \d{4}")
_PICTURE_LINK = "pic.twitter.com/"


@dataclass(slots=True)
class Body:
    text: str | None = None
    subheadings: list[str] = field(default_factory=list)
    read_more: list[str] = field(default_factory=list)
    embeds: list[str] = field(default_factory=list)


def is_subheading(block: str) -> bool:
    return (
        len(block) <= MAX_SUBHEADING_CHARS
        and len(block.split()) <= MAX_SUBHEADING_WORDS
        and not ends_statement(block)
    )


def _embedded_posts(blocks: list[str]) -> tuple[list[str], set[int]]:
    """The embeds among the blocks, and the positions of every block they use."""
    used: set[int] = set()
    embeds: list[str] = []
    for position, block in enumerate(blocks):
        if position in used or not _SIGNATURE.fullmatch(block):
            continue
        start = position
        before = position - 1
        if before >= 0 and before not in used and not READ_MORE.fullmatch(blocks[before]):
            start = before
            if (
                blocks[before].startswith(_PICTURE_LINK)
                and before - 1 >= 0
                and before - 1 not in used
            ):
                start = before - 1
        end = position + 1
        if end < len(blocks) and blocks[end].startswith(_PICTURE_LINK):
            end += 1
        embeds.append("\n".join(blocks[start:end]))
        used.update(range(start, end))
    for position, block in enumerate(blocks):
        if position not in used and block.startswith(_PICTURE_LINK):
            embeds.append(block)
            used.add(position)
    return embeds, used


def parse_body(
    blocks: list[str], *, list_items: Collection[int] = (), cut_position: int | None = None
) -> Body:
    """Read the body area's blocks (stripped, non-blank lines) into a Body.

    `list_items`: positions of blocks that were bullets; `cut_position`: the block where a
    cut-off text stops (a `Read more:` link cut there is dropped: its title is incomplete).
    """
    body = Body()
    if not blocks:
        return body
    # One search of all blocks at once; a mark made of two blocks' ends finds no embed either.
    # A mark's rarest character is looked for first: a one-character search is many times faster,
    # and most bodies have neither a `/` nor an `@`.
    joined = "\n".join(blocks)
    used: set[int] = set()
    if ("/" in joined and _PICTURE_LINK in joined) or ("@" in joined and "(@" in joined):
        body.embeds, used = _embedded_posts(blocks)
    kept: list[str] = []
    for position, block in enumerate(blocks):
        if position in used:
            continue
        # `Read more:` has its colon 10th: a cheap test before the regex
        read_more = READ_MORE.fullmatch(block) if block[9:10] == ":" else None
        if read_more is not None:
            if read_more.group(1).strip() and position != cut_position:
                body.read_more.append(read_more.group(1).strip())
            continue
        if kept and block == kept[-1]:
            continue
        if (
            len(block) <= MAX_SUBHEADING_CHARS  # first: most blocks are longer paragraphs
            and position not in list_items
            and position != cut_position
            and is_subheading(block)
        ):
            body.subheadings.append(block)
        kept.append(block)
    body.text = "\n\n".join(kept) or None
    return body


def fill_page(page: ParsedPage, body: Body) -> None:
    """Put a parsed body on the page: text, sub-headings, embeds and its Read more links."""
    page.body = body.text
    page.subheadings = body.subheadings
    page.embeds = body.embeds
    page.links.extend(
        RelatedLink(LinkKind.READ_MORE, position, title)  # (faster without keywords)
        for position, title in enumerate(body.read_more)
    )
