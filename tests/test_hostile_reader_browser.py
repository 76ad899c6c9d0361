"""The reader's pages with hostile but valid content, in headless Chromium: a 120-letter
German compound as a person's name, role and country, a web address as a title, Arabic
and Hebrew titles, a day of many events, a very wide and a very tall picture, an event of
many people and countries. Nothing scrolls sideways at 360 px, axe finds nothing in
either colour scheme, a right-to-left title reads and aligns right to left, a flag keeps
its box beside a long name, and the filters hide an entry that has a picture."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.a11y import describe, run_axe
from tests.conftest import build, static_server, write_site
from tests.test_reader_browser import tab

pytestmark = pytest.mark.browser

WORD = (
    "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschafts"
    "kapitänswitwenrentenversicherungsanstalt"
)[:120]
ADDRESS = "https://example.org/archive/2024/03/15/a-very-long-url-like-slug-without-any-spaces"
ARABIC = "الجدول الزمني لأحداث الشرق الأوسط"
HEBREW = "דוד בן־גוריון"
PAGES = {
    "front": "",
    "timeline": "timelines/rtl/",
    "embed": "timelines/rtl/embed/",
    "event": "events/everything/",
    "person": "people/long/",
    "country": "countries/longland/",
    "people": "people/",
    "countries": "countries/",
    "sources": "sources/",
}


def picture(size: tuple[int, int]) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(out, "PNG")
    return out.getvalue()


def event(title: str, extra: str, order: int) -> str:
    return (
        f'---\ntitle: "{title}"\ndate: "2024-03-15"\norder: {order}\ntimelines: [rtl]\n'
        f"sources: [wire]\n{extra}---\nIt happened [@wire].\n"
    )


def image(name: str) -> str:
    return f'image:\n  src: "img/{name}.png"\n  alt: "A band"\n  credit: "{WORD}"\n'


def hostile_files() -> dict[str, str | bytes | None]:
    everyone = "[ada-lovelace, long, address, hebrew]"
    return {
        "content/events/first.md": None,
        "static/img/wide.png": picture((1600, 80)),
        "static/img/tall.png": picture((80, 1200)),
        "content/timelines/rtl.md": (
            f'---\ntitle: "{ARABIC}"\nsummary: "{WORD} {ADDRESS}"\nbyline: "{HEBREW}"\n'
            f"{image('tall')}---\nIntro [@wire].\n"
        ),
        "content/countries/longland.md": f'---\nname: "{WORD}"\niso: DE\n---\n',
        "content/people/long.md": f'---\nname: "{WORD}"\nrole: "{WORD}"\ncountry: longland\n---\n',
        "content/people/address.md": f'---\nname: "{ADDRESS}"\n---\n',
        "content/people/hebrew.md": f'---\nname: "{HEBREW}"\nrole: "{ARABIC}"\n---\n',
        "content/events/everything.md": event(
            f"{WORD} {ADDRESS}",
            f"people: {everyone}\ncountries: [longland, testland]\ntags: [a-b]\n{image('wide')}",
            1,
        ),
        "content/events/arabic.md": event(ARABIC, "countries: [testland]\n", 2),
        "content/events/tall.md": event(ADDRESS, f"countries: [testland]\n{image('tall')}", 3),
        "content/tags.yaml": f'a-b: "Q&A: <{WORD}>"\n',
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root: Path = tmp_path_factory.mktemp("hostile-reader") / "site"
    write_site(root, hostile_files())
    result = build(root)
    assert result.code == 0, result.err
    with static_server(root / "output") as base:
        yield base


def test_nothing_scrolls_sideways_at_360(hostile: str, browser: Any) -> None:
    wide = []
    with tab(browser, width=360) as page:
        for kind, path in PAGES.items():
            page.goto(hostile + path)
            sizes = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
            if sizes[0] > sizes[1]:
                wide.append(f"{kind}: {sizes[0]} px wide in a {sizes[1]} px window")
    assert not wide, wide


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing(hostile: str, browser: Any, scheme: str) -> None:
    problems = []
    for width in (360, 1280):
        with tab(browser, width=width, scheme=scheme) as page:
            for kind, path in PAGES.items():
                page.goto(hostile + path)
                found = run_axe(page)
                if found:
                    problems.append(f"{kind} at {width}px ({scheme}):\n{describe(found)}")
    assert not problems, "\n".join(problems)


TEXT_EDGES = """e => { const r = document.createRange(); r.selectNodeContents(e);
    const t = r.getBoundingClientRect(), b = e.getBoundingClientRect();
    return [Math.round(t.left - b.left), Math.round(b.right - t.right)]; }"""


def test_right_to_left_titles_align_right(hostile: str, browser: Any) -> None:
    with tab(browser) as page:
        page.goto(hostile + "timelines/rtl/")
        left, right = page.locator("h1").evaluate(TEXT_EDGES)
        assert right <= 1 < left, f"the Arabic title starts at the left: {left, right}"
        page.goto(hostile + "people/hebrew/")
        left, right = page.locator("h1").evaluate(TEXT_EDGES)
        assert right <= 1 < left, f"the Hebrew name starts at the left: {left, right}"
        page.goto(hostile + "people/")
        left, right = page.locator("h1").evaluate(TEXT_EDGES)
        assert left <= 1 < right, "an English title aligns left"


def test_a_flag_keeps_its_box_beside_a_long_name(hostile: str, browser: Any) -> None:
    with tab(browser, width=360) as page:
        page.goto(hostile + "events/everything/")
        lines = page.evaluate(
            "[...document.querySelectorAll('.chips a > i')].map(i => {"
            " const r = document.createRange(); r.selectNodeContents(i);"
            " return r.getClientRects().length; })"
        )
        assert lines and set(lines) == {1}, f"a flag broken over lines: {lines}"


def test_filters_hide_an_entry_with_a_picture(hostile: str, browser: Any) -> None:
    with tab(browser) as page:
        page.goto(hostile + "timelines/rtl/")
        page.locator("#filters > summary").click()
        page.locator("#filters label", has_text=WORD[:30]).first.click()
        page.wait_for_function("document.getElementById('tall').hidden")
        shown = page.evaluate(
            "[...document.querySelectorAll('li.entry')]"
            ".filter(e => e.getBoundingClientRect().height > 0).map(e => e.id)"
        )
        assert shown == ["everything"], shown
