"""tools/complexity.py: the limit on function length and complexity that `make lint` enforces."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TOOL = Path(__file__).resolve().parent.parent / "tools" / "complexity.py"


def run_tool(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TOOL), str(folder)], capture_output=True, text=True, check=False
    )


def branches(count: int, indent: str = "    ") -> str:
    return "".join(f"{indent}if x == {n}:\n{indent}    return {n}\n" for n in range(count))


def test_flags_a_function_over_complexity_15(tmp_path: Path) -> None:
    # 16 ifs make complexity 17; 14 make 15, right at the limit.
    (tmp_path / "tangled.py").write_text(
        "def tangled(x):\n" + branches(16) + "    return -1\n\n\n"
        "def at_limit(x):\n" + branches(14) + "    return -1\n"
    )
    result = run_tool(tmp_path)
    assert result.returncode == 1
    path = tmp_path / "tangled.py"
    assert result.stdout.splitlines() == [f"{path}:1: tangled: 34 lines / complexity 17"]


def test_flags_a_long_method_and_counts_nested_functions_on_their_own(tmp_path: Path) -> None:
    long_body = "".join(f"        y{n} = {n}\n" for n in range(60))
    nested = "    def inner(x):\n" + branches(16, "        ") + "        return -1\n"
    (tmp_path / "shapes.py").write_text(
        "class Shape:\n    def area(self):\n" + long_body + "        return 0\n\n\n"
        "def outer(x):\n" + nested + "    return inner(x)\n"
    )
    result = run_tool(tmp_path)
    path = tmp_path / "shapes.py"
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{path}:2: Shape.area: 62 lines / complexity 1",
        f"{path}:67: outer.inner: 34 lines / complexity 17",
    ]


def test_passes_code_within_the_limits(tmp_path: Path) -> None:
    (tmp_path / "tidy.py").write_text("def tidy(x):\n" + branches(14) + "    return -1\n")
    result = run_tool(tmp_path)
    assert (result.returncode, result.stdout) == (0, "")
