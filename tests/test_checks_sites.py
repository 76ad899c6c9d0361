"""One folder per invalid case: tests/sites/invalid/<case>/ holds the files that differ
from the minimal valid site (conftest.BASE_FILES) and expect.txt, the exact diagnostics
`sitegen check` prints for it (path:line:col: severity: message [code]).

A case folder is a one-file mutation of the valid site, so each expect.txt shows what
an editor sees for one mistake, and nothing else. To regenerate after a deliberate
change of wording, run `SITEGEN_REGEN_EXPECT=1 pytest tests/test_checks_sites.py` and
review the diff.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from sitegen.checks import ERROR_CODES, WARNING_CODES
from tests.conftest import SITES, TODAY, run, write_site

INVALID = SITES / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())
LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): "
    r"(?P<sev>error|warning): .* \[(?P<code>[a-z-]+)\]$"
)
# Codes tested elsewhere: link-broken needs a server (test_checks_links.py); internal needs a
# bug, simulated in test_checks.py.
ELSEWHERE = {"link-broken", "internal"}
# what git cannot hold (links out of the site, FIFOs, huge files): tests/test_hostile_files.py
ELSEWHERE |= {"link-outside", "not-a-file", "file-too-large", "unreadable", "link-loop"}
# a build's, and it depends on the fonts of the machine: tests/test_sharecards.py
ELSEWHERE.add("card-font-missing-glyphs")
# two names that differ only in case, which a checkout on macOS or Windows cannot hold:
# tests/test_hostile_files.py writes them in tmp_path
ELSEWHERE.add("static-case")
# names with invisible characters, and names that differ only in Unicode normalization
# (one on macOS): tests/test_editor_gaps.py writes them in tmp_path
ELSEWHERE |= {"name-control", "name-normalization"}


def _materialize(case: str, root: Path) -> Path:
    """The valid base site with the case's files laid over it."""
    write_site(root, {})
    src = INVALID / case
    for path in src.rglob("*"):
        if path.is_file() and path.name != "expect.txt":
            target = root / path.relative_to(src)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return root


def _diagnostic_lines(out: str) -> list[str]:
    lines = out.splitlines()
    assert lines and re.fullmatch(r"\d+ errors?, \d+ warnings?", lines[-1]), out
    return lines[:-1]


@pytest.mark.parametrize("case", CASES)
def test_invalid_site_reports_exactly_the_expected_diagnostics(case: str, tmp_path: Path) -> None:
    root = _materialize(case, tmp_path / "site")
    result = run("check", root, "--today", TODAY)
    assert "Traceback" not in result.out + result.err
    got = _diagnostic_lines(result.out)
    expect_file = INVALID / case / "expect.txt"
    if os.environ.get("SITEGEN_REGEN_EXPECT"):
        expect_file.write_text("".join(line + "\n" for line in got), encoding="utf-8")
    expected = expect_file.read_text(encoding="utf-8").splitlines()
    assert got == expected
    # the case is named after the code it triggers
    codes = {LINE.match(line).group("code") for line in got}  # type: ignore[union-attr]
    assert any(case == c or case.startswith(c + "-") for c in codes), (case, codes)
    errors = any(" error: " in line for line in got)
    assert result.code == (1 if errors else 0)


def test_every_expect_line_is_a_well_formed_diagnostic() -> None:
    for case in CASES:
        for line in (INVALID / case / "expect.txt").read_text(encoding="utf-8").splitlines():
            m = LINE.match(line)
            assert m, (case, line)
            code = m.group("code")
            assert code in (ERROR_CODES if m.group("sev") == "error" else WARNING_CODES), line


def test_every_code_has_an_invalid_site() -> None:
    covered = set(ELSEWHERE)
    for case in CASES:
        text = (INVALID / case / "expect.txt").read_text(encoding="utf-8")
        covered |= set(re.findall(r"\[([a-z-]+)\]$", text, re.M))
    assert (ERROR_CODES | WARNING_CODES) - covered == set()


def test_docs_explain_every_code_with_real_output() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "checks.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^### ([a-z-]+)$", docs, re.M))
    assert (ERROR_CODES | WARNING_CODES) - headings == set()
    body = docs.split("## All codes", 1)[1]
    examples = [line for line in body.splitlines() if LINE.match(line)]
    for code in ERROR_CODES | WARNING_CODES:
        assert any(line.endswith(f"[{code}]") for line in examples), code
    expected = set()
    for case in CASES:
        expected |= set((INVALID / case / "expect.txt").read_text(encoding="utf-8").splitlines())
    for line in examples:
        code = LINE.match(line).group("code")  # type: ignore[union-attr]
        if code not in ELSEWHERE:
            assert line in expected, f"docs/checks.md shows output sitegen does not print: {line}"


def _codes_the_source_emits() -> set[str]:
    """Every diagnostic code written as a literal in sitegen/: the argument after a
    severity ("error", "warning", or a choice of the two), `code=`, and the first argument
    of the errors that carry a code (DateError, Refused)."""
    import ast

    def severity(node: ast.expr) -> bool:
        if isinstance(node, ast.IfExp):
            return severity(node.body) and severity(node.orelse)
        return isinstance(node, ast.Constant) and node.value in ("error", "warning")

    def literal(node: ast.expr) -> str | None:
        return (
            node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None
        )

    found: set[str] = set()
    package = Path(__file__).parent.parent / "sitegen"
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            args = node.args
            candidates = [args[i + 1] for i in range(len(args) - 1) if severity(args[i])]
            candidates += [k.value for k in node.keywords if k.arg == "code"]
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in ("DateError", "Refused") and args:
                candidates.append(args[0])
            found |= {code for code in map(literal, candidates) if code}
    return found


def test_every_code_the_source_emits_is_registered_and_documented() -> None:
    """docs/checks.md and the codes sitegen can print stay in step, both ways: a new
    code in the source must be in checks.ERROR_CODES/WARNING_CODES (and so in the docs,
    by the test above), and a heading in the docs must be a code sitegen still has."""
    emitted = _codes_the_source_emits()
    imports = {code for code in emitted if code.startswith("import-")}
    assert emitted - imports - (ERROR_CODES | WARNING_CODES) == set()
    # and the scan is thorough: it finds every registered code in the source
    assert (ERROR_CODES | WARNING_CODES) - emitted == set()
    docs = (Path(__file__).parent.parent / "docs" / "checks.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^### ([a-z-]+)$", docs, re.M))
    assert headings - (ERROR_CODES | WARNING_CODES) == set(), (
        "docs/checks.md explains a code sitegen no longer has"
    )
    assert all(f"`{code}`" in docs for code in imports)


def test_the_codes_table_gives_each_code_its_severity() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "checks.md").read_text(encoding="utf-8")
    table = docs.split("## All codes", 1)[1].split("\n\n", 2)[1]
    rows = re.findall(r"^\| \[([a-z-]+)\]\(#\1\) \| ([^|]+) \|", table, re.M)
    assert sorted(code for code, _ in rows) == sorted(ERROR_CODES | WARNING_CODES)
    for code, severity in rows:
        both = code in ERROR_CODES and code in WARNING_CODES
        first = severity.split()[0]
        assert first == ("error" if code in ERROR_CODES else "warning"), (code, severity)
        assert both == ("warning" in severity and "error" in severity), (code, severity)
