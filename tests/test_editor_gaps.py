"""Gaps a careless or hostile editor found in the content contract: each case is what a
newsroom user would hit, on a tiny site in tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import TODAY, build, html, run

Site = Callable[..., Path]

CORRECTED = (
    "---\n"
    'title: "The first event"\n'
    'summary: "Something happened."\n'
    'date: "2024-07-08"\n'
    "people: [ada-lovelace]\n"
    "countries: [testland]\n"
    "sources: [wire]\n"
    "corrections:\n"
    '  - date: "2024-07-09"\n'
    '    text: "An earlier version gave the wrong toll {cite}."\n'
    "---\n"
    "It happened, said [[ada-lovelace]] [@wire].\n"
)
SECOND_SOURCE = (
    "agency:\n"
    '  title: "An agency report"\n'
    '  publisher: "Agency"\n'
    '  url: "https://example.org/agency"\n'
    '  published: "2024-07-09"\n'
)


def check(root: Path, *extra: str) -> list[str]:
    result = run("check", root, "--today", TODAY, *extra)
    assert "Traceback" not in result.out + result.err
    return result.out.splitlines()[:-1]


# -- 1. citations in corrections ------------------------------------------------------


def test_a_correction_cites_a_source_as_a_body_does(site: Site) -> None:
    """`[@agency]` in a correction is a numbered link to the page's source list, and the
    source (cited nowhere else) is listed there and counted as used."""
    from tests.conftest import BASE_FILES

    root = site({
        "content/sources.yaml": BASE_FILES["content/sources.yaml"] + SECOND_SOURCE,
        "content/events/first.md": CORRECTED.format(cite="[@agency]"),
    })  # fmt: skip
    assert check(root, "--strict") == []
    assert build(root).code == 0
    page = html(root / "output/events/first/index.html")
    item = page.select_one(".corrections li")
    assert item is not None and "[agency]" not in item.get_text()
    link = item.select_one('a[href^="#source-"]')
    assert link is not None and link.get_text() == "2"
    assert page.select_one("#source-2") is not None
    assert "An agency report" in page.select_one("#source-2").get_text()  # type: ignore[union-attr]
    # one cite-N anchor per number: the correction does not take the body's
    assert len(page.select("#cite-1")) == 1


def test_a_correction_citing_an_unknown_source_is_an_error(site: Site) -> None:
    root = site({"content/events/first.md": CORRECTED.format(cite="[@wier]")})
    assert check(root) == [
        "content/events/first.md:10:11: error: [@wier] cites a source that sources.yaml "
        "does not have; did you mean 'wire'? [citation-unknown]"
    ]


# -- 3. updated before the event --------------------------------------------------------

UPDATED = CORRECTED.replace("corrections:\n", "{updated}corrections:\n").replace(
    '"2024-07-09"', '"{corrected}"'
)


def test_updated_or_corrected_before_the_event_or_after_today_is_warned(site: Site) -> None:
    root = site({
        "content/events/first.md": UPDATED.format(
            updated='updated: "2024-06-30"\n', corrected="2027-01-02", cite="[@wire]"
        ),
    })  # fmt: skip
    assert check(root) == [
        "content/events/first.md:8:10: warning: 'updated' (2024-06-30) is before the event "
        "began (2024-07-08); an entry is updated after it is first published: correct the "
        "date (often a typo in the year or month) [date-updated]",
        "content/events/first.md:10:11: warning: correction 1 (2027-01-02) is after today "
        "(2026-11-27); write the day the entry was changed [date-updated]",
    ]


def test_coarser_or_scheduled_updates_are_fine_but_not_before_any_source(site: Site) -> None:
    fine = UPDATED.format(updated='updated: "2024-07"\n', corrected="2024-07-09", cite="")
    assert check(site({"content/events/first.md": fine}), "--strict") == []
    # announced ahead: updated before it happens, but not before the wire (2024-07-08)
    ahead = UPDATED.format(updated='updated: "2024-06-01"\n', corrected="2024-07-09", cite="")
    ahead = ahead.replace('date: "2024-07-08"', 'date: "2024-07-20"\nstatus: scheduled')
    assert check(site({"content/events/first.md": ahead})) == [
        "content/events/first.md:9:10: warning: 'updated' (2024-06-01) is before its first "
        "source was published (2024-07-08); an entry is updated after it is first published: "
        "correct the date (often a typo in the year or month) [date-updated]"
    ]
    assert check(site({"content/events/first.md": ahead.replace("2024-06-01", "2024-07-10")}),
                 "--strict") == []  # fmt: skip
