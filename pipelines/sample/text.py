"""The words of a synthetic article: summary, body blocks and tags.

An article's text is drawn from its own random stream (seed and serial), so every copy of the
article, whatever its layout or fetch time, carries the same text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from random import Random

from pipelines.sample import vocabulary as vocab
from pipelines.sample.world import Archive, Article, to_datetime

READ_MORE = "Read more: "
_WORDS_PER_MINUTE = 200


@dataclass(frozen=True, slots=True)
class ArticleText:
    summary: str
    blocks: tuple[str, ...]  # paragraphs, sub-headings, `Read more:` lines and embedded posts
    tags: tuple[str, ...]
    read_minutes: int


def _slots(article: Article, rng: Random) -> dict[str, str]:
    return {
        "country": article.country.name,
        "city": article.city,
        "demonym": article.country.demonym,
        "country2": article.country2.name,
        "city2": rng.choice(article.country2.cities),
        "topic": article.topic.phrase,
        "tag": article.topic.tag,
        "person": article.people[0],
        "weekday": rng.choice(vocab.WEEKDAYS),
        "number": "0",
        "number2": "0",
    }


class _Sentences:
    """Sentence templates dealt like cards, so an article repeats none until all are used."""

    def __init__(self, rng: Random) -> None:
        self._rng = rng
        self._deck: list[str] = []

    def deal(self, count: int) -> list[str]:
        if len(self._deck) < count:
            self._deck = list(vocab.SENTENCES)
            self._rng.shuffle(self._deck)
        dealt, self._deck = self._deck[:count], self._deck[count:]
        return dealt


def _paragraph(
    rng: Random, sentences: _Sentences, slots: dict[str, str], people: tuple[str, ...]
) -> str:
    slots["number"] = str(rng.randint(2, 900))
    slots["number2"] = str(rng.randint(2, 30))
    slots["person"] = rng.choice(people)
    text = " ".join(template.format_map(slots) for template in sentences.deal(rng.randint(2, 4)))
    roll = rng.random()
    # the irregular spacing real copies show: trailing no-break space, doubled and narrow spaces
    if roll < 0.06:
        text += "\u00a0"
    elif roll < 0.09:
        text = text.replace(". ", ".  ", 1)
    elif roll < 0.11:
        text = text.replace(f"({slots['number']} ", f"(\u202f{slots['number']}\u202f", 1)
    return text


def _embedded_post(rng: Random, article: Article, slots: dict[str, str]) -> str:
    number = rng.randint(1, 40)
    posted = to_datetime(article.published - rng.randrange(86_400))
    code = "".join(rng.choices("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789", k=10))
    return (
        f"Synthetic sample post about {slots['tag']} in {slots['city']}. pic.twitter.com/{code}\n"
        f"— Sample Account {number} (@sample_account_{number}) "
        f"{vocab.MONTH_NAMES[posted.month - 1]} {posted.day}, {posted.year}"
    )


def _tags(rng: Random, article: Article) -> tuple[str, ...]:
    tags = [article.country.name, article.topic.tag, *article.people]
    if rng.random() < 0.6:
        tags.append(article.country2.name)
    if article.country.name == "Palestine" and rng.random() < 0.7:
        tags.append("Gaza")
    extra = rng.sample(vocab.TOPICS, rng.randint(0, 4))
    tags.extend(topic.tag for topic in extra)
    unique = list(dict.fromkeys(tags))[:10]
    rng.shuffle(unique)
    return tuple(unique)


def compose(archive: Archive, index: int, seed: int) -> ArticleText:
    article = archive.articles[index]
    rng = Random((seed << 40) ^ article.serial)
    slots = _slots(article, rng)
    summary = rng.choice(vocab.SUMMARIES).format_map(slots)
    if article.is_video:
        summary = summary.replace("Synthetic summary:", "Synthetic video description:", 1)

    sentences = _Sentences(rng)
    opening = vocab.OPENING_SENTENCE.format_map(slots)
    blocks = [opening + " " + _paragraph(rng, sentences, slots, article.people)]
    earlier = range(max(0, index - 400), index)
    paragraphs = rng.randint(3, 9)
    repeated = rng.randrange(paragraphs) if rng.random() < 0.03 else -1
    for number in range(paragraphs):
        if rng.random() < 0.3:
            blocks.append(rng.choice(vocab.SUBHEADINGS).format_map(slots))
        blocks.append(_paragraph(rng, sentences, slots, article.people))
        if number == repeated:
            blocks.append(blocks[-1])
        if earlier and rng.random() < 0.18:
            blocks.append(READ_MORE + archive.articles[rng.choice(earlier)].title)
    if rng.random() < 0.05:
        blocks.append(
            f"The {article.country.name}\u2011{article.country2.name} corridor is named here "
            "only as synthetic sample evidence."
        )
    if rng.random() < 0.06:
        blocks.insert(rng.randint(1, len(blocks)), _embedded_post(rng, article, slots))

    words = sum(block.count(" ") + 1 for block in blocks)
    return ArticleText(
        summary=summary,
        blocks=tuple(blocks),
        tags=_tags(rng, article),
        read_minutes=max(1, math.ceil(words / _WORDS_PER_MINUTE)),
    )
