from pathlib import Path

from tests.conftest import build, html


def test_minimal_site_builds_linked_pages(site) -> None:
    root = site()
    result = build(root)
    assert result.code == 0, result.err
    index = html(root / "output" / "index.html")
    links = [a["href"] for a in index.select("li.entry a")]
    assert "events/first/" in links
    assert "people/ada-lovelace/" in links
    assert "countries/testland/" in links


def test_browser_renders_timeline(site, page) -> None:
    root = site()
    assert build(root).code == 0
    page.goto(Path(root / "output" / "index.html").as_uri())
    assert page.locator("h1").inner_text() == "Test timeline"
