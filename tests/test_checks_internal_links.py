"""A Markdown link to an address inside the site (`[the summit](../summit-2024/)`,
`/t/events/x/`, `report.pdf`) is followed from its page as a reader's browser would, with
base_url's path: one that leads to no page or file the build makes is a warning
(link-unknown) at the link, with the page it may have meant; one that leads to a page the
build leaves out (a draft) is link-draft, as a `[[link]]` to it is. External links are
--check-links' (tests/test_checks_links.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from tests.conftest import TODAY, build, run

Site = Callable[..., Path]


def event(title: str, body: str, extra: str = "") -> str:
    return (
        "---\n"
        f'title: "{title}"\n'
        'date: "2024-07-08"\n'
        "people: [ada-lovelace]\n"
        "countries: [testland]\n"
        "sources: [wire]\n"
        f"{extra}"
        "---\n"
        f"{body}\n"
    )


def events_over_years(count: int, first: int = 0, extra: str = "") -> dict[str, str | bytes | None]:
    """`count` events e{n}.md from number `first`, each in 1990 + n % 30: enough of them
    (past yearpages.LARGE) for a list or a timeline to be split into year pages."""
    return {
        f"content/events/e{n}.md": event(f"Event {n}", "It happened [@wire].", extra).replace(
            "2024-07-08", f"{1990 + n % 30}-07-08"
        )
        for n in range(first, first + count)
    }


def check(root: Path, *extra: str) -> tuple[int, list[str]]:
    """The exit status and the link diagnostics `sitegen check` prints."""
    result = run("check", root, "--today", TODAY, *extra)
    assert "Traceback" not in result.out + result.err
    lines = result.out.splitlines()
    return result.code, [x for x in lines if x.endswith(("[link-unknown]", "[link-draft]"))]


def test_a_mistyped_link_inside_the_site_is_reported_where_it_is_with_the_page_meant(
    site: Site,
) -> None:
    root = site(
        {
            "content/events/summit.md": event("The summit", "It met [@wire]."),
            "content/events/first.md": event(
                "The first event", "It happened [@wire].\n\nBefore [the summit](../sumit/)."
            ),
        }
    )
    code, found = check(root)
    assert code == 0
    assert found == [
        "content/events/first.md:10:21: warning: link '../sumit/' leads to "
        "/t/events/sumit/, which this site does not publish; did you mean 'summit'? "
        "write [[summit]], which sitegen checks [link-unknown]"
    ]
    code, found = check(root, "--strict")
    assert code == 1 and found[0].startswith("content/events/first.md:10:21: error: ")


def test_links_that_lead_to_pages_and_files_the_build_makes_are_silent(site: Site) -> None:
    body = (
        "It happened [@wire]. [Next](../second/), [next again](../second), "
        "[its notes](../second/#notes), [filtered](../second/?from=feed#top),\n"
        "[Ada](../../people/ada-lovelace/), [Testland](/t/countries/testland/), "
        "[the report](/t/files/report%202024.pdf), [also](../../files/report%202024.pdf), "
        "[home](../../), [the feed](/t/feed.xml), [people](../../people/), "
        "[above](#top), [the sources](/t/sources/), [elsewhere on the host](/about/),\n"
        "[the card](/t/og/site.png), [search](/t/search/index.json).\n\n"
        "[Defined][def] below.\n\n"
        "[def]: ../second/index.html"
    )
    root = site(
        {
            "content/events/first.md": event("The first event", body),
            "content/events/second.md": event("The second event", "Then [back](../first/)."),
            "content/people/ada-lovelace.md": (
                '---\nname: "Ada Lovelace"\ncountry: testland\n---\n'
                "She saw [the first event](../../events/first/#top).\n"
            ),
            "static/files/report 2024.pdf": "%PDF",
        }
    )
    assert check(root) == (0, [])


def test_a_link_written_from_the_host_root_without_the_sites_folder_is_reported(
    site: Site,
) -> None:
    """base_url https://example.org/t/: `/people/ada-lovelace/` leads out of /t/; on a
    site published at the host's root the same link is right."""
    body = "It happened [@wire]. See [Ada](/people/ada-lovelace/)."
    root = site({"content/events/first.md": event("The first event", body)})
    found = check(root)[1]
    assert [x.split(": warning: ")[0] for x in found] == ["content/events/first.md:8:32"]
    assert "write '/t/people/ada-lovelace/'" in found[0]
    (root / "content/site.yaml").write_text(
        'title: "Test timeline"\nbase_url: "https://example.org/"\n', "utf-8"
    )
    assert check(root) == (0, [])


def test_a_link_to_a_draft_event_says_what_holds_it_back(site: Site) -> None:
    """As a [[link]] to it (link-draft); from a draft page, which waits with it, nothing."""
    root = site(
        {
            "content/events/first.md": event(
                "The first event", "It happened [@wire]; [the inquiry](../inquiry/) follows."
            ),
            "content/events/inquiry.md": event("The inquiry", "Opened [@wire].", "draft: true\n"),
            "content/events/later.md": event(
                "Later", "Then [the inquiry](../inquiry/) [@wire].", "draft: true\n"
            ),
        }
    )
    code, found = check(root)
    assert code == 0
    assert found == [
        "content/events/first.md:8:36: warning: link '../inquiry/' leads to a draft event: "
        "publish it (remove draft: true from content/events/inquiry.md); until then readers "
        "who follow it find no page (a [[link]] shows its words as plain text until then; if "
        "the link is meant to wait, ignore link-draft) [link-draft]"
    ]
    assert check(root, "--strict")[0] == 1


def test_page_bodies_are_followed_from_their_own_folder(site: Site) -> None:
    """A biography, a country's notes and a timeline's introduction link from
    people/x/, countries/x/ and timelines/x/; a Markdown file's name or another folder
    is answered with the page's [[slug]]."""
    root = site(
        {
            "content/people/ada-lovelace.md": (
                '---\nname: "Ada Lovelace"\ncountry: testland\n---\n'
                "She saw [it](../events/first/) and [this](first.md).\n"
            ),
            "content/countries/testland.md": (
                '---\nname: "Testland"\niso: FR\n---\nSee [her](../../people/ada-lovelace/).\n'
            ),
        }
    )
    found = check(root)[1]
    assert [x.split(": warning: ")[0] for x in found] == [
        "content/people/ada-lovelace.md:5:14",
        "content/people/ada-lovelace.md:5:43",
    ]
    assert "leads to /t/people/events/first/" in found[0]
    assert "'first' is the event at events/first/: write [[first]]" in found[0]
    assert "leads to /t/people/ada-lovelace/first.md" in found[1]


def test_an_edit_that_breaks_a_link_is_reported_by_the_next_check(site: Site) -> None:
    """The body alone changed, so the load reuses what it can: the new address is still
    followed (and one mended is no longer reported)."""
    root = site({"content/events/second.md": event("The second event", "Then [@wire].")})
    assert check(root) == (0, [])
    path = root / "content/events/first.md"
    text = path.read_text("utf-8")
    path.write_text(text.replace("[@wire].", "[@wire], before [the next](../secnd/)."), "utf-8")
    found = check(root)[1]
    assert [x.split(": warning: ")[0] for x in found] == ["content/events/first.md:9:63"]
    path.write_text(text.replace("[@wire].", "[@wire], before [the next](../second/)."), "utf-8")
    assert check(root) == (0, [])


def test_a_timelines_introduction_links_from_its_folder_and_a_file_from_static(
    site: Site,
) -> None:
    """timelines/harbour/ is the introduction's page: `../../events/first/` is right;
    `report.pdf` from there is not static/report.pdf, and the message says where that is."""
    root = site(
        {
            "content/events/first.md": event(
                "The first event", "It happened [@wire].", "timelines: [harbour]\n"
            ),
            "content/timelines/harbour.md": (
                '---\ntitle: "The harbour"\n---\n'
                "It began with [the first event](../../events/first/); read [the report]"
                "(report.pdf), [the feed](feed.xml) and [the same](/t/report.pdf).\n"
            ),
            "static/report.pdf": "%PDF",
        }
    )
    found = check(root)[1]
    assert found == [
        "content/timelines/harbour.md:4:73: warning: link 'report.pdf' leads to "
        "/t/timelines/harbour/report.pdf, which this site does not publish; "
        "static/report.pdf is at /t/report.pdf: link that address [link-unknown]"
    ]


def test_a_link_into_the_folders_the_plan_fills_is_checked_against_what_it_writes(
    site: Site,
) -> None:
    """years/, sources/, og/ and search/ hold what the plan makes by the site's size (a
    large timeline's year pages, the list of sources' later pages, each timeline's card):
    a link to something there the build does not write is as broken as any other."""
    body = (
        "It happened [@wire]. [Sources](/t/sources/nonexistent/), [page 2](../../sources/2/),\n"
        "[a year](/t/years/2024/), [a card](/t/og/timelines/none.png), "
        "[search](/t/search/all.json), [the list](/t/sources/), [the card](/t/og/site.png)."
    )
    root = site({"content/events/first.md": event("The first event", body)})
    code, found = check(root)
    assert code == 0
    assert [x.split("warning: ")[1].split(", which")[0] for x in found] == [
        "link '/t/sources/nonexistent/' leads to /t/sources/nonexistent/",
        "link '../../sources/2/' leads to /t/sources/2/",
        "link '/t/years/2024/' leads to /t/years/2024/",
        "link '/t/og/timelines/none.png' leads to /t/og/timelines/none.png",
        "link '/t/search/all.json' leads to /t/search/all.json",
    ]


def _over_years_built(site: Site, body: str) -> Path:
    """The 240 events over 30 years, the first with `body`, built into out/ (no error)."""
    files = events_over_years(240)
    files["content/events/first.md"] = event("The first event", body)
    root = site(files)
    result = build(root, "--output", str(root / "out"))
    assert result.code == 0, result.err
    return root


def test_a_large_timelines_year_pages_are_links_the_check_knows(site: Site) -> None:
    """Past 200 events a timeline gets a page per year group: a link to one the build
    writes is silent, one to a year it has no page for is reported."""
    root = _over_years_built(
        site,
        "It happened [@wire]. [1990](/t/years/1990/) [1989](/t/years/1989/) "
        "[embed](/t/years/1990/embed/) [no slash](../../years/1990)",
    )
    assert (root / "out/years/1990/index.html").exists()
    assert (root / "out/years/1990/embed/index.html").exists()
    assert not (root / "out/years/1989").exists()
    assert [x.split("warning: ")[1].split(", which")[0] for x in check(root)[1]] == [
        "link '/t/years/1989/' leads to /t/years/1989/"
    ]


def test_a_long_persons_and_countrys_year_pages_are_links_the_check_knows(site: Site) -> None:
    """Past 200 events a person's or a country's list is split into year pages, small
    neighbouring year groups sharing the first's page: a link to one the build writes is
    silent (with its last '/' or without), one to a year listed on another's page is
    reported as any link to no page."""
    root = _over_years_built(
        site,
        "It happened [@wire]. [1990](/t/people/ada-lovelace/years/1990/), "
        "[2004](../../people/ada-lovelace/years/2004), [here](/t/countries/testland/years/1990), "
        "[1992](/t/people/ada-lovelace/years/1992/), [1989](/t/countries/testland/years/1989/).",
    )
    for page in ("people/ada-lovelace/years/1990", "people/ada-lovelace/years/2004"):
        assert (root / "out" / page / "index.html").exists()
    assert (root / "out/countries/testland/years/1990/index.html").exists()
    assert not (root / "out/people/ada-lovelace/years/1992").exists()
    code, found = check(root)
    assert code == 0
    assert [x.split("warning: ")[1].split(", which")[0] for x in found] == [
        "link '/t/people/ada-lovelace/years/1992/' leads to /t/people/ada-lovelace/years/1992/",
        "link '/t/countries/testland/years/1989/' leads to /t/countries/testland/years/1989/",
    ]
    assert all("which this site does not publish; " in x for x in found)  # and a hint


def test_year_pages_of_a_list_on_a_site_with_timelines_are_known_too(site: Site) -> None:
    """There a person's list shows each event under each of its timelines: 120 events in
    three timelines each are 360 entries, split into year pages of fewer events."""
    files: dict[str, str | bytes | None] = {
        f"content/timelines/story-{k}.md": f'---\ntitle: "Story {k}"\n---\nStory {k}.\n'
        for k in range(4)
    }
    for n in range(120):
        stories = "".join(f'  - "story-{k}"\n' for k in range(4) if k != n % 4)
        files.update(events_over_years(1, n, f"timelines:\n{stories}"))
    body = (
        "It happened [@wire]. [2000](/t/people/ada-lovelace/years/2000/), "
        "[2004](/t/people/ada-lovelace/years/2004/)."
    )
    files["content/events/first.md"] = event("The first event", body, "timelines: [story-0]\n")
    root = site(files)
    result = build(root, "--output", str(root / "out"))
    assert result.code == 0, result.err
    assert (root / "out/people/ada-lovelace/years/2000/index.html").exists()
    assert not (root / "out/people/ada-lovelace/years/2004").exists()
    # the sitemap names every year page of the list the build wrote, and no other
    written = sorted(
        p.parent.relative_to(root / "out").as_posix() + "/"
        for p in (root / "out/people/ada-lovelace/years").rglob("index.html")
    )
    sitemap = (root / "out/sitemap.xml").read_text(encoding="utf-8")
    assert sorted(re.findall(r"/t/(people/ada-lovelace/years/[^<]*)</loc>", sitemap)) == written
    assert [x.split("warning: ")[1].split(", which")[0] for x in check(root)[1]] == [
        "link '/t/people/ada-lovelace/years/2004/' leads to /t/people/ada-lovelace/years/2004/"
    ]
