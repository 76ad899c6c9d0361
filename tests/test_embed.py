"""Embedding a timeline in another site (issue 18, "Embed"): the embed/ pages, oembed.json,
/embed.js, the Embed disclosure and `sitegen embed-code`, on the built files. What a
reader's browser does with them is in test_embed_browser.py."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitegen import embed
from tests.conftest import BASE_FILES, REPO, SITES, build, html, run


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("embed") / "site"
    shutil.copytree(SITES / "newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    assert build(root).code == 0
    return root


def test_every_timeline_has_an_embed_page_without_the_sites_header_and_footer(
    newsroom: Path,
) -> None:
    out = newsroom / "output"
    ids = sorted(p.parent.name for p in (out / "timelines").glob("*/index.html"))
    assert len(ids) >= 3  # the published ones (a draft timeline has no pages)
    for slug in ids:
        page = html(out / "timelines" / slug / "embed" / "index.html")
        timeline = html(out / "timelines" / slug / "index.html")
        assert page.select_one("body > header") is None and page.select_one("body > footer") is None
        # the same entries as the timeline page, its strip and its filters
        assert [li["id"] for li in page.select("li.entry")] == [
            li["id"] for li in timeline.select("li.entry")
        ]
        assert page.select_one("#finder") is not None
        assert page.select_one(".overview") is not None or not page.select("li.entry")
        assert page.select_one('meta[name="robots"]')["content"] == "noindex"
        canonical = page.select_one('link[rel="canonical"]')["href"]
        assert canonical == f"https://news.example.org/timelines/{slug}/"
        assert page.select_one("base")["target"] == "_top"
        # no third-party requests: every script, style and image is the site's own
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
            for el in page.select(f"{tag}[{attr}]"):
                if tag == "link" and el.get("rel") != ["stylesheet"]:
                    continue
                assert "://" not in el[attr], el
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "/embed/" not in sitemap  # noindex pages are not offered to search engines


def test_links_open_in_a_new_tab_when_the_site_says_so(site: Callable[..., Path]) -> None:
    root = site({"content/site.yaml": 'title: "T"\nbase_url: "https://e.org/"\nembed_links: new\n'})
    assert build(root).code == 0
    page = html(root / "output" / "embed" / "index.html")  # a one-timeline site: /embed/
    assert page.select_one("base")["target"] == "_blank"
    assert page.select_one('link[rel="canonical"]')["href"] == "https://e.org/"
    bad = site({"content/site.yaml": 'title: "T"\nembed_links: iframe\n'})
    result = run("check", bad)
    assert result.code == 1 and "embed_links 'iframe' is not known" in result.out


def test_oembed_json_and_its_discovery_link(newsroom: Path) -> None:
    out = newsroom / "output"
    doc = json.loads((out / "timelines" / "harbour" / "oembed.json").read_text(encoding="utf-8"))
    assert doc["type"] == "rich" and doc["version"] == "1.0"
    assert doc["title"] == "The harbour, year by year"
    assert doc["provider_name"] == "The Harbour Gazette"
    assert doc["provider_url"] == "https://news.example.org/"
    assert doc["author_name"] == "Ada Quill, Ben Tide"
    assert isinstance(doc["width"], int) and isinstance(doc["height"], int)
    frame = html_fragment(doc["html"])
    assert frame.select_one("iframe")["src"] == "https://news.example.org/timelines/harbour/embed/"
    assert frame.select_one("script")["src"] == "https://news.example.org/embed.js"
    link = html(out / "timelines" / "harbour" / "index.html").select_one(
        'link[type="application/json+oembed"]'
    )
    assert link["href"] == "https://news.example.org/timelines/harbour/oembed.json"
    assert link["rel"] == ["alternate"]


@pytest.mark.parametrize("author", ["", "Ada Quill, Ben Tide", 'A "q" \\ \t\u00e9\U0001f600'])
@pytest.mark.parametrize("title", ["Harbour", 'The "harbour" <&> \\ \n\u2028 \uac00 \U0001f600'])
def test_oembed_json_is_written_as_json_dumps_would(author: str, title: str) -> None:
    """oembed.json is written out (embed.oembed_json): the bytes json.dumps(indent=2,
    ensure_ascii=False) made of its fields, which it wrote before."""
    base = "https://news.example.org/"
    code = embed.snippet(base, "timelines/t/", title)
    doc = {
        "version": "1.0", "type": "rich", "title": title, "provider_name": title + "!",
        "provider_url": base, "html": code, "width": embed.MAX_WIDTH, "height": embed.HEIGHT,
        **({"author_name": author} if author else {}),
    }  # fmt: skip
    made = embed.oembed_json(title, title + "!", base, code, author)
    assert made == json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def test_without_a_base_url_there_is_no_oembed_and_no_snippet(site: Callable[..., Path]) -> None:
    root = site({"content/site.yaml": 'title: "T"\n'})
    assert build(root).code == 0
    out = root / "output"
    assert (out / "embed" / "index.html").is_file() and (out / "embed.js").is_file()
    assert not (out / "oembed.json").exists()
    page = html(out / "index.html")
    assert page.select_one('link[type="application/json+oembed"]') is None
    assert page.select_one("details.embed-code") is None
    embed_page = html(out / "embed" / "index.html")
    assert embed_page.select_one('link[rel="canonical"]') is None  # no address to give
    assert embed_page.select_one("h1 a")["href"] == "../"  # the timeline, one click away
    result = run("embed-code", "--site", root)
    assert result.code == 2 and "base_url" in result.err


def test_the_embed_code_of_a_draft_timeline_says_it_frames_nothing_yet(
    site: Callable[..., Path],
) -> None:
    """Pasted into an article before the story is published, the iframe would show a 404:
    the code is still printed (to prepare the article), with a warning that says why."""
    story = '---\ntitle: "Under wraps"\ndraft: true\n---\nIntro.\n'
    first = BASE_FILES["content/events/first.md"]
    assert isinstance(first, str)
    root = site(
        {
            "content/timelines/under-wraps.md": story,
            "content/timelines/live.md": '---\ntitle: "Live"\n---\nIntro.\n',
            "content/events/first.md": first.replace(
                "---\n", "---\ntimelines: [live, under-wraps]\n", 1
            ),
            "content/site.yaml": 'title: "T"\nbase_url: "https://e.org/"\n',
        }
    )
    result = run("embed-code", "under-wraps", "--site", root)
    assert result.code == 0 and "timelines/under-wraps/embed/" in result.out
    assert "draft" in result.err and "content/timelines/under-wraps.md" in result.err
    assert build(root).code == 0
    assert not (root / "output/timelines/under-wraps").exists()  # what the warning is about
    assert run("embed-code", "live", "--site", root).err == ""


def test_the_timeline_page_offers_the_snippet_behind_an_embed_disclosure(newsroom: Path) -> None:
    page = html(newsroom / "output" / "timelines" / "bridge" / "index.html")
    details = page.select_one("details.embed-code")
    assert details.select_one("summary").get_text(strip=True) == "Embed"
    code = details.select_one("textarea[readonly]")
    label = page.select_one(f'label[for="{code["id"]}"]')
    assert label is not None
    assert details.select_one("button#embed-copy") is not None
    printed = run("embed-code", "bridge", "--site", newsroom)
    assert printed.code == 0
    assert code.get_text() == printed.out.rstrip("\n")
    frame = html_fragment(printed.out).select_one("iframe")
    assert frame["src"] == "https://news.example.org/timelines/bridge/embed/"
    assert frame.has_attr("data-sitegen-embed") and frame["title"]


def test_embed_code_options_and_usage_errors(newsroom: Path) -> None:
    sized = run("embed-code", "harbour", "--site", newsroom, "--width", "640", "--height", "480")
    frame = html_fragment(sized.out).select_one("iframe")
    assert (frame["width"], frame["height"]) == ("640", "480")
    assert run("embed-code", "--site", newsroom).code == 2  # four timelines: name one
    wrong = run("embed-code", "harbor", "--site", newsroom)
    assert wrong.code == 2 and "did you mean 'harbour'" in wrong.err
    assert run("embed-code", "harbour", "--site", newsroom, "--width", "5").code == 2
    assert run("embed-code", "--site", newsroom / "nowhere").code == 2


def test_the_loader_is_small_served_and_printed_in_the_docs(newsroom: Path) -> None:
    served = (newsroom / "output" / "embed.js").read_bytes()
    assert served == embed.LOADER.encode("utf-8")
    assert len(served) <= 1024
    docs = (REPO / "docs" / "embedding.md").read_text(encoding="utf-8")
    assert embed.LOADER.strip() in docs
    # it trusts only the iframe it sizes
    assert "contentWindow===s" in embed.LOADER and "data-sitegen-embed" in embed.LOADER


def html_fragment(text: str) -> BeautifulSoup:
    return BeautifulSoup(text, "html.parser")


def test_the_snippet_escapes_a_title(tmp_path: Path) -> None:
    code = embed.snippet("https://e.org/", "timelines/x/", 'A "quoted" <title>')
    assert re.search(r'title="A &quot;quoted&quot; &lt;title&gt; \(timeline\)"', code)


def test_a_large_timelines_embed_reaches_every_event_without_javascript(tmp_path: Path) -> None:
    """A timeline of more than 200 events has year pages, and each is its own embed at
    `?embed` (issue 20: no copy of its list): from the embed, the year navigator and the
    pager lead (inside the frame) there, and the year pages list every event once; links
    to an event still leave the frame. Each year page's old embed/ address is a small
    page that goes there."""
    from tests.test_reader_large import entry_ids, generated

    site = generated(tmp_path / "site", 250)
    assert build(site).code == 0
    out = site / "output"
    home = html(out / "embed" / "index.html")
    columns = home.select(".year-bins a")
    assert columns and all(str(a["href"]).endswith("/?embed") for a in columns)
    assert all(a.get("target") == "_self" for a in home.select(".year-nav a, .year-pager a"))
    assert home.select_one("base")["target"] == "_top"
    assert all(a.get("target") is None for a in home.select(".entry > h3 a"))
    listed: list[str] = []
    for a in columns:
        folder = (out / "embed" / str(a["href"]).removesuffix("?embed")).resolve()
        assert folder.parent.name == "years"
        page = html(folder / "index.html")
        # what site.js needs to make it an embed: embed.js and where links open
        timeline = page.select_one("#timeline")
        assert timeline["data-embed-target"] == "_top"
        assert (folder / str(timeline["data-embed"])).resolve().name.startswith("embed.")
        # its oEmbed discovery link has its file
        oembed = page.select_one("link[type='application/json+oembed']")
        if oembed is not None:
            assert (folder / "oembed.json").is_file()
        moved = html(folder / "embed" / "index.html")
        assert moved.select_one("meta[name=robots]")["content"] == "noindex"
        assert moved.select_one("main a")["href"] == "../?embed"
        assert not moved.select(".entry")
        listed += entry_ids(page)
    events = sorted(p.name for p in (out / "events").iterdir() if p.is_dir())
    assert sorted(listed) == events
    # which year page lists each event, for deep links: every event, once
    places: dict[str, str] = {}
    for shard in (out / "years").glob("events-*.json"):
        doc = json.loads(shard.read_text(encoding="utf-8"))
        for slug, at in doc["at"].items():
            assert slug[0] == shard.stem[-1] and slug not in places
            places[slug] = doc["pages"][at]
    assert sorted(places) == events
    for path in set(places.values()):
        listed_there = set(entry_ids(html(out / path / "index.html")))
        assert {slug for slug, at in places.items() if at == path} == listed_there, path


def test_the_embed_code_in_the_docs_is_what_the_command_prints(tmp_path: Path) -> None:
    """docs/embedding.md shows the code `sitegen embed-code war-in-ukraine` prints for the
    sample site published at https://news.example.org/: the very bytes."""
    root = tmp_path / "site"
    shutil.copytree(REPO / "content", root / "content")
    config = root / "content" / "site.yaml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^base_url: .*$", 'base_url: "https://news.example.org/"', text)
    config.write_text(text, encoding="utf-8")
    printed = run("embed-code", "war-in-ukraine", "--site", root)
    assert printed.code == 0, printed.err
    docs = (REPO / "docs" / "embedding.md").read_text(encoding="utf-8")
    shown = docs.split("It prints, for a site published at", 1)[1].split("```html\n", 1)[1]
    assert printed.out == shown.split("```", 1)[0]


def test_an_embed_page_takes_its_timeline_pages_strip_drawn_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An embed page shows its timeline page's strip again, one folder deeper (issue 20):
    rendered right after that page (renderjobs.twins_together), it takes the strip that
    page drew (overview.Strips), which nothing of the page's root changes; the list
    around it keeps the embed page's own links."""
    from typing import Any

    from sitegen import overview

    root = tmp_path / "site"
    shutil.copytree(SITES / "newsroom", root, ignore=shutil.ignore_patterns(".sitegen-cache"))
    drawn: list[int] = []
    draw = overview.draw

    def counted(entries: Any, highlight: Any = None, *args: Any, **kwargs: Any) -> Any:
        if highlight is None:
            drawn.append(len(entries))
        return draw(entries, highlight, *args, **kwargs)

    monkeypatch.setattr(overview, "draw", counted)
    assert build(root).code == 0
    pages = sorted((root / "output" / "timelines").glob("*/index.html"))
    assert len(pages) >= 3
    strips = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        embedded = (page.parent / "embed" / "index.html").read_text(encoding="utf-8")
        figure = re.search(r'<figure class="overview".*?</figure>', text, re.S)
        if figure is not None:
            strips += 1
            assert figure[0] in embedded, page
        listing = re.search(r'<div class="timeline" id="timeline">.*?</div>', text, re.S)
        framed = re.search(r'<div class="timeline" id="timeline">.*?</div>', embedded, re.S)
        assert listing and framed and 'href="../../events/' in listing[0]
        assert framed[0] == listing[0].replace('="../../', '="../../../'), page
    assert len(drawn) == strips > 0  # (not once more for each embed page)


def test_twins_together_puts_each_embed_page_after_its_timeline_page() -> None:
    from sitegen.pages import Page
    from sitegen.renderjobs import Todo

    paths = [
        ("timelines/a/index.html", "timeline.html"),
        ("timelines/a/years/1990/index.html", "timeline.html"),
        ("timelines/b/index.html", "timeline.html"),
        ("events/x/index.html", "event.html"),
        ("feed.xml", "producer:publish"),
        ("timelines/a/embed/index.html", "embed.html"),
        ("timelines/a/years/1990/embed/index.html", "embed_year.html"),
        ("timelines/b/embed/index.html", "embed.html"),
        ("timelines/c/embed/index.html", "embed.html"),  # (its page not rendered again)
    ]
    pages = [Page(path, template) for path, template in paths]
    todo = Todo.of(pages, list(range(len(pages))))
    assert todo.listed == [0, 5, 1, 2, 7, 3, 4, 6, 8]
    assert todo.shared == [0, 5, 1, 2, 7, 6, 8, 3]
    assert todo.mine == [4]
