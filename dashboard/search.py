"""Search box syntax -> a SQL predicate whose every user word travels as a bound parameter.

Syntax: words and "quoted phrases"; terms side by side must all match (AND, also written AND);
OR separates alternatives, so `gaza ceasefire OR beirut` means (gaza AND ceasefire) OR beirut.
Matching ignores case and respects word edges: `war` finds "war" and "War," but not "software".

With the warehouse's word index (parsed.search_words), a query whose terms are all single words
is answered by the index alone. Otherwise (a phrase, "U.S.", "al-Aqsa") the index finds the
articles that have every word of the query, and only those are read with the pattern. A
warehouse without a usable index is read with the pattern throughout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warehouse import search_index

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
    """SQL over trusted column names, true when the query matches, and the parameters it binds.

    The SQL text depends only on how many terms there are; the terms themselves are parameters.
    """
    params: dict[str, str] = {}
    alternatives = []
    for clause in query.clauses:
        parts = [_read(term, len(params), columns, params) for term in clause]
        alternatives.append("(" + " AND ".join(parts) + ")")
    return _any(alternatives), params


@dataclass(frozen=True, slots=True)
class IndexedPredicate:
    """A query as the word index answers it: sets of article_id, in SQL.

    `words` names one set per distinct word of the query (a CTE: the articles listed under the
    word); `found` and `candidates` are queries over those names. Working on the words' few
    postings, not on every article, keeps a search well under the time of one pass over the
    articles.
    """

    words: dict[str, str]  # CTE name -> SELECT article_id of the articles listed under a word
    found: str | None  # what the index alone finds: alternatives whose terms are all whole words
    candidates: str | None  # articles that may match the other alternatives ...
    read: str | None  # ... and the condition over their text that decides
    params: dict[str, object]


def indexed_predicate(
    query: SearchQuery,
    columns: tuple[str, ...],
    postings: str,
    numbers: str,
    every_article: str,
) -> IndexedPredicate:
    """The query over an index table `postings` (word, article), the table `numbers` (article,
    article_id) that says which article each number is, and the text `columns`.

    `every_article` is a query of all article ids, the candidates of a term without any word
    the index knows (punctuation only).
    """
    names: dict[int, str] = {}  # word hash -> word<k>
    params: dict[str, object] = {}
    found, candidates, to_read = [], [], []
    for clause in query.clauses:
        lookups, whole_words = [], True
        for term in clause:
            seen = search_index.term_words(term)
            whole_words = whole_words and seen.whole_word
            for word_hash in seen.hashes:
                if word_hash not in names:
                    names[word_hash] = f"word{len(names)}"
                    params[f"w{len(names) - 1}"] = word_hash
                lookups.append(f"SELECT article_id FROM {names[word_hash]}")
        articles = "(" + (" INTERSECT ".join(lookups) or every_article) + ")"
        if whole_words:
            found.append(articles)
        else:
            candidates.append(articles)
            to_read.append(clause)
    words = {
        name: f"SELECT n.article_id FROM {postings} AS p JOIN {numbers} AS n USING (article) "
        f"WHERE p.word = $w{k}::UBIGINT"
        for k, name in enumerate(names.values())
    }
    found_sql = " UNION ".join(found) if found else None
    if not to_read:
        return IndexedPredicate(words, found_sql, None, None, params)
    read, read_params = predicate(SearchQuery(tuple(to_read)), columns)
    return IndexedPredicate(
        words, found_sql, " UNION ".join(candidates), read, params | read_params
    )


def _any(alternatives: list[str]) -> str:
    return "(" + " OR ".join(alternatives) + ")" if alternatives else "false"


def _read(term: str, n: int, columns: tuple[str, ...], params: dict[str, str]) -> str:
    """The pattern condition of one term; its parameters go into `params` as p<n>, p<n+1>."""
    params[f"p{n}"], params[f"p{n + 1}"] = _literal(term), _regex(term)
    literal = " OR ".join(f"regexp_matches({c}, $p{n})" for c in columns)
    pattern = " OR ".join(f"regexp_matches({c}, $p{n + 1})" for c in columns)
    # CASE, not AND: inside the CASE that picks the index's candidates (queries._matched) DuckDB
    # evaluated both sides of an AND, so the word-edge pattern ran on every candidate; this CASE
    # runs it only where the literal matched
    # (at 100k articles a phrase of common words: 507 -> 157 ms, the benchmark's 49 -> 39 ms).
    return f"(CASE WHEN {literal} THEN {pattern} ELSE false END)"
