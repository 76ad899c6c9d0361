"""An event page's "In this series": a short series listed whole; a long one around the
page's event (its first and last with it, the rest counted), "Part N of M", each listed
event a link; and a page's key covers what its list shows, no more."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from sitegen.build import Builder
from sitegen.options import Options
from sitegen.planning import SERIES_WHOLE, plan
from sitegen.render import Renderer
from tests.conftest import TODAY, build, html, write_site

FIRST = 5
"""The long series' first number on the site (the series began before it)."""
LONG = 30


def _event(title: str, day: dt.date, series: str, number: int) -> str:
    return (
        "---\n"
        f'title: "{title}"\n'
        f'date: "{day.isoformat()}"\n'
        "sources: [wire]\n"
        f"series: {{id: {series}, number: {number}}}\n"
        "---\n"
        f"{title} was held [@wire].\n"
    )


def _slug(k: int) -> str:
    return f"round-{FIRST + k}"


def series_files() -> dict[str, str]:
    """A 30-event series numbered from 5, and a 4-event one."""
    start = dt.date(2020, 1, 1)
    files = {
        f"content/events/{_slug(k)}.md": _event(
            f"Round {FIRST + k}", start + dt.timedelta(days=10 * k), "talks", FIRST + k
        )
        for k in range(LONG)
    }
    for k in range(4):
        day = dt.date(2010 + k, 6, 1)
        files[f"content/events/summit-{k + 1}.md"] = _event(f"Summit {k + 1}", day, "summit", k + 1)
    return files


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_site(tmp_path_factory.mktemp("series") / "site", series_files())
    result = build(root)
    assert result.code == 0, result.err
    return root / "output"


def listed(page: BeautifulSoup) -> list[tuple[int | None, str, str | None]]:
    """The series list as a reader sees it: (the number shown, the text, the link's
    target) per item; a run left out has no number."""
    section = page.select_one("section.series")
    assert section is not None
    items: list[tuple[int | None, str, str | None]] = []
    number = 0
    for li in section.select("ol > li"):
        if "more" in (li.get("class") or []):
            items.append((None, li.get_text(" ", strip=True), None))
            continue
        number = int(str(li["value"])) if li.has_attr("value") else number + 1
        link = li.find("a")
        href = str(link["href"]) if isinstance(link, Tag) else None
        title = (link if isinstance(link, Tag) else li).get_text(strip=True)
        items.append((number, title, href))
    return items


def part(page: BeautifulSoup) -> str:
    section = page.select_one("section.series")
    assert section is not None
    para = section.find("p")
    assert isinstance(para, Tag)
    return para.get_text(strip=True)


def test_a_long_series_is_listed_around_the_event(out: Path) -> None:
    page = html(out / "events" / _slug(15) / "index.html")  # round 20, the 16th of 30
    # (rounds 1-4 were before the site: the reader can reach 30 of them here)
    assert part(page) == f"Part 20 of {FIRST + LONG - 1} ({LONG} on this site)"
    items = listed(page)
    assert items[0] == (5, "Round 5", "../round-5/")
    assert items[1] == (None, "… 10 more", None)  # rounds 6-15
    assert [n for n, _, _ in items[2:11]] == list(range(16, 25))
    assert items[11] == (None, "… 9 more", None)  # rounds 25-33
    assert items[12] == (34, "Round 34", "../round-34/")
    current = page.select("section.series [aria-current=page]")
    assert [c.get_text() for c in current] == ["Round 20"]
    assert current[0].find_parent("a") is None
    for number, title, href in items:
        if number is not None and number != 20:
            assert title == f"Round {number}" and href == f"../round-{number}/"
            assert (out / "events" / f"round-{number}" / "index.html").is_file()


@pytest.mark.parametrize("k", [0, 1, 4, 5, 15, 24, 25, 28, 29])
def test_every_page_of_a_long_series_lists_as_many(out: Path, k: int) -> None:
    """The first and the last event, nine around the page's own (near an end, the nine
    nearest), the rest counted: about as long on every page, whatever the series'."""
    items = listed(html(out / "events" / _slug(k) / "index.html"))
    numbers = [n for n, _, _ in items if n is not None]
    left_out = sum(int(t.split()[1]) for n, t, _ in items if n is None)
    assert numbers[0] == FIRST and numbers[-1] == FIRST + LONG - 1
    assert FIRST + k in numbers
    assert 10 <= len(numbers) <= 12 and len(items) <= 13
    assert len(numbers) + left_out == LONG
    assert numbers == sorted(numbers)
    runs = [i for i, (n, _, _) in enumerate(items) if n is None]
    assert all(b - a > 1 for a, b in itertools.pairwise(runs))
    assert all(int(items[i][1].split()[1]) > 1 for i in runs), "a run of one is listed"


def test_a_short_series_is_listed_whole(out: Path) -> None:
    page = html(out / "events" / "summit-2" / "index.html")
    assert part(page) == "Part 2 of 4"
    assert [n for n, _, _ in listed(page)] == [1, 2, 3, 4]
    assert [h for _, _, h in listed(page)] == ["../summit-1/", None, "../summit-3/", "../summit-4/"]
    assert SERIES_WHOLE >= 4


def test_a_series_of_one_visible_event_shows_nothing(site: Any) -> None:
    one = _event("Alone", dt.date(2020, 1, 1), "solo", 3)
    root = site({"content/events/alone.md": one})
    assert build(root).code == 0
    assert html(root / "output/events/alone/index.html").select_one("section.series") is None


def test_part_of_says_how_many_a_reader_can_reach(site: Any) -> None:
    """The 21st and 22nd summits on a site, the 23rd held back with its draft timeline
    and the 24th a draft: "Part 22 of 22" above a list of two said 22 parts were there
    to read; it says how many are (a preview, publishing the drafts, counts them)."""
    files = {
        "content/timelines/summits.md": '---\ntitle: "Summits"\n---\nIntro.\n',
        "content/timelines/later.md": '---\ntitle: "Later"\ndraft: true\n---\nIntro.\n',
    }
    for number, story, extra in ((21, "summits", ""), (22, "summits", ""), (23, "later", ""),
                                 (24, "summits", "draft: true\n")):  # fmt: skip
        text = _event(f"Summit {number}", dt.date(number + 2000, 1, 1), "summit", number)
        text = text.replace("sources:", f"timelines: [{story}]\n{extra}sources:", 1)
        files[f"content/events/summit-{number}.md"] = text
    root = site({"content/events/first.md": None, **files})
    assert build(root).code == 0
    page = html(root / "output/events/summit-22/index.html")
    assert part(page) == "Part 22 of 22 (2 on this site)"
    assert [(n, h) for n, _, h in listed(page)] == [(21, "../summit-21/"), (22, None)]
    assert build(root, "--drafts").code == 0
    page = html(root / "output/events/summit-22/index.html")
    assert part(page) == "Part 22 of 24 (4 on this site)"


def _event_keys(root: Path) -> dict[str, str]:
    builder = Builder(root, root / "output", Options(today=TODAY), dt.date.fromisoformat(TODAY))
    site = builder.load().site
    assert site is not None
    renderer = Renderer(site, root, builder.options)
    pages = plan(site, builder.options)
    return {p.path: renderer.key(p) for p in pages if p.path.startswith("events/")}


def test_a_title_edit_changes_the_keys_of_the_pages_that_list_it(tmp_path: Path) -> None:
    """Round 20's new title is shown by the pages whose lists show it (rounds 16 to 24,
    its pager's neighbours among them) and by its own: no other event page is made
    again."""
    root = write_site(tmp_path / "site", series_files())
    before = _event_keys(root)
    path = root / "content/events" / f"{_slug(15)}.md"
    path.write_text(path.read_text("utf-8").replace('"Round 20"', '"Round twenty"'), "utf-8")
    after = _event_keys(root)
    changed = {p.split("/")[1] for p in after if after[p] != before[p]}
    assert changed == {f"round-{n}" for n in range(16, 25)}
    # the first is on every page of its series (and in the pager of the event before it)
    first = root / "content/events" / f"{_slug(0)}.md"
    first.write_text(first.read_text("utf-8").replace('"Round 5"', '"Round five"'), "utf-8")
    again = _event_keys(root)
    changed = {p.split("/")[1] for p in again if again[p] != after[p]}
    assert changed == {_slug(k) for k in range(LONG)} | {"summit-4"}
