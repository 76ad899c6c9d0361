"""Hostile values in content files that earlier rounds' tests did not reach: each is a
diagnostic at its line that says what is wrong, never a crash or a misleading hint."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import TODAY, run

EVENT = (
    '---\ntitle: "The first event"\ndate: "2024-07-08"\npeople: [ada-lovelace]\n'
    "countries: [testland]\nsources: [wire]\n{extra}---\nIt happened [@wire].\n"
)


def test_a_number_too_long_to_read_says_so_not_remove_the_tag(
    site: Callable[..., Path],
) -> None:
    """Python reads no integer of more than 4,300 digits; the value has no tag to remove."""
    root = site({"content/events/first.md": EVENT.format(extra=f"order: {'9' * 5000}\n")})
    result = run("check", root, "--today", TODAY)
    assert result.code == 1
    (line,) = [x for x in result.out.splitlines() if ": error: " in x]
    assert line.startswith("content/events/first.md:7:8: error: ") and "[yaml-syntax]" in line
    assert "5,000 digits" in line and "tag" not in line
