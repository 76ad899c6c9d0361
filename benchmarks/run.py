"""Benchmark sitegen builds against Hugo on synthetic sites of several sizes.

    python benchmarks/run.py [--events 1000,10000] [--runs 3] [--seed 1] [--no-hugo] [--json FILE]

For each size the synthetic site (benchmarks/generate.py) is generated once and cached under
/dev/shm (or the temp dir) until generate.py changes. Then, alternating:

  (a) sitegen cold build: $SITEGEN_CMD on a fresh copy of the site into an empty output folder
  (b) hugo on the same content (when hugo is installed)

and afterwards, for sitegen only: one build without --clean (a --clean build neither reads nor
writes sitegen's cache, so this one fills it), then timed no-change rebuilds (the same command
without --clean) and rebuilds after appending a sentence to one event. Reported: median wall
time (and CPU time), peak RSS of the process tree, the sitegen/Hugo ratio, time per event and
its growth from the smallest to the largest size, and a Markdown table for the README. Runs
during which other processes kept the CPUs busy are flagged NOISY.

Run it with the Python that has sitegen installed: .venv/bin/python benchmarks/run.py

SITEGEN_CMD is a shell-style command line with {site} and {out} placeholders; default:
    <python> -m sitegen build {site} --output {out} --clean
run from the repository root. The rebuild command is the same without "--clean" unless
SITEGEN_REBUILD_CMD is set. HUGO names the hugo binary (default: hugo on PATH).

Standard library only.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import hashlib
import json
import os
import platform
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GENERATE = HERE / "generate.py"
DEFAULT_SITEGEN_CMD = [
    sys.executable,
    "-m",
    "sitegen",
    "build",
    "{site}",
    "--output",
    "{out}",
    "--clean",
]


# --------------------------------------------------------------------------- measuring one command


@dataclass
class Measurement:
    """One run of one command."""

    ok: bool
    wall: float  # seconds
    cpu: float  # user + system seconds of the child and its reaped descendants
    peak_rss_kb: int  # max of the child's ru_maxrss and the sampled RSS sum of its process tree
    returncode: int
    other_cpu: float = 0.0  # CPU seconds the rest of the machine used meanwhile (noise indicator)
    stderr_tail: str = ""


def _busy_cpu_seconds() -> float:
    """CPU time spent by the whole machine so far (user, nice, system, irq, softirq, steal)."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()[1:9]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields)
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _memory_kb(pid: int, page_kb: int) -> int:
    """The proportional set size of one process (shared pages divided among the processes
    that share them, so forked workers are not counted twice); its RSS where the kernel
    has no smaps_rollup."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * page_kb
    except OSError:
        return 0


def _tree_rss_kb(root: int) -> int:
    """Memory of `root` and all its descendants, from /proc: the sum of their PSS."""
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
    total, stack, page_kb = 0, [root], os.sysconf("SC_PAGE_SIZE") // 1024
    while stack:
        pid = stack.pop()
        total += _memory_kb(pid, page_kb)
        stack.extend(children.get(pid, ()))
    return total


def measure(cmd: list[str], cwd: Path, timeout: float, sample_interval: float = 0.1) -> Measurement:
    """Run cmd, returning wall time and peak memory from os.wait4's per-child rusage.

    ru_maxrss is the largest single process (the child or a reaped descendant); a sampler thread
    also sums the PSS of the whole process tree so that a multiprocess build is not understated
    (nor overstated by counting the pages forked workers share with their parent twice).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        busy_before = _busy_cpu_seconds()
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
            return Measurement(
                ok=False,
                wall=0.0,
                cpu=0.0,
                peak_rss_kb=0,
                returncode=-1,
                stderr_tail=f"cannot start {cmd[0]}: {e}",
            )
        peak_tree = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak_tree
            while not done.wait(sample_interval):
                peak_tree = max(peak_tree, _tree_rss_kb(proc.pid))

        def kill() -> None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        busy = _busy_cpu_seconds() - busy_before
        timer.cancel()
        done.set()
        sampler.join()
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code  # already reaped by wait4; keep Popen from waiting again
        tail = ""
        if code != 0:
            err.seek(0)
            lines = err.read().decode("utf-8", "replace").splitlines()
            if not lines:
                out.seek(0)
                lines = out.read().decode("utf-8", "replace").splitlines()
            tail = "\n".join(lines[-25:])
            if code == -9 and wall >= timeout:
                tail = f"killed after the {timeout:.0f} s timeout\n" + tail
        cpu = usage.ru_utime + usage.ru_stime
        return Measurement(
            ok=code == 0,
            wall=wall,
            cpu=cpu,
            peak_rss_kb=max(usage.ru_maxrss, peak_tree),
            returncode=code,
            stderr_tail=tail,
            other_cpu=max(0.0, busy - cpu),
        )


# --------------------------------------------------------------------------- sites on tmpfs


def scratch_root() -> Path:
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else Path(tempfile.gettempdir())
    root = base / "sitegen-bench"
    root.mkdir(exist_ok=True)
    return root


def ensure_site(root: Path, n: int, seed: int, timelines: int = 0) -> tuple[Path, Path]:
    """Generate (or reuse) the sitegen and Hugo versions of the n-event site (split into
    `timelines` timelines for sitegen, when not 0)."""
    cache = root / (f"site-n{n}-s{seed}" + (f"-t{timelines}" if timelines else ""))
    stamp = hashlib.sha256(GENERATE.read_bytes()).hexdigest() + f" n={n} seed={seed}\n"
    if timelines:
        stamp += f"timelines={timelines}\n"
    stamp_file = cache / "STAMP"
    if stamp_file.exists() and stamp_file.read_text() == stamp:
        print(f"[{n} events] using cached site {cache}")
        return cache / "sitegen", cache / "hugo"
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir()
    t = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            str(GENERATE),
            str(cache / "sitegen"),
            "--events",
            str(n),
            "--seed",
            str(seed),
            "--hugo",
            str(cache / "hugo"),
            *(["--timelines", str(timelines)] if timelines else []),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    stamp_file.write_text(stamp)
    print(f"[{n} events] generated site in {time.perf_counter() - t:.1f} s: {cache}")
    return cache / "sitegen", cache / "hugo"


def empty_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)


def count_html(path: Path) -> int:
    return sum(1 for _, _, files in os.walk(path) for f in files if f.endswith(".html"))


# --------------------------------------------------------------------------- commands


def sitegen_commands(site: Path, out: Path) -> tuple[list[str], list[str]]:
    """The cold-build and rebuild commands: SITEGEN_CMD / SITEGEN_REBUILD_CMD or the default."""
    cold = (
        shlex.split(os.environ["SITEGEN_CMD"])
        if os.environ.get("SITEGEN_CMD")
        else list(DEFAULT_SITEGEN_CMD)
    )
    if os.environ.get("SITEGEN_REBUILD_CMD"):
        rebuild = shlex.split(os.environ["SITEGEN_REBUILD_CMD"])
    else:
        rebuild = [a for a in cold if a != "--clean"]

    def fill(cmd: list[str]) -> list[str]:
        return [a.replace("{site}", str(site)).replace("{out}", str(out)) for a in cmd]

    return fill(cold), fill(rebuild)


def hugo_binary() -> str | None:
    return os.environ.get("HUGO") or shutil.which("hugo")


def hugo_command(hugo: str, src: Path, out: Path) -> list[str]:
    return [hugo, "--quiet", "-s", str(src), "-d", str(out)]


# --------------------------------------------------------------------------- one size


@dataclass
class Series:
    """Repeated runs of one command."""

    runs: list[Measurement] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.ok for r in self.runs)

    @property
    def failure(self) -> Measurement | None:
        return next((r for r in self.runs if not r.ok), None)

    @property
    def median(self) -> float | None:
        return statistics.median(r.wall for r in self.runs) if self.ok else None

    @property
    def median_cpu(self) -> float | None:
        return statistics.median(r.cpu for r in self.runs) if self.ok else None

    @property
    def peak_rss_kb(self) -> int | None:
        return max(r.peak_rss_kb for r in self.runs) if self.ok else None


@dataclass
class SizeResult:
    events: int
    sitegen_cold: Series = field(default_factory=Series)
    hugo: Series = field(default_factory=Series)
    sitegen_prime: Series = field(default_factory=Series)
    sitegen_noop: Series = field(default_factory=Series)
    sitegen_edit: Series = field(default_factory=Series)
    sitegen_pages: int | None = None
    hugo_pages: int | None = None


def fmt_s(t: float | None) -> str:
    return "—" if t is None else f"{t:.2f} s"


def fmt_mb(kb: int | None) -> str:
    return "—" if kb is None else f"{kb / 1024:.0f} MB"


def is_noisy(m: Measurement) -> bool:
    """Other processes used more than a quarter of a CPU on average during the run."""
    return m.other_cpu > 0.25 * m.wall + 0.1


def report(n: int, label: str, i: int, total: int, m: Measurement) -> None:
    if m.ok:
        noisy = is_noisy(m)
        print(
            f"[{n} events] {label} run {i + 1}/{total}: {m.wall:.2f} s (CPU {m.cpu:.2f} s), "
            f"peak RSS {fmt_mb(m.peak_rss_kb)}"
            + (
                f"  [NOISY: other processes used {m.other_cpu:.1f} CPU-s meanwhile]"
                if noisy
                else ""
            )
        )
    else:
        print(
            f"[{n} events] {label} run {i + 1}/{total}: "
            f"FAILED (exit {m.returncode}) after {m.wall:.2f} s"
        )
        print("    stderr tail:")
        for line in (m.stderr_tail or "(empty)").splitlines():
            print(f"    | {line}")
        if "No module named" in m.stderr_tail:
            print(
                "    hint: run this script with the Python that has sitegen installed, "
                "e.g. .venv/bin/python benchmarks/run.py"
            )


def bench_build(
    n: int, site_src: Path, hugo_src: Path, work: Path, args: argparse.Namespace
) -> SizeResult:
    """Cold builds of sitegen and Hugo (alternating), then sitegen's rebuilds.

    The rebuilds: without changes, and after appending a sentence to one event.
    """
    res = SizeResult(n)
    site, out, hugo_out = work / "site", work / "out", work / "hugo-out"
    cold_cmd, rebuild_cmd = sitegen_commands(site, out)
    hugo = None if args.no_hugo else hugo_binary()
    if n == args.sizes[0]:
        print(f"sitegen cold command: {shlex.join(cold_cmd)}")
        print(f"sitegen rebuild command: {shlex.join(rebuild_cmd)}")
        if hugo:
            print(f"hugo command: {shlex.join(hugo_command(hugo, hugo_src, hugo_out))}")

    def sitegen_cold() -> Measurement:
        # A fresh copy each time, so that a cache next to the sources can't make a cold run warm.
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(site_src, site)
        empty_dir(out)
        return measure(cold_cmd, REPO, args.timeout)

    def hugo_cold() -> Measurement:
        empty_dir(hugo_out)
        assert hugo is not None
        return measure(hugo_command(hugo, hugo_src, hugo_out), REPO, args.timeout)

    for _ in range(args.warmup):
        sitegen_cold()
        if hugo:
            hugo_cold()

    sitegen_failed = False
    for i in range(args.runs):
        if not sitegen_failed and not args.no_sitegen:
            m = sitegen_cold()
            res.sitegen_cold.runs.append(m)
            report(n, "sitegen cold build", i, args.runs, m)
            sitegen_failed = not m.ok
            if m.ok and res.sitegen_pages is None:
                res.sitegen_pages = count_html(out)
        if hugo:
            m = hugo_cold()
            res.hugo.runs.append(m)
            report(n, "hugo build", i, args.runs, m)
            if m.ok and res.hugo_pages is None:
                res.hugo_pages = count_html(hugo_out)

    if res.sitegen_cold.ok:
        # `out` holds the last cold build of `site`. A --clean build neither reads nor writes
        # sitegen's cache, so one untimed-for-the-table build without --clean fills it first;
        # then time rebuilds without changes, then after edits.
        m = measure(rebuild_cmd, REPO, args.timeout)
        res.sitegen_prime.runs.append(m)
        report(
            n, "sitegen first build without --clean (fills the cache, not in the table)", 0, 1, m
        )
        for i in range(args.runs if m.ok else 0):
            m = measure(rebuild_cmd, REPO, args.timeout)
            res.sitegen_noop.runs.append(m)
            report(n, "sitegen no-change rebuild", i, args.runs, m)
            if not m.ok:
                break
        event_files = sorted((site / "content" / "events").glob("*/*.md"))
        edited = event_files[len(event_files) // 2]
        for i in range(args.runs if res.sitegen_prime.ok else 0):
            with open(edited, "a", encoding="utf-8") as f:
                f.write(f"\nThe benchmark appended sentence number {i + 1} to this event.\n")
            m = measure(rebuild_cmd, REPO, args.timeout)
            res.sitegen_edit.runs.append(m)
            report(n, f"sitegen rebuild after editing {edited.relative_to(site)}", i, args.runs, m)
            if not m.ok:
                break

    pages = []
    if res.sitegen_pages is not None:
        pages.append(f"sitegen wrote {res.sitegen_pages} HTML files")
    if res.hugo_pages is not None:
        pages.append(f"hugo wrote {res.hugo_pages} HTML files")
    if pages:
        print(f"[{n} events] " + ", ".join(pages))
    return res


# --------------------------------------------------------------------------- machine and summary


def warn_if_busy(when: str) -> None:
    """Other work on the machine skews wall times (CPU times are less affected)."""
    try:
        load1 = os.getloadavg()[0]
    except OSError:
        return
    ncpu = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if load1 > 0.5:
        print(
            f"WARNING: load average {load1:.2f} on {ncpu} CPUs {when} the benchmark: "
            "wall times may be inflated"
        )


def machine_info() -> dict[str, str]:
    info = {"python": f"{platform.python_implementation()} {platform.python_version()}"}
    try:
        info["nproc"] = str(len(os.sched_getaffinity(0)))
    except AttributeError:
        info["nproc"] = str(os.cpu_count())
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory"] = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    info.setdefault("cpu", platform.processor() or platform.machine())
    info["os"] = platform.platform()
    hugo = hugo_binary()
    if hugo:
        try:
            v = subprocess.run(
                [hugo, "version"], capture_output=True, text=True, timeout=30
            ).stdout.strip()
            info["hugo"] = v or "unknown"
        except (OSError, subprocess.TimeoutExpired):
            info["hugo"] = "unknown"
    else:
        info["hugo"] = "not installed"
    try:
        rev = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        info["sitegen commit"] = rev.stdout.strip() or "none"
    except (OSError, subprocess.TimeoutExpired):
        info["sitegen commit"] = "unknown"
    return info


def summarize(results: list[SizeResult], info: dict[str, str], runs: int) -> bool:
    print()
    print("== Summary ==")
    print("Machine: " + "; ".join(f"{k}: {v}" for k, v in info.items()))
    all_ok = True
    for r in results:
        sg, hg = r.sitegen_cold.median, r.hugo.median
        if r.sitegen_cold.runs:
            print(
                f"[{r.events} events] sitegen cold build median: {fmt_s(sg)} "
                f"(CPU {fmt_s(r.sitegen_cold.median_cpu)}), "
                f"peak RSS {fmt_mb(r.sitegen_cold.peak_rss_kb)}"
            )
        if r.hugo.runs:
            print(
                f"[{r.events} events] hugo build median: {fmt_s(hg)} "
                f"(CPU {fmt_s(r.hugo.median_cpu)}), peak RSS {fmt_mb(r.hugo.peak_rss_kb)}"
            )
        if sg and hg:
            print(f"[{r.events} events] ratio sitegen/hugo: {sg / hg:.2f}")
        if r.sitegen_prime.runs:
            print(
                f"[{r.events} events] sitegen first build without --clean (fills the cache): "
                f"{fmt_s(r.sitegen_prime.median)}"
            )
            print(
                f"[{r.events} events] sitegen no-change rebuild median: "
                f"{fmt_s(r.sitegen_noop.median)}"
            )
            print(
                f"[{r.events} events] sitegen one-event-edit rebuild median: "
                f"{fmt_s(r.sitegen_edit.median)}"
            )
        if sg:
            print(f"[{r.events} events] sitegen time per event: {sg / r.events * 1000:.3f} ms")
        if hg:
            print(f"[{r.events} events] hugo time per event: {hg / r.events * 1000:.3f} ms")
        for name, series in (
            ("sitegen cold build", r.sitegen_cold),
            ("cache-filling build", r.sitegen_prime),
            ("no-change rebuild", r.sitegen_noop),
            ("one-event-edit rebuild", r.sitegen_edit),
            ("hugo build", r.hugo),
        ):
            if series.failure:
                all_ok = False
                print(f"[{r.events} events] {name}: FAILED (exit {series.failure.returncode})")

    all_runs = [
        m
        for r in results
        for ser in (r.sitegen_cold, r.hugo, r.sitegen_prime, r.sitegen_noop, r.sitegen_edit)
        for m in ser.runs
    ]
    noisy = sum(is_noisy(m) for m in all_runs)
    if noisy:
        print(
            f"WARNING: {noisy} of {len(all_runs)} runs shared the machine with other busy "
            "processes; rerun on an idle machine"
        )

    growth = {}
    if len(results) >= 2:
        small, large = results[0], results[-1]
        for name, attr in (("sitegen", "sitegen_cold"), ("hugo", "hugo")):
            a, b = getattr(small, attr).median, getattr(large, attr).median
            if a and b:
                growth[name] = (b / large.events) / (a / small.events)
                print(
                    f"{name} per-event time growth ({large.events} vs {small.events} events): "
                    f"x{growth[name]:.2f}"
                    " (1.00 = linear; above 1 = worse than linear)"
                )

    print()
    print(
        "| Events | sitegen cold | Hugo | sitegen / Hugo | sitegen peak memory | Hugo peak memory "
        "| no-change rebuild | one-event edit | sitegen per event | Hugo per event |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        sg, hg = r.sitegen_cold.median, r.hugo.median
        cells = [
            f"{r.events:,}",
            fmt_s(sg) if r.sitegen_cold.runs else "—",
            fmt_s(hg),
            f"{sg / hg:.2f}×" if sg and hg else "—",
            fmt_mb(r.sitegen_cold.peak_rss_kb),
            fmt_mb(r.hugo.peak_rss_kb),
            fmt_s(r.sitegen_noop.median),
            fmt_s(r.sitegen_edit.median),
            f"{sg / r.events * 1000:.2f} ms" if sg else "—",
            f"{hg / r.events * 1000:.2f} ms" if hg else "—",
        ]
        if r.sitegen_cold.failure:
            cells[1] = "FAILED"
        print("| " + " | ".join(cells) + " |")
    print()
    if growth:
        print(
            f"Per-event growth {results[0].events:,} → {results[-1].events:,} events: "
            + ", ".join(f"{k} ×{v:.2f}" for k, v in growth.items())
            + "."
        )
    print(
        f"Median of {runs} runs; wall time; peak memory: PSS summed over the process tree. "
        f"Machine: {info.get('nproc')} CPUs ({info.get('cpu')}), {info.get('memory', '?')} RAM, "
        f"{info['python']}, {info['hugo'].split(' BuildDate')[0]}."
    )
    return all_ok


# --------------------------------------------------------------------------- main


def byte_compile() -> None:
    """Write sitegen's bytecode (__pycache__), as pip does when it installs a package.

    A development checkout is an editable install, and where PYTHONDONTWRITEBYTECODE is
    set (it is on the machines here) Python would compile every module from source on
    every run: 50 ms that no installed sitegen pays, a tenth of a no-change rebuild."""
    compileall.compile_dir(REPO / "sitegen", quiet=1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Benchmark sitegen builds against Hugo on synthetic sites."
    )
    ap.add_argument(
        "--events", default="1000,10000", help="comma-separated site sizes (default 1000,10000)"
    )
    ap.add_argument("--runs", type=int, default=3, help="timed runs per measurement (default 3)")
    ap.add_argument(
        "--warmup", type=int, default=0, help="untimed cold builds before timing (default 0)"
    )
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=1800, help="seconds before a build is killed")
    ap.add_argument("--no-hugo", action="store_true", help="skip Hugo")
    ap.add_argument(
        "--no-sitegen", action="store_true", help="skip sitegen (time Hugo and the generator only)"
    )
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write raw results as JSON")
    ap.add_argument(
        "--timelines",
        type=int,
        default=0,
        metavar="N",
        help="split each site into N timelines (issue 17: compare with a run without)",
    )
    args = ap.parse_args(argv)
    args.sizes = sorted({int(s.replace("_", "")) for s in args.events.split(",") if s.strip()})
    if not args.sizes or args.runs < 1:
        ap.error("need at least one size and one run")

    info = machine_info()
    print("Machine: " + "; ".join(f"{k}: {v}" for k, v in info.items()))
    if info["hugo"] == "not installed" and not args.no_hugo:
        print("hugo not found on PATH (set HUGO=/path/to/hugo): Hugo columns will be empty")
    warn_if_busy("before")
    byte_compile()
    root = scratch_root()
    results = []
    for n in args.sizes:
        site_src, hugo_src = ensure_site(root, n, args.seed, args.timelines)
        work = root / f"work-n{n}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        try:
            results.append(bench_build(n, site_src, hugo_src, work, args))
        finally:
            shutil.rmtree(work, ignore_errors=True)

    ok = summarize(results, info, args.runs)
    if args.json:
        args.json.write_text(
            json.dumps(
                {"machine": info, "seed": args.seed, "results": [asdict(r) for r in results]},
                indent=2,
            )
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
