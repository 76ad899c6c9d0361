"""kill -9 during the output switch: the output is the old site or the new one, never a mix.

A 2,000-event site (benchmarks/generate.py) is built, then changed so that its commit
rewrites every page, adds some and removes others. A build process is killed with
SIGKILL at 20 random steps of that commit (each rename, link, unlink, mkdir and rmdir
counts as one, and so does the journal's); what the next build does first (`recover`)
must leave output/ byte for byte the old site or the new one, and no staging folder.

Rendering 2,000 events twenty times would take minutes, so nineteen of the kills are of
a process that runs the build's write layer alone on the real pages (staging what the
new build wrote, then committing: the same Staging calls a build makes), and one is of
a whole `sitegen build`; the next real build then finishes the job. Each of the
nineteen commits goes from the site the output holds to the other one (old to new, and
back once a kill left the new site), so the output never needs restoring in between.
On a shared two-core machine, in /dev/shm: about 45 s of CPU and 50 s of wall time
(on disk, 165 s); most of it is staging and comparing 2,250 files per kill, the rest the
four builds. EVENTS can be lowered to trade coverage of a large commit for time.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen import write
from tests.conftest import REPO, TODAY, build

EVENTS = 2000
KILLS = 20

# Counts the write layer's file system calls from the start of a commit, and kills the
# process (SIGKILL: no finally, no atexit) before call number KILL_AT.
HARNESS = textwrap.dedent(
    """
    import os, signal, sys
    from sitegen import write

    KILL_AT = int(os.environ["KILL_AT"])
    calls = 0

    def counted(name):
        real = getattr(os, name)

        def call(*args, **kwargs):
            global calls
            calls += 1
            if calls == KILL_AT:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        return call

    commit = write.Staging.commit

    def killed_commit(self):
        for name in ("replace", "rename", "link", "unlink", "rmdir", "mkdir"):
            setattr(write.os, name, counted(name))
        try:
            return commit(self)
        finally:
            print("calls", calls)

    write.Staging.commit = killed_commit
    """
)

STAGE_ONLY = textwrap.dedent(
    """
    from pathlib import Path
    out, new = Path(sys.argv[1]), Path(sys.argv[2])
    staging = write.Staging(out, write.Manifest())
    staging.scan()
    for path in sorted(new.rglob("*")):
        rel = path.relative_to(new).as_posix()
        if path.is_file() and rel != write.MARKER:
            staging.add(rel, path.read_bytes())
    staging.commit()
    """
)

BUILD = textwrap.dedent(
    """
    from sitegen.cli import main
    sys.exit(main(["build", sys.argv[1], "--today", sys.argv[2]]))
    """
)


def files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() or p.is_symlink()
    }


def staging_folders(out: Path) -> list[str]:
    """Staging folders (and journals) left beside the output."""
    return [p.name for p in out.parent.iterdir() if write.STAGING in p.name]


def run(script: str, args: list[str], kill_at: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "KILL_AT": str(kill_at)}
    return subprocess.run(
        [sys.executable, "-c", HARNESS + script, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def change(site: Path) -> None:
    """Every page changes (the site's title is on each), some go, some are new."""
    config = site / "content" / "site.yaml"
    lines = config.read_text(encoding="utf-8").splitlines()
    renamed = ['title: "A renamed timeline"' if x.startswith("title:") else x for x in lines]
    config.write_text("\n".join(renamed) + "\n", encoding="utf-8")
    events = sorted((site / "content" / "events").rglob("*.md"))
    for path in events[:40]:
        path.unlink()
    for i, path in enumerate(events[40:60]):
        copy = path.with_name(f"copy-{i}-{path.name}")
        copy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    """A folder in memory (/dev/shm) where there is one: the test renames, links and
    compares some 100,000 files, and a disk's metadata writes made it the suite's
    slowest test by far (the rename and link rules it checks are the same on tmpfs)."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="sitegen-crash-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_kill_9_during_the_commit_leaves_the_old_or_the_new_site(scratch: Path) -> None:
    tmp_path = scratch
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(site),
         "--events", str(EVENTS)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    out = site / "output"
    assert build(site, "--today", TODAY).code == 0
    old = tmp_path / "old"
    shutil.copytree(out, old, symlinks=True)
    old_files = files(old)
    change(site)
    assert build(site, "--today", TODAY).code == 0
    new = tmp_path / "new"
    shutil.copytree(out, new, symlinks=True)
    new_files = files(new)
    assert old_files != new_files
    removed = old_files.keys() - new_files.keys()
    assert removed and new_files.keys() - old_files.keys()

    # each kill is of a commit from the site the output holds to the other one: from
    # the old site to the new, and, once that is done, back (the output is always one
    # of the two, so nothing needs restoring between kills)
    sites = {"old": (old, old_files), "new": (new, new_files)}
    steps = {}
    shutil.rmtree(out)
    shutil.copytree(old, out, symlinks=True)
    for there in ("new", "old"):
        counted = run(STAGE_ONLY, [str(out), str(sites[there][0])], kill_at=0)
        assert counted.returncode == 0, counted.stderr
        steps[there] = int(counted.stdout.split()[-1])
        assert files(out) == sites[there][1]
        assert staging_folders(out) == []
    assert steps["new"] > len(new_files)  # every page renamed in, its old version kept

    rng = random.Random(15)
    here, stayed, switched = "old", 0, 0
    for kill in range(KILLS - 1):
        there = "new" if here == "old" else "old"
        # step 1 puts the journal in place: killed before it, nothing has changed
        point = 1 if kill == 0 else rng.randint(2, steps[there])
        killed = run(STAGE_ONLY, [str(out), str(sites[there][0])], kill_at=point)
        assert killed.returncode == -signal.SIGKILL, (point, killed.stderr)
        write.recover(out)  # what the next build does first
        now = files(out)
        assert now in (old_files, new_files), f"a mix after a kill at step {point}"
        assert staging_folders(out) == []
        if now == sites[there][1]:
            here, switched = there, switched + 1
        else:
            stayed += 1
    assert stayed >= 1 and switched >= KILLS // 2, (stayed, switched)

    # one whole build, killed halfway through its commit; the next build finishes it
    shutil.rmtree(out)
    shutil.copytree(old, out, symlinks=True)
    shutil.rmtree(site / ".sitegen-cache")  # its manifest describes the new output
    killed = run(BUILD, [str(site), TODAY], kill_at=len(removed) + len(new_files) // 2)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert staging_folders(out)
    assert build(site, "--today", TODAY).code == 0
    assert staging_folders(out) == []
    assert files(out) == new_files
