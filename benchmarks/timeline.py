"""Who works when in a cold build: each process's stages and render jobs on one clock.

    python benchmarks/timeline.py SITE [--jobs N] [--longest 10] [--log FILE]

Issue #20 asks for wall time on 2 cores, where a stretch in which one process works and
the other waits costs as much as the work itself. This runs a cold build of SITE
(`--clean`, into a scratch folder, `--today 2026-12-04`) in this process, with sitegen's
stages, its forked workers' spans and every render job timed where they run (wall clock,
shared by all processes, and each one's CPU), and prints:

- the build's stages in the order they began, with the process that ran them (the
  parse's and the render's workers, the share cards' process beside them);
- for each process of the render, its jobs: how many, their wall and CPU seconds by
  kind of page, when its first began and its last ended;
- the render's tail: how long before the render's end each process ended its last job
  (what the other idled), and the longest single jobs (a job longer than that tail
  would be the one the other process waits for);
- the one-process stretches it can see: from the build's start to the first fork,
  between the parse's end and the render's fork, and after the render.

The timing wraps sitegen's own functions (RenderJob.__call__, Builder's stages,
executor's worker loop and its background fork), so it reads what the build does, not
samples of it; the wrapping costs a few microseconds a job. `--jobs`: the build's
processes (default: the CPUs this process may run on, as the CLI picks them). The run
leaves a parse cache beside SITE, as a cold build does: run it on a copy.

Run it with the Python that has sitegen installed: .venv/bin/python benchmarks/timeline.py
"""

from __future__ import annotations

import argparse
import collections
import functools
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TODAY = "2026-12-04"
STAGES = (
    "_load_and_check",
    "_while_workers_parse",
    "_cards_beside",
    "_plan",
    "_render",
    "_run_checks",
    "_add_pictures",
    "_commit",
)
"""Builder's methods timed as stages (each a step of `Builder._build`)."""


@dataclass
class Span:
    """One timed stretch of work in one process."""

    pid: int
    kind: str  # "stage" or "job"
    name: str  # the stage, or the job's template and page path
    start: float  # seconds since the build began (one clock for all processes)
    end: float
    cpu: float  # the process's (a stage) or the thread's (a job) CPU seconds in it


class Recorder:
    """Appends spans to a file every process of the build writes to (one short write
    each, whole lines: O_APPEND keeps them apart)."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o644)
        self.zero = time.monotonic()

    def add(self, kind: str, name: str, start: float, cpu: float) -> None:
        end = time.monotonic() - self.zero
        line = f"{os.getpid()}\t{kind}\t{name}\t{start:.5f}\t{end:.5f}\t{cpu:.5f}\n"
        os.write(self.fd, line.encode("utf-8", "replace"))

    def now(self) -> float:
        return time.monotonic() - self.zero


def _timed(recorder: Recorder, name: str, work: Callable[..., Any]) -> Callable[..., Any]:
    """`work`, recorded as a stage of this process each time it runs."""

    @functools.wraps(work)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start, cpu = recorder.now(), time.process_time()
        try:
            return work(*args, **kwargs)
        finally:
            recorder.add("stage", name, start, time.process_time() - cpu)

    return timed


def instrument(recorder: Recorder) -> None:
    """Wrap sitegen's stages, workers and render jobs so that each records its span."""
    from sitegen import build, executor, renderjobs

    for name in STAGES:
        setattr(build.Builder, name, _timed(recorder, name, getattr(build.Builder, name)))
    executor._work_claims = _timed(recorder, "worker", executor._work_claims)
    fork_one = executor._fork_one

    def background(work: Callable[[], Any], spare: Path) -> Any:
        name = "beside: " + getattr(work, "__qualname__", "work")
        return fork_one(_timed(recorder, name, work), spare)

    executor._fork_one = background
    call = renderjobs.RenderJob.__call__

    def job(self: Any, index: int) -> Any:
        start, cpu = recorder.now(), time.thread_time()
        try:
            return call(self, index)
        finally:
            page = self.pages[index]
            name = f"{page.template} {page.path}"
            recorder.add("job", name, start, time.thread_time() - cpu)

    renderjobs.RenderJob.__call__ = job


def read_spans(path: Path) -> list[Span]:
    spans = []
    for line in path.read_text(encoding="utf-8").splitlines():
        pid, kind, name, start, end, cpu = line.split("\t")
        spans.append(Span(int(pid), kind, name, float(start), float(end), float(cpu)))
    return spans


def kind_of(name: str) -> str:
    """A job's kind: its template, a producer by the file it makes (one story's files
    folded together), a timeline's year pages apart from its front page."""
    template, _, path = name.partition(" ")
    if template.startswith("producer:"):
        parts = path.split("/")
        if parts[0] == "timelines" and len(parts) > 2:
            return f"{template} timelines/*/{parts[-1]}"
        return f"{template} {'events-*.json' if path.startswith('events-') else path}"
    if template == "timeline.html" and "/years/" in f"/{path}":
        return "timeline.html (a year page)"
    return template


def report(spans: list[Span], longest: int) -> list[str]:
    """The printed summary (see the module's docstring)."""
    stages = sorted((s for s in spans if s.kind == "stage"), key=lambda s: s.start)
    jobs = [s for s in spans if s.kind == "job"]
    parent = min(s.pid for s in spans)
    roles = _roles(stages, parent)
    out = ["stage                           process        start     end    wall     cpu"]
    for s in stages:
        role = roles.get(s.pid, str(s.pid))
        out.append(
            f"{s.name:<31} {role:<12} {s.start:7.3f} {s.end:7.3f} {s.end - s.start:7.3f}"
            f" {s.cpu:7.3f}"
        )
    if not jobs:
        return out
    by_pid: dict[int, list[Span]] = collections.defaultdict(list)
    for s in jobs:
        by_pid[s.pid].append(s)
    render_end = max(s.end for s in jobs)
    for pid, mine in sorted(by_pid.items()):
        out += _process(roles.get(pid, str(pid)), mine, render_end)
    out.append(f"the {longest} longest jobs (wall, cpu):")
    for s in sorted(jobs, key=lambda s: s.start - s.end)[:longest]:
        role = roles.get(s.pid, str(s.pid))
        out.append(f"  {s.end - s.start:7.3f} {s.cpu:7.3f}  {role:<12} {s.name}")
    out += _alone(stages, jobs, parent)
    return out


def _roles(stages: list[Span], parent: int) -> dict[int, str]:
    """Each process's part: the build, a worker of the parse or the render, a process
    beside them."""
    roles = {parent: "build"}
    render = next((s for s in stages if s.name == "_render" and s.pid == parent), None)
    for s in stages:
        if s.pid == parent or s.pid in roles:
            continue
        if s.name.startswith("beside: "):
            roles[s.pid] = "beside"
        elif render is not None and s.start >= render.start:
            roles[s.pid] = f"render {s.pid}"
        else:
            roles[s.pid] = f"parse {s.pid}"
    return roles


def _process(role: str, mine: list[Span], render_end: float) -> list[str]:
    mine.sort(key=lambda s: s.start)
    wall = sum(s.end - s.start for s in mine)
    cpu = sum(s.cpu for s in mine)
    last = mine[-1]
    out = [
        f"{role}: {len(mine)} jobs, {wall:.3f} s wall, {cpu:.3f} s cpu, first began"
        f" {mine[0].start:.3f}, last ended {last.end:.3f} ({render_end - last.end:.3f} s"
        f" before the render's last job): {last.name}"
    ]
    walls: collections.Counter[str] = collections.Counter()
    cpus: collections.Counter[str] = collections.Counter()
    counts: collections.Counter[str] = collections.Counter()
    for s in mine:
        kind = kind_of(s.name)
        walls[kind] += s.end - s.start
        cpus[kind] += s.cpu
        counts[kind] += 1
    for kind, seconds in cpus.most_common(12):
        out.append(f"  {counts[kind]:6d}  {walls[kind]:7.3f} {seconds:7.3f}  {kind}")
    return out


def _alone(stages: list[Span], jobs: list[Span], parent: int) -> list[str]:
    """The stretches in which the build's process works and no process of its own runs
    beside it, as far as the spans show them."""
    others = sorted(
        ((s.start, s.end) for s in (*stages, *jobs) if s.pid != parent), key=lambda x: x[0]
    )
    total = max(s.end for s in stages)
    gaps, at = [], 0.0
    for start, end in others:
        if start > at + 0.001:
            gaps.append((at, start))
        at = max(at, end)
    if total > at + 0.001:
        gaps.append((at, total))
    seconds = sum(end - start for start, end in gaps)
    out = [f"the build's process alone: {seconds:.3f} s of {total:.3f} s, in stretches of"]
    out += [f"  {end - start:7.3f} s from {start:.3f}" for start, end in gaps]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--jobs", type=int, default=None, help="the build's processes")
    ap.add_argument("--longest", type=int, default=10, help="longest jobs listed")
    ap.add_argument("--log", type=Path, default=None, help="keep the spans in this file")
    args = ap.parse_args(argv)
    import datetime as dt

    from sitegen.build import Builder
    from sitegen.options import Options

    scratch = Path(tempfile.mkdtemp(prefix="sitegen-timeline-"))
    log = args.log or scratch / "spans.tsv"
    try:
        recorder = Recorder(log)
        instrument(recorder)
        today = dt.date.fromisoformat(TODAY)
        jobs = {} if args.jobs is None else {"jobs": args.jobs}
        builder = Builder(
            args.site, scratch / "out", Options(today=TODAY), today, clean=True, **jobs
        )
        result = builder.build()
        os.close(recorder.fd)
        print("\n".join(report(read_spans(log), args.longest)))
        return 0 if result.ok else 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
