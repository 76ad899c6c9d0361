"""The parse cache in SITE/.sitegen-cache/parse-NN.pickle (sitegen/cache.py): what one
build saves the next finds, whoever made the pickles, and a shard of another layout is
no cache (the build parses again, never a traceback)."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sitegen import cache as cache_mod
from sitegen.build import Builder
from sitegen.cache import ParseCache
from sitegen.options import Options
from tests.conftest import TODAY, build


def _key(rel: str, digest: str = "d") -> tuple[str, str, str, str, bool]:
    return ("0", "event", rel, digest, False)


def _same_shard(count: int) -> list[tuple[str, str, str, str, bool]]:
    """`count` keys that fall in one shard."""
    keys = [_key(f"content/events/e{i}.md") for i in range(200)]
    first = ParseCache.shard(keys[0])
    found = [k for k in keys if ParseCache.shard(k) == first][:count]
    assert len(found) == count
    return found


def test_what_a_save_holds_the_next_load_finds(tmp_path: Path) -> None:
    path = tmp_path / "parse.pickle"
    saved = ParseCache(path, load=False)
    for i in range(40):
        saved.put(_key(f"content/events/e{i}.md"), {"title": f"Event {i}"})
    saved.save()
    loaded = ParseCache(path)
    assert loaded.get(_key("content/events/e7.md")) == {"title": "Event 7"}
    assert loaded.get(_key("content/events/e7.md", "other")) is None
    assert not loaded.dirty  # every shard read back


def test_the_workers_pickles_are_saved_as_made_when_they_hold_the_whole_shard(
    tmp_path: Path,
) -> None:
    path = tmp_path / "parse.pickle"
    keys = _same_shard(3)
    values = {k: {"n": i} for i, k in enumerate(keys)}
    saved = ParseCache(path, load=False)
    for k in keys:
        saved.put(k, values[k])
    first = pickle.dumps({k: values[k] for k in keys[:2]})
    saved.put_packed(keys[:2], first)
    saved.put_packed(keys[2:], pickle.dumps({keys[2]: values[keys[2]]}))
    shard = ParseCache.shard(keys[0])
    saved.save()
    assert first in saved._shard_path(shard).read_bytes()  # not pickled again
    loaded = ParseCache(path)
    assert [loaded.get(k) for k in keys] == [values[k] for k in keys]


def test_pickles_that_miss_an_entry_are_saved_with_one_of_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "parse.pickle"
    keys = _same_shard(2)
    saved = ParseCache(path, load=False)
    saved.put(keys[0], "a")
    saved.put(keys[1], "b")  # parsed here, in no worker's pickle
    first = pickle.dumps({keys[0]: "a"})
    saved.put_packed(keys[:1], first)
    saved.save()
    assert first in saved._shard_path(ParseCache.shard(keys[0])).read_bytes()
    loaded = ParseCache(path)
    assert [loaded.get(k) for k in keys] == ["a", "b"]


def test_a_shard_whose_results_are_all_in_is_written_at_once(tmp_path: Path) -> None:
    """A forked parse seals each shard once its last file is parsed: written then, its
    pickles let go; what the load did not use (an edited file's old result) is dropped,
    and the build's save writes nothing again."""
    path = tmp_path / "parse.pickle"
    keys = _same_shard(3)
    old = ParseCache(path, load=False)
    old.put(keys[0], "a")
    old.put(keys[2], "old c")
    old.save()
    cache = ParseCache(path)
    assert cache.get(keys[0]) == "a"  # looked up: used
    cache.put(keys[1], "b")
    cache.put_packed(keys[1:2], pickle.dumps({keys[1]: "b"}))
    shard = ParseCache.shard(keys[0])
    cache.seal(shard)
    assert not cache.packed and shard not in cache.dirty
    loaded = ParseCache(path)
    assert [loaded.get(k) for k in keys] == ["a", "b", None]
    written = cache._shard_path(shard).stat().st_mtime_ns
    cache.save()
    assert cache._shard_path(shard).stat().st_mtime_ns == written
    assert cache.get(keys[2]) is None


def test_a_parse_shard_of_the_old_layout_is_no_cache(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    """Before the shards were pickles stored as they are, each was a pickled dict of each
    entry's pickle."""
    root = site()
    out = tmp_path / "out"

    def builder() -> Builder:
        return Builder(root, out, Options(today=TODAY), dt.date.fromisoformat(TODAY))

    assert builder().build().ok
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    shards = sorted((root / ".sitegen-cache").glob("parse-*.pickle"))
    assert shards
    for shard in shards:
        stored = cache_mod.read_parts(shard)
        assert stored is not None
        entries: dict[object, object] = {}
        for part in stored:
            entries.update(part)
        cache_mod.write(shard, {k: pickle.dumps(v) for k, v in entries.items()})
    first = root / "content/events/first.md"
    first.write_text(first.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")
    edited = builder()
    assert edited.build().ok
    assert edited.parse_cache.dirty == set()  # saved anew, in the current layout
    for shard in shards:
        assert cache_mod.read_parts(shard) is not None
    first.write_text(first.read_text(encoding="utf-8").removesuffix("More.\n"), encoding="utf-8")
    assert build(root, "--output", str(out)).code == 0  # the CLI: no traceback either
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_pickles_stored_as_they_are_come_back_and_nothing_else_does(tmp_path: Path) -> None:
    path = tmp_path / "parts.pickle"
    cache_mod.write_parts(path, [pickle.dumps({"a": 1}), pickle.dumps([2])])
    assert cache_mod.read_parts(path) == [{"a": 1}, [2]]
    path.write_bytes(path.read_bytes()[:-3])  # cut short
    assert cache_mod.read_parts(path) is None
    cache_mod.write(path, [b"one pickle"])  # another layout
    assert cache_mod.read_parts(path) is None


def _files(out: Path) -> dict[Path, bytes]:
    return {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_an_edit_adds_its_result_to_the_shard_and_a_build_reads_the_new_one(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    """After a body edit the edited file's shard keeps its pickles and gains one of the
    new result (the old one stays unused: its key names the old text); each build shows
    the latest text. Once too many old results pile up, the shard is made again whole.
    The output is always a clean build's."""
    root = site()
    out = tmp_path / "out"

    def builder(output: Path = out, clean: bool = False) -> Builder:
        today = dt.date.fromisoformat(TODAY)
        return Builder(root, output, Options(today=TODAY), today, clean=clean)

    assert builder().build().ok
    first = root / "content/events/first.md"
    shard = ParseCache.shard(("", "event", "content/events/first.md"))
    shards = sorted((root / ".sitegen-cache").glob("parse-*.pickle"))
    mine = shards[shard]
    others = {p: p.read_bytes() for p in shards if p != mine}
    parts = cache_mod.read_parts(mine)
    assert parts is not None
    entries = len(_merged_entries(parts))
    page = out / "events/first/index.html"
    added = whole = 0
    for n in range(ParseCache.STALE_MIN + 3):
        first.write_text(first.read_text(encoding="utf-8") + f"Sentence {n}.\n", encoding="utf-8")
        assert builder().build().ok
        assert f"Sentence {n}." in page.read_text(encoding="utf-8")
        now = cache_mod.read_parts(mine)
        assert now is not None
        if len(now) == len(parts) + 1 and now[:-1] == parts:
            assert list(now[-1]) == [k for k in now[-1] if k[2] == "content/events/first.md"]
            added += 1
        else:  # made again whole: only the results of the last two loads left in it
            assert len(now) == 1 and len(now[0]) <= entries + 1
            whole += 1
        parts = now
    assert added >= ParseCache.STALE_MIN and whole >= 1
    assert {p: p.read_bytes() for p in shards if p != mine} == others  # not rewritten
    assert builder(tmp_path / "clean", clean=True).build().ok
    assert _files(out) == _files(tmp_path / "clean")


def _merged_entries(parts: list[dict[object, object]]) -> dict[object, object]:
    found: dict[object, object] = {}
    for part in parts:
        found.update(part)
    return found


def test_a_shard_another_build_wrote_meanwhile_is_made_again_whole(tmp_path: Path) -> None:
    """What a save adds to must be the pickles this process read: a shard that another
    build replaced since is written whole, with what this process holds."""
    path = tmp_path / "parse.pickle"
    keys = _same_shard(3)
    first = ParseCache(path, load=False)
    first.put(keys[0], "a")
    first.save()
    mine = ParseCache(path)
    assert mine.get(keys[0]) == "a"
    other = ParseCache(path)
    assert other.get(keys[0]) == "a"
    other.put(keys[1], "b")
    other.save()  # (appended: two pickles now)
    mine.put(keys[2], "c")
    mine.save()
    loaded = ParseCache(path)
    assert [loaded.get(k) for k in keys] == ["a", None, "c"]
    stored = cache_mod.read_parts(mine._shard_path(ParseCache.shard(keys[0])))
    assert stored == [{keys[0]: "a", keys[2]: "c"}]


def test_a_record_comes_back_as_stored_even_one_that_contains_itself(tmp_path: Path) -> None:
    """cache.write pickles without the memo (fast); a value met twice comes back equal,
    and one that contains itself is stored the usual way, not refused."""
    path = tmp_path / "record.pickle"
    shared = ("abc", 1)
    cache_mod.write(
        path, {"a": shared, "b": shared, "paths": {f"p{i}": ("h", i) for i in range(5)}}
    )
    assert cache_mod.read(path) == {
        "a": ("abc", 1),
        "b": ("abc", 1),
        "paths": {f"p{i}": ("h", i) for i in range(5)},
    }
    looped: list[object] = ["x"]
    looped.append(looped)
    cache_mod.write(path, looped)
    back = cache_mod.read(path)
    assert back[0] == "x" and back[1] is back


def test_a_shard_checked_before_is_trusted_by_its_stat_until_anything_writes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shard a load checked is not checksummed by the next load while its inode, size
    and times are as checked; one changed in place since (a byte flipped, its size and
    modification time put back) is checksummed and found corrupt: its results are
    parsed again, never used."""
    monkeypatch.setattr(cache_mod, "SETTLED_NS", -(10**12))  # (every file settled at once)
    path = tmp_path / "parse.pickle"
    keys = [_key(f"content/events/e{i}.md") for i in range(40)]
    saved = ParseCache(path, load=False)
    for i, key in enumerate(keys):
        saved.put(key, f"Event {i} " * 300)
    saved.save()
    checked = ParseCache(path)
    assert checked.get(keys[0]) == "Event 0 " * 300
    checked.save()  # (nothing changed: only the shards' signatures written)
    assert set(checked.signed) == {ParseCache.shard(k) for k in keys}
    sums: list[int] = []
    crc32 = zlib.crc32

    def counted(data: bytes, value: int = 0) -> int:
        sums.append(len(data))
        return crc32(data, value)

    monkeypatch.setattr(cache_mod.zlib, "crc32", counted)
    trusted = ParseCache(path)
    assert [trusted.get(k) for k in keys] == [f"Event {i} " * 300 for i in range(len(keys))]
    assert all(size < 1000 for size in sums), sums  # (parse-signed's own, the keys)
    shard = trusted._shard_path(ParseCache.shard(keys[7]))
    before = shard.stat()
    data = bytearray(shard.read_bytes())
    data[data.index(b"Event 7 ")] ^= 0x01  # ("Dvent 7": still a pickle of a string)
    shard.write_bytes(bytes(data))
    os.utime(shard, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert shard.stat().st_size == before.st_size
    assert shard.stat().st_mtime_ns == before.st_mtime_ns
    loaded = ParseCache(path)
    assert loaded.get(keys[7]) is None
    assert all(loaded.get(k) in (None, f"Event {i} " * 300) for i, k in enumerate(keys))


def _long_body(words: int = 400) -> Any:
    from sitegen.model import Body

    text = " ".join(f"word{n}" for n in range(words))
    body = Body(f"<p>{text}</p>", text)
    body.pack()
    return body


def test_a_long_body_stays_in_the_mapped_shard_until_read(tmp_path: Path) -> None:
    """A packed body of OUT_OF_BAND_BYTES or more is stored beside its shard's pickle and
    left in the mapped file by a build's load (a one-event edit reads none of the other
    bodies); read, or pickled again (a shard made whole, another protocol), it is the
    body that was saved, even once its shard file was replaced."""
    from sitegen.model import OUT_OF_BAND_BYTES, Body

    path = tmp_path / "parse.pickle"
    keys = _same_shard(2)
    saved = ParseCache(path, load=False)
    saved.put(keys[0], _long_body())
    saved.save()
    stored = saved._shard_path(ParseCache.shard(keys[0])).read_bytes()
    assert cache_mod.BUFFERED in stored
    loaded = ParseCache(path)
    body = loaded.get(keys[0])
    assert isinstance(body, Body) and isinstance(body.__dict__["_packed"], memoryview)
    assert len(body.__dict__["_packed"]) >= OUT_OF_BAND_BYTES
    for protocol in (4, 5):  # each a copy of its own, in the pickle
        again = pickle.loads(pickle.dumps(body, protocol=protocol))
        assert isinstance(again.__dict__["_packed"], bytes) and again == _long_body()
    loaded.put(keys[1], "another")  # the shard written again: a new file under its name
    loaded.save()
    assert body.plain_bytes == len(_long_body().plain)
    assert body == _long_body() and "_packed" not in body.__dict__
    twice = ParseCache(path)
    assert twice.get(keys[0]) == _long_body() and twice.get(keys[1]) == "another"


def test_serves_cache_copies_the_bodies_out_of_its_shards(tmp_path: Path) -> None:
    """A process that goes on for hours (serve) does not hold its parse shards mapped:
    a shard cut short in place by someone else would fault the read of a body in it."""
    path = tmp_path / "parse.pickle"
    keys = _same_shard(1)
    saved = ParseCache(path, load=False)
    saved.put(keys[0], _long_body())
    saved.save()
    body = ParseCache(path, mapped=False).get(keys[0])
    assert isinstance(body.__dict__["_packed"], bytes) and body == _long_body()


def test_an_events_weight_is_pickled_with_it() -> None:
    """A one-event edit weighs every event of the site for events.json's parts; the
    weight rides in the event's pickle (the parse cache's), equal to one worked out
    anew."""
    import dataclasses

    from sitegen.dates import EDate
    from sitegen.model import Event

    event = Event("a-meeting", "A meeting", EDate(2024), people=("ada",), body=_long_body())
    weight = event.record_weight
    again = pickle.loads(pickle.dumps(event))
    assert again.__dict__["record_weight"] == weight
    assert dataclasses.replace(again).record_weight == weight
