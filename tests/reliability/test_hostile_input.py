"""A folder of every kind of broken and hostile file: the run succeeds and accounts for each."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

from tests.conftest import SEED, SEED_URL, count_files, materialize, query, write_manifest

MADE_UP_OTHER_SITE = (
    "Example Evening Herald (made-up outlet)\nHome | World | Sport\n\n"
    "Made-up headline about a made-up town council\n\nThis text is invented for a test.\n"
)


def _seed_lines() -> list[str]:
    return SEED.read_text("utf-8").split("\n")


def build_hostile_folder(raw: Path) -> None:
    """Write every kind of broken file the issue lists, beside a good copy of the seed."""
    rng = random.Random(0)
    seed_text = SEED.read_text("utf-8")
    corpus: dict[str, bytes] = {
        "empty.txt": b"",
        "whitespace.txt": b"  \n\t \n\n   ",
        "nul_bytes.txt": b"\x00" * 512 + seed_text.encode()[:2000],
        "random.bin": rng.randbytes(64 * 1024),
        "invalid_utf8.txt": seed_text.encode()[:3000] + b"\xff\xfe\xfa\xc3(" + b"tail",
        "utf16_bom.txt": seed_text.encode("utf-16"),
        "cp1252.txt": seed_text.replace("\u202f", " ").replace("\u2011", "-").encode("cp1252"),
        "crlf.txt": seed_text.replace("\n", "\r\n").encode(),
        "other_site.txt": MADE_UP_OTHER_SITE.encode(),
    }
    lines = _seed_lines()
    breaking = lines.index("BREAKING")
    ticker = [f"Made-up speaker {i % 97}: made-up ticker line number {i}" for i in range(10_000)]
    corpus["ticker_10k.txt"] = "\n".join(
        lines[: breaking + 1] + ticker + lines[breaking + 11 :]
    ).encode()
    for name, data in corpus.items():
        (raw / name).write_bytes(data)
    # A name that is not UTF-8 (Linux allows any bytes), and a valid one that looks escaped.
    (raw / os.fsdecode(b"seed_\xff\xfe.txt")).write_bytes(seed_text.encode())
    (raw / "literal_\\x41.txt").write_bytes(seed_text.encode())

    with open(raw / "huge_50mb.txt", "wb") as handle:
        block = seed_text.encode()
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(block)

    deep = raw.joinpath(*[f"level{i}" for i in range(40)])
    deep.mkdir(parents=True)
    shutil.copyfile(SEED, deep / "deep_copy.txt")
    os.symlink(raw, raw / "level0" / "loop_to_top")  # a folder link back to the top: a loop
    os.symlink(raw / "missing_target.txt", raw / "dangling_link.txt")
    os.mkfifo(raw / "a_pipe.txt")  # would block a naive reader forever

    write_manifest(
        raw,
        [
            {"file": "seed.txt", "url": SEED_URL, "fetched_at": "2025-11-25T10:00:00Z"},
            {"file": "not_there.txt", "url": SEED_URL, "fetched_at": "2025-11-25T10:00:00Z"},
        ],
    )
    with open(raw / "manifest.jsonl", "a", encoding="utf-8") as handle:
        handle.write("{this is not json\n")
        handle.write('{"file": "crlf.txt", "fetched_at": "yesterday-ish"}\n')
    shutil.copyfile(SEED, raw / "seed.txt")


def test_hostile_folder_is_ingested_and_every_file_accounted(raw_dir: Path, warehouse: Path):
    shutil.copyfile(SEED, raw_dir / "seed.txt")
    write_manifest(
        raw_dir, [{"file": "seed.txt", "url": SEED_URL, "fetched_at": "2025-11-25T10:00:00Z"}]
    )
    assert materialize(raw_dir, warehouse).success
    article_before = query(warehouse, "SELECT title, body, summary FROM articles")
    tags_before = query(warehouse, "SELECT tag, position FROM tags ORDER BY position")

    build_hostile_folder(raw_dir)
    result = materialize(raw_dir, warehouse)

    assert result.success
    assert query(warehouse, "SELECT count(*) FROM pages WHERE is_present") == [
        (count_files(raw_dir),)
    ]
    pages = {
        path: (status, problems)
        for path, status, problems in query(warehouse, "SELECT path, status, problems FROM pages")
    }
    for path, (status, problems) in pages.items():
        assert status in {"parsed", "partial", "quarantined"}, path
        assert status == "parsed" or problems, f"{path} is {status} without a reason"

    def reason(path: str) -> str:
        return " ".join(pages[path][1]).lower()

    for path in (
        "empty.txt",
        "whitespace.txt",
        "random.bin",
        "other_site.txt",
        "huge_50mb.txt",
        "a_pipe.txt",
        "dangling_link.txt",
    ):
        assert pages[path][0] == "quarantined", path
    assert "larger than" in reason("huge_50mb.txt")
    assert "not a regular file" in reason("a_pipe.txt")
    assert "does not exist" in reason("dangling_link.txt")
    assert "cp1252" in reason("cp1252.txt")
    assert pages["seed_\\xff\\xfe.txt"][0] == "parsed"
    assert "file name is not valid utf-8" in reason("seed_\\xff\\xfe.txt")
    assert pages["literal_\\x41.txt"][0] == "parsed"
    for path in (
        "utf16_bom.txt",
        "crlf.txt",
        "level0/level1/level2/level3/level4/level5/level6/"
        "level7/level8/level9/level10/level11/level12/level13/level14/level15/level16/"
        "level17/level18/level19/level20/level21/level22/level23/level24/level25/"
        "level26/level27/level28/level29/level30/level31/level32/level33/level34/"
        "level35/level36/level37/level38/level39/deep_copy.txt",
    ):
        assert pages[path][0] == "parsed", (path, pages[path])
    manifest_reasons = reason("manifest.jsonl")
    assert "not valid json" in manifest_reasons
    assert "not_there.txt" in manifest_reasons
    assert "yesterday-ish" in manifest_reasons
    assert pages["ticker_10k.txt"][0] in {"parsed", "partial"}
    [(ticker_items,)] = query(
        warehouse, "SELECT count(*) FROM breaking_items WHERE text LIKE 'Made-up speaker%'"
    )
    assert ticker_items == 10_000

    # the good article is unchanged by everything around it
    assert (
        query(warehouse, "SELECT title, body, summary FROM articles WHERE url = $1", [SEED_URL])
        == article_before
    )
    assert (
        query(
            warehouse,
            "SELECT tag, position FROM tags t JOIN articles a USING (article_id) "
            "WHERE a.url = $1 ORDER BY position",
            [SEED_URL],
        )
        == tags_before
    )
