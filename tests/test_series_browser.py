"""A long series' list on an event page in Chromium: axe finds nothing at desktop and
phone width in both colour schemes, nothing scrolls sideways, each listed event is
numbered as the series numbers it and a run left out is not numbered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.a11y import describe, run_axe
from tests.conftest import build, screenshot, static_server, write_site
from tests.test_series import series_files

pytestmark = pytest.mark.browser


def markers(page: Any, selector: str) -> list[str]:
    """The list markers ("16. ") under the element, as Chromium tells screen readers."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    found = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    backend = cdp.send("DOM.describeNode", {"nodeId": found})["node"]["backendNodeId"]
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    by_id = {n["nodeId"]: n for n in nodes}
    start = next(n for n in nodes if n.get("backendDOMNodeId") == backend)
    out: list[str] = []
    todo = [start]
    while todo:
        node = todo.pop(0)
        if node.get("role", {}).get("value") == "ListMarker":
            out.append(node["name"]["value"].strip())
        todo[:0] = [by_id[c] for c in node.get("childIds", []) if c in by_id]
    return out


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = write_site(tmp_path_factory.mktemp("series-browser") / "site", series_files())
    result = build(root)
    assert result.code == 0, result.err
    with static_server(root / "output") as url:
        yield url


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_long_series_reads_well(base: str, browser: Any, width: int, scheme: str) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = ctx.new_page()
    try:
        page.goto(base + "events/round-20/")
        found = run_axe(page)
        assert not found, describe(found)
        wide, inner = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
        assert wide <= inner
        # the series' own numbers; the two runs left out ("… 10 more") have none
        shown = [f"{n}." for n in (5, *range(16, 25), 34)]
        assert markers(page, "section.series ol") == shown
        page.locator("section.series").scroll_into_view_if_needed()
        screenshot(page, f"series-{width}-{scheme}")
    finally:
        ctx.close()


def number_room(page: Any, texts: list[str]) -> list[tuple[float, float]]:
    """(the left edge of each numbered item's marker, the list's left edge), in px."""
    return page.evaluate(
        """texts => {
          const ol = document.querySelector("section.series ol");
          const items = [...ol.querySelectorAll("li:not(.more)")];
          return items.map((li, i) => {
            const probe = document.createElement("span");
            probe.textContent = texts[i] + " ";
            probe.style.font = getComputedStyle(li).font;
            probe.style.whiteSpace = "pre";
            probe.style.position = "absolute";
            document.body.append(probe);
            const width = probe.getBoundingClientRect().width;
            probe.remove();
            return [li.getBoundingClientRect().left - width, ol.getBoundingClientRect().left];
          });
        }""",
        texts,
    )


@pytest.mark.parametrize("first", [996, 99_996])
def test_numbers_past_999_fit_the_lists_number_column(
    browser: Any, tmp_path: Path, first: int
) -> None:
    files = {
        f"content/events/part-{k}.md": (
            f'---\ntitle: "Part {first + k}"\ndate: "2020-01-{k + 1:02d}"\nsources: [wire]\n'
            f"series: {{id: long-run, number: {first + k}}}\n---\nIt was held [@wire].\n"
        )
        for k in range(5)
    }
    root = write_site(tmp_path / "site", files)
    assert build(root).code == 0
    ctx = browser.new_context(viewport={"width": 360, "height": 800})
    page = ctx.new_page()
    try:
        with static_server(root / "output") as url:
            page.goto(url + "events/part-4/")
            texts = markers(page, "section.series ol")
            assert texts[-1] == f"{first + 4}."
            for left, column in number_room(page, texts):
                assert left >= column - 0.5, (texts, left, column)  # not in the margin
            wide, inner = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
            assert wide <= inner
            screenshot(page, f"series-{first + 4}-360")
    finally:
        ctx.close()
