"""Many timelines (issue 17) on the small sites a newsroom writes that tests/sites/newsroom
does not have: an empty timeline, one whose events are all drafts or scheduled, events
before the common era or known to the year, an event in five timelines, bylines and
pictures of every kind, a timeline renamed or deleted, and `sitegen new` with bad ids.
Each site is crawled (0 broken links) and its feeds, JSON-LD and data files parsed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import feedparser

from tests.conftest import BASE_FILES, TODAY, build, html, run
from tests.test_build import internal_targets
from tests.test_publish import check_sitemap, json_ld
from tests.test_reader import load_index

BASE = "https://example.org/t/"
BASE_SOURCES = BASE_FILES["content/sources.yaml"]


def event(title: str, date: str, timelines: str, extra: str = "", body: str = "") -> str:
    return (
        f'---\ntitle: "{title}"\ndate: "{date}"\npeople: [ada-lovelace]\n'
        f"countries: [testland]\ntimelines: {timelines}\nsources: [wire]\n{extra}---\n"
        f"{body or 'It happened [@wire].'}\n"
    )


def timeline(title: str, extra: str = "", body: str = "Intro.") -> str:
    return f'---\ntitle: "{title}"\n{extra}---\n{body}\n'


def newsroom(site: Any, files: dict[str, str | None]) -> Path:
    """A site of `files` over conftest's, without its one-story event; built, checked
    whole (links, feeds, JSON-LD, data files, sitemap); its output folder."""
    root: Path = site({"content/events/first.md": None, **files})
    result = build(root)
    assert result.code == 0, result.err
    out = root / "output"
    assert_whole(out)
    return out


def assert_whole(out: Path) -> None:
    """Every internal link resolves; every feed, JSON-LD block and data file parses."""
    broken = []
    for page, href, target, fragment in internal_targets(out):
        if not target.is_file() or not target.is_relative_to(out.resolve()):
            broken.append(f"{page.relative_to(out)}: {href}")
        elif fragment and target.suffix == ".html" and not html(target).find(id=fragment):
            broken.append(f"{page.relative_to(out)}: {href} (no #{fragment})")
    assert not broken, "\n".join(broken)
    for path in out.rglob("feed.xml"):
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.bozo_exception)
    for page in out.rglob("*.html"):
        json_ld(page)
    for path in out.rglob("timeline.json"):
        slides = json.loads(path.read_text(encoding="utf-8"))
        assert all("year" in s["start_date"] for s in slides["events"]), path
    for path in out.rglob("events.ics"):
        ics = path.read_text(encoding="utf-8")
        assert ics.startswith("BEGIN:VCALENDAR") and ics.rstrip().endswith("END:VCALENDAR")
    for path in out.rglob("events.json"):
        json.loads(path.read_text(encoding="utf-8"))
    check_sitemap(out, BASE)


def meta(page: Path) -> str:
    """A timeline's line of counts, span and update (a card's on the front page)."""
    soup = html(page)
    found = soup.select_one(".story-meta") or soup.select_one(".story-header p.muted")
    return " ".join(found.get_text().split())


# -- what a timeline's card and header say ----------------------------------------------------


def test_an_empty_timeline_is_a_warning_and_a_page_that_says_so(site: Any) -> None:
    out = newsroom(
        site,
        {
            "content/timelines/harbour.md": timeline("Harbour", body="See [[nothing-yet]]."),
            "content/timelines/nothing-yet.md": timeline("Nothing yet"),
            "content/events/a.md": event("A", "2024-07-08", "[harbour]"),
        },
    )
    found = run("check", out.parent, "--today", TODAY)
    assert "content/timelines/nothing-yet.md:2:8: warning:" in found.out + found.err
    page = out / "timelines/nothing-yet/index.html"
    assert meta(page) == "0 events."
    soup = html(page)
    assert "No event is in this timeline yet." in soup.select_one("main").get_text()
    assert soup.select_one("figure.overview") is None and not soup.select("#strip-more")
    cards = html(out / "index.html").select("li.story-card")
    assert [meta_of(c) for c in cards] == ["1 event, 2024. Updated 8 July 2024.", "0 events."]
    assert json.loads((page.parent / "timeline.json").read_text("utf-8"))["events"] == []
    # (TimelineJS refuses a file of no events with an error: the page does not offer it)
    offered = [a["href"] for a in soup.select(".story-files a")]
    assert "timeline.json" not in " ".join(offered) and "events.json" in " ".join(offered)
    files = html(out / "timelines/harbour/index.html").select(".story-files a")
    assert "timeline.json" in " ".join(a["href"] for a in files)
    data = json.loads((page.parent / "events.json").read_text("utf-8"))
    assert data["count"] == 0 and data["events"] == []
    assert feedparser.parse((page.parent / "feed.xml").read_bytes()).entries == []
    intro = html(out / "timelines/harbour/index.html").select_one(".story-intro a")
    assert intro["href"] == "../../timelines/nothing-yet/"


def meta_of(card: Any) -> str:
    return " ".join(card.select_one(".story-meta").get_text().split())


def test_a_timeline_of_drafts_and_scheduled_events_counts_what_it_publishes(site: Any) -> None:
    """Its draft event is left out; its scheduled one is listed (with its badge), counted
    in its span, and is no update: the timeline's card has no 'Updated' and comes after
    the timelines with one."""
    out = newsroom(
        site,
        {
            "content/timelines/news.md": timeline("News"),
            "content/timelines/ahead.md": timeline("Ahead"),
            "content/events/a.md": event("A", "2024-07-08", "[news]"),
            "content/events/b.md": event("B", "2024-07-09", "[ahead]", "draft: true\n"),
            "content/events/c.md": event("C", "2027-03-01", "[ahead]", "status: scheduled\n"),
        },
    )
    page = out / "timelines/ahead/index.html"
    assert meta(page) == "1 event, 2027."  # (not '1 events')
    embed = html(page.parent / "embed/index.html").select_one(".embed-header p")
    assert " ".join(embed.get_text().split()).startswith("1 event, 2027.")
    assert [str(li["id"]) for li in html(page).select("li.entry")] == ["c"]
    assert html(page).select_one("li.entry .badge-scheduled")
    cards = html(out / "index.html").select("li.story-card")
    assert [meta_of(c) for c in cards] == ["1 event, 2024. Updated 8 July 2024.", "1 event, 2027."]
    assert not (out / "events/b").exists()


def test_spans_before_the_common_era_and_updates_at_their_precision(site: Any) -> None:
    """A span crossing the eras is written as readers say it; an update is shown at the
    precision it was given ('2025', not '31 December 2025'), and an event known to the
    year or month is no update ('Updated 1 January 476' was made up)."""
    out = newsroom(
        site,
        {
            "content/timelines/rome.md": timeline("Rome", "order: newest\n"),
            "content/timelines/modern.md": timeline("Modern", 'updated: "2025"\n'),
            "content/timelines/months.md": timeline("Months"),
            "content/events/founding.md": event("Founding", "-0753", "[rome]"),
            "content/events/empire.md": event("Empire", "-0027-01", "[rome]"),
            "content/events/fall.md": event("Fall", "0476", "[rome, modern]"),
            "content/events/may.md": event("May", "2024-05", "[modern, months]"),
            "content/events/june.md": event("June", "2024-06", "[months]", 'updated: "2024-07"\n'),
        },
    )
    rome = out / "timelines/rome/index.html"
    assert meta(rome) == "3 events, 753 BCE – 476 CE. Newest first."
    cards = {
        c.select_one("h2").get_text(): meta_of(c)
        for c in html(out / "index.html").select("li.story-card")
    }
    assert list(cards) == ["Modern", "Months", "Rome"]  # newest update first
    assert cards == {
        "Modern": "2 events, 476–2024. Updated 2025.",
        "Months": "2 events, 2024. Updated July 2024.",
        "Rome": "3 events, 753 BCE – 476 CE.",
    }
    time = html(out / "index.html").select_one("li.story-card time")
    assert time["datetime"] == "2025"


# -- a timeline deleted or renamed -------------------------------------------------------------


def tree(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def two_timelines(site: Any) -> Path:
    root: Path = site(
        {
            "content/events/first.md": event("First", "2024-07-08", "[alpha, beta]"),
            "content/events/second.md": event("Second", "2024-07-08", "[beta]"),
            "content/timelines/alpha.md": timeline("Alpha"),
            "content/timelines/beta.md": timeline("Beta"),
        }
    )
    assert build(root).code == 0
    return root


def test_a_deleted_timeline_is_named_by_its_events_until_they_leave_it(
    site: Any, tmp_path: Path
) -> None:
    """Its events' names of it are errors (the output stays the last good build's); once
    they name it no more, its folder, card and links are gone, as in a clean build."""
    root = two_timelines(site)
    (root / "content/timelines/alpha.md").unlink()
    result = build(root)
    assert result.code == 1
    assert "content/events/first.md:6:" in result.err and "[timeline-unknown]" in result.err
    assert (root / "output/timelines/alpha/index.html").is_file()  # (not half an output)
    path = root / "content/events/first.md"
    path.write_text(path.read_text("utf-8").replace("[alpha, beta]", "[beta]"), "utf-8")
    assert build(root).code == 0
    out = root / "output"
    assert not (out / "timelines/alpha").exists()
    assert [a["href"] for a in html(out / "index.html").select("h2 a")] == ["timelines/beta/"]
    assert "timelines/alpha" not in (out / "sitemap.xml").read_text("utf-8")
    assert_whole(out)
    clean = tmp_path / "clean"
    assert build(root, "--output", clean, "--clean").code == 0
    assert tree(out) == tree(clean)


def test_a_renamed_timeline_file_says_which_id_its_events_should_name(
    site: Any, tmp_path: Path
) -> None:
    root = two_timelines(site)
    (root / "content/timelines/beta.md").rename(root / "content/timelines/gamma.md")
    result = run("check", root, "--today", TODAY)
    found = (result.out + result.err).splitlines()
    lines = [line for line in found if "[timeline-unknown]" in line]
    assert len(lines) == 2 and all(
        "no timeline 'beta'" in line and "was it renamed to 'gamma'?" in line for line in lines
    ), lines
    for name in ("first", "second"):
        path = root / f"content/events/{name}.md"
        path.write_text(path.read_text("utf-8").replace("beta]", "gamma]"), "utf-8")
    assert build(root).code == 0
    out = root / "output"
    assert not (out / "timelines/beta").exists() and (out / "timelines/gamma/feed.xml").is_file()
    assert_whole(out)
    clean = tmp_path / "clean"
    assert build(root, "--output", clean, "--clean").code == 0
    assert tree(out) == tree(clean)


# -- sitegen new -------------------------------------------------------------------------------


def test_new_timeline_and_event_refuse_ids_the_build_would_not_read(site: Any) -> None:
    root = site()
    for bad, hint in (
        ("Ukraine-War", "did you mean 'ukraine-war'?"),
        ("krieg_über", "did you mean 'krieg-uber'?"),  # (as slug-invalid renames it)
        ("../evil", "did you mean 'evil'?"),
    ):
        made = run("new", "timeline", bad, "--site", root)
        assert made.code == 2 and "is not a valid timeline id" in made.err, made.err
        assert hint in made.err, made.err
    assert not (root / "content/timelines").exists()
    assert run("new", "timeline", "harbour", "--site", root, "--today", TODAY).code == 0
    # an id written as the editor remembers it: the timeline it means, not 'create Harbour'
    typo = run("new", "event", "later", "--site", root, "--timeline", "Harbour")
    assert typo.code == 2 and "did you mean 'harbour'?" in typo.err, typo.err
    assert "sitegen new timeline Harbour" not in typo.err
    # an event may not take a timeline's id, with or without --timeline (slug-duplicate)
    for extra in ((), ("--timeline", "harbour")):
        clash = run("new", "event", "harbour", "--site", root, *extra)
        assert clash.code == 2 and "a timeline is already called 'harbour'" in clash.err
    assert not list((root / "content/events").rglob("later.md"))
    assert not list((root / "content/events").rglob("harbour.md"))
    # a timeline the build reads under another name is one that exists
    (root / "content/timelines/bridge.markdown").write_text(timeline("Bridge"), "utf-8")
    (root / "content/timelines/archive").mkdir()
    (root / "content/timelines/archive/ferry.md").write_text(timeline("Ferry"), "utf-8")
    for slug, where in (("bridge", "bridge.markdown"), ("ferry", "archive/ferry.md")):
        again = run("new", "timeline", slug, "--site", root)
        assert again.code == 2 and f"content/timelines/{where} already exists" in again.err
    assert not (root / "content/timelines/bridge.md").exists()
    (root / "content/events/2024").mkdir(parents=True)
    (root / "content/events/2024/vote.markdown").write_text(event("Vote", "2024", "[]"), "utf-8")
    clash = run("new", "timeline", "vote", "--site", root)
    assert clash.code == 2 and "an event is already called 'vote'" in clash.err, clash.err


# -- a one-story site becomes a newsroom -------------------------------------------------------


def test_a_site_converted_to_timelines_keeps_the_embed_address_articles_use(
    site: Any, tmp_path: Path
) -> None:
    """A one-story site's articles embed /embed/ (and deep-link /embed/#slug). Once the site
    has timelines, / is the front page; /embed/ stays: with one timeline, that timeline's
    embed, its events at their anchors; with several, the list of them, links opening
    outside the frame. The site-wide files still cover every event."""
    root: Path = site({"content/events/second.md": event("Second", "2024-07-08", "[]")})
    for path in (root / "content/events").glob("*.md"):  # (a one-story site)
        path.write_text(path.read_text("utf-8").replace("timelines: []\n", ""), "utf-8")
    assert build(root).code == 0
    out = root / "output"
    assert {str(li["id"]) for li in html(out / "embed/index.html").select("li.entry")} == {
        "first",
        "second",
    }
    (root / "content/timelines").mkdir()
    (root / "content/timelines/main.md").write_text(timeline("Main story"), "utf-8")
    for path in (root / "content/events").glob("*.md"):
        text = path.read_text("utf-8").replace("sources:", "timelines: [main]\nsources:", 1)
        path.write_text(text, "utf-8")
    assert build(root).code == 0
    assert [a["href"] for a in html(out / "index.html").select("h2 a")] == ["timelines/main/"]
    embed = html(out / "embed/index.html")
    assert {str(li["id"]) for li in embed.select("li.entry")} == {"first", "second"}
    assert embed.find("link", rel="canonical")["href"] == BASE + "timelines/main/"
    assert embed.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert_whole(out)
    (root / "content/timelines/other.md").write_text(timeline("Other story"), "utf-8")
    path = root / "content/events/second.md"
    path.write_text(path.read_text("utf-8").replace("[main]", "[main, other]"), "utf-8")
    assert build(root).code == 0
    embed = html(out / "embed/index.html")
    assert [a["href"] for a in embed.select("h2 a")] == [
        "../timelines/main/",
        "../timelines/other/",
    ]
    assert embed.select_one("base")["target"] == "_top" and "page-embed" in embed.body["class"]
    assert embed.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert BASE + "embed/" not in (out / "sitemap.xml").read_text("utf-8")
    assert len(feedparser.parse((out / "feed.xml").read_bytes()).entries) == 2
    assert_whole(out)
    clean = tmp_path / "clean"
    assert build(root, "--output", clean, "--clean").code == 0
    assert tree(out) == tree(clean)


def test_a_timeline_updated_after_today_is_a_typo_to_correct(site: Any) -> None:
    """`updated: "2062-07-08"` (for 2026) would head the front page for 36 years."""
    root: Path = site(
        {
            "content/events/first.md": event("First", "2024-07-08", "[main]"),
            "content/timelines/main.md": timeline("Main", 'updated: "2062-07-08"\n'),
        }
    )
    found = run("check", root, "--today", TODAY)
    (line,) = [x for x in (found.out + found.err).splitlines() if "[date-future]" in x]
    assert line.startswith("content/timelines/main.md:3:10: error:"), line
    assert "updated after today (2026-11-27)" in line
    assert build(root).code == 1  # (a publishing check: build refuses it, as an event's)
    today = run("check", root, "--today", "2062-07-08")
    assert "[date-future]" not in today.out + today.err


HELD_BACK = {
    "content/timelines/pub.md": timeline("Pub"),
    "content/timelines/later.md": timeline("Later", "draft: true\n"),
    "content/events/a.md": event(
        "A", "2024-07-08", "[pub]", "related: [b]\n", "It happened [@wire]; then [[b]]."
    ),
    # only in the draft timeline: prepared for its launch, TODO text and no source yet
    "content/events/b.md": (
        '---\ntitle: "Boatyard fire"\nsummary: "TODO: one sentence"\ndate: "2024-07-09"\n'
        "people: [ada-lovelace]\ncountries: [testland]\ntimelines: [later]\n---\n"
        "The boatyard burned.\n"
    ),
    "content/events/c.md": event("C", "2024-07-08", "[later, pub]", "order: 2\n"),
}


def test_an_event_only_in_draft_timelines_is_held_back_as_a_draft(site: Any) -> None:
    """A newsroom prepares a story in a draft timeline: its events wait with it (b), as
    draft events do (not built, their to-dos warnings), unless also in a published
    timeline (c); a published event's link to one is plain text, as to a draft event."""
    root: Path = site({"content/events/first.md": None, **HELD_BACK})
    checked = run("check", root, "--today", TODAY)
    assert checked.code == 0, checked.out + checked.err
    warned = sorted(x.split(": ", 2)[1:] for x in checked.out.splitlines() if "events/b" in x)
    assert [w[0] for w in warned] == ["warning", "warning"], warned
    assert "[placeholder]" in warned[0][1] + warned[1][1]
    assert "[source-missing]" in warned[0][1] + warned[1][1]
    # (its fix is its timeline's launch: it is not published already, draft: true or not)
    (todo,) = [w[1] for w in warned if w[1].endswith("[placeholder]")]
    assert todo.startswith("the summary is placeholder text; write it before its timeline is ")
    assert "published (content/timelines/later.md has draft: true)" in todo
    result = build(root)
    assert result.code == 0, result.err
    out = root / "output"
    assert_whole(out)
    assert sorted(p.name for p in (out / "events").iterdir()) == ["a", "c"]
    assert not (out / "timelines/later").exists()
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert sorted(e.title for e in feed.entries) == ["A", "C"]
    sitemap = check_sitemap(out, BASE)
    assert f"{BASE}events/c/" in sitemap and not any("events/b/" in u for u in sitemap)
    records = load_index(out)
    assert "events/b/" not in [r[3] for r in records] and "events/c/" in [r[3] for r in records]
    for name in ("events.json", "timeline.json", "events.ics", "timelines/pub/events.json"):
        text = (out / name).read_text(encoding="utf-8")
        assert "Boatyard" not in text and "events/b/" not in text, name
    page = html(out / "events/a/index.html")
    assert "then b." in " ".join(page.select_one(".prose").get_text().split())
    assert [a["href"] for a in page.select("a[href*='/b/']")] == []  # (no link, no related)
    person = html(out / "people/ada-lovelace/index.html")
    groups = [" ".join(h.get_text().split()) for h in person.select("h3.story-group")]
    assert groups == ["Pub (2)"]  # (none "In no published timeline")
    # the preview build shows it, marked a draft, and the link to it
    drafts = root / "drafts"
    assert build(root, "--drafts", "--output", drafts).code == 0
    shown = html(drafts / "events/b/index.html")
    assert shown.select_one(".event-date .badge-draft") is not None
    assert html(drafts / "events/c/index.html").select_one(".event-date .badge-draft") is None
    link = html(drafts / "events/a/index.html").select_one(".prose a[href='../b/']")
    assert link is not None and link.get_text() == "Boatyard fire"


def test_a_link_to_a_page_not_published_is_a_warning_that_says_what_holds_it(
    site: Any,
) -> None:
    """A [[link]] in a published page to a held-back event (its every timeline a draft),
    a draft event or a draft timeline is plain text in the built page: the editor is
    told (link-draft), with what holds the target back, and --strict refuses it; a
    preview links them. A draft timeline's introduction may link its held-back events."""
    root: Path = site(
        {
            **HELD_BACK,
            "content/events/first.md": None,
            "content/events/a.md": event("A", "2024-07-08", "[pub]", body="[[b]], [[d]] [@wire]."),
            "content/events/d.md": event("D", "2024-07-09", "[pub]", "draft: true\n"),
            "content/timelines/pub.md": timeline("Pub", body="Soon: [[later]]."),
            "content/timelines/later.md": timeline("Later", "draft: true\n", "See [[b]]."),
        }
    )
    result = build(root)
    assert result.code == 0, result.err
    warned = sorted(x for x in result.err.splitlines() if x.endswith("[link-draft]"))
    assert [w.split(": ")[:2] for w in warned] == [
        ["content/events/a.md:9:1", "warning"],
        ["content/events/a.md:9:8", "warning"],
        ["content/timelines/pub.md:4:7", "warning"],
    ], warned
    assert (
        "held back because every timeline it is in is a draft: publish its timeline "
        "(remove draft: true from content/timelines/later.md)" in warned[0]
    )
    assert "a draft event: publish it (remove draft: true from content/events/d.md)" in warned[1]
    assert "a draft timeline: publish it" in warned[2]
    page = html(root / "output/events/a/index.html")
    assert " ".join(page.select_one(".prose").get_text().split()).startswith("b, d")
    assert page.select(".prose a:not([href^='#source-'])") == []
    assert build(root, "--strict").code == 1
    assert build(root, "--drafts").code == 0
    page = html(root / "output/events/a/index.html")
    assert [a["href"] for a in page.select(".prose a:not([href^='#source-'])")] == [
        "../b/",
        "../d/",
    ]


def test_a_published_timeline_publishes_its_held_back_events(site: Any, tmp_path: Path) -> None:
    """The launch: removing `draft: true` from the timeline publishes its events (an
    incremental build, as a clean one has it); a published event's TODO text is then an
    error, and build refuses it until it is written."""
    root: Path = site({"content/events/first.md": None, **HELD_BACK})
    out = root / "output"
    assert build(root).code == 0
    story = root / "content/timelines/later.md"
    story.write_text(story.read_text("utf-8").replace("draft: true\n", ""), "utf-8")
    refused = build(root)
    assert refused.code == 1
    errors = sorted(x for x in refused.err.splitlines() if ": error: " in x)
    where = [e.split(": ")[0] for e in errors]
    assert where == ["content/events/b.md:2:8", "content/events/b.md:3:10"]
    assert "[source-missing]" in errors[0] and "[placeholder]" in errors[1], errors
    assert not (out / "events/b").exists()  # (nothing written)
    bee = root / "content/events/b.md"
    text = bee.read_text("utf-8").replace("TODO: one sentence", "A fire.")
    bee.write_text(text.replace("burned.", "burned [@wire]."), "utf-8")
    assert build(root).code == 0
    assert (out / "events/b/index.html").is_file() and (out / "timelines/later").is_dir()
    link = html(out / "events/a/index.html").select_one(".prose a[href='../b/']")
    assert link is not None
    clean = tmp_path / "clean"
    assert build(root, "--output", clean, "--clean").code == 0
    assert tree(out) == tree(clean)
    story.write_text(story.read_text("utf-8").replace("---\ntitle", "---\ndraft: true\ntitle"))
    assert build(root).code == 0  # (back to a draft: held back again, as a clean build)
    assert not (out / "events/b").exists()
    assert build(root, "--output", clean, "--clean").code == 0
    assert tree(out) == tree(clean)


def test_a_draft_event_in_no_timeline_is_listed_apart_under_drafts(site: Any) -> None:
    """A preview shows a draft that names no timeline yet (as `sitegen new event` writes
    it): on its person's page it is listed last, unlinked, under its own heading."""
    root: Path = site(
        {
            "content/events/first.md": None,
            "content/timelines/pub.md": timeline("Pub"),
            "content/events/a.md": event("A", "2024-07-08", "[pub]"),
            "content/events/b.md": event("B", "2024-07-08", "[]", "order: 2\ndraft: true\n"),
        }
    )
    assert build(root, "--drafts").code == 0
    out = root / "output"
    person = html(out / "people/ada-lovelace/index.html")
    groups = [" ".join(h.get_text().split()) for h in person.select("h3.story-group")]
    assert groups == ["Pub (1)", "In no published timeline (1)"]
    assert person.select("h3.story-group")[1].find("a") is None  # (no page to link to)
    titles = [t.get_text() for t in person.select("figure.overview a title")]
    assert sorted(titles) == ["8 July 2024: A (Pub)", "8 July 2024: B"]
    cited = [
        " ".join(p.get_text().split()) for p in html(out / "sources/index.html").select("p.muted")
    ]
    assert "Cited in no published timeline (1): B" in cited, cited


def test_a_source_cited_only_by_a_timelines_introduction_is_used(site: Any) -> None:
    book = (
        'book:\n  title: "A history of the harbour"\n  publisher: "Press"\n'
        '  url: "https://example.org/book"\n  published: "2020"\n'
    )
    root: Path = site(
        {
            "content/sources.yaml": BASE_SOURCES + book,
            "content/events/first.md": event("First", "2024-07-08", "[main]"),
            "content/timelines/main.md": timeline("Main", body="Background [@book]."),
        }
    )
    found = run("check", root, "--today", TODAY)
    assert "[source-unused]" not in found.out + found.err, found.out + found.err
    assert build(root).code == 0
    intro = html(root / "output/timelines/main/index.html").select_one("#source-1")
    assert "A history of the harbour" in intro.get_text()


def test_the_preview_follows_a_deleted_timeline(site: Any) -> None:
    """`sitegen serve`: deleting a timeline's file keeps the last good site, saying which
    events name it; once they do not, its page is gone and nothing names it."""
    from tests.test_serve import LiveReloadClient, get, preview

    root = two_timelines(site)
    with preview(root) as server:
        client = LiveReloadClient(server)
        try:
            assert get(server, "/timelines/alpha/")[0] == 200
            (root / "content/timelines/alpha.md").unlink()
            client.next()
            status, body, _ = get(server, "/")
            assert status == 200 and "[timeline-unknown]" in body, body[-2000:]
            path = root / "content/events/first.md"
            path.write_text(path.read_text("utf-8").replace("[alpha, beta]", "[beta]"), "utf-8")
            client.next()
            assert get(server, "/timelines/alpha/")[0] == 404
            for page in ("/", "/events/first/", "/people/ada-lovelace/"):
                assert "Alpha" not in get(server, page)[1], page
        finally:
            client.close()


# -- an event in five timelines -----------------------------------------------------------------


def assert_holds(folder: Path, slug: str) -> None:
    """A timeline's feed, slides and data hold the event."""
    feed = feedparser.parse((folder / "feed.xml").read_bytes())
    assert BASE + f"events/{slug}/" in [e.link for e in feed.entries], folder
    slides = json.loads((folder / "timeline.json").read_text("utf-8"))
    assert slug in [s["unique_id"] for s in slides["events"]], folder
    data = json.loads((folder / "events.json").read_text("utf-8"))
    assert slug in [e["slug"] for e in data["events"]], folder
    assert (folder / "search.json").is_file()


def href(soup: Any, selector: str) -> str | None:
    found = soup.select_one(selector)
    return None if found is None else str(found["href"])


def test_an_event_in_five_timelines(site: Any) -> None:
    """Its page names the five (in its order) and steps through each; its person's page
    has five groups; each timeline's page, feed, slides, data and search scope hold it.
    Ids of digits and of a year ('2024') are ids like any other."""
    ids = ["2024", "war", "t-1", "peace-talks", "z9"]
    files: dict[str, str | None] = {
        f"content/timelines/{t}.md": timeline(f"Story {t}", "order: newest\n" if t == "war" else "")
        for t in ids
    }
    files["content/events/hub.md"] = event("Hub", "2024-07-08", f"[{', '.join(ids)}]")
    files["content/events/before.md"] = event("Before", "2024-07-01", "[war, t-1]")
    files["content/events/after.md"] = event("After", "2024-07-09", "[war, z9, 2024]")
    out = newsroom(site, files)
    hub = html(out / "events/hub/index.html")
    assert [a["href"] for a in hub.select(".in-stories a")] == [
        f"../../timelines/{t}/#hub" for t in ids
    ]
    pagers = {
        p["aria-label"].rsplit(" ", 1)[1]: (href(p, "a[rel=prev]"), href(p, "a[rel=next]"))
        for p in hub.select("nav.pager-story")
    }
    assert pagers == {  # (previous and next in time, whatever a timeline's order)
        "2024": (None, "../after/"),
        "war": ("../before/", "../after/"),
        "t-1": ("../before/", None),
        "z9": (None, "../after/"),
    }  # (alone in peace-talks: no pager, not an empty one under a rule)
    person = html(out / "people/ada-lovelace/index.html")
    groups = [" ".join(h.get_text().split()) for h in person.select("h3.story-group")]
    assert groups == [
        "Story 2024 (2)", "Story peace-talks (1)", "Story t-1 (2)", "Story war (3)", "Story z9 (2)"
    ]  # fmt: skip
    assert person.select_one("#person-events").get_text() == "Events (3)"
    war = html(out / "timelines/war/index.html")
    assert [str(li["id"]) for li in war.select("li.entry")] == ["after", "hub", "before"]
    assert [h["id"] for h in war.select("h2.year-marker")] == ["year-2024"]
    for t in ids:
        assert_holds(out / "timelines" / t, "hub")
    records = json.loads((out / "events.json").read_text("utf-8"))["events"]
    assert next(e for e in records if e["slug"] == "hub")["timelines"] == ids


def test_site_yaml_fields_of_the_one_story_are_said_to_be_unused(site: Any) -> None:
    """A site converted from one story keeps site.yaml's order: newest, byline and
    updated; with timelines they do nothing, and the check says where they go."""
    root: Path = site(
        {
            "content/site.yaml": BASE_FILES["content/site.yaml"]
            + 'order: newest\nbyline: "Ada Reporter"\nupdated: "2024-07-08"\n',
            "content/events/first.md": event("First", "2024-07-08", "[main]"),
            "content/timelines/main.md": timeline("Main"),
        }
    )
    found = run("check", root, "--today", TODAY)
    lines = [x for x in (found.out + found.err).splitlines() if "[timeline-site-field]" in x]
    assert [x.split(": warning: ")[0] for x in lines] == [
        "content/site.yaml:3:8",
        "content/site.yaml:4:9",
        "content/site.yaml:5:10",
    ], lines
    assert "write 'order:' in each timeline's file" in lines[0]
    assert found.code == 0
    ignored = BASE_FILES["content/site.yaml"] + "order: newest\nignore: [timeline-site-field]\n"
    (root / "content/site.yaml").write_text(ignored, "utf-8")
    quiet = run("check", root, "--today", TODAY)
    assert "[timeline-site-field]" not in quiet.out + quiet.err


def test_a_share_cards_span_says_the_years_as_the_pages_do() -> None:
    """The card of a timeline from 753 BCE said '754 BCE' (the year numbered as
    historians do, -753, taken for an astronomical one)."""
    from types import SimpleNamespace

    from sitegen import sharecards

    def events(*years: int) -> Any:
        return [SimpleNamespace(date=SimpleNamespace(year=y)) for y in years]

    assert sharecards._line(events(-753, -27, 476)) == "3 events, 753 BCE – 476 CE"
    assert sharecards._line(events(-13_800_000_000, 2024)) == (
        "2 events, 13.8 billion years ago – 2024"
    )
    assert sharecards._line(events(2023, 2024)) == "2 events, 2023–2024"
    assert sharecards._line(events(2024)) == "1 event, 2024"


def test_a_new_event_without_timeline_is_a_to_do_not_a_broken_build(site: Any) -> None:
    """`sitegen new event` writes a draft; on a site with timelines, without --timeline,
    the build still works (a warning lists the to-do, as for its missing source) until it
    is published."""
    root: Path = site(
        {
            "content/events/first.md": event("First", "2024-07-08", "[main]"),
            "content/timelines/main.md": timeline("Main"),
        }
    )
    made = run("new", "event", "later", "--site", root, "--today", TODAY)
    assert made.code == 0, made.err
    result = build(root)
    assert result.code == 0, result.err
    (path,) = (root / "content/events").rglob("later.md")
    found = run("check", root, "--today", TODAY)
    assert f"{path.relative_to(root).as_posix()}:2:" in found.out + found.err
    assert "warning: the site has timelines, and this event names none" in found.out + found.err
    path.write_text(path.read_text("utf-8").replace("draft: true\n", ""), "utf-8")
    published = run("check", root, "--today", TODAY)
    assert (
        "error: the site has timelines, and this event names none" in published.out + published.err
    )


def test_an_unknown_timeline_written_as_editors_do_says_which_is_meant(site: Any) -> None:
    root: Path = site(
        {
            "content/events/first.md": event("First", "2024-07-08", '[Harbour, harbour_2024, ""]'),
            "content/timelines/harbour.md": timeline("Harbour"),
            "content/timelines/harbour-2024.md": timeline("Harbour, 2024"),
        }
    )
    found = run("check", root, "--today", TODAY)
    lines = [x for x in (found.out + found.err).splitlines() if "[timeline-unknown]" in x]
    assert len(lines) == 3, lines
    assert (
        "no timeline 'Harbour' (content/timelines/Harbour.md); did you mean 'harbour'?" in lines[0]
    )
    assert "did you mean 'harbour-2024'?" in lines[1]
    assert "an empty timeline id in timelines; write one of harbour, harbour-2024" in lines[2]
    assert "content/timelines/.md" not in lines[2]


def test_an_introduction_links_every_kind_and_cites_its_sources(site: Any) -> None:
    out = newsroom(
        site,
        {
            "content/timelines/rome.md": timeline(
                "Rome",
                body=(
                    "From [[founding]] [@wire], with [[ada-lovelace]] in [[testland]]; "
                    "see [[modern]] and [[timelines/modern|the modern story]]."
                ),
            ),
            "content/timelines/modern.md": timeline("Modern"),
            "content/events/founding.md": event("Founding", "-0753", "[rome]"),
            "content/events/today.md": event(
                "Today", "2024-07-08", "[modern]", body="See [[rome]]."
            ),
        },
    )
    intro = html(out / "timelines/rome/index.html").select_one(".story-intro")
    links = {a.get_text(): str(a["href"]) for a in intro.find_all("a") if a.get_text() != "1"}
    assert links == {
        "Founding": "../../events/founding/",
        "Ada Lovelace": "../../people/ada-lovelace/",
        "Testland": "../../countries/testland/",
        "Modern": "../../timelines/modern/",
        "the modern story": "../../timelines/modern/",
    }
    assert intro.select_one("sup > a")["href"] == "#source-1"
    page = html(out / "timelines/rome/index.html")
    assert "A wire report" in page.select_one("#source-1").get_text()
    body = html(out / "events/today/index.html").select_one(".prose a")
    assert (body.get_text(), body["href"]) == ("Rome", "../../timelines/rome/")


def test_a_converted_sites_year_pages_send_readers_on_to_its_timelines(tmp_path: Path) -> None:
    """A one-story site of 250 events had year pages (years/1990/, …, and their embed/)
    that articles and readers link to. Converted to timelines, each old address is still
    a page, which sends the reader on to the timeline that lists most of its events, at
    its page that lists the first of them: not indexed, canonical to it, a meta refresh
    (years.js keeps ?embed and #slug: test_embed_large_browser), links to each timeline.
    The conversion's incremental build writes what a clean one does."""
    from tests.test_embed_large_browser import in_a_timeline
    from tests.test_reader_large import entry_ids, generated

    root = generated(tmp_path / "site", 250)
    assert build(root).code == 0
    out = root / "output"
    old = sorted(p.relative_to(out).as_posix() for p in (out / "years").rglob("index.html"))
    assert len(old) > 10 and "years/2000/embed/index.html" in old
    moving = sorted(entry_ids(html(out / "years/2000/index.html")))
    in_a_timeline(root)
    (root / "content/timelines/other.md").write_text(timeline("Other"), "utf-8")
    for slug in moving:  # (the events of one old page: in the other timeline alone)
        (path,) = (root / "content/events").rglob(f"{slug}.md")
        text = path.read_text("utf-8").replace("timelines: [big]", "timelines: [other]")
        path.write_text(text, "utf-8")
    result = build(root)
    assert result.code == 0, result.err
    assert [p for p in old if not (out / p).is_file()] == []
    page = html(out / "years/2000/index.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find("link", rel="canonical")["href"].endswith("/timelines/other/")
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert refresh.startswith("0; url=../../timelines/other/#")
    target = refresh.split("url=../../", 1)[1]
    assert html(out / target.split("#")[0] / "index.html").find(id=target.split("#")[1])
    assert [a["href"] for a in page.select("main a")] == ["../../timelines/other/"]
    page = html(out / "years/1994/index.html")
    assert page.find("link", rel="canonical")["href"].endswith("/timelines/big/years/1994/")
    assert "1994" in page.select_one("h1").get_text()
    embed = html(out / "years/1994/embed/index.html")
    assert embed.find("link", rel="canonical")["href"].endswith("/timelines/big/years/1994/")
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert "/timelines/big/years/1994/<" in sitemap and "/bench/years/" not in sitemap
    clean = tmp_path / "clean"
    assert build(root, "--output", clean, "--clean").code == 0
    assert tree(out) == tree(clean)


def test_the_storys_picture_is_its_timelinejs_title_slides_media(site: Any) -> None:
    """TimelineJS shows the title slide's media beside the headline: a timeline with a
    picture gives it there (address, alt, credit, caption), as its events' slides do."""
    picture = (
        'image:\n  src: "https://cdn.example.org/p.jpg"\n  alt: "Ships at anchor"\n'
        '  credit: "Photo: Zoë & Co"\n'
        '  caption: "Odesa, <2022>"\n'
    )
    out = newsroom(
        site,
        {
            "content/timelines/grain-2022.md": timeline("Grain", picture),
            "content/timelines/9.md": timeline("Nine"),
            "content/events/e.md": event("E", "2022-07-22", "[grain-2022, 9]"),
        },
    )
    title = json.loads((out / "timelines/grain-2022/timeline.json").read_text("utf-8"))["title"]
    assert title["media"] == {
        "url": "https://cdn.example.org/p.jpg",
        "alt": "Ships at anchor",
        "credit": "Photo: Zoë &amp; Co",
        "caption": "Odesa, &lt;2022&gt;",
    }
    plain = json.loads((out / "timelines/9/timeline.json").read_text("utf-8"))["title"]
    assert "media" not in plain


def test_a_timelines_feed_credits_its_byline_and_update(site: Any) -> None:
    """A feed reader shows the feed's author: the story's byline (a name or a list), as
    the timeline's page does; without one, and for the site's feed, the site's title."""
    out = newsroom(
        site,
        {
            "content/timelines/one.md": timeline(
                "One", 'byline: "Zoë & Ann"\nupdated: "2024-03-01"\n'
            ),
            "content/timelines/two-2.md": timeline("Two", "byline: [Ann Reporter, Bo Editor]\n"),
            "content/timelines/3.md": timeline("Three"),
            "content/events/e.md": event("E", "2022-07-22", "[one, two-2, 3]"),
        },
    )

    def authors(path: Path) -> list[str]:
        return [a["name"] for a in feedparser.parse(path.read_bytes()).feed.authors]

    assert authors(out / "timelines/one/feed.xml") == ["Zoë & Ann"]
    # its `updated`, later than its events, is the feed's (the card's "Updated 1 March 2024")
    one = feedparser.parse((out / "timelines/one/feed.xml").read_bytes()).feed
    assert one.updated.startswith("2024-03-01")
    assert "Updated 1 March 2024" in meta(out / "timelines/one/index.html")
    three = feedparser.parse((out / "timelines/3/feed.xml").read_bytes()).feed
    assert three.updated.startswith("2022-07-22")  # no `updated`: its newest event's date
    assert authors(out / "timelines/two-2/feed.xml") == ["Ann Reporter", "Bo Editor"]
    title = authors(out / "feed.xml")
    assert authors(out / "timelines/3/feed.xml") == title and title != []


def test_the_strips_caption_spans_a_days_first_and_last_events_as_listed(site: Any) -> None:
    """A timeline of one day: its strip's caption says from the event the list shows first
    to the one it shows last (by time and `order`), not the first and last by file name;
    a day of untimed events is named once, not 'from 5 August to 5 August'."""
    out = newsroom(
        site,
        {
            "content/timelines/day.md": timeline("The day"),
            "content/timelines/calm.md": timeline("Calm"),
            "content/events/a-reopens.md": event(
                "Reopens", "2024-08-05", "[day]", 'time: "21:00"\n'
            ),
            "content/events/b-ships.md": event(
                "Ships", "2024-08-05", "[day]", 'time: "09:30"\nend_time: "11:00"\n'
            ),
            "content/events/z-crowd.md": event("Crowd", "2024-08-05", "[day, calm]", "order: 1\n"),
            "content/events/y-talk.md": event("Talk", "2024-08-05", "[day, calm]", "order: 2\n"),
        },
    )
    page = html(out / "timelines/day/index.html")
    listed = [li["id"] for li in page.select("#timeline li.entry")]
    assert listed == ["z-crowd", "y-talk", "b-ships", "a-reopens"]
    caption = page.select_one("figure.overview figcaption").get_text()
    assert caption.startswith("4 events, from 5 August 2024 to 5 August 2024, 21:00 UTC.")
    calm = html(out / "timelines/calm/index.html").select_one("figure.overview figcaption")
    assert calm.get_text().startswith("2 events, 5 August 2024.")
