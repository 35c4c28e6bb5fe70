"""Write a folder of synthetic raw pages the way a crawler dump looks.

`generate_sample` fills an empty folder: the real seed page, N synthetic pages in sub-folders by
fetch month (`2025/03/p000123_<hash>.txt`), and `manifest.jsonl`. `append_pages` adds N new
pages, fetched after the newest one already there, to such a folder. The output depends on the
arguments alone: the same arguments give byte-identical files, names, manifest and mtimes.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from random import Random

from pipelines.parsing.taxonomy import SITE_REGIONS
from pipelines.sample import layouts, other_pages
from pipelines.sample.layouts import Related
from pipelines.sample.text import compose
from pipelines.sample.ticker import Ticker
from pipelines.sample.world import (
    DAY,
    HOUR,
    Archive,
    Timeline,
    build_timeline,
    make_article,
    to_datetime,
)

MANIFEST_NAME = "manifest.jsonl"
SEED_NAME = "000_1f4547c38661e286.txt"
SEED_PATH = Path(__file__).parent / "seeds" / SEED_NAME
SEED_FETCHED_AT = "2025-11-25T10:00:00Z"

# Copies of a text article, by layout (per cent of all pages); video articles are 7 per cent.
COPY_LAYOUTS = ("full", "reader", "preview", "cut")
COPY_WEIGHTS = (45, 35, 3, 5)
VIDEO_SHARE = 7 / 95
SPANISH_SHARE = 0.015
FOREIGN_SHARE = 0.01
BAD_KINDS = ("empty", "whitespace", "binary", "cp1252", "utf16", "crlf")
PAGES_PER_BAD_SET = 5_000  # one file of each bad kind per this many pages (at least one)
LAYOUTS = ("full", "reader", "video", "preview", "cut", "spanish", "foreign", *BAD_KINDS)
_ARTICLE_KINDS = frozenset(("full", "reader", "video", "preview", "cut", "cp1252", "utf16", "crlf"))

DUPLICATE_SHARE = 0.25  # of articles fetched 2-4 times
NO_URL_SHARE = 0.20
NOT_IN_MANIFEST_SHARE = 0.05
APPEND_PAGES_PER_DAY = 300
PREVIEW_HOST = "https://next-en.almayadeen.net"

_PAGE_NAME = re.compile(r"p(\d+)_[0-9a-f]{16}\.txt")
_MONTH_FOLDER = re.compile(r"\d{4}/\d{2}")


@dataclass(frozen=True, slots=True)
class SampleSummary:
    """What a run wrote; `layouts` and `regions` list every key, zeros included."""

    out_dir: Path
    files_written: int  # page files, the seed included, the manifest not
    manifest_rows: int  # rows added to the manifest by this run
    articles: int  # distinct synthetic English articles on the pages written
    duplicated_articles: int  # of which fetched more than once
    layouts: dict[str, int] = field(default_factory=dict)
    regions: dict[str, int] = field(default_factory=dict)  # articles by their main country's region
    first_fetch: datetime | None = None
    last_fetch: datetime | None = None

    def describe(self) -> str:
        span = ""
        if self.first_fetch and self.last_fetch:
            span = f", fetched {self.first_fetch:%Y-%m-%d} .. {self.last_fetch:%Y-%m-%d}"
        lines = [
            f"{self.files_written} files in {self.out_dir} "
            f"({self.manifest_rows} manifest rows{span})",
            f"{self.articles} distinct articles, {self.duplicated_articles} fetched more than once",
            "layouts: " + ", ".join(f"{name} {count}" for name, count in self.layouts.items()),
            "regions: " + ", ".join(f"{name} {count}" for name, count in self.regions.items()),
        ]
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class _Page:
    fetched: int
    layout: str
    article: int  # index in the archive; -1 when the page shows no article


@dataclass(slots=True)
class _Batch:
    """The pages of one run, before they are rendered."""

    archive: Archive
    pages: list[_Page]


def _fetch_time(rng: Random, timeline: Timeline, published: int, copy: int) -> int:
    """The first copy is fetched within hours of publication, later ones days or weeks after."""
    if copy == 0:
        delay = 600 + min(int(rng.expovariate(1 / (6 * HOUR))), 3 * DAY)
    else:
        delay = HOUR + int(rng.expovariate(1 / (20 * DAY)))
    fetched = published + delay
    if fetched >= timeline.end:
        fetched = max(
            published + 600 + rng.randrange(HOUR), timeline.end - rng.randrange(1, 6 * HOUR)
        )
    return timeline.outside_gaps(fetched, rng)


def _copy_plans(rng: Random, site_pages: int) -> list[tuple[bool, tuple[str, ...]]]:
    """Per article: is it a video, and the layout of each of its copies."""
    plans = []
    remaining = site_pages
    while remaining > 0:
        copies = 1 if rng.random() >= DUPLICATE_SHARE else rng.randint(2, 4)
        copies = min(copies, remaining)
        if rng.random() < VIDEO_SHARE:
            plans.append((True, ("video",) * copies))
        else:
            chosen: list[str] = []
            for _ in range(copies):
                layout = rng.choices(COPY_LAYOUTS, weights=COPY_WEIGHTS)[0]
                if chosen and layout == chosen[-1]:  # copies of one article tend to differ
                    layout = rng.choices(COPY_LAYOUTS, weights=COPY_WEIGHTS)[0]
                chosen.append(layout)
            plans.append((False, tuple(chosen)))
        remaining -= copies
    return plans


def _plan(
    rng: Random, seed: int, timeline: Timeline, pages: int, *, include_bad: bool, first_serial: int
) -> _Batch:
    bad_each = (
        max(1, pages // PAGES_PER_BAD_SET) if include_bad and pages >= 4 * len(BAD_KINDS) else 0
    )
    spanish = round(pages * SPANISH_SHARE)
    foreign = round(pages * FOREIGN_SHARE)
    site = pages - spanish - foreign - bad_each * len(BAD_KINDS)

    plans = _copy_plans(rng, site)
    published = timeline.publication_times(rng, len(plans))
    archive = Archive(
        [
            make_article(rng, seed, first_serial + index, moment, plans[index][0])
            for index, moment in enumerate(published)
        ]
    )
    batch = _Batch(archive, [])
    for index, (_, copy_layouts) in enumerate(plans):
        for copy, layout in enumerate(copy_layouts):
            batch.pages.append(
                _Page(_fetch_time(rng, timeline, published[index], copy), layout, index)
            )
    for layout, count in (("spanish", spanish), ("foreign", foreign)):
        batch.pages.extend(_Page(timeline.random_time(rng), layout, -1) for _ in range(count))

    text_articles = [index for index, (is_video, _) in enumerate(plans) if not is_video]
    for kind in BAD_KINDS:
        for _ in range(bad_each if text_articles else 0):
            index = rng.choice(text_articles)
            fetched = _fetch_time(rng, timeline, published[index], copy=1)
            batch.pages.append(_Page(fetched, kind, index))
    batch.pages.sort(key=lambda page: (page.fetched, LAYOUTS.index(page.layout), page.article))
    return batch


class _Renderer:
    """Turns planned pages into bytes; one random stream, consumed in page order."""

    def __init__(self, batch: _Batch, seed: int, rng: Random) -> None:
        self._archive = batch.archive
        self._seed = seed
        self._rng = rng
        self._ticker = Ticker(seed)

    def _related(self, page: _Page, count: int, window: int) -> list[Related]:
        picked = self._archive.recent(
            self._rng, page.fetched, count, window=window, skip=page.article
        )
        return [layouts.related(self._archive.articles[index], self._rng) for index in picked]

    def _full(self, page: _Page, *, with_title: bool = True) -> str:
        article = self._archive.articles[page.article]
        return layouts.render_full(
            article,
            compose(self._archive, page.article, self._seed),
            fetched=page.fetched,
            ticker=self._ticker.lines(page.fetched),
            most_read=self._related(page, 4, window=150),
            read_next=self._related(page, 4, window=40),
            rng=self._rng,
            with_title=with_title,
        )

    def _reader(self, page: _Page, *, with_title: bool = True) -> str:
        article = self._archive.articles[page.article]
        text = compose(self._archive, page.article, self._seed)
        return layouts.render_reader(article, text, self._rng, with_title=with_title)

    def _cut(self, page: _Page) -> bytes:
        """Stop at a random byte after the first ticker item (full) or the title (reader)."""
        if self._rng.random() < 0.7:
            data = self._full(page).encode()
            first_item = self._ticker.lines(page.fetched)[0]
            keep = len(layouts.HEADER.encode()) + len(first_item.encode()) + 1
        else:
            data = self._reader(page).encode()
            keep = data.index(b"\n") + 1
        return data[: self._rng.randrange(keep, len(data))]

    def render(self, page: _Page) -> tuple[bytes, str | None]:
        """The page's bytes and the URL it was fetched from."""
        rng = self._rng
        layout = page.layout
        if layout == "spanish":
            return other_pages.render_spanish(rng, page.fetched)
        if layout == "foreign":
            return other_pages.render_foreign(rng, page.fetched)
        article = self._archive.articles[page.article]
        if layout == "full":
            data = self._full(page).encode()
        elif layout == "reader":
            data = self._reader(page).encode()
        elif layout == "video":
            text = compose(self._archive, page.article, self._seed)
            data = layouts.render_video(article, text).encode()
        elif layout == "cut":
            data = self._cut(page)
        elif layout == "preview":
            with_title = rng.random() < 0.5
            if rng.random() < 0.5:
                data = self._full(page, with_title=with_title).encode()
            else:
                data = self._reader(page, with_title=with_title).encode()
            return data, PREVIEW_HOST + article.path
        elif layout == "empty":
            data = b""
        elif layout == "whitespace":
            data = b"  \n\n\t \n   \n"
        elif layout == "binary":
            data = other_pages.render_binary(rng)
        elif layout == "cp1252":
            text = compose(self._archive, page.article, self._seed)
            data = other_pages.render_cp1252(article, text, rng)
        elif layout == "utf16":
            data = other_pages.render_utf16(self._full(page))
        elif layout == "crlf":
            data = other_pages.render_crlf(self._full(page))
        else:
            raise ValueError(f"unknown layout {layout!r}")
        return data, article.url


def _timestamp_text(timestamp: int) -> str:
    return to_datetime(timestamp).strftime("%Y-%m-%dT%H:%M:%SZ")


def _write_file(path: Path, data: bytes, timestamp: int) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
    os.utime(path, ns=(timestamp * 1_000_000_000, timestamp * 1_000_000_000))


def _write_manifest(out_dir: Path, rows: list[str], timestamp: int) -> None:
    """Replace the manifest atomically: readers see the old one or the new one, never half.

    Its file time is that of the latest fetch it records, as when a crawl ends.
    """
    target = out_dir / MANIFEST_NAME
    previous = target.read_bytes() if target.exists() else b""
    if previous and not previous.endswith(b"\n"):
        previous += b"\n"
    temporary = out_dir / f".{MANIFEST_NAME}.tmp"
    _write_file(temporary, previous + "".join(rows).encode(), timestamp)
    os.replace(temporary, target)


def _write_batch(
    out_dir: Path, batch: _Batch, renderer: _Renderer, rng: Random, *, first_number: int, width: int
) -> tuple[list[str], Counter[str]]:
    rows: list[str] = []
    layouts_written: Counter[str] = Counter()
    folders: set[str] = set()
    for offset, page in enumerate(batch.pages):
        data, url = renderer.render(page)
        moment = to_datetime(page.fetched)
        folder = f"{moment.year:04d}/{moment.month:02d}"
        if folder not in folders:
            (out_dir / folder).mkdir(parents=True, exist_ok=True)
            folders.add(folder)
        digest = hashlib.blake2b(data, digest_size=8).hexdigest()
        relative = f"{folder}/p{first_number + offset:0{width}d}_{digest}.txt"
        _write_file(out_dir / relative, data, page.fetched)
        layouts_written[page.layout] += 1
        if rng.random() < NOT_IN_MANIFEST_SHARE:
            continue  # the ingest falls back to the file's time for these
        row: dict[str, object] = {"file": relative}
        if url is not None and rng.random() >= NO_URL_SHARE:
            row["url"] = url
        row["fetched_at"] = _timestamp_text(page.fetched)
        row["synthetic"] = True
        rows.append(json.dumps(row, ensure_ascii=False) + "\n")
    return rows, layouts_written


def _summary(
    out_dir: Path, batch: _Batch, written: Counter[str], rows: int, files: int
) -> SampleSummary:
    copies = Counter(page.article for page in batch.pages if page.layout in _ARTICLE_KINDS)
    regions = Counter(batch.archive.articles[index].country.region for index in copies)
    fetched = [page.fetched for page in batch.pages]
    return SampleSummary(
        out_dir=out_dir,
        files_written=files,
        manifest_rows=rows,
        articles=len(copies),
        duplicated_articles=sum(1 for count in copies.values() if count > 1),
        layouts={name: written[name] for name in LAYOUTS},
        regions={name: regions[name] for name in SITE_REGIONS},
        first_fetch=to_datetime(min(fetched)) if fetched else None,
        last_fetch=to_datetime(max(fetched)) if fetched else None,
    )


def _is_sample_file(relative: str) -> bool:
    if relative in (MANIFEST_NAME, SEED_NAME):
        return True
    folder, _, name = relative.rpartition("/")
    return bool(_MONTH_FOLDER.fullmatch(folder) and _PAGE_NAME.fullmatch(name))


def _clear_folder(out_dir: Path, *, overwrite: bool) -> None:
    """Make sure `out_dir` is empty; with `overwrite`, remove an earlier sample (and only that)."""
    if not out_dir.exists():
        return
    files = sorted(
        path.relative_to(out_dir).as_posix() for path in out_dir.rglob("*") if not path.is_dir()
    )
    if not files:
        return
    if not overwrite:
        raise FileExistsError(
            f"{out_dir} is not empty ({len(files)} files). Pass --overwrite to replace an earlier "
            "sample there, --append N to add pages to it, or choose an empty folder."
        )
    strangers = [relative for relative in files if not _is_sample_file(relative)]
    if strangers:
        raise FileExistsError(
            f"{out_dir} holds files a sample does not write (e.g. {strangers[0]}); "
            "not removing anything. Choose an empty folder."
        )
    for relative in files:
        (out_dir / relative).unlink()
    for folder in sorted((path for path in out_dir.rglob("*") if path.is_dir()), reverse=True):
        folder.rmdir()


def generate_sample(
    out_dir: Path,
    *,
    pages: int,
    seed: int = 0,
    start: date = date(2025, 1, 1),
    days: int = 330,
    include_bad: bool = True,
    overwrite: bool = False,
) -> SampleSummary:
    """Fill an empty `out_dir` with the seed page, `pages` synthetic pages and the manifest."""
    if pages < 0 or days < 1:
        raise ValueError(f"pages must be >= 0 and days >= 1 (got pages={pages}, days={days})")
    out_dir = Path(out_dir)
    _clear_folder(out_dir, overwrite=overwrite)
    out_dir.mkdir(parents=True, exist_ok=True)

    rng = Random(seed)
    timeline = build_timeline(rng, start, days)
    batch = _plan(rng, seed, timeline, pages, include_bad=include_bad, first_serial=0)
    page_rng = Random(f"{seed}/pages")
    renderer = _Renderer(batch, seed, page_rng)
    width = max(6, len(str(pages)))
    rows, written = _write_batch(out_dir, batch, renderer, page_rng, first_number=1, width=width)

    seed_fetched = int(datetime.fromisoformat(SEED_FETCHED_AT).timestamp())
    _write_file(out_dir / SEED_NAME, SEED_PATH.read_bytes(), seed_fetched)
    seed_row = {"file": SEED_NAME, "url": "", "fetched_at": SEED_FETCHED_AT, "synthetic": False}
    rows.insert(0, json.dumps(seed_row) + "\n")
    latest = max([seed_fetched, *(page.fetched for page in batch.pages)])
    _write_manifest(out_dir, rows, latest)
    return _summary(out_dir, batch, written, rows=len(rows), files=len(batch.pages) + 1)


def _existing_pages(out_dir: Path) -> tuple[int, int, int]:
    """The highest page number, its digit count, and the latest file time in `out_dir`."""
    highest, width, latest = 0, 6, 0
    for folder, _, names in os.walk(out_dir):
        for name in names:
            if name == MANIFEST_NAME or name.startswith("."):
                continue
            latest = max(latest, int(os.stat(os.path.join(folder, name)).st_mtime))
            match = _PAGE_NAME.fullmatch(name)
            if match and int(match.group(1)) > highest:
                highest, width = int(match.group(1)), len(match.group(1))
    return highest, width, latest


def append_pages(
    out_dir: Path, *, pages: int, seed: int = 0, include_bad: bool = False
) -> SampleSummary:
    """Add `pages` new files to a sample folder: new articles, fetched after the newest file.

    New files continue the page numbering; their manifest rows are appended. The articles are
    new (their serials continue after the page numbers, so their titles are new too); the
    ticker is the same world's ticker, continued.
    """
    if pages < 1:
        raise ValueError(f"pages must be >= 1 (got {pages})")
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise FileNotFoundError(f"{out_dir} is not a folder: generate a sample there first")
    highest, width, latest = _existing_pages(out_dir)
    first_number = highest + 1
    first_day = (to_datetime(latest) + timedelta(days=1)).date()

    rng = Random(f"{seed}/append/{first_number}")
    days = max(1, math.ceil(pages / APPEND_PAGES_PER_DAY))
    timeline = build_timeline(rng, first_day, days, with_gaps=False)
    batch = _plan(rng, seed, timeline, pages, include_bad=include_bad, first_serial=first_number)
    page_rng = Random(f"{seed}/append/{first_number}/pages")
    renderer = _Renderer(batch, seed, page_rng)
    width = max(width, len(str(highest + pages)))
    rows, written = _write_batch(
        out_dir, batch, renderer, page_rng, first_number=first_number, width=width
    )
    _write_manifest(out_dir, rows, max(page.fetched for page in batch.pages))
    return _summary(out_dir, batch, written, rows=len(rows), files=len(batch.pages))
