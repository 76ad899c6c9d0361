"""Regular expressions compiled ahead of time (sitegen/adapters.py, "re", and
sitegen/compiled_patterns.py): current, the ones `re` makes, used, and never wrong when
stale."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen import adapters, compiled_patterns

REPO = Path(__file__).resolve().parent.parent

MADE_HERE = adapters.patterns_made_for() == compiled_patterns.MADE_FOR
"""Whether this interpreter is the one the shipped patterns were compiled by."""


@pytest.mark.skipif(not MADE_HERE, reason="the shipped patterns are another Python's")
def test_the_shipped_patterns_are_current() -> None:
    """After changing a pattern a module compiles as it is imported (or with another
    Python), run tools/compile_patterns.py; until then it is compiled at each start."""
    tool = [sys.executable, str(REPO / "tools" / "compile_patterns.py"), "--check"]
    done = subprocess.run(tool, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(not MADE_HERE, reason="the shipped patterns are another Python's")
def test_each_program_is_what_re_compiles_now() -> None:
    for made in compiled_patterns.PROGRAMS:
        assert adapters.pattern_program(made[0], made[1]) == made


def _fresh(pattern: str | bytes, flags: int) -> re.Pattern[str]:
    from re import _compiler  # type: ignore[attr-defined]

    made: re.Pattern[str] = _compiler.compile(pattern, flags)
    return made


@pytest.mark.skipif(not MADE_HERE, reason="the shipped patterns are another Python's")
def test_installed_patterns_are_re_compiles_and_match_as_they_do(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(re, "_cache", {})
    assert adapters.compiled_patterns_installed() == len(compiled_patterns.PROGRAMS)
    samples = ["", "a", "2026-12-07", "--x", "<a href='x'>y</a>", "Ελλάδα ου", "\x00\n\t é"]
    for pattern, flags, *_ in compiled_patterns.PROGRAMS:
        installed = re.compile(pattern, flags)
        assert installed is re._cache[type(pattern), pattern, flags]  # (a look-up)
        fresh = _fresh(pattern, flags)
        assert (installed.pattern, installed.flags, installed.groups) == (
            fresh.pattern,
            fresh.flags,
            fresh.groups,
        )
        assert installed.groupindex == fresh.groupindex
        for sample in samples:
            text = sample.encode() if isinstance(pattern, bytes) else sample
            found, expected = installed.search(text), fresh.search(text)  # type: ignore[arg-type]
            assert (found and (found.span(), found.groups())) == (
                expected and (expected.span(), expected.groups())
            )


def test_another_interpreters_patterns_are_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(re, "_cache", {})
    monkeypatch.setattr(compiled_patterns, "MADE_FOR", ("cpython", 0))
    assert adapters.compiled_patterns_installed() == 0
    assert re._cache == {}


def test_a_full_cache_is_left_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    full = {("x", str(n), 0): None for n in range(re._MAXCACHE)}  # type: ignore[attr-defined]
    monkeypatch.setattr(re, "_cache", dict(full))
    assert adapters.compiled_patterns_installed() == 0
    assert re._cache == full


def test_a_pattern_edited_since_is_compiled_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry stands only for its own text and flags: any other pattern misses it."""
    monkeypatch.setattr(re, "_cache", {})
    adapters.compiled_patterns_installed()
    pattern, flags = compiled_patterns.PROGRAMS[0][:2]
    edited = pattern + ("x" if isinstance(pattern, str) else b"x")  # type: ignore[operator]
    assert re.compile(edited, flags).pattern == edited
    assert re.compile(pattern, flags | re.IGNORECASE).flags & re.IGNORECASE
