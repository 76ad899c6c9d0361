"""A site's pages declare its direction: dir="rtl" on <html> for a right-to-left language
(by its script subtag when it has one), nothing at all for a left-to-right one, whose
pages are as they were. The pages in a browser: test_rtl_browser.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import build, html, write_site
from tests.test_rtl_browser import rtl_files


@pytest.mark.parametrize(
    ("language", "direction"),
    [
        ("ar", "rtl"),
        ("he", "rtl"),
        ("fa-IR", "rtl"),
        ("ur", "rtl"),
        ("ckb", "rtl"),
        ("uz-Arab", "rtl"),
        ("sd-Deva", None),
        ("en", None),
        ("fr", None),
        ("az-Latn", None),
    ],
)
def test_the_pages_direction_follows_the_sites_language(
    tmp_path: Path, language: str, direction: str | None
) -> None:
    """A left-to-right site's <html> has no dir at all (its pages as before)."""
    root = write_site(tmp_path / "site", rtl_files(language))
    assert build(root).code == 0
    out = root / "output"
    for page in ("index.html", "events/e1/index.html", "404.html", "embed/index.html"):
        tag = html(out / page).html
        assert tag is not None and tag.get("lang") == language
        assert tag.get("dir") == direction, page
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "dir=" not in feed and "rtl" not in feed


@pytest.mark.parametrize(("language", "back", "on"), [("ar", "→", "←"), ("en", "←", "→")])
def test_the_pagers_arrows_point_the_reading_way(
    tmp_path: Path, language: str, back: str, on: str
) -> None:
    """Right to left, the previous event is on the right: its arrow points right."""
    root = write_site(tmp_path / "site", rtl_files(language))
    assert build(root).code == 0
    pager = html(root / "output/events/e2/index.html").select(".pager a span")
    assert [s.get_text() for s in pager] == [f"{back} Previous", f"Next {on}"]
