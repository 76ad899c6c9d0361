"""Fail when a function in the given folders runs over 60 lines or cyclomatic complexity 15.

Usage: python tools/complexity.py sitegen [MORE_PATHS ...]

Every function and method counts on its own, nested ones too: a function's complexity is
radon's cyclomatic complexity of its own body (radon leaves closures out of their parent's
count), and its length runs from the `def` line to its last line. One line per offender,
`path:line: name: N lines / complexity M`, and exit status 1 when there is any.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

from radon.visitors import ComplexityVisitor

MAX_LINES = 60
MAX_COMPLEXITY = 15

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


def python_files(paths: list[str]) -> Iterator[Path]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from sorted(path.rglob("*.py"))
        else:
            yield path


def qualified_functions(node: ast.AST, prefix: str = "") -> Iterator[tuple[str, FunctionNode]]:
    """Every function under `node`, named by the classes and functions it sits in."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, FunctionNode):
            name = prefix + child.name
            yield name, child
            yield from qualified_functions(child, name + ".")
        elif isinstance(child, ast.ClassDef):
            yield from qualified_functions(child, prefix + child.name + ".")
        else:
            yield from qualified_functions(child, prefix)


def complexity(function: FunctionNode) -> int:
    # Visiting the def alone gives its own complexity: radon counts closures separately.
    return int(ComplexityVisitor.from_ast(function).functions[0].complexity)


def offenders(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for name, function in qualified_functions(tree):
        lines = (function.end_lineno or function.lineno) - function.lineno + 1
        score = complexity(function)
        if lines > MAX_LINES or score > MAX_COMPLEXITY:
            yield f"{path}:{function.lineno}: {name}: {lines} lines / complexity {score}"


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    found = [line for path in python_files(argv) for line in offenders(path)]
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
