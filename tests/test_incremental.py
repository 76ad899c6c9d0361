"""Incremental builds: after each edit, the output equals a clean build's, byte for byte.

One site is edited step by step and rebuilt with its cache (.sitegen-cache/); after every
step a copy of it is built with --clean into another folder and the two outputs compared.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, build

NEW_EVENT = """---
title: "A meeting added later"
date: "2023-03-14"
people: [narendra-modi]
countries: [india]
sources: [newsweek-2024-07-08-jealous]
---
[[narendra-modi|Narendra Modi]] met reporters [@newsweek-2024-07-08-jealous].
"""

SUMMIT = "content/events/2021/india-russia-summit-2021.md"


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check_same(site: Path, out: Path, work: Path) -> None:
    """Rebuild `site` incrementally and compare with a clean build of a copy of it."""
    result = build(site, "--output", out)
    assert result.code == 0, result.err
    ref_site, ref_out = work / "ref-site", work / "ref-out"
    shutil.rmtree(ref_site, ignore_errors=True)
    shutil.rmtree(ref_out, ignore_errors=True)
    shutil.copytree(site, ref_site, ignore=shutil.ignore_patterns(".sitegen-cache"))
    clean = build(ref_site, "--output", ref_out, "--clean")
    assert clean.code == 0, clean.err
    got, want = tree(out), tree(ref_out)
    assert sorted(got) == sorted(want)
    differ = [p for p in want if got[p] != want[p]]
    assert not differ, f"incremental output differs from a clean build in {differ[:10]}"


@pytest.fixture
def sample_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copytree(REPO / "templates", site / "templates")
    return site


def _body(site: Path) -> None:
    path = site / SUMMIT
    path.write_text(path.read_text(encoding="utf-8") + "\nA sentence added later.\n", "utf-8")


def _title(site: Path) -> None:
    replace(site / SUMMIT, 'title: "21st', 'title: "The 21st')


def _person(site: Path) -> None:
    path = site / "content/people/narendra-modi.md"
    text = path.read_text(encoding="utf-8")
    new = re.sub(r"(?m)^name: .*$", 'name: "Narendra D. Modi"', text, count=1)
    assert new != text
    path.write_text(new, encoding="utf-8")


def _source(site: Path) -> None:
    replace(site / "content/sources.yaml", "'Jealous' of Putin", "'Jealous' of Putin's")


def _template(site: Path) -> None:
    replace(site / "templates/event.html", "{% block main %}", "{% block main %}<!-- edited -->")


def _config(site: Path) -> None:
    path = site / "content/site.yaml"
    text = path.read_text(encoding="utf-8")
    new = re.sub(r"(?m)^title: .*$", 'title: "An edited timeline"', text, count=1)
    assert new != text
    path.write_text(new, encoding="utf-8")


def _add(site: Path) -> None:
    (site / "content/events/2023").mkdir(parents=True, exist_ok=True)
    (site / "content/events/2023/added-meeting.md").write_text(NEW_EVENT, encoding="utf-8")


def _rename(site: Path) -> None:
    old = site / "content/events/2023/added-meeting.md"
    old.rename(old.with_name("renamed-meeting.md"))


def _delete(site: Path) -> None:
    (site / "content/events/2023/renamed-meeting.md").unlink()


EDITS: list[Callable[[Path], None]] = [
    _body, _title, _person, _source, _template, _config, _add, _rename, _delete,
]  # fmt: skip


def test_incremental_equals_clean_after_each_edit(sample_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)  # fills the cache
    check_same(sample_site, out, tmp_path)  # nothing changed
    for edit in EDITS:
        edit(sample_site)
        check_same(sample_site, out, tmp_path)


def test_output_touched_by_hand_is_restored(sample_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    page = out / "index.html"
    page.write_bytes(page.read_bytes() + b"<!-- by hand -->")
    (out / "stray.html").write_text("not ours", encoding="utf-8")
    check_same(sample_site, out, tmp_path)
    assert not (out / "stray.html").exists()


CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda data: data[: len(data) // 2],
    "garbage": lambda data: b"\x00garbage\xff" * 50,
    "wrong version": lambda data: data.replace(b"sitegen-cache\n", b"sitegen-cache\n0.0.0-old ", 1),
    "flipped byte": lambda data: data[:-1] + bytes([data[-1] ^ 0xFF]),
    "empty": lambda data: b"",
}


@pytest.mark.parametrize("how", sorted(CORRUPTIONS))
def test_corrupt_cache_is_ignored(how: str, sample_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    caches = sorted((sample_site / ".sitegen-cache").glob("*.pickle"))
    names = {p.name for p in caches}
    assert names >= {"pages.pickle", "manifest.pickle"}
    assert any(n.startswith("parse-") for n in names)  # the parse cache's shards
    for p in caches:
        p.write_bytes(CORRUPTIONS[how](p.read_bytes()))
    check_same(sample_site, out, tmp_path)  # nothing changed, but nothing is trusted
    for p in caches:
        p.write_bytes(CORRUPTIONS[how](p.read_bytes()))
    _title(sample_site)
    check_same(sample_site, out, tmp_path)


SPLICED = ("feed.xml", "events.ics", "events.json", "timeline.json", "search.json")


def test_whole_site_files_reuse_the_pieces_of_unchanged_events(
    sample_site: Path, tmp_path: Path
) -> None:
    """After one body edit the feed, calendar and data files are spliced: every other
    event's piece is copied from the file the last build wrote, and the result still
    equals a clean build's."""
    from sitegen.build import Builder

    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    events = len(list((sample_site / "content/events").rglob("*.md")))
    _body(sample_site)
    builder = Builder(sample_site, out)  # a new process's builder: reads pieces.pickle
    assert builder.build().ok
    reused = builder.last_pieces.reused
    assert {p: reused.get(p) for p in SPLICED} == {p: events - 1 for p in SPLICED}
    check_same(sample_site, out, tmp_path)


def test_a_spliced_file_changed_by_hand_lends_no_pieces(sample_site: Path, tmp_path: Path) -> None:
    from sitegen.build import Builder

    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    data = out / "events.json"
    text = data.read_bytes()
    data.write_bytes(text.replace(b'"title":"', b'"title":"X', 1)[: len(text)])  # same size
    _body(sample_site)
    builder = Builder(sample_site, out)
    assert builder.build().ok
    assert builder.last_pieces.reused["events.json"] == 0
    assert builder.last_pieces.reused["feed.xml"] > 0
    check_same(sample_site, out, tmp_path)
