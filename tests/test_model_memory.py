"""The model's compact forms, which forked render workers read without copying much
(docs/performance.md, "Memory"): bodies whose texts lie in a few large strings
(`model.hold_texts`), references held as a body's targets and packed positions
(`model.Refs`) and pickled, like an event's slugs, with one string per value. Each must read,
compare, hash and pickle exactly as the plain form does: nothing a page shows may change.
"""

from __future__ import annotations

import datetime as dt
import pickle
import sys
from pathlib import Path

from sitegen.model import Body, Ref, hold_texts

from .conftest import TODAY, write_site

TEXTS = [
    ("<p>plain ASCII</p>", "plain ASCII"),
    ("<p>caf\xe9 cr\xe8me</p>", "caf\xe9 cr\xe8me"),  # Latin-1
    ("<p>\u201csmart\u201d \u2014 quotes</p>", "\u201csmart\u201d \u2014 quotes"),  # 2 bytes
    ("<p>a \U0001f30d globe</p>", "a \U0001f30d globe"),  # 4 bytes
    ("<p>mixed</p>", "caf\xe9 \u2014 \U0001f30d"),
    ("<p>\u4e2d\u6587</p>", "\u4e2d\u6587"),  # CJK alone: smaller as a string than as UTF-8
    ("<p>lone \udcff \U0001f30d</p>", "x"),  # a lone surrogate, kept
    ("", ""),
]


def bodies() -> list[Body]:
    return [
        Body(html, plain, (Ref("src", 3, 1),), (Ref(f"people/p{n}", 4, 2),))
        for n, (html, plain) in enumerate(TEXTS)
    ]


def test_held_bodies_read_compare_and_pickle_as_before() -> None:
    plain_form, held = bodies(), bodies()
    hold_texts(held)
    for before, after in zip(plain_form, held, strict=True):
        assert after.html == before.html and type(after.html) is str
        assert after.plain == before.plain and after.text == before.text
        assert after.citations == before.citations and after.links == before.links
        assert after == before and hash(after) == hash(before)
        again = pickle.loads(pickle.dumps(after))
        assert again == before and again.html == before.html
        assert pickle.dumps(again) == pickle.dumps(before)


def test_held_twice_and_packed_bodies_keep_their_texts() -> None:
    held = bodies()
    hold_texts(held)
    hold_texts(held)  # nothing to move the second time
    shared = bodies()[1]
    hold_texts([shared, shared])  # one body of two owners
    assert shared.html == TEXTS[1][0]
    packed = pickle.loads(pickle.dumps(bodies()[2]))  # unpacked on first read
    hold_texts([packed])
    assert packed.html == TEXTS[2][0] and packed.plain == TEXTS[2][1]
    held[3].pack()
    assert pickle.loads(pickle.dumps(held[3])).plain == TEXTS[3][1]


def test_held_texts_of_wide_characters_take_about_their_utf8_size() -> None:
    # one emoji makes CPython store a whole string at 4 bytes a character (PEP 393)
    prose = "word " * 2000
    held = [Body(f"<p>{prose} \U0001f30d {n}</p>", f"{prose} \u4e2d {n}") for n in range(20)]
    utf8 = sum(len(b.html.encode()) + len(b.plain.encode()) for b in held)
    texts = [(b.html, b.plain) for b in held]
    hold_texts(held)
    stores = {id(s): s for b in held for s in (b.__dict__["_at"][0], b.__dict__["_at"][3])}
    assert sum(map(sys.getsizeof, stores.values())) < 1.1 * utf8
    assert [(b.html, b.plain) for b in held] == texts


def test_a_long_body_is_held_compressed_and_reads_as_written() -> None:
    from sitegen.model import ZIPPED_CHARACTERS

    words = " ".join(f"w{n % 997} \u4e2d" for n in range(ZIPPED_CHARACTERS // 4))
    before, held = Body(f"<p>{words}</p>", words), Body(f"<p>{words}</p>", words)
    hold_texts([held])
    stores = {id(s): s for s in (held.__dict__["_at"][0], held.__dict__["_at"][3])}
    assert sum(map(sys.getsizeof, stores.values())) < len(words.encode()) / 2
    assert held.html == before.html and held.plain == before.plain and held == before
    assert pickle.loads(pickle.dumps(held)).html == before.html


def test_html_held_compressed_reads_compares_and_pickles_as_before() -> None:
    """A site of model.ZIPPED_HTML_EVENTS events holds every body's HTML compressed,
    whatever its length: each reads, compares and pickles as the plain form does."""
    from sitegen.model import _Zipped

    plain_form, held = bodies(), bodies()
    hold_texts(held, zip_html=True)
    for before, after in zip(plain_form, held, strict=True):
        if before.html or before.plain:
            assert isinstance(after.__dict__["_at"][0], _Zipped)
        assert after.html == before.html and after.plain == before.plain
        assert after == before and hash(after) == hash(before)
        assert pickle.dumps(pickle.loads(pickle.dumps(after))) == pickle.dumps(before)


def test_a_reference_unpickles_with_one_string_per_target() -> None:
    target = "".join(["people/", "someone"])  # made at run time: not interned already
    refs = [pickle.loads(pickle.dumps(Ref(target, n, 1))) for n in range(3)]
    assert refs[0] == Ref("people/someone", 0, 1) and refs[2].line == 2
    assert refs[0].target is refs[1].target is refs[2].target


def test_references_parsed_from_bodies_share_one_string_per_target() -> None:
    from sitegen.markdown import render

    first = render("Ada [[ada-lovelace]] wrote [@wire; @gazette].", "content/events/a.md", 5)
    second = render("Then [[ada-lovelace]] again [@wire].", "content/events/b.md", 5)
    assert first.body.links[0].target is second.body.links[0].target
    assert first.body.citations[0].target is second.body.citations[0].target
    assert [r.target for r in first.body.citations] == ["wire", "gazette"]


def test_positions_a_diagnostic_read_are_packed_again_after_the_checks(tmp_path: Path) -> None:
    from sitegen.assemble import load_site
    from sitegen.marks import Marks

    event = '---\ntitle: "{}"\ndate: "2024-07-08"\n---\nBody.\n'
    root = write_site(
        tmp_path,
        {
            "content/events/reaction.md": event.format("World reacts"),
            "content/events/departure.md": event.format("Leader departs"),
            "content/events/first.md": None,
        },
    )
    loaded = load_site(root, dt.date.fromisoformat(TODAY))
    warned = [d for d in loaded.diagnostics if d.code == "same-day-order"]
    assert [(d.path, d.line, d.column) for d in warned] == [("content/events/reaction.md", 3, 7)]
    assert loaded.site is not None
    reaction = next(e for e in loaded.site.events if e.slug == "reaction")
    marks = reaction.origin.marks
    assert "values" not in vars(marks)  # packed again, the pickle kept
    assert reaction.origin.at("date") == (3, 7)  # and read again as before
    again = pickle.loads(pickle.dumps(marks))
    assert again == marks and isinstance(again, Marks) and again.at("title") == (2, 8)


def test_a_diagnostic_placed_from_packed_positions_leaves_them_packed() -> None:
    """70,000 same-day warnings at 100,000 events unpacked as many files' positions at
    once (~230 MiB until the checks ended): each is let go once the diagnostic is placed."""
    from sitegen.checks import _diag
    from sitegen.marks import Marks
    from sitegen.model import Origin

    marks = pickle.loads(pickle.dumps(Marks({("date",): (3, 7)}, {})))
    assert "values" not in vars(marks)  # packed, as the load leaves them
    found = _diag(Origin("content/events/a.md", marks), ("date",), "warning", "x", "message")
    assert (found.line, found.column) == (3, 7)
    assert "values" not in vars(marks) and marks.at("date") == (3, 7)


def test_a_body_holds_its_references_as_two_objects_not_one_per_reference() -> None:
    """Dense prose holds hundreds of references a body (388,000 at 10,000 extreme events):
    as a named tuple each, with its line and column ints, ~130 bytes a reference that
    every render process read, so copied. Held as their targets and packed positions:
    under 20 bytes a reference, and the same Refs to read, compare, hash and pickle."""
    import gc
    import sys

    from sitegen.markdown import render
    from sitegen.model import Refs

    lines = (f"Line {n} names [[person-{n % 7}]], cited [@src-{n % 5}]." for n in range(300))
    text = "\n\n".join(lines)  # a paragraph each: each reference placed where written
    body = render(text, "content/events/a.md", 5).body
    links, citations = body.links, body.citations
    assert isinstance(links, Refs) and len(links) == len(citations) == 300
    held = sum(sys.getsizeof(part) for part in gc.get_referents(links))
    assert held < 20 * len(links)
    assert links[0] == Ref("person-0", 5, 14) and links[-1] == Ref("person-5", 603, 16)
    assert [(r.target, r.line) for r in citations][:2] == [("src-0", 5), ("src-1", 7)]
    assert links.targets[:3] == ("person-0", "person-1", "person-2")
    plain = tuple(links)  # the form a body held before
    assert links == plain and hash(links) == hash(plain) and repr(links) == repr(plain)
    assert Body(body.html, body.plain, tuple(citations), plain) == body
    again = pickle.loads(pickle.dumps(body))
    assert again == body and again.links.targets[0] is links.targets[0]
    assert render("No references.", "content/events/b.md", 1).body.links == ()


def test_events_name_each_slug_with_one_string(tmp_path: Path) -> None:
    """Each event names people, countries, tags and sources with the one string of each
    slug, so that the files parsed and pickled together (assemble.GROUP) pickle each
    slug once and unpickle one string of it, not a copy per event (crowds of 30 people
    at 10,000 extreme events: 5 MiB that every render process read)."""
    from sitegen.assemble import load_site

    event = (
        '---\ntitle: "{}"\ndate: "2024-07-0{}"\npeople: [ada-lovelace]\ncountries: [gb]\n'
        "tags: [computing]\nsources: [wire]\n---\nBody.\n"
    )
    root = write_site(
        tmp_path,
        {
            "content/events/first.md": event.format("First", 1),
            "content/events/second.md": event.format("Second", 2),
        },
    )
    loaded = load_site(root, dt.date.fromisoformat(TODAY))
    assert loaded.site is not None
    parsed = loaded.site.events[:2]
    for first, second in (parsed, pickle.loads(pickle.dumps(parsed))):
        assert first.people == second.people == ("ada-lovelace",)
        for name in ("people", "countries", "tags", "sources"):
            assert getattr(first, name)[0] is getattr(second, name)[0], name


def test_a_same_day_warning_holds_what_its_message_names_and_reads_as_its_text(
    tmp_path: Path,
) -> None:
    """70,000 same-day warnings at 100,000 events were ~400 bytes of text each, held
    beside the render to its end: each holds the few strings its message names, and
    reads, compares, hashes, sorts and pickles exactly as a diagnostic of its text."""
    import sys

    from sitegen.assemble import load_site
    from sitegen.diagnostics import Diagnostic, Wording, finalize, format_text

    event = '---\ntitle: "{}"\ndate: "2024-07-08"\n---\nBody.\n'
    root = write_site(
        tmp_path,
        {
            "content/events/reaction.md": event.format("World reacts"),
            "content/events/departure.md": event.format("Leader departs"),
            "content/events/first.md": None,
        },
    )
    loaded = load_site(root, dt.date.fromisoformat(TODAY))
    [warned] = [d for d in loaded.diagnostics if d.code == "same-day-order"]
    text = (
        "'World reacts' and 'Leader departs' (content/events/departure.md) share 8 July 2024 "
        "with no time or order, so they are listed by title; say which came first with time: "
        '"HH:MM" or order: N'
    )
    assert isinstance(warned.wording, Wording) and warned.message == text
    assert sys.getsizeof(warned.wording) < 100 < len(text)
    plain = Diagnostic(warned.path, warned.line, warned.column, "warning", warned.code, text)
    assert warned == plain and plain == warned and hash(warned) == hash(plain)
    assert not warned < plain and not plain < warned and warned <= plain
    earlier = Diagnostic(warned.path, warned.line, warned.column, "warning", warned.code, "'A")
    assert sorted([warned, earlier]) == [earlier, plain] == sorted([plain, earlier])
    assert finalize([warned, plain]) == [plain]  # one, as two of the same text were
    assert format_text([warned]) == format_text([plain])
    again = pickle.loads(pickle.dumps(warned))
    assert again == plain and type(again.wording) is str
    assert pickle.dumps(again) == pickle.dumps(plain)


def test_a_packed_piece_index_reads_and_pickles_as_its_dict() -> None:
    """A made file's piece index is held as its pickle once every whole-site file is
    made (splice.PackedIndex: ~230,000 pieces at 100,000 events, held by the parent
    beside the render worker); it reads as the dict, and pieces.pickle holds it packed
    (the next build unpacks only the indexes of the files it makes again), read or not."""
    from sitegen.splice import PackedIndex, key_digest, plain

    index = {
        key_digest(f"piece {n}"): (n * 10, n * 10 + 9, f"content/events/{n}.md") for n in range(50)
    }
    packed = PackedIndex(index)
    assert len(packed) == 50 and packed == index and dict(packed) == index
    assert packed.get(key_digest("piece 7")) == (70, 79, "content/events/7.md")
    assert packed.get(b"missing") is None and list(packed) == list(index)
    again = pickle.loads(pickle.dumps({"feed.xml": ("hash", PackedIndex(index))}))
    assert type(again["feed.xml"][1]) is PackedIndex and plain(again["feed.xml"][1]) == index
    assert pickle.loads(pickle.dumps(again))["feed.xml"][1] == index  # (unpacked, then pickled)
    assert plain(index) is index and plain(PackedIndex(index)) == index
