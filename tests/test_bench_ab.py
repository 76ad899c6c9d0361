"""benchmarks/ab.py stopped part way (Ctrl-C, kill, a CI job's timeout) leaves no scratch
worktree behind under /dev/shm: its checkouts, its site copy and its folder are removed."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

# ab.py with its git checkouts and its site stood in for: folders, and a run that waits
DRIVER = """
import sys, time
from pathlib import Path
sys.path.insert(0, {bench!r})
import ab

scratch = Path({scratch!r})
ab.scratch_root = lambda: scratch
def checkout(rev, root):
    path = root / ("tree-" + rev)
    path.mkdir()
    return path
ab.checkout = checkout
ab.cleanup = lambda paths: print("cleanup", [p.name for p in paths], flush=True)
def ensure_site(*args):
    print("running", flush=True)
    time.sleep(60)
ab.ensure_site = ensure_site
sys.exit(ab.main(["base", "head"]))
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_ab_run_removes_its_scratch_trees(tmp_path: Path, signum: int) -> None:
    driver = DRIVER.format(bench=str(REPO / "benchmarks"), scratch=str(tmp_path))
    proc = subprocess.Popen(
        [sys.executable, "-c", driver], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "running\n"
    (run,) = tmp_path.iterdir()  # the run's folder, its two trees made
    assert run.name.startswith("ab-") and (run / "tree-head").is_dir()
    proc.send_signal(signum)
    out, _ = proc.communicate(timeout=30)
    assert "cleanup ['tree-base', 'tree-head']" in out
    assert list(tmp_path.iterdir()) == []
    # SIGTERM: exit status 143, as a shell reports it; Ctrl-C: killed by SIGINT, as Python does
    assert proc.returncode == (128 + signum if signum == signal.SIGTERM else -signum)
