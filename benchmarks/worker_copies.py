"""What a forked render worker copies of its parent's memory, by share and by step.

    python benchmarks/worker_copies.py SITE [--processes 3] [--kinds]

Issue #20 allows 40 MiB per extra worker. A forked worker's growth is the parent's pages
it writes: reading an object writes its reference count, so each page holding an object
it reads becomes its own copy (docs/performance-history.md, "Memory per extra worker"). This
runs a cold build of SITE (into a scratch folder, `--today 2026-12-04`) up to where the
render forks its workers, does there what the build does before the fork (the first
page of each template rendered, gc frozen), then forks one child per case below, each
doing one part of a worker's work, and prints the child's Private_Dirty at its end:
what that part copies. The build stops there (nothing is committed; the parse cache is
still written beside the site, as a cold build's is: run it on a copy).

A worker's share at N processes is taken as the build's claims give it: every
(N - 1)-th chunk of 16 list pages and every N-th chunk of event pages; "contiguous":
the same number of event pages in one stretch. `--kinds`: each list template's pages
(every second one) alone too.

`--packed`: the same shares rendered from bytes made before the fork, as a worker fed
compact inputs would render them: each page's data one pickle in a shared buffer (an
event page's data made first), every Entry in it a marshal record of its fields decoded
where it is read, the site's people, countries, sources and timelines the parent's own
objects; with and without the page keys (whose memos, filled before the fork, compare a
decoded Entry or a model object's digest with the parent's). Made once, before the cases
(a few CPU-seconds, ~130 MiB for a share of 3 at 10,000 standard events): what these
measure is the floor of "pages fed from bytes", not a form to build on.

Run it with the Python that has sitegen installed: .venv/bin/python benchmarks/worker_copies.py
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import io
import marshal
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sitegen.pages import ENTRY_FIELDS, Entry, Page

CHUNK = 16
TODAY = "2026-12-04"
CHIP_FIELDS = tuple(
    at for at, f in enumerate(dataclasses.fields(Entry)) if f.name in ("people", "countries")
)
"""The places of an Entry's people and countries among its fields (tuples of chips)."""


class _Stop(BaseException):
    """Raised once the cases are measured: the build goes no further."""


def private_dirty_mib() -> int:
    """This process's Private_Dirty (MiB)."""
    with open("/proc/self/smaps_rollup") as f:
        for line in f:
            if line.startswith("Private_Dirty:"):
                return int(line.split()[1]) // 1024
    return 0


def in_child(work: Callable[[], object]) -> int:
    """work() in a forked child, in a malloc arena of its own as a render worker works
    (executor.in_own_arena: in the inherited heap, its own allocations would copy the
    pages around the heap's holes): its Private_Dirty at the end (MiB), -1 if it failed."""
    from sitegen.executor import in_own_arena

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        code = 1
        try:
            in_own_arena(work)
            os.write(write, str(private_dirty_mib()).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as f:
        got = f.read()
    os.waitpid(pid, 0)
    return int(got) if got else -1


def every(items: list[int], step: int) -> list[int]:
    """Every `step`-th chunk of CHUNK items, from the first."""
    return [i for at in range(0, len(items), CHUNK * step) for i in items[at : at + CHUNK]]


def cases(
    job: Any, lists: list[int], events: list[int], n: int, kinds: bool
) -> list[tuple[str, Callable[[], object]]]:
    """(name, work) of each case for a worker of `n` processes."""
    pages, renderer = job.pages, job.renderer

    def each(step: Callable[[int], object], idx: list[int]) -> Callable[[], object]:
        def run() -> None:
            for i in idx:
                step(i)  # (its result dropped, as a worker drops a page's data)

        return run

    def made(idx: list[int]) -> Callable[[], object]:
        return each(lambda i: pages[i].made(), idx)

    def keyed(idx: list[int]) -> Callable[[], object]:
        return each(lambda i: renderer.key(pages[i].made()), idx)

    def rendered(idx: list[int]) -> Callable[[], object]:
        return each(job, idx)

    def unkeyed(idx: list[int]) -> Callable[[], object]:
        return each(lambda i: renderer.render(pages[i].made()), idx)

    my_lists, my_events = every(lists, max(1, n - 1)), every(events, n)
    stretch = events[: len(my_events)]
    found: list[tuple[str, Callable[[], object]]] = [
        ("nothing", lambda: None),
        (f"event pages ({len(my_events)}): their data made", made(my_events)),
        ("event pages: data and keys", keyed(my_events)),
        ("event pages: rendered", rendered(my_events)),
        ("event pages: rendered, no keys", unkeyed(my_events)),
        ("event pages, contiguous: rendered", rendered(stretch)),
        (f"list pages ({len(my_lists)}): their data made", made(my_lists)),
        ("list pages: data and keys", keyed(my_lists)),
        ("list pages: rendered", rendered(my_lists)),
        ("list pages: rendered, no keys", unkeyed(my_lists)),
        ("a worker's share: both", rendered(my_lists + my_events)),
        ("a worker's share, events contiguous", rendered(my_lists + stretch)),
    ]
    if kinds:
        for template in sorted({pages[i].template for i in lists}):
            half = [i for i in lists if pages[i].template == template][::2]
            found.append((f"{template}, every 2nd ({len(half)}): keys", keyed(half)))
            found.append((f"{template}, every 2nd: rendered", rendered(half)))
    return found


class Records:
    """Every Entry of the plan as a marshal record in one bytes (its chips by number)."""

    def __init__(self, entries: list[Any]) -> None:
        self.chips: list[Any] = []
        numbers: dict[int, int] = {}  # (the chips' identity: a scratch table, not kept)
        parts: list[bytes] = []
        self.offsets = [0]
        for e in entries:
            fields = list(ENTRY_FIELDS(e))
            for at in CHIP_FIELDS:
                fields[at] = tuple(self._number(c, numbers) for c in fields[at])
            parts.append(marshal.dumps(fields))
            self.offsets.append(self.offsets[-1] + len(parts[-1]))
        self.packed = b"".join(parts)

    def _number(self, chip: Any, numbers: dict[int, int]) -> int:
        if id(chip) not in numbers:
            numbers[id(chip)] = len(self.chips)
            self.chips.append(chip)
        return numbers[id(chip)]

    def entry(self, k: int) -> Any:
        """The k-th Entry, made anew from its record."""
        fields = marshal.loads(self.packed[self.offsets[k] : self.offsets[k + 1]])
        for at in CHIP_FIELDS:
            fields[at] = tuple([self.chips[c] for c in fields[at]])
        return Entry(*fields)


class Packer(pickle.Pickler):
    """Pickles a page's data: each Entry as its record's number, the site's shared
    objects (and `records`) as their place in `table`, the rest by value."""

    def __init__(self, table: list[Any], shared: dict[int, int], entries: dict[int, int]) -> None:
        self.buffer = io.BytesIO()
        super().__init__(self.buffer, protocol=pickle.HIGHEST_PROTOCOL)
        self.table, self.shared, self.entries = table, shared, entries

    def reducer_override(self, obj: Any) -> Any:
        k = self.entries.get(id(obj)) if type(obj) is Entry else None
        return NotImplemented if k is None else (self.table[0].entry, (k,))

    def persistent_id(self, obj: Any) -> int | None:
        return self.shared.get(id(obj))


class Unpacker(pickle.Unpickler):
    def __init__(self, data: memoryview, table: list[Any]) -> None:
        super().__init__(io.BytesIO(data))
        self.table = table

    def persistent_load(self, pid: Any) -> Any:
        return self.table[pid]


def packed(job: Any, idx: list[int]) -> Callable[[int, bool], Any]:
    """Pages `idx` of the job packed (see --packed); what renders one from its bytes."""
    pages = job.pages
    plan = next(p.shows.make.args[0] for p in pages if hasattr(p.shows, "make"))
    site = plan.site
    records = Records(list(plan.entries))
    table: list[Any] = [records, site, site.config]
    for kind in (site.people, site.countries, site.sources, site.timelines):
        table.extend(kind.values())
    table.extend([*plan.chips.people.values(), *plan.chips.countries.values()])
    shared = {id(o): n for n, o in enumerate(table)}
    entries = {id(e): k for k, e in enumerate(plan.entries)}
    blobs, at = [], {}
    for i in idx:
        packer = Packer(table, shared, entries)
        packer.dump(pages[i].made().data)
        at[i] = len(blobs)
        blobs.append(packer.buffer.getvalue())
    offsets = [0]
    for blob in blobs:
        offsets.append(offsets[-1] + len(blob))
    view = memoryview(b"".join(blobs))
    print(f"packed {len(idx)} pages: {offsets[-1] / 2**20:.1f} MiB", flush=True)

    def render(i: int, keyed: bool) -> Any:
        k = at[i]
        data = Unpacker(view[offsets[k] : offsets[k + 1]], table).load()
        page = Page(pages[i].path, pages[i].template, data)
        renderer = job.renderer
        key = renderer.key(page) if keyed else ""
        html, pieces = renderer.render(page), renderer.pieces  # (as RenderJob takes them)
        written, hashed = pieces.written.pop(page.path, None), pieces.hashed.pop(page.path, None)
        return job.sink.take(i, key, page.path, html, written, pieces.made.get(page.path), hashed)

    return render


def packed_cases(
    job: Any, lists: list[int], events: list[int], n: int
) -> list[tuple[str, Callable[[], object]]]:
    """(name, work) of the --packed cases for a worker of `n` processes."""
    my_lists, my_events = every(lists, max(1, n - 1)), every(events, n)
    render = packed(job, my_lists + my_events)

    def each(idx: list[int], keyed: bool) -> Callable[[], object]:
        def run() -> None:
            for i in idx:
                render(i, keyed)  # (its result dropped, as in cases())

        return run

    return [
        ("event pages, from bytes", each(my_events, True)),
        ("event pages, from bytes, no keys", each(my_events, False)),
        ("list pages, from bytes", each(my_lists, True)),
        ("list pages, from bytes, no keys", each(my_lists, False)),
        ("a worker's share from bytes", each(my_lists + my_events, True)),
        ("a worker's share from bytes, no keys", each(my_lists + my_events, False)),
    ]


def measure_at_fork(n: int, kinds: bool, packs: bool = False) -> Callable[..., Any]:
    """A stand-in for renderjobs.Shared.run (the render shared with forked workers) that
    measures the cases and stops."""
    from sitegen import renderjobs

    def measured(path: Any, job: Any, todo: Any, *_: Any) -> Any:
        shared = todo.shared
        primed = renderjobs._firsts(job.pages, shared)
        for i in primed:
            job(i)
        gc.freeze()
        rest = [i for i in shared if i not in set(primed)]
        events = [i for i in rest if job.pages[i].template == "event.html"]
        lists = [i for i in rest if job.pages[i].template != "event.html"]
        print(f"{n} processes: a worker's Private_Dirty (MiB) after")
        found = cases(job, lists, events, n, kinds)
        if packs:
            found += packed_cases(job, lists, events, n)
        for name, work in found:
            print(f"  {in_child(work):5d}  {name}", flush=True)
        raise _Stop

    return measured


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("site", type=Path)
    p.add_argument("--processes", type=int, default=3, help="the worker's share of how many")
    p.add_argument("--kinds", action="store_true", help="each list template alone too")
    p.add_argument("--packed", action="store_true", help="the shares rendered from bytes too")
    args = p.parse_args(argv)

    from sitegen import build, renderjobs
    from sitegen.options import Options

    renderjobs.Shared.run = measure_at_fork(args.processes, args.kinds, args.packed)  # type: ignore[method-assign]
    today = dt.date.fromisoformat(TODAY)
    with tempfile.TemporaryDirectory(prefix="worker-copies-") as out:
        builder = build.Builder(
            args.site, Path(out), Options(today=TODAY), today, jobs=args.processes, clean=True
        )
        try:
            builder.build()
        except _Stop:
            return 0
    print("the build did not fork its render (too small a site, or one process?)", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
