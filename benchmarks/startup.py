"""Start-up: how long before sitegen does any work, and `sitegen check` of a small site.

    python benchmarks/startup.py SITE [SITE...] [--runs 5]

Run from the repository root with the Python that has sitegen installed (run.py calls it
for the 100-event site of each corpus). Medians of --runs fresh processes of:

- `python -c pass`: the interpreter's own start-up, the floor;
- `python -m sitegen --version`: start-up to the first thing sitegen does (its imports,
  then argparse answers): *time to first work*;
- `python -X importtime -m sitegen --version`: the total import time (every module
  imported, Python's own at start-up included) and sitegen's share of it (the top-level
  imports whose name starts with `sitegen`, with everything they import);
- `python -X importtime -m sitegen check SITE`: the same for everything a check imports;
- `python -m sitegen check SITE`: the whole check, wall time: the first (which fills the
  cache sitegen keeps beside the site: give it a fresh copy) and the median.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def wall(cmd: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, done


def import_times(stderr: str) -> tuple[float, float]:
    """(total, sitegen's) import time in ms from -X importtime's report: the cumulative
    times of the top-level imports (their names are not indented)."""
    total = ours = 0.0
    for line in stderr.splitlines():
        parts = line.split("|")
        if not line.startswith("import time:") or len(parts) != 3 or "cumulative" in line:
            continue
        name = parts[2]
        if name.startswith("  "):  # one space follows the bar; nested imports have more
            continue
        us = int(parts[1])
        total += us / 1000
        if name.strip().split(".")[0] == "sitegen":
            ours += us / 1000
    return total, ours


def traced_imports(args: list[str], runs: int) -> tuple[float, float]:
    """Median total and sitegen import times (ms) of `python -X importtime ARGS`."""
    times = [
        import_times(wall([sys.executable, "-X", "importtime", *args])[1].stderr)
        for _ in range(runs)
    ]
    return statistics.median(t for t, _ in times), statistics.median(o for _, o in times)


def startup(sites: dict[str, Path], runs: int = 5) -> dict[str, object]:
    py, sg = sys.executable, [sys.executable, "-m", "sitegen"]
    python = statistics.median(wall([py, "-c", "pass"])[0] for _ in range(runs))
    version = statistics.median(wall([*sg, "--version"])[0] for _ in range(runs))
    import_total, import_ours = traced_imports(["-m", "sitegen", "--version"], runs)
    result: dict[str, object] = {
        "runs": runs,
        "python_ms": python * 1000,
        "first_work_ms": version * 1000,
        "import_total_ms": import_total,
        "import_sitegen_ms": import_ours,
        "check": {},
    }
    checks: dict[str, dict[str, float | bool]] = {}
    for name, site in sites.items():
        times, ok = [], True
        for _ in range(runs):
            t, done = wall([*sg, "check", str(site)])
            times.append(t)
            ok = ok and done.returncode == 0
        total, ours = traced_imports(["-m", "sitegen", "check", str(site)], runs)
        checks[name] = {
            "first_s": times[0],  # fills the cache sitegen keeps beside the site
            "median_s": statistics.median(times),
            "ok": ok,
            "import_total_ms": total,
            "import_sitegen_ms": ours,
        }
    result["check"] = checks
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sites", nargs="*", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    print(json.dumps(startup({str(s): s for s in args.sites}, args.runs), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
