"""Lone surrogates (U+D800-U+DFFF): no UTF-8 text holds one, but a YAML escape does
("\\ud800") where PyYAML reads it with its pure-Python loader (a PyYAML without libyaml,
whose C parser refuses the escape), and a file's name that is not UTF-8 is read as one.
Each is a diagnostic at its place, never a traceback or an "internal error"."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from sitegen import yamlfull
from sitegen.model import Body, hold_texts
from tests.conftest import BASE_FILES, TODAY, CliResult, run

BASE_EVENT = BASE_FILES["content/events/first.md"]
SURROGATE = "an escape puts U+D800 (a lone surrogate, half of a UTF-16 pair) in this value"


@pytest.fixture(params=["pure", "libyaml"])
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test with PyYAML's pure-Python loader, and with the C one where it is there."""
    if request.param == "pure":
        monkeypatch.setattr(yamlfull, "_Loader", yamlfull.loader_on(yaml.SafeLoader))
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML without libyaml")
    yield request.param


def _clean(result: CliResult) -> str:
    assert result.code == 1, result
    said = result.out + result.err
    assert "Traceback" not in said and "internal error" not in said, said
    return said


CASES = {
    "event title": ("content/events/first.md", 'title: "The first', 'title: "\\ud800The first'),
    "event summary": ("content/events/first.md", 'summary: "Some', 'summary: "Some\\udfff'),
    "a person named": ("content/events/first.md", "people: [ada-lovelace]", 'people: ["\\ud800"]'),
    "a tag": ("content/events/first.md", "sources: [wire]", 'sources: [wire]\ntags: ["a\\ud800"]'),
    "source title": ("content/sources.yaml", 'title: "A wire', 'title: "\\ud800A wire'),
    "source id": ("content/sources.yaml", "wire:", '"w\\ud800":\n  title: x\nwire:'),
    "site title": ("content/site.yaml", 'title: "Test', 'title: "\\ud800Test'),
    "person name": ("content/people/ada-lovelace.md", 'name: "Ada', 'name: "\\ud800Ada'),
    "a pair's halves": ("content/events/first.md", 'title: "The', 'title: "\\ud83d\\ude00The'),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_lone_surrogate_escaped_in_yaml_is_a_diagnostic(
    site: Callable[..., Path], yaml_loader: str, case: str, command: str
) -> None:
    rel, old, new = CASES[case]
    text = BASE_FILES[rel]
    assert old in text
    written = text.replace(old, new, 1)
    root = site({rel: written})
    said = _clean(run(command, root, "--today", TODAY))
    line = next(n for n, row in enumerate(written.split("\n"), start=1) if "\\ud" in row)
    if yaml_loader == "pure":
        assert f"{rel}:{line}:" in said and "[control-char]" in said, said
        assert "(a lone surrogate, half of a UTF-16 pair) in this value" in said
    else:  # (libyaml refuses the escape itself)
        assert f"{rel}:{line}:" in said and "[yaml-syntax]" in said, said
    if command == "build":
        assert "nothing was written" in said


def test_the_escape_is_pointed_at_and_the_character_itself_is_what_to_write(
    site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlfull, "_Loader", yamlfull.loader_on(yaml.SafeLoader))
    root = site({"content/events/first.md": BASE_EVENT.replace('"The first', '"The \\ud800first')})
    said = _clean(run("check", root, "--today", TODAY))
    assert said.splitlines()[0] == (
        f"content/events/first.md:2:13: error: {SURROGATE}, which no page can hold; write the "
        "character itself instead of its escape [control-char]"
    )


def test_a_template_or_theme_asset_whose_name_is_not_utf8_is_a_diagnostic(
    site: Callable[..., Path],
) -> None:
    """A name not UTF-8 is read with a lone surrogate: Jinja could not hash a template's
    name ('internal error: UnicodeEncodeError'), and an asset's is no address. A backup
    sitegen reads not (old.html.bak) is passed over."""
    root = site()
    folder = os.fsencode(root / "templates")
    os.makedirs(folder + b"/assets")
    for name in (b"/n\xffotes.html", b"/assets/a\xff.css", b"/old\xff.bak"):
        with open(folder + name, "wb") as f:
            f.write(b"x")
    for command in ("check", "build"):
        said = _clean(run(command, root, "--today", TODAY))
        errors = [line for line in said.splitlines() if ": error: " in line]
        why = "this file's name is not UTF-8 text, so no template or page can name it; rename it"
        assert errors == [
            f"templates/assets/a\\udcff.css:1:1: error: {why} [encoding]",
            f"templates/n\\udcffotes.html:1:1: error: {why} [encoding]",
        ], said


def test_a_body_whose_plain_text_holds_a_lone_surrogate_pickles_and_holds() -> None:
    """Body.plain_bytes (what a data file's record weighs) counts it as hold_texts keeps
    it: a body made in code with one pickled and read back as it was."""
    body = Body("<p>lone \udcff</p>", "lone \udcff \U0001f30d")
    assert body.plain_bytes == len(b"lone ") + 3 + 1 + 4
    again = pickle.loads(pickle.dumps(body))
    assert again.plain == body.plain and again.plain_bytes == body.plain_bytes
    held = [Body("<p>x</p>", "a \udcff \u2014")]
    hold_texts(held)
    assert held[0].plain == "a \udcff \u2014" and held[0].plain_bytes == 2 + 3 + 1 + 3
