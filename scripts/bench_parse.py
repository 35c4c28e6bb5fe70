"""Time the page parser alone on a raw folder, single process (run by hand).

    python scripts/bench_parse.py /path/to/raw [--runs 3] [--profile]

Every file is read and decoded first (as the ingest does: decode_bytes, then parse_page with the
manifest's URL and fetch time), so the timing covers `parse_page` only. Prints ms per page for
each run and the median; `--profile` prints a pyinstrument profile of one more run. Times are the
process's CPU time, which other work on a shared machine disturbs less than wall time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from pipelines import parsing  # noqa: E402
from pipelines.ingest.manifest import MANIFEST_NAMES, read_manifest  # noqa: E402

Page = tuple[str, datetime | None, str | None]  # text, fetched_at, url: parse_page's arguments


def load_pages(raw_dir: Path) -> list[Page]:
    """parse_page's arguments for every decodable page of the folder, manifest left out."""
    entries = read_manifest(raw_dir).entries
    manifest = {path: (fetched_at, url) for path, url, fetched_at, _ in entries.iter_rows()}
    pages = []
    for path in sorted(raw_dir.rglob("*")):
        if not path.is_file() or path.name in MANIFEST_NAMES:
            continue
        decoded = parsing.decode_bytes(path.read_bytes())
        if decoded.text is None:
            continue
        fetched_at, url = manifest.get(path.relative_to(raw_dir).as_posix(), (None, None))
        pages.append((decoded.text, fetched_at, url))
    return pages


def parse_all(pages: list[Page]) -> float:
    """CPU seconds to parse every page once."""
    parse_page = parsing.parse_page
    start = time.process_time()
    for text, fetched_at, url in pages:
        parse_page(text, fetched_at=fetched_at, url=url)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw_dir", type=Path, help="a raw folder (e.g. from `news-sample`)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile one more run")
    args = parser.parse_args()

    pages = load_pages(args.raw_dir)
    if not pages:
        sys.exit(f"no pages found under {args.raw_dir}")
    parse_all(pages[:200])  # warm-up: the gazetteer and regex caches are built on first use
    per_page = []
    for run in range(1, args.runs + 1):
        per_page.append(parse_all(pages) / len(pages) * 1000)
        print(f"run {run}: {per_page[-1]:.4f} ms/page")
    print(f"median of {args.runs}: {statistics.median(per_page):.4f} ms/page ({len(pages)} pages)")
    if args.profile:
        from pyinstrument import Profiler

        with Profiler() as profiler:
            parse_all(pages)
        print(profiler.output_text(color=False, show_all=False))


if __name__ == "__main__":
    main()
