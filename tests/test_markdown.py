import random
import re
from collections import Counter
from typing import Any

import pytest

from sitegen.markdown import inline, render, resolve, smarten
from tests.conftest import skip_untried_markdown_it


def links(target: str) -> tuple[str, str] | None:
    table = {"vladimir-putin": ("../../people/vladimir-putin/", "Vladimir Putin")}
    return table.get(target)


def test_citations_and_wiki_links_become_placeholders_then_links() -> None:
    r = render("Said [[vladimir-putin]] [@tass].", "e.md", 5)
    html = resolve(r.body.html, {"tass": 1}, links)
    assert '<a href="../../people/vladimir-putin/">Vladimir Putin</a>' in html
    # the first citation of a source is where the source list's "back to the text" returns
    assert '<a href="#source-1" id="cite-1" aria-label="source 1">1</a>' in html
    assert [c.target for c in r.body.citations] == ["tass"]
    assert [(ref.target, ref.line, ref.column) for ref in r.body.links] == [
        ("vladimir-putin", 5, 6)
    ]


def test_wiki_link_with_text_and_kind_prefix() -> None:
    r = render("[[people/vladimir-putin|the president]]", "e.md", 1)
    assert r.body.links[0].target == "people/vladimir-putin"
    assert ">the president</a>" in r.body.html


def test_multiple_citations_in_one_bracket() -> None:
    r = render("Claim [@a; @b].", "e.md", 1)
    assert [c.target for c in r.body.citations] == ["a", "b"]
    assert "[1, 2]" in resolve(r.body.html, {"a": 1, "b": 2}, links).replace(
        '<a href="#source-1" id="cite-1" aria-label="source 1">1</a>', "1"
    ).replace('<a href="#source-2" id="cite-2" aria-label="source 2">2</a>', "2")


def test_only_the_first_citation_of_a_source_is_the_way_back() -> None:
    r = render("One [@a]. Two [@a].", "e.md", 1)
    html = resolve(r.body.html, {"a": 1}, links)
    assert html.count('id="cite-1"') == 1 and html.count('href="#source-1"') == 2


def test_every_kind_of_placeholder_filled_as_before() -> None:
    """resolve fills the placeholders in a loop over the body split at them: each kind,
    a citation of a source the page does not list, a link to nothing (its words kept as
    text), a title to escape, text before, between and after, exactly as written."""
    table = {"x": ("\x01events/x/", "X & <Y>"), "p": ("../p/?a=1&b=2", "P")}
    body = (
        "<p>start \x02c:a\x03 \x02c:a\x03\x02c:b\x03 \x02c:<gone>\x03 "
        '<a href="\x02h:x\x03">\x02t:x\x03</a> <a href="\x02h:p\x03">see</a> '
        '<a href="\x02h:draft\x03">draft words</a> \x02t:no&thing\x03 end</p>'
    )
    assert resolve(body, {"a": 1, "b": 2}, table.get, named=False, cited="page/") == (
        '<p>start <a href="page/#source-1" id="cite-1">1</a> <a href="page/#source-1">1</a>'
        '<a href="page/#source-2" id="cite-2">2</a> &lt;gone&gt; '
        '<a href="\x01events/x/">X &amp; &lt;Y&gt;</a> <a href="../p/?a=1&amp;b=2">see</a> '
        "draft words no&amp;thing end</p>"
    )
    assert resolve("no placeholders", {}, table.get) == "no placeholders"
    assert resolve("\x02c:a\x03", {"a": 3}, table.get) == (
        '<a href="#source-3" id="cite-3" aria-label="source 3">3</a>'
    )


def test_rules_never_fire_in_code_spans_or_fenced_code() -> None:
    body = "Use `[@x]` and `[[y]]`.\n\n```\n[@z] [[w]]\n```\n\n    [@indented]\n"
    r = render(body, "e.md", 1)
    assert r.body.citations == ()
    assert r.body.links == ()
    assert "<code>[@x]</code>" in r.body.html
    assert "[[w]]" in r.body.html


def test_raw_html_is_escaped_and_reported_unless_allowed() -> None:
    r = render("Hi <b>there</b>\n\n<div>block</div>\n", "e.md", 10)
    assert "&lt;b&gt;" in r.body.html and "<b>" not in r.body.html
    assert "&lt;div&gt;" in r.body.html
    assert {d.code for d in r.diagnostics} == {"html-raw"}
    assert r.diagnostics[0].line == 10
    allowed = render("Hi <b>there</b>", "e.md", 1, allow_html=True)
    assert "<b>there</b>" in allowed.body.html and not allowed.diagnostics


def test_only_http_https_mailto_links() -> None:
    body = "[a](javascript:alert(1)) [b](https://ok.example) [c](mailto:x@y.z) [d](ftp://x)"
    r = render(body, "e.md", 3)
    assert "javascript:" not in r.body.html.replace("&quot;", "")
    assert 'href="https://ok.example"' in r.body.html
    assert 'href="mailto:x@y.z"' in r.body.html
    assert 'href="ftp://x"' not in r.body.html
    codes = [(d.code, d.line, d.column) for d in r.diagnostics]
    assert codes == [
        ("link-scheme", 3, body.index("javascript") + 1),
        ("link-scheme", 3, body.index("ftp:") + 1),
    ]


def test_image_needs_alt_text() -> None:
    r = render("![](photo.jpg)", "e.md", 2)
    assert [(d.code, d.line) for d in r.diagnostics] == [("image-alt", 2)]
    assert not render("![A crowd](photo.jpg)", "e.md", 2).diagnostics


def test_plain_text_for_search() -> None:
    r = render("# Head\n\nSome **bold** [[vladimir-putin|Putin]] text [@a].", "e.md", 1)
    assert r.body.text == "Head Some bold Putin text."  # no gap where the citation was
    # the search index takes the text as it is: single spaces, none at either end
    spaced = render("  Lines\n  with   gaps\n\n```\ncode\t here\n```\n\n- a  \n- b\n", "e.md", 1)
    assert spaced.body.text == "Lines with gaps code here a b"


def test_windows_line_ends_and_nul_render_like_unix_text() -> None:
    unix = render("Line one\nline two.\n\nSecond [@tass] paragraph.\n", "e.md", 1).body
    windows = render("Line one\r\nline two.\r\n\r\nSecond [@tass] paragraph.\r\n", "e.md", 1).body
    assert windows.html == unix.html
    assert [(c.target, c.line) for c in windows.citations] == [("tass", 4)]
    assert render("a\0b", "e.md", 1).body.html == "<p>a\ufffdb</p>\n"


def test_smarten_changes_typography_and_keeps_the_rest_as_written() -> None:
    assert smarten('He said "no" -- twice...') == "He said \u201cno\u201d \u2013 twice\u2026"
    assert smarten("It's (c) 2024") == "It\u2019s \u00a9 2024"
    assert smarten("A sentence and its full stop.") == "A sentence and its full stop."
    # what the typographer leaves alone stays as written, even what its parser would
    # normalise (a carriage return) or replace (two commas) when something else is there
    assert smarten("line\rbreak, twice,, over") == "line\rbreak, twice,, over"
    assert smarten("it's\rthere") == "it\u2019s\nthere"
    assert smarten("wait,, what?") == "wait, what?"


def test_smarten_makes_apostrophes_as_the_typographer_does() -> None:
    """A title whose only typography is apostrophes after a letter or digit is made
    without markdown-it's typographer (nor its import), as that makes it."""
    skip_untried_markdown_it()
    from sitegen import markdown

    titles = [
        "Ada's", "The States' agency.", "1990's rock'n'roll!", "'90s", "It's 'quoted'",
        "Ada's \"word\"", "Ada's -- dash", "Ada's\rline", "(Ada's) [x]'s", "Ada's\nnext's",
    ]  # fmt: skip
    made = markdown._typographer()
    for title in titles:
        own = "".join(
            "\n" if c.type.endswith("break") else c.content
            for c in made.parseInline(title)[0].children or ()
        )
        assert smarten(title) == own, title
    assert [markdown._apostrophes_alone(t, lambda text: "--" in text) for t in titles] == [
        True, True, True, False, False, False, False, False, False, True
    ]  # fmt: skip


BODIES_FOR_GATES = [
    "An escaped \\*star\\* and \\[@not-a-cite] beside [@wire] and &amp; &copy; &#35;.",
    'A [link](https://e.org/) then\ntext \\` and &lt;tag&gt; -- "quoted" [[a|b]].',
    "![alt \\* &amp; text](https://e.org/p.png) and **bold** _em_ ~~struck~~ x.",
    "Said Ada\n[@wire] and  two  spaces [@a; @b] end [@c]\n\n    code [@d]\n",
    "| a [@x] | b \\| c |\n|---|---|\n| [[p]] [@y] | [[p]] [@y] &amp; |\n",
]
"""Bodies where markdown-it's text_join rule has work (escapes, entities) or not, and
citations placed where the plain text's spaces around them vary."""


def test_typography_in_a_body_as_with_the_typographer_on_every_body(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Bodies without a quote, a dash or the like skip markdown-it's typographer rules
    (markdown._only_if): each body renders as with the rules run on all."""
    from sitegen import adapters, markdown

    bodies = [
        'He said "no" -- twice... it\'s (c) 2024 (TM), 1 +- 2, wait,, what???? no!!!!',
        "A table:\n\n| a | b |\n|---|---|\n| it's | x -- y |\n",
        "- one 'item'\n- two (r)\n\n> quoted \"text\"\n\n```\ncode -- 'kept'\n```\n",
        "Plain words, [[osdoria|Osdoria]] and [@wire] only.",
        "*emphasis* and `it's code` -- with &quot;entities&quot; and &amp; (C)",
    ]
    bodies += BODIES_FOR_GATES
    guarded = [render(b, "x.md", 1).body for b in bodies]
    markdown._parser.cache_clear()
    monkeypatch.setattr(adapters, "typography_tests", lambda: None)
    monkeypatch.setattr(adapters, "special_text_test", lambda: None)
    try:
        everywhere = [render(b, "x.md", 1).body for b in bodies]
    finally:
        markdown._parser.cache_clear()
    assert guarded == everywhere
    assert "\u201cno\u201d" in guarded[0].html and "\u00a9" in guarded[0].html


PARAGRAPHS_AND_NOT = [
    "One line, **bold** and _em_ ~~struck~~ [@wire].\n\n[[osdoria|Osdoria]] starts this.",
    "Said Ada\n[@wire] and Bo\n[[p]] then -- 'q'\n\n[@x]: /ref\n\nUsed [x] and [@x].",
    "Title\n===\n\nSub\n---\n\n# Head\n\n> quote [@a]\n\n- item\n+ item\n* item\n\n***",
    "1. one\n2) two\n\n    code [@d]\n\n\tcode\n\n```\nfence\n```\n\n~~~\nx\n~~~\n\n"
    "<div>\nhtml\n</div>",
    "a | b\n--|--\n1 | 2\n\n[ref]: https://e.org/\n\nSee [ref] and *a\nb* and a  \nbreak.",
    "Plain words only, no mark at all [@a; @b] and [[c|C]].\n\nA second one | 1990.\n",
    "a | b\n:-|:-\n1 | 2\n\nc | d\n|-|-|\n3 | 4\n\n[[x|y]] | z\n--- | ---\n5 | 6",
]
"""Bodies of paragraphs alone, and bodies with every other kind of block, each block mark
at a line's start."""


def test_body_as_with_every_rule_run_on_every_body(monkeypatch: pytest.MonkeyPatch) -> None:
    """A body whose lines start nothing but paragraphs (or headings, one-line quotes and
    tight lists of one-line items) is parsed without markdown-it's block parser
    (markdown._direct_blocks), a paragraph without a `*`, `_`, `~` or line
    break skips markdown-it's second inline pass (adapters.second_pass_test), and a plain
    one its inline parser (adapters.plain_inline_test): each body renders as with every
    rule run, HTML, plain text, references and problems alike."""
    from sitegen import adapters, markdown

    bodies = [*PARAGRAPHS_AND_NOT, *BODIES_FOR_GATES, *PLAIN_INLINE, *SHAPED, *NEWSROOM_SHAPED]

    def rendered() -> list[tuple[object, ...]]:
        made = [render(b, "x.md", 3, html) for b in bodies for html in (False, True)]
        return [(r.body, r.body.plain, r.body.hrefs, r.diagnostics) for r in made]

    paragraphs = [b for b in bodies if not markdown._BLOCK_START.search("\n" + b)]
    assert bodies[0] in paragraphs and bodies[5] in paragraphs
    assert not any(b in paragraphs for b in [*PARAGRAPHS_AND_NOT[1:5], bodies[6]])
    gated = rendered()
    markdown._parser.cache_clear()
    monkeypatch.setattr(adapters, "second_pass_test", lambda names: None)
    monkeypatch.setattr(adapters, "plain_inline_test", lambda names: None)
    monkeypatch.setattr(markdown, "_BLOCK_START", re.compile(""))
    monkeypatch.setattr(markdown, "_shaped_blocks", lambda *made: None)
    monkeypatch.setattr(markdown, "_direct_parser", markdown._parser)  # (no block made)
    try:
        assert rendered() == gated
    finally:
        markdown._parser.cache_clear()
        markdown._direct_parser.cache_clear()


PLAIN_INLINE = [
    "Said Ada [@wire]. Then [[osdoria|Osdoria]] and [[people/ada]] [@a; @b] end.",
    "A **bold pair** mid, (**in brackets**) and **at the end**\n\n\u2003**Bold** starts it",
    "And a **bold pair** mid, (**in brackets**) and **at the end**",
    "A **b** [@c] and **d**. **e**, **f**; **g**: **h**? **i**! and x **1 2**",
    "Runs: **a**b, a**b**, ***c***, **d, **, ** e**, **f **, **g\u00e9**, **\u00e9g**",
    "Not closed **a, [@b], [[c]] and **[[d]]** and **x [@y]** and **x [[y]] z**.",
    "[[x]]**a** ([@y]) [link](/a) [@ spaced] [[unclosed [x] ![p](/p.png) [@z",
    "Inert marks: a-b c:d #e $f %g +h =i >j @k ]l ^m {n} o! p\u00a0q\u3000r\u2028s",
    "Quotes 'and' \"these\" -- (c) ... [@w] \u2003[[a|b]]\u2003 end\x00 [@v]",
    "One\ntwo [@w]\n[[x]] lines\n\n\nthree **3** \u00a0\n\n\u2003 four\u2003\n",
    "Other marks: `code` and \\* and <b>x</b> and &amp; and _u_ and ~~s~~ [@w].",
    "An *em* mid, (*in brackets*) and _under_, __strong__ [@c] and *at the end*",
    "_Starts_ so, *b* [@c]. *d*, _e_; *f*: _g_? *h*! and x *1 2* and *a [[b]] c*",
    "Not read: snake_case, a*b*c, **a*, *a**, *a _b_ c*, _a_b, *\u00e9*, *a*b and _x",
    "A wrapped\nparagraph [@w] with **bold**\nat a line's end, then  \na hard break,\n"
    "then [[x]] \n*em* at a line's start\nand **b** [@c]\n\u2003[@d] after a space",
    "Closed after a comma: **final inquiry,** and *a.* _b;_ **c!**\n**d)** [[e]] **f?**",
    "Not read: **a,**b **c.**. **d,**, *e:*x __f,__\u00a0 **(g)** [@h]",
]
"""Paragraphs that markdown._plain_children makes into tokens, or leaves to markdown-it:
every mark beside and inside references and emphasis (strong or not, `*` or `_`), and
what is trimmed."""

SHAPED = [
    "Intro [@w].\n\n## A heading [[x|y]]\nRight after it\n\n- one [[a]]\n- two **b c** [@d]"
    "\n\n> A quote [@e].\n\n# One\n###### Six **s**\n\nEnd\n",
    "- first\n- second\n\n\n## h\n\n> q\n\n\n- again\n",
    "\n## \u2003spaced\u2003\n\n- \u2003item \u00a0\n- two\n\n> \u2003q\n\ntext\n# h\ntext",
    "Wrapped at\n[@a] a citation, after \n[@b; @c] a space.\n\nA hard break  \n[@d], none\n"
    "[@ e] or\n[@f and [[x]]\n\n[[y]]\n[@g] and **h**\n[@i] and\n[[j]] **k**\n[@l]",
    "Not made: a paragraph\n- ending in a list\n\n-  two spaces\n\n- a loose\n\n- list"
    "\n\n## closed ##\n\n#no",
    "- a\nlazy line\n\n> q\n> two\n\n>q\n\n> \n\n- \n\n- - -\n\n- # h\n\n- > q\n\n####### x",
    "para\n> quote ends it\n\n- [x]: /ref\n\n- 1. n\n\n## h #\n\n##\th\n\n- a\n## h\n\n> x [l](/a)",
    "> a quote\nits lazy line",
    "- an item\nits lazy line",
    "## h\n- a list after it",
]
"""Bodies of paragraphs, ATX headings, one-line quotes and tight lists of one-line items
(markdown._shaped_blocks), and bodies where such a line is written otherwise (left to
markdown-it): trailing blank lines, Unicode spaces, loose lists, lazy lines, closing
`#`s, empty items, a list or quote that ends a paragraph."""


NEWSROOM_SHAPED = [
    "Key points:\n\n1. one [[a]]\n2. two **b c** [@d]\n3. *three*\n\n> A quote [@e],\n> on two"
    " lines\n>\n> \u2014 [[x]]\n\n*Photo caption (AP)*\n_under_ score\n",
    "```python\nfence [@a] *x*\n\n    kept\n```\n\n1. after\n\n~~~~\n```\n~~~~\n\n```\n```\n",
    "A paragraph wrapped at a citation\n[@w] and **bold**\n**at a line's start**, and\n"
    "[x]: /no-definition here\n\n**Bold** starts it\n__and__ this",
    "3. starts at three\n4. four\n\n\nBetween\n\n10) paren\n11) delimiter\n\n> q\n\n0. zero\n",
    "Not made: a paragraph\n1. ending in a list\n\n2. a loose\n\n3. list\n\n1) mixed\n2. marks",
    "1. an item\nits lazy line",
    "> a quote\n> its second line\nits lazy line",
    "1. item\n\n   its second paragraph\n2. item",
    "1. outer\n   1. nested\n   2. list\n- bullet",
    "1. fenced\n   ```\n   code\n   ```",
    "```py\nx\n````\n",
    "``` a`b\n```\n\n~~~\nunclosed",
    "```\nx\n   ```\n```",
    "1234567890. not a list\n\n1.\n\n1.  two spaces\n\n1.\ttab\n\n01. lead\n\n1. # h",
    ">\n> empty first\n\n> empty last\n>\n\n>q\n\n>  two\n\n> > nested\n\n> 1. n",
    "* star item\n\n*\n\n_\n\n***\n\n___\n\n*x* starts\n\n__b__ starts",
    "Para\n> interrupted by a quote\n\nPara\n1. interrupted by a list\n\nPara\n2. not",
]
"""Bodies of the shapes a newsroom writes (_shaped_blocks: numbered lists from any
number, with `.` or `)`, quotes of several lines and paragraphs, a line that starts
with emphasis, fenced code, a paragraph's line that starts with a citation) and each
written otherwise (left to markdown-it): lazy
lines, an item of several paragraphs, nested lists, a fence in an item, a list or
quote that interrupts a paragraph, loose lists, a change of mark, nine digits and
more, a fence closed by a longer or indented mark or not at all."""


def test_newsroom_shapes_made_directly_as_markdown_it_makes_them() -> None:
    """Each NEWSROOM_SHAPED body's tokens (every field) and HTML, made by the direct
    block path (markdown._direct_parser), are markdown-it's own, with and without raw
    HTML; the first four bodies are taken by the direct path, the others (each holding
    a shape written otherwise) left to markdown-it."""
    from markdown_it.common.utils import mdTrim
    from markdown_it.token import Token

    from sitegen import markdown

    for body in NEWSROOM_SHAPED:
        for html in (False, True):
            md = markdown._parser(html)
            env: dict[str, Any] = {"allow_html": html, "problems": [], "refs": []}
            own_env: dict[str, Any] = {"allow_html": html, "problems": [], "refs": []}
            tokens = markdown._direct_parser(html).parse(body, env)
            own = md.parse(body, own_env)
            assert tokens == own, body
            assert markdown._blocks_html(tokens, md, env) == md.renderer.render(
                own, md.options, own_env
            ), body
    lines = [(b.split("\n"), b.count("\n") + (not b.endswith("\n"))) for b in NEWSROOM_SHAPED]
    taken = [markdown._shaped_blocks(*one, Token, mdTrim) is not None for one in lines]
    assert taken == [True] * 4 + [False] * (len(NEWSROOM_SHAPED) - 4)
    html = render(NEWSROOM_SHAPED[3], "x.md", 1).body.html
    assert '<ol start="3">' in html and '<ol start="10">' in html and '<ol start="0">' in html


def test_paragraphs_made_directly_as_markdown_it_makes_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A paragraph (a heading, a cell) where no inline rule but sitegen's, a link's or
    emphasis' can start is made into tokens without markdown-it's inline parser
    (markdown._plain_inline); a body of paragraphs, headings, one-line quotes and tight
    lists alone, without its block parser either (_direct_blocks), and every body
    written without its renderer (_blocks_html): the same tokens, every field, and the
    same HTML as markdown-it's own rules make, with and without raw HTML."""
    from markdown_it.common.utils import mdTrim
    from markdown_it.token import Token

    from sitegen import adapters, markdown

    plain = [*PLAIN_INLINE, *PARAGRAPHS_AND_NOT[::5], "", "\n\n", "x\n"]
    others = [*PARAGRAPHS_AND_NOT[1:5], *PARAGRAPHS_AND_NOT[6:], *BODIES_FOR_GATES, *SHAPED]
    assert not any(markdown._BLOCK_START.search("\n" + body) for body in plain)
    assert all(markdown._BLOCK_START.search("\n" + body) for body in SHAPED)

    def made(html: bool) -> list[tuple[Any, ...]]:
        md = markdown._parser(html)
        out: list[tuple[Any, ...]] = []
        for body in [*plain, *others]:
            env = {"allow_html": html, "problems": [], "refs": []}
            if adapters.plain_inline_test is real:
                tokens = markdown._direct_parser(html).parse(body, env)
                written = markdown._blocks_html(tokens, md, env)
                assert written == md.renderer.render(tokens, md.options, env), body
            else:  # markdown-it's own, every rule
                tokens = md.parse(body, env)
                written = md.renderer.render(tokens, md.options, env)
            out.append((body, tokens, written, env))
        return out

    real = adapters.plain_inline_test
    direct = [*made(False), *made(True)]
    markdown._parser.cache_clear()
    markdown._direct_parser.cache_clear()
    monkeypatch.setattr(adapters, "plain_inline_test", lambda names: None)
    try:
        for one, own in zip(direct, [*made(False), *made(True)], strict=True):
            assert one == own, one[0]
    finally:
        markdown._parser.cache_clear()
        markdown._direct_parser.cache_clear()
    assert "<strong>bold pair</strong>" in render(PLAIN_INLINE[1], "x.md", 1).body.html
    lines = [(b.split("\n"), b.count("\n") + (not b.endswith("\n"))) for b in SHAPED]
    assert [markdown._shaped_blocks(*one, Token, mdTrim) is not None for one in lines] == [
        True, True, True, True, False, False, False, False, False, False
    ]  # fmt: skip


REFERENCE_PARAGRAPHS = [
    "Russia [@a]. See [[vladimir-putin]] [@a; @b] and [[x|X's]]. Here[@b] > there.\n\n"
    "Ada's [@c] [[y]]\n\n## A heading [@a] [[z|Z]]\n\n- item [@d]\n- [[w]] two's\n\n"
    "> a quote [[q]] [@e]\n",
    "\u2003\n\nA mail ada@example.org, @ada [@y] [[p|A > B]] [[people/ada]]\n",
    "Side by side: [@a][@b][[c]][[d|D]]\n\n[[x]] [@y] [[x]] [@y] [[x]]\n\nNone at all.\n",
]
"""Bodies whose paragraphs are text and references alone (what light_made writes from
the references' matches, no token made): citations and wiki links side by side, at a
paragraph's start and end, written twice, in headings, list items and quotes, with
apostrophes, `>` and `@`, a paragraph of a Unicode space."""

APOSTROPHES = [
    "The States' agency, Ada's and the 1990's [@w]; rock'n'roll.\n\nIt's **Ada's** and "
    "[[x|Ada's]] and\n[[x]] Ada's\n\n## Ada's heading\n\n- item's\n- two\n\n> quote's\n",
    "'90s are quoted otherwise",
    "a 'quote' here",
    'a quote\'s "double"',
    "[[x]]'s after a link",
    "**Ada**'s after emphasis",
    "Ada's -- a dash",
]
"""Apostrophes after a letter or digit (markdown.light_made makes them ’), quotes it
makes as smartquotes does, and quotes it leaves to markdown-it (one left open, one
beside a reference or emphasis)."""

FENCES = [
    "Text.\n\n```csv\na,\"b\"\n<x> & 'y' -- `z` \\n\n```\n\nAfter's.\n\n```\nno info\n```",
    "```  py\u2003extra words\ncode\n```\n\n~~~\ntilde\n~~~",
    "```a\\b\nx\n```",
    "```a&amp;b\nx\n```",
]
"""Fences light_made writes (their code escaped, the language the info's first word),
and info strings with an escape or entity it leaves to markdown-it."""


def test_plain_bodies_made_without_markdown_it_as_markdown_it_makes_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A body markdown.light_made makes (paragraphs, ATX headings, one-line quotes and
    tight lists of text, references, emphasis and apostrophes) renders to the HTML, plain
    text, references and diagnostics markdown-it's parser makes; it takes those bodies
    alone, and each of them."""
    skip_untried_markdown_it()
    from sitegen import markdown

    bodies = [
        *REFERENCE_PARAGRAPHS, *PLAIN_INLINE, *PARAGRAPHS_AND_NOT, *BODIES_FOR_GATES, *SHAPED,
        *NEWSROOM_SHAPED,
        *APOSTROPHES, "", "\n\n", "x\n", "Mail ada@example.org, @ada\n\n# A\n\nWrite.",
        *FENCES,
    ]  # fmt: skip
    taken = [markdown.light_made(b, {"problems": [], "refs": []}) is not None for b in bodies]
    light = [render(b, "x.md", 3) for b in bodies]
    monkeypatch.setattr(markdown, "light_made", lambda *made: None)
    for body, made in zip(bodies, light, strict=True):
        assert render(body, "x.md", 3) == made, body
    # (a 'quote' and a "double" made as smartquotes makes them: _light_quoted)
    assert taken[-15:] == [True, False, True, True, False, False, *[True] * 7, False, False]
    assert all(taken[: len(REFERENCE_PARAGRAPHS)])
    assert sum(taken) >= 12
    assert "Ada\u2019s" in light[bodies.index(APOSTROPHES[0])].body.html
    assert '<code class="language-py">' in light[bodies.index(FENCES[1])].body.html


WRITTEN_AS_READ = [
    "**Bold** and *em* and __strong__ and _em_ [@a]\n**b** [[c|C's]] *d*\n_e_ [@f]",
    "Marks beside punctuation: (**a**) **b**, *c*. _d_! **e**? (_f_) **g**: *h*;",
    "Closed after punctuation: **a,** b **c.** *d!* __e?__ _f)_ **g:**\n**h;** [@i]",
    "Cited after breaks: a\n[@b] c \n[@f] g\u00a0\n[@h] i\n[[j]] k\n[@l; @m] n  \no \n[[p]]",
    "No-break spaces: a\u00a0[@b] c\u00a0\u00a0[@d] **e** [@f] g [[h]]\u00a0[@i] j\u00a0\n[@k]",
    "Apostrophes: **Ada's** *it's* [[x|Ada's]] Ada's [@y]\nand's **1990's** rock'n'roll",
    "Greater than: a > b **c > d** [@e] > f\ng >",
    "Breaks: a  \nb\nc \nd\t\ne   \n**f**  \n[[g]] h \ni",
    "Wiki and emphasis: **c** [[d]] and *e* [[e|E]] [[f|*g*]] [[h|a_b]] [@x] *y*",
    "Strong at the ends: **a b**\n\n**c** d **e**\n\n*f* g *h*",
    "**Only bold**",
    "A [@a] [[b]] **c** [@d]",
    "A [@a], [@b]\n[@c] [@d] [[e]][@f]\u00a0[@g]\u2003 [@h]\t[@i]\x1c[@j] \x04 [@k]\x04",
    "Typography: a -- **b**",
]
"""Paragraphs light_made writes as it reads them: emphasis (strong or not, `*` or `_`)
beside punctuation, references and line breaks; citations after soft breaks, spaces and
no-break spaces; hard breaks, tabs before a break, apostrophes, `>`, a paragraph of
strong emphasis alone, references with emphasis in their text, citations side by side
and after other spaces and a control character that is a citation's mark in plain text,
and a dash the typographer makes."""

LEFT_TO_MARKDOWN_IT = [
    "Unicode: **\u00e9t\u00e9** *\u00e9* _\u00fc_ **a\u00e9** \u2003**b**\u2003 *\u00e9a* **1**",
    "Underscores: __init__ and _ a _ and ___b___ and _c_d and e_f_",
    "Nested: **a *b* c**",
    "Unclosed: **a b",
    "Inside words: snake_case_name",
    "Stars: 2*3*4",
    "A hard break before a citation: a  \n[@b]",
    "Escaped: \\*not em\\*",
    "Code: `**not bold**` **b**",
    "Entities: &amp; **b**",
    "Links: **[a link](https://x.org)**",
    "A link's bracket [not a ref] **b**",
    "Near citation after a break: a\n[@ j] **b**",
    "Closed by a star: **a*",
    "Quotes: **'a'**",
]
"""Paragraphs light_made leaves to markdown-it, one reason each: a mark after or before
a letter past ASCII, underscores inside words and runs of three, nested and unclosed
emphasis, stars inside a word, a hard break before a citation, escapes, code, entities,
links, a `[` of no reference, a near citation after a break, a `*` closing `**`,
and quotes."""


def test_bodies_written_as_read_as_markdown_it_writes_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each WRITTEN_AS_READ and LEFT_TO_MARKDOWN_IT paragraph, alone, in a heading, a
    list and a quote, and after paragraphs that light_made writes, renders to
    markdown-it's HTML, plain text, references and diagnostics; light_made takes the
    first ones (alone, together and in those blocks), leaves the others, and where it
    leaves a body it has written in part, the references it wrote are taken back out of
    the environment it was given."""
    skip_untried_markdown_it()
    from sitegen import markdown

    before = "\n\n".join(WRITTEN_AS_READ)
    shaped = [f"## {p}\n\n- {p}\n- two\n\n> {p}\n" for p in WRITTEN_AS_READ if "\n" not in p]
    bodies = [
        *WRITTEN_AS_READ, before, *shaped,
        *LEFT_TO_MARKDOWN_IT, *(f"{before}\n\n{p}" for p in LEFT_TO_MARKDOWN_IT),
    ]  # fmt: skip
    given = [("kept", "citation", {})]
    taken = []
    for body in bodies:
        env: dict[str, Any] = {"problems": [], "refs": list(given)}
        taken.append(markdown.light_made(body, env) is not None)
        assert taken[-1] or env["refs"] == given, body
    light = [render(b, "x.md", 3) for b in bodies]
    monkeypatch.setattr(markdown, "light_made", lambda *made: None)
    for body, made in zip(bodies, light, strict=True):
        assert render(body, "x.md", 3) == made, body
    made_here = len(WRITTEN_AS_READ) + 1 + len(shaped)
    assert taken == [True] * made_here + [False] * (len(bodies) - made_here)


def _plain_as_it_was(tokens: list[Any]) -> str:
    """markdown._plain_text as it was written first: every word split and joined, each
    citation taken out with the space before it by str.replace."""
    from sitegen.markdown import _CITE, _inline_text

    out: list[str] = []
    for block in tokens:
        if block.type == "inline" and block.children:
            _inline_text(block.children, out)
            out.append(" ")
        elif block.type in ("fence", "code_block"):
            out.append(block.content + " ")
    text = " ".join("".join(out).split())
    return " ".join(text.replace(" " + _CITE, "").replace(_CITE, "").split())


def _refs_as_they_were(tokens: list[Any], body: str) -> tuple[list[Any], list[Any]]:
    """Each citation's and wiki link's target and place: the n-th written in its block
    (a table row's cells one block) at the n-th place that finds its text there, or
    where _locate finds it."""
    from sitegen.markdown import _locate

    lines = body.split("\n")
    cited: list[Any] = []
    linked: list[Any] = []
    seen: Counter[tuple[Any, ...]] = Counter()
    for block in tokens:
        for child in (block.children or ()) if block.type == "inline" else ():
            if child.type in ("citation", "wikilink"):
                raw = child.meta["raw"]
                start, end = block.map
                places = [
                    (i + 1, m.start() + 1)
                    for i in range(start, end)
                    for m in re.finditer(re.escape(raw), lines[i])
                ]
                n = seen[start, end, raw]
                seen[start, end, raw] += 1
                line, col = places[n] if n < len(places) else _locate(lines, block.map, raw, 1)
                if child.type == "citation":
                    cited += [(t, line, col) for t in child.meta["ids"]]
                else:
                    linked.append((child.meta["target"], line, col))
    return cited, linked


def test_plain_text_and_references_as_the_plain_formulas_make_them() -> None:
    """The plain text is the words split and joined without the citations; each
    reference is placed at its own place in its block: the quicker paths
    (a no-break space before a citation taken as a space, a one-line block searched
    directly) change none of them."""
    from sitegen.markdown import _parser

    bodies = [
        *BODIES_FOR_GATES,
        "Trade with Russia [@a]. See [[vladimir-putin]] [@a; @b]. Here[@b].",
        "Line one [[x]]\nline two [[x]] [@s]\n\n- item [@s]\n- [[x|X]] again [[x|X]]\n",
        "caf\u00e9\u00a0[@s] and\u00a0\u00a0[@t]\u2003wide [@u]",
        "[@s] first, then `[@code]` and [@s]\n\n> quoted [[q]]\n> [[q]] [@s]",
        "| a | b |\n|---|---|\n| [[x]] [@s] | [[x]] [@s] |\n",
        "[@s] [@s]\r\nand [@s] [[x]]\r\n[[x]] [[x]]\r\n",
    ]
    for body in bodies:
        env: dict[str, Any] = {"allow_html": False, "problems": [], "refs": []}
        tokens = _parser(False).parse(body, env)
        made = render(body, "x.md", 1).body
        assert made.plain == _plain_as_it_was(tokens), body
        cited, linked = _refs_as_they_were(tokens, body)
        assert [tuple(r) for r in made.citations] == cited, body
        assert [tuple(r) for r in made.links] == linked, body


def test_plain_text_spaces_as_split_and_joined() -> None:
    """markdown._squeeze is `" ".join(text.split())`, for every space str.split knows."""
    from sitegen.markdown import _OTHER_SPACES, _squeeze

    assert (
        "".join(c for c in map(chr, range(0x110000)) if c.isspace() and c != " ") == _OTHER_SPACES
    )
    samples = ["", " ", "a", "a b ", " a b", "a  b", "a b c ", "caf\u00e9 au lait "]
    samples += [f"a{space}b " for space in _OTHER_SPACES]
    samples += [f"caf\u00e9{space}b" for space in _OTHER_SPACES]
    for text in samples:
        assert _squeeze(text) == " ".join(text.split()), repr(text)


def test_a_one_line_text_shows_a_wiki_links_words_not_a_link_to_a_bare_slug() -> None:
    """A correction's text: a `[[link]]` there has no page to be resolved from, and was
    a link to the bare slug (`href="india"`, a 404 from an event's page)."""
    html = inline("Said in [[india]], by [[people/ada|Ada]]: see [a page](https://e.org/).")
    assert html == 'Said in india, by Ada: see <a href="https://e.org/">a page</a>.'


def test_a_citation_keeps_to_the_word_before_it() -> None:
    """'… its trade with Russia [@wire].' broke before the citation, so '[1].' began the
    next line on its own (India's page at 360 px; a timeline's introduction at 1280)."""
    r = render("Trade with Russia [@a]. See [[vladimir-putin]] [@a; @b]. Here[@b].", "e.md", 1)
    html = resolve(r.body.html, {"a": 1, "b": 2}, links)
    assert "Russia\N{NO-BREAK SPACE}<sup>" in html
    assert "</a>\N{NO-BREAK SPACE}<sup>" in html
    assert "Here<sup>" in html  # no space written, none added
    assert [c.target for c in r.body.citations] == ["a", "a", "b", "b"]
    r = render("Russia\n[@a] at a line's end.\nA hard break  \n[@a].", "e.md", 1)
    html = resolve(r.body.html, {"a": 1}, links)
    assert "Russia\N{NO-BREAK SPACE}<sup>" in html and "<br />\n<sup>" in html
    assert html.count("\n") == 3  # the break before the second citation is kept, being meant


@pytest.mark.parametrize("end", ["\r", "\r\n"])
def test_a_body_with_old_mac_or_windows_line_ends_is_read_as_with_unix_ones(end: str) -> None:
    """A file's text has its line ends made "\\n" as it is read, but render takes any
    body: a CR alone is a line end to markdown-it, and a link it placed on a line past
    the body's last "\\n" line (an address written as an entity, `&amp;`, which is
    looked for again) raised IndexError. Each link, picture and problem is now where it
    is written, as in the same body with "\\n"."""
    unix = "Intro.\n\nSee [the list](/a&amp;b/) and [[osdoria]] [@tass].\n\n![](/p.png) <b>"
    written = unix.replace("\n", end)
    got, want = render(written, "e.md", 7), render(unix, "e.md", 7)
    assert got == want
    assert [(r.line, r.column) for r in got.body.links] == [(9, 31)]
    assert [(d.line, d.code) for d in got.diagnostics] == [(11, "image-alt"), (11, "html-raw")]


def test_an_untried_markdown_it_makes_every_body_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the installed markdown-it-py is not one light_made was held to (a release
    after this one), no body is made by the direct path: markdown-it makes them all, as
    it made them before there was one, and a plain body's HTML is the same."""
    from sitegen import adapters, markdown

    body = "A plain paragraph, Ada's.\n\n- one\n- two\n"
    made = render(body, "x.md", 1).body.html
    monkeypatch.setattr(adapters, "markdown_it_tried", lambda: False)
    markdown._light_tests.cache_clear()
    try:
        assert markdown.light_made(body, {"problems": [], "refs": []}) is None
        assert render(body, "x.md", 1).body.html == made
        assert "Ada\u2019s" in made and "<li>two</li>" in made
    finally:
        markdown._light_tests.cache_clear()


HEADINGS = [
    "# One\n\nText.\n\n## Two\n\n###### Six\n",  # (the direct path's ATX headings)
    "# One `code`\n\nText &amp; more.\n",  # (markdown-it's inline rules)
    "One\n===\n\nTwo\n---\n",  # (setext: markdown-it's block parser)
    "- # In a list\n\n> ## In a quote\n",
]


@pytest.mark.parametrize("body", HEADINGS)
def test_a_bodys_headings_are_one_level_below_the_pages_title(
    body: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's title is its one <h1>: a body's `#` is an <h2>, `##` an <h3>, and
    `######` stays an <h6> (there is no <h7>), made alike by markdown-it and without it."""
    from sitegen import markdown

    made = render(body, "x.md", 1)
    assert "<h1" not in made.body.html and "</h1>" not in made.body.html
    assert "<h2>" in made.body.html
    if "######" in body:
        assert "<h6>Six</h6>" in made.body.html and "<h3>Two</h3>" in made.body.html
    monkeypatch.setattr(markdown, "light_made", lambda *made: None)
    assert render(body, "x.md", 1) == made


def test_smartens_quick_test_answers_as_its_two_searches() -> None:
    """markdown._typography_in, by light_made's tests, is true where smarten's searches
    (_TYPOGRAPHY_CHARS, then _typography_re) both find something, and only there."""
    import random

    from sitegen import markdown

    tests = markdown._light_tests()
    if tests is None:
        pytest.skip("no typography tests for this markdown-it")
    letters = ["a", " ", "'", '"', "\r", "\0", "(", ")", "c", "T", "m", "r", ".", ",", "+", "-"]
    letters += ["!", "?", "\u00e9"]
    rng = random.Random(7)
    texts = ["a,,b", ",,\r", "(c)", "(TM)", "x--y", "a...", "????", "!!!!", "+-", "a\r.b"]
    texts += ["".join(rng.choices(letters, k=rng.randint(1, 7))) for _ in range(20000)]
    for text in texts:
        searched = markdown._TYPOGRAPHY_CHARS.search(text) and markdown._typography_re().search(
            text
        )
        assert markdown._typography_in(text, tests) == bool(searched), repr(text)


def test_a_paragraph_with_any_mark_of_light_out_is_left_to_markdown_it() -> None:
    """_light_text spells _LIGHT_OUT's marks out, one `in` each: every mark the tuple
    names sends a paragraph to markdown-it, and a "!" alone (no picture) does not; an `&`
    does where it may start a character reference."""
    from sitegen import markdown

    def never(text: str) -> bool:
        return False

    assert markdown._light_text("plain words!", never)
    for mark in markdown._LIGHT_OUT:
        assert not markdown._light_text(f"plain {mark}words", never), mark
    assert markdown._light_text("R&B & Q&A &&", never)
    for entity in ("&amp;", "&#39;", "&#x27;", "&nope;"):
        assert not markdown._light_text(f"a {entity} b", never), entity


def test_an_apostrophe_is_told_from_a_quote_as_the_pattern_told_it() -> None:
    """markdown._not_apostrophe finds each `'` with str.find and looks at the character
    before it, where `(?<![A-Za-z0-9])'` (tried at every character) said the same: on
    every short text of quotes, letters, digits, spaces and letters beyond ASCII."""
    import itertools

    from sitegen import markdown

    pattern = re.compile("(?<![A-Za-z0-9])'")
    alphabet = ["'", "a", "Z", "7", " ", "é", "_", "’", "\n"]
    for size in range(5):
        for letters in itertools.product(alphabet, repeat=size):
            text = "".join(letters)
            assert markdown._not_apostrophe(text) == bool(pattern.search(text)), repr(text)


def test_english_with_apostrophes_renders_as_markdown_it_reads_it() -> None:
    """A body of apostrophes after letters (`minister's`, `States'`) and of quotes that
    open (`'90s`, ` 'quoted'`) is written as the typographer reads each."""
    body = "The minister's office and the States' agency.\n\nIn the '90s, 'quoted'."
    html = render(body, "e.md", 1).body.html
    assert html == (
        "<p>The minister\u2019s office and the States\u2019 agency.</p>\n"
        "<p>In the '90s, \u2018quoted\u2019.</p>\n"
    )


_QUOTE_WORDS = ["word", "Ada", "1990", "9", "é", "Ünal", "it's", "the", "said", "we", "n't"]
_QUOTE_PIECES = [
    *_QUOTE_WORDS, " ", " ", " ", "'", '"', '"', ",", ".", "!", "?", ":", ";", "(", ")", "-",
    "/", "«", "’", "“", "'90s", "States'", "$", "\u00a0", "\u3000", "[@w]", "[@a; @b]",
    "[[x|Y]]", "[[x]]", "[", "\n", "  \n", "*", "**", "_", "...", '[[x|"Y"]]',
]  # fmt: skip


def _quoted_paragraph(rng: random.Random) -> str:
    """Words and a quotation or two (' or "), with now and then any of _QUOTE_PIECES:
    what newsroom copy holds, and what smartquotes reads otherwise."""
    parts: list[str] = []
    for _ in range(rng.randint(1, 6)):
        words = " ".join(rng.choice(_QUOTE_WORDS) for _ in range(rng.randint(1, 4)))
        if rng.random() < 0.3:  # (emphasis: a quote beside it, or one word away)
            mark = rng.choice(["*", "**", "_", "__"])
            words = (
                rng.choice(["", "so ", "'", '"']) + f"{mark}{words}{mark}" + rng.choice(["", " x"])
            )
        quote = rng.choice(['"', '"', "'", ""])
        end = rng.choice(["", ",", ".", "!", "?"])
        parts.append(
            f"{quote}{words}{end}{quote}" if rng.random() < 0.5 else f"{quote}{words}{quote}{end}"
        )
        if rng.random() < 0.2:
            parts.append(rng.choice(_QUOTE_PIECES))
        parts.append(rng.choice([" ", " ", "\n", " [@w] ", " [[x|Y]] ", "  ", ""]))
    return "".join(parts).strip()


def test_quotes_written_by_the_light_path_as_markdown_it_writes_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Random paragraphs of words, quotes (' and "), punctuation, digits, references, line
    breaks, emphasis and non-ASCII letters render the same through light_made (which
    makes a paragraph's quotes as smartquotes does, _light_quoted) and markdown-it alone:
    HTML, plain text, references and diagnostics; and light_made takes most of those
    that hold a double quote (a body is refused whole: most hold a piece it refuses)."""
    skip_untried_markdown_it()
    from sitegen import markdown

    rng = random.Random(20)
    bodies = []
    for _ in range(3000):
        paragraphs = [_quoted_paragraph(rng) for _ in range(rng.randint(1, 3))]
        starts = [rng.choice(["", "", "", "# ", "- ", "> "]) for _ in paragraphs]
        bodies.append("\n\n".join(s + p for s, p in zip(starts, paragraphs, strict=True)))
    taken = [markdown.light_made(b, {"problems": [], "refs": []}) is not None for b in bodies]
    light = [render(b, "x.md", 3) for b in bodies]
    monkeypatch.setattr(markdown, "light_made", lambda *made: None)
    for body, made in zip(bodies, light, strict=True):
        assert render(body, "x.md", 3) == made, body
    quoted = [t for b, t in zip(bodies, taken, strict=True) if '"' in b]
    assert sum(quoted) > len(quoted) // 10, (
        sum(quoted),
        len(quoted),
    )  # (most hold a refused piece)


LINKED = [
    "See [the report](https://example.org/report/1) and [Ada's page](../../people/ada/).",
    "[A link first](https://example.org/a?id=3#top), then text [@wire] and [[x]].\n\n"
    "[Another](#notes) at a paragraph's start.",
    "Mail [the desk](mailto:desk@example.org); a file [here](report.pdf) and "
    "[one](../a/b_c/) with [stars](https://example.org/a*b*) in its address.",
    "*See [the report](https://example.org/r) now*, **or [this](https://x.org)** here.",
    "Cited [after a link](https://example.org/x) [@wire], [[y]] [z](/z/)[@w]\n"
    "a second line [q](https://example.org/%41) > b",
    "## A heading [with a link](https://example.org/h)\n\n- an item [l](https://x.org/i)\n"
    "- two\n\n> quoted [l](../q/)\n",
    "[x](https://example.org/a) [x](https://example.org/a) [y](../a/) [y](../a/)",
    "A query [q](https://example.org/a?b=1&c=2) [r](../x/?a=1&b=2#f) ![p](p.png?a&b)",
    "Ada's [Ada's words](https://example.org/ada) and it's fine.",
    "http and mixed case: [h](http://example.org) [H](https://Example.ORG/Path)",
    "Climbing: [up](../../people/ada/) and [up again](../x/) [[w]] [@v]",
    "![A picture](https://example.org/p/1.jpg)\n\nIts caption, Ada's.",
    "Inline ![Ada's > face](../../static/a.png) and ![b](#top) [l](../x/) [@c]",
    "![[wiki]] ![b](p.png)![c](q.png) !![d](r.png)\n\n- ![e](s.png)\n- two",
    "R&B, AT&T and Q & A: **M&A** [[x|R&D]] [@y] &&, a &b c &\n\n## H&M\n\n- a&b\n- &",
    "A citation [@x](../y) then its text, made by the typographer (\u2026/y).",
]
"""Paragraphs with links light_made writes (`[text](address)`, the address plain: see
_plain_address): at a paragraph's start and end, beside citations, wiki links and
emphasis, in headings, list items and quotes, written twice, inside the site and not;
pictures (`![alt](address)`), alone, inline, side by side, in a list, beside a `!`;
an `&` that starts no character reference, in text, emphasis, a wiki link and blocks."""

LINKS_LEFT = [
    "A [bad](javascript:alert(1)) scheme.",
    "A [bare](example.org/x) domain.",
    "A [port](https://example.org:8080/x) and a [user](https://@example.org/).",
    "Another [host](//example.org/x).",
    'A [titled](https://example.org/x "Title") link.',
    "An [escaped](https://example.org/a\\_b) address, an [entity](https://x.org/a&amp;b).",
    "[*Emphasis*](https://example.org/x) inside, *[around](https://example.org/x)*.",
    'A "quote" beside [a link](https://example.org/x).',
    "A [link's 'quote'](https://example.org/x).",
    "[Nested [brackets]](https://example.org/x)",
    "A [reference][ref] link.\n\n[ref]: https://example.org/r",
    "A [space](https://example.org/a b).",
    "A [percent](https://example.org/100%) sign.",
    "![](https://example.org/p.jpg) without alt text, ![ ](p.png)",
    "![An http picture](http://example.org/p.jpg)",
    '![A titled one](p.png "T")',
    "![*Emphasis*](p.png)",
    "[An email](mailto:@example.org)",
    "An [entity](https://example.org/?a=1&amp;b=2) in an address, [another](../x&#47;y)",
    "Entities: &amp; &#39; &copy; &x; [l](../y/)",
    "Not a link: a](../x) b, nor [a] (../x).",
]
"""Links light_made leaves to markdown-it: a scheme, host or address the safety rule
reports, a title, escapes and entities, emphasis inside or around, quotes beside or in,
nested brackets, reference links, spaces, a `%` that starts no escape, pictures without
alt text, over http, titled or with emphasis, an address mdurl would write otherwise;
character references, and what may start one."""


def test_links_written_without_markdown_it_as_markdown_it_writes_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each LINKED body (alone, and after plain paragraphs) renders through light_made to
    markdown-it's HTML, plain text, references, addresses inside the site (each where it
    is written) and diagnostics; light_made takes those and leaves each of LINKS_LEFT,
    which render alike too."""
    skip_untried_markdown_it()
    from sitegen import markdown

    before = "Plain words [@a].\n\nMore [[b]] words.\n\n"
    bodies = [*LINKED, *(before + b for b in LINKED), *LINKS_LEFT]
    taken = [markdown.light_made(b, {"problems": [], "refs": []}) is not None for b in bodies]
    light = [render(b, "x.md", 3) for b in bodies]
    monkeypatch.setattr(markdown, "light_made", lambda *made: None)
    for body, made in zip(bodies, light, strict=True):
        assert render(body, "x.md", 3) == made, body
    assert taken == [True] * (2 * len(LINKED)) + [False] * len(LINKS_LEFT)
    report = light[bodies.index(LINKED[0])].body
    assert '<a href="https://example.org/report/1">the report</a>' in report.html
    assert [(h.target, h.line, h.column) for h in report.hrefs] == [("../../people/ada/", 3, 65)]


def test_a_plain_address_is_one_markdown_it_writes_as_it_is() -> None:
    """Every address markdown._plain_address takes (of random ones built from the
    characters and shapes links are written with) is one markdown-it's normalizeLink
    gives back unchanged and its safety rule reports nothing of: light_made writes it
    as written."""
    skip_untried_markdown_it()
    from markdown_it.common.normalize_url import normalizeLink

    from sitegen import markdown

    rng = random.Random(11)
    starts = ["https://", "http://", "", "../", "../../events/", "mailto:", "/", "#", "//"]
    starts += ["mailto:a@", "https://a.b@", "https://a:b@c/", "HTTP://A.B/", "https:", "?"]
    starts += ["https://example.org/", "https://Example.ORG:80/", "https://a_b.c/", "a:"]
    letters = "abcXYZ019-._~:/?#@!$+,;=*%&" * 3 + "()[]'\" \\<>é"
    taken = 0
    for _ in range(40000):
        address = rng.choice(starts) + "".join(rng.choices(letters, k=rng.randint(0, 12)))
        if rng.random() < 0.3:
            address = address.replace("%", "%4" + rng.choice("1aFg"))
        if not markdown._plain_address(address):
            continue
        taken += 1
        assert normalizeLink(address) == address, address
        problems: list[Any] = []
        body = render(f"[x]({address})", "x.md", 1)
        assert not body.diagnostics and not problems, address
    assert taken > 5000


REPLACED = [
    "Wait... what -- and then --- more (c) 2024, +-3,, ????? !!!!! ?.... a--b",
    "Cited... [@a] and -- [@b] a--[@c] [[d|D...]] **e -- f** *g...*\nh --\ni...  \nj",
    "## A heading -- with (TM)\n\n- item...\n- two -- three\n\n> quote (r)...\n",
    "A link [with -- a dash...](https://example.org/x) and ![alt -- kept](p.png) (c)",
    "Ada's -- it's... fine",
]
"""Paragraphs the typographer's replacements change (`...`, `--`, `---`, `(c)`, `+-`,
`,,`, runs of `?` and `!`), which light_made writes replaced: beside citations, wiki
links (whose text is no text token), emphasis and line breaks, in headings, list items,
quotes, a link's text (a picture's alt text is left as written), with apostrophes."""

REPLACED_LEFT = [
    'A "quote" -- and a dash',
    "A 'quote'... and an ellipsis",
    "Code `a--b` -- and a dash",
]
"""Paragraphs with a replacement that light_made leaves to markdown-it: beside quotes
(smartquotes reads the replaced text) or anything else _light_text leaves."""


def test_replacements_written_without_markdown_it_as_markdown_it_writes_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each REPLACED body, alone and after plain paragraphs, renders through light_made
    to markdown-it's HTML, plain text, references and diagnostics, and light_made takes
    it; REPLACED_LEFT it leaves, and they render alike."""
    skip_untried_markdown_it()
    from sitegen import markdown

    before = "Plain words [@a].\n\nMore [[b]] words.\n\n"
    bodies = [*REPLACED, *(before + b for b in REPLACED), *REPLACED_LEFT]
    taken = [markdown.light_made(b, {"problems": [], "refs": []}) is not None for b in bodies]
    light = [render(b, "x.md", 3) for b in bodies]
    monkeypatch.setattr(markdown, "light_made", lambda *made: None)
    for body, made in zip(bodies, light, strict=True):
        assert render(body, "x.md", 3) == made, body
    assert taken == [True] * (2 * len(REPLACED)) + [False] * len(REPLACED_LEFT)
    first = light[0].body
    assert "Wait\u2026 what \u2013 and then \u2014 more \u00a9 2024, \u00b13," in first.html
    assert "\u2026" in first.plain and "alt -- kept" in light[3].body.html
