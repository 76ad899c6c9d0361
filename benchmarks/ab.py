"""Same-run A/B of two sitegen commits: cold build, no-change rebuild, one-event edits.

    python benchmarks/ab.py BASE [HEAD] [--events 10000] [--rounds 5] [--corpus standard]

BASE and HEAD are git revisions of this repository (HEAD defaults to the working tree as
it stands). Each is checked out into a scratch `git worktree` and run with PYTHONPATH
pointing at it, on one generated site, in interleaved rounds (the order alternates from
round to round, so a machine that slows down or speeds up during the run weighs on both
sides alike). Each round measures, per side: a cold build (`--clean`), a no-change rebuild,
a one-event edit (one sentence appended to an event body) and a one-event title edit
(another event's `title:` changed: what its neighbours, lists and whole-site files show).

Reported per side and kind: the median and the best of wall seconds, CPU-seconds (user +
system of the build and its workers) and peak memory (PSS of the process tree), and
HEAD/BASE ratios of the medians and of the bests. Issue #15 ("nothing of this costs more
than 3% of the 10k cold build or 10 ms of a one-event edit") and issue #16 ("within 3% of
today's, same run A/B against the commit before the change") are judged with it.

Linux only (measure.py reads /proc); standard library only.
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import Measurement, measure
from run import CORPORA, ensure_site, scratch_root

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-27"
KINDS = ("cold", "no-change", "edit", "title edit")


@dataclass
class Side:
    """One commit under test: its label, its source tree and what it measured."""

    label: str
    tree: Path
    runs: dict[str, list[Measurement]] = field(default_factory=lambda: {k: [] for k in KINDS})


def checkout(rev: str, root: Path) -> Path:
    """A detached worktree of REV under ROOT (removed by `cleanup`)."""
    path = root / f"tree-{rev.replace('/', '_')}"
    subprocess.run(
        ["git", "-C", str(REPO), "worktree", "add", "--quiet", "--detach", str(path), rev],
        check=True,
    )
    # As pip does on install: where PYTHONDONTWRITEBYTECODE is set, a tree without
    # __pycache__ would compile every module on every run (see run.byte_compile).
    compileall.compile_dir(path / "sitegen", quiet=1)
    return path


def cleanup(paths: list[Path]) -> None:
    for path in paths:
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "remove", "--force", str(path)], check=False
        )
    # the record of a tree that a stopped `worktree add` left half made
    subprocess.run(["git", "-C", str(REPO), "worktree", "prune"], check=False)


def stop(signum: int, _frame: object) -> None:
    """SIGTERM (kill, a CI job's timeout) ends the run as Ctrl-C does, by an exception, so
    that `main`'s `finally` removes the scratch worktrees (Python's default dies at once)."""
    raise SystemExit(128 + signum)


def sitegen(side: Side, site: Path, *extra: str) -> Measurement:
    cmd = [
        "env",
        f"PYTHONPATH={side.tree}",
        sys.executable,
        "-m",
        "sitegen",
        "build",
        str(site),
        "--output",
        str(site / "output"),
        "--today",
        TODAY,
        "--quiet",
        *extra,
    ]
    m = measure(cmd, cwd=side.tree, timeout=1800)
    if not m.ok:
        raise SystemExit(f"{side.label}: build failed ({m.returncode}): {m.stderr_tail}")
    return m


def one_round(side: Side, original: Path, work: Path, sentence: int) -> None:
    """Cold build, no-change rebuild, one-event edit and title edit of a fresh copy of the
    site."""
    shutil.rmtree(work, ignore_errors=True)
    # Without the generated site's own cache or output: a side must not start with the
    # compiled templates or pages of whichever commit built that folder last.
    skip = shutil.ignore_patterns(".sitegen-cache", "output")
    shutil.copytree(original, work, symlinks=True, ignore=skip)
    side.runs["cold"].append(sitegen(side, work, "--clean"))
    side.runs["no-change"].append(sitegen(side, work))
    events = sorted((work / "content" / "events").rglob("*.md"))
    with events[3].open("a", encoding="utf-8") as f:
        f.write(f"\nAnother sentence, number {sentence}.\n")
    side.runs["edit"].append(sitegen(side, work))
    retitled = events[len(events) // 2]
    text = retitled.read_text(encoding="utf-8")
    lines = text.split("\n")
    at = next(n for n, line in enumerate(lines) if line.startswith("title: "))
    title = lines[at][len("title: ") :].strip().strip('"')
    lines[at] = f'title: "Retitled {sentence}: {title}"'
    retitled.write_text("\n".join(lines), encoding="utf-8")
    side.runs["title edit"].append(sitegen(side, work))


def cpu(m: Measurement) -> float:
    return m.cpu


def mib(m: Measurement) -> float:
    return m.peak_rss_kb / 1024


def wall(m: Measurement) -> float:
    return m.wall


def table(base: Side, head: Side) -> list[str]:
    lines = [
        f"| kind | measure | {base.label} median | {head.label} median | ratio | "
        f"{base.label} best | {head.label} best | ratio |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for kind in KINDS:
        for name, get in (("wall s", wall), ("CPU s", cpu), ("peak MiB", mib)):
            a = [get(m) for m in base.runs[kind]]
            b = [get(m) for m in head.runs[kind]]
            med_a, med_b = statistics.median(a), statistics.median(b)
            best_a, best_b = min(a), min(b)
            lines.append(
                f"| {kind} | {name} | {med_a:.3f} | {med_b:.3f} | {med_b / med_a:.3f} | "
                f"{best_a:.3f} | {best_b:.3f} | {best_b / best_a:.3f} |"
            )
    return lines


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base", help="git revision to compare against")
    ap.add_argument("head", nargs="?", help="git revision (default: the working tree)")
    ap.add_argument("--events", type=int, default=10000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--corpus", choices=tuple(CORPORA), default="standard")
    ap.add_argument("--timelines", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, stop)
    root = Path(tempfile.mkdtemp(prefix="ab-", dir=scratch_root()))
    trees: list[Path] = []
    try:
        trees.append(checkout(args.base, root))
        if args.head:
            trees.append(checkout(args.head, root))
        base = Side(args.base, trees[0])
        head = Side(args.head or "working tree", trees[1] if args.head else REPO)
        if not args.head:
            compileall.compile_dir(REPO / "sitegen", quiet=1)
        site, _ = ensure_site(scratch_root(), args.corpus, args.events, args.seed, args.timelines)
        for r in range(args.rounds):
            order = (base, head) if r % 2 == 0 else (head, base)
            for side in order:
                one_round(side, site, root / "site", r)
                last = {k: f"{side.runs[k][-1].wall:.2f}s" for k in KINDS}
                print(f"round {r + 1} {side.label}: {last}", flush=True)
        print(
            f"\n{args.corpus} corpus, {args.events} events"
            + (f", {args.timelines} timelines" if args.timelines else "")
            + f", {args.rounds} rounds\n"
        )
        print("\n".join(table(base, head)))
    finally:
        # a second Ctrl-C or kill must not cut the cleanup short
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        shutil.rmtree(root / "site", ignore_errors=True)
        cleanup(trees)
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
