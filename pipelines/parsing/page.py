"""parse_page: one raw page's text in, one ParsedPage out. Never raises.

Status:

- QUARANTINED: empty, Spanish, Arabic and foreign pages (detect.py says why), and preview-host
  pages without a title that show no article text either.
- PARSED: every field the layout is expected to show was found. Full layout: title, author,
  publication date, summary and body. Reader layout: title, summary, body and a date, which
  reader copies never show, so they are always PARTIAL ("no publication date on the page").
  Video pages: title and description; a video page shows nothing else, so with both it is
  PARSED (its publication date is unknown, not missing).
- PARTIAL: kept, with a problem per missing field, and when the text is cut off (`truncated`)
  a problem naming where (see full.py and short.py for how a cut is recognised).

A page of the preview host (next-en.almayadeen.net) without a title line gets the PREVIEW layout.
"""

from __future__ import annotations

import re
from datetime import datetime

from pipelines.parsing.detect import detect_layout
from pipelines.parsing.full import SITE_HEADER, is_complete, parse_full
from pipelines.parsing.model import Layout, ParsedPage, Status
from pipelines.parsing.normalize import normalize_with_rare
from pipelines.parsing.regions import infer_regions
from pipelines.parsing.short import parse_reader, parse_video
from pipelines.parsing.urls import PREVIEW_HOST, host_of

_SPANISH_TITLE = re.compile(r"^4\. (.+)$", re.MULTILINE)
_NORMALIZED_HEADER = normalize_with_rare(SITE_HEADER)[0]
_HEADER_LINES = _NORMALIZED_HEADER.split("\n")[:-1]  # it ends with a line break


def parse_page(
    text: str, *, fetched_at: datetime | None = None, url: str | None = None
) -> ParsedPage:
    """Read one raw page (see shared/PAGE_LAYOUTS.md for the layouts)."""
    text, rare, lines = _normalized(text)
    detected = detect_layout(text, lines, url, rare)
    if detected.reason is not None:
        return _quarantined(detected.layout, detected.reason, text)

    page = ParsedPage(layout=detected.layout, status=Status.PARSED)
    ends_cleanly = text.endswith("\n")
    if page.layout is Layout.FULL:
        truncated = not is_complete(text, lines)
        where = parse_full(
            lines, page, fetched_at=fetched_at, cut_last=truncated and not ends_cleanly
        )
        cut_at = where if truncated else None
    elif page.layout is Layout.VIDEO:
        cut_at = parse_video(lines, page, cut_last=not ends_cleanly)
    else:
        cut_at = parse_reader(lines, page, cut_last=not ends_cleanly)

    if cut_at is not None:
        page.truncated = True
        page.problems.insert(0, f"text is cut off {cut_at}")
    if page.title is None and url is not None and host_of(url) == PREVIEW_HOST:
        page.layout = Layout.PREVIEW
        if page.summary is None and page.body is None:
            return _quarantined(Layout.PREVIEW, "preview host page without title or article text")
    page.problems.extend(_missing_fields(page, read_as=detected.layout))
    page.status = Status.PARTIAL if page.problems else Status.PARSED
    page.regions = infer_regions(
        title=page.title, summary=page.summary, body=page.body, tags=page.tags
    )
    return page


def _normalized(text: str) -> tuple[str, set[str] | None, list[str]]:
    """normalize_with_rare, and the text's lines.

    A full page opens with the site's header, 60 lines of indented bullets, the same on every page:
    its normalized form and lines are known, and only the rest is normalized and split. The
    result is the same: the header ends with a line break, across which no step reaches (no
    CRLF, space run, line-end space or NFC composition spans a line break), and it holds nothing
    to replace and no character that calls for NFC.
    """
    if text.startswith(SITE_HEADER):
        rest, rare = normalize_with_rare(text[len(SITE_HEADER) :])
        return _NORMALIZED_HEADER + rest, rare, [*_HEADER_LINES, *rest.split("\n")]
    text, rare = normalize_with_rare(text)
    return text, rare, text.split("\n")


def _quarantined(layout: Layout, reason: str, text: str = "") -> ParsedPage:
    page = ParsedPage(layout=layout, status=Status.QUARANTINED, problems=[reason])
    if layout is Layout.SPANISH:
        breadcrumb = _SPANISH_TITLE.search(text)
        page.title = breadcrumb.group(1).strip() if breadcrumb else None
    return page


def _missing_fields(page: ParsedPage, *, read_as: Layout) -> list[str]:
    missing = []
    if page.title is None:
        if page.layout is Layout.PREVIEW:
            missing.append("no title line (preview host page)")
        else:
            missing.append("no title on the page")
    if read_as is Layout.VIDEO:
        if page.summary is None:
            missing.append("no description on the video page")
        return missing
    if read_as is Layout.FULL and page.author is None:
        missing.append("no author in the byline")
    if page.published_at is None and page.published_at_text is None:
        missing.append("no publication date on the page")
    if page.summary is None:
        missing.append("no summary paragraph")
    if page.body is None:
        missing.append("no body text")
    return missing
