"""sitegen serve in real headless Chromium: the page follows the editor's saves.

The page runs the real livereload.js served by sitegen; nothing is mocked. A window
variable set before a save tells whether the page was reloaded (it is gone) or only had
its stylesheet swapped (it survives).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .a11y import describe, run_axe
from .conftest import screenshot
from .test_serve import EVENT, edit, preview

pytestmark = pytest.mark.browser

TIMEOUT_MS = 20_000


def _open(page: Any, url: str) -> None:
    page.goto(url)
    # livereload.js fires LiveReloadConnect once the hello handshake is done
    page.wait_for_function(
        "() => window.LiveReload && window.LiveReload.connector "
        "&& window.LiveReload.connector.protocol > 0",
        timeout=TIMEOUT_MS,
    )
    page.evaluate("() => { window.__sitegenMarker = 'before-save' }")


def _shows(page: Any, text: str) -> None:
    page.wait_for_function(
        "t => document.querySelector('main').innerText.includes(t)", arg=text, timeout=TIMEOUT_MS
    )


def _reloaded(page: Any) -> None:
    page.wait_for_function("() => window.__sitegenMarker === undefined", timeout=TIMEOUT_MS)
    page.wait_for_load_state("load")


def test_an_edit_reloads_the_timeline_with_the_new_text(
    page: Any, site: Callable[..., Path]
) -> None:
    root = site()
    with preview(root) as server:
        _open(page, server.url)
        _shows(page, "The first event")
        edit(root, EVENT, 'title: "The first event"', 'title: "A retitled event"')
        _reloaded(page)
        _shows(page, "A retitled event")
        assert "The first event" not in page.locator("main").inner_text()


def test_a_broken_save_shows_the_overlay_and_the_fix_removes_it(
    page: Any, site: Callable[..., Path]
) -> None:
    root = site()
    with preview(root) as server:
        _open(page, server.url + "events/first/")
        edit(root, EVENT, 'date: "2024-07-08"', 'date: "2024-02-30"')
        overlay = page.locator("#sitegen-overlay")
        overlay.wait_for(state="visible", timeout=TIMEOUT_MS)
        text = page.locator("#sitegen-overlay-text").inner_text()
        problem = server.snapshot.problems[0]
        assert f"{EVENT}:4:" in text and problem.message in text and f"[{problem.code}]" in text
        assert page.get_by_role("alert").count() == 1
        # the last good page is still there under the box
        assert page.locator("h1").first.inner_text().strip() == "The first event"
        screenshot(page, "serve-overlay")
        violations = [v for v in run_axe(page) if "sitegen-overlay" in str(v["nodes"])]
        assert not violations, describe(violations)

        page.evaluate("() => { window.__sitegenMarker = 'broken' }")
        edit(root, EVENT, 'date: "2024-02-30"', 'date: "2024-02-29"')
        _reloaded(page)
        page.wait_for_selector("#sitegen-overlay", state="detached", timeout=TIMEOUT_MS)
        page.wait_for_selector("time[datetime='2024-02-29']", timeout=TIMEOUT_MS)


def test_a_css_change_is_swapped_in_without_a_navigation(
    page: Any, site: Callable[..., Path]
) -> None:
    root = site({"templates/assets/style.css": "body { color: rgb(1, 2, 3); }\n"})
    with preview(root) as server:
        _open(page, server.url)
        color = "() => getComputedStyle(document.body).color"
        assert page.evaluate(color) == "rgb(1, 2, 3)"
        navigations = page.evaluate("() => performance.getEntriesByType('navigation').length")
        (root / "templates/assets/style.css").write_text("body { color: rgb(4, 5, 6); }\n")
        page.wait_for_function(
            "() => getComputedStyle(document.body).color === 'rgb(4, 5, 6)'", timeout=TIMEOUT_MS
        )
        assert page.evaluate("() => window.__sitegenMarker") == "before-save"
        assert page.evaluate("() => performance.getEntriesByType('navigation').length") == (
            navigations
        )


def test_two_saves_one_second_apart_both_reach_the_page(
    page: Any, site: Callable[..., Path]
) -> None:
    root = site()
    with preview(root) as server:
        _open(page, server.url + "events/first/")
        edit(root, EVENT, "It happened", "Once more it happened")
        _reloaded(page)
        _shows(page, "Once more it happened")
        page.wait_for_function(
            "() => window.LiveReload && window.LiveReload.connector "
            "&& window.LiveReload.connector.protocol > 0",
            timeout=TIMEOUT_MS,
        )
        page.wait_for_timeout(1000)
        edit(root, EVENT, "Once more it happened", "Twice more it happened")
        _shows(page, "Twice more it happened")
