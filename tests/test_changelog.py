"""CHANGELOG.md tells sites what to select instead of the classes the theme's markup no
longer has: each class it lists is gone from the sample site's pages, and each selector
it gives in their place finds elements there."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from .conftest import REPO


def _rows() -> list[list[str]]:
    """The cells of the table of removed classes."""
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    rows = [line.strip().strip("|").split("|") for line in text.splitlines()]
    return [[c.strip() for c in row] for row in rows if len(row) == 3 and "`" in row[0]]


def _code(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def test_the_changelog_gives_a_selector_that_works_for_each_removed_class(sample: Path) -> None:
    rows = _rows()
    assert len(rows) >= 20
    pages = [BeautifulSoup(p.read_text("utf-8"), "html.parser") for p in sample.rglob("*.html")]
    for removed, _, now in rows:
        selectors = [s for s in _code(now) if not s.startswith("<") and "::" not in s]
        selectors = [s for s in selectors if s not in (".flag-code", "site.js")]
        assert selectors or "gone" in now or "no element" in now, removed
        for selector in selectors:
            assert any(page.select(selector) for page in pages), (removed, selector)
        for name in _code(removed):  # gone where the row says (some stay elsewhere)
            if "," in name or " " in name or "ongoing" in name:
                continue
            kept = ("pager-", ".initials", ".event-", ".tag")
            if not name.startswith(kept):
                assert not any(page.select(name) for page in pages), name
