"""The sidebar filters every page applies, kept in st.session_state across pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

FILTER_KEYS = ("f_dates", "f_undated", "f_regions", "f_sections", "f_tags", "f_sources")


@dataclass(frozen=True, slots=True)
class Filters:
    """What the user narrowed the data to; hashable, so it can key cached queries.

    The date range applies to when things happened: an article's publication date, a ticker
    item's first sighting. None means not narrowed. Undated articles have no place in a range, so
    whether they count is a choice of its own.
    """

    date_from: date | None = None
    date_to: date | None = None
    include_undated: bool = True
    regions: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def keeps_every_article(self) -> bool:
        """True when no filter is set: queries can then skip the filtering join."""
        return self == Filters()

    def params(self) -> dict[str, object]:
        return {
            "date_from": self.date_from,
            "date_to": self.date_to,
            "include_undated": self.include_undated,
            "regions": list(self.regions),
            "sections": list(self.sections),
            "tags": list(self.tags),
            "sources": list(self.sources),
        }


@dataclass(frozen=True, slots=True)
class FilterOptions:
    first_date: date | None
    last_date: date | None
    regions: tuple[str, ...]
    sections: tuple[str, ...]
    tags: tuple[str, ...]
    sources: tuple[str, ...]


def _reset() -> None:
    for key in FILTER_KEYS:
        st.session_state.pop(key, None)


def sidebar_filters(options: FilterOptions) -> Filters:
    """Draw the filters in the sidebar and return what they say."""
    sidebar = st.sidebar
    sidebar.header("Filters")
    date_from = date_to = None
    if options.first_date is not None and options.last_date is not None:
        chosen = sidebar.date_input(
            "Date range",
            value=(options.first_date, options.last_date),
            min_value=options.first_date,
            max_value=options.last_date,
            key="f_dates",
            help="Publication date of articles; first sighting of ticker items.",
        )
        if isinstance(chosen, tuple) and len(chosen) == 2:
            date_from, date_to = chosen
        elif isinstance(chosen, tuple) and len(chosen) == 1:
            date_from = date_to = chosen[0]
        if (date_from, date_to) == (options.first_date, options.last_date):
            date_from = date_to = None
    include_undated = sidebar.checkbox(
        "Include articles without a date",
        value=True,
        key="f_undated",
        help="They are counted apart on time charts, never placed on a date.",
    )
    regions = sidebar.multiselect("Regions", options.regions, key="f_regions")
    sections = sidebar.multiselect("Sections", options.sections, key="f_sections")
    tags = sidebar.multiselect(
        "Tags",
        options.tags,
        key="f_tags",
        help=f"The {len(options.tags):,} most used tags.",
    )
    sources = sidebar.multiselect("Sources", options.sources, key="f_sources")
    sidebar.button("Reset filters", on_click=_reset)
    return Filters(
        date_from=date_from,
        date_to=date_to,
        include_undated=include_undated,
        regions=tuple(regions),
        sections=tuple(sections),
        tags=tuple(tags),
        sources=tuple(sources),
    )


def current() -> Filters:
    """The filters the entry point drew for this run (pages call this)."""
    return st.session_state.get("filters", Filters())
