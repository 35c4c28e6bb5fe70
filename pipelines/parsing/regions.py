"""Which countries and site regions an article is about, with the evidence.

Names are found by scanning each text once for runs of capitalised words (joined by `of`, `the`,
`and`, `de`, ...), then looking up the longest known name at each word of a run in the gazetteer
(see places.py: one dict, built on first use). A possessive `'s` and closing punctuation are
dropped; a hyphenated word that is not a name itself is looked up by its parts
(`US-backed` -> `US`, `Venezuela-Colombia` -> both). A word ending a sentence or clause ends a
name (`Jordan. Valley` is not `Jordan Valley`).

Score of a (region, country) row: 10 per tag, 8 per mention in the title, 3 in the summary and 1
in the body, the body counting at most 5 (a country named as an actor in every paragraph, such as
the US, must not outweigh the one the article is about). The primary row: the best-scoring row of
the region with the highest total score (ties: the earlier first mention). `mentions` is the
plain count over tags, title, summary and body; `evidence` is the first name found in the
strongest source (tag, then title, summary, body).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain
from operator import itemgetter

from pipelines.parsing.model import RegionMention
from pipelines.parsing.places import Place, build_gazetteer

SOURCE_WEIGHTS = {"tag": 10, "title": 8, "summary": 3, "body": 1}
BODY_CAP = 5
_CONNECTORS = r"of|the|and|de|del|da|do|dos|es|la|el|al"
_WORD_TAIL = r"[\w'’.\-]*+"  # `’` as `'`: the run's places are read with `'` (see _read_run)
# A run starts with an ASCII capital (so the regex engine can skip to capitals; `Izmir` is in the
# gazetteer beside `İzmir`); later words may carry a lower-case prefix (`Deir al-Balah`), a first
# word's prefix (`al-Quds`) is looked up separately.
# Every quantifier is possessive, so the engine never backtracks: giving back part of a word, a
# connector (each is followed by its space) or a prefix (which ends with `-`) could only leave a
# lower-case letter, `-` or space where the next piece needs a space or a capital.
_RUN = re.compile(
    rf"[A-Z]{_WORD_TAIL}(?: (?:(?:{_CONNECTORS}) )*+(?:[a-z]{{1,4}}-)?+[A-Z]{_WORD_TAIL})*+"
)
_LOWER_PREFIX = re.compile(r"[a-z]{1,4}-$")
_TRAILING = ".'-"
_DASH_CAPITAL = re.compile(r"-[A-Z]")  # a literal first character: found by a fast scan
_RUN_CACHE_SIZE = 1 << 16  # runs repeat across pages (`US`, `Israeli`): read each once
_TAG_CACHE_SIZE = 1 << 14


@dataclass(frozen=True, slots=True)
class _Gazetteer:
    names: dict[str, Place]
    longest: dict[str, int]  # first word of a name -> most words of a name starting with it


@cache
def _gazetteer() -> _Gazetteer:
    names = build_gazetteer()
    longest: dict[str, int] = {}
    for name in names:
        words = name.split(" ")
        if len(words) > 1:
            longest[words[0]] = max(longest.get(words[0], 1), len(words))
    return _Gazetteer(names, longest)


def _clean(word: str) -> tuple[str, bool]:
    """The word without closing punctuation or possessive, and whether a name may go on after it."""
    stripped = word.rstrip(_TRAILING)
    ends_name = stripped != word
    if stripped.endswith("'s"):
        stripped, ends_name = stripped[:-2], True
    return stripped, ends_name


def _read_run(run: str) -> tuple[tuple[Place, str], ...]:
    """The places a run of capitalised words names, longest names first, left to right."""
    gazetteer = _gazetteer()
    names, longest = gazetteer.names, gazetteer.longest
    words = [_clean(word) for word in run.replace("’", "'").split(" ")]
    found: list[tuple[Place, str]] = []
    position, count = 0, len(words)
    while position < count:
        word, ends_name = words[position]
        size, place = 1, None
        if not ends_name:
            for size in range(min(longest.get(word, 1), count - position), 1, -1):
                span = words[position : position + size]
                if any(ends for _, ends in span[:-1]):
                    continue
                place = names.get(" ".join(cleaned for cleaned, _ in span))
                if place is not None:
                    break
        if place is None:
            size, place = 1, names.get(word)
        if place is not None:
            found.append(
                (place, " ".join(cleaned for cleaned, _ in words[position : position + size]))
            )
        elif "-" in word:
            for part in word.split("-"):
                part_name = _clean(part)[0]
                part_place = names.get(part_name)
                if part_place is not None:
                    found.append((part_place, part_name))
        position += size
    return tuple(found)


class _RunCache(dict[str, tuple[tuple[Place, str], ...]]):
    """Run -> its places. A plain dict, so that a run seen before costs one look-up in C (less
    than an lru_cache call); a run not seen yet is read, after emptying the dict when it is full.
    """

    def __missing__(self, run: str) -> tuple[tuple[Place, str], ...]:
        if len(self) >= _RUN_CACHE_SIZE:
            self.clear()
        places = self[run] = _read_run(run)
        return places


_places_in_run = _RunCache().__getitem__


def find_places(text: str) -> list[tuple[Place, str]]:
    """Every (place, name as written) in the text, in order."""
    if "-" not in text or _DASH_CAPITAL.search(text) is None:
        # No run follows a hyphen, so none has a lower-case prefix to look at: the runs can be
        # collected in C (findall), which is much faster than a match object per run. (Most
        # texts have no `-` at all, which a one-character search tells fastest.)
        return list(chain.from_iterable(map(_places_in_run, _RUN.findall(text))))
    found: list[tuple[Place, str]] = []
    for match in _RUN.finditer(text):
        start = match.start()
        if start and text[start - 1] == "-":
            prefix = _LOWER_PREFIX.search(text, max(0, start - 5), start)
            prefixed = _places_in_run(prefix.group() + match.group()) if prefix else ()
            if prefixed:
                found += prefixed
                continue
        found += _places_in_run(match.group())
    return found


@lru_cache(maxsize=_TAG_CACHE_SIZE)
def _places_in_tag(tag: str) -> tuple[tuple[Place, str], ...]:
    """find_places for a tag: the same few thousand tags come back on page after page."""
    return tuple(find_places(tag))


@dataclass(slots=True)
class _Row:
    evidence: str  # the first name found, in the first (so strongest) source that names it
    score: int = 0
    mentions: int = 0


def infer_regions(
    *, title: str | None, summary: str | None, body: str | None, tags: Iterable[str] = ()
) -> list[RegionMention]:
    """One row per (region, country) named in the article; exactly one primary when any."""
    rows: dict[Place, _Row] = {}  # in order of first mention (sources go strongest first)
    # Tags, title and summary name a place a few times at most: each mention counts on its own.
    uncapped = (
        ("tag", chain.from_iterable(map(_places_in_tag, filter(None, tags)))),
        ("title", find_places(title) if title else ()),
        ("summary", find_places(summary) if summary else ()),
    )
    for source, found in uncapped:
        weight = SOURCE_WEIGHTS[source]
        for place, written in found:
            row = rows.get(place)
            if row is None:
                row = rows[place] = _Row(evidence=f"{source}:{written}")
            row.score += weight
            row.mentions += 1
    # The body names places many times, and its score per place is capped: count them first.
    found = find_places(body) if body else []
    places = list(map(itemgetter(0), found))
    for place in dict.fromkeys(places):
        count = places.count(place)
        row = rows.get(place)
        if row is None:
            written = found[places.index(place)][1]  # the place's first name as written
            row = rows[place] = _Row(evidence=f"body:{written}")
        row.score += SOURCE_WEIGHTS["body"] * min(count, BODY_CAP)
        row.mentions += count
    if not rows:
        return []

    region_scores: dict[str, int] = {}
    for place, row in rows.items():
        region_scores[place.region] = region_scores.get(place.region, 0) + row.score
    # Sorting is stable and `rows` is in order of first mention, which breaks ties.
    primary = min(rows, key=lambda place: (-region_scores[place.region], -rows[place].score))
    ordered = sorted(rows, key=lambda place: (place != primary, -rows[place].score))
    # Positional arguments: a frozen dataclass is built faster without keywords.
    return [
        RegionMention(
            place.region, place.iso3, rows[place].evidence, rows[place].mentions, place == primary
        )
        for place in ordered
    ]
