"""`news-sample OUT_DIR --pages 1500`: write a synthetic raw folder and print what is in it."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from pipelines.sample.generator import append_pages, generate_sample


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="news-sample",
        description="Write synthetic raw pages (plus the real seed page and manifest.jsonl) "
        "into OUT_DIR. The same arguments always give the same files.",
    )
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    parser.add_argument("--pages", type=int, default=1500, help="synthetic pages (default 1500)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument(
        "--start", type=date.fromisoformat, default=date(2025, 1, 1), help="first day, YYYY-MM-DD"
    )
    parser.add_argument("--days", type=int, default=330, help="days covered (default 330)")
    parser.add_argument(
        "--no-bad", action="store_true", help="leave out empty, binary and mis-encoded files"
    )
    parser.add_argument(
        "--append",
        type=int,
        metavar="N",
        help="add N new pages to an existing sample in OUT_DIR instead (--pages is ignored)",
    )
    parser.add_argument(
        "--overwrite", action="store_true", help="replace an earlier sample in OUT_DIR"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    began = time.perf_counter()
    try:
        if args.append is not None:
            summary = append_pages(args.out_dir, pages=args.append, seed=args.seed)
        else:
            summary = generate_sample(
                args.out_dir,
                pages=args.pages,
                seed=args.seed,
                start=args.start,
                days=args.days,
                include_bad=not args.no_bad,
                overwrite=args.overwrite,
            )
    except (FileExistsError, FileNotFoundError, ValueError) as error:
        print(f"news-sample: {error}", file=sys.stderr)
        return 2
    print(summary.describe())
    print(f"written in {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
