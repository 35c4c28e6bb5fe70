"""Who speaks in a BREAKING ticker item.

Rule, in this order:

1. `<speaker>: <statement>`: the text before the first `: ` is the speaker when it is short
   (at most 6 words) and reads as a name, not a sentence: no comma, semicolon, `!`, `?`, quote,
   and no word of two or more lowercase letters followed by a full stop (`U.S.` is fine,
   `killed.` is not). `Sheikh Daamoush: ...` -> `Sheikh Daamoush`;
   `Taiwan's Ministry of Defense: ...` -> `Taiwan's Ministry of Defense`.
2. `<subject> reports ...` / `<subject> says ...` (also `report`, `say`, `reported`, `said`):
   the subject before the first such verb is the speaker under the same conditions, so
   `TASS reports ...` -> `TASS`, `Israeli media says ...` -> `Israeli media`,
   `Ukraine's Ministry of energy reports ...` -> `Ukraine's Ministry of energy`.
   The subject must start with a capital letter (`reports of shelling` names no one).
3. Otherwise no speaker. Nothing else in the item is marked.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipelines.parsing.model import TickerItem

MAX_SPEAKER_WORDS = 6
_NOT_A_NAME = re.compile(r"[,;!?\"“”]|[a-z]{2}\.(?:\s|$)")
_VERB = re.compile(r" (?:reports|report|reported|says|say|said)\b")
_CACHE_SIZE = 1 << 14  # the ticker is site-wide: its items come back on page after page
_TICKERS_CACHE_SIZE = 1 << 10


def _as_speaker(candidate: str) -> str | None:
    candidate = candidate.strip()
    if (
        not candidate
        or len(candidate.split()) > MAX_SPEAKER_WORDS
        or _NOT_A_NAME.search(candidate) is not None
    ):
        return None
    return candidate


@lru_cache(maxsize=_CACHE_SIZE)
def speaker_of(item: str) -> str | None:
    head, colon, _ = item.partition(": ")
    if colon:
        speaker = _as_speaker(head)
        if speaker is not None:
            return speaker
    verb = _VERB.search(item)
    if verb is not None and item[:1].isupper():
        return _as_speaker(item[: verb.start()])
    return None


def ticker_items(lines: list[str]) -> list[TickerItem]:
    return list(_ticker(tuple(lines)))


@lru_cache(maxsize=_TICKERS_CACHE_SIZE)
def _ticker(lines: tuple[str, ...]) -> tuple[TickerItem, ...]:
    """Pages fetched around the same time show the same whole ticker: read it once."""
    return tuple(_ticker_item(position, line) for position, line in enumerate(lines))


@lru_cache(maxsize=_CACHE_SIZE)
def _ticker_item(position: int, line: str) -> TickerItem:
    """Items are frozen, so pages that show the same ticker can share them."""
    return TickerItem(position=position, text=line, speaker=speaker_of(line))
