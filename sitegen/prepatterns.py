"""Regular expressions compiled ahead of time: the patterns that sitegen, Jinja and the
standard library compile at every start, put in `re`'s own cache before any of them is
compiled.

`re` compiles a pattern in Python (its parser and code generator) the first time a
process asks for it: a cold 100-event build compiled about 90, ~60 M instructions of its
main process, most of it in the stretches no other core shares (before the parse's fork,
and the renderer's imports beside it). What the compiler makes of a pattern is a list of
integers, which `_sre.compile` turns into the pattern object in microseconds; those lists
are written by tools/compile_patterns.py into compiled_patterns.py, with the interpreter
they were made by. `install` puts a pattern object for each in `re`'s cache under the
key `re.compile` looks up, so that compiling it again is a look-up. The patterns are
taken as they are: another interpreter (another Python or `re`) finds none of them
(`made_for`), a pattern edited since is compiled as before, and `re.purge()` empties the
cache as ever. Stale, then, but never wrong (tests/test_prepatterns.py compares each with
what `re` makes of it now).
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # (no stubs: re's own compiler)
import re
import sys


def made_for() -> tuple[object, ...]:
    """What the compiled code depends on beside the pattern and its flags: the
    interpreter (its `re` and its Unicode tables) and `_sre`'s format."""
    return (sys.implementation.name, sys.hexversion, _sre.MAGIC, _sre.CODESIZE, sys.maxunicode)


def install() -> int:
    """The compiled patterns put in `re`'s cache (where it is the dict it has been since
    Python 3.7 and has room for them); how many."""
    try:
        from .compiled_patterns import MADE_FOR, PROGRAMS
    except ImportError:  # (a checkout without it: every pattern compiled as before)
        return 0
    cache = getattr(re, "_cache", None)
    room = getattr(re, "_MAXCACHE", 0) // 2
    if made_for() != MADE_FOR or not isinstance(cache, dict) or len(cache) + len(PROGRAMS) > room:
        return 0
    for pattern, flags, final, code, groups, names in PROGRAMS:
        key = (type(pattern), pattern, flags)
        if key not in cache:
            index = dict(names)
            by_number: list[str | None] = [None] * (groups + 1)
            for name, number in names:
                by_number[number] = name
            cache[key] = _sre.compile(pattern, final, list(code), groups, index, tuple(by_number))
    return len(PROGRAMS)


Program = tuple[str | bytes, int, int, tuple[int, ...], int, tuple[tuple[str, int], ...]]
"""(pattern, the flags asked for, the flags compiled, the code, the number of groups, each
named group's name and number): what `install` gives `_sre.compile` for one pattern."""


def program(pattern: str | bytes, flags: int) -> Program:
    """What `re` compiles `pattern` with `flags` to, as `re._compiler.compile` makes it
    (for tools/compile_patterns.py and the tests)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    names = tuple(parsed.state.groupdict.items())
    final = int(flags | parsed.state.flags)
    # (int(): the opcodes are ints with names, written as their names by repr)
    return (pattern, flags, final, tuple(map(int, code)), parsed.state.groups - 1, names)
