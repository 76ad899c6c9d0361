"""Peak memory of a cold build at 1, 2, 3, … processes, and what each extra one adds.

    python benchmarks/workers.py [--corpus standard,varied,extreme] [--events 10000]
                                 [--workers 1,2,3,4] [--runs 1] [--seed 1] [--idle]

Issue #20 asks for a peak of at most 400 MiB at 2 workers, growing by at most 40 MiB per
extra worker. sitegen uses one process per CPU it may run on (the build and one forked
worker per other CPU), so on a machine with few CPUs `run.py` sees one point only. Here
each build is told its number of processes (`Builder(jobs=N)`, what the CLI picks on N
CPUs): more processes than CPUs build slower, but hold what they would hold on N CPUs.

Each run: `sitegen build --clean` of the corpus's cached site (run.py's, generated when
missing) into an empty folder, measured by measure.py (peak: the largest PSS sum over
the process tree, sampled every 0.1 s; CPU: user + system of the tree). Reported: the
least peak of the runs at each N, the growth from N - 1 to N, and the verdict of issue
#20's line (400 MiB at 2 processes; at most 40 MiB per process from 2 on).

`--idle`: at each N of 3 or more, one more build whose last render worker renders
nothing: forked as the others are, it claims no page and lives until they have ended.
Its growth from N - 1 is what an extra process costs whatever it renders: the pages of
the model that the other processes all wrote after the fork (reading an object writes
its reference count), whose originals it alone still maps. The rest of the growth is
the extra worker's own work (docs/performance.md, "An extra worker's memory, idle").

Run it with the Python that has sitegen installed: .venv/bin/python benchmarks/workers.py
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import measure  # noqa: E402
from run import CORPORA, byte_compile, empty_dir, ensure_site, scratch_root  # noqa: E402

TODAY = "2026-12-04"
AT_TWO = 400  # MiB: issue #20's peak at 2 processes
PER_WORKER = 40  # MiB: issue #20's growth per extra process


class IdleClaims:
    """What an idle render worker claims: nothing. It waits until every page is claimed
    and its sibling workers (`siblings`, their pids) have ended, then claims no more,
    so that it maps the model as long as a working one does."""

    def __init__(self, claims: Any, siblings: list[int]) -> None:
        self.claims, self.siblings = claims, siblings

    def __iter__(self) -> Iterator[Any]:
        claims = self.claims
        while int.from_bytes(os.pread(claims.fd, 8, 0), "little") < len(claims.items):
            time.sleep(0.05)
        while any(_running(pid) for pid in self.siblings):
            time.sleep(0.05)
        yield from ()


def _running(pid: int) -> bool:
    """Whether the process runs (not ended, nor ended and waiting to be reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def idle_last_render_worker() -> None:
    """The last worker each render forks (`Forked.map(..., apart=True)`, the render's)
    renders nothing (IdleClaims); the parse's workers work as before."""
    from sitegen import executor

    start, forked_map = executor._start, executor.Forked.map
    render: list[int] = []  # (the workers of the render being forked, while it forks)

    def map_(self: Any, *args: Any, **kwargs: Any) -> Any:
        render[:] = [self.workers] if kwargs.get("apart") else []
        return forked_map(self, *args, **kwargs)

    def start_(claims: Any, work: Any, sent: Any, others: list[Any]) -> Any:
        if render and len(others) == render[0] - 1 and others:
            claims = IdleClaims(claims, [other.pid for other in others])
        return start(claims, work, sent, others)

    executor.Forked.map = map_  # type: ignore[method-assign]
    executor._start = start_


def build_child(site: str, out: str, jobs: int, idle: bool = False) -> int:
    """A cold build as `sitegen build SITE -o OUT --clean --today TODAY` runs it, on
    `jobs` processes; `idle`: the last render worker renders nothing."""
    import datetime as dt

    from sitegen.build import Builder
    from sitegen.options import Options

    if idle:
        idle_last_render_worker()
    today = dt.date.fromisoformat(TODAY)
    options = Options(today=today.isoformat())
    result = Builder(Path(site), Path(out), options, today, jobs=jobs, clean=True).build()
    return 0 if result.ok else 1


Point = tuple[int, bool]
"""A build measured: its number of processes, and whether its last render worker is idle."""


def points(workers: list[int], idle: bool) -> list[Point]:
    """The builds to measure, each number of processes followed by its idle build."""
    found: list[Point] = []
    for n in workers:
        found.append((n, False))
        if idle and n >= 3:
            found.append((n, True))
    return found


def peaks(site: Path, work: Path, builds: list[Point], runs: int) -> dict[Point, tuple[int, float]]:
    """The least peak (MiB) and CPU-seconds of `runs` cold builds of each point,
    interleaved."""
    found: dict[Point, list[tuple[int, float]]] = {b: [] for b in builds}
    for _ in range(runs):
        for n, idle in builds:
            out = work / f"out-{n}"
            empty_dir(out)
            cmd = [sys.executable, str(Path(__file__)), "--child", str(site), str(out), str(n)]
            m = measure([*cmd, "--idle"] if idle else cmd, Path.cwd(), timeout=3600)
            what = f"{n} processes" + (", the last idle" if idle else "")
            if not m.ok:
                print(f"  {what}: failed ({m.returncode})\n{m.stderr_tail}")
                continue
            mib = m.peak_rss_kb // 1024
            print(f"  {what}: peak {mib} MiB, {m.cpu:.1f} CPU-s, {m.wall:.1f} s wall")
            found[(n, idle)].append((mib, m.cpu))
            shutil.rmtree(out, ignore_errors=True)
    return {b: min(v) for b, v in found.items() if v}


def table(corpus: str, events: int, got: dict[Point, tuple[int, float]]) -> list[str]:
    """Markdown rows: processes, peak, growth from one process fewer, verdict (and for
    an idle build, how much of the growth is the extra worker's own work)."""
    lines = [
        f"### {corpus}, {events} events",
        "",
        "| processes | peak | CPU-s | growth from one fewer | issue #20 |",
        "|---:|---:|---:|---:|---|",
    ]
    for (n, idle), (mib, cpu) in sorted(got.items()):
        before = got.get((n - 1, False))
        growth = f"{mib - before[0]:+d} MiB" if before else ""
        verdict = ""
        if idle:
            working = got.get((n, False))
            if working:
                verdict = f"the extra worker's own work: {working[0] - mib:+d} MiB"
        elif n == 2:
            verdict = "met" if mib <= AT_TWO else f"missed (> {AT_TWO} MiB)"
        elif n > 2 and before:
            verdict = "met" if mib - before[0] <= PER_WORKER else f"missed (> {PER_WORKER} MiB)"
        label = f"{n}, the last idle" if idle else str(n)
        lines.append(f"| {label} | {mib} MiB | {cpu:.1f} | {growth} | {verdict} |")
    return lines


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--corpus", default="standard,varied,extreme")
    p.add_argument("--events", type=int, default=10000)
    p.add_argument("--workers", default="1,2,3,4", help="numbers of processes, comma-separated")
    p.add_argument("--runs", type=int, default=1, help="runs at each number (the least peak)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--idle", action="store_true", help="from 3 processes, a build with an idle worker too"
    )
    args = p.parse_args(argv)
    args.corpora = [c for c in args.corpus.split(",") if c]
    unknown = [c for c in args.corpora if c not in CORPORA]
    if unknown:
        p.error(f"unknown corpus {unknown[0]} (one of {', '.join(CORPORA)})")
    args.workers = sorted({int(n) for n in args.workers.split(",") if n})
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return build_child(argv[1], argv[2], int(argv[3]), idle=argv[4:5] == ["--idle"])
    args = parse_args(argv)
    byte_compile()
    root = scratch_root()
    report: list[str] = []
    for corpus in args.corpora:
        site, _ = ensure_site(root, corpus, args.events, args.seed)
        # (a folder of this run's own, as run.py's: two benchmarks may share the root)
        work = root / f"workers-{corpus}-{args.events}-{os.getpid()}"
        empty_dir(work)
        try:
            # a copy: a cold build still writes the cache beside the site
            shutil.copytree(site, work / "site")
            print(f"[{corpus} {args.events}]")
            got = peaks(work / "site", work, points(args.workers, args.idle), args.runs)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        report += [*table(corpus, args.events, got), ""]
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
