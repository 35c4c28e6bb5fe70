"""Raw page fixtures for the parser tests: the real seed page and made-up pages."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

PAGES = Path(__file__).parent.parent / "data" / "pages"
SEED_URL = "https://english.almayadeen.net/news/politics/intel-reports-put-to-question-us-claims"
SEED_FETCHED_AT = datetime(2025, 11, 25, 10, 0)
# The seed's tag list, in page order.
SEED_TAGS = [
    "Marco Rubio",
    "United States",
    "Colombia",
    "drug trafficking",
    "Venezuela",
    "Caribbean",
    "Nicolas Maduro",
    "Pete Hegseth",
    "Donald Trump",
]


def page_text(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def seed_text() -> str:
    return page_text("seed_full.txt")


def seed_with(old: str, new: str) -> str:
    """The seed with one exact piece of text replaced (to build layouts the seed does not show)."""
    text = seed_text()
    assert old in text, old
    return text.replace(old, new, 1)


def seed_cut_after(marker: str, *, extra: int = 0) -> str:
    """The seed cut off right after the first occurrence of `marker` (plus `extra` characters)."""
    text = seed_text()
    return text[: text.index(marker) + len(marker) + extra]
