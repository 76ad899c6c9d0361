"""Pictures in a browser: the timeline with thumbnails and an event page with its figure
pass axe-core in both colour schemes and do not scroll sideways at 360 px; the browser
picks a made size from srcset (issue #19)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .a11y import describe, run_axe
from .conftest import build, static_server
from .test_images import IMAGE, event, picture

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("SITEGEN_IMAGE_SHOTS")
"""A folder to save screenshots in, for a person to look at (unset: none are taken)."""


def _site(site: Callable[..., Path]) -> Path:
    files: dict[str, str | bytes | None] = {
        "static/photos/big.jpg": picture(1600, 900, "JPEG"),
        "static/photos/tall.png": picture(600, 900, "PNG", "darkorange"),
        "content/events/first.md": event("first", "2024-07-08", IMAGE),
        "content/events/second.md": event(
            "second",
            "2024-07-09",
            'image:\n  src: "photos/tall.png"\n  alt: "A tall chart of the tides"\n'
            '  credit: "Harbour office"\n',
        ),
        "content/events/third.md": event("third", "2024-07-10"),
    }
    root = site(files)
    result = build(root)
    assert result.code == 0, result.out
    return root / "output"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pictures_pass_axe_and_fit_a_phone(
    site: Callable[..., Path], browser: Any, scheme: str
) -> None:
    out = _site(site)
    problems = []
    with static_server(out) as base:
        for width in (360, 1280):
            context = browser.new_context(
                viewport={"width": width, "height": 800}, color_scheme=scheme
            )
            page = context.new_page()
            try:
                for name, path in (("timeline", ""), ("event", "events/first/")):
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    sizes = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
                    assert sizes[0] <= sizes[1], f"{name} overflows at {width}px: {sizes}"
                    found = run_axe(page)
                    if found:
                        problems.append(f"{name} {width} {scheme}:\n{describe(found)}")
                    if SHOTS:
                        shot = Path(SHOTS) / f"images-{name}-{width}-{scheme}.png"
                        page.screenshot(path=str(shot), full_page=True)
                # every thumbnail loaded, a made size, in its fixed box
                page.goto(base)
                thumbs = page.locator("img.entry-thumb")
                assert thumbs.count() == 2
                for i in range(2):
                    thumbs.nth(i).scroll_into_view_if_needed()
                    thumbs.nth(i).evaluate("img => img.decode()")
                    box = thumbs.nth(i).bounding_box()
                    assert box is not None and box["width"] <= 120 and box["height"] <= 80
                # the event page's browser takes a made size that fills the column
                page.goto(base + "events/first/")
                current = page.evaluate(
                    "document.querySelector('figure.lead-image img').currentSrc"
                )
                assert current.endswith(("-360w.jpg", "-720w.jpg", "-1200w.jpg")), current
            finally:
                context.close()
    assert not problems, "\n\n".join(problems)
