"""Benchmark sitegen builds against Hugo on generated corpora of several sizes.

    python benchmarks/run.py [--corpus standard,varied,extreme] [--events 100,1000,10000] [--runs 3]
                             [--single-core-events N] [--seed 1] [--no-hugo] [--json FILE]
    python benchmarks/run.py --timelines N ...   (N timelines against one: timelines_bench.py)

Each corpus is a generator (CORPORA below: generate.py's `standard`, generate_varied.py's
`varied`, generate_extreme.py's `extreme`) that writes the same content as a sitegen site
and as a Hugo site with a lean layout. For each corpus and size the two sites are generated
once and cached under /dev/shm (or the temp dir) until a generator changes. Then, alternating:

  (a) sitegen cold build: $SITEGEN_CMD on a fresh copy of the site into an empty output folder
  (b) hugo on the same content (when hugo is installed; `apt-get install -y hugo` on Debian)

and afterwards, for sitegen only: one build without --clean (a --clean build neither reads nor
writes sitegen's cache, so this one fills it), then timed no-change rebuilds (the same command
without --clean) and rebuilds after appending a sentence to one event. At the largest size
(--single-core-events), one cold build of each pinned to one CPU (`taskset -c`): the
CPU-seconds a build costs when no work can overlap. Last, start-up (benchmarks/startup.py):
time to sitegen's first work, its import time, and `sitegen check` of the 100-event sites.

Reported per corpus and size: median wall time; CPU-seconds (user + system of the process
tree); the serial part (the seconds during which at most one thread of the tree worked, see
benchmarks/measure.py); peak memory (PSS summed over the process tree); the sitegen/Hugo
ratios; output size and the largest page; time per event and its growth from the smallest to
the largest size; Markdown tables for docs/performance.md; and issue #20's targets, met or
missed. Runs during which other processes kept the CPUs busy are flagged NOISY.

sitegen has no setting for its number of render workers: it uses every CPU it may run on
(os.sched_getaffinity), so the benchmark reports that number as its workers; the single-core
run is the one-worker point. benchmarks/workers.py builds with 1, 2, 3, … processes on any
machine and reports the peak at each and what each extra process adds.

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
import hashlib
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import Measurement, OutputStats, measure, output_stats  # noqa: E402
from startup import startup  # noqa: E402

REPO = HERE.parent
GENERATE = HERE / "generate.py"
# Corpus name -> generator script (each writes with generate.py's writers).
CORPORA = {
    "standard": GENERATE,
    "varied": HERE / "generate_varied.py",
    "extreme": HERE / "generate_extreme.py",
    # numbered lists, long quotes, tables, pictures, wrapped lines, inline links (to other
    # sites and the site's own pages), many tags and sources, times, ranges, eras and 12
    # timelines: the shapes a newsroom writes that the others leave out
    # (docs/performance-history.md, "An unseen corpus")
    "newsroom": HERE / "generate_newsroom.py",
    # Zipf-weighted people, countries, tags, sources and 50 timelines (one person in 45 %
    # of the events), a dozen crowded days, empty to 90 KB bodies that link many events,
    # titles in seven scripts and emoji: written after the code was tuned on the others
    # (docs/performance-history.md, "A skewed corpus")
    "skewed": HERE / "generate_skewed.py",
}
# Those run when --corpus is not given; `make bench` runs `extreme`, `newsroom` and
# `skewed` on their own, at fewer sizes (a person in every event, or many sources and
# timelines an event: a 100-event site says little, their builds take longer).
DEFAULT_CORPORA = ("standard", "varied")
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
HUGO_HINT = (
    "hugo not found on PATH: Hugo columns will be empty. Install it (Debian/Ubuntu: "
    "`sudo apt-get install -y hugo`; elsewhere https://gohugo.io/installation/), set "
    "HUGO=/path/to/hugo, or pass --no-hugo"
)
STARTUP_EVENTS = 100  # the size of the site `sitegen check` is timed on


# --------------------------------------------------------------------------- sites on tmpfs


def scratch_root() -> Path:
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else Path(tempfile.gettempdir())
    root = base / "sitegen-bench"
    root.mkdir(exist_ok=True)
    return root


def ensure_site(
    root: Path, corpus: str, n: int, seed: int, timelines: int = 0
) -> tuple[Path, Path]:
    """Generate (or reuse) the sitegen and Hugo versions of the corpus's n-event site
    (split into `timelines` timelines for sitegen, when not 0)."""
    script = CORPORA[corpus]
    cache = root / (f"site-{corpus}-n{n}-s{seed}" + (f"-t{timelines}" if timelines else ""))
    # Every generator: the newer ones borrow the older ones' helpers.
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in CORPORA.values())).hexdigest()
    stamp = f"{digest} corpus={corpus} n={n} seed={seed}\n"
    if timelines:
        stamp += f"timelines={timelines}\n"
    stamp_file = cache / "STAMP"
    if stamp_file.exists() and stamp_file.read_text() == stamp:
        print(f"[{corpus} {n}] using cached site {cache}")
        return cache / "sitegen", cache / "hugo"
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir()
    t = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            str(script),
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
    print(f"[{corpus} {n}] generated site in {time.perf_counter() - t:.1f} s: {cache}")
    return cache / "sitegen", cache / "hugo"


def empty_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)


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


def one_cpu() -> list[str]:
    """The prefix that pins a command (and the processes it starts) to one CPU."""
    taskset = shutil.which("taskset")
    if not taskset:
        return []
    cpu = min(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0
    return [taskset, "-c", str(cpu)]


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

    def median_of(self, attr: str) -> float | None:
        return statistics.median(getattr(r, attr) for r in self.runs) if self.ok else None

    @property
    def median(self) -> float | None:
        return self.median_of("wall")

    @property
    def median_cpu(self) -> float | None:
        return self.median_of("cpu")

    @property
    def median_serial(self) -> float | None:
        return self.median_of("serial")

    @property
    def peak_rss_kb(self) -> int | None:
        return max(r.peak_rss_kb for r in self.runs) if self.ok else None


@dataclass
class SizeResult:
    corpus: str
    events: int
    workers: int
    sitegen_cold: Series = field(default_factory=Series)
    hugo: Series = field(default_factory=Series)
    sitegen_prime: Series = field(default_factory=Series)
    sitegen_noop: Series = field(default_factory=Series)
    sitegen_edit: Series = field(default_factory=Series)
    sitegen_retitle: Series = field(default_factory=Series)  # the edited event's title
    sitegen_single: Series = field(default_factory=Series)  # pinned to one CPU
    hugo_single: Series = field(default_factory=Series)
    sitegen_output: OutputStats | None = None
    hugo_output: OutputStats | None = None


# The measured series of a SizeResult (the cache-filling build is checked, not summarised).
TIMED = (
    "sitegen_cold",
    "hugo",
    "sitegen_prime",
    "sitegen_noop",
    "sitegen_edit",
    "sitegen_retitle",
    "sitegen_single",
    "hugo_single",
)


def fmt_s(t: float | None) -> str:
    return "—" if t is None else f"{t:.2f} s"


def fmt_mb(kb: int | None) -> str:
    return "—" if kb is None else f"{kb / 1024:.0f} MB"


def fmt_ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}×" if a and b else "—"


def is_noisy(m: Measurement) -> bool:
    """Other processes used more than a quarter of a CPU on average during the run."""
    return m.other_cpu > 0.25 * m.wall + 0.1


def report(label: str, i: int, total: int, m: Measurement) -> None:
    if m.ok:
        noisy = is_noisy(m)
        print(
            f"[{label}] run {i + 1}/{total}: {m.wall:.2f} s (CPU {m.cpu:.2f} s: user "
            f"{m.user:.2f}, sys {m.sys:.2f}; serial {m.serial:.2f} s, up to {m.max_working} "
            f"threads working), peak memory {fmt_mb(m.peak_rss_kb)}"
            + (
                f"  [NOISY: other processes used {m.other_cpu:.1f} CPU-s meanwhile]"
                if noisy
                else ""
            )
        )
        return
    print(f"[{label}] run {i + 1}/{total}: FAILED (exit {m.returncode}) after {m.wall:.2f} s")
    print("    stderr tail:")
    for line in (m.stderr_tail or "(empty)").splitlines():
        print(f"    | {line}")
    if "No module named" in m.stderr_tail:
        print(
            "    hint: run this script with the Python that has sitegen installed, "
            "e.g. .venv/bin/python benchmarks/run.py"
        )


@dataclass
class Setup:
    """One corpus at one size: its sources, a scratch folder and the commands."""

    corpus: str
    n: int
    site_src: Path
    hugo_src: Path
    work: Path
    hugo: str | None
    timeout: float

    @property
    def site(self) -> Path:
        return self.work / "site"

    @property
    def out(self) -> Path:
        return self.work / "out"

    @property
    def hugo_out(self) -> Path:
        return self.work / "hugo-out"

    def label(self, what: str) -> str:
        return f"{self.corpus} {self.n:,} events: {what}"

    def sitegen_cold(self, prefix: list[str] | None = None) -> Measurement:
        # A fresh copy each time, so that a cache next to the sources can't make a cold run warm.
        shutil.rmtree(self.site, ignore_errors=True)
        shutil.copytree(self.site_src, self.site, ignore=shutil.ignore_patterns(".sitegen-cache"))
        empty_dir(self.out)
        cold, _ = sitegen_commands(self.site, self.out)
        return measure([*(prefix or []), *cold], REPO, self.timeout)

    def hugo_cold(self, prefix: list[str] | None = None) -> Measurement:
        assert self.hugo is not None
        empty_dir(self.hugo_out)
        cmd = [*(prefix or []), *hugo_command(self.hugo, self.hugo_src, self.hugo_out)]
        return measure(cmd, REPO, self.timeout)


def cold_builds(s: Setup, res: SizeResult, args: argparse.Namespace) -> None:
    """sitegen's and Hugo's cold builds, alternating; the output of the first of each."""
    for _ in range(args.warmup):
        s.sitegen_cold()
        if s.hugo:
            s.hugo_cold()
    for i in range(args.runs):
        if not args.no_sitegen and not res.sitegen_cold.failure:
            m = s.sitegen_cold()
            res.sitegen_cold.runs.append(m)
            report(s.label("sitegen cold build"), i, args.runs, m)
            if m.ok and res.sitegen_output is None:
                res.sitegen_output = output_stats(s.out)
        if s.hugo:
            m = s.hugo_cold()
            res.hugo.runs.append(m)
            report(s.label("hugo build"), i, args.runs, m)
            if m.ok and res.hugo_output is None:
                res.hugo_output = output_stats(s.hugo_out)


def rebuilds(s: Setup, res: SizeResult, args: argparse.Namespace) -> None:
    """After the last cold build: one build that fills the cache (a --clean build neither
    reads nor writes it), then no-change rebuilds, then rebuilds after one-event edits: a
    sentence appended to its body (what an edit of its text re-makes), then its title
    changed (what every page that lists or links the event shows: retitle)."""
    _, rebuild_cmd = sitegen_commands(s.site, s.out)
    m = measure(rebuild_cmd, REPO, args.timeout)
    res.sitegen_prime.runs.append(m)
    report(s.label("sitegen first build without --clean (fills the cache)"), 0, 1, m)
    if not m.ok:
        return
    for i in range(args.runs):
        m = measure(rebuild_cmd, REPO, args.timeout)
        res.sitegen_noop.runs.append(m)
        report(s.label("sitegen no-change rebuild"), i, args.runs, m)
        if not m.ok:
            break
    event_files = sorted((s.site / "content" / "events").glob("*/*.md"))
    edited = event_files[len(event_files) // 2]
    for i in range(args.runs):
        with open(edited, "a", encoding="utf-8") as f:
            f.write(f"\nThe benchmark appended sentence number {i + 1} to this event.\n")
        m = measure(rebuild_cmd, REPO, args.timeout)
        res.sitegen_edit.runs.append(m)
        report(s.label(f"sitegen rebuild after editing {edited.name}"), i, args.runs, m)
        if not m.ok:
            break
    retitle(s, res, args, edited, rebuild_cmd)


def retitle(
    s: Setup, res: SizeResult, args: argparse.Namespace, edited: Path, rebuild_cmd: list[str]
) -> None:
    """Rebuilds after the edited event's `title:` line is changed (a headline fixed): the
    front matter's edits re-plan the site, where a body's re-makes the pages it shows."""
    for i in range(args.runs):
        lines = edited.read_text(encoding="utf-8").split("\n")
        at = next((n for n, line in enumerate(lines) if line.startswith("title: ")), None)
        if at is None:
            return
        title = lines[at][len("title: ") :].strip().strip('"')
        lines[at] = f'title: "{title.split(" (revised")[0]} (revised {i + 1})"'
        edited.write_text("\n".join(lines), encoding="utf-8")
        m = measure(rebuild_cmd, REPO, args.timeout)
        res.sitegen_retitle.runs.append(m)
        report(s.label(f"sitegen rebuild after retitling {edited.name}"), i, args.runs, m)
        if not m.ok:
            break


def single_core(s: Setup, res: SizeResult, args: argparse.Namespace) -> None:
    """Cold builds pinned to one CPU: the CPU-seconds when no work can overlap."""
    prefix = one_cpu()
    if not prefix:
        print(f"[{s.label('single core')}] skipped: taskset not found (util-linux)")
        return
    for i in range(args.single_core_runs):
        if not args.no_sitegen:
            m = s.sitegen_cold(prefix)
            res.sitegen_single.runs.append(m)
            report(s.label("sitegen cold build on one CPU"), i, args.single_core_runs, m)
        if s.hugo:
            m = s.hugo_cold(prefix)
            res.hugo_single.runs.append(m)
            report(s.label("hugo build on one CPU"), i, args.single_core_runs, m)


def bench_size(s: Setup, args: argparse.Namespace) -> SizeResult:
    res = SizeResult(s.corpus, s.n, workers=len(os.sched_getaffinity(0)))
    cold_builds(s, res, args)
    if res.sitegen_cold.ok:
        rebuilds(s, res, args)
    if s.n in args.single_core_sizes:
        single_core(s, res, args)
    for name, out in (("sitegen", res.sitegen_output), ("hugo", res.hugo_output)):
        if out:
            print(
                f"[{s.label(name + ' output')}] {out.bytes / 1e6:.1f} MB in {out.files} files "
                f"({out.html_files} HTML); largest page {out.largest_page} "
                f"{out.largest_page_bytes / 1e3:.0f} KB; largest file {out.largest_file} "
                f"{out.largest_file_bytes / 1e6:.1f} MB"
            )
    if res.sitegen_cold.ok and (s.out / "search/index.json").is_file():
        # what a reader's first search downloads (issue #19): see search_bench.py
        bench = [sys.executable, str(HERE / "search_bench.py"), str(s.out)]
        found = subprocess.run(bench, capture_output=True, text=True, check=False)
        for line in (found.stdout or found.stderr).strip().splitlines():
            print(f"[{s.label('search')}] {line.strip()}")
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


def build_table(results: list[SizeResult]) -> list[str]:
    lines = [
        "| Corpus | Events | sitegen | Hugo | sitegen / Hugo | sitegen CPU | Hugo CPU "
        "| CPU ratio | sitegen serial | Hugo serial | sitegen peak memory | Hugo peak memory "
        "| no-change rebuild | one-event edit | one-event title edit |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        sg, hg = r.sitegen_cold, r.hugo
        cells = [
            r.corpus,
            f"{r.events:,}",
            "FAILED" if sg.failure else fmt_s(sg.median),
            "FAILED" if hg.failure else fmt_s(hg.median),
            fmt_ratio(sg.median, hg.median),
            fmt_s(sg.median_cpu),
            fmt_s(hg.median_cpu),
            fmt_ratio(sg.median_cpu, hg.median_cpu),
            fmt_s(sg.median_serial),
            fmt_s(hg.median_serial),
            fmt_mb(sg.peak_rss_kb),
            fmt_mb(hg.peak_rss_kb),
            fmt_s(r.sitegen_noop.median),
            fmt_s(r.sitegen_edit.median),
            fmt_s(r.sitegen_retitle.median),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def single_core_table(results: list[SizeResult]) -> list[str]:
    rows = [r for r in results if r.sitegen_single.runs or r.hugo_single.runs]
    if not rows:
        return []
    lines = [
        "| Corpus | Events | sitegen CPU, one core | Hugo CPU, one core | sitegen / Hugo "
        "| sitegen wall | Hugo wall |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        sg, hg = r.sitegen_single, r.hugo_single
        cells = [
            r.corpus,
            f"{r.events:,}",
            fmt_s(sg.median_cpu),
            fmt_s(hg.median_cpu),
            fmt_ratio(sg.median_cpu, hg.median_cpu),
            fmt_s(sg.median),
            fmt_s(hg.median),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _out_cells(out: OutputStats | None) -> list[str]:
    if out is None:
        return ["—", "—", "—"]
    return [
        f"{out.bytes / 1e6:.1f} MB",
        f"{out.largest_page_bytes / 1e3:.0f} KB ({out.largest_page})",
        f"{out.largest_file_bytes / 1e6:.1f} MB ({out.largest_file})",
    ]


def output_table(results: list[SizeResult]) -> list[str]:
    lines = [
        "| Corpus | Events | sitegen output | sitegen largest page | sitegen largest file "
        "| Hugo output | Hugo largest page | Hugo largest file |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        cells = [r.corpus, f"{r.events:,}", *_out_cells(r.sitegen_output)]
        cells += _out_cells(r.hugo_output)
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def startup_table(up: dict[str, object]) -> list[str]:
    checks = up["check"]
    assert isinstance(checks, dict)
    head = "| python -c pass | sitegen --version (first work) | imports | sitegen's imports "
    head += "".join(f"| check, {name} {STARTUP_EVENTS} events " for name in checks) + "|"
    cells = [
        f"{up['python_ms']:.0f} ms",
        f"{up['first_work_ms']:.0f} ms",
        f"{up['import_total_ms']:.0f} ms",
        f"{up['import_sitegen_ms']:.0f} ms",
    ]
    for c in checks.values():
        cells.append(
            f"{c['median_s']:.2f} s (first {c['first_s']:.2f} s; imports "
            f"{c['import_sitegen_ms']:.0f} ms)"
            if c["ok"]
            else "FAILED"
        )
    return [head, "|" + "---:|" * len(cells), "| " + " | ".join(cells) + " |"]


def growth_lines(results: list[SizeResult]) -> list[str]:
    lines = []
    for corpus in dict.fromkeys(r.corpus for r in results):
        rows = [r for r in results if r.corpus == corpus]
        small, large = rows[0], rows[-1]
        parts = []
        for name, attr in (("sitegen", "sitegen_cold"), ("Hugo", "hugo")):
            a, b = getattr(small, attr).median, getattr(large, attr).median
            if a and b and large.events != small.events:
                parts.append(f"{name} ×{(b / large.events) / (a / small.events):.2f}")
        if parts:
            lines.append(
                f"Per-event time growth, {corpus}, {small.events:,} → {large.events:,} events: "
                + ", ".join(parts)
                + " (1.00 = linear)."
            )
    return lines


def _verdict(what: str, value: float | None, limit: float, unit: str) -> str | None:
    if value is None:
        return None
    verdict = "met" if value <= limit else "MISSED"
    digits = 2 if unit in ("×", " s") else 0
    return f"{what}: {value:.{digits}f}{unit} (target ≤ {limit:g}{unit}): {verdict}"


def target_lines(results: list[SizeResult], up: dict[str, object] | None) -> list[str]:
    """Issue #20's targets, where this run measured them (wall and memory at every size;
    the rest at 10,000 events)."""
    lines = []
    for r in results:
        at = f"{r.corpus} {r.events:,}"
        sg, hg = r.sitegen_cold, r.hugo
        ratio = sg.median / hg.median if sg.median and hg.median else None
        peak = sg.peak_rss_kb / 1024 if sg.peak_rss_kb else None
        lines += [
            _verdict(f"{at}: wall time / Hugo's", ratio, 1.0, "×"),
            _verdict(f"{at}: peak memory at {r.workers} workers", peak, 400, " MiB"),
        ]
        if r.events != 10_000:
            continue
        one, hg1 = r.sitegen_single.median_cpu, r.hugo_single.median_cpu
        out = r.sitegen_output
        lines += [
            _verdict(
                f"{at}: one-core CPU-s / Hugo's", one / hg1 if one and hg1 else None, 1.0, "×"
            ),
            _verdict(f"{at}: output", out.bytes / 1e6 if out else None, 200, " MB"),
            _verdict(
                f"{at}: largest page", out.largest_page_bytes / 1e3 if out else None, 300, " KB"
            ),
            _verdict(f"{at}: no-change rebuild", r.sitegen_noop.median, 0.5, " s"),
            _verdict(f"{at}: one-event edit", r.sitegen_edit.median, 1.0, " s"),
            _verdict(f"{at}: one-event title edit", r.sitegen_retitle.median, 1.0, " s"),
        ]
    if up:
        checks, first_work = up["check"], up["first_work_ms"]
        assert isinstance(checks, dict) and isinstance(first_work, float)
        lines.append(_verdict("start-up to first work", first_work, 100, " ms"))
        for name, c in checks.items():
            lines.append(
                _verdict(f"sitegen check, {name} {STARTUP_EVENTS} events", c["median_s"], 0.3, " s")
            )
    return [line for line in lines if line]


def failures(results: list[SizeResult]) -> list[str]:
    found = []
    for r in results:
        for name in TIMED:
            bad = getattr(r, name).failure
            if bad:
                found.append(
                    f"{r.corpus} {r.events:,} events: {name} FAILED (exit {bad.returncode})"
                )
    return found


def summarize(
    results: list[SizeResult], info: dict[str, str], up: dict[str, object] | None, runs: int
) -> bool:
    print("\n== Summary ==")
    print("Machine: " + "; ".join(f"{k}: {v}" for k, v in info.items()))
    problems = failures(results)
    checks = up["check"] if up else {}
    assert isinstance(checks, dict)
    problems += [
        f"sitegen check of the {name} site FAILED" for name, c in checks.items() if not c["ok"]
    ]
    for line in problems:
        print(line)
    all_runs = [m for r in results for name in TIMED for m in getattr(r, name).runs]
    noisy = sum(is_noisy(m) for m in all_runs)
    if noisy:
        print(
            f"WARNING: {noisy} of {len(all_runs)} runs shared the machine with other busy "
            "processes; rerun on an idle machine"
        )
    print()
    for table in (build_table(results), single_core_table(results), output_table(results)):
        if table:
            print("\n".join(table) + "\n")
    if up:
        print("\n".join(startup_table(up)) + "\n")
    for line in growth_lines(results):
        print(line)
    print("\nIssue #20's targets, as measured in this run:")
    for line in target_lines(results, up):
        print(f"- {line}")
    print()
    if info["hugo"] == "not installed":
        print(HUGO_HINT)
    print(
        f"Median of {runs} runs (start-up: {up['runs'] if up else '—'}); wall time; CPU: user + "
        "system of the process tree; serial: seconds with at most one thread working; peak "
        f"memory: PSS summed over the process tree (MiB). sitegen's workers: "
        f"{info.get('nproc')} (it uses every CPU it may run on; no setting). Machine: "
        f"{info.get('nproc')} CPUs ({info.get('cpu')}), {info.get('memory', '?')} RAM, "
        f"{info['python']}, {info['hugo'].split(' BuildDate')[0]}, sitegen "
        f"{info.get('sitegen commit')}."
    )
    return not problems


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description="Benchmark sitegen builds against Hugo on generated corpora."
    )
    ap.add_argument(
        "--corpus",
        default=",".join(DEFAULT_CORPORA),
        help=f"comma-separated corpora (default {','.join(DEFAULT_CORPORA)}; "
        f"choices: {','.join(CORPORA)})",
    )
    ap.add_argument(
        "--events",
        default="100,1000,10000",
        help="comma-separated site sizes (default 100,1000,10000)",
    )
    ap.add_argument("--runs", type=int, default=3, help="timed runs per measurement (default 3)")
    ap.add_argument(
        "--warmup", type=int, default=0, help="untimed cold builds before timing (default 0)"
    )
    ap.add_argument(
        "--single-core-events",
        default="",
        help="comma-separated sizes that also get cold builds on one CPU (taskset); "
        "default: the largest size; 0: none",
    )
    ap.add_argument("--single-core-runs", type=int, default=1, help="(default 1)")
    ap.add_argument(
        "--startup-runs", type=int, default=5, help="start-up: runs (default 5; 0: skip)"
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
        help="compare each site with the same events split into N timelines (issue 17; "
        "see timelines_bench.py): cold, no-change and edit, sitegen only",
    )
    args = ap.parse_args(argv)

    def sizes(text: str) -> list[int]:
        return sorted({int(s.replace("_", "")) for s in text.split(",") if s.strip()})

    args.sizes = sizes(args.events)
    args.corpora = [c.strip() for c in args.corpus.split(",") if c.strip()]
    unknown = [c for c in args.corpora if c not in CORPORA]
    if unknown:
        ap.error(f"unknown corpus {unknown[0]!r}; choose from {', '.join(CORPORA)}")
    if not args.sizes or args.runs < 1 or not args.corpora:
        ap.error("need at least one corpus, one size and one run")
    args.single_core_sizes = (
        [n for n in sizes(args.single_core_events) if n]
        if args.single_core_events
        else [args.sizes[-1]]
    )
    return args


def byte_compile() -> None:
    """Write sitegen's bytecode (__pycache__), as pip does when it installs a package.

    A development checkout is an editable install, and where PYTHONDONTWRITEBYTECODE is
    set (it is on the machines here) Python would compile every module from source on
    every run: 50 ms that no installed sitegen pays, a tenth of a no-change rebuild."""
    compileall.compile_dir(REPO / "sitegen", quiet=1)


def run_all(args: argparse.Namespace, hugo: str | None) -> list[SizeResult]:
    root = scratch_root()
    results = []
    for corpus in args.corpora:
        for n in args.sizes:
            site_src, hugo_src = ensure_site(root, corpus, n, args.seed, args.timelines)
            work = root / f"work-{corpus}-n{n}-{os.getpid()}"  # two benchmarks may share root
            empty_dir(work)
            setup = Setup(corpus, n, site_src, hugo_src, work, hugo, args.timeout)
            if (corpus, n) == (args.corpora[0], args.sizes[0]):
                print(f"sitegen commands: {shlex.join(sitegen_commands(setup.site, setup.out)[0])}")
                if hugo:
                    print(
                        f"hugo command: {shlex.join(hugo_command(hugo, hugo_src, setup.hugo_out))}"
                    )
            try:
                results.append(bench_size(setup, args))
            finally:
                shutil.rmtree(work, ignore_errors=True)
    return results


def measure_startup(args: argparse.Namespace) -> dict[str, object]:
    """benchmarks/startup.py on a copy of each corpus's 100-event site."""
    root = scratch_root()
    sites = {}
    for corpus in args.corpora:
        # A copy: `sitegen check` keeps a cache beside the site, which a cold build's copy
        # of the generated site must not inherit.
        site = root / f"check-{corpus}-{os.getpid()}"
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(ensure_site(root, corpus, STARTUP_EVENTS, args.seed)[0], site)
        sites[corpus] = site
    try:
        return startup(sites, args.startup_runs)
    finally:
        for site in sites.values():
            shutil.rmtree(site, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    info = machine_info()
    print("Machine: " + "; ".join(f"{k}: {v}" for k, v in info.items()))
    hugo = None if args.no_hugo else hugo_binary()
    if not hugo and not args.no_hugo:
        print(HUGO_HINT)
    warn_if_busy("before")
    byte_compile()
    if args.timelines:
        from timelines_bench import main as compare_timelines

        return compare_timelines(args)
    results = run_all(args, hugo)
    up = measure_startup(args) if args.startup_runs > 0 and not args.no_sitegen else None
    ok = summarize(results, info, up, args.runs)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": info,
                    "seed": args.seed,
                    "runs": args.runs,
                    "corpora": args.corpora,
                    "sizes": args.sizes,
                    "results": [asdict(r) for r in results],
                    "startup": up,
                },
                indent=2,
            )
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
