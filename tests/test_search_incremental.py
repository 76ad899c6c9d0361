"""The search index of an incremental build after an edit of what its documents show but
do not hold in their own file: what a body's `[[link]]` resolves to (a timeline's title,
or its slug while it is a draft; a person's or country's name; an event's title), a
person's country's name (their role line), site.yaml's era style; and of what they do
not show (a source's title, a tag's name or description), which must leave the index as
it was. After each, the output equals a clean build's, search/ and every events.json
included, byte for byte."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sitegen import cache as cache_mod
from sitegen import search as sitegen_search
from sitegen.build import Builder
from sitegen.options import Bounds, Options
from sitegen.options import today as parse_today
from sitegen.serve import PreviewServer
from sitegen.splice import Pieces
from tests.conftest import SITES, TODAY, build
from tests.test_search import big_site

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


# -- a body edit's patch: only the files it changes read, the manifest from the record --

PER_PART = 64
"""Documents per part of a shard on the test site (big_site's 300 events: 5 parts)."""


def _event_file(root: Path, n: int) -> Path:
    return root / f"content/events/e{n:03}.md"


def _appending(n: int, text: str) -> Edit:
    def edit(root: Path) -> None:
        path = _event_file(root, n)
        path.write_text(path.read_text(encoding="utf-8") + text + "\n", encoding="utf-8")

    return edit


def _cutting(n: int, text: str) -> Edit:
    return lambda root: replace(_event_file(root, n), text, "")


def _dropping_summary(n: int) -> Edit:
    return lambda root: replace(_event_file(root, n), f'summary: "Session {n}."\n', "")


BODY_EDITS: dict[str, tuple[Edit | None, Edit]] = {
    # name: (before the first build, the edit)
    "a word no document had": (None, _appending(100, "A wombat wandered in.")),
    "the last use of a word gone": (None, _cutting(123, " Zoë Ångström spoke.")),
    "a word of many documents, from one in the middle of its row": (
        None,
        _cutting(140, " A quokka was seen outside."),
    ),
    "a word of many documents, to one in the middle of its row": (
        None,
        _appending(141, "A quokka, again."),
    ),
    "a word's place moved (text to title's)": (None, _appending(150, "Meeting, council.")),
    "edits on both sides of a part boundary, one new word": (
        None,
        lambda root: [_appending(n, "Wombats everywhere.")(root) for n in range(61, 68)],
    ),
    "a snippet (a body shown for want of a summary)": (
        _dropping_summary(90),
        _appending(90, "The record chunk changes."),
    ),
    "no new word": (None, _appending(200, "The council met.")),
}


def _parted_build(root: Path, out: Path, clean: bool = False) -> list[str]:
    """A build (a new process's: it reads the cache) of the index in parts of PER_PART
    documents; the files it wrote."""
    options = Options(today=TODAY, bounds=Bounds(search_docs=PER_PART))
    builder = Builder(root, out, options, dt.date.fromisoformat(TODAY), clean=clean)
    result = builder.build()
    assert result.ok, result.diagnostics
    return list(result.changed)


def _parted_site(tmp_path: Path, prepare: Edit | None) -> Path:
    root = big_site(tmp_path / "site")
    if prepare is not None:
        prepare(root)
    _parted_build(root, root / "output")
    return root


class _Reads:
    """The search files a build reads back from the last build's output."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        old = Pieces.old

        def reading(pieces: Pieces, path: str) -> Any:
            if path.startswith("search/"):
                self.paths.append(path)
            return old(pieces, path)

        monkeypatch.setattr(Pieces, "old", reading)


@pytest.mark.parametrize("case", BODY_EDITS)
def test_a_body_edit_reads_and_writes_only_what_it_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    """After body edits alone the index is patched from the files the edits change and
    the last manifest's record of the others' hashes: no other file of the index is read,
    and every file equals a clean build's, byte for byte (the manifest's version too)."""
    prepare, edit = BODY_EDITS[case]
    root = _parted_site(tmp_path, prepare)
    before = tree(root / "output" / "search")
    edit(root)

    def whole(*args: object) -> None:
        raise AssertionError("the last build's index was read whole")

    monkeypatch.setattr(sitegen_search, "_old_files", whole)
    reads = _Reads(monkeypatch)
    written = _parted_build(root, root / "output")
    monkeypatch.undo()
    _parted_build(root, tmp_path / "clean", clean=True)
    got, want = tree(root / "output"), tree(tmp_path / "clean")
    assert sorted(got) == sorted(want)
    assert [p for p in want if got[p] != want[p]] == [], case
    index = {p for p in written if p.startswith("search/")}
    assert set(reads.paths) == index | {sitegen_search.INDEX_PATH}, case
    assert len(reads.paths) == len(set(reads.paths))
    changed = {"search/" + p for p, data in tree(tmp_path / "clean/search").items()}
    changed = {p for p in changed if before.get(p[len("search/") :]) != want[p]}
    assert index == changed, case
    if case == "no new word":
        assert index == set()
    elif "part boundary" in case:  # one shard's two parts, and its manifest
        assert {p.rpartition("/")[2].partition("-")[2] for p in index} == {"", "1.json"}
    assert ("search/r/5.json" in index) == ("snippet" in case)


def _strip_record(root: Path, change: Callable[[dict[bytes, Any]], None]) -> None:
    """The manifest's record in the last build's piece index, changed by `change`."""
    path = root / ".sitegen-cache" / "pieces.pickle"
    record = cache_mod.read(path)
    assert isinstance(record, dict)
    digest, index = record[sitegen_search.INDEX_PATH]
    index = dict(index)
    change(index)
    record[sitegen_search.INDEX_PATH] = (digest, index)
    cache_mod.write(path, record)


def _no_hashes(index: dict[bytes, Any]) -> None:
    for key in [k for k in index if k.startswith(sitegen_search.FILE_KEY)]:
        del index[key]


def _one_hash_wrong(index: dict[bytes, Any]) -> None:
    key = sitegen_search.FILE_KEY + b"search/w/0.json"
    index[key] = (0, 0, "0" * 32)


def _one_hash_missing(index: dict[bytes, Any]) -> None:
    del index[sitegen_search.FILE_KEY + b"search/r/3.json"]


@pytest.mark.parametrize(
    "change", [_no_hashes, _one_hash_wrong, _one_hash_missing], ids=lambda f: f.__name__
)
def test_a_record_without_the_files_hashes_reads_the_index_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[dict[bytes, Any]], None]
) -> None:
    """A manifest's record without each file's hash (of an older sitegen), or with one
    that is not what the manifest's version was made of: the index is read whole, and
    the result is still a clean build's."""
    root = _parted_site(tmp_path, None)
    _strip_record(root, change)
    _appending(100, "A wombat wandered in.")(root)
    reads = _Reads(monkeypatch)
    _parted_build(root, root / "output")
    monkeypatch.undo()
    assert len(set(reads.paths)) == len(tree(root / "output" / "search"))
    _parted_build(root, tmp_path / "clean", clean=True)
    assert tree(root / "output") == tree(tmp_path / "clean")
    # and the build after it patches again, from the record it left
    _appending(101, "A wombat wandered out.")(root)
    reads = _Reads(monkeypatch)
    _parted_build(root, root / "output")
    assert len(set(reads.paths)) < 10


def test_a_title_edit_makes_again_only_the_documents_that_show_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last manifest's record holds what each document was made from (its file's
    digest, what its links resolve to): after an event's title is edited, the index
    makes that event's document and those of the bodies that link to it, not every
    document of the site; its files equal a clean build's."""
    root = _newsroom(tmp_path, None)
    made: list[str] = []
    event_doc = sitegen_search._event_doc

    def counting(ev: Any, *args: Any) -> Any:
        made.append(ev.slug)
        return event_doc(ev, *args)

    monkeypatch.setattr(sitegen_search, "_event_doc", counting)
    _replacing("events/dock-strike.md", "Dock workers walk out", "Zebras walk out")(
        root / "content"
    )
    again = build(root)
    assert again.code == 0, again.err
    monkeypatch.undo()
    # (the edited event, and the one whose body links to it: it shows the title)
    assert sorted(made) == ["dock-strike", "early-election-called"]
    got, want = tree(root / "output"), _clean_build(root, tmp_path / "clean")
    assert [p for p in want if got.get(p) != want[p]] == []
    assert "zebras" in _words(root / "output")
