"""End to end: build sites on disk and look at the HTML a reader would get."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import REPO, SITES, TODAY, build, html, run

SAMPLE_EVENTS = {
    "india-russia-summit-2021",
    "russia-invades-ukraine",
    "peskov-jealous-remark",
    "modi-departs-for-moscow",
    "india-russia-summit-2024",
    "kyiv-missile-strike-okhmatdyt",
}
SAMPLE_PEOPLE = {
    "vladimir-putin", "narendra-modi", "dmitry-peskov", "volodymyr-zelensky",
    "vitali-klitschko", "viktor-orban", "michael-clarke",
}  # fmt: skip
SAMPLE_COUNTRIES = {"russia", "india", "ukraine", "united-states", "china", "hungary"}


@pytest.fixture(scope="module")
def rosetta(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site in another story, with partial dates, ranges, ongoing events, non-ASCII names."""
    root = tmp_path_factory.mktemp("rosetta")
    shutil.copytree(
        SITES / "rosetta", root / "site", ignore=shutil.ignore_patterns(".sitegen-cache")
    )
    result = build(root / "site")
    assert result.code == 0, result.err
    return root / "site" / "output"


def test_sample_has_every_page(sample: Path) -> None:
    for slug in SAMPLE_EVENTS:
        assert (sample / "events" / slug / "index.html").is_file()
    for slug in SAMPLE_PEOPLE:
        assert (sample / "people" / slug / "index.html").is_file()
    for slug in SAMPLE_COUNTRIES:
        assert (sample / "countries" / slug / "index.html").is_file()
    for page in ("index.html", "people/index.html", "countries/index.html", "sources/index.html"):
        assert (sample / page).is_file(), page
    assert list((sample / "assets").glob("style.*.css"))


def internal_targets(out: Path) -> list[tuple[Path, str, Path, str]]:
    """(page, href, resolved file, fragment) for every internal link and asset of a site."""
    found = []
    for page in sorted(out.rglob("*.html")):
        if page.name == "404.html":
            continue
        soup = html(page)
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for el in soup.find_all(tag):
                value = el.get(attr)
                if not value or el.get("rel") == ["canonical"] or el.get("rel") == ["alternate"]:
                    continue
                parts = urlsplit(value)
                if parts.scheme or value.startswith("//"):
                    continue
                target = page.parent / unquote(parts.path) if parts.path else page
                if target.is_dir() or value.endswith("/"):
                    target = target / "index.html"
                found.append((page, value, target.resolve(), parts.fragment))
    return found


@pytest.mark.parametrize("which", ["sample", "rosetta"])
def test_every_internal_link_resolves(which: str, request: pytest.FixtureRequest) -> None:
    out: Path = request.getfixturevalue(which)
    targets = internal_targets(out)
    assert len(targets) > 50
    broken = []
    for page, href, target, fragment in targets:
        if not target.is_file() or not target.is_relative_to(out.resolve()):
            broken.append(f"{page.relative_to(out)}: {href}")
            continue
        if fragment and target.suffix == ".html":
            soup = html(target)
            if not soup.find(id=fragment):
                broken.append(f"{page.relative_to(out)}: {href} (no #{fragment})")
    assert not broken, "\n".join(broken)


def hrefs(page: Path) -> set[str]:
    return {str(a["href"]) for a in html(page).find_all("a", href=True)}


def test_events_link_to_people_and_countries_and_back(sample: Path) -> None:
    import yaml

    for path in (REPO / "content" / "events").rglob("*.md"):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        slug = path.stem
        links = hrefs(sample / "events" / slug / "index.html")
        for person in front.get("people", []):
            assert f"../../people/{person}/" in links, (slug, person)
            assert f"../../events/{slug}/" in hrefs(sample / "people" / person / "index.html")
        for country in front.get("countries", []):
            assert f"../../countries/{country}/" in links, (slug, country)
            assert f"../../events/{slug}/" in hrefs(sample / "countries" / country / "index.html")


SAMPLE_TIMELINE = "timelines/modi-in-moscow/index.html"
"""The sample's timeline of every event (its front page lists its two timelines)."""


@pytest.mark.parametrize("which", ["sample", "rosetta"])
def test_timeline_is_in_date_order(which: str, request: pytest.FixtureRequest) -> None:
    out: Path = request.getfixturevalue(which)
    page = SAMPLE_TIMELINE if which == "sample" else "index.html"
    entries = html(out / page).select("ol.timeline-list li.entry time")
    stamps = [str(t["datetime"])[:10] for t in entries]
    assert len(stamps) >= 6
    # compared at the coarser precision of each neighbour: '2004-03-02' then '2004-03'
    # (a span starting some time in March follows the dated events of March) is in order
    for a, b in itertools.pairwise(stamps):
        n = min(len(a), len(b))
        assert a[:n] <= b[:n], (a, b)


def test_timeline_entry_shows_date_title_summary_and_links(sample: Path) -> None:
    soup = html(sample / SAMPLE_TIMELINE)
    entry = soup.find(id="india-russia-summit-2024")
    assert entry is not None and entry.name == "li" and entry.find_parent("ol")
    assert entry.find("time")["datetime"] == "2024-07-08"
    assert entry.find("time").get_text() == "8–9 July 2024"
    assert entry.find("a", href="../../events/india-russia-summit-2024/")
    assert entry.find("a", href="../../people/narendra-modi/")
    assert entry.find("a", href="../../countries/india/")
    years = [h.get_text() for h in soup.select("h2.year-marker")]
    assert years == ["2021", "2022", "2024"]
    invasion = soup.find(id="russia-invades-ukraine")
    assert invasion.find("time").get_text() == "24 February 2022 – ongoing"


def test_event_page_has_sources_related_and_pager(sample: Path) -> None:
    soup = html(sample / "events" / "kyiv-missile-strike-okhmatdyt" / "index.html")
    assert (
        soup.find("h1").get_text()
        == "Russian missile strike on Kyiv hits Okhmatdyt children’s hospital"
    )
    sources = soup.select("ol.source-list > li")
    assert [s["id"] for s in sources] == ["source-1", "source-2"]
    assert "Newsweek" in sources[0].get_text() and "Billal Rahman" in sources[0].get_text()
    assert soup.select_one("sup > a[href='#source-1']")
    assert soup.find("a", rel="prev")  # (the last event: order 4 of 8 July 2024)
    assert html(sample / "events" / "michael-clarke-analysis" / "index.html").find("a", rel="next")
    assert soup.select(".related a")
    corrections = soup.select_one(".corrections")
    assert corrections and "9 July 2024" in corrections.get_text()


def test_event_page_names_who_and_where_once_with_roles(sample: Path) -> None:
    """Each person and country once, under the title, linked to their page; a person's
    role beside them; the list named for screen readers."""
    soup = html(sample / "events" / "kyiv-missile-strike-okhmatdyt" / "index.html")
    (listed,) = soup.select("ul[aria-label='Who and where']")
    assert listed.find_parent("header")
    named = soup.select("main a[href*='people/'], main a[href*='countries/']")
    hrefs = [a["href"] for a in named if not a.find_parent(class_="prose")]  # (the text's own)
    assert len(hrefs) == len(set(hrefs)) and "../../people/vitali-klitschko/" in hrefs
    assert "../../countries/ukraine/" in hrefs
    chip = listed.find("a", href="../../people/vitali-klitschko/")
    # the initials are drawn by the stylesheet from data-i, out of the link's name
    assert chip["data-i"] == "VK"
    assert chip.parent.get_text(" ", strip=True) == "Vitali Klitschko Mayor of Kyiv"
    assert not soup.find(string="Who and where")  # no second list


def test_people_and_countries_indexes_are_alphabetical_with_counts(sample: Path) -> None:
    names = [
        a.get_text(strip=True)
        for a in html(sample / "people" / "index.html").select(".index-list a")
    ]
    stripped = [n[2:] if n[:2].isupper() and len(n) > 2 and n[2] != " " else n for n in names]
    assert stripped == sorted(stripped, key=str.casefold)
    counts = html(sample / "countries" / "index.html").select(".index-list .count")
    assert all(c.get_text().split()[0].isdigit() for c in counts)


def test_non_ascii_partial_dates_and_code_spans(rosetta: Path) -> None:
    soup = html(rosetta / "index.html")
    assert "Rosetta arrives at 67P/Churyumov–Gerasimenko" in soup.get_text()
    times = {t.get_text() for t in soup.select("li.entry time")}
    assert {
        "September 1969",
        "about 1993 – 2003 (uncertain)",  # the EDTF ~ and ? in words
        "March 2004 – May 2014",
        "October 2016 – ongoing",
    } <= times
    planned = html(rosetta / "events" / "mission-planned" / "index.html")
    codes = [c.get_text() for c in planned.select(".prose code")]
    assert "[@not-a-citation]" in codes and "[[not-a-link]]" in codes
    assert "[@also-not] [[also-not]]" in planned.select_one(".prose pre").get_text()
    assert "Köln" in html(rosetta / "events" / "philae-landing" / "index.html").get_text()


def test_drafts_are_left_out_unless_asked(rosetta: Path, tmp_path: Path) -> None:
    assert not (rosetta / "events" / "draft-note").exists()
    assert "draft-note" not in (rosetta / "index.html").read_text(encoding="utf-8")
    shutil.copytree(
        SITES / "rosetta", tmp_path / "s", ignore=shutil.ignore_patterns(".sitegen-cache")
    )
    assert build(tmp_path / "s", "--drafts").code == 0
    page = html(tmp_path / "s" / "output" / "events" / "draft-note" / "index.html")
    assert page.select_one(".badge-draft")


def test_content_is_escaped(site) -> None:
    root = site({
        "content/events/first.md": (
            '---\ntitle: "<script>alert(1)</script>"\nsummary: "<b>bold</b>"\ndate: "2024-07-08"\n'
            "people: [ada-lovelace]\ncountries: [testland]\nsources: [wire]\n---\nBody.\n"
        )
    })  # fmt: skip
    assert build(root).code == 0
    text = (root / "output" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert html(root / "output" / "events" / "first" / "index.html").find("h1").get_text() == (
        "<script>alert(1)</script>"
    )


def test_site_templates_override_the_theme_and_static_is_copied(site) -> None:
    own = "{% extends 'base.html' %}{% block main %}<p id='own'>Lost</p>{% endblock %}"
    root = site({"templates/404.html": own, "static/img/logo.txt": "hello"})
    assert build(root).code == 0
    assert html(root / "output" / "404.html").find(id="own")
    assert (root / "output" / "img" / "logo.txt").read_text() == "hello"


def test_a_misspelt_template_variable_fails_the_build(site) -> None:
    root = site(
        {"templates/404.html": "{% extends 'base.html' %}{% block main %}{{ nope }}{% endblock %}"}
    )
    result = build(root)
    assert result.code == 1
    assert "templates/404.html:1:1: error:" in result.err and "[template]" in result.err
    assert not (root / "output").exists()


def test_missing_site_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run("build", tmp_path / "nowhere")
    assert result.code == 2
    assert "not a sitegen site" in result.err


def test_init_new_check_build(tmp_path: Path) -> None:
    target = tmp_path / "newsite"
    assert run("init", target, "--today", TODAY).code == 0
    assert run("check", target, "--strict", "--today", TODAY).code == 0
    made = run("new", "event", "second-event", "--site", target, "--date", "2024-01-02")
    assert made.code == 0
    new_file = target / "content" / "events" / "2024" / "second-event.md"
    assert new_file.is_file()
    # a skeleton is a draft with no source yet: check lists it as a to-do, with the file
    # and line, and --strict (or removing draft: true) makes it an error
    checked = run("check", target, "--today", TODAY)
    assert checked.code == 0
    assert "content/events/2024/second-event.md:2:8: warning:" in checked.out
    assert "[source-missing]" in checked.out
    assert run("check", target, "--strict", "--today", TODAY).code == 1
    assert run("init", target).code == 2
    assert run("new", "event", "Bad Slug", "--site", target).code == 2


def test_installed_wheel_carries_the_theme(tmp_path: Path) -> None:
    """sitegen works as a pip-installed command for a site anywhere (theme inside the package)."""
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(REPO)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("sitegen-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "sitegen/theme/base.html" in names and "sitegen/theme/assets/style.css" in names
    zipfile.ZipFile(wheel).extractall(tmp_path / "installed")
    assert not (tmp_path / "installed" / "sitegen" / "theme").is_symlink()
    run("init", tmp_path / "elsewhere", "--today", TODAY)
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "installed"))
    done = subprocess.run(
        [sys.executable, "-m", "sitegen", "build", "elsewhere", "--today", TODAY],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert html(tmp_path / "elsewhere" / "output" / "index.html").select("li.entry")
    # the reference travels too: `sitegen docs` reads it offline, from inside the package
    assert "sitegen/docs/content.md" in names and "sitegen/docs/checks.md" in names
    assert not (tmp_path / "installed" / "sitegen" / "docs").is_symlink()
    site_yaml = (tmp_path / "elsewhere" / "content" / "site.yaml").read_text(encoding="utf-8")
    assert "sitegen docs content" in site_yaml and "docs/content.md" not in site_yaml
    listed = subprocess.run(
        [sys.executable, "-m", "sitegen", "docs"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    assert str(tmp_path / "installed" / "sitegen" / "docs") in listed.stdout
    assert "content" in listed.stdout and "checks" in listed.stdout
    page = subprocess.run(
        [sys.executable, "-m", "sitegen", "docs", "content"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert page.returncode == 0
    assert page.stdout == (REPO / "docs" / "content.md").read_text(encoding="utf-8")


def test_once_makes_a_macro_once_for_the_same_arguments() -> None:
    """The template global once(macro, *args) reuses what the macro made for arguments
    read from the same file (the same Origin.digest); one without a digest is made anew."""
    import dataclasses

    from sitegen.model import Origin, Source
    from sitegen.render import Once

    calls: list[object] = []

    def macro(*args: object) -> str:
        calls.append(args)
        return f"<li>{len(calls)}</li>"

    def source(sid: str, digest: str) -> Source:
        return Source(sid, sid, "P", origin=Origin("content/sources.yaml", digest=digest))

    once = Once()
    a, b = source("a", "d1:a"), source("b", "d1:b")
    assert once(macro, a) == once(macro, dataclasses.replace(a)) == "<li>1</li>"
    assert once(macro, b) == "<li>2</li>"  # another source
    assert once(macro, a, b) == "<li>3</li>" and len(calls) == 3
    assert once(macro, source("a", "d2:a")) == "<li>4</li>"  # its file changed
    unread = source("c", "")
    assert once(macro, unread) == "<li>5</li>" and once(macro, unread) == "<li>6</li>"
    # plain values (the site's header, by the page's depth and section) by their value
    assert once(macro, "../", "people", False) == once(macro, "../", "people", False)
    assert once(macro, "../", "people", True) == "<li>8</li>"
    assert once(macro, "../", "people", 1) == "<li>9</li>" and len(calls) == 9
    assert once(macro, a, "../") == once(macro, a, "../") == "<li>10</li>"


def test_once_each_and_cited_sources_print_what_once_makes() -> None:
    """once_each(macro, items, root) prints once(macro, item, root) for each item, and
    cited_sources(macro, sources, cited) an event page's numbered source list: both
    take what once() made for the same arguments and keep what they make for it; an
    object without a digest is made anew; a back link where the source is cited."""
    from markupsafe import Markup

    from sitegen.model import Origin, Source
    from sitegen.render import Once

    calls: list[object] = []

    def macro(*args: object) -> Markup:
        calls.append(args)
        return Markup(f"<i>{len(calls)}</i>")

    def source(sid: str, digest: str) -> Source:
        return Source(sid, sid, "P", origin=Origin("content/sources.yaml", digest=digest))

    once = Once()
    a, b, unread = source("a", "d1:a"), source("b", "d1:b"), source("c", "")
    assert once(macro, a, "../") == "<i>1</i>"
    assert once.each(macro, [a, b, unread], "../") == "<i>1</i><i>2</i><i>3</i>"
    assert once.each(macro, [b, unread], "../") == "<i>2</i><i>4</i>"
    assert once(macro, b, "../") == "<i>2</i>" and len(calls) == 4
    listed = once.sources(macro, [a, b, unread], {"b"})
    assert type(listed) is Markup
    assert listed == (
        '<li id="source-1"><i>5</i></li>'
        '<li id="source-2"><i>6</i> <a href="#cite-2" aria-label="Back to the text '
        '(citation 2)">↩</a></li><li id="source-3"><i>7</i></li>'
    )
    assert once(macro, a) == "<i>5</i>" and once.sources(macro, [a], ()) == (
        '<li id="source-1"><i>5</i></li>'
    )
    assert len(calls) == 7


def test_a_bodys_heading_is_no_second_h1(site) -> None:
    root = site({
        "content/events/first.md": (
            '---\ntitle: "Talks open"\ndate: "2024-07-08"\npeople: [ada-lovelace]\n'
            "countries: [testland]\nsources: [wire]\n---\n# Background\n\nText.\n\n"
            "## Reactions\n\nMore.\n"
        )
    })  # fmt: skip
    assert build(root).code == 0
    page = html(root / "output" / "events" / "first" / "index.html")
    assert [h.get_text() for h in page.find_all("h1")] == ["Talks open"]
    assert page.find("h2", string="Background") and page.find("h3", string="Reactions")


def test_a_static_file_at_a_pages_path_is_a_warning(site) -> None:
    """A static/ file replaces the page of its path (as documented, for a newsroom's own
    robots.txt), but one that replaces a page readers read is said: index.html in
    static/ took the front page's place without a word."""
    root = site({
        "static/index.html": "<p>ours</p>",
        "static/events/first/index.html": "<p>ours</p>",
        "static/timelines/harbour/feed.xml": "<feed/>",
        "static/robots.txt": "User-agent: *\n",  # (the documented override: no warning)
        "content/timelines/harbour.md": "---\ntitle: Harbour\n---\n",
        "content/events/first.md": (
            '---\ntitle: "First"\ndate: "2024-07-08"\npeople: [ada-lovelace]\n'
            "countries: [testland]\nsources: [wire]\ntimelines: [harbour]\n---\nBody.\n"
        ),
    })  # fmt: skip
    result = build(root)
    assert result.code == 0, result.err
    said = [line for line in result.err.splitlines() if "[static-shadows-page]" in line]
    fix = (
        "; rename or move the file (to change a page sitegen makes, put a template of your "
        "own in templates/) [static-shadows-page]"
    )
    assert said == [
        "static/events/first/index.html:1:1: warning: static/events/first/index.html "
        "replaces what sitegen makes at events/first/index.html" + fix,
        "static/index.html:1:1: warning: static/index.html replaces what sitegen makes at "
        "index.html" + fix,
        "static/timelines/harbour/feed.xml:1:1: warning: static/timelines/harbour/feed.xml "
        "replaces what sitegen makes at timelines/harbour/feed.xml" + fix,
    ], result.err
    assert (root / "output" / "index.html").read_text() == "<p>ours</p>"
