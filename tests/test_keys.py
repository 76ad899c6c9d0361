"""Keys made from the data a page or piece is rendered from (sitegen/keys.py): whatever a
feed item is given to show, an incremental build sees it change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sitegen import keys, publish
from tests.conftest import BASE_FILES, build
from tests.test_incremental import check_same, replace


@pytest.fixture
def sample_site(site: Callable[..., Path]) -> Path:
    """An event that names a person without linking to her (a [[link]] shows her name,
    and so is in the key already)."""
    first = BASE_FILES["content/events/first.md"]
    return site({"content/events/first.md": first.replace("said [[ada-lovelace]] ", "")})


def _feed_shows_people(monkeypatch: pytest.MonkeyPatch, key: Callable[..., str]) -> None:
    """A field added to a feed item's data, `people`, and shown in its <entry>."""
    made, entry = publish.feed_item, publish.feed_entry

    def item_with_people(pub: publish.Publication, ev: Any) -> dict[str, Any]:
        return {**made(pub, ev), "people": tuple(pub.site.people.get(s) for s in ev.people)}

    def entry_with_people(item: dict[str, Any], *made: Any) -> str:
        names = "".join(
            f"    <contributor><name>{publish.xml_escape(p.name)}</name></contributor>\n"
            for p in item["people"]
            if p is not None
        )
        return entry(item, *made).replace("  </entry>\n", names + "  </entry>\n")

    monkeypatch.setattr(publish, "feed_item", item_with_people)
    monkeypatch.setattr(publish, "feed_entry", entry_with_people)
    monkeypatch.setattr(publish, "piece_key", key)


def _renamed(site: Path) -> str:
    """Build, rename a person named by events in the feed, build again: the feed."""
    out = site / "output"
    assert build(site, "--output", out).code == 0
    assert "<name>Ada Lovelace</name>" in (out / "feed.xml").read_text(encoding="utf-8")
    replace(site / "content/people/ada-lovelace.md", "Ada Lovelace", "Ada King")
    assert build(site, "--output", out).code == 0
    return (out / "feed.xml").read_text(encoding="utf-8")


def test_a_field_added_to_a_feed_item_is_in_its_key(
    sample_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _feed_shows_people(monkeypatch, keys.piece_key)
    feed = _renamed(sample_site)
    assert "<name>Ada King</name>" in feed and "<name>Ada Lovelace</name>" not in feed
    check_same(sample_site, sample_site / "output", tmp_path)


def test_a_key_written_by_hand_goes_stale(
    sample_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the test above guards against: a key that leaves the new field out keeps the
    last build's piece, and the feed still shows the old name."""

    def by_hand(kind: str, data: dict[str, Any], digests: keys.Digests) -> str:
        return keys.piece_key(kind, {k: v for k, v in data.items() if k != "people"}, digests)

    _feed_shows_people(monkeypatch, by_hand)
    assert "<name>Ada Lovelace</name>" in _renamed(sample_site)


def test_each_object_of_a_file_is_named_by_its_own_digest() -> None:
    """The parse names an event and each inline source it declares by the file's digest
    (the source by its id too), set on the objects it has just made; an origin that two
    objects share still gives each its own name (the second one is made again)."""
    from sitegen import assemble
    from sitegen.files import file_digest
    from sitegen.model import Origin, Source

    rel = "content/events/summit.md"
    raw = (
        b'---\ntitle: "Summit"\ndate: "2024-07-08"\nsources:\n'
        b'  - {title: "Wire report", publisher: "Wire"}\n---\n\nLeaders met.\n'
    )
    parsed = assemble.parse_file("event", rel, raw, False)
    digest = f"{rel}:{file_digest(raw)}:0"
    assert parsed.value.origin.digest == digest
    assert [s.origin.digest for s in parsed.extra] == [f"{digest}:summit--1"]
    shared = Origin(rel)
    pair = [Source(sid, sid.upper(), "Wire", origin=shared) for sid in ("a", "b")]
    stamped = [assemble._stamped_new(s, f"{digest}:{s.id}") for s in pair]
    assert [s.origin.digest for s in stamped] == [f"{digest}:a", f"{digest}:b"]


def test_a_storys_digest_is_its_pickles_made_once_a_build() -> None:
    """A timeline's Story is on each of its pages (161 year pages on the skewed corpus):
    digested once a build, as its pickle was, and again for a Story made anew."""
    import dataclasses

    from sitegen.stories import Story

    story = Story(slug="s", title="S", count=3)
    digests = keys.Digests()
    page_keys = keys.PageKeys("t", (), True, digests)
    first = page_keys.value_digest(story)
    assert first == b"p" + keys.data_digest(story, keys.Digests())
    assert digests.stories["s"][0] is story
    assert page_keys.value_digest(story) == first
    other = dataclasses.replace(story, title="T")
    assert page_keys.value_digest(other) == b"p" + keys.data_digest(other, keys.Digests())
    assert page_keys.value_digest(other) != first and digests.stories["s"][0] is other


def _entry(slug: str = "summit", **fields: Any) -> Any:
    from sitegen.pages import Chip, Entry

    made: dict[str, Any] = {
        "slug": slug,
        "title": slug.title(),
        "summary": "Leaders met.",
        "display_date": "8 July 2024",
        "datetime": "2024-07-08",
        "end_datetime": "",
        "year": 2024,
        "start_ordinal": 739075,
        "end_ordinal": 739075,
        "precision": "day",
        "approximate": False,
        "uncertain": False,
        "ongoing": False,
        "draft": False,
        "scheduled": False,
        "people": (Chip("people", "ada", "Ada", "A"),),
        "countries": (),
        "tags": ("talks",),
        "sources": (("Wire report", "https://example.org/wire"),),
    }
    return Entry(**{**made, **fields})


def test_an_entrys_digest_covers_its_gap_and_every_other_field() -> None:
    """The entries of one event that differ in their gap alone (a timeline lists each
    with its own) share the digest of their other fields, and each still has a digest
    of its own; an entry that differs in any other field is digested anew."""
    from sitegen.stories import _with_gap

    listed = _entry()
    digests = keys.Digests()
    first = digests.of(listed)
    later = digests.of(_with_gap(listed, "2 years later"))
    assert later != first and digests.by_slug["summit"][0] is listed
    assert keys.Digests().of(_with_gap(listed, "2 years later")) == later  # in any order
    assert keys.Digests().of(listed) == first
    for changed in ({"summary": "Leaders left."}, {"sources": ()}, {"thumb": ("a", 1, 1, "")}):
        other = _entry(**changed)
        assert digests.of(other) not in (first, later), changed
        assert digests.of(_with_gap(other, "2 years later")) != later, changed
    assert digests.of(_with_gap(listed, "3 years later")) not in (first, later)


def test_a_list_of_entries_is_keyed_alike_whatever_was_digested_first() -> None:
    """A list of entries alone is joined from the digests its entries hold (see
    keys.ENTRY_DIGEST), digested first if need be: the same value whether its entries
    were met before or not, in a list or in a tuple beside others; an entry changed,
    added or moved changes it, and so does anything else beside the entries."""
    from sitegen.pages import StoryLink

    def listed() -> list[Any]:
        return [_entry("summit"), _entry("treaty"), _entry("vote", summary="Passed.")]

    def digest(value: Any, warm: bool) -> bytes:
        page_keys = keys.PageKeys("t", (), True, keys.Digests())
        if warm:
            for e in value if type(value) is list else value[1]:
                page_keys.digests.of(e)
        return page_keys.value_digest(value)

    cold = digest(listed(), False)
    assert digest(listed(), True) == cold
    first = listed()
    assert digest(first, False) == digest(first, False) == cold  # (its own digests kept)
    link = StoryLink("s", "S")
    grouped = [(link, listed())]
    assert digest(grouped, False) == digest([(link, listed())], True)
    changed = [_entry("summit"), _entry("treaty"), _entry("vote", summary="Failed.")]
    assert digest(changed, False) != cold
    assert digest(listed()[::-1], False) != cold
    assert digest([*listed(), _entry("recount")], False) != cold
    mixed = digest([*listed(), link], False)
    assert mixed == digest([*listed(), link], True) and mixed != cold


def test_a_link_table_is_keyed_by_its_items_each_digested_once() -> None:
    """A shared value with key_items (publish.LinkTable) is digested from its items'
    digests, each made once a build: equal tables, digested in any order, have one
    digest; a target added, dropped or resolved otherwise changes it; a table with an
    unhashable value is pickled instead."""
    from sitegen.publish import LinkTable

    class Body:
        def __init__(self, *targets: str) -> None:
            self.links = type("Links", (), {"targets": targets})()

    class Ev:
        def __init__(self, *targets: str) -> None:
            self.body = Body(*targets)

    names = {"ada": ("\x01people/ada/", "Ada"), "summit": ("\x01events/summit/", "Summit")}

    def table(*targets: str, link: Any = names.get) -> Any:
        return LinkTable([Ev(*targets[:1]), Ev(*targets)], link)

    def digest(value: Any, before: Any = None) -> bytes:
        digests = keys.Digests()
        if before is not None:
            digests.shared(before)
        return digests.shared(value)

    first = digest(table("ada", "summit", "gone"))
    assert digest(table("ada", "summit", "gone"), before=table("gone", "summit")) == first
    assert digest(table("ada", "summit")) != first
    assert digest(table("summit", "ada", "gone")) != first  # (listed in another order)
    renamed = {**names, "ada": ("\x01people/ada/", "Ada King")}
    assert digest(table("ada", "summit", "gone", link=renamed.get)) != first
    listed = {**names, "ada": ["\x01people/ada/", "Ada"]}  # (a list: not hashable)
    unhashable = table("ada", "summit", "gone", link=listed.get)
    assert digest(unhashable) == keys.data_digest(unhashable, keys.Digests())


def test_a_later_body_is_keyed_by_every_argument_whatever_its_objects() -> None:
    """A body's Later (pages.Later) is digested from its function, its file's digest, its
    sources' numbers and its link table, pickled without a memo: a change in any of them
    changes the digest; equal arguments made of other objects do not."""
    from sitegen.pages import BodyHtml, Later
    from sitegen.planning import resolve_with

    class Body:
        html = "<p>Met [[ada]].</p>"

    def body_later(**changed: Any) -> Later:
        args: dict[str, Any] = {
            "html": BodyHtml(Body(), "f" * 40),
            "numbers": {"wire": 1, "post": 2},
            "table": (("ada", ("\x01people/ada/", "Ada")), ("gone", None)),
        }
        args.update(changed)
        return Later(resolve_with, *args.values())

    digests = keys.Digests()
    page_keys = keys.PageKeys("t", (), True, digests)
    first = page_keys.value_digest(body_later())
    assert (
        first == page_keys.value_digest(body_later()) == b"L" + keys.Digests().later(body_later())
    )
    same = (("".join(["a", "da"]), ("\x01people/ada/", "Ada")), ("gone", None))
    assert page_keys.value_digest(body_later(table=same)) == first
    for changed in (
        {"html": BodyHtml(Body(), "e" * 40)},
        {"html": BodyHtml(Body())},
        {"numbers": {"wire": 2, "post": 1}},
        {"table": (("ada", ("\x01people/ada/", "Ada King")), ("gone", None))},
        {"table": (("ada", ("\x01people/ada/", "Ada")), ("gone", ("\x01events/gone/", "G")))},
        {"table": (("ada", ("\x01people/ada/", "Ada")),)},
    ):
        assert page_keys.value_digest(body_later(**changed)) != first, changed
    assert page_keys.value_digest(Later(_other, *body_later().args)) != first


def _other(*args: Any) -> str:  # pragma: no cover - only named in a key
    return ""


def test_plain_values_and_shared_objects_in_a_value_are_each_keyed() -> None:
    """A page's string or number is written out (no pickler), unlike any other value's
    digest; an entry or a link to a timeline inside a value (a series, an event's
    timelines) is keyed by its own digest, looked up inline: a change in any field of
    one changes the value's digest, and an equal entry made anew gives the same."""
    from sitegen.pages import Chip, StoryLink

    def series(**changed: Any) -> dict[str, Any]:
        made: dict[str, Any] = {
            "part": 2,
            "here": None,
            "items": [(_entry(), None), (_entry("vote"), 3), 7],
            "timelines": [(StoryLink("s", "S"), None, _entry("vote"))],
        }
        made.update(changed)
        return made

    page_keys = keys.PageKeys("t", (), True, keys.Digests())
    first = page_keys.value_digest(series())
    assert page_keys.value_digest(series()) == first
    assert keys.PageKeys("t", (), True, keys.Digests()).value_digest(series()) == first
    for changed in (
        {"part": 3},
        {"items": [(_entry(), None), (_entry("vote", summary="Voted."), 3), 7]},
        {"items": [(_entry(people=(Chip("people", "ada", "Ada King", "A"),)), None), 7]},
        {"timelines": [(StoryLink("s", "T"), None, _entry("vote"))]},
        {"timelines": [(StoryLink("s", "S"), None, _entry("vote", gap="a year later"))]},
    ):
        assert page_keys.value_digest(series(**changed)) != first, changed
    links = page_keys.value_digest([(StoryLink("s", "S"), None, _entry("vote"))])
    assert page_keys.value_digest([(StoryLink("s", "S"), None, _entry("vote"))]) == links
    assert page_keys.value_digest([(StoryLink("s", "T"), None, _entry("vote"))]) != links
    assert page_keys.value_digest([(StoryLink("s", "S"), _entry(), _entry("vote"))]) != links
    filters = page_keys.value_digest({"people": [Chip("people", "ada", "Ada", "A")], "n": 1})
    assert page_keys.value_digest({"people": [Chip("people", "ada", "Ada", "A")], "n": 1}) == (
        filters
    )
    for chip in (Chip("people", "ada", "Ada King", "A"), Chip("countries", "ada", "Ada", "A")):
        assert page_keys.value_digest({"people": [chip], "n": 1}) != filters, chip
    texts = [page_keys.value_digest(v) for v in ("7", 7, "", 0, None, "N", "i7;")]
    assert len(set(texts)) == len(texts)
