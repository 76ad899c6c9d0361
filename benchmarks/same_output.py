"""Build sites with two sitegen source trees and report any byte that differs.

    python benchmarks/same_output.py OTHER_TREE [SITE ...] [--paths cold,nochange,edit,serve]

OTHER_TREE is a checkout of sitegen (for example /work/main, or a `git worktree` of the
commit before a change); this repository's code is the other side. Each SITE (default:
tests/sites/rosetta and the sample, whose content is the repository's content/ as it
stands in OTHER_TREE) is copied to a scratch folder, once per tree, and each tree takes
its copy down every path a user's site takes, with the same --today:

- cold: `sitegen build --clean`;
- nochange: `sitegen build` again, nothing changed (the answer from the record);
- edit: one event's body changed (the first event file, a sentence appended), then
  `sitegen build`: the incremental build, from the state the first two left;
- serve: the preview's pages in memory, through the library (serve.PreviewServer's
  first build, then its rebuild after the same edit), every page rendered, the
  deferred feeds and data files included.

After each path the two outputs are compared file by file. Exit status 0 when every
site's output is the same on every path, 1 otherwise. Standard library only.

Issue 17 used it to show that a site without content/timelines/ builds byte for byte as
before timelines existed; issue 16 to show that the build core's restructuring changed
no byte on any path.
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
PATHS = ("cold", "nochange", "edit", "serve")
EDIT = "\nOne more sentence, added by same_output.py.\n"

# Run by each tree's Python (PYTHONPATH=tree): the preview's pages, written to folders.
SERVE = """
import datetime as dt, sys
from pathlib import Path
from sitegen.serve import PreviewServer

site, out, today, edited, text = sys.argv[1:6]
def dump(server, folder):
    pages = server.snapshot.pages
    assert not server.snapshot.failed, server.snapshot.problems
    for rel in pages:
        target = Path(folder) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pages[rel])
server = PreviewServer(Path(site), today=dt.date.fromisoformat(today), echo=lambda t: None)
server.rebuild(initial=True)
dump(server, out + "/initial")
path = Path(site) / edited
path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
server.rebuild([edited])
dump(server, out + "/edit")
"""


def run(tree: Path, *args: str) -> None:
    """Python with `tree`'s sitegen; its warnings are shown only if it fails."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, *args], env=env, cwd=tree, capture_output=True)
    if done.returncode:
        sys.stderr.write(done.stdout.decode() + done.stderr.decode())
        done.check_returncode()


def sitegen(tree: Path, *args: str) -> None:
    run(tree, "-m", "sitegen", *args)


def build(tree: Path, site: Path, out: Path, clean: bool = True) -> None:
    sitegen(tree, "build", str(site), "--output", str(out), "--today", TODAY, "--quiet",
            *(["--clean"] if clean else []))  # fmt: skip


def first_event(site: Path) -> str:
    events = sorted((site / "content").rglob("events/**/*.md"))
    return events[0].relative_to(site).as_posix()


def append(site: Path, rel: str) -> None:
    path = site / rel
    path.write_text(path.read_text(encoding="utf-8") + EDIT, encoding="utf-8")


def take_paths(tree: Path, source: Path, work: Path, paths: set[str]) -> None:
    """One tree down every path, on its own copies of the site; outputs under `work`."""
    site = work / "site"
    copy_site(source, site)
    out = work / "out"
    build(tree, site, out)
    shutil.copytree(out, work / "cold")
    if "nochange" in paths:
        build(tree, site, out, clean=False)
        shutil.copytree(out, work / "nochange")
    if "edit" in paths:
        append(site, first_event(site))
        build(tree, site, out, clean=False)
        shutil.copytree(out, work / "edit")
    if "serve" in paths:
        fresh = work / "serve-site"
        copy_site(source, fresh)
        run(tree, "-c", SERVE, str(fresh), str(work / "serve"), TODAY, first_event(fresh), EDIT)


def copy_site(source: Path, site: Path) -> None:
    """The site's content/, and its static/ and templates/ unless it is a source tree
    (the sample: there templates/ is not the site's)."""
    shutil.copytree(source / "content", site / "content")
    if (source / "sitegen").is_dir():
        return
    for extra in ("static", "templates"):
        if (source / extra).is_dir():
            shutil.copytree(source / extra, site / extra)


def differences(a: Path, b: Path) -> list[str]:
    found: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(f"only in one: {prefix}{n}" for n in cmp.left_only + cmp.right_only)
        found.extend(f"differs: {prefix}{n}" for n in cmp.diff_files)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b, ignore=[]), "")
    return found


def compared(ours: Path, theirs: Path, paths: set[str]) -> list[tuple[str, list[str]]]:
    folders = [p for p in ("cold", "nochange", "edit") if p in paths | {"cold"}]
    if "serve" in paths:
        folders += ["serve/initial", "serve/edit"]
    return [(name, differences(theirs / name, ours / name)) for name in folders]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("other", type=Path, help="the other sitegen source tree")
    ap.add_argument("sites", type=Path, nargs="*", help="site folders (default: rosetta, sample)")
    ap.add_argument("--paths", default=",".join(PATHS), help="of: " + ", ".join(PATHS))
    args = ap.parse_args(argv)
    paths = set(args.paths.split(","))
    sites = args.sites or [REPO / "tests" / "sites" / "rosetta", args.other]
    same = True
    with tempfile.TemporaryDirectory() as tmp:
        for i, source in enumerate(sites):
            ours, theirs = Path(tmp) / f"ours-{i}", Path(tmp) / f"theirs-{i}"
            take_paths(REPO, source, ours, paths)
            take_paths(args.other.resolve(), source, theirs, paths)
            for before, after in (("cold", "edit"), ("serve/initial", "serve/edit")):
                if (ours / after).is_dir() and not differences(ours / before, ours / after):
                    print(f"{source} [{after}]: the edit changed nothing; the check is void")
                    same = False
            for name, found in compared(ours, theirs, paths):
                verdict = f"{len(found)} differences" if found else "the same"
                print(f"{source} [{name}]: {verdict}")
                for line in found[:20]:
                    print("  " + line)
                same = same and not found
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
