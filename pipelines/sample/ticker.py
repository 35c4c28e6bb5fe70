"""The site-wide BREAKING ticker of the synthetic world.

Each day brings a few new items, seeded by the sample seed and the day alone, so a ticker can be
rebuilt for any time (also by a later append). A page shows the newest 8-12 items at its fetch
hour: pages fetched close in time share most of their ticker, and an item drops out after a day
or two. About one item in twenty also circulates with a typo.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from pipelines.sample import vocabulary as vocab
from pipelines.sample.world import DAY, HOUR

_ITEMS_PER_DAY = (5, 8)
_DAYS_BACK = 4


@dataclass(frozen=True, slots=True)
class TickerItem:
    start: int
    text: str
    typo: str | None  # the same item with a typo, shown on some pages instead


def _with_typo(rng: Random, text: str) -> str:
    """Swap two letters of one longer word after the speaker (never in `synthetic`)."""
    words = text.split(" ")
    choices = [
        position
        for position, word in enumerate(words)
        if position > 1 and len(word) >= 5 and word.isalpha() and "ynth" not in word
    ]
    if not choices:
        return text.replace(" ", "  ", 1)
    position = rng.choice(choices)
    word = words[position]
    cut = rng.randrange(1, len(word) - 2)
    if word[cut] == word[cut + 1]:
        return text.replace(" ", "  ", 1)
    words[position] = word[:cut] + word[cut + 1] + word[cut] + word[cut + 2 :]
    return " ".join(words)


def _item_text(rng: Random) -> str:
    country = rng.choices(vocab.COUNTRIES, weights=vocab.COUNTRY_WEIGHTS)[0]
    slots = {
        "country": country.name,
        "city": rng.choice(country.cities),
        "demonym": country.demonym,
        "tag": rng.choice(vocab.TOPICS).tag,
    }
    form = rng.random()
    if form < 0.55:
        statement = rng.choice(vocab.TICKER_STATEMENTS).format_map(slots)
        speaker = rng.choice(vocab.TICKER_SPEAKERS)
        if rng.random() < 0.3:
            speaker = f"{country.name}'s {speaker}"
        return f"{speaker}: {statement[0].upper()}{statement[1:]}"
    event = rng.choice(vocab.TICKER_EVENTS).format_map(slots)
    if form < 0.8:
        return f"{rng.choice(vocab.TICKER_OUTLETS)} reports {event}"
    return f"{country.demonym} media says {event}"


class Ticker:
    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._days: dict[int, list[TickerItem]] = {}
        self._hours: dict[int, tuple[str, ...]] = {}

    def items_of_day(self, day: int) -> list[TickerItem]:
        items = self._days.get(day)
        if items is None:
            rng = Random(f"{self._seed}/ticker/{day}")
            items = []
            for _ in range(rng.randint(*_ITEMS_PER_DAY)):
                start = day * DAY + rng.randrange(DAY)
                text = _item_text(rng)
                typo = _with_typo(rng, text) if rng.random() < 0.05 else None
                items.append(TickerItem(start, text, typo))
            self._days[day] = items
        return items

    def lines(self, timestamp: int) -> tuple[str, ...]:
        """The ticker as shown at `timestamp` (the same for a whole hour)."""
        hour = timestamp // HOUR
        lines = self._hours.get(hour)
        if lines is None:
            shown_at = hour * HOUR
            today = shown_at // DAY
            items = [
                item
                for day in range(today - _DAYS_BACK, today + 1)
                for item in self.items_of_day(day)
                if item.start <= shown_at
            ]
            items.sort(key=lambda item: (-item.start, item.text))
            rng = Random(f"{self._seed}/ticker-hour/{hour}")
            shown = items[: rng.randint(8, 12)]
            lines = tuple(
                item.typo if item.typo is not None and rng.random() < 0.5 else item.text
                for item in shown
            )
            self._hours[hour] = lines
        return lines
