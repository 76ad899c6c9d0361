"""Hostile files in a site: links out of it, special files, huge files, unreadable folders.

Each case is the committed site tests/sites/hostile/files, copied, with one thing
planted that git cannot hold. sitegen must refuse it with a diagnostic at the file
(`path:1:1: error: … [code]`), never publish what lies outside the site, never block on
a FIFO or read a device, and never skip a folder it cannot read in silence.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sitegen import files, load
from tests.conftest import REPO, SITES, TODAY, build, run, write_site

FIXTURE = SITES / "hostile" / "files"
SECRET = "root:x:0:0:the secret outside the site\n"


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[Path]:
    """A copy of the fixture site, with a secret file beside it (outside the site)."""
    root = tmp_path / "site"
    shutil.copytree(FIXTURE, root)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "passwd").write_text(SECRET, encoding="utf-8")
    (tmp_path / "outside" / "notes.md").write_text(
        (root / "content" / "events" / "first.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    yield root


def published(out: Path) -> str:
    """Everything the build wrote, as one text."""
    if not out.exists():
        return ""
    return "\n".join(
        p.read_bytes().decode("utf-8", "replace") for p in out.rglob("*") if p.is_file()
    )


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The CLI in a process of its own: a test must fail, not hang, if a FIFO blocks it."""
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *map(str, args), "--today", TODAY],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_fixture_builds_and_publishes_links_inside_the_site(hostile: Path) -> None:
    (hostile / "static" / "logo.txt").symlink_to(hostile / "shared" / "logo.txt")
    (hostile / "static" / "more").symlink_to(hostile / "static" / "docs")
    result = build(hostile)
    assert result.code == 0, result.err
    out = hostile / "output"
    assert (out / "logo.txt").read_text(encoding="utf-8").startswith("A file of the site")
    assert (out / "more" / "guide.txt").is_file()
    assert (out / "about.txt").is_file()


@pytest.mark.parametrize(
    ("rel", "target"),
    [
        ("static/passwd.txt", "outside/passwd"),
        ("static/docs/passwd.txt", "outside/passwd"),
        ("static/etc", "outside"),  # a folder
        ("content/events/notes.md", "outside/notes.md"),
        ("content/people", "outside"),  # the whole folder
        ("content/sources.yaml", "outside/passwd"),
    ],
)
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_link_out_of_the_site_is_refused(
    hostile: Path, rel: str, target: str, command: str
) -> None:
    link = hostile / rel
    if link.is_dir():
        shutil.rmtree(link)
    elif link.exists():
        link.unlink()
    link.symlink_to(hostile.parent / target)
    result = run(command, hostile, "--today", TODAY)
    result.err += result.out  # (check prints its diagnostics on stdout)
    assert result.code == 1, result
    assert f"{rel}:1:1: error: this symbolic link leads outside the site folder" in result.err
    assert "[link-outside]" in result.err and "copy the file in" in result.err
    assert "internal error" not in result.err
    assert "the secret" not in published(hostile / "output")


def test_a_link_to_dev_zero_is_not_read(hostile: Path) -> None:
    (hostile / "static" / "zero.bin").symlink_to("/dev/zero")
    (hostile / "content" / "events" / "zero.md").symlink_to("/dev/zero")
    result = cli("build", hostile)
    assert result.returncode == 1, result.stderr
    assert "static/zero.bin:1:1: error:" in result.stderr
    assert "content/events/zero.md:1:1: error:" in result.stderr
    assert "[link-outside]" in result.stderr


@pytest.mark.parametrize(
    "rel", ["content/events/pipe.md", "content/site.yaml", "static/pipe.txt", "static/docs/p"]
)
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_fifo_is_refused_not_waited_for(hostile: Path, rel: str, command: str) -> None:
    path = hostile / rel
    if path.exists():
        path.unlink()
    os.mkfifo(path)
    result = cli(command, hostile)
    result.stderr += result.stdout  # (check prints its diagnostics on stdout)
    assert result.returncode == 1, result.stderr
    assert f"{rel}:1:1: error: this is a named pipe (FIFO), not a file" in result.stderr
    assert "[not-a-file]" in result.stderr
    assert not (hostile / "output").exists()


def test_a_socket_is_refused(hostile: Path) -> None:
    path = hostile / "static" / "s.sock"
    if len(str(path)) > 100:
        pytest.skip("the path is too long for a Unix socket")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        result = build(hostile)
    finally:
        server.close()
    assert result.code == 1
    assert "static/s.sock:1:1: error: this is a socket, not a file" in result.err


@pytest.mark.parametrize("rel", ["content/events/huge.md", "static/huge.bin"])
def test_a_huge_file_is_refused_unread(hostile: Path, rel: str) -> None:
    path = hostile / rel
    with open(path, "wb") as f:
        f.truncate(files.MAX_FILE_BYTES + 1)  # sparse: no disk used
    result = build(hostile)
    assert result.code == 1, result.err
    assert f"{rel}:1:1: error: this file is 16 MB, more than the 16 MB" in result.err
    assert "[file-too-large]" in result.err


def test_a_file_refused_as_a_forked_parse_reads_it_is_said_as_when_read_here(
    hostile: Path,
) -> None:
    """A cold load leaves the content files to their parse, which forked workers share:
    a file that is too large is then refused there. Its diagnostic is the one a load
    that reads the files itself gives (a warm cache), at the same place among the
    others (after the folders' refusals, before the files' own problems, in the
    files' order)."""
    from sitegen.assemble import load_site
    from sitegen.cache import ParseCache
    from sitegen.executor import Forked

    events = hostile / "content" / "events"
    text = (events / "first.md").read_text(encoding="utf-8")
    for n in range(80):  # (enough files for the parse to fork)
        (events / f"many-{n:02}.md").write_text(text.replace("First", f"Many {n}"), "utf-8")
    for name in ("huge.md", "zz-huge.md"):
        with open(events / name, "wb") as f:
            f.truncate(files.MAX_FILE_BYTES + 1)  # sparse: no disk used
    (events / "passwd.md").symlink_to(hostile.parent / "outside" / "passwd")
    (events / "aa-bad.md").write_text('---\ntitle: "unclosed\n---\nText.\n', "utf-8")
    today = dt.date.fromisoformat(TODAY)

    def said(loaded: Any) -> list[tuple[str, int, int, str, str]]:
        return [(d.path, d.line, d.column, d.code, d.message) for d in loaded.diagnostics]

    cold = load_site(hostile, today, ParseCache(None), Forked(1))
    warm_cache = ParseCache(None)
    load_site(hostile, today, warm_cache)
    assert not warm_cache.empty()
    warm = load_site(hostile, today, warm_cache)  # (every file read by this process)
    assert said(cold) == said(warm)
    codes = [(path, code) for path, _, _, code, _ in said(cold)]
    refusals = [
        ("content/events/passwd.md", "link-outside"),
        ("content/events/huge.md", "file-too-large"),
        ("content/events/zz-huge.md", "file-too-large"),
    ]
    assert [c for c in codes if c in refusals] == refusals
    assert codes.index(refusals[-1]) < codes.index(("content/events/aa-bad.md", "yaml-syntax"))
    for loaded in (cold, warm):
        assert "content/events/huge.md" not in loaded.inputs
        assert "content/events/huge.md" not in loaded.parsed
        assert "content/events/many-79.md" in loaded.parsed


def _unreadable(folder: Path) -> Callable[..., object]:
    real = os.scandir

    def scandir(path: str | os.PathLike[str] = ".") -> object:
        if os.path.abspath(path) == str(folder):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    return scandir


@pytest.mark.parametrize("rel", ["content/people", "content/events", "static/docs"])
@pytest.mark.parametrize("command", ["check", "build"])
def test_an_unreadable_folder_is_an_error_naming_it(
    hostile: Path, monkeypatch: pytest.MonkeyPatch, rel: str, command: str
) -> None:
    # tests run as root, whom chmod 000 does not stop: the refusal is simulated
    monkeypatch.setattr(load.os, "scandir", _unreadable(hostile / rel))
    result = run(command, hostile, "--today", TODAY)
    result.err += result.out  # (check prints its diagnostics on stdout)
    assert result.code == 1, result
    assert f"{rel}:1:1: error: cannot read this folder: Permission denied" in result.err
    assert "[unreadable]" in result.err
    assert not (hostile / "output").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders of mode 000")
def test_a_folder_of_mode_000_is_an_error_naming_it(hostile: Path) -> None:
    people = hostile / "content" / "people"
    people.chmod(0)
    try:
        result = build(hostile)
    finally:
        people.chmod(0o755)
    assert result.code == 1
    assert "content/people:1:1: error: cannot read this folder" in result.err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files of mode 000")
def test_a_file_of_mode_000_is_an_error_naming_it(hostile: Path) -> None:
    event = hostile / "content" / "events" / "first.md"
    event.chmod(0)
    try:
        result = build(hostile)
    finally:
        event.chmod(0o644)
    assert result.code == 1
    assert "content/events/first.md:1:1: error: cannot read the file" in result.err


def test_serve_never_holds_a_file_from_outside_the_site(hostile: Path) -> None:
    """serve answers from the build's pages in memory: a refused static file is not
    among them, before or after a good build."""
    from sitegen.build import Builder

    builder = Builder(hostile, today=dt.date.fromisoformat(TODAY), use_cache=False)
    assert builder.build(to_memory=True).ok
    assert "about.txt" in builder.memory
    (hostile / "static" / "passwd.txt").symlink_to(hostile.parent / "outside" / "passwd")
    result = builder.build(to_memory=True)
    assert not result.ok
    assert [d.code for d in result.diagnostics if d.severity == "error"] == ["link-outside"]
    assert "passwd.txt" not in builder.memory


@pytest.mark.parametrize("command", ["check", "build"])
def test_an_unreadable_file_is_an_error_naming_it(
    hostile: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """(Simulated: root reads files of mode 000.)"""
    event = str(hostile / "content" / "events" / "first.md")
    real = os.open

    def refusing(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path) == event:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    result = run(command, hostile, "--today", TODAY)
    monkeypatch.undo()
    assert result.code == 1, result
    out = result.err + result.out
    assert "content/events/first.md:1:1: error: cannot read the file: Permission denied" in out
    assert not (hostile / "output").exists()


def _until(condition: Callable[[], bool], seconds: float = 20.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize(
    "plant",
    [
        pytest.param(lambda root, out: (root / "static" / "passwd.txt").symlink_to(out), id="link"),
        pytest.param(lambda root, out: os.mkfifo(root / "content" / "events" / "p.md"), id="fifo"),
    ],
)
def test_serve_sees_a_refused_file_come_and_go(
    hostile: Path, plant: Callable[[Path, Path], None]
) -> None:
    """The preview rebuilds when a file the build refuses appears (build would fail on
    it) and when it is removed: the error overlay goes once the editor deletes it."""
    from sitegen.serve import PreviewServer

    server = PreviewServer(hostile, port=0, today=dt.date.fromisoformat(TODAY), echo=print)
    server.start()
    try:
        assert not server.snapshot.failed
        plant(hostile, hostile.parent / "outside" / "passwd")
        assert _until(lambda: server.snapshot.failed), "no rebuild when the file appeared"
        refused = [d.path for d in server.snapshot.problems if d.severity == "error"]
        (planted,) = refused
        (hostile / planted).unlink()
        assert _until(lambda: not server.snapshot.failed), "still failed after it was removed"
    finally:
        server.stop()


def test_a_fifo_as_the_card_font_is_refused_not_waited_for(hostile: Path) -> None:
    """site.yaml's cards.font opened before it was known to be a file: a FIFO hung check."""
    config = hostile / "content" / "site.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "cards: {font: fonts/f.ttf}\n", encoding="utf-8"
    )
    (hostile / "fonts").mkdir()
    os.mkfifo(hostile / "fonts" / "f.ttf")
    result = cli("check", hostile)
    assert result.returncode == 1, result
    assert "content/site.yaml:" in result.stdout and "[card-font]" in result.stdout


def test_file_names_that_are_not_utf8_are_reported_or_passed_over(hostile: Path) -> None:
    """A static file's name is its address: one that is not UTF-8 is an error at it. Names
    sitegen only passes over (a note in content/, a template backup) build, and build
    again: the no-change check hashed every path as UTF-8 and failed after the commit
    ('internal error: UnicodeEncodeError')."""
    root = os.fsencode(hostile)
    os.makedirs(root + b"/static/d\xff", exist_ok=True)
    with open(root + b"/static/d\xff/f\xfe.txt", "wb") as f:
        f.write(b"x")
    (hostile / "templates").mkdir(exist_ok=True)
    with open(root + b"/templates/old\xff.bak", "wb") as f:
        f.write(b"x")
    with open(root + b"/content/events/notes-\xff.txt", "wb") as f:
        f.write(b"x")
    result = build(hostile)
    assert result.code == 1, result
    assert "internal error" not in result.err
    (line,) = [x for x in result.err.splitlines() if ": error: " in x]
    assert line.startswith("static/d") and "[encoding]" in line
    assert not (hostile / "output").exists()
    os.remove(root + b"/static/d\xff/f\xfe.txt")
    for _ in range(2):
        result = build(hostile)
        assert result.code == 0, result.err


def test_a_content_folder_whose_name_is_not_utf8_is_an_error_at_it(hostile: Path) -> None:
    """events/2024/ only organises files, so a folder named in Latin-1 passed the slug
    check and reached the page keys: 'internal error: UnicodeEncodeError'."""
    events = os.fsencode(hostile / "content" / "events")
    os.makedirs(events + b"/ann\xe9e")
    os.rename(events + b"/first.md", events + b"/ann\xe9e/first.md")
    result = build(hostile)
    assert result.code == 1, result
    assert "internal error" not in result.err
    errors = [x for x in result.err.splitlines() if ": error: " in x]
    assert errors and all("[encoding]" in x for x in errors[:1]), errors
    assert errors[0].startswith("content/events/ann")


def test_static_names_that_differ_only_in_case_are_a_warning(tmp_path: Path) -> None:
    # (not a tests/sites/invalid case: a checkout on a disk that ignores case cannot hold it)
    root = write_site(
        tmp_path / "site",
        {"static/img/logo.png": b"\x89PNG a", "static/img/Logo.png": b"\x89PNG b"},
    )
    result = run("check", root, "--today", TODAY)
    assert result.code == 0, result.out
    assert (
        "static/img/logo.png:1:1: warning: static/img/logo.png and static/img/Logo.png differ "
        "only in case; on a disk or host that ignores case one replaces the other: rename one "
        "[static-case]"
    ) in result.out.splitlines()


@pytest.mark.parametrize("link", ["templates/assets/extra.css", "templates"])
def test_a_template_link_out_of_the_site_is_refused_not_published(
    tmp_path: Path, link: str
) -> None:
    secret = tmp_path / "elsewhere" / "secret.css"
    secret.parent.mkdir()
    secret.write_text("/* the owner's home folder */", encoding="utf-8")
    root = write_site(tmp_path / "site", {})
    target = secret if link.endswith(".css") else secret.parent
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    (root / link).symlink_to(target)
    result = build(root)
    assert result.code == 1
    assert f"{link}:1:1: error:" in result.err and "[link-outside]" in result.err
    assert not any(
        "the owner's home folder" in p.read_text("utf-8", "replace")
        for p in (root / "output").rglob("*.css")
    )


@pytest.mark.parametrize(
    ("name", "swap", "said"),
    [
        ("templates/assets/extra.css", "link out", "this symbolic link leads outside the site "
         "folder (to {secret}); sitegen reads nothing from outside the site: copy the file in "
         "instead of linking it [link-outside]"),
        ("templates/base.html", "link out", "this symbolic link leads outside the site "
         "folder (to {secret}); sitegen reads nothing from outside the site: copy the file in "
         "instead of linking it [link-outside]"),
        ("templates/base.html", "fifo", "this is a named pipe (FIFO), not a file; sitegen "
         "reads only regular files: remove it [not-a-file]"),
        ("templates/assets/extra.css", "fifo", "this is a named pipe (FIFO), not a file; "
         "sitegen reads only regular files: remove it [not-a-file]"),
    ],
)  # fmt: skip
def test_a_theme_file_swapped_after_the_scan_is_refused_as_the_scan_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, swap: str, said: str
) -> None:
    """The theme's files are read after templates/ is scanned: one swapped since for a
    link out of the site is not followed (an asset would be published as it is), nor a
    FIFO waited on, each an error at the file."""
    from sitegen import assemble

    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("the owner's home folder", encoding="utf-8")
    base = (Path(__file__).parent.parent / "templates" / "base.html").read_text("utf-8")
    root = write_site(
        tmp_path / "site",
        {"templates/base.html": base, "templates/assets/extra.css": "body { margin: 0 }\n"},
    )
    scan = assemble.template_refusals

    def scan_then_swap(site_dir: Path) -> list[object]:
        found = scan(site_dir)
        (site_dir / name).unlink()
        if swap == "fifo":
            os.mkfifo(site_dir / name)
        else:
            (site_dir / name).symlink_to(secret)
        return found  # type: ignore[return-value]

    monkeypatch.setattr(assemble, "template_refusals", scan_then_swap)
    result = build(root)
    assert result.code == 1, result
    assert f"{name}:1:1: error: {said.format(secret=secret)}" in result.err.splitlines()
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert not (root / "output").exists()


def test_a_template_that_is_not_utf8_is_an_error_at_its_byte(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", {"templates/base.html": b"<p>caf\xe9 {{ x }}</p>\n"})
    result = build(root)
    assert result.code == 1, result
    assert result.err.splitlines()[0] == (
        "templates/base.html:1:7: error: byte 0xe9 is not UTF-8; save the file as UTF-8 [encoding]"
    )
    assert "internal error" not in result.err and not (root / "output").exists()


def _tree(out: Path) -> dict[str, bytes]:
    """The output folder's files (the build's cache aside), path -> bytes."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and ".sitegen-cache" not in p.parts
    }


@pytest.mark.parametrize(
    ("rel", "target", "says"),
    [
        ("content/events/loop", "..", "leads back to content, a folder that holds it"),
        ("content/events/deeper/up", "../..", "leads back to content, a folder that holds it"),
        ("content/events/site", "../..", "leads back to the site folder"),
        ("content/events/again", ".", "leads back to content/events, a folder that holds it"),
        ("content/events/people", "../people", "leads to content/people, in content/"),
        ("static/docs/up", "..", "leads back to static, a folder that holds it"),
    ],
)
def test_a_link_back_into_what_is_read_is_one_warning_and_changes_nothing(
    hostile: Path, tmp_path: Path, rel: str, target: str, says: str
) -> None:
    """A link that leads back to a folder already read (`content/events/loop -> ..`) made
    the load read the site again below it: every person and country as an event too, the
    events twice. It is not followed: one warning naming it, and the output is the same
    as the site's without the link."""
    plain = tmp_path / "plain"
    shutil.copytree(hostile, plain)
    assert build(plain).code == 0
    link = hostile / rel
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target, target_is_directory=True)
    checked = run("check", hostile, "--today", TODAY)
    assert checked.code == 0, checked.out
    assert checked.out.splitlines() == [
        f"{rel}:1:1: warning: this symbolic link {says}"
        + checked.out.split(says, 1)[1].split("\n", 1)[0],
        "0 errors, 1 warning",
    ]
    assert "[link-loop]" in checked.out and "remove the link" in checked.out
    built = build(hostile)
    assert built.code == 0 and built.err.count("[link-loop]") == 1, built.err
    assert _tree(hostile / "output") == _tree(plain / "output")


def test_a_link_to_a_folder_added_after_a_build_is_read_by_the_next(hostile: Path) -> None:
    """The build that finds nothing changed walked past links to folders: a folder of
    events linked in after a build (`content/events/2025 -> ../../shared/2025`), or a
    loop of links, went unseen, and the next build answered with the last one's result."""
    assert build(hostile).code == 0
    shared = hostile / "shared" / "2025"
    shared.mkdir()
    first = (hostile / "content" / "events" / "first.md").read_text(encoding="utf-8")
    (shared / "linked-in.md").write_text(first, encoding="utf-8")
    (hostile / "content" / "events" / "2025").symlink_to("../../shared/2025")
    result = build(hostile)
    assert (hostile / "output" / "events" / "linked-in" / "index.html").is_file(), result
    (hostile / "content" / "events" / "loop").symlink_to("..")
    result = build(hostile)
    assert result.err.count("[link-loop]") == 1, result.err
    again = build(hostile)  # (nothing changed since: the last build's warnings again)
    assert again.err == result.err


@pytest.mark.parametrize(
    ("rel", "target", "says"),
    [
        ("content/events/gone.md", "/nonexistent/gone.md", "[link-outside]"),
        ("content/events/loop.md", "loop.md", "Too many levels of symbolic links [unreadable]"),
        ("templates", "/nonexistent", "[link-outside]"),
        ("static", "/nonexistent", "[link-outside]"),
    ],
    ids=["dangling", "loop", "templates-dangling", "static-dangling"],
)
def test_a_link_that_leads_nowhere_added_after_a_build_stops_the_next(
    hostile: Path, rel: str, target: str, says: str
) -> None:
    """A link that cannot be followed (to nothing, or round to itself), added after a
    build: check said so, but the next build's walk passed over it as it would a missing
    file, and answered with the last build's result (exit 0, the link never reported)."""
    assert build(hostile).code == 0
    link = hostile / rel
    if link.is_dir():
        shutil.rmtree(link)
    link.symlink_to(target)
    before = {p: p.read_bytes() for p in (hostile / "output").rglob("*") if p.is_file()}
    for _ in range(2):  # (and the build after it, which must not trust the failed one)
        result = build(hostile)
        assert result.code == 1 and says in result.err, result.err
        assert f"{rel}:1:1: error:" in result.err and "nothing was written" in result.err
    after = {p: p.read_bytes() for p in (hostile / "output").rglob("*") if p.is_file()}
    assert after == before


def test_two_links_to_one_folder_read_it_once_through_the_first(hostile: Path) -> None:
    """Two links to one folder of the site: its events are read once, through the link
    whose path comes first (whatever order the disk lists them in), and the other is
    one warning that names the first."""
    shared = hostile / "shared" / "2025"
    shared.mkdir()
    first = (hostile / "content" / "events" / "first.md").read_text(encoding="utf-8")
    (shared / "linked-in.md").write_text(first, encoding="utf-8")
    for name in ("b", "a"):
        (hostile / "content" / "events" / name).symlink_to("../../shared/2025")
    (hostile / "content" / "events" / "c").symlink_to("../../shared")  # (holds it)
    checked = run("check", hostile, "--today", TODAY)
    assert checked.code == 0, checked.out
    lines = [line for line in checked.out.splitlines() if "[link-loop]" in line]
    assert [line.split(": warning: ")[0] for line in lines] == [
        "content/events/b:1:1",
        "content/events/c:1:1",
    ]
    assert "leads to shared/2025, which is read already through content/events/a" in lines[0]
    assert "leads to shared, which is read already through content/events/a" in lines[1]
    assert checked.out.count("linked-in.md") == 1  # (its same-day-order warning: once)
