"""Measuring one command: wall time, CPU time, peak memory and the serial part.

Used by run.py. Linux only (/proc); standard library only.

- CPU-seconds: user + system time of the process and every descendant it reaped, from
  os.wait4 (a build's worker processes are reaped by the build, so they count).
- Peak memory: the largest sum of PSS (proportional set size) over the process tree,
  sampled every 0.1 s: pages that forked workers share with their parent count once.
- The serial part: every 0.05 s the sampler reads, for every thread of every process of
  the tree, how long it has run and how long it has waited for a CPU while runnable
  (/proc/PID/task/TID/schedstat, nanoseconds; the tick-counted CPU time of /proc/.../stat
  where schedstat is missing). A thread that ran or was ready to run for at least a
  quarter of the interval is *working* (counting the wait keeps a thread that other
  programs on a busy machine pushed off the CPU from looking idle); the serial part is
  the wall time of the intervals in which at most one thread worked (so a Go program's
  threads count like a Python build's worker processes). It is what more cores cannot
  shorten.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

SAMPLE_INTERVAL = 0.05  # seconds between samples of the tree's CPU
PSS_EVERY = 2  # samples between two reads of the tree's memory (0.1 s)
WORKING = 0.25  # share of an interval a thread must run to count as working

CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass
class Measurement:
    """One run of one command."""

    ok: bool
    wall: float  # seconds
    cpu: float  # user + system seconds of the child and its reaped descendants
    peak_rss_kb: int  # max of the child's ru_maxrss and the sampled PSS sum of its tree
    returncode: int
    other_cpu: float = 0.0  # CPU seconds the rest of the machine used meanwhile (noise)
    stderr_tail: str = ""
    user: float = 0.0
    sys: float = 0.0
    serial: float = 0.0  # seconds (sampled) during which at most one thread worked
    sampled: float = 0.0  # seconds covered by the samples (≈ wall)
    max_working: int = 0  # most threads working in one interval


def busy_cpu_seconds() -> float:
    """CPU time spent by the whole machine so far (user, nice, system, irq, softirq, steal)."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()[1:9]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields)
    return (user + nice + system + irq + softirq + steal) / CLK_TCK


def _pss_kb(pid: int) -> int:
    """The PSS of one process; its RSS where the kernel has no smaps_rollup."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * PAGE_KB
    except OSError:
        return 0


def _children_by_scan() -> dict[int, list[int]]:
    """Every process's children, from a walk of /proc (where /proc/*/children is missing)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may contain spaces and parentheses: fields start after the last ')'.
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def _tasks(pid: int) -> list[str]:
    try:
        return os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []


def tree(root: int) -> list[int]:
    """root and its descendants, from each thread's children list (a full scan of /proc
    where the kernel has no such list)."""
    if not os.path.exists(f"/proc/{root}/task/{root}/children"):
        by_parent = _children_by_scan()
        found, stack = [], [root]
        while stack:
            pid = stack.pop()
            found.append(pid)
            stack.extend(by_parent.get(pid, ()))
        return found
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        for tid in _tasks(pid):
            try:
                with open(f"/proc/{pid}/task/{tid}/children", "rb") as f:
                    stack.extend(int(c) for c in f.read().split())
            except OSError:
                continue
    return found


def _task_busy_ns(pid: int, tid: str) -> int | None:
    """Nanoseconds the thread has run or waited, runnable, for a CPU."""
    try:
        with open(f"/proc/{pid}/task/{tid}/schedstat", "rb") as f:
            ran, waited = f.read().split()[:2]
            return int(ran) + int(waited)
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open(f"/proc/{pid}/task/{tid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rindex(b")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) * 1_000_000_000 // CLK_TCK


class TreeSampler:
    """Samples a process tree: peak PSS and the serial part (see the module's docstring)."""

    def __init__(self, root: int, start: float) -> None:
        self.root = root
        self.peak_kb = 0
        self.serial = 0.0
        self.sampled = 0.0
        self.max_working = 0
        self._cpu: dict[tuple[int, str], int] = {}
        self._at = start
        self._count = 0

    def sample(self) -> None:
        now = time.perf_counter()
        pids = tree(self.root)
        cpu: dict[tuple[int, str], int] = {}
        for pid in pids:
            for tid in _tasks(pid):
                ns = _task_busy_ns(pid, tid)
                if ns is not None:
                    cpu[(pid, tid)] = ns
        interval = now - self._at
        if interval > 0:
            # A thread born during the interval ran for all the CPU time it has.
            need = WORKING * interval * 1e9
            working = sum(1 for k, ns in cpu.items() if ns - self._cpu.get(k, 0) >= need)
            self.max_working = max(self.max_working, working)
            self.sampled += interval
            if working <= 1:
                self.serial += interval
        self._cpu, self._at = cpu, now
        self._count += 1
        if self._count % PSS_EVERY == 0:
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in pids))


def _failure_tail(code: int, wall: float, timeout: float, out: IO[bytes], err: IO[bytes]) -> str:
    if code == 0:
        return ""
    err.seek(0)
    lines = err.read().decode("utf-8", "replace").splitlines()
    if not lines:
        out.seek(0)
        lines = out.read().decode("utf-8", "replace").splitlines()
    tail = "\n".join(lines[-25:])
    if code == -9 and wall >= timeout:
        tail = f"killed after the {timeout:.0f} s timeout\n" + tail
    return tail


def measure(cmd: list[str], cwd: Path, timeout: float) -> Measurement:
    """Run cmd in its own session; wall, CPU (os.wait4), peak PSS and the serial part."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        busy_before = busy_cpu_seconds()
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(
                cmd,
                cwd=cwd,
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as e:
            return Measurement(False, 0.0, 0.0, 0, -1, stderr_tail=f"cannot start {cmd[0]}: {e}")
        sampler = TreeSampler(proc.pid, start)
        done = threading.Event()

        def sample() -> None:
            while not done.wait(SAMPLE_INTERVAL):
                sampler.sample()

        def kill() -> None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        thread = threading.Thread(target=sample, daemon=True)
        thread.start()
        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # Ctrl-C, or ab.py's SIGTERM: the build has a session of
            kill()  # its own, which would go on writing into a folder being removed
            os.waitpid(proc.pid, 0)
            timer.cancel()
            done.set()
            raise
        wall = time.perf_counter() - start
        busy = busy_cpu_seconds() - busy_before
        timer.cancel()
        done.set()
        thread.join()
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code  # already reaped by wait4; keep Popen from waiting again
        cpu = usage.ru_utime + usage.ru_stime
        return Measurement(
            ok=code == 0,
            wall=wall,
            cpu=cpu,
            peak_rss_kb=max(usage.ru_maxrss, sampler.peak_kb),
            returncode=code,
            other_cpu=max(0.0, busy - cpu),
            stderr_tail=_failure_tail(code, wall, timeout, out, err),
            user=usage.ru_utime,
            sys=usage.ru_stime,
            # The stretch after the last sample (< 0.05 s) had the tree winding down.
            serial=sampler.serial + max(0.0, wall - sampler.sampled),
            sampled=sampler.sampled,
            max_working=sampler.max_working,
        )


@dataclass
class OutputStats:
    """What a build wrote."""

    bytes: int = 0
    files: int = 0
    html_files: int = 0
    largest_page: str = ""  # the largest .html file, relative to the output folder
    largest_page_bytes: int = 0
    largest_file: str = ""  # the largest file of any kind
    largest_file_bytes: int = 0


def output_stats(path: Path) -> OutputStats:
    stats = OutputStats()
    for folder, _, files in os.walk(path):
        for name in files:
            full = os.path.join(folder, name)
            try:
                size = os.stat(full).st_size
            except OSError:
                continue
            rel = os.path.relpath(full, path)
            stats.bytes += size
            stats.files += 1
            if size > stats.largest_file_bytes:
                stats.largest_file, stats.largest_file_bytes = rel, size
            if name.endswith(".html"):
                stats.html_files += 1
                if size > stats.largest_page_bytes:
                    stats.largest_page, stats.largest_page_bytes = rel, size
    return stats
