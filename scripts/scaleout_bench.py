"""Measure the scale-out's first step: shards parsed by one process vs two at once (run by hand).

    python scripts/scaleout_bench.py --pages 20000 100000 --repeat 3 --out var/bench-scaleout

For each corpus size (generated, deterministic), with the real Dagster command line:
  startup     `dagster asset list` alone: what every command pays before it does any work
  sequential  one process materializes every shard (`--partition-range 00...07`)
  parallel    two processes at once, each half of the shards (what a backfill on two pods does)
  warehouse   `sharded_warehouse` built from all shards
  main        the main path, `--select '*'` of pipelines.definitions into a fresh file
              (it parses on every core with a process pool)
Each repetition runs them in that order. Every round is kept with the peak memory of the
commands' process trees and the CPU seconds that other processes used meanwhile (from /proc);
the medians leave out rounds that other work disturbed (1 CPU s or more), since other sessions'
tests and benchmarks may share the cores. Then the
costs that grow with the folder, for docs/scaling.md: listing the folder, the sensor's
fingerprint, copying the warehouse (what every run's staging does), sizes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from pipelines.defs.sensors import folder_fingerprint  # noqa: E402
from pipelines.ingest.manifest import read_manifest  # noqa: E402
from pipelines.ingest.scan import list_files  # noqa: E402
from pipelines.ingest.shards import SHARD_KEYS  # noqa: E402
from pipelines.sample import generate_sample  # noqa: E402
from warehouse import paths  # noqa: E402

DAGSTER = str(Path(sys.executable).with_name("dagster"))
SCALEOUT = ["-m", "pipelines.scaleout_definitions"]
HALF = len(SHARD_KEYS) // 2
# A round in which other processes used this much CPU is left out of the medians.
DISTURBED_CPU_S = 1.0


def shards_command(first: str, last: str) -> list[str]:
    return [
        *(DAGSTER, "asset", "materialize", *SCALEOUT),
        *("--select", "parsed_page_shards", "--partition-range", f"{first}...{last}"),
    ]


COMMANDS = {
    "startup": [[DAGSTER, "asset", "list", *SCALEOUT]],
    "sequential": [shards_command(SHARD_KEYS[0], SHARD_KEYS[-1])],
    "parallel": [
        shards_command(SHARD_KEYS[0], SHARD_KEYS[HALF - 1]),
        shards_command(SHARD_KEYS[HALF], SHARD_KEYS[-1]),
    ],
    "warehouse": [[DAGSTER, "asset", "materialize", *SCALEOUT, "--select", "sharded_warehouse"]],
    "main": [[DAGSTER, "asset", "materialize", "-m", "pipelines.definitions", "--select", "*"]],
}


TICKS_PER_S = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def process_table() -> dict[int, tuple[int, int, int]]:
    """pid -> (parent pid, CPU ticks used so far, resident kB) of every process, from /proc."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # ended while we looked
        fields = stat[stat.rindex(")") + 2 :].split()  # from field 3 (state) on
        table[int(entry)] = (int(fields[1]), int(fields[11]) + int(fields[12]), int(fields[21]))
    return table


class Watch:
    """Samples /proc while commands run: the peak memory of their process trees, and the CPU
    that every other process (another test run, a benchmark) used meanwhile."""

    def __init__(self, roots: list[int], baseline: dict[int, tuple[int, int, int]]) -> None:
        self.roots = roots
        self.mine = {os.getpid(), *roots}  # a child stays ours after its parent ends
        self.baseline = baseline
        self.first: dict[int, int] = {}
        self.last: dict[int, int] = {}
        self.peak_kb = 0

    def sample(self) -> None:
        table = process_table()
        children: dict[int, list[int]] = {}
        for pid, (parent, _, _) in table.items():
            children.setdefault(parent, []).append(pid)
        stack, tree = list(self.roots), set()
        while stack:
            pid = stack.pop()
            if pid in table and pid not in tree:
                tree.add(pid)
                stack.extend(children.get(pid, []))
        self.mine |= tree
        self.peak_kb = max(self.peak_kb, sum(table[pid][2] for pid in tree) * PAGE_KB)
        for pid, (_, ticks, _) in table.items():
            self.first.setdefault(pid, self.baseline.get(pid, (0, 0, 0))[1])
            self.last[pid] = ticks

    def others_cpu_s(self) -> float:
        ticks = sum(self.last[pid] - self.first[pid] for pid in self.last if pid not in self.mine)
        return round(ticks / TICKS_PER_S, 1)


def run_at_once(commands: list[list[str]], env: dict[str, str], log_prefix: Path):
    """Start every command at once: wall seconds until the last ends, peak MB of all of them,
    and CPU seconds that other processes used meanwhile."""
    baseline = process_table()
    started = time.perf_counter()
    processes = []
    for number, command in enumerate(commands):
        log = open(f"{log_prefix}.{number}.log", "w")  # noqa: SIM115 - closed below
        process = subprocess.Popen(
            command, env=env, cwd=PROJECT, stdout=log, stderr=subprocess.STDOUT
        )
        processes.append((process, log))
    watch, done = Watch([process.pid for process, _ in processes], baseline), threading.Event()

    def sample() -> None:
        while not done.is_set():
            watch.sample()
            time.sleep(0.2)

    sampler = threading.Thread(target=sample)
    sampler.start()
    codes = [process.wait() for process, _ in processes]
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    watch.sample()
    for (process, log), code in zip(processes, codes, strict=True):
        log.close()
        if code != 0:
            raise SystemExit(f"{' '.join(process.args)} failed ({code}); see {log.name}")
    return round(seconds, 2), round(watch.peak_kb / 1024), watch.others_cpu_s()


def median_seconds(action, times: int = 3) -> float:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return round(statistics.median(samples), 3)


def megabytes(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return round(sum(p.stat().st_size for p in files) / 1e6, 1)


def growth_costs(raw: Path, warehouse: Path, shard_store: Path) -> dict:
    """What grows with the folder and the warehouse, measured on this corpus."""
    copy = warehouse.with_name("copy.duckdb")
    costs = {
        "list_files_s": median_seconds(lambda: list_files(raw, read_manifest(raw))),
        "sensor_fingerprint_s": median_seconds(lambda: folder_fingerprint(str(raw))),
        "warehouse_copy_s": median_seconds(lambda: shutil.copyfile(warehouse, copy)),
        "raw_mb": megabytes(raw),
        "warehouse_mb": megabytes(warehouse),
        "shard_store_mb": megabytes(shard_store / ".generations"),
    }
    copy.unlink()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        costs["raw_text_mb"] = round(
            con.execute("SELECT sum(strlen(raw_text)) FROM pages").fetchone()[0] / 1e6, 1
        )
    return costs


def counts(warehouse: Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {
            table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("pages", "articles", "breaking_items", "related_links")
        }


def clean_median(runs: list[dict]) -> float:
    """The median of the rounds no other process disturbed (all rounds if none was spared)."""
    clean = [run["seconds"] for run in runs if run["others_cpu_s"] < DISTURBED_CPU_S]
    return round(statistics.median(clean or [run["seconds"] for run in runs]), 2)


def bench_size(pages: int, repeat: int, out: Path) -> dict:
    folder = out / f"n{pages}"
    shutil.rmtree(folder, ignore_errors=True)
    raw, home, logs = folder / "raw", folder / "dagster_home", folder / "logs"
    for made in (home, logs):
        made.mkdir(parents=True)
    shutil.copyfile(PROJECT / "dagster.yaml", home / "dagster.yaml")
    generate_sample(raw, pages=pages, seed=42)
    files = sum(1 for path in raw.rglob("*") if path.is_file())
    for path in raw.rglob("*"):  # warm the page cache, as a crawler's fresh files would be
        if path.is_file():
            path.read_bytes()
    warehouse = folder / "news.duckdb"  # the scale-out's files sit beside it; it is not built
    main_warehouse = folder / "main" / "news.duckdb"
    env = {**os.environ, "NEWS_RAW_DIR": str(raw), "DAGSTER_HOME": str(home)}
    envs = {name: {**env, "NEWS_DUCKDB": str(warehouse)} for name in COMMANDS}
    envs["main"] = {**env, "NEWS_DUCKDB": str(main_warehouse)}
    # Concurrent first-time creation of the instance's storage races: create it once, first.
    subprocess.run([DAGSTER, "instance", "migrate"], env=env, check=True, capture_output=True)

    runs: dict[str, list[dict]] = {name: [] for name in COMMANDS}
    for round_number in range(repeat):
        for name, commands in COMMANDS.items():
            if name == "main":  # a full build every time, as the shards are
                shutil.rmtree(main_warehouse.parent, ignore_errors=True)
            seconds, peak_mb, others = run_at_once(
                commands, envs[name], logs / f"{name}.{round_number}"
            )
            runs[name].append({"seconds": seconds, "peak_mb": peak_mb, "others_cpu_s": others})
            print(
                f"n={pages} #{round_number + 1} {name}: {seconds} s, {peak_mb} MB, "
                f"other processes {others} CPU s",
                flush=True,
            )

    sharded, main = counts(paths.sharded_warehouse(warehouse)), counts(main_warehouse)
    if sharded != main:
        raise SystemExit(f"The sharded warehouse differs from the main one: {sharded} vs {main}")
    median = {name: clean_median(values) for name, values in runs.items()}
    return {
        "pages": pages,
        "files": files,
        "median_s": median,
        "peak_mb": {name: max(run["peak_mb"] for run in values) for name, values in runs.items()},
        "runs": runs,
        "speedup_parallel_shards": round(median["sequential"] / median["parallel"], 2),
        "scaleout_total_s": round(median["parallel"] + median["warehouse"], 2),
        "counts": main,
        "growth": growth_costs(raw, main_warehouse, paths.shard_store(warehouse)),
    }


def revision_now() -> str:
    """The commit measured, and a hash of uncommitted changes: every command imports the code."""
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT, capture_output=True, text=True
    ).stdout.strip()
    diff = subprocess.run(["git", "diff", "HEAD"], cwd=PROJECT, capture_output=True).stdout
    return f"{head}+{hashlib.sha256(diff).hexdigest()[:8]}" if diff else head


def markdown(results: list[dict]) -> str:
    lines = [
        "| pages | startup | shards, 1 process | shards, 2 processes | speed-up | "
        "sharded warehouse | scale-out total | main path |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        m = result["median_s"]
        lines.append(
            f"| {result['pages']:,} | {m['startup']} s | {m['sequential']} s | {m['parallel']} s "
            f"| {result['speedup_parallel_shards']}x | {m['warehouse']} s "
            f"| {result['scaleout_total_s']} s | {m['main']} s |"
        )
    for result in results:
        others = {name: [r["others_cpu_s"] for r in runs] for name, runs in result["runs"].items()}
        lines.append(f"\nn={result['pages']:,}: peak MB {result['peak_mb']}; {result['growth']}")
        lines.append(f"CPU s used by other processes during each run: {others}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[20_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=PROJECT / "var" / "bench-scaleout")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    revision = revision_now()
    results = [bench_size(pages, args.repeat, args.out) for pages in args.pages]
    if revision_now() != revision:
        print(f"The code changed while measuring ({revision} -> {revision_now()}): run again.")
    report = {"revision": revision, "results": results}
    (args.out / "results.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(markdown(results))


if __name__ == "__main__":
    main()
