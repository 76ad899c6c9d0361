"""Build sites with two sitegen source trees and report any byte that differs.

    python benchmarks/same_output.py OTHER_TREE [SITE ...]

OTHER_TREE is a checkout of sitegen (for example /work/main, or a `git worktree` of the
commit before a change); this repository's code is the other side. Each SITE (default:
tests/sites/rosetta and the sample, whose content is the repository's content/ as it
stands in OTHER_TREE) is copied to a scratch folder and built by both, with the same
--today, into two output folders that are then compared file by file. Exit status 0 when
every site's output is the same, 1 otherwise.

Issue 17 used it to show that a site without content/timelines/ builds byte for byte as
before timelines existed. Standard library only.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-27"


def build(tree: Path, site: Path, out: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    subprocess.run(
        [sys.executable, "-m", "sitegen", "build", str(site), "--output", str(out),
         "--today", TODAY, "--clean", "--quiet"],
        check=True, env=env, cwd=tree,
    )  # fmt: skip
    shutil.rmtree(site / ".sitegen-cache", ignore_errors=True)


def differences(a: Path, b: Path) -> list[str]:
    found: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(f"only in one: {prefix}{n}" for n in cmp.left_only + cmp.right_only)
        found.extend(f"differs: {prefix}{n}" for n in cmp.diff_files)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b, ignore=[]), "")
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("other", type=Path, help="the other sitegen source tree")
    ap.add_argument("sites", type=Path, nargs="*", help="site folders (default: rosetta, sample)")
    args = ap.parse_args(argv)
    sites = args.sites or [REPO / "tests" / "sites" / "rosetta", args.other]
    same = True
    with tempfile.TemporaryDirectory() as tmp:
        for i, source in enumerate(sites):
            site = Path(tmp) / f"site-{i}"
            shutil.copytree(source / "content", site / "content")
            for extra in ("static", "templates"):
                if (source / extra).is_dir() and source != args.other:
                    shutil.copytree(source / extra, site / extra)
            ours, theirs = Path(tmp) / f"ours-{i}", Path(tmp) / f"theirs-{i}"
            build(REPO, site, ours)
            build(args.other.resolve(), site, theirs)
            found = differences(theirs, ours)
            print(f"{source}: {'the same' if not found else f'{len(found)} differences'}")
            for line in found[:20]:
                print("  " + line)
            same = same and not found
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
