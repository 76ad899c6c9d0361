"""A full disk under the site's .sitegen-cache/ (the site on a small partition, the output
elsewhere): one error line naming the file, no staging folder left beside the output,
and no half-written temporary files left in the cache to fill the disk further."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sitegen import write
from tests.conftest import build


def _full_disk_mkstemp(real: Callable[..., tuple[int, str]]) -> Callable[..., tuple[int, str]]:
    """mkstemp whose file takes no bytes: writes fail with ENOSPC as on a full disk."""

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        fd, path = real(*args, **kwargs)
        full = os.open("/dev/full", os.O_WRONLY)
        os.dup2(full, fd)
        os.close(full)
        return fd, path

    return mkstemp


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_under_the_cache_leaves_no_temporary_files(
    site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = site()
    monkeypatch.setattr(tempfile, "mkstemp", _full_disk_mkstemp(tempfile.mkstemp))
    result = build(root)
    monkeypatch.undo()
    assert "internal error" not in result.err
    left = [p.name for p in (root / ".sitegen-cache").rglob(".tmp-*")]
    assert left == []


def test_a_full_disk_for_the_output_marker_names_the_file_and_leaves_nothing(
    site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = site()
    out = tmp_path / "elsewhere" / "output"
    real_write_text = Path.write_text

    def full(self: Path, *args: Any, **kwargs: Any) -> int:
        if write.MARKERS in self.as_posix():
            self.write_bytes(b"")  # opened, then the disk filled: as write_text fails
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full)
    result = build(root, "--output", str(out))
    monkeypatch.undo()
    assert result.code == 1, result
    marker = write.marker_path(out.resolve(), root)
    assert result.err.strip() == (
        f"sitegen: error: cannot write {marker}: No space left on device "
        "(the output folder is as it was)"
    )
    assert not out.exists()
    assert sorted(p.name for p in out.parent.iterdir()) == []  # no staging folder
    assert not marker.exists()
    assert build(root, "--output", str(out)).code == 0
    assert marker.read_text(encoding="utf-8").startswith(str(out.resolve()))


def _tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_disk_that_fills_as_a_whole_site_file_is_written_names_it(
    site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """feed.xml, events.json and the like are written as they are made: the disk filling
    then was `sitegen: error: No space left on device`, naming no file and not saying
    what became of the output folder. It is as it was, and the error now says which file
    could not be written, as for any page."""
    root = site()
    out = tmp_path / "elsewhere" / "output"
    assert build(root, "--output", str(out)).code == 0
    before = _tree(out)
    event = root / "content" / "events" / "first.md"
    event.write_text(event.read_text().replace("The first event", "The event"))

    class FullDisk(write._StagedFile):
        def __init__(self, raw: Any, shown: str) -> None:
            full = os.open("/dev/full", os.O_WRONLY)
            os.dup2(full, raw.fileno())
            os.close(full)
            super().__init__(raw, shown)

    monkeypatch.setattr(write, "_StagedFile", FullDisk)
    result = build(root, "--output", str(out))
    monkeypatch.undo()
    assert result.code == 1, result
    err = result.err.strip()
    assert err.startswith(f"sitegen: error: cannot write {out.resolve()}/"), err
    assert err.endswith(": No space left on device (the output folder is as it was)"), err
    assert _tree(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["output"]  # no staging folder
    assert build(root, "--output", str(out)).code == 0
    assert "The event" in (out / "events" / "first" / "index.html").read_text()
