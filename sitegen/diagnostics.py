"""One type for every problem sitegen finds, and the ways of printing them.

A diagnostic is a value: checks return them, nothing prints them but the CLI and the
preview server's overlay, which both use `format_text` so an editor sees the same words
in the terminal and in the browser.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal

from .records import LazyPattern, dataclass, order_methods, value_methods

Severity = Literal["error", "warning"]


FILE_CODES = frozenset({"yaml-syntax", "front-matter", "encoding", "internal"})
"""Codes that mean a whole file could not be read: the site is incomplete."""


class Wording:
    """A diagnostic's message made when it is read, from parts the model holds already:
    for a check that finds many problems of one kind (at 100,000 events, 70,000
    same-day warnings, each ~400 bytes of text, held beside the render to its end).
    Equal to, hashed, ordered and pickled as its text."""

    __slots__ = ()

    def text(self) -> str:
        raise NotImplementedError

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return repr(self.text())

    def __reduce__(self) -> tuple[Any, ...]:
        return (str, (self.text(),))

    def __hash__(self) -> int:
        return hash(self.text())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, str | Wording) and self.text() == str(other)

    def __lt__(self, other: str | Wording) -> bool:
        return self.text() < str(other)

    def __gt__(self, other: str | Wording) -> bool:
        return self.text() > str(other)

    def __le__(self, other: str | Wording) -> bool:
        return self.text() <= str(other)

    def __ge__(self, other: str | Wording) -> bool:
        return self.text() >= str(other)


@order_methods
@value_methods
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class Diagnostic:
    """A problem in a site, anchored to a place in one of its files."""

    path: str
    """File path relative to the site folder, with forward slashes."""
    line: int
    """1-based line of the offending value (1 when the whole file is at fault)."""
    column: int
    """1-based column of the offending value."""
    severity: Severity
    """`error` stops the build; `warning` does not (unless --strict)."""
    code: str
    """A stable code such as `date-invalid`, documented in docs/checks.md."""
    wording: str | Wording
    """The message, or what makes it when read (see `message`)."""

    if TYPE_CHECKING:  # (what @order_methods gives it, for the type checker)

        def __lt__(self, other: Diagnostic) -> bool: ...

    @property
    def message(self) -> str:
        """What is wrong and, where it can, what to do about it."""
        wording = self.wording
        return wording if isinstance(wording, str) else wording.text()

    def format(self) -> str:
        path, message = self.path.translate(_VISIBLE), shown(self.message).translate(_VISIBLE)
        return f"{path}:{self.line}:{self.column}: {self.severity}: {message} [{self.code}]"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.path.translate(_UNDECODED),
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": shown(self.message).translate(_UNDECODED),
        }


LONG_MESSAGE = 400
"""A message longer than this has its long quoted values cut (see shown)."""
_LONG_WORD = LazyPattern(r"(\S{60})\S{60,}(\S{20})")


def shown(message: str) -> str:
    """The message as printed: a run of hundreds of characters without a space (a slug
    of a million letters, quoted, in a path or in [[…]]) cut in its middle, so that one
    line stays a few screen lines, not megabytes."""
    if len(message) <= LONG_MESSAGE:
        return message
    return _LONG_WORD.sub(lambda m: f"{m.group(1)}…{m.group(2)}", message)


_VISIBLE = {c: f"\\x{c:02x}" for c in (*range(0x00, 0x09), *range(0x0A, 0x20), *range(0x7F, 0xA0))}
"""Control characters written out as \\xNN in a printed diagnostic: a file named
'\\x1b[2J.md' must not clear the editor's terminal, a newline must not split a line."""
# and, as \uNNNN, what breaks a line or reorders it as a terminal shows it (a name with a
# right-to-left override reads backwards): see checks._NAME_TROUBLE
_VISIBLE.update(
    {c: f"\\u{c:04x}" for c in (0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))}
)

# and, as \udcNN, the bytes of a file name that are not UTF-8 (read as lone surrogates):
# printed as they are, they made `check --format json` write bytes no JSON reader takes
_UNDECODED = {c: f"\\u{c:04x}" for c in range(0xDC80, 0xDD00)}
_VISIBLE.update(_UNDECODED)

INVISIBLE_NAMES = {
    0x09: "tab", 0x0A: "newline", 0x0D: "carriage return", 0x1B: "escape",
    0x2028: "line separator", 0x2029: "paragraph separator", 0x061C: "Arabic letter mark",
    0x200B: "zero-width space", 0x200E: "left-to-right mark", 0x200F: "right-to-left mark",
    0xFEFF: "zero-width no-break space", 0x202A: "left-to-right embedding",
    0x202B: "right-to-left embedding", 0x202C: "pop directional formatting",
    0x202D: "left-to-right override", 0x202E: "right-to-left override",
    0x2066: "left-to-right isolate", 0x2067: "right-to-left isolate",
    0x2068: "first strong isolate", 0x2069: "pop directional isolate",
}  # fmt: skip
"""What a message calls a character a reader cannot see (checks' name-control, load's
bidi-unbalanced): one table, so the two say the same."""


def internal(
    path: str, doing: str, exc: BaseException, ask: str = "please report it"
) -> Diagnostic:
    """A bug of sitegen's met while `doing` something, reported like a content problem,
    so that it does not hide the others (and never as a traceback)."""
    return Diagnostic(
        path, 1, 1, "error", "internal",
        f"sitegen failed while {doing} ({type(exc).__name__}: {exc}); {ask}",
    )  # fmt: skip


class SiteError(Exception):
    """Raised by the library when diagnostics stop the work; the CLI prints them."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = list(diagnostics)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest choice, or an empty string."""
    import difflib  # (only a typo asks: not imported by every start)

    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{matches[0]}'?" if matches else ""


class Hints:
    """did_you_mean with a budget, for one check of a whole site: a suggestion is a fuzzy
    match against every name there is (milliseconds against thousands), so a body of
    20,000 planted [[links]] that name nothing took minutes. Past the first `budget`,
    problems are reported without one."""

    def __init__(self, budget: int = 200) -> None:
        self.left = budget

    def __call__(self, word: str, choices: Iterable[str]) -> str:
        if self.left <= 0:
            return ""
        self.left -= 1
        return did_you_mean(word, choices)


def sort_key(d: Diagnostic) -> tuple[str, int, int, int, str, str]:
    return (d.path, d.line, d.column, 0 if d.severity == "error" else 1, d.code, d.message)


def finalize(
    diagnostics: Iterable[Diagnostic], ignore: Iterable[str] = (), strict: bool = False
) -> list[Diagnostic]:
    """Drop silenced warnings and duplicates, promote warnings under --strict, sort."""
    ignored = set(ignore)
    out: set[Diagnostic] = set()
    for d in diagnostics:
        if d.severity == "warning" and d.code in ignored:
            continue
        if strict and d.severity == "warning":
            d = Diagnostic(d.path, d.line, d.column, "error", d.code, d.message)
        out.add(d)
    return sorted(out, key=sort_key)


def count(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    errors = warnings = 0
    for d in diagnostics:
        if d.severity == "error":
            errors += 1
        else:
            warnings += 1
    return errors, warnings


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    errors, warnings = count(diagnostics)
    e = "error" if errors == 1 else "errors"
    w = "warning" if warnings == 1 else "warnings"
    return f"{errors} {e}, {warnings} {w}"


REPEATS = 20
"""Text output prints this many problems of one code (and severity) in one file, then one
line for the rest: a body of 100,000 `[@` printed 100,000 citation-syntax warnings, the
file's other problems lost among them. The summary and `--format json` count them all."""


def format_text(diagnostics: Sequence[Diagnostic]) -> str:
    lines = list(_capped(diagnostics))
    lines.append(summary(diagnostics))
    return "\n".join(lines) + "\n"


def _capped(diagnostics: Iterable[Diagnostic]) -> Iterator[str]:
    """Each diagnostic's line, but past REPEATS of one code in one file a count of the rest
    (diagnostics come sorted by file, so a file's are together)."""
    path = ""
    seen: dict[tuple[str, Severity], int] = {}
    for d in diagnostics:
        if d.path != path:
            yield from _more(path, seen)
            path, seen = d.path, {}
        key = (d.code, d.severity)
        seen[key] = times = seen.get(key, 0) + 1
        if times <= REPEATS:
            yield d.format()
    yield from _more(path, seen)


def _more(path: str, seen: dict[tuple[str, Severity], int]) -> Iterator[str]:
    for (code, severity), times in seen.items():
        if times > REPEATS:
            rest = times - REPEATS
            what = severity if rest == 1 else f"{severity}s"
            yield (
                f"{path.translate(_VISIBLE)}: … and {rest:,} more {what} [{code}] in this "
                "file (--format json lists every one)"
            )


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    import json  # (see Builder._while_workers_parse)

    return json.dumps([d.as_dict() for d in diagnostics], indent=2, ensure_ascii=False) + "\n"


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diagnostics: Sequence[Diagnostic], prefix: str = "") -> str:
    """GitHub Actions workflow commands, so CI shows each problem on the diff."""
    lines = []
    for d in diagnostics:
        path = _gh_escape((prefix + d.path).translate(_VISIBLE), prop=True)
        title = _gh_escape(d.code, prop=True)
        lines.append(
            f"::{d.severity} file={path},line={d.line},col={d.column},title={title}::"
            f"{_gh_escape(shown(d.message).translate(_VISIBLE))} [{d.code}]"
        )
    lines.append(summary(diagnostics))
    return "\n".join(lines) + "\n"


FORMATS = {"text": format_text, "json": format_json, "github": format_github}
