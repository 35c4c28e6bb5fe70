"""The issue's yardstick: a minimal line-by-line parser behind one Dagster asset (run by hand).

    NEWS_RAW_DIR=... NEWS_DUCKDB=... dagster asset materialize -f scripts/bench_reference_defs.py \
        --select '*'

Issue 5 sets the pipeline against "a minimal line-by-line parser with none of the above (no
regions, no merging, no link resolution, single process)", which built 20,000 seed-shaped pages
through Dagster in about 12 s on the machine the issue was written on. This is such a parser,
so that scripts/benchmark.py can time both on the same corpus in the same minutes: their ratio
does not move with the VM's speed, and the reference's time tells one run's VM from another's.

It reads every file once, in one process, and keeps what a reader of the page sees first: the
title (the first line that is not indented, after the ticker block when there is one, skipping
the site's menu), the byline's date, the paragraphs of the body (lines of twelve words or more)
and the tags (the bullets after the last paragraph, up to "Most Read"). A page that is not
UTF-8 is read with replacement characters. One row per `.txt` file goes into `reference_pages`
of the DuckDB file NEWS_DUCKDB, replaced on each run. Not part of the pipeline.
"""

import os
import re
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

DATE = re.compile(r"^\s*•\s+(\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2})$")
BULLET = "  • "
BODY_WORDS = 12
# Lines of the site's header that are not indented: the name and the menu's headings.
HEADER = frozenset(
    ("Al Mayadeen English", "Slogan", "News", "Articles", "Videos", "Infographs", "In Pictures")
)


def parse_lines(text: str) -> dict[str, object]:
    """Title, date text, body and tags of one page, read line by line."""
    title = date = None
    body: list[str] = []
    tags: list[str] = []
    in_ticker = False
    for line in text.splitlines():
        if line == "BREAKING":
            in_ticker, title = True, None
            continue
        if in_ticker:
            in_ticker = line != ""
            continue
        if title is None:
            if line and not line.startswith(" ") and line not in HEADER:
                title = line
            continue
        if date is None and (match := DATE.match(line)):
            date = match.group(1)
        elif line == "Most Read":
            break
        elif line.startswith(BULLET):
            if body:
                tags.append(line[len(BULLET) :])
        elif len(line.split()) >= BODY_WORDS:
            body.append(line)
            tags.clear()  # the tags follow the last paragraph
    return {"title": title, "date_text": date, "body": "\n\n".join(body) or None, "tags": tags}


def read_folder(raw_dir: Path) -> pl.DataFrame:
    rows = []
    for folder, _, names in os.walk(raw_dir):
        for name in names:
            if not name.endswith(".txt"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
            rows.append({"path": os.path.relpath(path, raw_dir), **parse_lines(text)})
    schema = {
        "path": pl.String,
        "title": pl.String,
        "date_text": pl.String,
        "body": pl.String,
        "tags": pl.List(pl.String),
    }
    return pl.DataFrame(rows, schema=schema)


@dg.asset
def reference_pages(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    """Every page of NEWS_RAW_DIR, parsed line by line, in a DuckDB table."""
    frame = read_folder(Path(os.environ["NEWS_RAW_DIR"]))
    with duckdb.connect(os.environ["NEWS_DUCKDB"]) as con:
        con.register("frame", frame)
        con.execute("CREATE OR REPLACE TABLE reference_pages AS SELECT * FROM frame")
        titled = con.execute("SELECT count(title) FROM reference_pages").fetchone()[0]
    context.log.info(f"{frame.height} pages, {titled} with a title")
    return dg.MaterializeResult(metadata={"pages": frame.height, "titled": titled})


defs = dg.Definitions(assets=[reference_pages], executor=dg.in_process_executor)
