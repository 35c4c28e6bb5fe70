"""The sample folder as a whole: determinism, mix, manifest, file times, append, CLI."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from pipelines.sample import append_pages, generate_sample
from pipelines.sample.cli import main
from pipelines.sample.generator import LAYOUTS, MANIFEST_NAME, SEED_NAME, SEED_PATH

SHARED_SEED = Path(__file__).parents[3] / "shared" / "seeds" / SEED_NAME


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file's relative path -> (content hash, mtime in ns)."""
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            files[path.relative_to(folder).as_posix()] = (digest, path.stat().st_mtime_ns)
    return files


def manifest_rows(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / MANIFEST_NAME).read_text().splitlines()]


def as_ns(fetched_at: str) -> int:
    return int(datetime.fromisoformat(fetched_at.replace("Z", "+00:00")).timestamp()) * 10**9


def decoded(data: bytes) -> str:
    if data.startswith(b"\xff\xfe"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("sample") / "raw"
    return folder, generate_sample(folder, pages=2000, seed=7)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("small") / "raw"
    return folder, generate_sample(folder, pages=400)


def test_same_arguments_give_byte_identical_folders(tmp_path: Path, small) -> None:
    folder, _ = small
    again = tmp_path / "again"
    generate_sample(again, pages=400)
    assert snapshot(again) == snapshot(folder)


def test_another_seed_gives_other_pages(tmp_path: Path, small) -> None:
    folder, _ = small
    other = tmp_path / "other"
    generate_sample(other, pages=400, seed=1)
    assert set(snapshot(other)) != set(snapshot(folder))


def test_every_layout_appears_in_a_400_page_sample(small) -> None:
    _, summary = small
    assert set(summary.layouts) == set(LAYOUTS)
    assert all(count > 0 for count in summary.layouts.values()), summary.layouts
    assert sum(summary.layouts.values()) == 400
    assert all(count > 0 for count in summary.regions.values()), summary.regions


def test_mix_is_roughly_as_requested(sample) -> None:
    _, summary = sample
    share = {name: count / 2000 for name, count in summary.layouts.items()}
    assert 0.40 <= share["full"] <= 0.50
    assert 0.30 <= share["reader"] <= 0.40
    assert 0.04 <= share["video"] <= 0.10
    assert 0.01 <= share["preview"] <= 0.05
    assert 0.03 <= share["cut"] <= 0.07
    assert summary.layouts["spanish"] == 30 and summary.layouts["foreign"] == 20
    assert 0.18 <= summary.duplicated_articles / summary.articles <= 0.32
    assert 1000 <= summary.articles <= 1600
    assert summary.files_written == 2001


def test_seed_page_is_copied_and_listed(sample) -> None:
    folder, _ = sample
    assert SEED_PATH.read_bytes() == (folder / SEED_NAME).read_bytes()
    if SHARED_SEED.exists():
        assert SHARED_SEED.read_bytes() == SEED_PATH.read_bytes()
    first = manifest_rows(folder)[0]
    assert first == {
        "file": SEED_NAME,
        "url": "",
        "fetched_at": "2025-11-25T10:00:00Z",
        "synthetic": False,
    }


def test_manifest_rows_point_to_files_with_matching_times(sample) -> None:
    folder, summary = sample
    rows = manifest_rows(folder)
    files = {path for path in snapshot(folder) if path != MANIFEST_NAME}
    listed = [row["file"] for row in rows]
    assert len(listed) == len(set(listed)) == summary.manifest_rows
    assert set(listed) <= files
    assert 0.02 <= 1 - len(listed) / len(files) <= 0.08  # some files only have their file time
    synthetic = [row for row in rows if row["synthetic"]]
    without_url = sum(1 for row in synthetic if "url" not in row)
    assert 0.14 <= without_url / len(synthetic) <= 0.26
    for row in rows:
        assert (folder / row["file"]).stat().st_mtime_ns == as_ns(row["fetched_at"])
    for row in synthetic:
        assert row["file"].count("/") == 2 and row["file"].split("/")[2].startswith("p")
        assert row["file"][:7] == row["fetched_at"][:7].replace("-", "/")


def test_urls_look_like_the_site(sample) -> None:
    folder, _ = sample
    urls = [row["url"] for row in manifest_rows(folder) if row.get("url")]
    paths = [url.split("/", 3) for url in urls if "almayadeen.net" in url]
    hosts = {parts[2] for parts in paths}
    assert hosts == {"english.almayadeen.net", "next-en.almayadeen.net", "espanol.almayadeen.net"}
    kinds = {parts[3].split("/")[0] for parts in paths if parts[2] != "espanol.almayadeen.net"}
    assert kinds == {"news", "articles", "videos"}
    assert any(
        url.startswith("https://english.almayadeen.net/news/politics/synthetic-") for url in urls
    )


def test_every_text_page_is_marked_synthetic(sample) -> None:
    folder, _ = sample
    for relative in snapshot(folder):
        if relative in (MANIFEST_NAME, SEED_NAME):
            continue
        data = (folder / relative).read_bytes()
        if not data.strip() or data.startswith(b"\x89PNG"):
            continue
        assert "ynthetic" in decoded(data), relative


def test_bad_files_are_what_they_claim(sample) -> None:
    folder, _ = sample
    pages = [(folder / path).read_bytes() for path in snapshot(folder) if path != MANIFEST_NAME]
    assert sum(1 for data in pages if data == b"") == 1
    assert sum(1 for data in pages if data and not data.strip()) == 1
    assert sum(1 for data in pages if data.startswith(b"\xff\xfe")) == 1
    assert sum(1 for data in pages if b"\r\n" in data and not data.startswith(b"\x89PNG")) == 1
    cp1252 = [data for data in pages if b"\x93Synthetic closing quote" in data]
    assert len(cp1252) == 1


def test_fetches_cover_the_window_with_quiet_gaps(sample) -> None:
    folder, summary = sample
    assert summary.first_fetch.date().isoformat() >= "2025-01-01"
    assert summary.last_fetch.date().isoformat() <= "2025-11-27"
    days = {row["fetched_at"][:10] for row in manifest_rows(folder) if row["synthetic"]}
    assert len(days) > 250  # most days have pages, the gaps have none


def test_append_adds_only_new_files(tmp_path: Path) -> None:
    folder = tmp_path / "raw"
    generate_sample(folder, pages=300)
    before = snapshot(folder)
    rows_before = (folder / MANIFEST_NAME).read_bytes()

    summary = append_pages(folder, pages=30)
    after = snapshot(folder)
    added = sorted(set(after) - set(before))
    assert summary.files_written == len(added) == 30
    assert all(after[path] == before[path] for path in before if path != MANIFEST_NAME)
    numbers = sorted(int(Path(path).name[1:7]) for path in added)
    assert numbers == list(range(301, 331))
    manifest = (folder / MANIFEST_NAME).read_bytes()
    assert manifest.startswith(rows_before)
    new_rows = [json.loads(line) for line in manifest[len(rows_before) :].splitlines()]
    assert len(new_rows) == summary.manifest_rows and {row["file"] for row in new_rows} <= set(
        added
    )
    newest_before = max(mtime for path, (_, mtime) in before.items() if path != MANIFEST_NAME)
    assert min(after[path][1] for path in added) > newest_before

    again = append_pages(folder, pages=10)
    assert again.files_written == 10 and len(snapshot(folder)) == len(after) + 10


def test_cli_writes_refuses_and_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "raw"
    assert main([str(folder), "--pages", "60", "--no-bad"]) == 0
    assert "distinct articles" in capsys.readouterr().out
    assert main([str(folder), "--pages", "60"]) == 2
    assert "--overwrite" in capsys.readouterr().err
    assert main([str(folder), "--pages", "80", "--overwrite"]) == 0
    assert len(snapshot(folder)) == 80 + 2
    assert main([str(folder), "--append", "5"]) == 0
    assert len(snapshot(folder)) == 80 + 2 + 5


def test_overwrite_never_removes_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "raw"
    generate_sample(folder, pages=20)
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="notes.txt"):
        generate_sample(folder, pages=20, overwrite=True)
    assert (folder / "notes.txt").exists() and (folder / MANIFEST_NAME).exists()


def test_generator_imports_neither_dagster_nor_duckdb() -> None:
    code = (
        "import sys, pipelines.sample.cli; "
        "print(sorted(m for m in ('dagster', 'duckdb') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ
    )
    assert result.stdout.strip() == "[]"
