"""The sharded search index (issues 19 and 20): its files parse, a query's shard holds
every match, nothing grows with the archive but the number of small files, and a body
edit patches the last build's files into the very bytes a clean build makes."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from sitegen import search
from sitegen.build import Builder
from sitegen.model import Person
from sitegen.options import Bounds, Options
from tests.conftest import TODAY, build, write_site

EVENTS = 300
"""Events of the generated site: past the one-shard, one-chunk sizes."""


def big_site(root: Path, split: bool = False) -> Path:
    """EVENTS events over 30 years; every 7th tells of a quokka (in its body), every 50th
    has a quokka in its title, and one event is about Zoë Ångström. `split`: in two
    timelines, the even events' and the odd ones'."""
    files: dict[str, str | bytes | None] = {}
    if split:
        files["content/events/first.md"] = None  # (the base site's event, in no timeline)
        for name in ("even", "odd"):
            files[f"content/timelines/{name}.md"] = f'---\ntitle: "The {name} meetings"\n---\n'
    for n in range(EVENTS):
        year, day = 1990 + n // 10, 1 + n % 10
        title = f"Meeting number {n} of the council" + (" on quokkas" if n % 50 == 0 else "")
        body = f"The council met for the {n}th time and talked about roads."
        if n % 7 == 0:
            body += " A quokka was seen outside."
        if n == 123:
            body += " Zoë Ångström spoke."
        files[f"content/events/e{n:03}.md"] = (
            f'---\ntitle: "{title}"\nsummary: "Session {n}."\n'
            f'date: "{year}-03-{day:02}"\norder: {n}\nsources: [wire]\n'
            + (f"timelines: [{('even', 'odd')[n % 2]}]\n" if split else "")
            + f"---\n{body}\n"
        )
    return write_site(root, files)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = big_site(tmp_path_factory.mktemp("search") / "site")
    result = build(root)
    assert result.code == 0, result.err
    return root / "output"


def manifest(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / search.INDEX_PATH).read_text(encoding="utf-8"))
    return data


def built_with(root: Path, out: Path, bounds: Bounds) -> Path:
    """`sitegen build ROOT --output OUT` with these bounds on its data files (lowered,
    to split a small site's files as a large site's are)."""
    options = Options(today=TODAY, bounds=bounds)
    assert Builder(root, out, options, dt.date.fromisoformat(TODAY)).build().ok
    return out


def shard_files(out: Path, term: str) -> list[Path]:
    """The files of the shard that holds a query word: its parts on a large index."""
    m = manifest(out)
    shard = search.shard_of(term, m["shards"])
    parts = -(-m["docs"] // m["part"]) if "part" in m else 1
    return [out / search.shard_path(shard, k) for k in range(parts)]


def lookup(out: Path, term: str) -> dict[int, int]:
    """What site.js finds for one query word: document -> where (3 title, 2 date or
    summary, 1 text), read from the shard the manifest sends it to (every part)."""
    m = manifest(out)
    term = search.fold(term)
    found: dict[int, int] = {}
    for path in shard_files(out, term[: m["prefix"]]):
        for word, row in json.loads(path.read_text()).items():
            if word == term or (len(term) >= m["prefix"] and word.startswith(term)):
                doc = -1
                for value in row:
                    doc += value >> 2
                    found[doc] = max(found.get(doc, 0), value & 3)
    return found


def record(out: Path, doc: int) -> list[str]:
    per = manifest(out)["per"]
    chunk: list[list[str]] = json.loads((out / f"search/r/{doc // per}.json").read_text())
    return chunk[doc % per]


def test_the_index_files_parse_and_add_up(big: Path) -> None:
    m = manifest(big)
    docs = EVENTS + 3  # and the base site's event, person and country
    assert m["docs"] == docs and m["version"] == 2
    shards = sorted((big / "search/w").iterdir())
    chunks = sorted((big / "search/r").iterdir())
    assert len(shards) == m["shards"] == search.shard_count(docs) > 1
    assert len(chunks) == -(-docs // m["per"])
    records = [r for c in chunks for r in json.loads(c.read_text(encoding="utf-8"))]
    assert len(records) == docs
    for kind, title, _when, url, snippet in records:
        assert kind in {"e", "p", "c"} and title and len(snippet) <= search.SNIPPET + 1
        assert (big / url / "index.html").is_file()
    assert not (big / "search.json").exists()  # no whole-site file that grows


def test_a_query_shard_holds_every_match(big: Path) -> None:
    quokka = {n for n in range(EVENTS) if n % 7 == 0 or n % 50 == 0}
    for query in ("quokka", "quok", "QUOKKAS"):
        found = lookup(big, query)
        urls = {record(big, d)[3] for d in found}
        if query == "QUOKKAS":  # the plural is only in titles
            quokka = {n for n in range(EVENTS) if n % 50 == 0}
        assert urls == {f"events/e{n:03}/" for n in quokka}, query
    titled = lookup(big, "quokkas")
    assert set(titled.values()) == {3}  # found in the title
    # accents do not matter; two letters match only the whole word
    assert [record(big, d)[3] for d in lookup(big, "angstrom")] == ["events/e123/"]
    assert [record(big, d)[3] for d in lookup(big, "zoe")] == ["events/e123/"]
    assert lookup(big, "qu") == {}
    assert len(lookup(big, "council")) == EVENTS
    # the person is a document too, with her role; and the event whose body links to
    # her ([[ada-lovelace]]) is found by her name, not her slug
    ada = [record(big, d)[:3] for d in lookup(big, "lovelace")]
    assert ada == [
        ["e", "The first event", "8 July 2024"],
        ["p", "Ada Lovelace", "Analyst, Testland"],
    ]


def test_first_search_is_small(big: Path) -> None:
    """What a first search for a word fetches: manifest, one shard, 8 records' chunks."""
    found = sorted(lookup(big, "quokka"))
    per = manifest(big)["per"]
    fetched = [big / search.INDEX_PATH]
    fetched += [big / f"search/w/{search.shard_of('quo', manifest(big)['shards'])}.json"]
    fetched += [big / f"search/r/{c}.json" for c in {d // per for d in found[:8]}]
    assert sum(p.stat().st_size for p in fetched) < 30_000


def test_a_large_indexs_shards_are_in_parts_of_documents(big: Path, tmp_path: Path) -> None:
    """Past Bounds.search_docs documents, each word shard is in parts (a frequent word's
    postings grew with the archive: 900 KB for one shard at 100,000 events): each part
    holds the postings of its documents alone, no part holds more than its share, and
    every query finds what the one-file shards found."""
    out = built_with(big.parent, tmp_path / "out", Bounds(search_docs=64))
    m = manifest(out)
    assert m["part"] == 64 and m["docs"] == EVENTS + 3
    parts = -(-m["docs"] // 64)
    shards = {p.name for p in (out / "search/w").iterdir()}
    assert shards == {
        search.shard_path(n, k).rpartition("/")[2] for n in range(m["shards"]) for k in range(parts)
    }
    assert len(shards) == m["shards"] * parts == 5 * m["shards"]
    for name in shards:
        part = int(name.removesuffix(".json").partition("-")[2] or 0)
        for row in json.loads((out / "search/w" / name).read_text()).values():
            docs = [sum(v >> 2 for v in row[: i + 1]) - 1 for i in range(len(row))]
            assert all(part * 64 <= d < (part + 1) * 64 for d in docs), name
    # the largest file: the shard of "cou" (council: every event), about a fifth of it
    whole = max(p.stat().st_size for p in (big / "search/w").iterdir())
    largest = max(p.stat().st_size for p in (out / "search/w").iterdir())
    assert largest < whole / 3, (largest, whole)
    for query in ("quokka", "quok", "quokkas", "council", "zoe", "angstrom", "lovelace", "qu"):
        assert lookup(out, query) == lookup(big, query), query
    records = [record(out, d) for d in range(m["docs"])]
    assert records == [record(big, d) for d in range(m["docs"])]


@pytest.mark.parametrize("seed", range(4))
def test_a_patch_of_an_index_in_parts_makes_the_bytes_a_full_index_makes(seed: int) -> None:
    rng = random.Random(seed)
    docs = random_docs(rng, 200)
    per = rng.choice([16, 50, 64])
    old = search.make_index(docs, None, per)
    edits = {}
    for n in rng.sample(range(len(docs)), k=3):
        after = dict(docs[n])
        after["x"] = " ".join(rng.choices([f"w{k}" for k in range(20, 50)], k=rng.randrange(9)))
        edits[n] = search.Edit.of(docs[n], after)
        docs[n] = after
    whole = search.make_index(docs, None, per)
    assert search.patch_edits(old, len(docs), edits, per) == whole
    changed = {n: docs[n] for n in edits}
    assert search.patch_index(old, len(docs), changed, per) == whole
    assert {p for p in whole if whole[p] != old[p]} == search.changed_files(len(docs), edits, per)
    assert list(whole)[: 2 * -(-len(docs) // per)] == [
        search.shard_path(n, k) for n in range(2) for k in range(-(-len(docs) // per))
    ]


def random_docs(rng: random.Random, count: int) -> list[dict[str, str]]:
    vocabulary = [f"w{n}" for n in range(40)] + ["zoë", "Ångström", "the", "thee"]
    return [
        {
            "k": "event",
            "t": " ".join(rng.choices(vocabulary, k=3)),
            "d": "1 May 2024",
            "u": f"events/d{n}/",
            "s": " ".join(rng.choices(vocabulary, k=rng.randrange(4))),
            "x": " ".join(rng.choices(vocabulary, k=rng.randrange(30))),
        }
        for n in range(count)
    ]


def test_a_large_index_posts_every_word_of_every_document() -> None:
    """Past a few hundred documents (their postings gathered in batches) and with a
    rare word whose gap is past the numbers written from a table (search._numbers), each
    shard reads back as every word's documents and places, as postings() finds them one
    document at a time; and a patch of it makes the bytes a full index makes."""
    rng = random.Random(7)
    docs = random_docs(rng, 1300)
    for n in (0, 5, 1299):  # gaps of 5 and 1,294 documents
        docs[n]["x"] += " quokka"
    files = search.make_index(docs)
    read: dict[str, list[int]] = {}
    for path, data in files.items():
        if path.startswith("search/w/"):
            for word, stored in json.loads(data).items():
                at, row = -1, []
                for value in stored:
                    at += value >> 2
                    row.append(at << 2 | value & 3)
                read[word] = row
    assert read == {word: list(row) for word, row in search.postings(docs).items()}
    assert [v >> 2 for v in read["quokka"]] == [0, 5, 1299]
    changed = {1299: {**docs[1299], "x": "quokka roads"}}
    docs[1299] = changed[1299]
    assert search.patch_index(files, len(docs), changed) == search.make_index(docs)


@pytest.mark.parametrize("seed", range(6))
def test_a_patch_makes_the_bytes_a_full_index_makes(seed: int) -> None:
    rng = random.Random(seed)
    docs = random_docs(rng, rng.choice([3, 40, 200]))
    old = search.make_index(docs)
    changed = {n: dict(docs[n]) for n in rng.sample(range(len(docs)), k=min(3, len(docs)))}
    for doc in changed.values():  # a new body: words gone, words new, words kept
        doc["x"] = " ".join(rng.choices([f"w{n}" for n in range(30, 60)], k=rng.randrange(9)))
        docs[docs.index(next(d for d in docs if d["u"] == doc["u"]))] = doc
    patched = search.patch_index(old, len(docs), changed)
    assert patched == search.make_index(docs)
    assert list(patched) == list(search.make_index(docs))  # the same order of files


@pytest.mark.parametrize("seed", range(8))
def test_a_patch_from_the_last_versions_remakes_only_the_files_that_change(seed: int) -> None:
    """Knowing each edited document's last version, the patch makes again only the
    shards of the words that moved and the chunks of the records that changed (the
    files changed_files names, which an edit plans): the bytes of a full index."""
    rng = random.Random(seed)
    docs = random_docs(rng, rng.choice([3, 40, 200]))
    old = search.make_index(docs)
    edits = {}
    for n in rng.sample(range(len(docs)), k=min(rng.choice([1, 3]), len(docs))):
        after = dict(docs[n])
        if rng.random() < 0.5:  # a sentence appended: new words, and the old ones kept
            after["x"] += " " + " ".join(rng.choices([f"w{k}" for k in range(30, 60)], k=3))
        else:  # a new body: words gone, words new, words kept
            after["x"] = " ".join(rng.choices([f"w{k}" for k in range(20, 50)], k=rng.randrange(9)))
        edits[n] = search.Edit.of(docs[n], after)
        docs[n] = after
    patched = search.patch_edits(old, len(docs), edits)
    whole = search.make_index(docs)
    assert patched == whole
    assert list(patched) == list(whole)  # the same order of files
    assert {p for p in whole if whole[p] != old[p]} == search.changed_files(len(docs), edits)


def test_edits_patch_the_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A body edit, then a title edit: each time the last build's index is patched (never
    made whole), into the very bytes a clean build makes."""
    root = big_site(tmp_path / "site")
    assert build(root).code == 0

    def whole(docs: object) -> None:
        raise AssertionError("the index was made whole")

    monkeypatch.setattr(search, "make_index", whole)
    event = root / "content/events/e140.md"
    event.write_text(event.read_text().replace("roads", "wombats and quokkas"))
    assert build(root).code == 0
    other = root / "content/events/e150.md"
    other.write_text(other.read_text().replace("Meeting number", "Gathering number"))
    assert build(root).code == 0
    monkeypatch.undo()
    out = root / "output"
    assert [record(out, d)[3] for d in lookup(out, "gathering")] == ["events/e150/"]
    assert record(out, next(iter(lookup(out, "gathering"))))[1].startswith("Gathering")
    assert [record(out, d)[3] for d in lookup(out, "wombat")] == ["events/e140/"]
    assert "events/e140/" in {record(out, d)[3] for d in lookup(out, "quokkas")}
    assert "events/e140/" not in {record(out, d)[3] for d in lookup(out, "roads")}
    clean = tmp_path / "clean"
    assert build(root, "--clean", "--output", str(clean)).code == 0
    for path in sorted(clean.rglob("*.json")):
        if "search" in path.parts:
            rel = path.relative_to(clean)
            assert (out / rel).read_bytes() == path.read_bytes(), rel


def scope(out: Path, timeline: str) -> list[list[str]]:
    """The records of the site's documents a timeline's search keeps (its scope)."""
    data = json.loads((out / "timelines" / timeline / search.SCOPE_PATH).read_text())
    assert (data["docs"], data["events"]) == (manifest(out)["docs"], manifest(out)["events"])
    return [record(out, d) for d in search.scope_numbers(data["in"])]


def test_a_timeline_searches_the_sites_index_for_its_documents(sample: Path) -> None:
    """A timeline's page searches the site's index, kept to its scope: its events and the
    people and countries they name, and no other (no index of its own)."""
    for timeline in ("modi-in-moscow", "war-in-ukraine"):
        folder = sample / "timelines" / timeline
        page = (folder / "index.html").read_text(encoding="utf-8")
        assert 'data-index="../../search/index.json"' in page
        assert f'data-scope="../../timelines/{timeline}/search.json"' in page
        assert not (folder / "search").exists()
        index = json.loads((folder / "events.json").read_text(encoding="utf-8"))
        want = {"events/" + e["slug"] + "/" for e in index["events"]}
        want |= {f"people/{p}/" for p in index["people"]}
        want |= {f"countries/{c}/" for c in index["countries"]}
        kept = scope(sample, timeline)
        assert {r[3] for r in kept} == want
        assert len(kept) == len(want)
    # the invasion is in both; the Peskov remark only in Modi's story
    modi = {r[3] for r in scope(sample, "modi-in-moscow")}
    ukraine = {r[3] for r in scope(sample, "war-in-ukraine")}
    assert "events/russia-invades-ukraine/" in modi & ukraine
    assert [u for u in modi - ukraine if u.startswith("events/")]


@pytest.mark.parametrize("seed", range(20))
def test_a_scope_reads_back_as_its_documents(seed: int) -> None:
    """scope_runs and what site.js reads of it (scope_numbers): the same numbers."""
    rng = random.Random(seed)
    numbers = sorted(rng.sample(range(200), rng.randrange(0, 120)))
    runs = search.scope_runs(numbers)
    assert search.scope_numbers(runs) == numbers
    assert len(runs) <= len(numbers)


def test_a_persons_result_names_the_country_once() -> None:
    """Search results said 'Person · President of Russia, Russia'."""
    names = {"russia": "Russia", "india": "India", "ukraine": "Ukraine"}
    cases = {
        ("President of Russia", "russia"): "President of Russia",
        ("Mayor of Kyiv", "ukraine"): "Mayor of Kyiv, Ukraine",
        ("Governor of Indiana", "india"): "Governor of Indiana, India",  # a word, not letters
        ("", "india"): "India",
        ("Analyst", ""): "Analyst",
    }
    for (role, country), shown in cases.items():
        doc = search._person_doc(Person("p", "P", role, country), names, lambda _: None)
        assert doc["d"] == shown


def test_a_text_that_is_not_ascii_is_split_as_its_utf8_without_splitting_a_character() -> None:
    """A text that is not ASCII is lowered and split as its UTF-8 bytes read as Latin-1
    (search._word_sets): à and Å hold the bytes 0xA0 and 0x85, which str.split() would
    take for spaces; a capital sigma is final or not by what is beside it up to a space,
    past a full stop, so its text is split at its spaces alone; words of one character
    are left out of what is indexed, an accented letter's too."""
    assert search.word_set("Voilà Ångström, naïve 🇺🇦") == {"voila", "angstrom", "naive"}
    assert search.word_set("ΑΣ.Α 🇺🇦") == {"ασ", "α"}
    assert search.word_set("ΑΣ Α 🇺🇦") == {"ας", "α"}
    assert search._long_words("à la carte, Å 日 日本 🇺🇦") == {"la", "carte", "日本"}


@pytest.mark.parametrize("seed", range(4))
def test_words_are_split_as_site_js_splits_whatever_the_text_holds(seed: int) -> None:
    """A word is a run of letters and digits of the text folded (decomposed, combining
    marks dropped, lower case), whether the text is ASCII, has accents, curly quotes,
    dashes, no-break spaces and ellipses (split the ASCII way once those are spaced), or
    other scripts and symbols (a vowel sign, a flag, a lone surrogate), a Greek capital
    sigma (its lower case depends on what is beside it), characters that decompose to
    ASCII punctuation, and every kind of space (word_set folds a text piece by piece,
    split at its spaces)."""
    rng = random.Random(seed)
    pieces = ["a", "B", " ", "é", "e\u0301", "Zoë", "—", "–", "\xa0", "«", "»", "’", "‘",
              "“", "”", "…", "ß", "ﬁ", "İ", "Ж", "日本", "_", "-", "x9", "'", "2024", "²",
              "١", "Ⅻ", "\u0301", "€", "O'Neil", ".", "\n", "हिन्दी", "🇺🇦", "\u200d",
              "\u3000", "\ud800", "Σ", "ΑΣ", "Σ.", "\u037e", "\u1fef", "\u0345", "\u2000",
              "\x85", "\u2028"]  # fmt: skip
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(14)))
        folded = unicodedata.normalize("NFD", text)
        folded = re.sub("[\u0300-\u036f]+", "", folded).lower()
        found = re.findall(r"[^\W_]+", folded)
        assert search.words(text) == found, text
        assert search.word_set(text) == set(found), text  # (what the index takes)


@pytest.mark.parametrize("seed", range(6))
def test_each_word_of_two_letters_or_more_is_indexed_where_it_is_best(seed: int) -> None:
    """Every word of a document (a, I and 7 left out: site.js searches none of one
    letter) is posted once, at the best place it is in (title, date or summary, text),
    in ASCII documents and in those with accents, ligatures and dashes alike."""
    rng = random.Random(seed)
    vocabulary = ["a", "I", "7", "x9", "Road", "roads", "Zoë", "Ångström", "é", "ß", "ﬁ",
                  "Straße", "İ", "—", "naïve", "2024", "of", "O'Neil", "x"]  # fmt: skip
    docs: list[search.Doc] = []
    for _ in range(40):
        ascii_only = rng.random() < 0.5
        pool = [w for w in vocabulary if w.isascii()] if ascii_only else vocabulary

        def text(n: int, pool: list[str] = pool) -> str:
            return " ".join(rng.choice(pool) for _ in range(n))

        docs.append({"k": "event", "t": text(3), "d": text(2), "u": "events/e/",
                     "s": text(4), "x": text(30)})  # fmt: skip
    rows = search.postings(docs)
    for n, doc in enumerate(docs):
        want: dict[str, int] = {}
        for where, field in ((1, doc["x"]), (2, doc["d"] + " " + doc["s"]), (3, doc["t"])):
            want.update((w, where) for w in search.words(field) if len(w) > 1)
        got = {w: row_value & 3 for w, row in rows.items() for row_value in row
               if row_value >> 2 == n}  # fmt: skip
        assert got == want
