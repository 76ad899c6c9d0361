"""A `[[link]]` in an event's body to another event is written from the event page's own
folder (`../SLUG/`, as the pager's links): it still opens that event, while the same
body in the feed links absolutely and a person's biography links from its own page."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

from bs4 import BeautifulSoup, Tag

from tests.conftest import BASE_FILES, build, html

SECOND = (
    "---\n"
    'title: "The second event"\n'
    'date: "2024-07-09"\n'
    "sources: [wire]\n"
    "---\n"
    "After [[first]], [[first|the first one]], [[ada-lovelace]] and [[testland]] spoke "
    "[@wire].\n"
)
BIO = '---\nname: "Ada Lovelace"\ncountry: testland\n---\nShe was in [[second]].\n'


def links(soup: BeautifulSoup | Tag) -> dict[str, str]:
    return {a.get_text(): str(a["href"]) for a in soup.find_all("a") if a.has_attr("href")}


def test_an_event_links_another_event_as_a_sibling(site: Any) -> None:
    root = site(
        {"content/events/second.md": SECOND, "content/people/ada-lovelace.md": BIO},
    )
    assert build(root).code == 0
    out = root / "output"
    page = out / "events" / "second" / "index.html"
    prose = html(page).select_one(".prose")
    assert prose is not None
    got = links(prose)
    assert got["The first event"] == "../first/"
    assert got["the first one"] == "../first/"
    assert got["Ada Lovelace"] == "../../people/ada-lovelace/"
    assert got["Testland"] == "../../countries/testland/"
    for href in got.values():
        if not href.startswith("#"):
            assert (page.parent / href / "index.html").resolve().is_file(), href
    # the person's page shows her biography from its own folder
    bio = html(out / "people" / "ada-lovelace" / "index.html").select_one(".prose")
    assert bio is not None and links(bio)["The second event"] == "../../events/second/"
    # the feed has the same body with every link absolute
    base = "https://example.org/t/"
    assert base in BASE_FILES["content/site.yaml"]
    feed = ElementTree.parse(out / "feed.xml").getroot()
    bodies = [e.text or "" for e in feed.iter() if e.tag.endswith("content")]
    second = next(b for b in bodies if "After" in b)
    got = links(BeautifulSoup(second, "html.parser"))
    assert got["The first event"] == f"{base}events/first/"
    assert got["Ada Lovelace"] == f"{base}people/ada-lovelace/"


def test_a_link_to_a_draft_event_is_plain_text_until_it_is_published(site: Any) -> None:
    """docs/content.md#drafts-and-scheduled-events: "A `[[link]]` to a draft event is
    shown as plain text" (it was a link to "#", which took a reader to the page's top);
    `--drafts` publishes the draft, and the link with it."""
    draft = SECOND.replace("sources: [wire]\n", "sources: [wire]\ndraft: true\n")
    body = "Before [[second]] and [[second|the next one]], [[first]] [@wire].\n"
    third = SECOND.replace("2024-07-09", "2024-07-10").split("---\n")
    root = site(
        {
            "content/events/second.md": draft,
            "content/events/third.md": "---\n".join([*third[:2], body]),
        }
    )
    assert build(root).code == 0
    prose = html(root / "output" / "events" / "third" / "index.html").select_one(".prose")
    assert prose is not None
    assert prose.get_text().strip().startswith("Before second and the next one, The first event")
    assert links(prose) == {"The first event": "../first/", "1": "#source-1"}
    assert build(root, "--drafts").code == 0
    prose = html(root / "output" / "events" / "third" / "index.html").select_one(".prose")
    assert prose is not None
    assert links(prose)["the next one"] == "../second/"


def test_a_bodys_text_head_is_the_head_of_its_text() -> None:
    """Body.text_head(n) (an event page's description without a summary) fills in the
    placeholders of only the plain text's head, and is text[:n] whatever the placeholders
    (the `[[slug]]`s without text) and wherever n cuts: inside one, just after one, on
    a stray \\x02 or \\x03, past the end."""
    import random

    from sitegen.model import Body

    rng = random.Random(20)
    placeholders = ["\x02t:x/yy\x03", "\x02t:people/ada-lovelace\x03"]
    parts = ["ab", " ", "é", "🇦🇩", *placeholders, "\x02", "\x03"]
    for _ in range(3000):
        plain = "".join(rng.choice(parts) for _ in range(rng.randint(0, 30)))
        body = Body("", plain)
        for n in (0, 1, 2, 5, 9, 30, 200):
            assert body.text_head(n) == body.text[:n], (plain, n)
