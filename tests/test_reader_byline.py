"""A one-timeline site's byline, "last updated" and newest-first order from site.yaml
(issue 19), as a timeline gets them from its front matter."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import BASE_FILES, build, html, write_site

SECOND = BASE_FILES["content/events/first.md"].replace("The first event", "The second event")


def test_site_yaml_gives_the_timeline_a_byline_an_update_and_newest_first(
    tmp_path: Path,
) -> None:
    site = write_site(
        tmp_path,
        {
            "content/site.yaml": BASE_FILES["content/site.yaml"]
            + 'byline: ["Ada Reporter", "Bo Editor"]\nupdated: "2024-08-01"\norder: newest\n',
            "content/events/second.md": SECOND.replace("2024-07-08", "2024-07-20"),
        },
    )
    assert build(site).code == 0
    page = html(site / "output" / "index.html")
    header = page.select_one(".page-header")
    assert header.select_one(".byline").get_text() == "By Ada Reporter, Bo Editor"
    updated = header.select_one("time")
    assert updated["datetime"] == "2024-08-01" and updated.get_text() == "1 August 2024"
    assert "Newest first." in header.get_text()
    titles = [a.get_text() for a in page.select("#timeline .entry > h3 a")]
    assert titles == ["The second event", "The first event"]


def test_without_them_the_site_timeline_is_as_before(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/events/second.md": SECOND.replace("07-08", "07-20")})
    assert build(site).code == 0
    page = html(site / "output" / "index.html")
    assert page.select_one(".page-header .byline") is None
    assert "Updated" not in page.select_one(".page-header").get_text()
    titles = [a.get_text() for a in page.select("#timeline .entry > h3 a")]
    assert titles == ["The first event", "The second event"]


def test_an_unknown_order_in_site_yaml_is_an_error_with_a_hint(tmp_path: Path) -> None:
    site = write_site(
        tmp_path, {"content/site.yaml": BASE_FILES["content/site.yaml"] + "order: latest\n"}
    )
    result = build(site)
    assert result.code != 0
    assert "content/site.yaml" in result.err and "order 'latest' is not known" in result.err


def test_the_lead_image_is_not_lazy_loaded(tmp_path: Path) -> None:
    """The picture at the top of an event's or person's page is what the reader sees
    first: lazy loading would delay it (issue 19)."""
    image = '\nimage:\n  src: "https://example.org/photo.jpg"\n  alt: "A photo"\n---\n'
    event = BASE_FILES["content/events/first.md"].replace("\n---\n", image, 1)
    person = BASE_FILES["content/people/ada-lovelace.md"].replace("\n---\n", image, 1)
    site = write_site(
        tmp_path,
        {"content/events/first.md": event, "content/people/ada-lovelace.md": person},
    )
    result = build(site)
    assert result.code == 0, result.err
    for page in ("events/first", "people/ada-lovelace"):
        img = html(site / "output" / page / "index.html").select_one("main img")
        assert img is not None and img["alt"] == "A photo", page
        assert img.get("loading") != "lazy" and img.get("fetchpriority") == "high", page
