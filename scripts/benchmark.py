"""Benchmark the headless build at several corpus sizes (run by hand; figures go in the README).

    python scripts/benchmark.py --sizes 1000 10000 100000 --repeat 3 --out var/bench

For each size: generate the corpus (deterministic), time `cat` over its files, then through the
headless Dagster command: a full build, a re-run with nothing new, and a run after adding 1% new
files; wall time, pages per second, the peak memory of the whole process tree (sampled from
/proc every 20 ms) and its CPU time (user + system, of every process of the tree: the benchmark
adopts the processes a run leaves behind, such as the parse's forkserver, and waits for them).
Dagster's start-up is measured alone, as the same command on a one-asset project that does
nothing (scripts/bench_startup_defs.py), so the figures can be read "beyond start-up". That
start-up drifts by half a second between minutes on this VM, so it is measured right before
each no-op and each +1% run, and "beyond start-up" is the median of those paired
differences (three no-op pairs and one +1% pair a round). The pipeline's run command skips the
interpreter's last garbage collection (pipelines/definitions.py), which the bare project pays:
each pair therefore also times the bare project with that skipped ("frozen start-up"), and
the runs are reported beyond it as well. With --repeat N each size runs N
rounds (full, no-op, +1%, then the folder is put back) and the median round of each kind is
reported, every round kept in results.json.
The issue's yardstick comes next: a minimal line-by-line parser behind one Dagster asset
(scripts/bench_reference_defs.py: single process, no regions, merging or link resolution) and
the pipeline's full build, alternately on one corpus of --reference-pages pages (20,000, as in
the issue, which timed its minimal parser at about 12 s on that many seed-shaped pages). Being
timed in the same minutes, their ratio does not move with the VM's speed.
Finally every dashboard query and page render is timed on a synthetic warehouse of
--dashboard-articles articles and on the warehouse built from the largest corpus
(tests/dashboard/bench_queries.py: the median of each query, of all of them, and the worst).
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))

from pipelines.sample import append_pages, generate_sample  # noqa: E402


@dataclass
class Measure:
    seconds: float
    peak_rss_mb: float
    cpu_s: float  # user + system time of the command and every process it started
    steps: dict[str, str] = field(default_factory=dict)  # step -> duration, from the run log


STEP_DONE = re.compile(r'Finished execution of step "(\w+)" in ([\d.]+m?s)')
BUILD_PHASES = re.compile(r"warehouse build: (.*)$", re.MULTILINE)


def _steps(log: Path) -> dict[str, str]:
    """Each step's duration and the warehouse build's phases, as the Dagster run log gives them."""
    text = log.read_text(errors="replace")
    steps = dict(STEP_DONE.findall(text))
    if phases := BUILD_PHASES.findall(text):
        steps["warehouse build"] = phases[-1]
    return steps


PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def _tree_rss_kb(root: int) -> int:
    """Resident memory of a process and all its descendants, from /proc.

    The tree is walked through each thread's `children` file and only its processes' `statm`
    is read: 0.1 ms a sample. Reading every process's `status` (the fallback, for kernels
    without `children` files) took 2.5 ms of CPU, a tenth of a core at one sample per 20 ms,
    taken from the build being measured.
    """
    if not os.path.exists(f"/proc/{root}/task/{root}/children"):
        return _tree_rss_kb_by_status(root)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm") as handle:
                total += int(handle.read().split()[1]) * PAGE_KB
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    stack.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError, IndexError):
            continue  # the process ended while it was read
    return total


def _tree_rss_kb_by_status(root: int) -> int:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields["PPid"].strip()), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


def _adopt_orphans() -> None:
    """Make this process the reaper of its descendants: a process a run leaves behind (the
    parse's forkserver outlives the run by a moment) is then re-parented here, not to init, and
    its CPU time reaches RUSAGE_CHILDREN once it is waited for."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def _wait_for_orphans(timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # none left
        if pid == 0:
            time.sleep(0.01)
    raise SystemExit(f"processes a run left behind did not exit within {timeout_s:.0f} s")


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(command: list[str], env: dict[str, str], log: Path) -> Measure:
    cpu_before = _children_cpu_s()
    started = time.perf_counter()
    with log.open("w") as output:
        process = subprocess.Popen(command, env=env, cwd=PROJECT, stdout=output, stderr=output)
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss_kb(process.pid))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample)
        sampler.start()
        code = process.wait()
        done.set()
        sampler.join()
    seconds = time.perf_counter() - started
    _wait_for_orphans()
    cpu = _children_cpu_s() - cpu_before
    if code != 0:
        raise SystemExit(f"{' '.join(command)} failed ({code}); see {log}")
    return Measure(
        seconds=round(seconds, 2),
        peak_rss_mb=round(peak / 1024, 1),
        cpu_s=round(cpu, 2),
        steps=_steps(log),
    )


def cat_seconds(raw: Path) -> float:
    files = [str(p) for p in raw.rglob("*") if p.is_file()]
    started = time.perf_counter()
    for start in range(0, len(files), 2000):
        subprocess.run(["cat", *files[start : start + 2000]], stdout=subprocess.DEVNULL, check=True)
    return round(time.perf_counter() - started, 3)


def _materialize(*target: str) -> list[str]:
    """The headless command that materializes every asset of `target` (`-m module`, `-f file`)."""
    return [
        str(Path(sys.executable).with_name("dagster")),
        "asset",
        "materialize",
        *target,
        "--select",
        "*",
    ]


PIPELINE = _materialize("-m", "pipelines.definitions")


def _corpus(folder: Path, pages: int, env_base: dict[str, str]) -> tuple[Path, dict[str, str]]:
    """A fresh `folder` with the generated corpus (raw/) and a Dagster home of its own; the raw
    folder and the environment of the commands run on it."""
    shutil.rmtree(folder, ignore_errors=True)
    raw, home = folder / "raw", folder / "dagster_home"
    home.mkdir(parents=True)
    shutil.copyfile(PROJECT / "dagster.yaml", home / "dagster.yaml")
    generate_sample(raw, pages=pages, seed=42)
    return raw, {**env_base, "NEWS_RAW_DIR": str(raw), "DAGSTER_HOME": str(home)}


def _files(raw: Path) -> int:
    return sum(1 for p in raw.rglob("*") if p.is_file())


def _remove_warehouse(warehouse: Path) -> None:
    """The warehouse file and everything beside it that bears its name (build folder, lock)."""
    for stale in warehouse.parent.glob(warehouse.name + "*"):
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()


def bench_size(pages: int, out: Path, env_base: dict[str, str], repeat: int = 1) -> dict:
    folder = out / f"n{pages}"
    warehouse = folder / "news.duckdb"
    started = time.perf_counter()
    raw, env = _corpus(folder, pages, env_base)
    generated = round(time.perf_counter() - started, 2)
    env["NEWS_DUCKDB"] = str(warehouse)
    # Dagster's own cost of a materialization: the same command on a one-asset project that does
    # nothing (process start, imports, run creation, event storage).
    trivial = _materialize("-f", str(PROJECT / "scripts" / "bench_startup_defs.py"))
    measure(trivial, env, folder / "startup.log")  # once before, so no round pays first imports
    files = _files(raw)
    cat = cat_seconds(raw)  # also warms the page cache, as the build would find it
    rounds = [_round(PIPELINE, trivial, env, folder, raw, warehouse, pages) for _ in range(repeat)]
    # The median round of each kind: this VM's speed drifts by 10-15% from minute to minute.
    full, noop, incremental = (_median_run([r[kind] for r in rounds]) for kind in KINDS)
    startup_runs = _across(rounds, "startups")
    startups = [m.seconds for m in startup_runs]
    frozen_startups = [m.seconds for m in _across(rounds, "frozen_startups")]
    noop_beyond = _across(rounds, "noop_beyond")
    incremental_beyond = _across(rounds, "incremental_beyond")
    noop_beyond_frozen = _across(rounds, "noop_beyond_frozen")
    incremental_beyond_frozen = _across(rounds, "incremental_beyond_frozen")
    append_pages(raw, pages=max(1, pages // 100), seed=42)  # leave the +1% folder, as before
    return {
        "pages": pages,
        "files": files,
        "generate_s": generated,
        "cat_s": cat,
        "startup_s": _median(startups),
        "startup_range_s": [min(startups), max(startups)],
        "startup_cpu_s": _median([m.cpu_s for m in startup_runs]),
        "frozen_startup_s": _median(frozen_startups),
        "frozen_startup_range_s": [min(frozen_startups), max(frozen_startups)],
        "full": asdict(full),
        "full_pages_per_s": round(files / full.seconds, 1),
        "full_over_cat": round(full.seconds / cat, 1) if cat else None,
        "noop": asdict(noop),
        "noop_beyond_startup_s": _median(noop_beyond),
        "noop_beyond_startup_pairs_s": noop_beyond,
        "incremental_1pct": asdict(incremental),
        "incremental_beyond_startup_s": _median(incremental_beyond),
        "incremental_beyond_startup_pairs_s": incremental_beyond,
        "noop_beyond_frozen_startup_s": _median(noop_beyond_frozen),
        "incremental_beyond_frozen_startup_s": _median(incremental_beyond_frozen),
        "incremental_beyond_frozen_startup_pairs_s": incremental_beyond_frozen,
        "warehouse_mb": round(warehouse.stat().st_size / 1e6, 1),
        "warehouse": str(warehouse),
        "rounds": [
            {kind: r[kind].seconds for kind in KINDS}
            | {"startups": [m.seconds for m in r["startups"]]}
            | {"frozen_startups": [m.seconds for m in r["frozen_startups"]]}
            for r in rounds
        ],
    }


REFERENCE_ISSUE_S = 12.0  # the issue's minimal parser on 20,000 seed-shaped pages


def bench_reference(pages: int, out: Path, env_base: dict[str, str], pairs: int) -> dict:
    """The minimal parser and the pipeline's full build, alternately, on one corpus."""
    folder = out / f"reference{pages}"
    raw, env = _corpus(folder, pages, env_base)
    commands = {
        "reference": _materialize("-f", str(PROJECT / "scripts" / "bench_reference_defs.py")),
        "pipeline": PIPELINE,
    }
    cat = cat_seconds(raw)  # also warms the page cache
    runs: dict[str, list[Measure]] = {kind: [] for kind in commands}
    for _ in range(pairs + 1):  # the first pair warms up and is not counted
        for kind, command in commands.items():
            warehouse = folder / f"{kind}.duckdb"
            _remove_warehouse(warehouse)
            measured = measure(
                command, env | {"NEWS_DUCKDB": str(warehouse)}, folder / f"{kind}.log"
            )
            runs[kind].append(measured)
    runs = {kind: measures[1:] for kind, measures in runs.items()}
    reference = [m.seconds for m in runs["reference"]]
    pipeline = [m.seconds for m in runs["pipeline"]]
    ratios = [round(p / r, 2) for p, r in zip(pipeline, reference, strict=True)]
    return {
        "pages": pages,
        "files": _files(raw),
        "cat_s": cat,
        "reference_s": _median(reference),
        "reference_runs_s": reference,
        "reference_cpu_s": _median([m.cpu_s for m in runs["reference"]]),
        "pipeline_s": _median(pipeline),
        "pipeline_runs_s": pipeline,
        "pipeline_cpu_s": _median([m.cpu_s for m in runs["pipeline"]]),
        "pipeline_over_reference": _median(ratios),
        "pipeline_over_reference_pairs": ratios,
        "issue_reference_s": REFERENCE_ISSUE_S,
    }


def _across(rounds: list[dict], key: str) -> list:
    """The items every round lists under `key`, in round order."""
    return [item for r in rounds for item in r[key]]


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def _median_run(measures: list[Measure]) -> Measure:
    """The run of median wall time (the upper one of an even count)."""
    return sorted(measures, key=lambda m: m.seconds)[len(measures) // 2]


KINDS = ("full", "noop", "incremental")  # the runs of a round


NOOP_PAIRS = 3  # no-op runs a round, each right after a start-up run


def _round(
    materialize: list[str],
    trivial: list[str],
    env: dict[str, str],
    folder: Path,
    raw: Path,
    warehouse: Path,
    pages: int,
) -> dict:
    """A full build from nothing, re-runs with nothing new, a run after adding 1% new files;
    then the folder is put back as it was (added files deleted, manifest restored) and the
    warehouse deleted, so that every round starts from the same state. Each no-op and +1% run
    follows a start-up run and a frozen start-up run, and is reported beyond each."""
    _remove_warehouse(warehouse)
    before = {p for p in raw.rglob("*") if p.is_file()}
    manifests = {p: p.read_bytes() for p in before if p.name.startswith("manifest")}
    full = measure(materialize, env, folder / "full.log")
    frozen_env = env | {"NEWS_BENCH_FROZEN": "1"}
    startups, frozen_startups, noops = [], [], []
    for _ in range(NOOP_PAIRS):
        startups.append(measure(trivial, env, folder / "startup.log"))
        frozen_startups.append(measure(trivial, frozen_env, folder / "startup.log"))
        noops.append(measure(materialize, env, folder / "noop.log"))
    append_pages(raw, pages=max(1, pages // 100), seed=42)
    startups.append(measure(trivial, env, folder / "startup.log"))
    frozen_startups.append(measure(trivial, frozen_env, folder / "startup.log"))
    incremental = measure(materialize, env, folder / "incremental.log")
    for added in {p for p in raw.rglob("*") if p.is_file()} - before:
        added.unlink()
    for path, data in manifests.items():
        path.write_bytes(data)
    return {
        "full": full,
        "noop": _median_run(noops),
        "incremental": incremental,
        "startups": startups,
        "frozen_startups": frozen_startups,
        "noop_beyond": _beyond(noops, startups[:-1]),
        "incremental_beyond": _beyond([incremental], startups[-1:]),
        "noop_beyond_frozen": _beyond(noops, frozen_startups[:-1]),
        "incremental_beyond_frozen": _beyond([incremental], frozen_startups[-1:]),
    }


def _beyond(runs: list[Measure], startups: list[Measure]) -> list[float]:
    """Each run's wall time beyond the start-up measured just before it."""
    return [round(r.seconds - s.seconds, 2) for s, r in zip(startups, runs, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--out", type=Path, default=PROJECT / "var" / "bench")
    parser.add_argument("--dashboard-articles", type=int, default=100_000, help="0 to skip")
    parser.add_argument(
        "--reference-pages", type=int, default=20_000, help="minimal parser's corpus; 0 to skip"
    )
    parser.add_argument("--reference-pairs", type=int, default=5, help="alternated runs of each")
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds per size; the median round is reported"
    )
    args = parser.parse_args()
    if args.reference_pages and args.reference_pairs < 1:
        parser.error("--reference-pairs must be at least 1 (use --reference-pages 0 to skip)")
    env = {k: v for k, v in os.environ.items() if k not in {"NEWS_PAUSE_AT"}}
    _adopt_orphans()
    results = []
    for size in args.sizes:
        result = bench_size(size, args.out, env, args.repeat)
        print(json.dumps(result), flush=True)
        results.append(result)
    (args.out / "results.json").write_text(json.dumps(results, indent=2))
    if args.reference_pages:
        reference = bench_reference(args.reference_pages, args.out, env, args.reference_pairs)
        print(json.dumps(reference), flush=True)
        (args.out / "reference.json").write_text(json.dumps(reference, indent=2))
    if args.dashboard_articles:
        # every dashboard query and page render on a warehouse of that many articles
        subprocess.run(
            [sys.executable, "-m", "tests.dashboard.bench_queries", str(args.dashboard_articles)],
            cwd=PROJECT,
            check=True,
        )
        # and on the warehouse the pipeline built from the largest corpus (realistic text)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "tests.dashboard.bench_queries",
                "--warehouse",
                results[-1]["warehouse"],
            ],
            cwd=PROJECT,
            check=True,
        )


if __name__ == "__main__":
    main()
