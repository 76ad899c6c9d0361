"""Seeded sequences of a newsroom's edits: after each one, an incremental `sitegen build`
gives the output, the messages and the exit code of a clean build of the same content,
and serve's rebuild the pages and diagnostics of a fresh preview (tests/edit_sequences.py
has the edits and the comparison).

Short, fixed sequences so that the suite stays quick; benchmarks/incremental_fuzz.py runs
long ones over many seeds (docs/performance.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.edit_sequences import EDITS, SERVE_KINDS, Checker, make_site

CLI_RUNS = [("sample", 1, 8), ("sample", 2, 8), ("newsroom", 3, 8), ("generated", 4, 3)]
SERVE_RUNS = [("sample", 5, 10), ("newsroom", 6, 8)]


@pytest.mark.parametrize(("name", "seed", "steps"), CLI_RUNS)
def test_incremental_builds_equal_clean_builds_along_an_edit_sequence(
    tmp_path: Path, name: str, seed: int, steps: int
) -> None:
    site = make_site(name, tmp_path / "site", seed)
    checker = Checker(site, tmp_path, seed, tuple(EDITS))
    assert checker.run(steps) == []
    assert len(checker.log) >= steps // 2  # most edits found something to change


@pytest.mark.parametrize(("name", "seed", "steps"), SERVE_RUNS)
def test_serve_rebuilds_equal_fresh_previews_along_an_edit_sequence(
    tmp_path: Path, name: str, seed: int, steps: int
) -> None:
    site = make_site(name, tmp_path / "site", seed)
    checker = Checker(site, tmp_path, seed, SERVE_KINDS, serve=True)
    try:
        assert checker.run(steps) == []
    finally:
        assert checker.server is not None
        checker.server.stop()
