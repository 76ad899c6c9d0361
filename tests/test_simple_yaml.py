"""Front matter read without PyYAML (load.simple_yaml) reads as PyYAML reads it: the same
values, of the same types, and the same line and column for every value and key (what a
diagnostic points at); any document it cannot be sure of is left to PyYAML."""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import pytest

from sitegen import load
from sitegen.load import YAMLProblem, parse_yaml, simple_yaml


def _pyyaml(text: str, first_line: int) -> tuple[Any, load.Marks]:
    saved = load.simple_yaml
    load.simple_yaml = lambda text, first_line: None  # type: ignore[assignment]
    try:
        return parse_yaml(text, first_line)
    finally:
        load.simple_yaml = saved


def _typed(value: Any) -> Any:
    if isinstance(value, dict):
        return [(_typed(k), _typed(v)) for k, v in value.items()]
    if isinstance(value, list):
        return ["list", *(_typed(v) for v in value)]
    return (type(value).__name__, value)


def _same(text: str, first_line: int = 2) -> str:
    """'simple' where simple_yaml read it (as PyYAML does), 'pyyaml' where it left it,
    'refused' where PyYAML refuses it (and simple_yaml left it)."""
    fast = simple_yaml(text, first_line)
    try:
        data, marks = _pyyaml(text, first_line)
    except YAMLProblem:
        assert fast is None, text
        return "refused"
    if fast is None:
        return "pyyaml"
    assert _typed(fast[0]) == _typed(data), text
    assert list(fast[1].values.items()) == list(marks.values.items()), text
    assert list(fast[1].keys.items()) == list(marks.keys.items()), text
    return "simple"


SIMPLE = [
    'title: "A day"\nsummary: "It\'s: here # not a comment"\ndate: "2024-07-08"\n'
    'people:\n  - "ada"\n  - "bob"\ntags:\n- "a"\n- b c\n',
    "title: Plain text, a:colon\norder: 2\ndraft: false\nx: ~\nlink: http://a.b/c#d",
    "\n# a comment\n\ntitle:   'single'\npeople: [ada, bob c]\ntags: []\n"
    "series: {id: \"s-1\", number: 16}\nmore:\n    -   x\n\n    # between\n    - 'y'",
    "k: é ü 中文 🇺🇦\nlist:\n  - 1\n  - yes\n  - null",
    'weber2019:\n  title: "A title"\n  url: https://a.b/c\n\n  published: 2019\nb-2:\n    x: y',
    "title: a\n  continued\nsummary: Leaders of the two met, and\n    agreed (at last)\n"
    '  to talk 2024\npeople:\n- ada\nend: "x"',
]

PYYAML = [
    'title: "a \\" b"',  # an escape
    "title: 'it''s'",
    "title: a # comment",
    "title: a\n\n  continued",  # (a blank line inside: a line break)
    "title: a\n  - b",
    "title: a\n  b: c",
    "title: a\n  b #c",
    "title: a\n  b:",
    "title: 2024\n  more",  # (a number, a date: resolved whole)
    "title: yes\n  more",
    'title: "a"\n  more',
    "title: 'a'\n  more",
    "title: 'a\n  b'",
    "people:\n- a\n  more",
    "title: a\nend: b\n  c\n d\n- e",
    "people:\n  - a\n    - b",
    "people:",  # null
    "k: [a, [b]]",
    "k: {a: [b]}",
    "k: [a, ]",
    "order: 012",  # octal in YAML 1.1
    "n: 1.5",
    "on: x",  # a key read as true
    "k: &a x\nj: *a",
    "k: |\n  text",
    "k: a\tb",
    "k: a\u2028b",
    "- a\n- b",
    "k: v\nk: w",  # refused by PyYAML's walk
    "k: [a: b]",
    "s:\n  a: b\n   c: d",  # (another indent)
    "s:\n  a: b\n  - c",
    "s:\n  a:\n    b: c",
    "s:\n  a: b\n  a: c",
    "s:\n  on: b",
]


def test_front_matter_as_yaml_safe_dump_writes_it_is_read_as_pyyaml_reads_it() -> None:
    """yaml.safe_dump folds a long text over lines of more indent: simple_yaml reads
    such documents (random event-like mappings, long texts of words and punctuation, in
    any key order, ASCII or not) as PyYAML reads them, marks included, and most of them
    itself."""
    import random

    import yaml

    rng = random.Random(8)
    words = ["the", "talks", "Geneva,", "leaders", "(at", "last)", "2024", "a-b", "x/y"] * 6
    words += ["é", "中文", "it's", "50%", "a.b", "ok;", "said:", "#1", "--", "one", "[x]"]
    simple = 0
    for n in range(400):
        text = " ".join(rng.choices(words, k=rng.randint(1, 60)))
        event = {
            "title": " ".join(rng.choices(words, k=rng.randint(1, 12))),
            "date": f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            "summary": text,
            "people": rng.sample(["ada", "bob", "cy"], k=rng.randint(0, 3)),
            "order": rng.randint(1, 9),
            "draft": rng.random() < 0.5,
        }
        dumped = yaml.safe_dump(event, sort_keys=n % 2 == 0, allow_unicode=n % 3 == 0)
        simple += _same(dumped) == "simple"
    assert simple > 80  # (a text with `: `, ` #`, `[` … is single-quoted: PyYAML's)


@pytest.mark.parametrize("text", SIMPLE)
def test_simple_shapes_read_as_pyyaml_reads_them(text: str) -> None:
    assert _same(text) == "simple"
    assert _same(text, first_line=1) == "simple"


@pytest.mark.parametrize("text", PYYAML)
def test_other_shapes_are_left_to_pyyaml(text: str) -> None:
    assert _same(text) in ("pyyaml", "refused")


def test_mixed_lines_read_as_pyyaml_reads_them() -> None:
    values = [
        ' "a b"', " a b", " 'q'", " 2", " 0", " true", " No", " ~", " [a, b]", " []",
        " {id: x, n: 3}", " {}", ' "x, y"', " a: b", " a:", " -a", " - a", " a #b",
        " a#b", " 2019-05", " 12:30", " +1", " .5", " =", " @x", ' "a" x"', "", "  ",
    ]  # fmt: skip
    items = ["  - a", '  - "b"', "- c", "    - d", "  -   e", "  - 1", "  - x: y", "", "# c"]
    items += ["  a: b", '  b: "c"', "    c: 1", "  on: y", "  d:", "  e: [x]", "  a: z"]
    rng = random.Random(20)
    seen = set()
    for _ in range(3000):
        lines = []
        for key in rng.sample(["title", "a", "b_c", "d-e", "tags", "on", "Yes", "x1"], 3):
            if rng.random() < 0.4:
                lines.append(key + ":")
                lines += rng.choices(items, k=rng.randint(0, 3))
            else:
                lines.append(key + ":" + rng.choice(values))
        seen.add(_same("\n".join(lines), rng.choice((1, 2))))
    assert seen == {"simple", "pyyaml", "refused"}


def test_quoted_entries_read_at_once_as_pyyaml_reads_them() -> None:
    """load._read_quick's entries (`key: "text"`, and `key:` with its quoted items read
    at once) amid other lines, as PyYAML reads them: items at one indent or another,
    spaces after a mark or a line, long items (not interned), a key given twice, an
    item after a value, a document that ends in a line break or an open key."""
    quoted = ['"a"', '""', '"a b: c"', '"' + "x" * 70 + '"', '"é 中"', '"a" b', '"a # b"']
    rng = random.Random(21)
    seen = set()
    for _ in range(3000):
        lines = []
        for key in rng.choices(["title", "people", "tags", "on", "k-1", "_s"], k=4):
            spaces = " " * rng.choice((0, 0, 1, 2))
            if rng.random() < 0.4:
                lines.append(f"{key}:{rng.choice((' ', '  '))}{rng.choice(quoted)}{spaces}")
            else:
                lines.append(f"{key}:{spaces}")
                indent = " " * rng.choice((0, 2, 2, 4))
                for _ in range(rng.randint(0, 4)):
                    if rng.random() < 0.1:
                        indent = " " * rng.choice((0, 2, 3))
                    mark = rng.choice(("- ", "- ", "-  "))
                    lines.append(f"{indent}{mark}{rng.choice(quoted)}{spaces}")
            if rng.random() < 0.1:
                lines.append(rng.choice(["series: {id: x, n: 3}", "order: 2", "# c", "", "  a: b"]))
        text = "\n".join(lines) + rng.choice(("", "", "\n"))
        seen.add(_same(text, rng.choice((1, 2))))
        read = simple_yaml(text, 2)
        for value in read[0].values() if read else ():
            for item in value if isinstance(value, list) else ():
                # (one string for each short item, as PyYAML's walk interns them)
                equal = (item + ".")[:-1]  # (another string of its characters)
                assert len(item) > load.INTERN_MAX or sys.intern(equal) is item, text
    assert seen == {"simple", "pyyaml", "refused"}


def test_plain_values_are_resolved_as_pyyamls_tables_say() -> None:
    """simple_yaml resolves a plain value by tables of its own (PyYAML not imported):
    they are PyYAML's safe loader's implicit resolvers, YAML 1.1, but the timestamps
    that sitegen reads as text."""
    import yaml

    resolvers = yaml.SafeLoader.yaml_implicit_resolvers
    patterns = {tag.rpartition(":")[2]: rx.pattern for rs in resolvers.values() for tag, rx in rs}
    assert patterns["float"] == load._YAML_FLOAT.pattern
    assert patterns["int"] == load._YAML_INT.pattern
    for word in load._BOOL_WORDS | load._NULL_WORDS:
        tags = [tag for tag, rx in resolvers[word[0]] if rx.match(word)]
        assert tags[:1] in (["tag:yaml.org,2002:bool"], ["tag:yaml.org,2002:null"]), word
    firsts = {first for first, rs in resolvers.items() for tag, _ in rs if "int" in tag}
    assert firsts <= load._NUMBER_STARTS


def test_a_key_is_text_as_a_plain_value_of_its_name_is() -> None:
    """_text_key's quick answer (no word of true/false or null) is _simple_scalar's for
    every name _SIMPLE_LINE takes as a key."""
    names = [*load._BOOL_WORDS, *load._NULL_WORDS, "title", "_x", "a-1", "Null_", "x" * 201]
    rng = random.Random(20)
    names += [
        "".join(rng.choices("nNoOyYeEsStTrRuUfFlLaA_-1", k=rng.randint(1, 6))) for _ in range(3000)
    ]
    for name in names:
        if load._SIMPLE_LINE.fullmatch(name + ": x"):
            expected = len(name) <= load._SIMPLE_KEY_MAX and load._simple_scalar(name) is name
            assert load._text_key(name) == expected, name


def test_a_build_of_simple_files_does_not_import_pyyaml(tmp_path: Path) -> None:
    """PyYAML is imported when a file first needs it (yamlfull), not by a build every
    file of which simple_yaml reads."""
    import shutil
    import subprocess
    import sys

    site = tmp_path / "site"
    shutil.copytree(Path(__file__).parent / "sites" / "rosetta", site)
    script = (
        "import sys; from pathlib import Path; from sitegen.build import Builder; "
        f"Builder(Path({str(site)!r}), use_cache=False).load(); "
        "print('yaml' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "False", out.stderr


def test_what_is_left_to_pyyaml_is_every_code_point_outside_the_simple_ranges() -> None:
    """The listed class finds the same characters as the class of every code point but
    the ones a simple value may hold (the newline, printable ASCII, and the rest of
    Unicode less U+2028/U+2029, surrogates, the byte order mark and U+FFFE/U+FFFF)."""
    import re

    allowed = (
        "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
    )
    every = "".join(map(chr, range(0x110000)))
    listed = re.compile(load.NOT_SIMPLE_LISTED)
    assert [m.start() for m in listed.finditer(every)] == [
        m.start() for m in re.compile(allowed).finditer(every)
    ]
    for code in range(0x100):  # (ASCII text is told by _not_simple's translate)
        text = f"a: b{chr(code)}\n"
        assert load._not_simple(text) == (listed.search(text) is not None), hex(code)
    assert simple_yaml("title: a\tb\n", 2) is None  # (a tab: left to PyYAML)
    assert parse_yaml("title: a\tb\n", 2)[0] == {"title": "a\tb"}
