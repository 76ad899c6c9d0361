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

from sitegen import cache, write
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
    monkeypatch.setattr(cache.tempfile, "mkstemp", _full_disk_mkstemp(tempfile.mkstemp))
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
