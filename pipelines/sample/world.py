"""The invented world behind a sample: a calendar, and articles published on it.

Times are whole seconds since the Unix epoch, UTC. Every random choice comes from a
`random.Random` passed in or seeded from the sample's seed, never from the clock.
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import accumulate
from random import Random

from pipelines.sample import vocabulary as vocab

DAY = 86_400
HOUR = 3_600
SITE = "https://english.almayadeen.net"

# Publication hours: the newsroom is busiest from morning to evening (UTC).
_HOUR_WEIGHTS = (1, 1, 1, 1, 2, 3, 5, 7, 8, 9, 9, 9, 9, 9, 9, 8, 8, 7, 6, 5, 4, 3, 2, 1)
_WEEKDAY_FACTORS = (1.0, 1.0, 1.0, 1.0, 0.9, 0.55, 0.45)  # Monday first
TITLE_SPACE = (
    len(vocab.TITLE_PREFIXES)
    * len(vocab.TITLE_VERBS)
    * len(vocab.TOPICS)
    * len(vocab.TITLE_QUALIFIERS)
)
_TITLE_STRIDE = 7919  # a prime that divides no factor of TITLE_SPACE: serial -> code is a bijection


def to_datetime(timestamp: int) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


def day_start(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass(frozen=True, slots=True)
class Timeline:
    """The days a sample covers, with quiet gaps (nothing published, nothing fetched)."""

    start: int  # midnight UTC of the first day
    days: int
    gaps: tuple[tuple[int, int], ...]  # [from, to) in seconds

    @property
    def end(self) -> int:
        return self.start + self.days * DAY

    def in_gap(self, timestamp: int) -> tuple[int, int] | None:
        for gap in self.gaps:
            if gap[0] <= timestamp < gap[1]:
                return gap
        return None

    def outside_gaps(self, timestamp: int, rng: Random) -> int:
        """Move a time that falls in a gap to a few hours after the gap ends."""
        gap = self.in_gap(timestamp)
        return timestamp if gap is None else gap[1] + rng.randrange(8 * HOUR)

    def publication_times(self, rng: Random, count: int) -> list[int]:
        """`count` sorted times with a weekly rhythm, a slow wave, and nothing inside gaps."""
        weights = []
        for offset in range(self.days):
            midday = self.start + offset * DAY + DAY // 2
            weekday = to_datetime(midday).weekday()
            wave = 1.0 + 0.3 * math.sin(2 * math.pi * offset / 47)
            weights.append(0.0 if self.in_gap(midday) else _WEEKDAY_FACTORS[weekday] * wave)
        cumulative = list(accumulate(weights))
        days = rng.choices(range(self.days), cum_weights=cumulative, k=count)
        hours = rng.choices(range(24), weights=_HOUR_WEIGHTS, k=count)
        return sorted(
            self.start + day * DAY + hour * HOUR + rng.randrange(60) * 60
            for day, hour in zip(days, hours, strict=True)
        )

    def random_time(self, rng: Random) -> int:
        return self.outside_gaps(rng.randrange(self.start, self.end), rng)


def build_timeline(rng: Random, start: date, days: int, *, with_gaps: bool = True) -> Timeline:
    """Two quiet gaps of 4-8 days in a long window (one in a short one, none under 20 days)."""
    begin = day_start(start)
    gaps: list[tuple[int, int]] = []
    if with_gaps and days >= 20:
        slots = ((0.15, 0.45), (0.6, 0.9)) if days >= 60 else ((0.3, 0.7),)
        for low, high in slots:
            length = rng.randint(4, min(8, days // 5))
            first = rng.randint(int(days * low), max(int(days * low), int(days * high) - length))
            gaps.append((begin + first * DAY, begin + (first + length) * DAY))
    return Timeline(start=begin, days=days, gaps=tuple(gaps))


@dataclass(frozen=True, slots=True)
class Article:
    """What other pages need to know of an article: its title, section, image and date."""

    serial: int
    published: int
    is_video: bool
    section: str
    country: vocab.Country
    city: str
    country2: vocab.Country
    topic: vocab.Topic
    people: tuple[str, ...]
    author: str
    source: str | None
    title: str
    alt_title: str  # an older headline, as Most Read widgets sometimes show
    image_alt: str
    caption: str
    url: str

    @property
    def path(self) -> str:
        return self.url.removeprefix(SITE)


def title_for(serial: int, seed: int, place: str) -> tuple[str, str, vocab.Topic]:
    code = (serial * _TITLE_STRIDE + seed * 104_729) % TITLE_SPACE
    code, qualifier = divmod(code, len(vocab.TITLE_QUALIFIERS))
    code, topic_index = divmod(code, len(vocab.TOPICS))
    prefix, verb = divmod(code, len(vocab.TITLE_VERBS))
    topic = vocab.TOPICS[topic_index]
    head = f"{vocab.TITLE_PREFIXES[prefix]}: {place}"
    title = (
        f"{head} {vocab.TITLE_VERBS[verb]} over {topic.phrase}{vocab.TITLE_QUALIFIERS[qualifier]}"
    )
    rounds = serial // TITLE_SPACE
    if rounds:
        title += f" (part {rounds + 1})"
    older_verb = vocab.TITLE_VERBS[(verb + 1 + serial % 7) % len(vocab.TITLE_VERBS)]
    return title, f"{head} {older_verb} over {topic.phrase}", topic


def _pick_country(rng: Random, other_than: vocab.Country | None = None) -> vocab.Country:
    while True:
        country = rng.choices(vocab.COUNTRIES, weights=vocab.COUNTRY_WEIGHTS)[0]
        if country is not other_than:
            return country


def make_article(rng: Random, seed: int, serial: int, published: int, is_video: bool) -> Article:
    country = _pick_country(rng)
    city = rng.choice(country.cities)
    place = city if rng.random() < 0.3 else country.name
    title, alt_title, topic = title_for(serial, seed, place)
    if is_video:
        section = rng.choices(vocab.VIDEO_SECTIONS, weights=vocab.VIDEO_SECTION_WEIGHTS)[0]
        title += " (synthetic video)"
        kind = "videos"
    elif rng.random() < 0.2:
        section = rng.choices(vocab.ARTICLE_SECTIONS, weights=vocab.ARTICLE_SECTION_WEIGHTS)[0]
        kind = "articles"
    else:
        section = topic.section
        kind = "news"
    if kind == "articles" or rng.random() < 0.4:
        author = rng.choice(vocab.AUTHORS)
    else:
        author = vocab.HOUSE_AUTHOR
    shot = to_datetime(published - rng.randrange(3 * DAY))
    credit = rng.choices(vocab.CREDITS, weights=vocab.CREDIT_WEIGHTS)[0]
    caption = (
        f"Synthetic sample caption: {rng.choice(vocab.CAPTION_SCENES)} in {city}, {country.name}, "
        f"on {vocab.MONTH_NAMES[shot.month - 1]} {shot.day}, {shot.year} {credit}"
    )
    image_alt = f"Synthetic sample image of {city}." if rng.random() < 0.6 else f"{country.name}."
    return Article(
        serial=serial,
        published=published,
        is_video=is_video,
        section=section,
        country=country,
        city=city,
        country2=_pick_country(rng, other_than=country),
        topic=topic,
        people=tuple(rng.sample(vocab.PEOPLE, rng.randint(1, 3))),
        author=author,
        source=rng.choice(vocab.SOURCES) if rng.random() < 0.35 else None,
        title=title,
        alt_title=alt_title,
        image_alt=image_alt,
        caption=caption,
        url=f"{SITE}/{kind}/{vocab.SECTION_SLUGS[section]}/{slugify(title)}",
    )


class Archive:
    """The articles of a sample in publication order, with look-ups by time."""

    def __init__(self, articles: list[Article]) -> None:
        self.articles = articles
        self._published = [article.published for article in articles]

    def __len__(self) -> int:
        return len(self.articles)

    def before(self, timestamp: int) -> int:
        """How many articles were published strictly before `timestamp`."""
        return bisect_left(self._published, timestamp)

    def recent(
        self, rng: Random, timestamp: int, count: int, *, window: int, skip: int
    ) -> list[int]:
        """Up to `count` indices of articles among the `window` latest before `timestamp`."""
        end = self.before(timestamp)
        candidates = range(max(0, end - window), end)
        picked = rng.sample(candidates, min(count + 1, len(candidates)))
        return [index for index in picked if index != skip][:count]
