"""Peak memory of a cold build at 1, 2, 3, … processes, and what each extra one adds.

    python benchmarks/workers.py [--corpus standard,varied,extreme] [--events 10000]
                                 [--workers 1,2,3,4] [--runs 1] [--seed 1]

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

Run it with the Python that has sitegen installed: .venv/bin/python benchmarks/workers.py
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import measure  # noqa: E402
from run import CORPORA, byte_compile, empty_dir, ensure_site, scratch_root  # noqa: E402

TODAY = "2026-12-04"
AT_TWO = 400  # MiB: issue #20's peak at 2 processes
PER_WORKER = 40  # MiB: issue #20's growth per extra process


def build_child(site: str, out: str, jobs: int) -> int:
    """A cold build as `sitegen build SITE -o OUT --clean --today TODAY` runs it, on
    `jobs` processes."""
    import datetime as dt

    from sitegen.build import Builder
    from sitegen.options import Options

    today = dt.date.fromisoformat(TODAY)
    options = Options(today=today.isoformat())
    result = Builder(Path(site), Path(out), options, today, jobs=jobs, clean=True).build()
    return 0 if result.ok else 1


def peaks(site: Path, work: Path, workers: list[int], runs: int) -> dict[int, tuple[int, float]]:
    """The least peak (MiB) and CPU-seconds of `runs` cold builds at each number of
    processes, interleaved."""
    found: dict[int, list[tuple[int, float]]] = {n: [] for n in workers}
    for _ in range(runs):
        for n in workers:
            out = work / f"out-{n}"
            empty_dir(out)
            cmd = [sys.executable, str(Path(__file__)), "--child", str(site), str(out), str(n)]
            m = measure(cmd, Path.cwd(), timeout=3600)
            if not m.ok:
                print(f"  {n} processes: failed ({m.returncode})\n{m.stderr_tail}")
                continue
            mib = m.peak_rss_kb // 1024
            print(f"  {n} processes: peak {mib} MiB, {m.cpu:.1f} CPU-s, {m.wall:.1f} s wall")
            found[n].append((mib, m.cpu))
            shutil.rmtree(out, ignore_errors=True)
    return {n: min(v) for n, v in found.items() if v}


def table(corpus: str, events: int, got: dict[int, tuple[int, float]]) -> list[str]:
    """Markdown rows: processes, peak, growth from one process fewer, verdict."""
    lines = [
        f"### {corpus}, {events} events",
        "",
        "| processes | peak | CPU-s | growth from one fewer | issue #20 |",
        "|---:|---:|---:|---:|---|",
    ]
    for n, (mib, cpu) in sorted(got.items()):
        before = got.get(n - 1)
        growth = f"{mib - before[0]:+d} MiB" if before else ""
        verdict = ""
        if n == 2:
            verdict = "met" if mib <= AT_TWO else f"missed (> {AT_TWO} MiB)"
        elif n > 2 and before:
            verdict = "met" if mib - before[0] <= PER_WORKER else f"missed (> {PER_WORKER} MiB)"
        lines.append(f"| {n} | {mib} MiB | {cpu:.1f} | {growth} | {verdict} |")
    return lines


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--corpus", default="standard,varied,extreme")
    p.add_argument("--events", type=int, default=10000)
    p.add_argument("--workers", default="1,2,3,4", help="numbers of processes, comma-separated")
    p.add_argument("--runs", type=int, default=1, help="runs at each number (the least peak)")
    p.add_argument("--seed", type=int, default=1)
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
        return build_child(argv[1], argv[2], int(argv[3]))
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
            got = peaks(work / "site", work, args.workers, args.runs)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        report += [*table(corpus, args.events, got), ""]
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
