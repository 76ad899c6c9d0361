"""The search index of an incremental build after an edit of what its documents show but
do not hold in their own file: what a body's `[[link]]` resolves to (a timeline's title,
or its slug while it is a draft; a person's or country's name; an event's title), a
person's country's name (their role line), site.yaml's era style; and of what they do
not show (a source's title, a tag's name or description), which must leave the index as
it was. After each, the output equals a clean build's, search/ and every events.json
included, byte for byte."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sitegen import search as sitegen_search
from sitegen.options import today as parse_today
from sitegen.serve import PreviewServer
from tests.conftest import SITES, TODAY, build

Edit = Callable[[Path], None]


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def _link_from(owner: str, target: str) -> Edit:
    """A `[[target]]` added to the end of a body (`owner`: its file under content/)."""

    def edit(content: Path) -> None:
        path = content / owner
        path.write_text(path.read_text(encoding="utf-8") + f"\nSee [[{target}]].\n", "utf-8")

    return edit


def _new_timeline(draft: bool) -> Edit:
    def edit(content: Path) -> None:
        head = "draft: true\n" if draft else ""
        text = f"---\n{head}title: Zebra crossings\n---\nSoon.\n"
        (content / "timelines/zq.md").write_text(text, encoding="utf-8")
        _link_from("events/ferry-returns.md", "zq")(content)

    return edit


def _both(*edits: Edit) -> Edit:
    def edit(content: Path) -> None:
        for one in edits:
            one(content)

    return edit


def _writing(path: str, text: str) -> Edit:
    def edit(content: Path) -> None:
        (content / path).write_text(text, encoding="utf-8")

    return edit


def _replacing(path: str, old: str, new: str) -> Edit:
    return lambda content: replace(content / path, old, new)


BRIDGE = "timelines/bridge.md"
BRIDGE_PATH = "content/" + BRIDGE
RENAME_BRIDGE = _replacing(BRIDGE, "The Narrows bridge", "Zebra crossing")
BCE = (
    '---\ntitle: "Founding of the port"\ndate: "-0044"\ntimelines: [harbour]\n'
    "sources: [gazette-2023-03-01-ferry]\n---\nLong ago [@gazette-2023-03-01-ferry].\n"
)
CASES: dict[str, tuple[Edit | None, Edit, str]] = {
    # name: (before the first build, the edit, a word the index has after it, or "")
    "a timeline's title, linked from an event": (None, RENAME_BRIDGE, "zebra"),
    "a timeline's title, linked from a person": (
        _link_from("people/ada-quill.md", "election-2024"),
        _replacing("timelines/election-2024.md", 'title: "', 'title: "Zebra '),
        "zebra",
    ),
    "a timeline's title, linked from a country": (
        _link_from("countries/eastmark.md", "bridge"),
        RENAME_BRIDGE,
        "zebra",
    ),
    "a timeline made a draft": (
        _new_timeline(False),
        _replacing("timelines/zq.md", "title", "draft: true\ntitle"),
        "zq",  # (its slug, where its title was)
    ),
    "a draft timeline published": (
        _new_timeline(True),
        _replacing("timelines/zq.md", "draft: true\n", ""),
        "crossings",
    ),
    "an event's title, linked from a person": (  # (ferry-crisis lists her, not it)
        _both(
            _replacing("timelines/ferry-crisis.md", "draft: true\n", ""),
            _link_from("people/ada-quill.md", "bridge-approved"),
        ),
        _replacing("events/bridge-approved.md", 'title: "Council', 'title: "Zebra council'),
        "zebra",
    ),
    "a person's name": (
        None,
        _replacing("people/mara-marlow.md", "Mara Marlow", "Zara Zarlow"),
        "zarlow",
    ),
    "a country's name": (
        None,
        _replacing("countries/westhaven.md", "Westhaven", "Zebrahaven"),
        "zebrahaven",
    ),
    "an event's title, linked from another": (
        None,
        _replacing("events/dock-strike.md", "Dock workers walk out", "Zebras walk out"),
        "zebras",
    ),
    "a draft event's title, linked from another": (
        _both(
            _replacing("events/dock-strike.md", "title:", "draft: true\ntitle:"),
            _link_from("events/ferry-returns.md", "dock-strike"),
        ),
        _replacing("events/dock-strike.md", "Dock workers walk out", "Zebras walk out"),
        "",
    ),
    "site.yaml's era style": (
        _writing("events/founding.md", BCE),
        _replacing("site.yaml", "language: en", "language: en\nera_style: bc"),
        "bc",
    ),
    "a source's title": (
        None,
        _replacing("sources.yaml", "Council approves the Narrows bridge", "Zebra"),
        "",
    ),
    "a tag's name": (
        _writing("tags.yaml", "transport: Transport\n"),
        _replacing("tags.yaml", "Transport", "Zebra transport"),
        "",
    ),
    "a tag's description": (
        _writing("tags.yaml", "transport:\n  name: Transport\n  description: Roads.\n"),
        _replacing("tags.yaml", "Roads.", "Zebra roads."),
        "",
    ),
}
NOT_SHOWN = {"a source's title", "a tag's name", "a tag's description"}
"""What no document shows: the index stays as it was."""


def _words(out: Path) -> set[str]:
    """Every word of the index in `out`."""
    shards = (out / "search" / "w").glob("*.json")
    return {word for shard in shards for word in json.loads(shard.read_bytes())}


def _newsroom(tmp_path: Path, prepare: Edit | None) -> Path:
    """tests/sites/newsroom copied (and `prepare`d), built once."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    if prepare is not None:
        prepare(root / "content")
    first = build(root)
    assert first.code == 0, first.err
    return root


def _clean_build(root: Path, clean: Path) -> dict[str, bytes]:
    made = build(root, "--output", str(clean), "--clean")
    assert made.code == 0, made.err
    return tree(clean)


@pytest.mark.parametrize("case", CASES)
def test_an_edit_outside_a_documents_file_reaches_the_index(tmp_path: Path, case: str) -> None:
    prepare, edit, word = CASES[case]
    root = _newsroom(tmp_path, prepare)
    before = tree(root / "output" / "search")
    edit(root / "content")
    again = build(root)
    assert again.code == 0, again.err
    got, want = tree(root / "output"), _clean_build(root, tmp_path / "clean")
    assert sorted(got) == sorted(want)
    differ = [p for p in want if got[p] != want[p]]
    assert differ == [], (case, differ)
    if word:
        assert word in _words(tmp_path / "clean"), case
    if case in NOT_SHOWN:
        assert tree(root / "output" / "search") == before, case


def test_a_timelines_introduction_leaves_the_index_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Of a timeline, the index's key has only what a link to it shows: an edit of its
    introduction does not make the site's index again."""
    root = _newsroom(tmp_path, None)
    made: list[str] = []
    make = sitegen_search._make

    def counting(renderer: Any, folder: str, data: dict[str, Any]) -> Any:
        made.append(folder)
        return make(renderer, folder, data)

    monkeypatch.setattr(sitegen_search, "_make", counting)
    replace(root / "content" / BRIDGE, "How the city decided", "How the council decided")
    result = build(root)
    assert result.code == 0, result.err
    assert made == []
    RENAME_BRIDGE(root / "content")
    assert build(root).code == 0
    assert made == [""]


def _served(server: PreviewServer) -> dict[str, bytes]:
    """The preview's search files, as a browser gets them."""
    pages = server.snapshot.pages
    assert not server.snapshot.failed, server.snapshot.problems
    return {rel: bytes(pages[rel]) for rel in pages if rel.startswith("search/")}


def test_the_preview_searches_a_renamed_timeline_by_its_new_title(tmp_path: Path) -> None:
    """serve, after a timeline's rename, serves the index a fresh preview serves."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    server = PreviewServer(root, today=parse_today(TODAY), echo=lambda _: None)
    server.rebuild(initial=True)
    before = _served(server)
    RENAME_BRIDGE(root / "content")
    server.rebuild([BRIDGE_PATH])
    fresh = PreviewServer(root, today=parse_today(TODAY), echo=lambda _: None)
    fresh.rebuild(initial=True)
    got, want = _served(server), _served(fresh)
    assert got == want
    assert got != before


def _person_text(events_json: Path, slug: str) -> str:
    people = json.loads(events_json.read_bytes())["people"]
    return next(str(p["text"]) for p in people if p["slug"] == slug)


def test_drafts_show_a_draft_timelines_title_where_pages_do(tmp_path: Path) -> None:
    """Under --drafts a draft timeline is a page, and a link to it shows its title: in
    the person's page, the search index and the site's events.json (a timeline's names
    her by her slug); after its rename, an incremental build equals a clean one."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    _new_timeline(True)(root / "content")
    _link_from("people/ada-quill.md", "zq")(root / "content")
    assert build(root, "--drafts").code == 0
    out = root / "output"
    assert "Zebra crossings" in (out / "people/ada-quill/index.html").read_text("utf-8")
    assert {"zebra", "crossings"} <= _words(out)
    assert "See Zebra crossings." in _person_text(out / "events.json", "ada-quill")
    story = json.loads((out / "timelines/ferry-crisis/events.json").read_bytes())
    assert "ada-quill" in story["people"]
    replace(root / "content/timelines/zq.md", "Zebra", "Zigzag")
    assert build(root, "--drafts").code == 0
    made = build(root, "--drafts", "--output", str(tmp_path / "clean"), "--clean")
    assert made.code == 0, made.err
    assert tree(out) == tree(tmp_path / "clean")
    assert "See Zigzag crossings." in _person_text(out / "events.json", "ada-quill")
