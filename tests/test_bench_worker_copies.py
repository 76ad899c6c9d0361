"""benchmarks/worker_copies.py: what a forked render worker copies, part by part.

It stops a cold build where the render forks its workers and measures each part of a
worker's share in a child of its own; a site large enough to fork its render must come
out of it with a figure for every part, and with no output written.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

SCRIPT = REPO / "benchmarks" / "worker_copies.py"
CASES = (
    "nothing",
    "event pages",
    "list pages",
    "a worker's share: both",
    "a worker's share, events contiguous",
)
PACKED = (
    "event pages, from bytes",
    "event pages, from bytes, no keys",
    "list pages, from bytes",
    "a worker's share from bytes",
    "a worker's share from bytes, no keys",
)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks its workers")
@pytest.mark.parametrize(("flags", "cases"), [((), CASES), (("--packed",), CASES + PACKED)])
def test_each_part_of_a_workers_share_is_measured_and_nothing_is_written(
    tmp_path: Path, flags: tuple[str, ...], cases: tuple[str, ...]
) -> None:
    site = tmp_path / "site"
    gen = [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(site)]
    subprocess.run([*gen, "--events", "450", "--seed", "1"], check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(site), "--processes", "3", *flags],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "3 processes: a worker's Private_Dirty (MiB) after"
    figures = {m[2]: int(m[1]) for m in (re.match(r"\s*(-?\d+)  (.*)", x) for x in lines[1:]) if m}
    for case in cases:
        found = [v for name, v in figures.items() if name.startswith(case)]
        assert found and all(v >= 0 for v in found), (case, done.stdout)
    assert not (site / "public").exists()
