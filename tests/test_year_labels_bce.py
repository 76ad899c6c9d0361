"""A large timeline of events before the common era (years -3000 to 199, the historians'
numbering: -3000 is 3000 BCE, there is no year 0): its year navigator, pager, captions
and page titles say the years as its entries do (`3000 BCE`, `1–199 CE`), never as the
numbers in its addresses (years/-3000/, years/0/)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from tests.conftest import build, html, static_server, write_site

YEARS = [*range(-3000, -200, 13), -150, -44, -1, 1, 14, 79, 120, 199]
"""About 15 events in each 200 years from 3000 BCE (a navigator of 200-year columns) to
199 CE, with the last years before the common era and the first after it."""


def event(year: int, n: int) -> str:
    tag = "tags: [battle]\n" if n % 4 == 0 else ""
    return (
        f'---\ntitle: "Event {n}"\nsummary: "Something happened."\n'
        f'date: "{"-" if year < 0 else ""}{abs(year):04d}"\npeople: [ada-lovelace]\n'
        f"countries: [testland]\n{tag}sources: [wire]\n---\nIt happened.\n"
    )


def bce_site(root: Path, era_style: str = "bce", timelines: bool = False) -> Path:
    files: dict[str, str | bytes | None] = {
        "content/events/first.md": None,
        "content/site.yaml": (
            f'title: "Antiquity"\nbase_url: "https://example.org/t/"\nera_style: {era_style}\n'
        ),
        "content/tags.yaml": 'battle: {name: "Battle"}\n',
    }
    line = "timelines: [old]\n" if timelines else ""
    for n, year in enumerate(YEARS):
        files[f"content/events/e{n:03d}.md"] = event(year, n).replace("sources:", line + "sources:")
    if timelines:
        files["content/timelines/old.md"] = '---\ntitle: "Old"\nsummary: "Long ago."\n---\nIntro.\n'
    write_site(root, files)
    result = build(root)
    assert result.code == 0, result.err
    return root / "output"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bce_site(tmp_path_factory.mktemp("bce") / "site")


def text(page: BeautifulSoup, selector: str) -> str:
    found = page.select_one(selector)
    assert found is not None, selector
    return " ".join(found.get_text().split())


def column_names(page: BeautifulSoup) -> dict[str, str]:
    """Each navigator column's accessible name (its link's text: the visible first year
    and the visually hidden rest), by the page it goes to."""
    return {
        str(a["href"]).rstrip("/").rsplit("/", 1)[-1]: a.get_text()
        for a in page.select(".year-bins a")
    }


ASTRONOMICAL = re.compile(r"(?<![\w/])-\d|(?<!\d)0[–-]")
"""A year written as a number with a sign (-3000) or a range from year 0 (0–199)."""


def test_the_navigator_says_years_as_the_entries_do(out: Path) -> None:
    home = html(out / "index.html")
    assert text(home, ".year-nav-caption") == (
        "224 events by period; this page shows 3000–2401 BCE. Pick a column for its events."
    )
    # the axis: the first year of every third column (each label clears the next on a
    # phone), as the entries' headings say it; the column from year 0 starts at 1 CE
    axis = [s.get_text() for s in home.select(".year-bins span")]
    assert axis == [*(f"{y} BCE" for y in range(3000, 0, -600)), "1 CE"]
    names = column_names(home)
    assert names["-3000"] == "3000 BCE to 2801 BCE: 16 events"
    assert names["-200"] == "200 BCE to 1 BCE: 3 events"
    assert names["0"] == "1 CE to 199 CE: 5 events"  # (no year 0: the column starts at 1 CE)
    # the column of -3000 names the year its first entry is dated
    first = html(out / "years" / "-3000" / "index.html")
    assert text(first, ".year-marker") == "3000 BCE" == names["-3000"].split(" to ")[0]
    assert text(home, ".page-header .muted") == "224 events, 3000 BCE – 199 CE."
    for page in (home, first):
        for found in page.select(".year-nav, .year-pager, .page-header, #filter-status"):
            assert not ASTRONOMICAL.search(found.get_text()), found.get_text()


def test_a_year_page_its_pager_and_its_embed_say_bce(out: Path) -> None:
    page = html(out / "years" / "-200" / "index.html")
    assert text(page, ".year-nav-caption") == (
        "Showing 200–1 BCE (3 of 224 events). Pick a column for other years."
    )
    assert text(page, "#filter-status") == "Showing all 3 events of 200–1 BCE."
    assert text(page, ".year-pager a[rel=prev]") == "← 400–201 BCE"
    assert text(page, ".year-pager a[rel=next]") == "1–199 CE →"
    assert [h.get_text() for h in page.select(".year-marker")] == ["150 BCE", "44 BCE", "1 BCE"]
    # each year page is titled with its years, not the front page's title again
    assert text(page, "title") == "200–1 BCE · Antiquity"
    assert text(html(out / "index.html"), "title") == "Antiquity"
    after = html(out / "years" / "0" / "index.html")
    assert text(after, ".year-nav-caption").startswith("Showing 1–199 CE (5 of 224 events).")
    embed = html(out / "years" / "-200" / "embed" / "index.html")
    assert text(embed, "title") == "Antiquity, 200–1 BCE · Antiquity"


def test_a_persons_year_pages_are_titled_with_their_years(out: Path) -> None:
    person = out / "people" / "ada-lovelace"
    first = html(person / "index.html")
    assert text(first, ".year-pager a[rel=next]") == "1600 BCE – 199 CE →"
    page = html(person / "years" / "-1600" / "index.html")
    assert text(page, "title") == "Ada Lovelace, 1600 BCE – 199 CE · Antiquity"
    assert text(page, ".year-nav-caption").startswith("Showing 1600 BCE – 199 CE (116 of 224")
    assert text(page, ".year-pager a[rel=prev]") == "← 3000–1601 BCE"
    country = html(out / "countries" / "testland" / "years" / "-1600" / "index.html")
    assert text(country, "title") == "Testland, 1600 BCE – 199 CE · Antiquity"


def test_era_style_bc_says_bc_and_ad(tmp_path: Path) -> None:
    out = bce_site(tmp_path / "site", era_style="bc")
    home = html(out / "index.html")
    assert text(home, ".year-nav-caption").endswith(
        "this page shows 3000–2401 BC. Pick a column for its events."
    )
    names = column_names(home)
    assert names["-3000"] == "3000 BC to 2801 BC: 16 events"
    assert names["0"] == "AD 1 to AD 199: 5 events"
    assert text(home, ".page-header .muted") == "224 events, 3000 BC – AD 199."
    page = html(out / "years" / "-200" / "index.html")
    assert text(page, ".year-pager a[rel=next]") == "AD 1–199 →"


def test_a_kept_year_address_of_a_site_with_timelines_says_bce(tmp_path: Path) -> None:
    """A one-story site's years/-200/ once it has timelines: a page that sends the reader
    on, titled with the years it held."""
    out = bce_site(tmp_path / "site", timelines=True)
    moved = html(out / "years" / "-200" / "index.html")
    assert text(moved, "h1") == "200–1 BCE"
    assert text(moved, "title").startswith("200–1 BCE")
    assert text(html(out / "years" / "0" / "index.html"), "h1") == "1–199 CE"
    timeline = html(out / "timelines" / "old" / "years" / "-200" / "index.html")
    assert text(timeline, ".year-nav-caption").startswith("Showing 200–1 BCE (3 of 224")
    assert text(timeline, "title") == "Old, 200–1 BCE · Antiquity"
    assert text(html(out / "timelines" / "old" / "index.html"), "title") == "Old · Antiquity"


def test_the_axis_labels_do_not_overlap_and_filtering_keeps_the_years(
    out: Path, browser: Any
) -> None:
    """The visible labels are longer than `-3000` was; on a phone each still clears the
    next, and site.js's filter status names the page's years as the page does."""
    with static_server(out) as base:
        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        page.goto(base + "years/-200/?tag=battle")
        boxes = page.locator(".year-bins span").evaluate_all(
            "ss => ss.map(s => s.getBoundingClientRect().toJSON())"
        )
        assert len(boxes) == 6
        assert all(a["right"] <= b["left"] for a, b in itertools.pairwise(boxes))
        status = page.locator("#filter-status").inner_text()
        assert re.fullmatch(r"Showing \d of 3 events of 200–1 BCE: Battle\.", status), status
        context.close()


@pytest.mark.parametrize(
    ("era_style", "bce", "ce", "last"),
    [("bce", "BCE", "1 CE", "14 CE"), ("bc", "BC", "AD 1", "AD 14")],
)
def test_the_strips_axis_counts_years_as_a_reader_does(
    tmp_path: Path, era_style: str, bce: str, ce: str, last: str
) -> None:
    """A strip across the start of the common era (509 BCE to 14 CE) has its ticks on
    round years as its entries count them (500 BCE, 100 BCE, 1 CE), not on multiples of
    a count with a year 0 (which read 501 BCE, 101 BCE, 1 BCE), in order left to right;
    its caption marks the last year's era (a bare "to 14" after "509 BCE" reads as
    14 BCE)."""
    files: dict[str, str | bytes | None] = {
        "content/events/first.md": None,
        "content/site.yaml": f'title: "Rome"\nera_style: {era_style}\n',
    }
    for n, year in enumerate((-509, -264, -146, -44, -27, 14)):
        files[f"content/events/e{n}.md"] = event(year, n)
    out = bce_site_output(write_site(tmp_path / "site", files))
    for page in ("index.html", "people/ada-lovelace/index.html"):
        svg = html(out / page).select_one("svg")
        assert svg is not None, page
        axis = [(t.get_text(), float(str(t["x"]).rstrip("%"))) for t in svg.select("text")]
        labels = [label for label, _ in axis if label.endswith(bce) or label == ce]
        bce_years = [int(label.split()[0]) for label in labels if label.endswith(bce)]
        assert len(bce_years) >= 4 and all(y % 50 == 0 for y in bce_years), (page, labels)
        assert labels[-1] == ce, (page, labels)
        xs = [x for label, x in axis if label in labels]
        assert xs == sorted(xs), (page, axis)
        caption = text(html(out / page), "figure.overview figcaption")
        assert f"from 509 {bce} to {last}" in caption, (page, caption)


def bce_site_output(root: Path) -> Path:
    result = build(root)
    assert result.code == 0, result.err
    return root / "output"
