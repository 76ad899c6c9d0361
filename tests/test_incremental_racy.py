"""Racy stamps: an edit made in the same tick of a coarse file-system clock as the build
that recorded the file's stamp (size, times, inode) leaves that stamp as it was. The
incremental build (and the preview's rebuild) must not take the old content for it: a
stamp recorded while the file could still change unseen is checked by content next time,
as git does with an index entry not older than the index ("racy git").

The coarse clock is simulated: the stamps are read as a file system that keeps times to
the second and has no change time of its own (FAT, many network shares) reports them,
and each save sets the file's mtime back to the tick of the first with os.utime.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen import assemble, files, unchanged
from sitegen.serve import PreviewServer
from tests.conftest import TODAY, build, write_site

EVENT = "content/events/first.md"
PAGE = "events/first/index.html"
SECOND = 1_000_000_000


@pytest.fixture
def coarse_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Stamps as a file system with a 1 s clock and no change time reports them."""
    real = files.stat_signature

    def coarse(st: os.stat_result) -> tuple[int, ...]:
        mtime = st.st_mtime_ns // SECOND * SECOND
        return (mtime, mtime, *real(st)[2:])

    for module in (files, assemble, unchanged):
        monkeypatch.setattr(module, "stat_signature", coarse)
    yield


def _tick() -> int:
    """The current tick of the coarse clock, in ns."""
    return time.time_ns() // SECOND * SECOND


def _save(site: Path, old: str, new: str, tick: int) -> None:
    """Edit the event in place (same size), its mtime that of the tick it was saved in."""
    path = site / EVENT
    text = path.read_text(encoding="utf-8")
    assert old in text and len(old) == len(new)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(tick, tick))


def _settled(site: Path) -> int:
    """Every content file last changed an hour ago (that time, in ns)."""
    long_ago = _tick() - 3600 * SECOND
    for path in (site / "content").rglob("*"):
        os.utime(path, ns=(long_ago, long_ago))
    return long_ago


def _content_reads(site: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The content files the no-change build's walk reads from now on (filled as it
    reads them)."""
    read: list[str] = []
    real = unchanged.read_file

    def counted(path: str) -> tuple[bytes, os.stat_result]:
        if path.startswith(str(site / "content")):
            read.append(path)
        return real(path)

    monkeypatch.setattr(unchanged, "read_file", counted)
    return read


def test_an_edit_in_the_tick_of_the_last_build_is_built(tmp_path: Path, coarse_clock: None) -> None:
    site, out = write_site(tmp_path / "site", {}), tmp_path / "out"
    tick = _tick()
    os.utime(site / EVENT, ns=(tick, tick))
    assert build(site, "--output", out).code == 0
    assert "8 July 2024" in (out / PAGE).read_text(encoding="utf-8")

    _save(site, '"2024-07-08"', '"2019-07-08"', tick)  # in the same tick: stamp as recorded
    assert build(site, "--output", out).code == 0
    assert "8 July 2019" in (out / PAGE).read_text(encoding="utf-8")
    assert build(site, "--output", out, "--clean").code == 0  # (what a clean build makes)
    assert "8 July 2019" in (out / PAGE).read_text(encoding="utf-8")


def test_a_second_save_in_the_tick_of_the_last_rebuild_is_previewed(
    tmp_path: Path, coarse_clock: None
) -> None:
    site = write_site(tmp_path / "site", {})
    server = PreviewServer(site, port=0, today=dt.date.fromisoformat(TODAY), echo=lambda line: None)
    server.rebuild(initial=True)  # (no port, no watcher: the rebuilds are called here)
    tick = _tick()
    _save(site, '"2024-07-08"', '"2019-07-08"', tick)
    server.rebuild([EVENT])
    assert b"8 July 2019" in server.snapshot.pages[PAGE]

    _save(site, '"2019-07-08"', '"2018-07-08"', tick)  # the editor saves again at once
    server.rebuild([EVENT])
    assert b"8 July 2018" in server.snapshot.pages[PAGE]


def test_a_stamp_older_than_the_tick_is_trusted_without_reading(
    tmp_path: Path, coarse_clock: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other side: a file last saved well before the build is not read again by the
    next one (its stamp stands for its content), so a no-change build stays cheap."""
    site, out = write_site(tmp_path / "site", {}), tmp_path / "out"
    _settled(site)
    assert build(site, "--output", out).code == 0
    assert build(site, "--output", out).code == 0  # (any first-build leftovers settled)

    read = _content_reads(site, monkeypatch)
    assert build(site, "--output", out).code == 0
    assert not read


def test_a_racy_stamp_found_unchanged_is_recorded_and_then_trusted(
    tmp_path: Path, coarse_clock: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A racy file that the next build finds as it was (no page to make again) is
    recorded with its stamp then: the builds after it do not read it again and again."""
    site, out = write_site(tmp_path / "site", {}), tmp_path / "out"
    long_ago = _settled(site)
    tick = _tick()
    os.utime(site / EVENT, ns=(tick, tick))
    assert build(site, "--output", out).code == 0
    os.utime(site / EVENT, ns=(long_ago, long_ago))  # (as if its tick were long past)

    read = _content_reads(site, monkeypatch)
    assert build(site, "--output", out).code == 0
    assert read == [str(site / EVENT)]
    read.clear()
    assert build(site, "--output", out).code == 0
    assert not read


def test_a_picture_replaced_with_its_times_kept_shows_its_own_size(tmp_path: Path) -> None:
    """A picture replaced by one of the same byte size with its mtime kept (cp -p, rsync
    -t, or a save in the same tick) while an event's body is edited: the pages show the
    new picture's size, as a clean build's do (pictures are described from their bytes;
    the static files' stamps, which a body edit alone compares, are not trusted for them)."""
    from tests.test_publish import tiny_png

    wide, tall = tiny_png(3, 1), tiny_png(1, 3)
    assert len(wide) == len(tall)
    event = (
        '---\ntitle: "The first event"\ndate: "2024-07-08"\npeople: [ada-lovelace]\n'
        'countries: [testland]\nsources: [wire]\nimage:\n  src: "photo.png"\n  alt: "A photo"\n'
        "---\nIt happened, said [[ada-lovelace]] [@wire].\n"
    )
    site = write_site(tmp_path / "site", {EVENT: event, "static/photo.png": wide})
    out = tmp_path / "out"
    photo = site / "static/photo.png"
    kept = photo.stat().st_mtime_ns
    assert build(site, "--output", out).code == 0
    assert 'width="3" height="1"' in (out / PAGE).read_text(encoding="utf-8")

    photo.write_bytes(tall)
    os.utime(photo, ns=(kept, kept))
    (site / EVENT).write_text(event.replace("It happened", "It occurred"), encoding="utf-8")
    assert build(site, "--output", out).code == 0
    page = (out / PAGE).read_text(encoding="utf-8")
    assert "It occurred" in page and 'width="1" height="3"' in page
