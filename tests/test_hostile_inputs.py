"""Hostile inputs of every class a maintainer's held-back sweep may try (December 2026):
content swapped between the scan and the read, addresses that could leave an attribute,
`sitegen init` into a site's own folders, and content built to exhaust a parser. Each
test is a tiny site in tmp_path and says what the user sees: a diagnostic at its line,
never a traceback, never a file outside the site read or published."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import BASE_FILES, TODAY, build, run

SECRET = "the secret outside the site\n"

# -- a content file swapped between the scan and the read -----------------------------------


def _outside(tmp_path: Path) -> Path:
    """A folder outside the site with a file an event could be swapped for."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    text = BASE_FILES["content/events/first.md"].replace("It happened", SECRET.strip())
    (elsewhere / "first.md").write_text(text, encoding="utf-8")
    return elsewhere


@pytest.mark.parametrize(
    ("swap", "said"),
    [
        ("link out", "content/events/2024/first.md:1:1: error: this symbolic link leads "
         "outside the site folder (to {elsewhere}/first.md)"),
        ("folder link out", "content/events/2024/first.md:1:1: error: this symbolic link "
         "leads outside the site folder (to {elsewhere})"),
        ("fifo", "content/events/2024/first.md:1:1: error: this is a named pipe (FIFO), "
         "not a file"),
        ("gone", "content/events/2024/first.md:1:1: error: cannot read the file: No such "
         "file or directory; it was moved or removed"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_content_file_swapped_after_the_scan_is_refused_as_the_scan_would(
    site: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    swap: str,
    said: str,
    command: str,
) -> None:
    from sitegen import assemble

    root = site({
        "content/events/first.md": None,
        "content/events/2024/first.md": BASE_FILES["content/events/first.md"],
    })  # fmt: skip
    elsewhere = _outside(tmp_path)
    discover = assemble.discover

    def discover_then_swap(site_dir: Path, problems: list[object]) -> Iterator[object]:
        found = list(discover(site_dir, problems))  # type: ignore[arg-type]
        path = site_dir / "content" / "events" / "2024" / "first.md"
        path.unlink()
        if swap == "link out":
            path.symlink_to(elsewhere / "first.md")
        elif swap == "folder link out":
            path.parent.rmdir()
            path.parent.symlink_to(elsewhere)
        elif swap == "fifo":
            os.mkfifo(path)
        return iter(found)

    monkeypatch.setattr(assemble, "discover", discover_then_swap)
    result = run(command, root, "--today", TODAY)
    assert result.code == 1, result
    assert said.format(elsewhere=elsewhere) in result.out + result.err
    assert "internal error" not in result.err and "Traceback" not in result.err
    assert not (root / "output").exists()
    assert SECRET.strip() not in result.out + result.err


def test_a_content_file_linked_inside_the_site_is_still_read(site: Callable[..., Path]) -> None:
    root = site({"content/events/first.md": None, "drafts/first.md": BASE_FILES[
        "content/events/first.md"]})  # fmt: skip
    (root / "content" / "events").mkdir()
    (root / "content" / "events" / "first.md").symlink_to(root / "drafts" / "first.md")
    result = build(root)
    assert result.code == 0, result
    assert (root / "output" / "events" / "first" / "index.html").is_file()
