"""Search box syntax -> a SQL predicate whose every user word travels as a bound parameter.

Syntax: words and "quoted phrases"; terms side by side must all match (AND, also written AND);
OR separates alternatives, so `gaza ceasefire OR beirut` means (gaza AND ceasefire) OR beirut.
Matching ignores case and respects word edges: `war` finds "war" and "War," but not "software".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_REGEX_SPECIAL = re.compile(r"([\\.^$|?*+()\[\]{}])")
# \s in RE2 misses the non-breaking spaces the site's pages are full of.
_SPACE = r"[\s\x{00A0}\x{202F}]+"
_EDGE_BEFORE = r"(?:^|[^\pL\pN_])"
_EDGE_AFTER = r"(?:$|[^\pL\pN_])"


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """Alternatives (OR) of term groups that must all match (AND)."""

    clauses: tuple[tuple[str, ...], ...]

    @property
    def is_empty(self) -> bool:
        return not self.clauses

    def describe(self) -> str:
        return " OR ".join(
            "(" + " AND ".join(f'"{term}"' for term in clause) + ")" for clause in self.clauses
        )


def parse(text: str) -> SearchQuery:
    clauses: list[tuple[str, ...]] = []
    current: list[str] = []
    for match in _TOKEN.finditer(text or ""):
        phrase, word = match.groups()
        if word == "OR":
            if current:
                clauses.append(tuple(current))
            current = []
            continue
        if word == "AND":
            continue
        term = " ".join((phrase if phrase is not None else word).split())
        if term:
            current.append(term)
    if current:
        clauses.append(tuple(current))
    return SearchQuery(tuple(clauses))


def _words(term: str) -> str:
    """The term's words, escaped, with any run of spaces between them."""
    return _SPACE.join(_REGEX_SPECIAL.sub(r"\\\1", word) for word in term.split(" "))


def _regex(term: str) -> str:
    return "(?i)" + _EDGE_BEFORE + _words(term) + _EDGE_AFTER


def _literal(term: str) -> str:
    # The term without its word edges narrows the scan cheaply before the word-edge pattern
    # decides: a case-insensitive literal runs several times faster than either ILIKE or the
    # full pattern on long bodies. A phrase keeps all its words, so that frequent words in it
    # do not leave every article to the full pattern.
    return "(?i)" + _words(term)


def predicate(query: SearchQuery, columns: tuple[str, ...]) -> tuple[str, dict[str, str]]:
    """SQL over trusted column names, true when any of them matches, and the parameters it binds.

    The SQL text depends only on how many terms there are; the terms themselves are parameters.
    """
    params: dict[str, str] = {}
    alternatives = []
    for clause in query.clauses:
        parts = []
        for term in clause:
            n = len(params) // 2
            params[f"literal_{n}"] = _literal(term)
            params[f"pattern_{n}"] = _regex(term)
            literal = " OR ".join(f"regexp_matches({c}, $literal_{n})" for c in columns)
            pattern = " OR ".join(f"regexp_matches({c}, $pattern_{n})" for c in columns)
            parts.append(f"(({literal}) AND ({pattern}))")
        alternatives.append("(" + " AND ".join(parts) + ")")
    return "(" + " OR ".join(alternatives) + ")" if alternatives else "false", params
