"""The direct block path in parts (markdown._blocks_in_parts): each block that
_shaped_block takes made directly, each other one parsed by markdown-it's block rules,
the same tokens, HTML, plain text, references and diagnostics as markdown-it's whole
parse of the body makes."""

import random
from typing import Any

import pytest

from sitegen import markdown
from sitegen.markdown import render

SHAPED_BLOCKS = [
    "Intro [@w] with [[a|A]] and **bold**.",
    "A wrapped paragraph [@v]\nover [[two]] lines.",
    "## A heading [[h]]",
    "- one [[a]]\n- two [@b]",
    "1. first *em*\n2. second",
    "> A one-line quote [@q].",
    "```py\ncode [@x] [[y]]\n\n    kept\n```",
]
"""Blocks the direct path makes (markdown._shaped_block)."""

OTHER_BLOCKS = [
    "| Year | Measure [@a] |\n|---|---:|\n| 1998 | [[x|X]] |\n"
    "| 2001 | [l](https://e.org) ![p](/p.png) |",
    "a | b\n--|--\n1 | [[c]]",
    "| left | center | right | none |\n| :--- | :-: | --: | --- |  \n| 1 | 2 |\n"
    "| 1 | 2 | 3 | 4 | 5 |\n|| | **b** |\n|\n| `a|b` | c |",
    "| a \\| b | c |\n|---|---|\n| 1 \\| 2 | 3 |",
    "| a | b |\n|---|---|\n| 1 \\| 2 | 3 |\n| \\ |",
    "|a|\n|-|",
    "|a|b|\n|-|\n|1|2|",
    "| a | b |\n|---||---|\n| 1 | 2 |",
    "| a | b |\n| -- | x |",
    "|\n|-|\n|1|",
    "| a |\n| |\n| 1 |",
    "| a |\n|---|\n| 1 |\nits lazy row\n\n| b |\n|---|\n| 2 |\n    code",
    "| a |\n|---|\n| 1 |\n> a quote ends it",
    "| a |\n|---|\n| 1 |\n   \n| 2 |",
    "> A quote [@q]\nits lazy line [[y]]\nand another\n>\n> \u2014 [[z]]",
    "> a quote\n\n>no space after the mark",
    "> a\n>\nnot lazy after an empty line",
    "> a\nlazy\n> more [@m]\nlazy two\n>\n> b\nlazy three",
    "> a\n- a list ends it\n\n> b\n  an indented line\n\n> c\n[x]: /not-lazy",
    "> a\n#tag\n\n> b\n**strong** lazy\n\n> c\n***\n\n> d\n```\nx\n```",
    "> a\nlazy  \nafter a hard break\n>",
    "- a\n\n\n- b after two blank lines\n\n\n",
    "- a\n- b\n\n- c [@c]\n- d\n\nAfter",
    "1. a\n\n2. b\n\n1) another delimiter",
    "0. zero\n\n7. seven\n\n- bullets",
    "- a\n\n- b\nlazy\n\n- c",
    "- a\n\n- b\n\n-\n\n- d",
    "- a\n\n- # heading item\n\n- c",
    "- a\n\n- b\n\n    code after the list",
    "- one [@a]\n\n- two [[b]]\n\n- three",
    "1. one\n\n2. two [l](/a)\n\n3. three",
    "3) from three\n\n4) four",
    "- outer\n\n  - inner [@n]\n\n  - inner two\n\n- outer two",
    "1. item\n\n   its second paragraph [@s]\n2. item",
    "- item\n\n      indented code in it\n\n  back",
    "- a\n- b\n\n  continued in b [@c]",
    "- a\n\n- b\n\n1. another list\n\n2. of another kind",
    "1. a\n\n2. b\n\n- bullets after\n\n- them",
    "- an item\nits lazy line",
    "* a star\n* list\n\n+ a plus\n\n+ list",
    "    code [@c]\n\n    more code\n\n\n    after blanks",
    "\tcode by a tab\n\n\tmore",
    "<div>\n*html* [@h] [[w]]\n</div>",
    "<!-- a comment\n\nwith a blank line\n\n- and a mark -->",
    "<pre>\nx [@p]\n\ny\n</pre>",
    "<script>\na\n\nb\n</script>",
    "<?php\n\necho 1;\n\n?>",
    "<!DOCTYPE html>",
    "<![CDATA[\n\nx\n\n]]>",
    "<custom-tag>\n\ntext after it",
    "Title [@t]\n===\n\nSub [[s]]\n---",
    "A paragraph\nthen a setext underline\n---",
    "***\n\n- - -\n\n___",
    '[ref]: https://e.org/ "Title"\n\nSee [ref] and [it][ref] and ![pic][ref].',
    "See [later] before it is defined.\n\n[later]: /a/path",
    "> [quoted]: /defined/in/a/quote\n\n[quoted] link",
    "- [listed]: /defined/in/an/item\n\n[listed] link",
    "```\nunclosed fence [@f]\n\ncode",
    "~~~~\n```\n~~~\n~~~~",
    "A paragraph\n#not a heading\n\ntext",
    "A paragraph\n## closed ##",
    "## closed ##\n- list right after",
    "A paragraph\n    indented continuation",
    "A paragraph\n| a | b |\n|---|---|\n| 1 | 2 |",
    "para\n   \nmore after spaces",
    "> q\n> > nested [@n]\n> back",
    "1.\n\n-\n\n1. # h",
    "Hard break  \nhere\\\nand `code` and <b>raw</b> & [bad](javascript:x)",
]
"""Blocks markdown-it parses (each or one of its lines a block _shaped_block does not
take): tables, lazy quotes, loose and nested lists, lists of another mark, indented code,
HTML blocks of each kind (1 to 5 end only at their end mark, past blank lines), setext
headings, rules, reference definitions, unclosed fences, paragraphs a `#` line or an
indented one goes on, a line of spaces, nested quotes, empty items."""

ENDS = ["", "\n", "\n\n", "\n  ", "\n\n\t"]
"""What a body may end with: a blank line, a last line of spaces alone (no line to
markdown-it's block parser)."""


def whole_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """markdown-it's own parser in place of the direct one, for every body markdown-it
    makes: the output a body in parts is held to."""
    monkeypatch.setattr(markdown, "_direct_parser", markdown._parser)


def contexts() -> list[str]:
    """Each OTHER_BLOCKS block alone, and between shaped blocks: after a blank line or
    right after a line of them, before a blank line or right before one."""
    bodies = []
    for at, other in enumerate(OTHER_BLOCKS):
        before = SHAPED_BLOCKS[at % len(SHAPED_BLOCKS)]
        after = SHAPED_BLOCKS[(at + 3) % len(SHAPED_BLOCKS)]
        bodies.append(other + ENDS[at % len(ENDS)])
        for first, second in (("\n\n", "\n\n"), ("\n", "\n\n"), ("\n\n", "\n")):
            bodies.append(before + first + other + second + after)
            bodies.append(after + first + other + second + before + "\n")
    return bodies


def sample(count: int, seed: int) -> list[str]:
    """`count` bodies of shaped and other blocks in a random order, seeded: three to
    nine blocks, mostly shaped (as a newsroom writes them), apart by one, two or three
    line ends."""
    rng = random.Random(seed)
    bodies = []
    for _ in range(count):
        blocks = [
            rng.choice(OTHER_BLOCKS if rng.random() < 0.3 else SHAPED_BLOCKS)
            for _ in range(rng.randint(3, 9))
        ]
        apart = [rng.choice(("\n\n", "\n\n", "\n", "\n\n\n")) for _ in blocks]
        bodies.append("".join(b + a for b, a in zip(blocks, apart, strict=True))[:-1])
    return bodies


def tokens_and_env(body: str, html: bool, parser: Any) -> tuple[Any, ...]:
    env: dict[str, Any] = {
        "allow_html": html, "problems": [], "refs": [], "hrefs": [], "pictures": [],
    }  # fmt: skip
    tokens = parser(html).parse(body, env)
    return tokens, markdown._blocks_html(tokens, markdown._parser(html), env), env


def rendered(bodies: list[str]) -> list[tuple[Any, ...]]:
    made = [render(b, "x.md", 3, html) for b in bodies for html in (False, True)]
    return [(r, r.body.plain, r.body.hrefs, r.body.pictures, r.diagnostics) for r in made]


def test_other_blocks_parsed_in_parts_as_in_the_whole_body() -> None:
    """Each body with a block markdown-it parses, alone or between blocks the direct path
    makes: the tokens (every field), HTML and what was found (problems, references,
    addresses, definitions) markdown-it's whole parse makes, with and without raw
    HTML; light_made takes none of them."""
    bodies = contexts()
    for body in bodies:
        for html in (False, True):
            assert tokens_and_env(body, html, markdown._direct_parser) == tokens_and_env(
                body, html, markdown._parser
            ), body
        assert markdown.light_made(body, {"problems": [], "refs": []}) is None, body


def test_other_blocks_rendered_in_parts_as_in_the_whole_body(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """render's Rendered (HTML, plain text, citations and links and their places, hrefs,
    pictures, diagnostics) of each body in parts is that of markdown-it's whole parse."""
    bodies = contexts()
    parts = rendered(bodies)
    whole_parse(monkeypatch)
    for body, one, own in zip(bodies * 2, parts, rendered(bodies), strict=True):
        assert one == own, body


def test_a_generated_sample_rendered_in_parts_as_in_the_whole_body(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A seeded sample of bodies of shaped and other blocks in random orders, each apart
    by a blank line or none, renders as markdown-it's whole parse renders it."""
    bodies = sample(400, 20)
    parts = rendered(bodies)
    whole_parse(monkeypatch)
    for body, one, own in zip(bodies * 2, parts, rendered(bodies), strict=True):
        assert one == own, body


def test_only_the_blocks_it_cannot_make_go_to_markdown_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A body with one list of an item of two paragraphs between shaped blocks:
    markdown-it parses the list alone (its lines, from its first); a table of `|`
    lines, a quote with lazy lines and a loose list none: they are made directly
    (_made_in_parts); a tight list before an indented line is parsed with it (a list
    goes on past its blank lines at an indented line); a paragraph that a `#` line goes
    on, with that line."""
    parsed: list[list[str]] = []
    real = markdown._parsed_block

    def spy(state: Any, line: int, end: int) -> int:
        after = real(state, line, end)
        parsed.append(state.src.split("\n")[line:after])
        return after

    monkeypatch.setattr(markdown, "_parsed_block", spy)
    items = "1. item\n\n   its second paragraph [@s]\n2. item"
    render(f"{SHAPED_BLOCKS[0]}\n\n{items}\n\n{SHAPED_BLOCKS[3]}\n\n## End", "x.md", 1)
    assert parsed == [[*items.split("\n"), ""]]
    parsed.clear()
    made = ["| a |\n|---|\n| 1 |", "> quote\nlazy\n>\n> b", "- a\n\n- b", "1. a\n2. b\n\n3. c"]
    render(f"{SHAPED_BLOCKS[0]}\n\n" + "\n\n".join(made) + "\n\nEnd.", "x.md", 1)
    assert parsed == []
    render("Text\n\n- a\n- b\n\n  more of b\n\nAfter", "x.md", 1)
    assert parsed == [["- a", "- b", "", "  more of b", ""]]
    parsed.clear()
    render("# Head\n\nA paragraph\n#not a heading\n\n> q", "x.md", 1)
    assert parsed == [["A paragraph", "#not a heading"]]
