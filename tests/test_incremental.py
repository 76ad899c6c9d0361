"""Incremental builds: after each edit, the output equals a clean build's, byte for byte.

One site is edited step by step and rebuilt with its cache (.sitegen-cache/); after every
step a copy of it is built with --clean into another folder and the two outputs compared.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import random
import re
import shutil
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sitegen import search
from sitegen.build import Builder
from sitegen.options import Options
from sitegen.result import Result
from tests.conftest import REPO, TODAY, build, write_site
from tests.test_publish import tiny_png

NEW_EVENT = """---
title: "A meeting added later"
date: "2023-03-14"
people: [narendra-modi]
countries: [india]
timelines: [modi-in-moscow]
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


def test_a_body_that_grows_past_the_feed_s_limit_and_back(
    sample_site: Path, tmp_path: Path
) -> None:
    """A body edit that makes an event a long read (its feed entry: the summary and a
    link) and then a short one again: the edited build's feed is a clean build's."""
    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    path = sample_site / SUMMIT
    short = path.read_text(encoding="utf-8")
    path.write_text(short + "\nA long paragraph added later. " * 1_000, "utf-8")
    check_same(sample_site, out, tmp_path)
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "Read the full text" in feed and "A long paragraph added later" not in feed
    path.write_text(short, "utf-8")
    check_same(sample_site, out, tmp_path)
    assert "Read the full text" not in (out / "feed.xml").read_text(encoding="utf-8")


def test_output_touched_by_hand_is_restored(sample_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    page = out / "index.html"
    page.write_bytes(page.read_bytes() + b"<!-- by hand -->")
    (out / "stray.html").write_text("not ours", encoding="utf-8")
    check_same(sample_site, out, tmp_path)
    assert not (out / "stray.html").exists()


def test_a_body_edit_puts_back_a_page_changed_by_hand(sample_site: Path, tmp_path: Path) -> None:
    """After a body edit the pages that do not show the body are kept as the output
    holds them, all at once, when they are as the last build wrote them: a page edited
    by hand is made again, one only touched (the same bytes, a new mtime) is kept; the
    output is a clean build's."""
    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    page = out / "index.html"
    page.write_bytes(page.read_bytes() + b"<!-- by hand -->")
    touched = out / "people/narendra-modi/index.html"
    os.utime(touched, ns=(1_000_000_000, 1_000_000_000))
    _body(sample_site)
    check_same(sample_site, out, tmp_path)
    assert b"by hand" not in page.read_bytes()


def test_a_replaced_image_with_a_body_edit_elsewhere(sample_site: Path, tmp_path: Path) -> None:
    """An image in static/ replaced by one of another size, and a body edited in another
    event: the page showing the image gets its new size, as in a clean build (the edit
    alone would take the quick path that re-renders only the edited event's page)."""
    replace(
        sample_site / SUMMIT,
        "\n---\n",
        '\nimage:\n  src: "img/summit.png"\n  alt: "Leaders at the summit"\n---\n',
    )
    (sample_site / "static/img").mkdir(parents=True)
    (sample_site / "static/img/summit.png").write_bytes(tiny_png(4, 3))
    out = tmp_path / "out"
    page = out / "events/india-russia-summit-2021/index.html"
    check_same(sample_site, out, tmp_path)
    assert 'width="4" height="3"' in page.read_text(encoding="utf-8")
    (sample_site / "static/img/summit.png").write_bytes(tiny_png(8, 6))
    newest = sample_site / "content/events/2024/kyiv-missile-strike-okhmatdyt.md"
    newest.write_text(newest.read_text(encoding="utf-8") + "\nAnother sentence.\n", "utf-8")
    check_same(sample_site, out, tmp_path)
    assert 'width="8" height="6"' in page.read_text(encoding="utf-8")


def test_a_first_build_records_its_inputs_for_the_next(sample_site: Path, tmp_path: Path) -> None:
    """A first build hashes its inputs as it parses (not before): the next build with
    nothing changed still finds so without loading anything."""
    out = tmp_path / "out"
    assert cli_builder(sample_site, out).build().ok
    again = cli_builder(sample_site, out)
    result = again.build()
    assert result.ok and result.rendered == 0
    assert again.loaded is None  # answered from the record, nothing loaded


@pytest.mark.parametrize("when", ["_beside_render", "_build"])
def test_an_edit_during_a_first_build_is_not_lost(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    """A file saved while a first build runs (after it was read: before the render, or
    after it, once the build's record has its key) leaves no record that would make the
    next build skip it: the next build shows the new text."""
    out = tmp_path / "out"
    first = cli_builder(sample_site, out)
    real = getattr(Builder, when)

    def then_edit(self: Builder, *args: object) -> object:
        result = real(self, *args)
        _body(sample_site)  # (after the load read it)
        return result

    monkeypatch.setattr(Builder, when, then_edit)
    assert first.build().ok
    monkeypatch.undo()
    if when == "_beside_render":  # (a content file changed since the load: no key)
        assert not (sample_site / ".sitegen-cache/build.pickle").exists()
    second = cli_builder(sample_site, out)
    assert second.build().ok
    page = out / "events/india-russia-summit-2021/index.html"
    assert "A sentence added later." in page.read_text(encoding="utf-8")
    check_same(sample_site, out, tmp_path)


def test_stale_files_and_folders_go(sample_site: Path, tmp_path: Path) -> None:
    """A deleted event's folder, and folders and files made by hand in the output, are
    gone after the next build; what is kept stays."""
    out = tmp_path / "out"
    _add(sample_site)
    check_same(sample_site, out, tmp_path)
    assert (out / "events/added-meeting/index.html").is_file()
    (sample_site / "content/events/2023/added-meeting.md").unlink()
    (out / "by-hand/deeper").mkdir(parents=True)
    (out / "by-hand/deeper/note.txt").write_text("not ours", encoding="utf-8")
    (out / "empty-by-hand").mkdir()
    (out / "events/stray.html").write_text("not ours", encoding="utf-8")
    check_same(sample_site, out, tmp_path)
    for gone in ("events/added-meeting", "by-hand", "empty-by-hand", "events/stray.html"):
        assert not (out / gone).exists(), gone
    assert (out / "events/india-russia-summit-2021/index.html").is_file()
    folders = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_dir()}
    assert all(any(p.is_file() for p in (out / f).rglob("*")) for f in folders)


def test_an_empty_folder_made_in_the_output_goes_with_nothing_else_changed(
    sample_site: Path, tmp_path: Path
) -> None:
    """A build with no input changed still finds the output not as it wrote it: an empty
    folder made there by hand goes, as after any other build (a clean build has none)."""
    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    (out / "empty-by-hand").mkdir()
    (out / "events/empty-too/deeper").mkdir(parents=True)
    check_same(sample_site, out, tmp_path)
    assert not (out / "empty-by-hand").exists()
    assert not (out / "events/empty-too").exists()


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


def cli_builder(site: Path, out: Path) -> Builder:
    """The Builder `sitegen build SITE --output OUT --today TODAY` makes."""
    today = dt.date.fromisoformat(TODAY)
    return Builder(site, out, Options(today=TODAY), today)


SPLICED = ("feed.xml", "events.ics", "events.json", "timeline.json")
STORY_SPLICED = tuple(f"timelines/modi-in-moscow/{p}" for p in SPLICED)
"""The same files of the sample's timeline of every event (the edited events are in it
alone: the other timeline's files are not made again)."""
SHOWN = ("feed.xml", "events.json")
"""The whole-site files that show an event's body (the slides and the calendar show its
title, dates, summary and sources): after a body edit, only these are made again."""
# (a timeline's events.json names the site's file that has each text: only its feed)
STORY_SHOWN = tuple(f"timelines/modi-in-moscow/{p}" for p in SHOWN if p.endswith("feed.xml"))


def timeline_folder(path: str) -> str:
    """timelines/ID/ of a file of a timeline's."""
    return "/".join(path.split("/")[:2]) + "/"


def is_index(path: str) -> bool:
    """A file of the site's search index (a timeline's page searches it too)."""
    return path.startswith("search/")


def test_whole_site_files_reuse_the_pieces_of_unchanged_events(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After one body edit the files that show the body (feed, data files) are spliced:
    every other event's piece is copied from the file the last build wrote; the files
    that do not show it (slides, calendar, sitemap) are not made at all, nor the search
    index's files that the edit leaves as they were. Nothing is made but what changes,
    and the result still equals a clean build's."""
    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    events = len(list((sample_site / "content/events").rglob("*.md")))
    summit = sample_site / SUMMIT

    def scanned(*args: object) -> None:
        raise AssertionError("the index was patched without the edited documents' last versions")

    monkeypatch.setattr(search, "patch_index", scanned)
    # and again: a second body edit after one that took this path
    for added in ("A sentence added later.", "Then another, of wombats."):
        summit.write_text(summit.read_text(encoding="utf-8") + f"\n{added}\n", "utf-8")
        builder = cli_builder(sample_site, out)  # a new process's: reads the cache
        result = builder.build()
        assert result.ok
        # the load recorded by the last build shows a body edit: no cross-file checks again
        assert builder.loaded is not None
        assert [ev.slug for ev in builder.loaded.edited] == ["india-russia-summit-2021"]
        changed = set(result.changed)
        page = "events/india-russia-summit-2021/index.html"
        assert {p for p in changed if not is_index(p)} == {page, *SHOWN, *STORY_SHOWN}
        # the search index: its manifest, and the shards of the words the sentence added
        # (its record shows the summary: unchanged); a timeline's scope, which names
        # documents, stays (nor has a timeline an index of its own)
        index = {p for p in changed if is_index(p)}
        assert "search/index.json" in index
        assert not [p for p in index if "/r/" in p]
        assert len(index) <= 1 + len(added.split())
        assert result.rendered == len(changed), "a file was made that did not change"
        reused = builder.last_pieces.reused
        assert {p: reused.get(p) for p in SPLICED + STORY_SPLICED} == {
            p: events - 1 if p in SHOWN or p in STORY_SHOWN else None
            for p in SPLICED + STORY_SPLICED
        }, added
        check_same(sample_site, out, tmp_path)


def test_body_edits_patch_the_whole_site_files(sample_site: Path, tmp_path: Path) -> None:
    """Two bodies edited: the newest event's (the one entry of a one-entry feed) and an
    older one's. Each whole-site file is the last build's with the edited events' pieces
    replaced (nothing else is made), and equals a clean build's."""
    config = sample_site / "content/site.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "feed_limit: 1\n", "utf-8")
    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    events = len(list((sample_site / "content/events").rglob("*.md")))
    _body(sample_site)
    newest = sample_site / "content/events/2024/kyiv-missile-strike-okhmatdyt.md"
    newest.write_text(newest.read_text(encoding="utf-8") + "\nAnother sentence.\n", "utf-8")
    builder = cli_builder(sample_site, out)
    assert builder.build().ok
    assert builder.loaded is not None and len(builder.loaded.edited) == 2
    # the strike is in both timelines: both timelines' files that show a body are
    # patched (each feed's one entry is the strike's), not the slides or the calendars
    ukraine = {"timelines/war-in-ukraine/feed.xml"}
    assert builder.last_pieces.patched == {*SHOWN, *STORY_SHOWN, *ukraine}
    reused = builder.last_pieces.reused
    assert reused["events.json"] == events - 2
    assert reused["feed.xml"] == 0
    assert "Another sentence." in (out / "feed.xml").read_text(encoding="utf-8")
    check_same(sample_site, out, tmp_path)


def test_a_body_edit_leaves_a_feed_it_is_not_in(sample_site: Path, tmp_path: Path) -> None:
    """A feed of the newest event alone does not show an older event's body: after an
    edit of that body it is neither made nor written, and the output equals a clean
    build's (whose feed is the same)."""
    config = sample_site / "content/site.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "feed_limit: 1\n", "utf-8")
    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    _body(sample_site)
    builder = cli_builder(sample_site, out)
    result = builder.build()
    assert result.ok
    assert builder.loaded is not None and len(builder.loaded.edited) == 1
    assert builder.last_pieces.patched == {"events.json"}
    assert not [p for p in result.changed if p.endswith(("feed.xml", "timeline.json", ".ics"))]
    check_same(sample_site, out, tmp_path)


def test_a_body_edit_remakes_the_slides_of_an_event_without_a_summary(
    sample_site: Path, tmp_path: Path
) -> None:
    """Without a summary an event's slide holds its text (an imported TimelineJS
    timeline's events have none): a body edit then patches the site's timeline.json and
    its timelines', and the output equals a clean build's."""
    summit = sample_site / SUMMIT
    summit.write_text(re.sub(r"summary: .*\n", "", summit.read_text("utf-8")), "utf-8")
    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    _body(sample_site)
    builder = cli_builder(sample_site, out)
    assert builder.build().ok
    assert builder.loaded is not None and len(builder.loaded.edited) == 1
    assert {"timeline.json", "timelines/modi-in-moscow/timeline.json"} <= set(
        builder.last_pieces.patched
    )
    assert "A sentence added later." in (out / "timeline.json").read_text("utf-8")
    check_same(sample_site, out, tmp_path)


def test_a_spliced_file_changed_by_hand_lends_no_pieces(sample_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    data = out / "events.json"
    text = data.read_bytes()
    data.write_bytes(text.replace(b'"title":"', b'"title":"X', 1)[: len(text)])  # same size
    _body(sample_site)
    builder = cli_builder(sample_site, out)
    assert builder.build().ok
    assert builder.last_pieces.reused["events.json"] == 0
    assert builder.last_pieces.reused["feed.xml"] > 0
    check_same(sample_site, out, tmp_path)


# -- serve: a rebuild after typing in a body ---------------------------------------------

FUTURE = "content/events/2030/planned-visit.md"
FUTURE_EVENT = """---
title: "A visit planned for 2030"
date: "2030-01-15"
people: [narendra-modi]
countries: [india]
timelines: [modi-in-moscow]
sources: [newsweek-2024-07-08-jealous]
---
A visit [[narendra-modi|Narendra Modi]] may make [@newsweek-2024-07-08-jealous].
"""

SERVE_EDITS: dict[str, tuple[Callable[[Path], None], bool]] = {
    # name: (edit, whether the quick path of a body edit may take it)
    "sentence appended": (_body, True),
    "a word changed, moving the links after it": (
        lambda site: replace(site / SUMMIT, "travelled to", "went to"),
        True,
    ),
    "a word changed for one as long": (
        lambda site: replace(site / SUMMIT, "travelled to", "journeyed to"),
        True,
    ),
    "line inserted before a citation": (
        lambda site: replace(site / SUMMIT, "On Monday,", "A new opening line.\n\nOn Monday,"),
        True,
    ),
    "line inserted in a file with a warning": (
        lambda site: replace(site / FUTURE, "\n---\n", "\n---\nA new line.\n\n"),
        False,
    ),
    "citation removed": (
        lambda site: replace(
            site / SUMMIT, " [@newsweek-2024-07-08-jealous].\n\nLess", ".\n\nLess"
        ),
        False,
    ),
    "link changed": (
        lambda site: replace(site / SUMMIT, "[[india|India]]", "[[narendra-modi|India]]"),
        False,
    ),
    "title changed": (_title, False),
    "person edited": (_person, False),
}


@pytest.mark.parametrize("name", sorted(SERVE_EDITS))
def test_serve_rebuild_equals_a_fresh_build(sample_site: Path, name: str) -> None:
    """serve keeps one Builder: after each kind of edit its pages equal those of a
    fresh build, and only a change to body text alone skips re-planning and re-checking."""

    def builder() -> Builder:
        opts = Options(drafts=True, fingerprint=False, today="2026-11-27")
        made = Builder(sample_site, options=opts, today=dt.date(2026, 11, 27), use_cache=False)
        made.defer_producers = True
        return made

    edit, quick = SERVE_EDITS[name]
    (sample_site / FUTURE).parent.mkdir(parents=True)
    (sample_site / FUTURE).write_text(FUTURE_EVENT, encoding="utf-8")  # a date-future warning
    serve = builder()
    assert serve.build(to_memory=True).ok
    before = {p: p.stat().st_mtime_ns for p in (sample_site / "content").rglob("*.*")}
    edit(sample_site)
    touched = [
        p.relative_to(sample_site).as_posix()
        for p in (sample_site / "content").rglob("*.*")
        if p.stat().st_mtime_ns != before.get(p)
    ]
    assert len(touched) == 1
    result = serve.build(to_memory=True, touched=touched)  # as serve's watcher says
    assert result.ok
    assert serve.loaded is not None
    assert bool(serve.loaded.edited) == quick
    edited = "planned-visit" if "warning" in name else "india-russia-summit-2021"
    assert f"events/{edited}/index.html" in result.changed
    fresh = builder()
    again = fresh.build(to_memory=True)
    assert sorted(serve.memory) == sorted(fresh.memory)
    differ = [p for p in fresh.memory if serve.memory[p] != fresh.memory[p]]
    assert not differ, f"the serve rebuild differs from a fresh build in {differ[:10]}"
    assert result.diagnostics == again.diagnostics
    assert any(d.code == "date-future" for d in result.diagnostics)


def test_body_edit_with_a_template_edit_renders_everything(
    sample_site: Path, tmp_path: Path
) -> None:
    """The recorded page keys are reused after a body edit only while the templates,
    options and site.yaml are those they were made with."""
    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    _body(sample_site)
    _template(sample_site)
    builder = cli_builder(sample_site, out)
    result = builder.build()
    assert result.ok
    assert builder.loaded is not None and builder.loaded.edited
    assert result.rendered == result.pages
    check_same(sample_site, out, tmp_path)


def test_bodies_left_in_the_parse_cache_are_shown_as_a_clean_build_shows_them(
    sample_site: Path, tmp_path: Path
) -> None:
    """A build's load leaves the long bodies it does not read in the mapped parse shards
    (cache.loaded_table): a body edit renders only what shows the edited body; then a
    template edit renders every page from bodies read out of those shards (the edited
    one's written anew between), and each build equals a clean one."""
    from sitegen.cache import ParseCache
    from sitegen.model import Body

    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    cache = ParseCache(sample_site / ".sitegen-cache" / "parse.pickle")
    cache.get(None)  # (read)
    bodies = [getattr(p.value, "body", None) for p in cache.entries.values()]
    mapped = [b for b in bodies if isinstance(b, Body) and "_packed" in b.__dict__]
    assert any(isinstance(b.__dict__["_packed"], memoryview) for b in mapped)
    del cache, bodies, mapped
    _body(sample_site)
    check_same(sample_site, out, tmp_path)
    assert "A sentence added later." in (
        out / "events/india-russia-summit-2021/index.html"
    ).read_text(encoding="utf-8")
    _template(sample_site)
    check_same(sample_site, out, tmp_path)
    path = sample_site / SUMMIT
    path.write_text(path.read_text(encoding="utf-8") + "\nAnd one more.\n", "utf-8")
    check_same(sample_site, out, tmp_path)


def test_a_stale_record_of_the_last_load_is_not_trusted(sample_site: Path, tmp_path: Path) -> None:
    """state.pickle names the parse results of the last build; after a build in which a
    file changed for good (here: a title), a body edit is compared with that build."""
    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    _title(sample_site)
    check_same(sample_site, out, tmp_path)
    (sample_site / ".sitegen-cache" / "state.pickle").write_bytes(b"garbage")
    _body(sample_site)
    builder = cli_builder(sample_site, out)
    assert builder.build().ok
    assert builder.loaded is not None and not builder.loaded.edited  # nothing to compare with
    check_same(sample_site, out, tmp_path)


def test_partial_plan_equals_the_same_pages_of_a_full_plan(
    sample_site: Path, tmp_path: Path
) -> None:
    """plan_edited makes the pages a body edit changes without making the others: for
    the first, the last and a middle event (with a series and related events), each page
    has the key and the bytes of the same page of a full plan. Without the events' last
    versions, every file of the search indexes is planned (and patched)."""
    from sitegen.planning import plan, plan_edited
    from sitegen.render import Renderer

    builder = cli_builder(sample_site, tmp_path / "out")
    site = builder.load().site
    assert site is not None
    full = {p.path: p for p in plan(site, builder.options)}
    summit = next(e for e in site.events if e.slug == "india-russia-summit-2021")
    edited = (site.events[0], summit, site.events[-1])
    part = plan_edited(site, builder.options, edited)
    # the whole site's files, and those of the timelines the edited events are in
    stories = {f"timelines/{t}/" for e in edited for t in e.timelines}
    produced = {
        p.path
        for p in full.values()
        if (p.template == "producer:search" or p.path.rpartition("/")[2] in SHOWN)
        and (not p.path.startswith("timelines/") or timeline_folder(p.path) in stories)
        # (a timeline's events.json names the site's file that has each text; its search
        # scope names documents: a body changes neither)
        and not (
            p.path.startswith("timelines/") and p.path.endswith(("/events.json", "/search.json"))
        )
    }
    assert {p.path for p in part} == {f"events/{e.slug}/index.html" for e in edited} | produced
    renderer = Renderer(site, sample_site, builder.options)
    for page in part:
        assert renderer.key(page) == renderer.key(full[page.path]), page.path
        assert renderer.render(page) == renderer.render(full[page.path]), page.path


def test_marks_survive_the_parse_cache_packed() -> None:
    """Marks are pickled as one packed value and unpacked on first use: positions,
    equality and a second round trip are unchanged."""
    import pickle

    from sitegen.marks import Marks

    marks = Marks({("date",): (3, 7), ("people", 1): (5, 12)}, {("date",): (3, 1)})
    again = pickle.loads(pickle.dumps(marks))
    twice = pickle.loads(pickle.dumps(again))  # still packed: pickled as it came
    assert "_packed" in twice.__dict__
    assert twice == marks and again == marks
    assert again.at("people", 1) == (5, 12) and again.at("people", 9) == (1, 1)
    assert again.key("date") == (3, 1) and again.key("people", 1) == (5, 12)
    assert pickle.loads(pickle.dumps(again)) == marks  # unpacked, then pickled anew


def test_compiled_templates_are_kept_and_an_edited_template_is_compiled_again(
    sample_site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    compiled = list((sample_site / ".sitegen-cache" / "jinja").rglob("*.bytecode"))
    assert len(compiled) >= 5  # base, event, person, country, timeline, …
    _template(sample_site)
    check_same(sample_site, out, tmp_path)  # the edit shows: Jinja checks the source
    assert "<!-- edited -->" in (out / "events/india-russia-summit-2021/index.html").read_text()


def test_builds_in_one_process_let_the_last_model_go(sample_site: Path) -> None:
    """serve builds again and again in one process: after each build the cyclic collector
    is on again with nothing left frozen, so the last build's model can be freed."""
    opts = Options(drafts=True, fingerprint=False, today="2026-11-27")
    serve = Builder(sample_site, options=opts, today=dt.date(2026, 11, 27), use_cache=False)
    assert serve.build(to_memory=True).ok
    assert serve.loaded is not None and serve.loaded.site is not None
    first = weakref.ref(serve.loaded.site)
    _title(sample_site)
    assert serve.build(to_memory=True).ok
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert first() is None, "the first build's site is still alive"


def test_timeline_entries_are_whole_entries(sample_site: Path, tmp_path: Path) -> None:
    """Entries (see planning.entry) have every field, equal the Entry made again from the
    same values, and digest the same."""
    import dataclasses

    from sitegen.keys import Digests, object_digest
    from sitegen.pages import Entry
    from sitegen.planning import entry
    from sitegen.render import Renderer

    site = cli_builder(sample_site, tmp_path / "out").load().site
    assert site is not None
    names = [f.name for f in dataclasses.fields(Entry)]
    renderer = Renderer(site, sample_site, Options(today=TODAY))
    for ev in site.events:
        made = entry(site, ev, "2 years later")
        assert list(made.__dict__) == names
        again = Entry(**{name: getattr(made, name) for name in names})
        assert made == again and hash(made.people) == hash(again.people)
        assert object_digest(made, Digests()) == object_digest(again, renderer.digests)


def test_a_previews_body_edit_swaps_each_shared_list_of_events_once(
    sample_site: Path,
) -> None:
    """The preview's rebuild after a body edit (planning.replan) gives the files made of
    every event the edited event; the files that shared one list of events (the search
    index's files each hold all of them) share the new list, made once: made for each
    file, it took over a second a save at 10,000 events."""
    builder = Builder(
        sample_site, options=Options(today=TODAY), today=dt.date.fromisoformat(TODAY),
        use_cache=False, preview=True,
    )  # fmt: skip
    assert builder.build(to_memory=True).ok

    def producers() -> list[list[object]]:
        pages = builder.state.last_pages
        listed = [p.data.get("events") for p in pages if p.template.startswith("producer:")]
        return [e for e in listed if isinstance(e, (list, tuple))]

    before = producers()
    assert len(before) > len({id(e) for e in before})  # (some share a list)
    _body(sample_site)
    assert builder.build(to_memory=True, touched=[SUMMIT]).ok
    after = producers()
    assert len(after) == len(before)
    assert len({id(e) for e in after}) == len({id(e) for e in before})
    edited = Path(SUMMIT).stem
    found = [ev for events in after for ev in events if getattr(ev, "slug", None) == edited]
    assert found
    assert all("A sentence added later." in ev.body.plain for ev in found)


def _weighty_site(root: Path, seed: int, timelines: bool) -> Path:
    """Events clustered in a few years (groups over several pages), most of them heavy
    (20–30 printed sources: their pages split by weight, not count); with two timelines
    (one newest first) or none (the site's own, newest first on odd seeds)."""
    rng = random.Random(seed)
    files: dict[str, str | bytes | None] = {
        "content/sources.yaml": "".join(
            f's{n}:\n  title: "Source {n}"\n  publisher: "P"\n'
            f'  url: "https://example.org/s{n}"\n  published: "2000-01-01"\n'
            for n in range(30)
        ),
        "content/events/first.md": None,
    }
    if seed % 2:
        site = 'title: "T"\nbase_url: "https://example.org/t/"\norder: newest\n'
        files["content/site.yaml"] = site
    if timelines:
        files["content/timelines/a.md"] = '---\ntitle: "A"\norder: newest\n---\n'
        files["content/timelines/b.md"] = '---\ntitle: "B"\n---\n'
    for n in range(rng.randrange(420, 520)):
        year = rng.choice((1950, 1951, 1966, 1990, 1991, 2004)) + rng.randrange(2)
        cited = [f"s{k}" for k in range(rng.randrange(20, 30) if rng.random() < 0.6 else 1)]
        member = rng.choice(("[a]", "[b]", "[a, b]")) if timelines else "[]"
        files[f"content/events/e{n:03}.md"] = (
            f'---\ntitle: "Event {n}"\nsummary: "S."\n'
            f'date: "{year}-{rng.randrange(1, 13):02}-{rng.randrange(1, 29):02}"\n'
            f"sources: [{', '.join(cited)}]\ntimelines: {member}\n---\nBody {n}.\n"
        )
    return write_site(root, files)


def _all_places(root: Path, tmp_path: Path) -> tuple[dict[str, dict[str, str]], Callable[..., Any]]:
    """Each event's places by a full plan's _places, and _places for some slugs alone."""
    from sitegen.pages import visible_events
    from sitegen.planning import Weights, _places, _places_of
    from sitegen.stories import Stories

    builder = cli_builder(root, tmp_path / "out")
    site = builder.load().site
    assert site is not None
    events = visible_events(site, builder.options)
    stories = Stories.of(site, events, False, index=False) if site.timelines else None
    at = {ev.slug: i for i, ev in enumerate(events)}
    weights = Weights(events, [])  # (_places weighs events, not entries)

    def each(places: Any) -> dict[str, dict[str, str]]:  # (held compactly: as read)
        return {slug: _places_of(places, slug) for slug in places}

    def some(only: set[str]) -> dict[str, dict[str, str]]:
        return each(_places(site, events, stories, weights, only, at))

    return each(_places(site, events, stories, weights)), some


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_an_edits_year_places_are_a_full_plans(tmp_path: Path, seed: int) -> None:
    """An edit's plan works out the edited events' year pages from their year groups
    alone: for every event, and a few at once, they are what the full plan's _places,
    from every event's weight, gives; also after an event's weight changes and moves
    the pages' boundaries in its group."""
    root = _weighty_site(tmp_path / "site", seed, timelines=seed > 2)
    full, some = _all_places(root, tmp_path)
    assert any(p.endswith("/2/") for places in full.values() for p in places.values())
    for slug in full:
        assert some({slug}) == {slug: full[slug]}, slug
    rng = random.Random(seed)
    for _ in range(20):
        only = set(rng.sample(sorted(full), 3))
        assert some(only) == {s: full[s] for s in only}
    # the light events made heavy, and one heavy event light: the boundaries move
    every = ", ".join(f"s{k}" for k in range(30))
    files = sorted((root / "content/events").glob("*.md"))
    for path in files[1:]:
        text = path.read_text()
        path.write_text(text.replace("sources: [s0]\n", f"sources: [{every}]\n"))
    files[0].write_text(re.sub(r"sources: \[.*\]", "sources: [s0]", files[0].read_text()))
    again, some = _all_places(root, tmp_path)
    assert again != full
    for slug in again:
        assert some({slug}) == {slug: again[slug]}, slug


def test_a_static_file_over_a_page_is_said_on_every_rebuild(sample_site: Path) -> None:
    """static-shadows-page comes from the plan: serve's rebuild after a body edit, which
    replans the last plan, still finds the page a static/ file replaces."""
    (sample_site / "static").mkdir()
    (sample_site / "static" / "feed.xml").write_text("<feed/>", encoding="utf-8")
    opts = Options(drafts=True, fingerprint=False, today="2026-11-27")
    serve = Builder(sample_site, options=opts, today=dt.date(2026, 11, 27), use_cache=False)
    serve.defer_producers = True

    def said(result: Result) -> list[str]:
        return [d.path for d in result.diagnostics if d.code == "static-shadows-page"]

    first = serve.build(to_memory=True)
    assert first.ok and said(first) == ["static/feed.xml"]
    _body(sample_site)
    again = serve.build(to_memory=True, touched=[SUMMIT])
    assert serve.loaded is not None and serve.loaded.edited  # the replanned path
    assert again.ok and said(again) == ["static/feed.xml"]


def _event_order(site: Path, out: Path) -> list[str]:
    """A build of `site` (as `sitegen build` makes it): its events' slugs in timeline
    order; and whether its load took the last build's recorded order (Loaded.order)."""
    builder = cli_builder(site, out)
    assert builder.build().ok
    loaded = builder.loaded
    assert loaded is not None and loaded.site is not None
    return [ev.slug for ev in loaded.site.events] + (["(order kept)"] if loaded.order else [])


def test_a_body_edit_keeps_the_recorded_order_and_other_edits_sort_again(
    sample_site: Path, tmp_path: Path
) -> None:
    """After body edits alone the events keep their places, and the load takes the
    order the last build recorded instead of sorting; a date edit, and a title edit
    that reorders one day's events, are sorted again, and the body edit after each
    keeps the new order: each build equals a clean one."""
    out = tmp_path / "out"
    check_same(sample_site, out, tmp_path)
    _body(sample_site)
    first = _event_order(sample_site, out)
    assert first[-1] == "(order kept)"
    first.pop()
    check_same(sample_site, out, tmp_path)
    # a date edit moves the invasion before the 2021 summit
    replace(
        sample_site / "content/events/2022/russia-invades-ukraine.md", "2022-02-24", "2021-01-05"
    )
    moved = _event_order(sample_site, out)
    assert moved[0] == "russia-invades-ukraine" and first[0] != "russia-invades-ukraine"
    check_same(sample_site, out, tmp_path)
    _body(sample_site)
    assert _event_order(sample_site, out) == [*moved, "(order kept)"]
    check_same(sample_site, out, tmp_path)
    # two of one day's events without an `order:` are listed by title ...
    clarke = sample_site / "content/events/2024/michael-clarke-analysis.md"
    kyiv = sample_site / "content/events/2024/kyiv-missile-strike-okhmatdyt.md"
    replace(clarke, "order: 3\n", "")
    replace(kyiv, "order: 4\n", "")
    by_title = _event_order(sample_site, out)
    assert by_title.index("michael-clarke-analysis") < by_title.index(
        "kyiv-missile-strike-okhmatdyt"
    )
    check_same(sample_site, out, tmp_path)
    # ... so that a title edit alone reorders them, and the next body edit keeps that
    replace(clarke, 'title: "Analyst:', 'title: "Zhang, an analyst:')
    retitled = _event_order(sample_site, out)
    assert retitled.index("michael-clarke-analysis") > retitled.index(
        "kyiv-missile-strike-okhmatdyt"
    )
    check_same(sample_site, out, tmp_path)
    _body(sample_site)
    assert _event_order(sample_site, out) == [*retitled, "(order kept)"]
    check_same(sample_site, out, tmp_path)


def test_a_recorded_order_that_is_not_the_events_is_not_taken() -> None:
    """Loaded.order names each event's file once, or the events are sorted again."""
    from sitegen.assemble import _in_order
    from sitegen.model import EDate, Event, Origin

    def event(slug: str) -> Event:
        return Event(slug=slug, title=slug, date=EDate(2024), origin=Origin(f"e/{slug}.md"))

    a, b, c = event("a"), event("b"), event("c")
    files = ["e/a.md", "e/b.md", "e/c.md"]
    assert _in_order([a, b, c], files, ("e/c.md", "e/a.md", "e/b.md")) == (c, a, b)
    assert _in_order([a, b, c], files, ()) is None
    assert _in_order([a, b, c], files, ("e/c.md", "e/a.md")) is None  # one short
    assert _in_order([a, b, c], files, ("e/c.md", "e/a.md", "e/a.md")) is None  # one twice
    assert _in_order([a, b, c], files, ("e/c.md", "e/a.md", "e/d.md")) is None  # another's


def _retitle(site: Path) -> None:
    replace(
        site / SUMMIT,
        'title: "21st India–Russia summit in New Delhi"',
        'title: "The 21st India–Russia summit, in New Delhi"',
    )


def _pages_asked(monkeypatch: pytest.MonkeyPatch, method: str) -> list[str]:
    """The path of each page the build's Renderer is asked to `method` (render, key)."""
    from sitegen.render import Renderer

    asked: list[str] = []
    was = getattr(Renderer, method)

    def spy(self: Renderer, page: Any) -> Any:
        asked.append(page.path)
        return was(self, page)

    monkeypatch.setattr(Renderer, method, spy)
    return asked


def test_a_title_edit_renders_the_pages_that_show_it_and_no_other_list(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A person's or country's strip draws every event behind its own: an event's title
    edited is shown on its people's and countries' pages, not on the others' (their
    strips draw its date, not its title), which are kept as they were; the output is a
    clean build's."""
    out = tmp_path / "out"
    assert cli_builder(sample_site, out).build().ok
    rendered = _pages_asked(monkeypatch, "render")
    _retitle(sample_site)
    today = dt.date.fromisoformat(TODAY)
    assert Builder(sample_site, out, Options(today=TODAY), today, jobs=1).build().ok
    monkeypatch.undo()
    lists = {p.split("/")[1] for p in rendered if p.startswith(("people/", "countries/"))}
    assert lists == {"vladimir-putin", "narendra-modi", "india", "russia"}
    assert "people/viktor-orban/index.html" not in rendered
    check_same(sample_site, out, tmp_path)
    page = (out / "people/viktor-orban/index.html").read_text(encoding="utf-8")
    assert "overview" in page  # (the strip is still drawn, from every event)


def test_a_previews_title_edit_works_out_the_keys_of_the_pages_that_changed(
    sample_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview's rebuild after a title edit plans the site again; a page whose data
    is made of the same model objects as before keeps its key without hashing it again
    (diff.same_data): an event page's body included, made anew by each plan."""
    builder = Builder(
        sample_site, options=Options(today=TODAY), today=dt.date.fromisoformat(TODAY),
        use_cache=False, preview=True,
    )  # fmt: skip
    assert builder.build(to_memory=True).ok
    keyed = _pages_asked(monkeypatch, "key")
    _retitle(sample_site)
    assert builder.build(to_memory=True, touched=[SUMMIT]).ok
    events = [p for p in keyed if p.startswith("events/") and p.endswith("/index.html")]
    summit = f"events/{Path(SUMMIT).stem}/index.html"
    assert summit in events
    # its own page, its neighbours' and the pages that list it as related or in a series
    assert 1 < len(events) < 10, events
    assert "people/viktor-orban/index.html" not in keyed
