"""benchmarks/timeline.py: who works when in a cold build, stage by stage and job by job.

On a site large enough to fork its parse and its render, two processes share the render:
each must be listed with its jobs, every page of the build counted once between them,
and the stretches the build's process works alone said.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

SCRIPT = REPO / "benchmarks" / "timeline.py"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks its workers")
def test_both_processes_of_a_forked_render_are_shown_with_every_job(tmp_path: Path) -> None:
    site = tmp_path / "site"
    gen = [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(site)]
    subprocess.run([*gen, "--events", "450", "--seed", "1"], check=True, capture_output=True)
    log = tmp_path / "spans.tsv"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(site), "--jobs", "2", "--log", str(log)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for stage in ("_load_and_check", "_plan", "_render", "_commit"):
        assert re.search(rf"^{stage} +build ", out, re.M), out
    processes = re.findall(r"^(build|render \d+): (\d+) jobs", out, re.M)
    assert [role.split()[0] for role, _ in processes] == ["build", "render"], out
    jobs = [line for line in log.read_text().splitlines() if "\tjob\t" in line]
    assert sum(int(n) for _, n in processes) == len(jobs)
    pages = {line.split("\t")[2].partition(" ")[2] for line in jobs}
    assert len(pages) == len(jobs)  # (no page rendered twice)
    assert "events/" in " ".join(pages) and "search/index.json" in pages
    assert re.search(r"^the build's process alone: [\d.]+ s of [\d.]+ s", out, re.M), out
    assert not (site / "public").exists()
