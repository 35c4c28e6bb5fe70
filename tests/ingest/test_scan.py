"""The scan's shortcut (a folder listed exactly as the warehouse last saw it reads nothing more),
its prefetch, and the listing made in a child process."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import polars as pl
import pytest

from pipelines.ingest.scan import ScanResult, list_folder, scan
from tests.conftest import write_manifest
from warehouse import store


def never_read():
    raise AssertionError("the catalog should not have been read")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    (raw / "2025").mkdir(parents=True)
    (raw / "a.txt").write_text("one")
    (raw / "2025" / "b.txt").write_text("two")
    write_manifest(raw, [{"file": "a.txt", "url": "https://english.almayadeen.net/news/x"}])
    return raw


def test_same_listing_reads_neither_manifest_nor_catalog(folder: Path) -> None:
    first = scan(folder, store.empty_catalog, "v1")
    assert first.counts.new == 3  # two pages and the manifest

    again = scan(folder, never_read, "v1", unchanged_since=first.fingerprint)

    assert again.fingerprint == first.fingerprint
    assert not again.has_work
    assert again.counts.files == 3 and again.count("unchanged") == 3
    assert again.manifest.path == "manifest.jsonl"


@pytest.mark.parametrize(
    "change",
    [
        lambda raw: (raw / "c.txt").write_text("three"),  # a new file
        lambda raw: (raw / "a.txt").unlink(),  # a removed file
        lambda raw: os.utime(raw / "2025" / "b.txt", ns=(1, 1)),  # a touched file
        lambda raw: write_manifest(raw, [{"file": "a.txt", "url": None}]),  # a new manifest
    ],
)
def test_any_change_in_the_listing_means_a_full_comparison(folder: Path, change) -> None:
    first = scan(folder, store.empty_catalog, "v1")
    change(folder)
    read = []

    def catalog():
        read.append(True)
        return store.empty_catalog()

    again = scan(folder, catalog, "v1", unchanged_since=first.fingerprint)

    assert read and again.fingerprint != first.fingerprint


def test_a_new_parser_version_means_a_full_comparison(folder: Path) -> None:
    first = scan(folder, store.empty_catalog, "v1")

    again = scan(folder, store.empty_catalog, "v2", unchanged_since=first.fingerprint)

    assert again.fingerprint != first.fingerprint and again.counts.new == 3


def test_what_later_steps_get_keeps_the_counts_and_only_files_with_work(folder: Path) -> None:
    first = scan(folder, store.empty_catalog, "v1")
    catalog = first.files.select(*store.FILE_SCHEMA).with_columns(
        is_present=True, parser_version=pl.lit("v1")
    )
    (folder / "c.txt").write_text("three")

    full = scan(folder, catalog, "v1")
    kept = full.needing_work()

    assert full.files.height == 4
    assert kept.files.get_column("path").to_list() == ["c.txt"]
    assert kept.counts == full.counts
    assert (kept.counts.files, kept.counts.new) == (4, 1)
    assert kept.count("unchanged") == full.count("unchanged") == 3
    assert kept.to_parse.equals(full.to_parse)


def _catalog_reader(catalog: pl.DataFrame, threads: list[bool]):
    def read() -> pl.DataFrame:
        threads.append(threading.current_thread() is not threading.main_thread())
        return catalog

    return read


def _rescan(folder: Path, first: ScanResult, threads: list[bool], *, changed_after_ns: int):
    """Scan again against an empty catalog, noting in `threads` where it was read."""
    return scan(
        folder,
        _catalog_reader(store.empty_catalog(), threads),
        "v1",
        unchanged_since=first.fingerprint,
        changed_after_ns=changed_after_ns,
    )


def test_a_prefetched_scan_finds_what_a_plain_one_finds(folder: Path) -> None:
    first = scan(folder, store.empty_catalog, "v1")
    catalog = first.files.select(*store.FILE_SCHEMA).with_columns(
        is_present=True, parser_version=pl.lit("v1")
    )
    (folder / "c.txt").write_text("three")
    (folder / "a.txt").unlink()
    write_manifest(folder, [{"file": "2025/b.txt", "url": "https://english.almayadeen.net/x"}])
    threads: list[bool] = []

    plain = scan(folder, catalog, "v1", unchanged_since=first.fingerprint)
    prefetched = scan(
        folder,
        _catalog_reader(catalog, threads),
        "v1",
        unchanged_since=first.fingerprint,
        changed_after_ns=0,  # everything changed after that
    )

    assert threads == [True]  # read on the second thread
    assert prefetched.files.equals(plain.files)
    assert prefetched.removed.equals(plain.removed)
    assert prefetched.fingerprint == plain.fingerprint
    assert (prefetched.manifest.path, prefetched.manifest.problems) == (
        plain.manifest.path,
        plain.manifest.problems,
    )
    counts = plain.counts  # c.txt; the manifest file itself; b.txt's URL; a.txt
    assert (counts.new, counts.changed, counts.metadata, counts.removed) == (1, 1, 1, 1)


def test_a_folder_changed_deep_down_starts_the_prefetch_during_the_walk(folder: Path) -> None:
    deep = folder / "2025" / "11"
    deep.mkdir()
    first = scan(folder, store.empty_catalog, "v1")
    written = time.time_ns()
    time.sleep(0.02)  # status-change times have at best the kernel clock's resolution
    threads: list[bool] = []
    unchanged = _rescan(folder, first, threads, changed_after_ns=written)
    assert threads == [] and not unchanged.has_work  # nothing changed since: nothing read

    (deep / "c.txt").write_text("three")  # only this folder changes; the manifest does not
    again = _rescan(folder, first, threads, changed_after_ns=written)
    assert threads == [True]
    assert again.counts.new == 4


def test_a_manifest_dated_back_still_starts_the_prefetch(folder: Path) -> None:
    written = time.time_ns()
    time.sleep(0.02)
    with (folder / "manifest.jsonl").open("a", encoding="utf-8") as manifest:
        manifest.write('{"file": "2025/b.txt"}\n')
    os.utime(folder / "manifest.jsonl", ns=(1, 1))  # as the sample generator dates its files
    threads: list[bool] = []

    scan(folder, _catalog_reader(store.empty_catalog(), threads), "v1", changed_after_ns=written)

    assert threads == [True]


def test_a_needless_prefetch_is_dropped(folder: Path) -> None:
    first = scan(folder, store.empty_catalog, "v1")
    threads: list[bool] = []

    again = _rescan(folder, first, threads, changed_after_ns=0)

    assert threads == [True]  # read early, on a guess
    assert not again.has_work and again.count("unchanged") == 3


def test_a_failing_prefetch_fails_the_scan(folder: Path) -> None:
    def broken():
        raise OSError("catalog unreadable")

    with pytest.raises(OSError, match="catalog unreadable"):
        scan(folder, broken, "v1", changed_after_ns=0)


def test_a_listing_names_links_and_odd_names_and_skips_links_to_folders(folder: Path) -> None:
    (folder / os.fsdecode(b"bad_\xff.txt")).write_text("not UTF-8 in its name")
    (folder / "empty").mkdir()
    os.symlink(folder / "a.txt", folder / "link.txt")
    os.symlink(folder / "missing.txt", folder / "dangling.txt")
    os.symlink(folder / "2025", folder / "folder_link")  # not followed

    listed = list_folder(folder)

    assert listed.get_column("path").to_list() == [
        "2025/b.txt",
        "a.txt",
        "bad_\\xff.txt",
        "dangling.txt",
        "link.txt",
        "manifest.jsonl",
    ]
    sizes = dict(listed.select("path", "bytes").iter_rows())
    assert sizes["link.txt"] == (folder / "a.txt").stat().st_size  # the file linked to


def test_a_listing_tells_of_the_first_changed_folder_as_it_reaches_it(folder: Path) -> None:
    written = time.time_ns()
    time.sleep(0.02)  # status-change times have at best the kernel clock's resolution
    told: list[int] = []
    listed = list_folder(folder, changed_after_ns=written, on_change=lambda: told.append(1))
    assert told == [] and listed.height == 3

    (folder / "c.txt").write_text("three")
    (folder / "2025" / "d.txt").write_text("four")
    listed = list_folder(folder, changed_after_ns=written, on_change=lambda: told.append(1))

    assert told == [1] and listed.height == 5  # two folders changed; told once


@pytest.mark.parametrize(("count", "told"), [(1, 1), (5, 1), (6, 1), (7, 0)])
def test_a_listing_tells_once_that_it_reached_a_count(folder: Path, count: int, told: int) -> None:
    for name in ("c.txt", "2025/d.txt", "2025/e.txt"):
        (folder / name).write_text(name)
    calls: list[int] = []

    listed = list_folder(folder, on_many=(count, lambda: calls.append(1)))

    assert listed.height == 6
    assert len(calls) == told
