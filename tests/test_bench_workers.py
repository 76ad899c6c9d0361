"""benchmarks/workers.py --idle: a build whose last render worker renders nothing.

That build measures what an extra process costs whatever it renders (the originals of
the pages the other processes all copy); it must still be the build it stands beside:
the same files, byte for byte, rendered by one process fewer.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen import executor, renderjobs
from sitegen.build import PARALLEL_MIN_PAGES
from tests.conftest import REPO


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.skipif(
    not hasattr(os, "fork") or not Path("/proc/self/stat").exists(),
    reason="forks its workers and reads their state in /proc",
)
def test_an_idle_last_worker_renders_nothing_and_the_build_writes_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    generate = [sys.executable, str(REPO / "benchmarks" / "generate.py"), str(site)]
    events = str(PARALLEL_MIN_PAGES + 50)  # (a render shared with forked workers)
    subprocess.run([*generate, "--events", events, "--seed", "1"], check=True, capture_output=True)
    monkeypatch.syspath_prepend(str(REPO / "benchmarks"))
    import workers  # (benchmarks/workers.py)

    # restored after the test: the idle build replaces them
    monkeypatch.setattr(executor, "_start", executor._start)
    monkeypatch.setattr(executor.Forked, "map", executor.Forked.map)
    rendered_by = tmp_path / "rendered-by"
    render = renderjobs.RenderJob.__call__

    def logged(job: renderjobs.RenderJob, index: int) -> object:
        with rendered_by.open("a") as log:  # (each process appends its pid, a line at once)
            log.write(f"{os.getpid()}\n")
        return render(job, index)

    monkeypatch.setattr(renderjobs.RenderJob, "__call__", logged)
    idled_in = tmp_path / "idled-in"
    idle_claims = workers.IdleClaims.__iter__

    def idled(claims: workers.IdleClaims) -> Iterator[object]:
        idled_in.write_text(f"{os.getpid()}\n")
        return idle_claims(claims)

    monkeypatch.setattr(workers.IdleClaims, "__iter__", idled)

    assert workers.build_child(str(site), str(tmp_path / "working"), 3) == 0
    assert not idled_in.exists()
    rendered_by.unlink()
    assert workers.build_child(str(site), str(tmp_path / "idle"), 3, idle=True) == 0
    renderers = set(rendered_by.read_text().split())

    idle_worker = idled_in.read_text().strip()
    assert idle_worker not in renderers  # forked, and rendered no page
    assert idle_worker != str(os.getpid())
    assert str(os.getpid()) in renderers
    got, want = tree(tmp_path / "idle"), tree(tmp_path / "working")
    assert sorted(got) == sorted(want)
    assert [p for p in want if got[p] != want[p]] == []
