"""A list item that is not text (`[a]`, a mapping, true) or is empty is reported and left
out of the list; every later problem with that list still points at its own item, not at
the item before it (Origin.kept: the dropped item shifted the kept ones' indices)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from .conftest import TODAY, every_problem


class Site(Protocol):
    def __call__(self, files: dict[str, str | bytes | None] | None = None) -> Path: ...


EVENT = "content/events/first.md"
HEAD = '---\ntitle: "The first event"\nsummary: "Something happened."\ndate: "2024-07-08"\n'
TAIL = "---\nIt happened, said [[ada-lovelace]] [@wire].\n"


def places(root: Path, path: str = EVENT) -> list[str]:
    """`line:col [code] 'name'` of each problem in `path`, in order (the name: the first
    quoted one in the message, if any)."""
    found = every_problem("check", root, "--today", TODAY)
    out = []
    for problem in found:
        if problem.startswith(path + ":"):
            line, col = problem[len(path) + 1 :].split(":")[:2]
            quoted = problem.split("'")[1] if "'" in problem else ""
            out.append(f"{line}:{col} {problem.rsplit(' ', 1)[1]} {quoted}")
    return out


def test_people_dropped_between_bad_slugs_each_at_its_own_item(site: Site) -> None:
    """`people: [nobody-a, [a], nobody-b, '', nobody-c]`: each unknown person at itself,
    not at the dropped item before it (nobody-b was said to be at `[a]`)."""
    root = site({
        EVENT: HEAD + "people: [nobody-a, [a], nobody-b, '', nobody-c, ada-lovelace]\n"
        "countries: [testland]\nsources: [wire]\n" + TAIL,
    })  # fmt: skip
    assert places(root) == [
        "5:10 [ref-unknown] nobody-a",
        "5:20 [field-type] people",
        "5:25 [ref-unknown] nobody-b",
        "5:35 [field-type] people",
        "5:39 [ref-unknown] nobody-c",
    ]


def test_countries_and_related_after_a_dropped_item(site: Site) -> None:
    """A mapping (not text) in countries:, and an empty item then a list in related:."""
    root = site({
        EVENT: HEAD + "people: [ada-lovelace]\ncountries: [testland, {x: 1}, nowhere]\n"
        "related: ['', [b], no-event]\nsources: [wire]\n" + TAIL,
    })  # fmt: skip
    assert places(root) == [
        "6:23 [field-type] countries",
        "6:31 [ref-unknown] nowhere",
        "7:11 [field-type] related",
        "7:15 [field-type] related",
        "7:20 [ref-unknown] no-event",
    ]


def test_tags_after_a_dropped_true_and_an_empty_item(site: Site) -> None:
    """`tags: [ok, true, 'has space', '', has-space, 'two words']`: each bad tag at
    itself (the schema's own check of each tag, made from the kept tags)."""
    root = site({
        EVENT: HEAD + "people: [ada-lovelace]\ncountries: [testland]\n"
        "tags: [ok, true, 'has space', '', has-space, 'two words']\nsources: [wire]\n" + TAIL,
    })  # fmt: skip
    assert places(root) == [
        "7:12 [field-type] tags",
        "7:18 [field-type] has space",
        "7:31 [field-type] tags",
        "7:46 [field-type] two words",
    ]


def test_sources_after_a_dropped_empty_and_repeated_item(site: Site) -> None:
    """A list, an empty item and a repeat left out of sources:; the unknown ids after
    each at their own lines."""
    root = site({
        EVENT: HEAD + "people: [ada-lovelace]\ncountries: [testland]\nsources:\n"
        "  - wire\n  - [c]\n  - nope\n  - ''\n  - wire\n  - missing\n" + TAIL,
    })  # fmt: skip
    assert places(root) == [
        "9:5 [field-type] sources",
        "10:5 [source-unknown] nope",
        "11:5 [field-type] sources",
        "12:5 [ref-repeated] wire",
        "13:5 [source-unknown] missing",
    ]


def test_a_source_only_cited_after_a_dropped_item_is_placed_at_its_citation(site: Site) -> None:
    """`sources: [[c], wire]` and a body citing [@gone]: the unknown citation is at the
    body's [@gone], not at `wire` (the event's sources: wire, then gone, index 1)."""
    root = site({
        EVENT: HEAD + "people: [ada-lovelace]\ncountries: [testland]\nsources: [[c], wire]\n"
        "---\nSaid [[ada-lovelace]] [@wire] [@gone].\n",
    })  # fmt: skip
    assert places(root) == [
        "7:11 [field-type] sources",
        "9:31 [citation-unknown] ",
    ]


def test_site_ignore_after_dropped_items(site: Site) -> None:
    """site.yaml's `ignore: [[a], "", drafts]`: the code that is no warning at itself."""
    root = site({
        "content/site.yaml": 'title: "T"\nbase_url: "https://example.org/t/"\n'
        'ignore: [[a], "", "drafts/**"]\n',
    })  # fmt: skip
    assert places(root, "content/site.yaml") == [
        "3:10 [field-type] ignore",
        "3:15 [field-type] ignore",
        "3:19 [field-type] drafts/**",
    ]


def test_an_eras_timelines_after_a_dropped_item(site: Site) -> None:
    """eras.yaml's second era, `timelines: [[x], cold-wars, nowhere]`: the timeline
    content/timelines/ lacks at itself (the era's own origin keeps the numbering)."""
    era = '- title: "{t}"\n  start: "1947"\n  end: "1991"\n  timelines: {tl}\n'
    root = site({
        "content/eras.yaml": era.format(t="A", tl="[cold-wars]")
        + era.format(t="B", tl="[[x], cold-wars, '', nowhere]"),
        "content/timelines/cold-wars.yaml": 'title: "Cold wars"\n',
    })  # fmt: skip
    assert places(root, "content/eras.yaml") == [
        "8:15 [field-type] timelines",
        "8:31 [field-type] timelines",
        "8:35 [era-timeline] B",
    ]


def test_a_repeated_source_names_its_first_by_its_item_in_the_file(site: Site) -> None:
    """`sources: [[c], wire, wire]`: the repeat says item 2 is the same (the file's
    numbering, as the left-out item's own error counts), not item 1."""
    root = site({
        EVENT: HEAD + "people: [ada-lovelace]\ncountries: [testland]\n"
        "sources: [[c], wire, wire]\n" + TAIL,
    })  # fmt: skip
    found = every_problem("check", root, "--today", TODAY)
    assert [p for p in found if p.endswith("[ref-repeated]")] == [
        f"{EVENT}:7:22: warning: 'wire' is listed twice in sources (item 2 is the same); "
        "remove the repeat [ref-repeated]"
    ]
