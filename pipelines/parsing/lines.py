"""Small readings of single lines that every layout shares."""

from __future__ import annotations

import re

SITE_NAME = "Al Mayadeen English"
BULLET = "•"
_BULLET_MARKS = BULLET + " "  # what bullet_text strips, nested bullets included

_STATEMENT_END = (".", "!", "…", ":", ";", ",")
_SENTENCE_END = (*_STATEMENT_END, "?")
_CLOSERS = "\"'”’)]"
_CREDIT = re.compile(r"\s*\(([A-Z©][^()]{0,79})\)$")  # `(AP)`, `(AP Photo/...)`, not `(part 2)`
READ_MORE = re.compile(r"Read more:\s*(.*)", re.IGNORECASE)


def bullet_text(line: str) -> str | None:
    """`  • Politics` -> `Politics` (nested `• • LIVE` -> `LIVE`); None for a line without one."""
    stripped = line.lstrip()
    if not stripped.startswith(BULLET):
        return None
    return stripped.lstrip(_BULLET_MARKS)


def ends_sentence(line: str) -> bool:
    """Whether a line ends like a sentence (closing quotes and brackets looked through)."""
    return line.rstrip(_CLOSERS).endswith(_SENTENCE_END)


def ends_statement(line: str) -> bool:
    """Ends like a sentence, and not with a question mark (a sub-heading may ask a question)."""
    return line.rstrip(_CLOSERS).endswith(_STATEMENT_END)


def _credit(line: str) -> re.Match[str] | None:
    """`_CREDIT.search(line)`, started where the match can begin rather than at every character.

    The credit's `(` is the line's last one, and the match begins with the white space before it.
    """
    paren = line.rfind("(")
    if paren < 0:
        return None
    return _CREDIT.search(line, len(line[:paren].rstrip()))


def split_credit(caption: str) -> tuple[str, str | None]:
    """`... Nov. 24, 2025. (AP)` -> (`... Nov. 24, 2025.`, `AP`); no credit without parentheses."""
    match = _credit(caption)
    if match is None or match.start() == 0:
        return caption, None
    return caption[: match.start()], match.group(1).strip()


def looks_like_caption(line: str) -> bool:
    """A descriptive line ending with a credit in parentheses, as image captions do."""
    match = _credit(line)
    return match is not None and len(line[: match.start()].split()) >= 5
