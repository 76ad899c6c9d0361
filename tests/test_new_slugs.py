"""`sitegen new KIND --title TITLE` makes the slug from the title, by the one rule the
TimelineJS import uses for a headline (sitegen.slugs), and `sitegen check`'s hints
suggest the same slug."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import TODAY, run

DAY = "2024-07-08"
TITLES = [
    ("Саммит в Москве", "sammit-v-moskve"),  # Russian
    ("Зеленський у Києві", "zelenskiy-u-kiyevi"),  # Ukrainian
    ("Σύνοδος κορυφής στην Αθήνα", "synodos-koryfis-stin-athina"),  # Greek (ELOT 743)
    ("Café in Köln: Straße, Øresund", "cafe-in-koln-strasse-oresund"),  # accents, ß, ø
    ("Apollo 12 lands", "apollo-12-lands"),  # (ASCII: as before)
    ("北京奥运会开幕", None),  # a script no table spells: date and hash
    ("北京 Olympics open", None),  # its Latin words and a hash
    ("CON", "con-2024-07-08"),  # a name Windows keeps for a device: the date too
    ("Aux", "aux-2024-07-08"),
]


def _site(tmp_path: Path, name: str) -> Path:
    root = tmp_path / name
    assert run("init", root, "--today", TODAY).code == 0
    return root


def _made(root: Path) -> set[str]:
    return {p.stem for p in (root / "content" / "events").rglob("*.md")} - {"apollo-11-lands"}


@pytest.mark.parametrize(("title", "expected"), TITLES)
def test_new_event_takes_the_slug_the_import_gives_the_headline(
    tmp_path: Path, title: str, expected: str | None
) -> None:
    new = _site(tmp_path, "new")
    made = run("new", "event", "--title", title, "--date", DAY, "--site", new, "--today", TODAY)
    assert made.code == 0, made.err
    imported = _site(tmp_path, "imported")
    source = tmp_path / "t.json"
    slide = {"start_date": {"year": 2024, "month": 7, "day": 8}, "text": {"headline": title}}
    source.write_text(json.dumps({"events": [slide]}), encoding="utf-8")
    assert run("import", "timelinejs", source, "--site", imported).code == 0
    assert _made(new) == _made(imported) != set()
    (slug,) = _made(new)
    if expected is not None:
        assert slug == expected
    elif title.startswith("北京 "):
        assert slug.startswith("olympics-open-") and len(slug) == len("olympics-open-") + 6
    else:
        assert slug.startswith("event-2024-07-08-") and len(slug) == len("event-2024-07-08-") + 6
    path = new / "content" / "events" / "2024" / f"{slug}.md"
    assert f"title: {json.dumps(title, ensure_ascii=False)}" in path.read_text(encoding="utf-8")
    # the file `new` makes is one `sitegen check` accepts (a draft's to-dos are warnings)
    checked = run("check", new, "--today", TODAY)
    assert checked.code == 0 and "\n0 errors, " in checked.out, checked.out
    assert "[name-reserved]" not in checked.out


def test_an_import_gives_no_unique_id_windows_keeps_for_a_device(tmp_path: Path) -> None:
    """A slide's unique_id "nul" was the file content/events/2024/nul.md, which Windows
    cannot hold and `check` warns about: the headline's slug is taken instead."""
    site = _site(tmp_path, "imported")
    source = tmp_path / "t.json"
    slide = {"start_date": {"year": 2024}, "text": {"headline": "Null result"}, "unique_id": "nul"}
    source.write_text(json.dumps({"events": [slide]}), encoding="utf-8")
    assert run("import", "timelinejs", source, "--site", site).code == 0
    assert _made(site) == {"null-result"}


def test_the_same_title_twice_is_refused_not_overwritten(tmp_path: Path) -> None:
    root = _site(tmp_path, "site")
    args = ("new", "event", "--title", "Саммит в Москве", "--date", DAY, "--site", root)
    assert run(*args).code == 0
    again = run(*args)
    assert again.code == 2 and "sammit-v-moskve.md already exists" in again.err


def test_a_person_in_a_script_no_table_spells_needs_a_slug(tmp_path: Path) -> None:
    root = _site(tmp_path, "site")
    refused = run("new", "person", "--title", "孔子", "--site", root)
    assert refused.code == 2
    assert "sitegen new person SLUG --title '孔子'" in refused.err
    made = run("new", "person", "kongzi", "--title", "孔子", "--site", root)
    assert made.code == 0 and (root / "content" / "people" / "kongzi.md").is_file()
    greek = run("new", "country", "--title", "Ελλάδα", "--site", root)
    assert greek.code == 0 and (root / "content" / "countries" / "ellada.md").is_file()


def test_neither_slug_nor_title_is_a_usage_error(tmp_path: Path) -> None:
    root = _site(tmp_path, "site")
    result = run("new", "event", "--site", root)
    assert result.code == 2 and "needs a slug, or a --title" in result.err
    source = run("new", "source", "--url", "https://example.org/", "--title", "T", "--site", root)
    assert source.code == 2 and "needs an ID" in source.err


def test_a_title_given_as_the_slug_is_refused_with_its_slug(tmp_path: Path) -> None:
    root = _site(tmp_path, "site")
    result = run("new", "event", "Саммит в Москве", "--site", root)
    assert result.code == 2
    assert "did you mean 'sammit-v-moskve'?" in result.err and "--title" in result.err
    assert _made(root) == set()


def test_check_suggests_the_same_slug_for_a_file_name(tmp_path: Path) -> None:
    root = _site(tmp_path, "site")
    sample = root / "content" / "events" / "1969" / "apollo-11-lands.md"
    sample.rename(sample.with_name("Высадка на Луну.md"))
    checked = run("check", root, "--today", TODAY)
    assert "rename it to 'vysadka-na-lunu.md'" in checked.out, checked.out
