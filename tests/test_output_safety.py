"""The output folder is never destructive: every promise of issue 6, tested on disk.

- refusals (site folder, content/, a parent of the site, /, home, a foreign non-empty
  folder) touch nothing;
- a failed build leaves the output byte for byte, mtime for mtime, as it was;
- only files whose bytes changed are rewritten, each through a rename;
- pages of deleted content disappear; an interrupted commit leaves every file whole.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sitegen import write
from sitegen.write import MARKER, MARKERS, OutputRefused, guard, marker_path
from tests.conftest import TODAY, build, run

Snapshot = dict[str, tuple[bytes, int, int]]


def snapshot(root: Path) -> Snapshot:
    """Every file under root: bytes, mtime_ns and inode."""
    out: Snapshot = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            st = p.stat()
            out[p.relative_to(root).as_posix()] = (p.read_bytes(), st.st_mtime_ns, st.st_ino)
    return out


def tree(root: Path) -> list[str]:
    """Every path (files and folders) under root, to prove nothing was created."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def siblings(out: Path) -> list[str]:
    """Staging leftovers beside the output folder."""
    return sorted(p.name for p in out.parent.iterdir() if ".staging-" in p.name)


# -- refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        (lambda root: root, "the site folder itself"),
        (lambda root: root / "content", "the site's content/ folder or inside it"),
        (lambda root: root / "content" / "events", "the site's content/ folder or inside it"),
        (lambda root: root.parent, "contains the site folder; it holds the site's content/"),
    ],
    ids=["site-folder", "content", "inside-content", "parent-of-site"],
)
def test_refuses_site_folders_and_touches_nothing(
    site: Callable[..., Path], target: Callable[[Path], Path], reason: str
) -> None:
    root = site()
    parent = root.parent
    before_tree = tree(parent)
    before = snapshot(parent)
    result = build(root, "--output", target(root))
    assert result.code == 2, result
    assert "refusing to write" in result.err and reason in result.err
    assert tree(parent) == before_tree
    assert snapshot(parent) == before


def test_refuses_home_folder(
    site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site()
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("mine", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    before = snapshot(tmp_path)
    result = build(root, "--output", "~")
    assert result.code == 2
    assert "your home folder" in result.err
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in home.iterdir()) == ["notes.txt"]


def test_refuses_file_system_root(site: Callable[..., Path]) -> None:
    # only the guard: a build aimed at / must never be tried for real
    with pytest.raises(OutputRefused, match="root of the file system"):
        guard(Path("/"), site())


def test_refuses_non_empty_folder_without_marker(site: Callable[..., Path], tmp_path: Path) -> None:
    root = site()
    out = tmp_path / "public"
    out.mkdir()
    (out / "index.html").write_text("<p>the newsroom's own page</p>", encoding="utf-8")
    (out / "keep").mkdir()
    (out / "keep" / "data.csv").write_text("a,b\n", encoding="utf-8")
    before_tree, before = tree(tmp_path), snapshot(tmp_path)
    result = build(root, "--output", out)
    assert result.code == 2
    assert "not empty" in result.err and MARKERS in result.err
    assert tree(tmp_path) == before_tree
    assert snapshot(tmp_path) == before


def _own_folder_where_the_output_was(root: Path, out: Path) -> Path:
    """`out` built, removed, and made again by hand with a file of the user's own."""
    assert build(root, "--output", out).code == 0
    shutil.rmtree(out)
    out.mkdir()
    (out / "notes.txt").write_text("the reporter's notes", encoding="utf-8")
    return out


def test_a_folder_made_where_an_old_output_was_is_refused_not_emptied(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    """The marker outlives the folder it names: an output removed, and a folder of the
    user's own made at its path, is not the folder sitegen made, and nothing in it goes.
    Emptied, it is one to build into again; an output copied back whole is still known."""
    root = site()
    out = _own_folder_where_the_output_was(root, tmp_path / "public")
    before_tree, before = tree(tmp_path), snapshot(tmp_path)
    result = build(root, "--output", out)
    assert result.code == 2
    assert "not the folder sitegen's last build left there" in result.err, result.err
    assert "empty it or choose another folder" in result.err
    assert tree(tmp_path) == before_tree and snapshot(tmp_path) == before

    (out / "notes.txt").unlink()
    assert build(root, "--output", out).code == 0
    shutil.copytree(out, tmp_path / "copy")
    shutil.rmtree(out)
    (tmp_path / "copy").rename(out)
    (out / "stray.txt").write_text("left by hand", encoding="utf-8")
    assert build(root, "--output", out).code == 0
    assert not (out / "stray.txt").exists() and (out / "index.html").is_file()


def test_a_refusal_reads_the_output_marker_once(
    site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One reading decides whether the folder is the one the marker names: read twice, a
    build finishing between the two could make the verdicts disagree."""
    root = site()
    out = _own_folder_where_the_output_was(root, tmp_path / "public")
    looked: list[Path] = []
    real = write.marker_path

    def counted(out: Path, site_dir: Path) -> Path:
        looked.append(out)
        return real(out, site_dir)

    monkeypatch.setattr(write, "marker_path", counted)
    result = build(root, "--output", out)
    assert result.code == 2 and "not the folder sitegen's last build" in result.err
    assert len(looked) == 1


def test_an_output_folder_whose_name_is_not_utf8_is_built_and_known_again(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    """Its marker (the folder's path, as text) could not be written: an internal error.
    The path is kept byte for byte, so the next build knows the folder as its own."""
    root = site()
    out = tmp_path / os.fsdecode(b"public-\xff")
    assert build(root, "--output", out).code == 0
    assert (out / "index.html").is_file()
    (out / "index.html").unlink()  # (known by its marker, not by its front page)
    assert build(root, "--output", out).code == 0
    assert (out / "index.html").is_file()


@pytest.mark.parametrize("name", ["o" * 250, "é" * 127], ids=["250-letters", "254-bytes"])
def test_an_output_folder_of_a_long_name_is_built_into(
    site: Callable[..., Path], tmp_path: Path, name: str
) -> None:
    """A name of up to 255 bytes is a folder's name; the staging folder beside it took
    the name with `.` and `.staging-XXXXXXXX` around it, too long: "File name too long"."""
    root = site()
    out = tmp_path / name
    for _ in range(2):
        result = build(root, "--output", out)
        assert result.code == 0, result
        assert (out / "index.html").is_file() and siblings(out) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", name])


def test_refuses_a_file(site: Callable[..., Path], tmp_path: Path) -> None:
    root = site()
    out = tmp_path / "out.html"
    out.write_text("x", encoding="utf-8")
    result = build(root, "--output", out)
    assert result.code == 2 and "is a file" in result.err
    assert out.read_text(encoding="utf-8") == "x"


def test_accepts_an_empty_folder_and_marks_it(site: Callable[..., Path], tmp_path: Path) -> None:
    root = site()
    out = tmp_path / "empty"
    out.mkdir()
    assert build(root, "--output", out).code == 0
    assert marker_path(out.resolve(), root).is_file()
    assert (out / "index.html").is_file()
    # with the marker, a second build may clear what is not part of the site
    (out / "stray.txt").write_text("left by hand", encoding="utf-8")
    assert build(root, "--output", out).code == 0
    assert not (out / "stray.txt").exists()


@pytest.mark.parametrize("kind", ["missing", "empty"])
def test_first_build_output_folder_is_readable_and_complete(
    site: Callable[..., Path], tmp_path: Path, kind: str
) -> None:
    """A first build moves its staging folder into place whole; the output folder must
    not keep the staging folder's private mode."""
    root = site()
    out = tmp_path / "out"
    if kind == "empty":
        out.mkdir()
    old = os.umask(0o022)
    try:
        assert build(root, "--output", out).code == 0
    finally:
        os.umask(old)
    assert not out.is_symlink()
    assert marker_path(out.resolve(), root).is_file() and (out / "index.html").is_file()
    assert os.stat(out).st_mode & 0o777 == 0o755
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]
    # the manifest knows every file: a second build rewrites nothing
    before = snapshot(out)
    assert build(root, "--output", out).code == 0
    assert snapshot(out) == before


# -- a failed build changes nothing --------------------------------------------------------


def test_failed_check_leaves_output_exactly_as_it_was(site: Callable[..., Path]) -> None:
    root = site()
    out = root / "output"
    assert build(root).code == 0
    before = snapshot(out)
    event = root / "content" / "events" / "first.md"
    event.write_text(
        event.read_text(encoding="utf-8").replace('"2024-07-08"', '"2024-13-45"'),
        encoding="utf-8",
    )
    (root / "content" / "events" / "second.md").write_text(
        '---\ntitle: "Second"\ndate: "2024-08-01"\nsources: [wire]\n---\nText [@wire].\n',
        encoding="utf-8",
    )
    result = build(root)
    assert result.code == 1
    assert "nothing was written" in result.err
    assert snapshot(out) == before
    assert siblings(out) == []


def test_failed_render_leaves_output_exactly_as_it_was(site: Callable[..., Path]) -> None:
    """A template that only fails while rendering (after other pages were staged)."""
    root = site()
    out = root / "output"
    assert build(root).code == 0
    before = snapshot(out)
    # change content so that many pages would be rewritten...
    event = root / "content" / "events" / "first.md"
    event.write_text(
        event.read_text(encoding="utf-8").replace("The first event", "A renamed event"),
        encoding="utf-8",
    )
    # ...and break one template at render time (StrictUndefined), not at compile time
    (root / "templates").mkdir()
    (root / "templates" / "person.html").write_text(
        '{% extends "base.html" %}{% block main %}{{ no_such_variable.name }}{% endblock %}\n',
        encoding="utf-8",
    )
    result = build(root)
    assert result.code == 1, result
    assert "templates/person.html" in result.err
    assert snapshot(out) == before
    assert siblings(out) == []


# -- only changed files are rewritten, by rename -------------------------------------------


def test_rebuild_without_changes_touches_no_file(site: Callable[..., Path]) -> None:
    root = site()
    out = root / "output"
    assert build(root).code == 0
    before = snapshot(out)
    assert build(root).code == 0
    assert snapshot(out) == before
    # without the cache (--clean) unchanged bytes are still left alone
    assert build(root, "--clean").code == 0
    assert snapshot(out) == before


def test_clean_build_into_its_last_output_reads_none_of_its_files(
    site: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--clean into the folder the last build wrote: the files whose stamps are as the
    manifest recorded them are known without reading a byte; one edited by hand, and
    one of another size, are replaced; what the folder then holds is exactly a clean
    build's files into an empty folder, the user's own dot files kept."""
    root = site()
    out = root / "output"
    assert build(root).code == 0
    (out / ".nojekyll").write_bytes(b"")
    hand = out / "people" / "index.html"
    hand.write_bytes(hand.read_bytes().replace(b"<title>", b"<title>X"))  # another size
    size_kept = out / "index.html"
    data = size_kept.read_bytes()
    size_kept.write_bytes(data[:-2] + b"!\n")  # edited by hand, the same size
    before = snapshot(out)
    opened: list[str] = []
    real_open = os.open

    def spy(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(path).is_relative_to(out) and not flags & (os.O_WRONLY | os.O_DIRECTORY):
            opened.append(Path(path).relative_to(out).as_posix())
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(write.os, "open", spy)
    assert build(root, "--clean").code == 0  # (a small site: one process)
    monkeypatch.undo()
    # only the file whose size and stamp gave no answer was read (and so found changed)
    assert opened == ["index.html"]
    assert build(root, "--output", tmp_path / "fresh", "--clean").code == 0
    fresh = {p: v[0] for p, v in snapshot(tmp_path / "fresh").items()}
    after = snapshot(out)
    assert {p: v[0] for p, v in after.items() if p != ".nojekyll"} == fresh
    assert after[".nojekyll"] == before[".nojekyll"]
    touched = {p for p in after if after[p][1:] != before[p][1:]}
    assert touched == {"index.html", "people/index.html"}


def test_only_files_whose_bytes_changed_are_replaced_by_rename(
    site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site()
    out = root / "output"
    assert build(root).code == 0
    before = snapshot(out)
    event = root / "content" / "events" / "first.md"
    event.write_text(
        event.read_text(encoding="utf-8").replace("Something happened.", "Something else."),
        encoding="utf-8",
    )
    renames: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        renames.append((str(src), str(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(write.os, "replace", spy)
    assert build(root).code == 0
    assert siblings(out) == []  # the staging folder, its journal and backups: gone
    after = snapshot(out)
    assert set(after) == set(before)
    changed = {p for p in after if after[p][0] != before[p][0]}
    touched = {p for p in after if after[p][1:] != before[p][1:]}
    assert "events/first/index.html" in changed
    assert "index.html" in changed  # the summary shows on the timeline
    assert "people/index.html" not in changed
    assert touched == changed, "a file was rewritten although its bytes did not change"
    for p in changed:
        assert after[p][2] != before[p][2], f"{p} was written in place, not renamed"
    # every changed file arrived by one rename from the staging folder beside the output
    # (os.replace is patched for the whole process: keep the renames into the output)
    moved = {
        Path(dst).relative_to(out).as_posix(): src
        for src, dst in renames
        if Path(dst).is_relative_to(out)
    }
    assert set(moved) == changed
    for src in moved.values():
        assert Path(src).parent != out and ".staging-" in src


def test_pages_of_deleted_content_disappear(site: Callable[..., Path]) -> None:
    root = site(
        {
            "content/events/second.md": (
                '---\ntitle: "Second"\nsummary: "More."\ndate: "2024-08-01"\n'
                "sources: [wire]\n---\nText [@wire].\n"
            ),
            "content/people/grace-hopper.md": '---\nname: "Grace Hopper"\n---\nBio.\n',
        }
    )
    out = root / "output"
    assert build(root).code == 0
    assert (out / "events" / "second" / "index.html").is_file()
    assert (out / "people" / "grace-hopper" / "index.html").is_file()
    (root / "content" / "events" / "second.md").unlink()
    (root / "content" / "people" / "grace-hopper.md").unlink()
    assert build(root).code == 0
    assert not (out / "events" / "second").exists()
    assert not (out / "people" / "grace-hopper").exists()
    assert (out / "events" / "first" / "index.html").is_file()
    assert "second" not in (out / "index.html").read_text(encoding="utf-8")
    if (out / "sitemap.xml").exists():
        assert "events/second/" not in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_interrupted_commit_puts_the_old_site_back(
    site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C halfway through the renames: the files already moved go back, so the
    output is the old site, whole; the next build writes the new one."""
    root = site()
    out = root / "output"
    assert build(root).code == 0
    old = snapshot(out)
    event = root / "content" / "events" / "first.md"
    event.write_text(
        event.read_text(encoding="utf-8").replace("The first event", "The renamed event"),
        encoding="utf-8",
    )
    calls = 0
    real_replace = os.replace

    def interrupt_the_third(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        nonlocal calls
        if Path(dst).is_relative_to(out):  # (not the cache's own atomic writes)
            calls += 1
            if calls == 3:
                raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(write.os, "replace", interrupt_the_third)
    assert build(root).code == 130
    monkeypatch.setattr(write.os, "replace", real_replace)
    assert calls > 3, "the undo moved nothing back"
    assert {p: v[0] for p, v in snapshot(out).items()} == {p: v[0] for p, v in old.items()}
    assert siblings(out) == []
    assert build(root).code == 0
    assert "The renamed event" in (out / "events" / "first" / "index.html").read_text("utf-8")


def test_refuses_an_output_folder_that_is_a_symlink(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    """A link planted at output/ (say, committed to the site's repository) does not
    steer the build elsewhere; the error names the folder to pass instead."""
    root = site()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "output").symlink_to(elsewhere, target_is_directory=True)
    before = tree(tmp_path)
    result = build(root)
    assert result.code == 2
    assert "symbolic link" in result.err and f"--output {elsewhere}" in result.err
    assert tree(tmp_path) == before
    assert build(root, "--output", elsewhere).code == 0
    assert (elsewhere / "index.html").is_file()


def test_refuses_content_reached_through_a_symlink_or_dots(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site()
    link = tmp_path / "innocent-looking"
    link.symlink_to(root / "content", target_is_directory=True)
    before = snapshot(root)
    for target in (link, root / "output" / ".." / "content"):
        result = build(root, "--output", target)
        assert result.code == 2 and "content/" in result.err, target
    assert snapshot(root) == before


@pytest.mark.parametrize("rel", ["../escape.html", "a/../../b.html", "/etc/x", "a\\..\\..\\b"])
def test_staging_refuses_paths_outside_the_output(tmp_path: Path, rel: str) -> None:
    """The last line of defence: whatever a template or producer names, nothing is
    written outside the output folder."""
    staging = write.Staging(tmp_path / "out", write.Manifest())
    try:
        with pytest.raises(ValueError, match="outside the output folder"):
            staging.add(rel, b"x")
    finally:
        staging.abort()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# -- the marker is not in the output, so nothing of sitegen's own is uploaded ----------------


def test_the_output_holds_only_the_site(site: Callable[..., Path], tmp_path: Path) -> None:
    """`aws s3 sync output/ …`, `rsync -a output/ …`, GitHub Pages and Netlify upload the
    output folder whole: it holds no marker or other bookkeeping of sitegen's."""
    root = site()
    assert build(root).code == 0
    out = root / "output"
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert not [n for n in names if n.rpartition("/")[2].startswith(".")]
    assert not [n for n in names if "sitegen" in n or n.endswith((".pickle", ".json.gz"))]
    marker = marker_path(out.resolve(), root)
    assert marker.is_file() and marker.is_relative_to(root / ".sitegen-cache")
    assert str(out.resolve()) in marker.read_text(encoding="utf-8")
    # it still guards: another folder of the same site is not made by sitegen
    other = tmp_path / "other"
    other.mkdir()
    (other / "mine.txt").write_text("x", encoding="utf-8")
    assert build(root, "--output", other).code == 2
    assert (other / "mine.txt").is_file()


def test_an_output_marked_by_an_earlier_version_is_accepted_and_cleaned(
    site: Callable[..., Path],
) -> None:
    root = site()
    out = root / "output"
    out.mkdir()
    (out / MARKER).write_text("made by sitegen 0.1\n", encoding="utf-8")
    (out / "stale.html").write_text("old", encoding="utf-8")
    assert build(root).code == 0
    assert not (out / MARKER).exists() and not (out / "stale.html").exists()
    assert marker_path(out.resolve(), root).is_file()


def test_a_deleted_cache_leaves_the_output_known_by_its_front_page(
    site: Callable[..., Path],
) -> None:
    """Without its marker (.sitegen-cache/ deleted, as editors do), output/ is still known
    as sitegen's by the generator tag of its index.html, and builds; a folder whose front
    page someone else wrote is refused, with a way out, and nothing in it deleted."""
    import shutil

    root = site()
    assert build(root).code == 0
    shutil.rmtree(root / ".sitegen-cache")
    assert build(root).code == 0
    shutil.rmtree(root / ".sitegen-cache")
    (root / "output" / "index.html").write_text("<!doctype html><title>mine</title>", "utf-8")
    before = snapshot(root / "output")
    result = build(root)
    assert result.code == 2 and "empty it or choose another folder" in result.err
    assert snapshot(root / "output") == before


# -- links and special files in the output folder are replaced, never followed --------------


def _plant(out: Path, rel: str, target: Path) -> None:
    """Replace out/rel (a file or a folder) with a symbolic link to target."""
    path = out / rel
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.symlink_to(target)


@pytest.mark.parametrize("clean", [False, True], ids=["incremental", "clean"])
def test_links_in_the_output_are_replaced_not_written_through(
    site: Callable[..., Path], tmp_path: Path, clean: bool
) -> None:
    root = site()
    out = root / "output"
    assert build(root).code == 0
    new = {p: v[0] for p, v in snapshot(out).items()}
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "first").mkdir(parents=True)
    (elsewhere / "first" / "index.html").write_text("precious", encoding="utf-8")
    (elsewhere / "x.html").write_text("mine", encoding="utf-8")
    # a link to a file holding the very bytes of the page: still not kept as a link
    (elsewhere / "copy.xml").write_bytes((out / "feed.xml").read_bytes())
    _plant(out, "events", elsewhere)
    _plant(out, "index.html", elsewhere / "x.html")
    _plant(out, "feed.xml", elsewhere / "copy.xml")
    _plant(out, "people/index.html", elsewhere / "not-there-yet.html")  # dangling
    (elsewhere / "marker").write_text("theirs", encoding="utf-8")
    _plant(out, MARKER, elsewhere / "marker")
    before = snapshot(elsewhere)
    assert build(root, *(["--clean"] if clean else [])).code == 0
    assert snapshot(elsewhere) == before
    assert sorted(p.name for p in elsewhere.iterdir()) == ["copy.xml", "first", "marker", "x.html"]
    links = [p for p in out.rglob("*") if p.is_symlink()]
    assert links == []
    assert {p: v[0] for p, v in snapshot(out).items()} == new


def test_special_files_in_the_output_are_replaced_not_read(site: Callable[..., Path]) -> None:
    """A FIFO where a page was: the build would hang if it opened it to compare."""
    root = site()
    out = root / "output"
    assert build(root).code == 0
    new = {p: v[0] for p, v in snapshot(out).items()}
    (out / "feed.xml").unlink()
    os.mkfifo(out / "feed.xml")
    (out / "events" / "first" / "index.html").unlink()
    os.mkfifo(out / "events" / "first" / "index.html")
    assert build(root, "--clean").code == 0
    assert {p: v[0] for p, v in snapshot(out).items()} == new


def test_refuses_a_cache_folder_that_is_a_symlink(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    root = site()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / ".sitegen-cache").symlink_to(elsewhere, target_is_directory=True)
    result = build(root)
    assert result.code == 2 and ".sitegen-cache is a symbolic link" in result.err
    assert list(elsewhere.iterdir()) == []
    assert not (root / "output").exists()


# -- a disk that refuses: one clear line, the old site whole ------------------------------

SECOND = (
    '---\ntitle: "Second"\nsummary: "More."\ndate: "2024-08-01"\n'
    "sources: [wire]\n---\nText [@wire].\n"
)


def _edit_and_delete(root: Path) -> None:
    """An edit that rewrites some pages and removes others."""
    event = root / "content" / "events" / "first.md"
    event.write_text(
        event.read_text(encoding="utf-8").replace("The first event", "The renamed event"),
        encoding="utf-8",
    )
    (root / "content" / "events" / "second.md").unlink()


def _refuse(name: str, err: int, where: str) -> Callable[..., None]:
    """os.NAME, failing with errno `err` when its source or destination ends with `where`."""
    real = getattr(os, name)

    def refusing(*args: Any, **kwargs: Any) -> None:
        if any(str(a).endswith(where) for a in args[:2]):
            raise OSError(err, os.strerror(err), str(args[1]))
        real(*args, **kwargs)

    return refusing


@pytest.mark.parametrize(
    ("name", "err", "where", "shown"),
    [
        ("replace", errno.EACCES, "events/first/index.html", "events/first/index.html"),
        ("replace", errno.EROFS, "feed.xml", "feed.xml"),
        ("link", errno.ENOSPC, "index.html", "index.html"),
        ("rename", errno.EACCES, "events/second/index.html", "events/second/index.html"),
    ],
    ids=["permission", "read-only", "disk-full", "removal-refused"],
)
def test_a_failed_commit_leaves_the_old_site_and_says_where(
    site: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    err: int,
    where: str,
    shown: str,
) -> None:
    root = site({"content/events/second.md": SECOND})
    out = root / "output"
    assert build(root).code == 0
    before = snapshot(out)
    _edit_and_delete(root)
    monkeypatch.setattr(write.os, name, _refuse(name, err, where))
    result = build(root)
    monkeypatch.undo()
    assert result.code == 1, result
    assert f"sitegen: error: cannot write {out / shown}: {os.strerror(err)}" in result.err
    assert "internal error" not in result.err and "as it was" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert snapshot(out) == before  # bytes, mtimes and inodes: the very files
    assert siblings(out) == []
    assert build(root).code == 0
    assert not (out / "events" / "second").exists()


def test_a_full_disk_while_staging_changes_nothing(
    site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site({"content/events/second.md": SECOND})
    out = root / "output"
    assert build(root).code == 0
    before = snapshot(out)
    _edit_and_delete(root)

    def full(fd: int, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(write.os, "write", full)
    result = build(root)
    monkeypatch.undo()
    assert result.code == 1, result
    assert "sitegen: error: cannot write " in result.err and "No space left" in result.err
    assert "internal error" not in result.err
    assert snapshot(out) == before
    assert siblings(out) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_subfolder_leaves_the_old_site(site: Callable[..., Path]) -> None:
    root = site({"content/events/second.md": SECOND})
    out = root / "output"
    assert build(root).code == 0
    before = snapshot(out)
    _edit_and_delete(root)
    (out / "events" / "first").chmod(0o555)
    try:
        result = build(root)
    finally:
        (out / "events" / "first").chmod(0o755)
    assert result.code == 1 and "Permission denied" in result.err
    assert snapshot(out) == before
    assert siblings(out) == []


# -- a page edited by hand is repaired, even with its size and mtime kept --------------------


@pytest.mark.parametrize("also_edit", [False, True], ids=["nothing-else-changed", "other-edit"])
def test_a_page_edited_by_hand_with_size_and_mtime_kept_is_repaired(
    site: Callable[..., Path], also_edit: bool
) -> None:
    """cp -p, touch -r or an editor that keeps the mtime: the size and mtime are what
    the manifest recorded, the ctime is not (no program can set it back)."""
    root = site()
    out = root / "output"
    assert build(root).code == 0
    page = out / "events" / "first" / "index.html"
    good = page.read_bytes()
    st = page.stat()
    page.write_bytes(good.replace(b"The first event", b"The FIRST event"))
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert page.stat().st_size == st.st_size and page.stat().st_mtime_ns == st.st_mtime_ns
    if also_edit:
        (root / "content" / "people" / "ada-lovelace.md").write_text(
            '---\nname: "Ada Lovelace"\nrole: "Mathematician"\ncountry: testland\n---\nBio.\n',
            encoding="utf-8",
        )
    assert build(root).code == 0
    assert page.read_bytes() == (good if not also_edit else page.read_bytes())
    assert b"The FIRST event" not in page.read_bytes()
    # and it is what a --clean build writes
    repaired = snapshot(out)
    assert build(root, "--clean").code == 0
    assert {p: v[0] for p, v in snapshot(out).items()} == {p: v[0] for p, v in repaired.items()}


def test_a_full_disk_while_splicing_is_one_line_not_an_internal_error(
    site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site()
    out = root / "output"
    assert build(root).code == 0
    before = snapshot(out)
    (root / "content" / "events" / "second.md").write_text(SECOND, encoding="utf-8")

    def full(self: write.Staging, rel: str, *data: Any) -> Any:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self.dir / rel))

    monkeypatch.setattr(write.Staging, "open", full)
    monkeypatch.setattr(write.Staging, "write", full)
    result = build(root)
    monkeypatch.undo()
    assert result.code == 1, result
    assert result.err.startswith("sitegen: error: ") and "No space left on device" in result.err
    assert "internal error" not in result.err
    assert snapshot(out) == before
    assert siblings(out) == []


def test_recover_leaves_a_running_builds_staging_folder_alone(tmp_path: Path) -> None:
    """Another build of the same output, still running, holds its staging folder's lock;
    once that process is gone (however it ended), the folder is removed."""
    out = tmp_path / "out"
    script = (
        "import sys, time; from pathlib import Path; from sitegen import write\n"
        "s = write.Staging(Path(sys.argv[1]), write.Manifest()); s.add('a.html', b'x')\n"
        "print(s.dir, flush=True); time.sleep(60)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    with subprocess.Popen(
        [sys.executable, "-c", script, str(out)], stdout=subprocess.PIPE, text=True, env=env
    ) as other:
        assert other.stdout is not None
        folder = Path(other.stdout.readline().strip())
        write.recover(out)
        assert folder.is_dir()  # its build is running
        other.kill()
        other.wait()
    write.recover(out)
    assert siblings(out) == []


def test_a_repository_at_the_top_of_the_output_is_left_as_it_is(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    """A gh-pages checkout as the output folder (its `.git`), a host's `.well-known/` or
    `.nojekyll`: sitegen writes no name at the top of the output that starts with a dot,
    so one there is not its to remove. Each build removed it with the stale files (the
    repository's history too), and a checkout holding nothing else was refused as a
    folder of other files."""
    root = site()
    out = tmp_path / "pages"
    (out / ".git").mkdir(parents=True)
    (out / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (out / ".nojekyll").write_text("", encoding="utf-8")
    theirs = snapshot(out)
    assert build(root, "--output", out).code == 0
    event = root / "content" / "events" / "first.md"
    event.write_text(event.read_text().replace("The first event", "The opening event"))
    assert build(root, "--output", out).code == 0
    assert "The opening event" in (out / "events" / "first" / "index.html").read_text()
    again = run("build", root, "--output", out, "--today", TODAY)
    assert "(0 rendered, 0 files written, 0 removed)" in again.out  # nothing changed
    shutil.rmtree(root / ".sitegen-cache")  # (known by its front page: see above)
    assert build(root, "--output", out, "--clean").code == 0
    assert {rel: data for rel, data in snapshot(out).items() if rel.startswith(".")} == theirs
