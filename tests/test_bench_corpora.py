"""The benchmark's corpora (benchmarks/generate.py, generate_varied.py, generate_extreme.py,
generate_newsroom.py, generate_skewed.py): valid sites that
differ in the ways `make bench` promises, reproducible byte for byte.

A benchmark that judges the code on a corpus it was not tuned on is only worth something if
that corpus really is shaped otherwise: short and long bodies, dense and sparse links, none
to many people per event, every date precision, ranges, ongoing events and series.
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO, TODAY, run

EVENTS = 40
GENERATORS = {
    "standard": REPO / "benchmarks" / "generate.py",
    "varied": REPO / "benchmarks" / "generate_varied.py",
    "extreme": REPO / "benchmarks" / "generate_extreme.py",
    "newsroom": REPO / "benchmarks" / "generate_newsroom.py",
    "skewed": REPO / "benchmarks" / "generate_skewed.py",
}
WIKI = re.compile(r"\[\[[^\]]+\]\]")
INLINE_LINK = re.compile(r"(?<![!\[])\[[^\[\]]+\]\(([^()\s]+)\)")  # (not a picture)
DATE = re.compile(r'^date: "(-?\d{4})(-\d\d)?(-\d\d)?([~?%]?)"$', re.M)


def generate(corpus: str, where: Path, seed: int = 1) -> tuple[Path, Path]:
    site, hugo = where / "site", where / "hugo"
    subprocess.run(
        [sys.executable, str(GENERATORS[corpus]), str(site), "--events", str(EVENTS),
         "--seed", str(seed), "--hugo", str(hugo)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return site, hugo


def files(root: Path) -> dict[str, bytes]:
    """What the generator wrote (not the cache that `sitegen check` keeps beside it)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".sitegen-cache" not in p.parts
    }


@dataclass
class Shape:
    """What a reader of the generated event files would count."""

    words: list[int]
    links: list[int]
    people: list[int]
    precisions: set[str]
    ends: set[str]
    series: int
    bce: int
    dates: list[str]


def shape(site: Path) -> Shape:
    words, links, people, precisions, ends, series = [], [], [], set(), set(), 0
    bce, dates = 0, []
    for path in sorted((site / "content" / "events").rglob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        words.append(len(body.split()))
        links.append(len(WIKI.findall(body)))
        listed = re.search(r"^people:\n((?:  - .*\n)+)", front, re.M)
        people.append(listed.group(1).count("\n") if listed else 0)
        year, month, day, qualifier = DATE.search(front).groups()  # type: ignore[union-attr]
        bce += year.startswith("-")
        dates.append(f"{year}{month or ''}{day or ''}")
        precisions.add("day" if day else "month" if month else "year")
        if qualifier:
            precisions.add("qualified")
        end = re.search(r'^end: "(.*)"$', front, re.M)
        if end:
            ends.add("ongoing" if end.group(1) == "ongoing" else "range")
        series += front.count("series: {id:")
    return Shape(words, links, people, precisions, ends, series, bce, dates)


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    return {name: generate(name, tmp_path_factory.mktemp(name)) for name in GENERATORS}


@pytest.mark.parametrize("corpus", sorted(GENERATORS))
def test_each_corpus_is_a_valid_site_with_a_hugo_twin(
    corpora: dict[str, tuple[Path, Path]], corpus: str
) -> None:
    site, hugo = corpora[corpus]
    result = run("check", site, "--today", TODAY, "--strict")  # not even a warning
    assert result.code == 0, result.out + result.err
    events = list((site / "content" / "events").rglob("*.md"))
    assert len(events) == EVENTS
    assert len(list((hugo / "content" / "events").glob("*.md"))) == EVENTS + 1  # + _index.md
    assert (hugo / "layouts" / "_default" / "single.html").is_file()
    # Hugo's bodies carry plain links: no wiki link or citation is left over (a citation
    # becomes "[[n]](#source-n)").
    hugo_bodies = "".join(p.read_text(encoding="utf-8") for p in (hugo / "content").rglob("*.md"))
    assert not re.search(r"\[\[[a-z]", hugo_bodies)
    assert "[@" not in hugo_bodies


def test_the_corpora_differ_as_promised(corpora: dict[str, tuple[Path, Path]]) -> None:
    standard, varied = shape(corpora["standard"][0]), shape(corpora["varied"][0])

    # Standard: bodies of a few hundred words, linked, one to three people, no qualifiers.
    assert min(standard.words) >= 150 and max(standard.words) <= 700
    assert min(standard.links) >= 1 and set(standard.people) <= {1, 2, 3}
    assert "qualified" not in standard.precisions and standard.series == 0

    # Varied: short and long bodies, sparse and dense links, none to many people.
    assert min(varied.words) < 60 and max(varied.words) > 900
    assert statistics.pstdev(varied.words) > 3 * statistics.pstdev(standard.words)
    assert min(varied.links) == 0 and max(varied.links) >= 20
    assert 0 in varied.people and 1 in varied.people and max(varied.people) >= 6
    assert varied.precisions == {"year", "month", "day", "qualified"}
    assert varied.ends == {"range", "ongoing"}
    assert varied.series >= 2
    related = sum(
        "related:" in p.read_text(encoding="utf-8")
        for p in (corpora["varied"][0] / "content" / "events").rglob("*.md")
    )
    assert related >= 1


def test_the_extreme_corpus_is_at_the_ends_the_others_leave(
    corpora: dict[str, tuple[Path, Path]],
) -> None:
    site = corpora["extreme"][0]
    extreme = shape(site)
    texts = [p.read_text(encoding="utf-8") for p in (site / "content" / "events").rglob("*.md")]
    # One person in every event, and crowds.
    anchors = set.intersection(*(set(re.findall(r'^  - "([a-z-]+)"$', t, re.M)) for t in texts))
    assert anchors and max(extreme.people) >= 10
    # One-line bodies without a link, and dense ones.
    assert min(extreme.words) < 25 and min(extreme.links) == 0 and max(extreme.links) >= 20
    # Before the common era and on the same day (ordered by `order:`).
    assert extreme.bce >= 5 and extreme.precisions == {"year", "month", "day", "qualified"}
    assert max(extreme.dates.count(d) for d in set(extreme.dates)) >= 4
    assert sum("\norder: " in t for t in texts) >= 8
    # A series of an eighth of the events.
    assert extreme.series >= EVENTS // 8 and extreme.ends == {"range", "ongoing"}


def test_the_newsroom_corpus_has_the_shapes_the_others_leave_to_markdown_it(
    corpora: dict[str, tuple[Path, Path]],
) -> None:
    """Numbered lists, quotes of several lines, tables, pictures and italics in the
    bodies, and inline links in most of them (to other sites and to the site's own pages);
    many tags, times of day, series; eras and a time zone; long person pages."""
    site = corpora["newsroom"][0]
    content = site / "content"
    texts = [p.read_text(encoding="utf-8") for p in (content / "events").rglob("*.md")]
    bodies = "".join(t.split("---\n", 2)[2] for t in texts)
    for shape_of in (r"^1\. ", r"^> .*\n> ", r"^\|---", r"^!\[", r" \*the\* ", r"^## "):
        assert re.search(shape_of, bodies, re.M), shape_of
    # Inline links as a newsroom (and an import from TimelineJS) writes them; `check
    # --strict` above finds each one to the site's own pages leads to a page it has.
    linked = [len(INLINE_LINK.findall(t.split("---\n", 2)[2])) for t in texts]
    assert 0.4 * EVENTS <= sum(n > 0 for n in linked) <= 0.85 * EVENTS and max(linked) <= 4
    targets = [m.group(1) for t in texts for m in INLINE_LINK.finditer(t)]
    assert any(a.startswith("https://example.org/") for a in targets)
    assert {a.split("/")[2] for a in targets if a.startswith("../../")} == {
        "events", "people", "countries"
    }  # fmt: skip
    tags = [len(re.findall(r"^  - ", t.split("\ntags:\n")[1].split("\nsources:")[0], re.M))
            for t in texts]  # fmt: skip
    assert min(tags) >= 4 and max(tags) >= 10
    assert sum('\ntime: "' in t for t in texts) >= EVENTS // 5
    assert shape(site).series >= EVENTS // 5
    assert "timezone: Europe/Berlin" in (content / "site.yaml").read_text(encoding="utf-8")
    assert (content / "eras.yaml").read_text(encoding="utf-8").count("- title:") == 20
    person = max(
        (p.read_text(encoding="utf-8") for p in (content / "people").glob("*.md")), key=len
    )
    assert len(person.split()) > 300


def test_the_skewed_corpus_is_heavy_tailed_and_written_in_many_scripts(
    corpora: dict[str, tuple[Path, Path]],
) -> None:
    """One person in 30-60 % of the events and one day holding many; every event in one
    or more of 50 timelines; bodies that link many events; titles in other scripts and
    with emoji; slugs of up to 200 characters."""
    content = corpora["skewed"][0] / "content"
    paths = sorted((content / "events").rglob("*.md"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    skewed = shape(corpora["skewed"][0])
    people = [
        set(re.findall(r'^  - "([a-z-]+)"$', t.split("\ncountries:")[0], re.M)) for t in texts
    ]
    busiest = max(sum(slug in mine for mine in people) for slug in set().union(*people))
    assert 0.3 * EVENTS <= busiest <= 0.6 * EVENTS
    assert max(skewed.dates.count(d) for d in set(skewed.dates)) >= 5
    assert skewed.bce >= 1 and skewed.precisions >= {"year", "month", "day"}
    assert len(list((content / "timelines").glob("*.md"))) == 50
    stories = [t.split("\ntimelines:\n")[1].split("\n---")[0].count("  - ") for t in texts]
    assert min(stories) >= 1 and max(stories) >= 3
    events = {p.stem for p in paths}
    linked = [len({s for s in re.findall(r"\[\[([a-z0-9-]+)", t) if s in events}) for t in texts]
    assert sum(n >= 5 for n in linked) >= EVENTS // 2
    titles = "".join(re.findall(r'^title: "(.*)"$', "".join(texts), re.M))
    for script in (r"[\u4e00-\u9fff]", r"[\u0600-\u06ff\u0590-\u05ff]", r"[\U0001f300-\U0001faff]"):
        assert re.search(script, titles), script
    assert max(len(p.stem) for p in paths) > 120
    assert min(skewed.words) == 0 and max(len(t) for t in texts) > 20_000


@pytest.mark.parametrize("corpus", sorted(GENERATORS))
def test_the_same_seed_gives_the_same_bytes(
    corpora: dict[str, tuple[Path, Path]], corpus: str, tmp_path: Path
) -> None:
    again = generate(corpus, tmp_path / "again")
    other = generate(corpus, tmp_path / "other", seed=2)
    for first, second, third in zip(corpora[corpus], again, other, strict=True):
        assert files(first) == files(second)
        assert files(first) != files(third)
