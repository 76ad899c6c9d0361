"""What a check or build found and did.

A light module (the standard library and diagnostics.py only): build.pickle holds the
last build's Result, and a build that finds nothing changed unpickles it before it
imports a parser or a template engine.
"""

from __future__ import annotations

from dataclasses import field

from .diagnostics import Diagnostic
from .records import dataclass, made_seldom, value_methods


@made_seldom
@value_methods
@dataclass(repr=False, eq=False)
class Result:
    """What a check or build found and did."""

    diagnostics: list[Diagnostic]
    """Every problem, sorted, after `ignore` and `--strict`."""
    ok: bool
    """No errors: the output was written (build) or would be (check)."""
    pages: int = 0
    """Output files the site has."""
    rendered: int = 0
    """Files rendered this time (the rest came from the cache)."""
    written: int = 0
    """Files whose bytes changed on disk."""
    removed: int = 0
    """Stale files removed."""
    seconds: float = 0.0
    """Wall time."""
    changed: list[str] = field(default_factory=list)
    """Output paths whose bytes changed."""
