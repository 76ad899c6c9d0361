"""Write sitegen/compiled_patterns.py: the regular expressions a build compiles at every
start, compiled ahead of time (see sitegen/adapters.py, "re").

Usage: python tools/compile_patterns.py [--check]

It builds tests/sites/rosetta and the sample (content/) in this process, one core (no
forks), noting each pattern `re` compiles as a module is imported: sitegen's, Jinja's,
Pillow's, the standard library's, as a build imports them. (Not those compiled later, by
a function: some are made from a site's own words, a search index's country names, and
a LazyPattern's are compiled where a build seldom goes.) Run it after changing a
module-level pattern, or with another Python (the file holds the interpreter's, and
another finds none of it); until then those patterns are compiled at each start, as
before. --check writes nothing and exits 1 when the file is not what it would write.
"""

from __future__ import annotations

import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from sitegen import adapters  # noqa: E402  (its patterns installed: emptied below)

OUT = os.path.join(ROOT, "sitegen", "compiled_patterns.py")
HEADER = '''"""Regular expressions compiled ahead of time: written by tools/compile_patterns.py,
read by sitegen/adapters.py (compiled_patterns_installed). Do not edit; run the tool."""

# fmt: off
MADE_FOR = {made_for!r}
PROGRAMS = (
'''

Key = tuple[str | bytes, int]


class Capture:
    """The patterns `re` compiles while it is on, as a module is imported."""

    def __init__(self) -> None:
        self.imported: set[Key] = set()

    def __enter__(self) -> Capture:
        from re import _compiler  # type: ignore[attr-defined]

        self.original = compile_ = _compiler.compile

        def noted(pattern: str | bytes, flags: int = 0) -> object:
            if _compiler.isstring(pattern) and _importing():
                self.imported.add((pattern, flags))
            return compile_(pattern, flags)

        re.purge()
        _compiler.compile = noted
        return self

    def __exit__(self, *exc: object) -> None:
        from re import _compiler  # type: ignore[attr-defined]

        _compiler.compile = self.original


def _importing() -> bool:
    """Whether a module is being imported (a module's code below in the stack, not this
    tool's own)."""
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_name == "<module>" and frame.f_globals.get("__name__") != "__main__":
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


def _build(site: str, scratch: str) -> None:
    """A cold build of a copy of `site` (its content/ and, if any, templates/)."""
    import shutil

    from sitegen.cli import _main

    copy = os.path.join(scratch, os.path.basename(site.rstrip(os.sep)) + "-site")
    shutil.copytree(os.path.join(site, "content"), os.path.join(copy, "content"))
    if site != ROOT and os.path.isdir(os.path.join(site, "templates")):
        shutil.copytree(os.path.join(site, "templates"), os.path.join(copy, "templates"))
    out = os.path.join(scratch, "out")
    words = ["build", copy, "--output", out, "--clean", "--today", "2026-12-07", "--quiet"]
    if _main(words) not in (0, 1):
        raise SystemExit(f"the build of {site} stopped")


def captured() -> list[Key]:
    """Every pattern compiled as a module is imported by the two builds."""
    if hasattr(os, "sched_setaffinity"):  # one core: no forks (elsewhere their patterns
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # are missed, no more)
    with Capture() as capture:
        import tempfile  # (here: what it imports, a build imports too)

        for site in (os.path.join(ROOT, "tests", "sites", "rosetta"), ROOT):
            with tempfile.TemporaryDirectory() as scratch:
                _build(site, scratch)
    keys = capture.imported
    return sorted(keys, key=lambda k: (isinstance(k[0], bytes), k[0], k[1]))  # type: ignore[arg-type]


def text() -> str:
    lines = [HEADER.format(made_for=adapters.patterns_made_for())]
    for pattern, flags in captured():
        lines.append(f"    {adapters.pattern_program(pattern, flags)!r},\n")
    lines.append(")\n")
    return "".join(lines)


def main(argv: list[str]) -> int:
    want = text()
    try:
        with open(OUT, encoding="utf-8") as f:
            have = f.read()
    except FileNotFoundError:
        have = None
    if "--check" in argv:
        if have == want:
            return 0
        print("sitegen/compiled_patterns.py is stale: run python tools/compile_patterns.py")
        return 1
    if have != want:
        with open(OUT, "w", encoding="utf-8") as f:
            f.write(want)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
