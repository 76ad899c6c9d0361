"""What readers read besides the events' order (issue 19): no story words in the theme,
tags by name, the bodies' typography in titles, and a 404 page that works under any path."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.conftest import html
from tests.test_order import built, check_output, event, site_with

# -- the theme tells no story of its own ---------------------------------------------------

SAMPLE_WORDS = re.compile(
    r"\b(Modi|Putin|Zelensky|[Ss]ummit|Kyiv|Moscow|Russian?|Indian?|Ukrain(e|ian))\b"
)


def test_the_theme_names_nothing_of_the_sample_story(site: Any) -> None:
    """A tiny site of another story: nothing the theme writes (pages, scripts, styles,
    data files) names the sample's people, places or words."""
    out = built(site({}))
    found = {}
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".js", ".css", ".json", ".xml", ".ics"):
            words = {m.group(0) for m in SAMPLE_WORDS.finditer(path.read_text("utf-8"))}
            if words:
                found[path.relative_to(out).as_posix()] = sorted(words)
    assert found == {}
    box = html(out / "index.html").select_one("#search-input")
    assert box is not None and box["placeholder"] == "Search events, people, countries"


def test_search_placeholder_comes_from_site_yaml(site: Any) -> None:
    config = 'title: "T"\nbase_url: "https://example.org/t/"\nsearch_placeholder: "e.g. cod"\n'
    out = built(site({"content/site.yaml": config}))
    box = html(out / "index.html").select_one("#search-input")
    assert box is not None and box["placeholder"] == "e.g. cod"


# -- tags with names -----------------------------------------------------------------------


def test_tags_show_their_names_on_filters_and_event_pages(site: Any) -> None:
    config = (
        'title: "T"\nbase_url: "https://example.org/t/"\n'
        "tags:\n  war-in-ukraine: War in Ukraine\n  unused-topic: Never used\n"
    )
    root = site_with(
        site,
        {"x": event("X", "2024-07-08", "tags: [war-in-ukraine, eu-policy, missile-strike]")},
    )
    (root / "content" / "site.yaml").write_text(config, encoding="utf-8")
    (root / "content" / "tags.yaml").write_text(
        '# names\neu-policy:\n  name: "EU policy"\n  description: "What Brussels decides."\n',
        encoding="utf-8",
    )
    out = built(root)
    options = {
        str(box["value"]): box.find_parent("label").get_text(" ", strip=True)
        for box in html(out / "index.html").select('fieldset[data-name="tag"] input')
    }
    assert options == {
        "war-in-ukraine": "War in Ukraine",
        "eu-policy": "EU policy",
        "missile-strike": "Missile strike",  # not named: the slug in words
    }
    links = html(out / "events" / "x" / "index.html").select(".tags a")
    assert [a.get_text() for a in links] == ["War in Ukraine", "EU policy", "Missile strike"]
    assert links[0]["href"] == "../../?tag=war-in-ukraine#timeline"
    data = json.loads((out / "events.json").read_text())["tags"]
    assert {
        "slug": "eu-policy",
        "name": "EU policy",
        "description": "What Brussels decides.",
    } in data


def test_sample_tags_have_names(sample: Path) -> None:
    links = html(sample / "events" / "kyiv-missile-strike-okhmatdyt" / "index.html")
    assert "War in Ukraine" in [a.get_text() for a in links.select(".tags a")]


def test_a_malformed_tags_file_is_a_diagnostic(site: Any) -> None:
    root = site_with(site, {"x": event("X", "2024-07-08", "tags: [a]")})
    tags = root / "content" / "tags.yaml"
    tags.write_text("- a\n- b\n", encoding="utf-8")
    out = check_output(root)
    assert "content/tags.yaml:1:1: error: tags.yaml should map each tag to its name" in out
    tags.write_text('a: [1, 2]\nb:\n  title: "B"\n', encoding="utf-8")
    out = check_output(root)
    assert "content/tags.yaml:1:4: error: tag 'a' should have a name, not a list" in out
    assert "content/tags.yaml:3:3: error: tag 'b' has no field 'title'" in out
    assert "content/tags.yaml:3:3: error: tag 'b' needs a 'name' field" in out
    config = root / "content" / "site.yaml"
    config.write_text('title: "T"\ntags: war\n', encoding="utf-8")
    assert "content/site.yaml:2:7: error: 'tags' should map each tag" in check_output(root)


# -- 404.html under any path ------------------------------------------------------------------


def test_404_names_no_root_path_of_its_own(sample: Path) -> None:
    soup = html(sample / "404.html")
    base = soup.find("base")
    assert base is not None and base["href"] == "/modi-in-moscow/"
    refs = [str(t.get("href") or t.get("src")) for t in soup.select("[href]:not(base), [src]")]
    assert not [r for r in refs if r.startswith("/")], refs


def test_404_is_styled_and_links_home_at_any_depth_and_base_path(page: Any, sample: Path) -> None:
    """Hosts serve 404.html for every missing address: under the site's own base path, or
    another one (a staging copy), at any depth, in a timeline's folder too (its 404 was
    unstyled there, its links going nowhere)."""

    def serve(route: Any) -> None:
        path = route.request.url.split("://", 1)[1].partition("/")[2].split("#")[0]
        for prefix in ("modi-in-moscow/", "staging/copy/", "news/timelines/"):
            rel = path[len(prefix) :] if path.startswith(prefix) else None
            target = sample / (rel or "index.html")
            if rel is not None and target.is_file():
                kind = {".css": "text/css", ".js": "text/javascript"}.get(target.suffix)
                route.fulfill(body=target.read_bytes(), content_type=kind or "text/html")
                return
        route.fulfill(status=404, body=(sample / "404.html").read_bytes(), content_type="text/html")

    page.route("**/*", serve)
    for url, home in (
        (
            "https://example.org/modi-in-moscow/events/no/such/page/",
            "https://example.org/modi-in-moscow/",
        ),
        ("https://staging.test/staging/copy/people/nobody/", "https://staging.test/staging/copy/"),
        ("https://staging.test/staging/copy/typo", "https://staging.test/staging/copy/"),
        # a timeline's folder (the sample has timelines), and a copy under a path that
        # holds a folder of the site's name: the root is not cut short at either
        (
            "https://staging.test/staging/copy/timelines/war-in-ukraine/typo/",
            "https://staging.test/staging/copy/",
        ),
        (
            "https://staging.test/news/timelines/events/no-such/",
            "https://staging.test/news/timelines/",
        ),
        (
            "https://staging.test/news/timelines/timelines/modi-in-moscow/x/",
            "https://staging.test/news/timelines/",
        ),
    ):
        page.goto(url)
        rules = "[...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0)"
        assert page.evaluate(rules) > 50  # the theme's stylesheet, not a 404 page as CSS
        assert page.get_attribute("body > header .wrap > a", "href") == "./"
        assert page.evaluate("document.querySelector('body > header .wrap > a').href") == home
        assert page.evaluate("document.querySelector('.skip-link').href") == url + "#main"


# -- titles get the typography bodies get ---------------------------------------------------


def test_titles_and_summaries_get_curly_quotes_like_bodies(site: Any) -> None:
    root = site_with(
        site,
        {
            "x": event(
                'Kremlin says the West is \\"jealous\\" of Modi\'s visit -- again',
                "2024-07-08",
            ).replace('summary: "It happened."', "summary: 'It''s \"over\"...'"),
        },
    )
    out = built(root)
    title = "Kremlin says the West is “jealous” of Modi’s visit – again"
    page = html(out / "events" / "x" / "index.html")
    assert page.find("h1").get_text() == title
    entry = html(out / "index.html").select_one("#x")
    assert entry is not None and entry.select_one("h3 a").get_text() == title
    assert entry.select_one("h3 + p").get_text() == "It’s “over”…"


def test_sample_titles_have_no_straight_quotes(sample: Path) -> None:
    page = sample / "timelines" / "modi-in-moscow" / "index.html"
    titles = [a.get_text() for a in html(page).select(".entry > h3 a")]
    assert "Kremlin says the West is “jealous” of Modi’s visit" in titles
    assert not [t for t in titles if '"' in t or "'" in t]


def test_timeline_titles_have_curly_quotes_like_event_titles(sample: Path) -> None:
    """The front page lists the sample's timelines: "Russia’s war in Ukraine", as event
    titles have it, not a straight apostrophe beside curly ones."""
    titles = [a.get_text() for a in html(sample / "index.html").select("h2 a, h3 a, li a")]
    assert "Russia’s war in Ukraine" in titles
    assert "Russia's war in Ukraine" not in titles
