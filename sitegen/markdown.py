"""Markdown bodies: markdown-it-py with citation and wiki-link rules, made safe.

A body is rendered once, independently of the rest of the site, so the result can be
cached by content hash. What depends on the site (a citation's number, a link's URL and
title) is left as a placeholder that `resolve` fills in for each page.

- `[@id]` or `[@a; @b]` cites sources; `[[slug]]`, `[[slug|text]]`, `[[people/slug]]` link.
  Both are inline rules, so they never fire inside code spans or fenced code.
- Raw HTML is escaped (and reported) unless the site sets `allow_html: true`.
- Links and images may only use http, https or mailto (or no scheme).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from .addresses import address_problem, picture_address_problem
from .diagnostics import Diagnostic
from .escaping import html_escape
from .model import NO_REFS, Body, Refs
from .records import LazyPattern, dataclass, value_methods

# markdown-it is imported by the first parse: a check that finds every parse cached, or a
# build that finds nothing changed, makes none
if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

_ID = r"[A-Za-z0-9][A-Za-z0-9_.:-]*"
CITE_RE = re.compile(rf"\[@({_ID}(?:\s*;\s*@{_ID})*)\]")
WIKI_RE = re.compile(r"\[\[([^\[\]|\n]+)(?:\|([^\[\]\n]+))?\]\]")
"""(Greedy, matching as the lazy `+?` would: neither part may hold the `]` that ends it,
nor the first the `|` that ends it.)"""
NEAR_CITE_RE = LazyPattern(r"\[\s*@[^\[\]\n]{0,80}\]?")
"""What an editor meant as a citation but wrote otherwise (`[@ wire]`, `[ @wire]`,
`[@wire, @afp]`, `[@wire` left open): left in a text token, readers would see it as is."""
SCHEME_RE = LazyPattern(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*):")
ALLOWED_SCHEMES = {"http", "https", "mailto"}
PLAIN_WEB_ADDRESS = LazyPattern(
    r"https?://[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)+"
    r"(?:[/?#][!#-;=?-\[\]_a-z~]*)?$"
)
"""An http(s) address addresses.address_problem finds nothing wrong with, as almost every
link is written (a host of ASCII labels, no port, no user, a path of characters an
address holds as written): one search, where address_problem makes several."""
BARE_DOMAIN = r"(?i)^(?:www\.|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/)"
"""`kremlin.ru/…`, `www.example.org`: a web address without its scheme, a relative link.
(Compiled by `re`, and kept in its cache, when a body first links without a scheme: many
sites never do, and compiling it on import cost every build 0.4 ms.)"""
PLACEHOLDER_RE = re.compile("\x02([cht]):([^\x03]*)\x03")
HTTP_PICTURE = (
    "a browser blocks an http picture on an https page (mixed content); give its https:// "
    "address, or put the file in static/"
)
"""Why an http:// picture is an image-src error, and the fix: a body's (here) and an
`image:` field's (schema) alike."""
HTTP_PICTURE_ON_HTTP = (
    "the site's base_url is http://, so readers see it there, but a browser would block it "
    "(mixed content) once the site is served over https; give its https:// address, or put "
    "the file in static/"
)
"""The same picture's warning on a site whose base_url is http:// (see
checks.http_pictures)."""
UNLINKED_RE = LazyPattern('<a href="\x04">(.*?)</a>', re.DOTALL)
"""A `[[link]]` whose target the page cannot link to, as resolve marks it."""


def _ref_rule(state: StateInline, silent: bool) -> bool:
    """`[@id; @id]` (a citation) or `[[slug|text]]` (a wiki link). One rule for both, and
    the first markdown-it tries at each place (see _parser): it tries every rule in turn
    wherever its text rule stops or starts, so each rule costs a call there."""
    src, pos = state.src, state.pos
    second = src[pos + 1 : pos + 2] if src[pos] == "[" else ""
    if second == "@":
        m = CITE_RE.match(src, pos)
        if not m:
            return False
        if not silent:
            _glue_to_word_before(state)
            state.push("citation", "", 0).meta = _citation_meta(m)
    elif second == "[":
        m = WIKI_RE.match(src, pos)
        if not m:
            return False
        if not silent:
            state.push("wikilink", "", 0).meta = _wikilink_meta(m)
    else:
        return False
    state.pos = m.end()
    return True


def _citation_meta(m: re.Match[str]) -> dict[str, Any]:
    ids = m.group(1)  # (one id, most citations: CITE_RE's group holds no space around it)
    if ";" not in ids:
        return {"ids": [ids], "raw": m.group(0)}
    return {"ids": [part.strip().lstrip("@") for part in ids.split(";")], "raw": m.group(0)}


def _wikilink_meta(m: re.Match[str]) -> dict[str, Any]:
    return {"target": m.group(1).strip(), "text": (m.group(2) or "").strip(), "raw": m.group(0)}


def _glue_to_word_before(state: StateInline) -> None:
    """'Russia [@wire]', or 'Russia' at a line's end and the citation on the next: the space
    or line break before a citation becomes a no-break space, so that '[1].' never begins a
    line on its own."""
    pending = state.pending  # (a property that joins what is pending: read once)
    if pending:
        if pending[-1] == " ":
            state.pending = pending[:-1] + "\N{NO-BREAK SPACE}"
    elif state.tokens and state.tokens[-1].type == "softbreak":
        _neutralize(state.tokens[-1], "\N{NO-BREAK SPACE}")


def _render_citation(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return _citation_html(tokens[idx].meta)


def _citation_html(meta: dict[str, Any]) -> str:
    ids = meta["ids"]
    inner = "\x03, \x02c:".join(ids)
    # no class: CSS finds a citation as the <sup> of a link to a source (#source-N), and a
    # body cites five to ten times (13 bytes each, 0.9 MB of a 10,000-event site)
    return f"<sup>[\x02c:{inner}\x03]</sup>"


BODY_HEADING = {"h1": "h2", "h2": "h3", "h3": "h4", "h4": "h5", "h5": "h6", "h6": "h6"}
"""A body's heading's tag as written: one level below what Markdown names it, as the
page's title is its one <h1> (`######` stays <h6>, there is no <h7>). Written so, not
parsed so: the tokens keep markdown-it's own tags."""


def _render_heading(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    """renderToken's, the tag one level down (BODY_HEADING): its first `hN` is the tag's
    (after `<` or `</`; an attribute's `<` is escaped)."""
    tag = tokens[idx].tag
    return str(self.renderToken(tokens, idx, options, env)).replace(tag, BODY_HEADING[tag], 1)


def _render_wikilink(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return _wikilink_html(tokens[idx].meta)


def _wikilink_html(meta: dict[str, Any]) -> str:
    target = meta["target"]
    text = quick_escape(meta["text"]) if meta["text"] else f"\x02t:{target}\x03"
    # no class: nothing styles or scripts a cross-reference apart from any other link, and
    # a long body has dozens of them (13 bytes each, 2.5 MB of a 10,000-event site)
    return f'<a href="\x02h:{target}\x03">{text}</a>'


def _neutralize(token: Token, content: str = "") -> None:
    token.type = "text"
    token.tag = ""
    token.nesting = 0
    token.attrs = {}
    token.children = None
    token.content = content


def _safety_rule(state: StateCore) -> None:
    """Collect problems, escape raw HTML and unlink bad schemes, after inline parsing."""
    _check_blocks(state.tokens, state.env)


def _check_blocks(tokens: Sequence[Token], env: MutableMapping[str, Any]) -> None:
    """_safety_rule's work on a body's block tokens (markdown-it's, or light_made's)."""
    allow_html = env.get("allow_html", False)
    problems = env["problems"]
    hrefs = env.get("hrefs", [])  # (kept by render alone)
    for block in tokens:
        if block.type == "html_block":
            if not allow_html:
                problems.append((block.map, block.content.strip(), "html"))
                block.content = html_escape(block.content)
            continue
        if block.type != "inline" or not block.children:
            continue
        for child in block.children:
            if child.type == "text" and "@" in child.content:
                problems.extend(
                    (block.map, m.group(), "cite") for m in NEAR_CITE_RE.finditer(child.content)
                )
            elif child.type == "html_inline" and not allow_html:
                problems.append((block.map, child.content, "html"))
                child.content = html_escape(child.content)
            elif child.type == "link_open":
                _check_link(block, child, problems, hrefs)
            elif child.type == "image":
                _check_image(block, child, problems, env.get("pictures", []))
            elif child.type in ("citation", "wikilink"):
                env["refs"].append((block.map, child.type, child.meta))


Problems = list[tuple[Any, str, str]]
"""(block.map, what, kind) for each problem the safety rule finds, in env["problems"]."""
Hrefs = list[tuple[Any, str]]
"""(block.map, address) for each link inside the site, in env["hrefs"] (each picture's
in env["pictures"])."""


def _check_link(block: Token, link: Token, problems: Problems, hrefs: Hrefs) -> None:
    """A bare domain is reported; a scheme other than http(s)/mailto, or none at all to
    another host (`//host/…`), is unlinked; an address inside the site (not `#x` on this
    page) is kept in `hrefs` for the checks, which know the site's pages."""
    href = str(link.attrs.get("href", ""))
    scheme = SCHEME_RE.match(href)
    if not scheme and re.match(BARE_DOMAIN, href):
        problems.append((block.map, href, "bare"))
    elif not scheme and not href.startswith("//"):
        if href and href[0] != "#":
            hrefs.append((block.map, href))
    elif not scheme or (name := scheme.group(1).lower()) not in ALLOWED_SCHEMES:
        problems.append((block.map, href, "scheme" if scheme else "host"))
        _neutralize(link)
        _neutralize_link_close(block.children or [], link)
    elif name != "mailto" and not PLAIN_WEB_ADDRESS.match(href):
        _check_web_address(block, href, problems, "address")


def _check_web_address(block: Token, address: str, problems: Problems, kind: str) -> None:
    """An http(s) link's or picture's address that PLAIN_WEB_ADDRESS does not vouch for,
    judged as an `image:`'s or a source's address is (addresses.address_problem): one with
    no host (`https://`, `https:///x`), a bad port or host, a user name, leads nowhere a
    reader can go."""
    if address_problem(address, ""):
        problems.append((block.map, address, kind))


def _neutralize_link_close(children: list[Token], link: Token) -> None:
    """The link_close that matches `link`, past any links nested inside it."""
    depth = 0
    for later in children[children.index(link) + 1 :]:
        if later.type == "link_open":
            depth += 1
        elif later.type == "link_close":
            if depth == 0:
                _neutralize(later)
                break
            depth -= 1


def _check_image(block: Token, image: Token, problems: Problems, pictures: Hrefs) -> None:
    """An image with a bad scheme, or another host's without one (`//host/…`), becomes its
    alt text; one without alt text is reported; one inside the site is kept in
    `pictures` for the checks, as a link is in `hrefs`."""
    src = str(image.attrs.get("src", ""))
    scheme = SCHEME_RE.match(src)
    alt = "".join(c.content for c in image.children or [])
    if (scheme and scheme.group(1).lower() not in ALLOWED_SCHEMES) or src.startswith("//"):
        problems.append((block.map, src, "scheme" if scheme else "host"))
        _neutralize(image, alt)
    else:
        if not alt.strip():
            problems.append((block.map, src, "alt"))
        if not scheme and src:  # (`#notes` too: this page, which is no picture)
            pictures.append((block.map, src))
    if scheme and scheme.group(1).lower() == "http":  # mixed content on an https page
        problems.append((block.map, src, "http"))
    elif scheme and scheme.group(1).lower() == "https" and not PLAIN_WEB_ADDRESS.match(src):
        _check_web_address(block, src, problems, "picture-address")


def _normalize(state: StateCore) -> None:
    """markdown-it's first rule (CR LF and CR to LF, NUL to U+FFFD), skipped for the text
    that has neither: two regular-expression passes over every body, 6% of parsing it."""
    if "\r" in state.src or "\0" in state.src:
        from markdown_it.rules_core import normalize

        normalize(state)


def _only_if(test: Callable[[str], bool], rule: Callable[[StateCore], None]) -> Any:
    """A core rule run for a body where `test` finds what it may change."""

    def run(state: StateCore) -> None:
        if test(state.src):
            rule(state)

    return run


@lru_cache(maxsize=4)
def _parser(allow_html: bool) -> MarkdownIt:
    """The configured parser (a pure function of the option: kept for the process)."""
    return _made_parser(allow_html)


def _made_parser(allow_html: bool) -> MarkdownIt:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

    from .adapters import plain_inline_test, quiet_block_rules, special_text_test, typography_tests

    quiet_block_rules()
    md = MarkdownIt("commonmark", {"html": True, "typographer": True})
    md.enable(["table", "strikethrough", "replacements", "smartquotes"])
    md.core.ruler.at("normalize", _normalize)
    tests = typography_tests()
    if tests is not None:  # each rule run for the bodies it may change
        from markdown_it.rules_core import replace, smartquotes

        md.core.ruler.at("smartquotes", _only_if(tests[0], smartquotes))
        md.core.ruler.at("replacements", _only_if(tests[1], replace))
    if (special := special_text_test()) is not None:  # see adapters.special_text_test
        from markdown_it.rules_core import text_join

        md.core.ruler.at("text_join", _only_if(special, text_join))
    _gate_second_pass(md)
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # judged by _safety_rule
    # first: the rules it goes before (text, newline, escape, backticks, strikethrough,
    # emphasis) each need another character than `[` where they start, so they never
    # take what it takes, and seven calls go at each reference
    md.inline.ruler.before("text", "sitegen_refs", _ref_rule)
    md.core.ruler.after("inline", "sitegen_safety", _safety_rule)
    test = plain_inline_test(md.inline.ruler.get_active_rules()[1:])
    if test is not None:  # (a paragraph's, a heading's, a cell's inline text alike)
        md.core.ruler.at("inline", _plain_inline(test, Token))
    md.add_render_rule("citation", _render_citation)
    md.add_render_rule("wikilink", _render_wikilink)
    md.add_render_rule("heading_open", _render_heading)
    md.add_render_rule("heading_close", _render_heading)
    return md


def _gate_second_pass(md: MarkdownIt) -> None:
    """markdown-it's second inline pass (four rules a paragraph, each a walk of its tokens
    or delimiters) as one rule, run for a paragraph where it may change something (see
    adapters.second_pass_test): most paragraphs have no emphasis, strikethrough or line
    break."""
    from .adapters import second_pass_test

    post = md.inline.ruler2
    names = post.get_active_rules()
    test = second_pass_test(names)
    if test is None:
        return
    rules = list(post.getRules(""))

    def second_pass(state: StateInline) -> None:
        if test(state.src):
            for rule in rules:
                rule(state)

    post.at(names[0], second_pass)
    post.disable(names[1:])


_BLOCK_START = re.compile(
    r"\n(?:[ \t\-+#>=<`~|:]|[*_]+(?![^ \t\n])|\[(?!\[|[^\[\]\\\n]*\]\()|\d+[.)])"
)
"""A line that may start a block other than a paragraph, or end one: indented (code), a
list's or a quote's mark, a rule, a heading, a fence, HTML, a reference (`[x]: /a`; a
label holds no `[`, so not a line that starts with a `[[link]]`, nor one whose first
`]`, with no `[` or backslash before it, is followed by `(`: a link's), an underline (`===`),
a table's second line (`|---|`, `:--`, `--`; a `[[slug|text]]` is no table). A run of
`*` or `_` followed by a letter (`*Photo: AP*`, a caption, `**Bold**`) starts no list
and no rule: only one followed by a space, a tab or the line's end may."""
_INTERRUPTS = re.compile(r"\n(?:[ \t\-+#>=<`~|:]|[*_]+(?![^ \t\n])|\d+[.)])")
"""A line that may end the paragraph before it (_BLOCK_START but a `[`: a reference's
definition interrupts no paragraph, so a line of a wrapped paragraph that starts with
a citation continues it)."""


@lru_cache(maxsize=4)
def _direct_parser(allow_html: bool) -> MarkdownIt:
    """A parser made as `_parser(allow_html)` is, with its core's block rule replaced by
    _direct_blocks: each paragraph, ATX heading, quote, list (numbered or not) of
    one-line items, closed fence and table of `|` lines as _blocks_in_parts takes them
    is made into block tokens directly, where markdown-it would try every block rule at
    each line and fail but one; markdown-it's block rules parse the others, one block
    at a time. Made anew (0.13 ms once a process), not copied from the parser: a copy
    is made without MarkdownIt's __init__, and rests on what its attributes are."""
    from markdown_it.common.utils import mdTrim
    from markdown_it.rules_block import StateBlock
    from markdown_it.token import Token

    md = _made_parser(allow_html)
    md.core.ruler.at("block", _direct_blocks(Token, mdTrim, StateBlock))
    return md


def _direct_blocks(token: type[Token], trim: Callable[[str], str], parts: type[StateBlock]) -> Any:
    """markdown-it's core block rule for a body none of whose lines starts anything but
    a paragraph (_paragraph_blocks); any other body's blocks made by _blocks_in_parts
    (`parts`: markdown-it's StateBlock, for the blocks markdown-it parses)."""

    def blocks(state: StateCore) -> None:
        src = state.src
        lines = src.split("\n")
        end = len(lines) - 1 if src.endswith("\n") else len(lines)  # as StateBlock counts
        if not _BLOCK_START.search("\n" + src):
            state.tokens += _paragraph_blocks(lines, end, token, trim)
        else:
            _blocks_in_parts(state, lines, end, (token, trim, parts))

    return blocks


def _blocks_in_parts(
    state: StateCore,
    lines: list[str],
    end: int,
    made_by: tuple[type[Token], Callable[[str], str], type[StateBlock]],
) -> None:
    """A body's block tokens, each block that _shaped_block or _made_in_parts takes made
    by it, each other one parsed by markdown-it's block rules (_parsed_block) with every
    line after it in sight: a body with one setext heading costs the direct path and
    one heading's parse. Each starts where markdown-it's parser starts a block: a block
    made directly ends where markdown-it ends it, or is parsed again with the block
    after it. A list (which goes on past its blank lines at an indented line) or a
    paragraph or heading right before a block that is not made directly (a paragraph
    goes on at a `#` line that is no heading) is parsed again with it; every other
    block made directly has ended (a quote, a table and a paragraph at a blank line, a
    heading at its line, a fence at its closing line)."""
    token, trim, state_block = made_by
    tokens = state.tokens
    parsed: StateBlock | None = None  # (made for the first block markdown-it parses)
    last: tuple[int, int, int] | None = None  # the last block made: its line, token, end
    line = 0
    while line < end:
        if not lines[line]:
            line += 1
            continue
        first = len(tokens)
        after = _shaped_block(lines, line, end, token, trim, tokens)
        if after is None:
            after = _made_in_parts(lines, line, end, token, trim, tokens)
        if after is not None:
            last, line = (line, first, after), after
            continue
        del tokens[first:]
        if last is not None and last[2] == line:  # (its end not known: parsed again)
            line, first = last[0], last[1]
            del tokens[first:]
        last = None
        if parsed is None:
            parsed = state_block(state.src, state.md, state.env, tokens)
        line = _parsed_block(parsed, line, end)


def _made_in_parts(
    lines: list[str],
    line: int,
    end: int,
    token: type[Token],
    trim: Callable[[str], str],
    made: list[Token],
) -> int | None:
    """The tokens of a block at `line` that _shaped_block leaves to markdown-it (and
    light_made with it) but the direct path in parts makes, added to `made`: a table
    (_table_block), a quote with lazy lines, a loose list; the line after it, or None
    (nothing added) for any other."""
    text = lines[line]
    if text[0] == "|":
        return _table_block(lines, line, end, token, trim, made)
    if line and lines[line - 1]:  # (as _shaped_block leaves one)
        return None
    if text[0] == ">":
        return _quote_blocks(lines, line, end, token, trim, made, lazy=True)
    if text[0] == "-" or (text[0] in _DIGITS and _ORDERED.match(text)):
        return _list_blocks(lines, line, end, token, trim, made, loose=True)
    return None


def _parsed_block(state: StateBlock, line: int, end: int) -> int:
    """The block at `line` (or after the empty lines there) parsed by markdown-it's block
    rules as its block parser's loop (ParserBlock.tokenize) parses it, every line to the
    body's end in sight; the line after it (`end` after the last)."""
    line = state.skipEmptyLines(line)
    if line >= state.lineMax:  # (a last line of spaces alone is none of its lines)
        return end
    state.line = line
    for rule in state.md.block.ruler.getRules(""):
        if rule(state, line, state.lineMax, False):
            break
    return state.line


_TABLE_RULE = re.compile(r"\|[-:| \t]+\Z")
"""A table's second line as _table_block takes it: `|` first, then `-`, `:`, `|`, spaces
and tabs (at least one: markdown-it's table rule reads two characters)."""
_TABLE_ALIGN = re.compile(r":?-+:?\Z")
_TABLE_CELLS = 0x10000
"""markdown-it's MAX_AUTOCOMPLETED_CELLS: a table with more cells than this, left to it."""


def _table_block(
    lines: list[str],
    line: int,
    end: int,
    token: type[Token],
    trim: Callable[[str], str],
    made: list[Token],
) -> int | None:
    """A GFM table every line of which starts with `|` and holds no backslash (each
    then split at every `|`, as markdown-it's escapedSplit splits it), up to an empty
    line or the body's end, its tokens added to `made` as markdown-it's table rule
    makes them (a line that starts with `|` is no other block's, and ends none); the
    line after it, or None for any other: for markdown-it to parse."""
    stop = line
    while stop < end and lines[stop][:1] == "|" and "\\" not in lines[stop]:
        stop += 1
    if stop < line + 2 or (stop < end and lines[stop]) or not _TABLE_RULE.match(lines[line + 1]):
        return None
    aligns = _table_aligns(lines[line + 1], trim)
    head = _table_cells(trim(lines[line]))
    if aligns is None or len(head) != len(aligns) or (stop - line) * len(head) > _TABLE_CELLS:
        return None
    opened = token("table_open", "table", 1, map=[line, stop], block=True)
    made += (opened, token("thead_open", "thead", 1, map=[line, line + 1], level=1, block=True))
    made += _table_row(head, aligns, line, "th", token, trim)
    made.append(token("thead_close", "thead", -1, level=1, block=True))
    if stop > line + 2:
        made.append(token("tbody_open", "tbody", 1, map=[line + 2, stop], level=1, block=True))
        for row in range(line + 2, stop):
            made += _table_row(_table_cells(trim(lines[row])), aligns, row, "td", token, trim)
        made.append(token("tbody_close", "tbody", -1, level=1, block=True))
    made.append(token("table_close", "table", -1, block=True))
    return stop


def _table_aligns(text: str, trim: Callable[[str], str]) -> list[str] | None:
    """Each column's alignment as a table's second line writes it (`:--` left, `--:`
    right, `:-:` center), as markdown-it's table rule reads them; None where it reads no
    table (an empty column between two others, a column of other marks)."""
    columns = text.split("|")
    aligns = []
    for at, column in enumerate(columns):
        mark = trim(column)
        if not mark:
            if at == 0 or at == len(columns) - 1:
                continue
            return None
        if not _TABLE_ALIGN.match(mark):
            return None
        if mark[-1] == ":":
            aligns.append("center" if mark[0] == ":" else "right")
        else:
            aligns.append("left" if mark[0] == ":" else "")
    return aligns


def _table_cells(text: str) -> list[str]:
    """A table line's cells, a first and a last empty one (before the first `|`, after
    the last) dropped as markdown-it's table rule drops them."""
    cells = text.split("|")
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return cells


def _table_row(
    cells: list[str],
    aligns: list[str],
    line: int,
    tag: str,
    token: type[Token],
    trim: Callable[[str], str],
) -> list[Token]:
    """A table row's tokens (a cell for each column, a missing one empty), as markdown-it's
    table rule makes them."""
    at = [line, line + 1]
    made = [token("tr_open", "tr", 1, map=at, level=2, block=True)]
    for column, align in enumerate(aligns):
        text = cells[column] if column < len(cells) else ""
        attrs: dict[str, str | int | float] = {"style": "text-align:" + align} if align else {}
        made += (
            token(f"{tag}_open", tag, 1, attrs=attrs, level=3, block=True),
            token("inline", "", 0, map=list(at), level=4, children=[],
                  content=trim(text) if text else "", block=True),
            token(f"{tag}_close", tag, -1, level=3, block=True),
        )  # fmt: skip
    made.append(token("tr_close", "tr", -1, level=2, block=True))
    return made


def _paragraph_blocks(
    lines: list[str], end: int, token: type[Token], trim: Callable[[str], str]
) -> list[Token]:
    """markdown-it's block parser with its paragraph rule alone, for lines none of which
    starts with a space or a tab: each run of lines that are not empty is a paragraph,
    its lines joined and trimmed (`trim`, the paragraph rule's), its tokens made as
    StateBlock.push makes them."""
    made: list[Token] = []
    for start, stop in _paragraph_runs(lines, end):
        made += _paragraph(trim("\n".join(lines[start:stop])), start, stop, 0, token)
    return made


def _paragraph_runs(lines: list[str], end: int) -> Iterator[tuple[int, int]]:
    """Each run of lines that are not empty (of the first `end`), as (start, stop): a
    paragraph where no line starts anything else."""
    line = 0
    while line < end:
        if not lines[line]:
            line += 1
            continue
        start = line
        line += 1
        while line < end and lines[line]:
            line += 1
        yield start, line


def _paragraph(content: str, start: int, end: int, level: int, token: type[Token]) -> Any:
    """A paragraph's three tokens, at `level` (in a quote 1; in a tight list's item 2,
    hidden)."""
    hidden = level == 2
    return (
        token("paragraph_open", "p", 1, map=[start, end], level=level, block=True,
              hidden=hidden),
        token("inline", "", 0, map=[start, end], level=level + 1, children=[],
              content=content, block=True),
        token("paragraph_close", "p", -1, level=level, block=True, hidden=hidden),
    )  # fmt: skip


_HEADING = re.compile(r"(#{1,6}) .*[^ \t#]\Z")
"""An ATX heading whose text markdown-it takes whole (no closing `#`s, no space after)."""


def _shaped_blocks(
    lines: list[str],
    end: int,
    token: type[Token],
    trim: Callable[[str], str],
    paragraph: Callable[..., Sequence[Any]] = _paragraph,
) -> list[Token] | None:
    """markdown-it's block tokens of a body whose lines are each empty or in a block
    _shaped_block takes; None for any other: for markdown-it to parse. `paragraph`:
    what a paragraph outside a quote or a list is made into (_light_blocks': one token,
    not three)."""
    made: list[Token] = []
    line = 0
    while line < end:
        if not lines[line]:
            line += 1
        elif (after := _shaped_block(lines, line, end, token, trim, made, paragraph)) is None:
            return None
        else:
            line = after
    return made


def _shaped_block(
    lines: list[str],
    line: int,
    end: int,
    token: type[Token],
    trim: Callable[[str], str],
    made: list[Token],
    paragraph: Callable[..., Sequence[Any]] = _paragraph,
) -> int | None:
    """The tokens of the block at `line` (not empty, where markdown-it's parser starts a
    block), added to `made`: a paragraph's (no _BLOCK_START), an ATX heading's
    (_heading_block), a quote's (_quote_blocks) or a list's (_list_blocks); the line
    after it, or None (nothing added) for any other, or a list or quote otherwise
    placed. A heading ends the paragraph before it, as markdown-it's heading rule may."""
    text = lines[line]
    if (shaped := _container(text)) is not None:
        # (one that ends a paragraph: left to markdown-it)
        return None if line and lines[line - 1] else shaped(lines, line, end, token, trim, made)
    if text[0] == "#":
        one = _heading_block(lines, line, token, trim)
        if one is None:
            return None
        made += one
        return line + 1
    if _BLOCK_START.match("\n" + text):
        return None
    start = line
    line += 1
    while line < end and lines[line] and not lines[line].startswith("#"):
        if _INTERRUPTS.match("\n" + lines[line]):
            return None
        line += 1
    made += paragraph(trim("\n".join(lines[start:line])), start, line, 0, token)
    return line


def _container(text: str) -> Callable[..., int | None] | None:
    """What makes the tokens of the quote (_quote_blocks), list (_list_blocks) or fence
    (_fence_block) whose first line is `text`, not empty; None for a line that starts
    none of them."""
    if text[0] == ">":
        return _quote_blocks
    if text[0] == "-" or (text[0] in _DIGITS and _ORDERED.match(text)):
        return _list_blocks
    if text[:3] == "```" or text[:3] == "~~~":
        return _fence_block
    return None


def _fence_block(
    lines: list[str],
    line: int,
    end: int,
    token: type[Token],
    trim: Callable[[str], str],
    made: list[Token],
) -> int | None:
    """A fenced code block whose closing line is its opening mark alone (```` ``` ````
    after ```` ```python ````), its token added to `made` as markdown-it's fence rule
    makes it; the line after it, or None where it is otherwise written: a backtick in
    a backtick fence's info string, no closing line, or a line inside it that may close
    it otherwise (a longer mark, one indented or followed by spaces)."""
    text = lines[line]
    markup = text[: len(text) - len(text.lstrip(text[0]))]
    info = text[len(markup) :]
    if markup[0] == "`" and "`" in info:
        return None
    close = line + 1
    while close < end and lines[close] != markup:
        if lines[close].lstrip(" \t").startswith(markup[0] * 3):
            return None
        close += 1
    if close >= end:
        return None
    content = "".join(inside + "\n" for inside in lines[line + 1 : close])
    made.append(token("fence", "code", 0, map=[line, close + 1], markup=markup, info=info,
                      content=content, block=True))  # fmt: skip
    return close + 1


def _heading_block(
    lines: list[str], line: int, token: type[Token], trim: Callable[[str], str]
) -> tuple[Token, ...] | None:
    """The tokens of the heading (_HEADING) at `line`, or None where it is not one as
    written here."""
    text = lines[line]
    heading = _HEADING.match(text)
    if heading is None:
        return None
    at = [line, line + 1]
    tag, markup = f"h{len(heading[1])}", heading[1]
    return (
        token("heading_open", tag, 1, map=at, markup=markup, block=True),
        token("inline", "", 0, map=list(at), level=1, children=[],
              content=trim(text[len(markup):]), block=True),
        token("heading_close", tag, -1, markup=markup, block=True),
    )  # fmt: skip


def _quote_blocks(
    lines: list[str],
    line: int,
    end: int,
    token: type[Token],
    trim: Callable[[str], str],
    made: list[Token],
    lazy: bool = False,
) -> int | None:
    """A quote of `> ` lines (and `>` alone, which ends a paragraph in it), each line's
    text one that starts nothing but a paragraph, its tokens added to `made` as
    markdown-it's blockquote rule makes them; the line after it, or None where it is
    otherwise written: a `>` without a space after it, a `>` alone first or last (where
    markdown-it's map of the quote takes in the blank lines after it), or a line after
    the quote that is not blank (a lazy line, which markdown-it may take into the
    quote's paragraph; `lazy`: taken into it where it starts nothing, see
    _quote_lines)."""
    start = line
    inner = _quote_lines(lines, line, end, lazy)
    if inner is None:
        return None
    line += len(inner)
    made.append(token("blockquote_open", "blockquote", 1, map=[start, line], markup=">",
                      block=True))  # fmt: skip
    at = 0
    while at < len(inner):
        if not inner[at]:
            at += 1
            continue
        first = at
        while at < len(inner) and inner[at]:
            at += 1
        made += _paragraph(trim("\n".join(inner[first:at])), start + first, start + at, 1, token)
    made.append(token("blockquote_close", "blockquote", -1, markup=">", block=True))
    return line


def _quote_lines(lines: list[str], line: int, end: int, lazy: bool) -> list[str] | None:
    """The text of each line of the quote at `line`, up to a blank line or the body's
    end, as _quote_blocks takes them; with `lazy`, a line without a `>` after a line of
    text too (markdown-it's blockquote rule takes a line that starts no block of its
    terminators into the quote, and its paragraph rule any such line into the paragraph
    before it), where it starts nothing (no _BLOCK_START); None for any other."""
    inner: list[str] = []
    while line < end and lines[line][:1] == ">":
        text = lines[line]
        if text[1:2] not in ("", " ") or _BLOCK_START.match("\n" + text[2:]):
            return None
        inner.append(text[2:])
        line += 1
        while lazy and line < end and lines[line][:1] not in ("", ">") and inner[-1]:
            if _BLOCK_START.match("\n" + lines[line]):
                return None
            inner.append(lines[line])
            line += 1
    if (line < end and lines[line]) or not inner[0] or not inner[-1]:
        return None
    return inner


_ORDERED = re.compile(r"(\d{1,9})([.)]) ")
"""An ordered list's item mark, as markdown-it reads one (nine digits at most), with the
one space after it that _list_blocks takes."""
_DIGITS = "0123456789"


def _list_mark(text: str) -> tuple[str, str, int] | None:
    """A list item's mark at the start of `text`: its markup (`-`, `.` or `)`), its
    number as written (an ordered item's `info`) and where its text starts."""
    if text[:2] == "- ":
        return "-", "", 2
    ordered = _ORDERED.match(text) if text[:1] in _DIGITS else None
    return None if ordered is None else (ordered[2], ordered[1], ordered.end())


def _list_items(lines: list[str], line: int, end: int) -> list[tuple[int, str, str, int]] | None:
    """The items of the list at `line` as _list_blocks takes them: each its line and its
    mark (_list_mark), up to the first blank line; None where one is otherwise written."""
    items: list[tuple[int, str, str, int]] = []
    first = _list_mark(lines[line])
    while line < end and lines[line]:
        mark = _list_mark(lines[line])
        if mark is None or first is None or mark[0] != first[0]:
            return None
        if _BLOCK_START.match("\n" + lines[line][mark[2] :]) or len(lines[line]) == mark[2]:
            return None
        items.append((line, *mark))
        line += 1
    return items


def _list_blocks(
    lines: list[str],
    line: int,
    end: int,
    token: type[Token],
    trim: Callable[[str], str],
    made: list[Token],
    loose: bool = False,
) -> int | None:
    """A tight list, bullet (`- `) or ordered (`1. `, `3) `), of one-line items each
    marked as the first is, every item's text one that starts nothing but a paragraph,
    its tokens added to `made` as markdown-it's list rule makes them; the line after it
    (the blank lines after the last item are the item's and the list's), or None where a
    list is otherwise written: the list not ended by a blank line, another mark (a
    `1)` after `1.` items), or another item after the blank ones (a loose list; with
    `loose`, made: the blank lines after an item are its own, and every item's
    paragraph is shown, as markdown-it's list rule shows a loose list's)."""
    start = line
    ran = _list_runs(lines, line, end, loose)
    if ran is None:
        return None
    items, line = ran
    tight = items[-1][0] - start == len(items) - 1
    first = items[0][1:]
    kind, tag = ("bullet_list", "ul") if first[0] == "-" else ("ordered_list", "ol")
    opened = token(f"{kind}_open", tag, 1, map=[start, line], markup=first[0], block=True)
    if first[1] and int(first[1]) != 1:
        opened.attrs = {"start": int(first[1])}
    made.append(opened)
    for at, (item, _, info, width) in enumerate(items):
        last = items[at + 1][0] if at + 1 < len(items) else line
        made.append(token("list_item_open", "li", 1, map=[item, last], level=1,
                          markup=first[0], info=info, block=True))  # fmt: skip
        made += _paragraph(trim(lines[item][width:]), item, item + 1, 2, token)
        if not tight:
            made[-3].hidden = made[-1].hidden = False
        made.append(token("list_item_close", "li", -1, level=1, markup=first[0], block=True))
    made.append(token(f"{kind}_close", tag, -1, markup=first[0], block=True))
    return line


def _list_runs(
    lines: list[str], line: int, end: int, loose: bool
) -> tuple[list[tuple[int, str, str, int]], int] | None:
    """The items of the list at `line` (_list_items) and the line after it and the blank
    lines after it; with `loose`, each run of items after blank lines too, marked as the
    first is, up to a line that is no item's or is one marked otherwise (markdown-it's
    list rule ends a list at a line that is not indented and no item's, or an item of
    another list); None for any other."""
    items: list[tuple[int, str, str, int]] = []
    while True:
        run = _list_items(lines, line, end)
        if run is None:
            return None
        items += run
        line = run[-1][0] + 1
        while line < end and not lines[line]:
            line += 1
        mark = _list_mark(lines[line] + " ") if line < end else None
        if mark is None or (loose and mark[0] != items[0][1]):  # (another mark: a list)
            return items, line
        if not loose:
            return None


def _plain_inline(test: Callable[[str], bool], token: type[Token]) -> Any:
    """markdown-it's core `inline` rule, each paragraph that `test` finds plain (see
    adapters.plain_inline_test) made into tokens by _plain_children, the rest (and a
    plain one with a `[` that starts no reference) parsed by markdown-it."""

    def inline(state: StateCore) -> None:
        md, env = state.md, state.env
        for block in state.tokens:
            if block.type == "inline":
                content = block.content
                children = _plain_children(content, token) if test(content) else None
                if block.children is None:
                    block.children = []
                if children is None:
                    md.inline.parse(content, md, env, block.children)
                else:
                    block.children += children

    return inline


_PLAIN_MARK = re.compile(r"[\[*_\n]").search
"""Where _plain_children stops, in a paragraph with a line break or an underscore."""
_OPENS_AFTER = ("", " ", "\n", "(")
_CLOSES_BEFORE = ("", " ", "\n", ".", ",", ";", ":", ")", "?", "!")
"""Beside an emphasis mark (`**`, `__`, `*`, `_`) that has a letter or digit on its
other side: where markdown-it's emphasis rule finds it can open (after one of the
first) or close (before one of the second) emphasis, and not the other; a mark with
other neighbours, or any other run of stars or underscores, is left to markdown-it."""
_PUNCTUATION_CLOSES = (".", ",", ";", ":", ")", "?", "!")
_CLOSES_AFTER_PUNCTUATION = ("", " ", "\n")
"""A mark after one of the first (`**final inquiry,** said`) closes emphasis, and
opens none, before one of the second: a line's end or a space (before a letter it
would open, and before another punctuation mark it may do both)."""


def _plain_children(content: str, token: type[Token]) -> list[Token] | None:
    """The tokens markdown-it makes of a paragraph where no inline rule can start but
    sitegen's (_ref_rule), `link` at a `[` and `emphasis` (see
    adapters.plain_inline_test): a text token for each stretch between two references
    or marks of emphasis (`**a b**`, `*a b*`, `_a_`, not nested), the space before a citation a
    no-break one (_glue_to_word_before), levels as markdown-it's second pass sets them
    (and, as it leaves them, an empty text token before a `**` that opens with no text
    before it, and after one that closes with none after it: each of a mark's two stars is a
    text token until the pass turns one into the tag and empties the other, and joins
    it to a text token beside it where there is one).
    (A one-character mark is one text token that the pass turns into the tag: none
    left empty.) None where a `[` starts no reference (a link's) or a `*` or `_` is not
    such a mark: for markdown-it to parse."""
    if not _marked(content):
        return _reference_children(content, token)
    return _marked_children(content, token)


def _marked(text: str) -> bool:
    """Whether a paragraph has a `*`, an `_` or a line break: what only _marked_children
    makes; a paragraph without is text and references alone (_reference_matches)."""
    return "*" in text or "_" in text or "\n" in text


def _marked_children(content: str, token: type[Token]) -> list[Token] | None:
    """_plain_children for a paragraph with a `*`, an `_` or a line break."""
    children: list[Token] = []
    add = children.append
    pos = level = 0
    opened = ""  # (the markup of the emphasis open here: none)
    next_mark = _marks(content)
    at = next_mark(0)
    while at >= 0:
        text = content[pos:at]
        if content[at] == "\n":
            made = _line_break(content, at, text, level, token)
        elif content[at] == "[":
            made = _reference(content, at, text, level, token)
        else:
            ref = _emphasis_mark(content, at, opened, token)
            made = None if ref is None else (ref, text, at + len(ref.markup))
        if made is None:
            return None
        ref, text, pos = made
        if ref.markup:  # (emphasis: the mark it opens, or none once it closes)
            opened = ref.markup if ref.nesting == 1 else ""
        if text or _empty_text_beside(ref, children):
            add(token("text", "", 0, content=text, level=level))
        add(ref)
        level += ref.nesting
        at = next_mark(pos)
    if level:
        return None
    if pos < len(content) or (children and _two_stars(children[-1], -1)):
        add(token("text", "", 0, content=content[pos:]))
    return children


def _reference_children(content: str, token: type[Token]) -> list[Token] | None:
    """_plain_children's tokens of a paragraph of one line without a mark of emphasis
    (most paragraphs): a text token for each stretch between two references, each at
    level 0; None where a `[` starts no reference. None of the emphasis's bookkeeping
    (on the skewed corpus ten references a paragraph)."""
    matches = _reference_matches(content)
    if matches is None:
        return None
    children: list[Token] = []
    add = children.append
    for text, kind, meta in _reference_parts(content, matches):
        if text:
            add(token("text", "", 0, content=text, level=0))
        if kind:
            add(token(kind, "", 0, meta=meta, level=0))
    return children


def _reference_matches(content: str) -> list[re.Match[str]] | None:
    """Each reference in a paragraph without a mark of emphasis or a line break, a
    citation's (CITE_RE) or a wiki link's (WIKI_RE) match, each `[` looked for by
    memchr; None where a `[` starts neither (a link's: for markdown-it)."""
    found: list[re.Match[str]] = []
    find = content.find
    at = find("[")
    while at >= 0:
        m = (CITE_RE if content[at + 1 : at + 2] == "@" else WIKI_RE).match(content, at)
        if m is None:
            return None
        found.append(m)
        at = find("[", m.end())
    return found


def _reference_parts(
    content: str, matches: list[re.Match[str]]
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """A paragraph's references (`matches`, _reference_matches'), each with the text
    before it (a citation's space before it a no-break one: _glue_to_word_before) and
    its kind and meta as its token has them; last the text after the last one, with
    no reference (kind "")."""
    pos = 0
    for m in matches:
        text = content[pos : m.start()]
        if m.re is CITE_RE:
            if text[-1:] == " ":
                text = text[:-1] + _NBSP
            yield text, "citation", _citation_meta(m)
        else:
            yield text, "wikilink", _wikilink_meta(m)
        pos = m.end()
    yield content[pos:], "", {}


def _marks(content: str) -> Callable[[int], int]:
    """Where _plain_children's next stop at or after a place is (-1: none). In most
    paragraphs, without a line break or an underscore, each `[` and `*` is looked for
    apart (memchr) and again only once passed: `re` tries a class of characters at
    every character (~80 instructions each; _plain_children -13 % on the standard
    corpus)."""
    if "_" in content or "\n" in content:
        return functools.partial(_mark_at, content)
    find = content.find
    return functools.partial(_bracket_or_star, find, [find("["), find("*")])


def _mark_at(content: str, pos: int) -> int:
    mark = _PLAIN_MARK(content, pos)
    return -1 if mark is None else mark.start()


def _bracket_or_star(find: Callable[[str, int], int], ahead: list[int], pos: int) -> int:
    """The first `[` or `*` at or after `pos`; `ahead`: where each was found last."""
    bracket, star = ahead
    if 0 <= bracket < pos:
        bracket = ahead[0] = find("[", pos)
    if 0 <= star < pos:
        star = ahead[1] = find("*", pos)
    return bracket if star < 0 or 0 <= bracket < star else star


def _empty_text_beside(mark: Token, before: list[Token]) -> bool:
    """Whether markdown-it leaves an empty text token before `mark`, where no text is:
    before strong emphasis opened, or after strong emphasis closed (_two_stars)."""
    return _two_stars(mark, 1) or bool(before and _two_stars(before[-1], -1))


def _two_stars(mark: Token, nesting: int) -> bool:
    """Whether `mark` opens (`nesting` 1) or closes (-1) strong emphasis: where
    markdown-it leaves an empty text token beside it when no text is (see
    _plain_children)."""
    return mark.nesting == nesting and len(mark.markup) == 2


def _line_break(content: str, at: int, text: str, level: int, token: type[Token]) -> Any:
    """The break at `at` as markdown-it's newline rule makes it (_break_at): its token,
    the text before it and where the next line's text starts; None where _break_at
    leaves it to markdown-it."""
    made = _break_at(content, at, text)
    if made is None:
        return None
    tag, text, after, cited = made
    if cited is not None:
        return token("citation", "", 0, meta=_citation_meta(cited), level=level), text, after
    kind = "hardbreak" if tag == _HARD_BREAK else "softbreak"
    return token(kind, "br", 0, level=level), text, after


_SOFT_BREAK = "\n"
_HARD_BREAK = "<br />\n"
"""As markdown-it writes a softbreak and a hardbreak (its commonmark options' breaks:
`breaks` off, `xhtmlOut` on)."""


def _break_at(content: str, at: int, text: str) -> tuple[str, str, int, Any] | None:
    """The break at `at` as markdown-it's newline rule reads it: a hardbreak after two
    spaces or more, else a softbreak (its HTML, _HARD_BREAK or _SOFT_BREAK); the text
    before it without the spaces it takes; where the next line's text starts, past its
    spaces and tabs. A citation that starts that line after a softbreak: no break (""),
    the citation's match last, the break a no-break space at the text's end
    (_glue_to_word_before's, which markdown-it's second pass joins to the text before
    it). None where `[@` starts that line otherwise (after a hardbreak, or not a
    citation)."""
    after = at + 1
    while content[after : after + 1] in (" ", "\t"):
        after += 1
    hard = text[-2:] == "  "
    if content[after : after + 2] == "[@":
        cited = None if hard else CITE_RE.match(content, after)
        if cited is None:
            return None
        glued = (text[:-1] if text[-1:] == " " else text) + _NBSP
        return "", glued, cited.end(), cited
    if hard:
        return _HARD_BREAK, text.rstrip(" "), after, None
    if text[-1:] == " ":
        text = text[:-1]
    return _SOFT_BREAK, text, after, None


def _reference(content: str, at: int, text: str, level: int, token: type[Token]) -> Any:
    """The citation (`[@`) or wiki link (`[[`) token written at `at`, the text before it
    (a citation's space before it a no-break one: _glue_to_word_before) and where it
    ends; None where neither is written there (a link's `[`)."""
    if content[at + 1 : at + 2] == "@":
        m = CITE_RE.match(content, at)
        if m is None:
            return None
        if text[-1:] == " ":
            text = text[:-1] + _NBSP
        return token("citation", "", 0, meta=_citation_meta(m), level=level), text, m.end()
    m = WIKI_RE.match(content, at)
    if m is None:
        return None
    return token("wikilink", "", 0, meta=_wikilink_meta(m), level=level), text, m.end()


def _emphasis_mark(content: str, at: int, opened: str, token: type[Token]) -> Any:
    """The open or close token of the emphasis mark at `at` (_emphasis_at); None where
    markdown-it may read the run otherwise."""
    mark = _emphasis_at(content, at, opened)
    if mark is None:
        return None
    tag = "strong" if len(mark) == 2 else "em"
    if not opened:
        return token(f"{tag}_open", tag, 1, markup=mark)
    return token(f"{tag}_close", tag, -1, markup=mark)


def _emphasis_at(content: str, at: int, opened: str) -> str | None:
    """The emphasis mark at `at` where it opens (none `opened`) or closes (the same
    mark `opened`) emphasis: strong for `**` or `__`, em for `*` or `_`; None where
    markdown-it may read the run otherwise (see _OPENS_AFTER: neither side may be a
    star or an underscore, so the run is the mark; an `_` inside a word opens and
    closes nothing; a `*` closing `**` is left to markdown-it, which pairs them)."""
    char = content[at]
    markup = char * 2 if content[at + 1 : at + 2] == char else char
    before = content[at - 1 : at] if at else ""
    after = content[at + len(markup) : at + len(markup) + 1]
    if not opened:
        if before in _OPENS_AFTER and after.isascii() and after.isalnum():
            return markup
        return None
    if opened == markup and (
        (after in _CLOSES_BEFORE and before.isascii() and before.isalnum())
        or (before in _PUNCTUATION_CLOSES and after in _CLOSES_AFTER_PUNCTUATION)
    ):
        return markup
    return None


_TAGS = {
    "strong_open": "<strong>",
    "strong_close": "</strong>",
    "em_open": "<em>",
    "em_close": "</em>",
    "softbreak": "\n",
    "hardbreak": "<br />\n",
}
"""As markdown-it's renderToken writes these (inline, no attributes: emphasis has none),
and its commonmark options' breaks (`breaks` off, `xhtmlOut` on)."""


_PARAGRAPH_TAGS = {"paragraph_open": "<p>", "paragraph_close": "</p>\n"}
"""As renderToken writes a paragraph's tags (not hidden, no attributes, its open tag's
next token its inline one), but after a hidden token (see _blocks_html)."""


def _blocks_html(tokens: Sequence[Token], md: MarkdownIt, env: Any) -> str:
    """md.renderer.render(tokens, ...), as it writes each token: an inline token's
    children by _inline_html, a paragraph's tags as _PARAGRAPH_TAGS, and every other
    token (a heading's, a list's, a code block, ...) by its render rule or renderToken,
    as render does."""
    renderer: Any = md.renderer  # (RendererHTML: its rules and renderToken)
    options = md.options
    rules = renderer.rules
    out: list[str] = []
    add = out.append
    for idx, block in enumerate(tokens):
        kind = block.type
        if kind == "inline":
            if block.children:
                add(_inline_html(block.children, md, env))
        elif (
            kind in _PARAGRAPH_TAGS
            and not block.hidden
            and not block.attrs
            and not (idx and tokens[idx - 1].hidden)
        ):
            add(_PARAGRAPH_TAGS[kind])
        elif kind in rules:
            add(rules[kind](tokens, idx, options, env))
        else:
            add(renderer.renderToken(tokens, idx, options, env))
    return "".join(out)


HTML_SPECIAL = '&<>"'
"""What markdown-it's escapeHtml changes (tests/test_adapters.py holds it to that)."""


def quick_escape(text: str) -> str:
    """html.escape(text), its five replaces (each counts the text's characters one by
    one, then copies it) made only where the text holds one of their characters: most
    of the links' addresses and titles a page's placeholders are filled with hold none
    (each character looked for apart, by memchr)."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return html_escape(text)
    return text


def escape_html(text: str) -> str:
    """markdown-it's escapeHtml (its four replaces, made here: a body light_made writes
    imports no markdown-it; tests/test_adapters.py holds them to it), made only where
    the text holds something they change: each counts the text's characters one by one,
    then copies it, where a test of each character (memchr) finds most texts need
    nothing."""
    if "&" in text or "<" in text or ">" in text or '"' in text:  # (HTML_SPECIAL)
        return (
            text.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace('"', "&quot;")
        )
    return text


def _inline_html(children: Sequence[Token], md: MarkdownIt, env: Any) -> str:
    """md.renderer.renderInline(children, ...): text, citations, wiki links and strong
    emphasis written as their render rules write them; children with anything else
    rendered by markdown-it's renderer."""
    out: list[str] = []
    add = out.append
    for child in children:
        kind = child.type
        if kind == "text":
            add(escape_html(child.content))
        elif kind == "citation":
            add(_citation_html(child.meta))
        elif kind == "wikilink":
            add(_wikilink_html(child.meta))
        elif kind in _TAGS:
            add(_TAGS[kind])
        else:
            # (render is renderInline for tokens none of which is `inline`)
            return str(md.renderer.render(children, md.options, env))
    return "".join(out)


_NO_FIELDS: Any = MappingProxyType({})
"""A _Token's attributes and meta where none are given: read, never changed."""


class _Token:
    """A token with the fields of markdown-it's Token that the direct path sets and the
    rest of this module reads, for a body light_made makes without markdown-it. A field
    the call leaves at its default is the class's, not set on the token: most tokens set
    four of twelve (a paragraph's three, a text between two references), and each set
    costs more than the call (the parse's 26,688 tokens of the standard corpus)."""

    attrs: Any = _NO_FIELDS  # (assigned whole where set: _list_blocks' `start`)
    block = False
    children: list[Any] | None = None
    content = ""
    hidden = False
    info = ""
    level = 0
    map: list[int] | None = None
    markup = ""
    meta: Any = _NO_FIELDS
    type: str
    tag: str
    nesting: int


def _light_token(
    type: str,  # (Token's own names: the direct path calls it so)
    tag: str,
    nesting: int,
    map: list[int] | None = None,
    level: int = 0,
    children: list[Any] | None = None,
    content: str = "",
    markup: str = "",
    info: str = "",
    meta: dict[str, Any] | None = None,
    block: bool = False,
    hidden: bool = False,
) -> _Token:
    """A _Token, its fields set by a function, the class called with none: a class
    called with keywords packs them into a dict and unpacks it again for its __init__
    (a third of each token's cost under callgrind; 5,416 paragraphs' 16,248 tokens on
    the skewed corpus)."""
    self = _Token()
    self.type, self.tag, self.nesting = type, tag, nesting
    if map is not None:
        self.map = map
    if level:
        self.level = level
    if children is not None:
        self.children = children
    if content:
        self.content = content
    if markup:
        self.markup = markup
    if info:
        self.info = info
    if meta is not None:
        self.meta = meta
    if block:
        self.block = block
    if hidden:
        self.hidden = hidden
    return self


_LIGHT_OUT = ("\\", "`", "~", "<")
"""A paragraph (or heading) with any of these is left to markdown-it (see light_made):
an escape (its text_join rule), code, strikethrough, HTML; and one with an `&` that may
start a character reference (_ENTITY). (A picture's `![` starts no reference:
_light_reference writes it, or leaves it to markdown-it.)"""
_ENTITY = re.compile(r"&(?:#|[A-Za-z0-9]+;)").search
"""An `&` markdown-it's entity rule may read (`&amp;`, `&#39;`): any other is text to it,
written `&amp;` (`R&B`, `Q & A`)."""
_TRIM = (
    "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""What markdown-it's mdTrim strips (its MD_TRIM_CHARS: tests/test_adapters.py)."""


_WORD_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def _not_apostrophe(text: str) -> bool:
    """Whether `text` holds a `'` that markdown-it's smartquotes rule may read otherwise
    than as an apostrophe: one after an ASCII letter or digit (in the same text token: no
    reference or mark of emphasis ends in one) it can never open a quote, nor so close
    one (none is opened), so it is an apostrophe whatever follows (`Ada's`, `the States'
    agency`, `the '90s` excepted). Each `'` found by str.find, the character before it
    looked at: the pattern `(?<![A-Za-z0-9])'` said the same, but one that starts with a
    look-behind is tried at every character (~100 µs a 5 KB English body)."""
    at = text.find("'")
    while at != -1:
        if at == 0 or text[at - 1] not in _WORD_ASCII:
            return True
        at = text.find("'", at + 1)
    return False


_APOSTROPHE = "\u2019"


def _trim(text: str) -> str:
    return text.strip(_TRIM)


@lru_cache(maxsize=1)
def _light_tests() -> tuple[Callable[[str], bool], Callable[[str], bool]] | None:
    """The typography tests light_made asks (adapters.known_typography_tests), or None
    where the installed markdown-it is not one its output was held to."""
    from .adapters import known_typography_tests, markdown_it_tried

    return known_typography_tests() if markdown_it_tried() else None


class _Written:
    """What light_made writes of a body as it reads it: its HTML's pieces; its words (as
    _inline_text adds them, for _plain_words); its references placed (_Placed, their
    lines counted from the body's first), and those not yet placed (as _check_blocks
    adds them to env["refs"]: _light_place_pending); its lines; whether its apostrophes are made
    curly; the typographer's replacement test each paragraph is asked (None: the whole
    body was judged at once)."""

    __slots__ = (
        "curly", "first_line", "hrefs", "html", "known", "lines", "misplaced", "pictures",
        "placed", "quoted", "refs", "replaced", "typography", "words",
    )  # fmt: skip

    def __init__(
        self,
        body: str,
        lines: list[str],
        curly: bool,
        replaced: Callable[[str], bool] | None,
        quoted: bool = False,
        first_line: int = 0,
    ) -> None:
        self.first_line = first_line
        """The body's first line in its file: what each placed reference's line counts
        from (its lines are placed so as they are found, not counted again after)."""
        self.html: list[str] = []
        self.words: list[str] = []
        self.placed: _Placed = ([], [], [], [])
        self.refs: list[Any] = []
        self.hrefs: Hrefs = []
        """Each link's address inside the site, with its block's lines, as _check_link
        adds it to env["hrefs"] (_light_link)."""
        self.pictures: Hrefs = []
        """Each picture's address inside the site, as _check_image adds it to
        env["pictures"] (_light_picture)."""
        self.lines = lines
        self.misplaced = "[[@" in body
        """Whether a reference may be found earlier in its line than where it is written
        (see _light_parts)."""
        self.curly = curly
        self.replaced = replaced
        self.known: dict[str, _LightReference] = {}
        """Each reference's _light_reference_made, by its text, as it is first read."""
        self.quoted = quoted
        """Whether the body's text was judged at once but for its quotes: each paragraph's
        then read (_light_quoted)."""
        self.typography: Callable[[str], str] | None = None
        """What the typographer's replacements make of each text of the paragraph being
        written (_light_replaced), or None where it makes nothing of them."""


def light_made(
    body: str, env: dict[str, Any], first_line: int = 0
) -> tuple[str, str, _Placed, Hrefs, Hrefs] | None:
    """A body's HTML and plain text made without markdown-it, which is then not
    imported (15 ms of a small build): a body that the direct path makes whole
    (paragraphs, ATX headings, one-line quotes, tight lists and fences, _shaped_blocks;
    inline text, references and emphasis, as _plain_children reads them, and links and
    pictures of plain addresses, _light_link and _light_picture), none of whose
    inline text markdown-it's other rules change (nothing of _LIGHT_OUT, no replacement
    for the typographer; a quote but an apostrophe after a letter or digit,
    _not_apostrophe, only where _light_quoted makes it as smartquotes does), written
    as markdown-it's renderer writes those tokens as it is read (_light_paragraphs,
    _light_blocks), its references found as _safety_rule finds them (and no problem:
    see _light_references), each placed as _refs places it (_light_parts), in lines
    counted from `first_line` (the body's first line in its file), and its links' and
    pictures' addresses inside the site (with their blocks' lines, as _check_link and
    _check_image keep them).
    None for any other body, or where the installed markdown-it is not one this was
    held to."""
    tests = _light_tests()
    if tests is None or "\0" in body:  # (a NUL: markdown-it's normalize rule)
        return None
    # the whole body judged at once where it can be (each paragraph's text else: a
    # fence's code is no inline text)
    replaced = None if _light_text(body, tests[1]) else tests[1]
    # or judged at once but for its quotes, each paragraph's then read (_light_quoted)
    quoted = replaced is not None and tests[0](body) and _light_text(_unquoted(body), replaced)
    lines = body.split("\n")
    # (apostrophes made curly: none to make in a body without a `'`, however it is quoted)
    written = _Written(body, lines, "'" in body, None if quoted else replaced, quoted, first_line)
    end = len(lines) - 1 if body.endswith("\n") else len(lines)  # as StateBlock counts
    if _BLOCK_START.search("\n" + body):
        made = _light_blocks(lines, end, written)
    else:
        made = _light_paragraphs(lines, end, written)
    if not made:
        return None
    if written.refs:
        _light_place_pending(written)
    html = "".join(written.html)
    return html, _plain_words(written.words), written.placed, written.hrefs, written.pictures


def _light_text(text: str, replaced: Callable[[str], bool]) -> bool:
    """Whether markdown-it's inline rules and typographer read `text` as light_made
    does: nothing of _LIGHT_OUT, no replacement (`replaced`: the typographer's test),
    no quote but an apostrophe after a letter or digit."""
    if (
        "\\" in text
        or ("&" in text and _ENTITY(text) is not None)
        or "`" in text
        or "~" in text
        or "<" in text
        or '"' in text
        or replaced(text)
    ):  # (_LIGHT_OUT, each character looked for apart by memchr)
        return False
    return not _not_apostrophe(text)


def _light_paragraphs(lines: list[str], end: int, written: _Written) -> bool:
    """light_made for a body of paragraphs alone (no line starts anything else: the
    lines _paragraph_blocks takes): each paragraph written as it is read, between the
    tags renderToken writes, no token made; False where markdown-it may read one
    otherwise (_light_inline)."""
    add = written.html.append
    for start, stop in _paragraph_runs(lines, end):
        text = lines[start] if stop == start + 1 else "\n".join(lines[start:stop])
        add("<p>")
        if not _light_inline(text.strip(_TRIM), [start, stop], written):  # (_trim)
            return False
        add("</p>\n")
    return True


def _light_blocks(lines: list[str], end: int, written: _Written) -> bool:
    """light_made for a body with other blocks (_shaped_blocks' tokens: ATX headings,
    one-line quotes, tight lists, fences): markdown-it's renderToken for each block
    token (none has attributes but an ordered list's start, none is self-closing), each
    inline token's text by _light_inline; False where the direct path leaves a block to
    markdown-it, _light_inline a paragraph, or a fence's info holds an escape or an
    entity (markdown-it's unescapeAll reads it)."""
    token: Any = _light_token  # (made as the direct path makes markdown-it's)
    tokens = _shaped_blocks(lines, end, token, _trim, _light_paragraph)
    if tokens is None:
        return False
    add = written.html.append
    for idx, block in enumerate(tokens):
        kind = block.type
        if kind == "paragraph":  # (_light_paragraph's: written as _light_paragraphs does)
            add("<p>")
            if not _light_inline(block.content, block.map, written):
                return False
            add("</p>\n")
        elif kind == "inline":
            if not _light_inline(block.content, block.map, written):
                return False
        elif not _light_block_tags(tokens, idx, written):
            return False
    return True


def _light_block_tags(tokens: list[Any], idx: int, written: _Written) -> bool:
    """_light_blocks' token at `idx` that holds no inline text: a quote's or a list
    item's paragraph tags, a fence, a heading's, a list's or a quote's tag; False for a
    fence whose info markdown-it's unescapeAll reads."""
    block = tokens[idx]
    kind = block.type
    if (
        kind in _PARAGRAPH_TAGS
        and not block.hidden
        and not block.attrs
        and not (idx and tokens[idx - 1].hidden)
    ):  # (as _blocks_html writes them)
        written.html.append(_PARAGRAPH_TAGS[kind])
    elif kind == "fence":
        if "\\" in block.info or "&" in block.info:
            return False
        written.html.append(_fence_html(block))
        written.words.append(block.content + " ")
    elif not block.hidden:
        written.html.append(_block_tag(tokens, idx))
    return True


def _light_paragraph(content: str, start: int, stop: int, level: int, token: Any) -> Any:
    """A paragraph outside a quote or a list as _light_blocks reads it: one token for
    its text, where markdown-it has three (its open and close tags are written as
    _PARAGRAPH_TAGS has them: no token before it is hidden, none after it looks back
    at it, as _block_tag's looks at a hidden paragraph's)."""
    return (token("paragraph", "p", 0, map=[start, stop], content=content),)


def _light_inline(content: str, span: list[int] | None, written: _Written) -> bool:
    """A paragraph's (or heading's) inline text written as markdown-it's inline rules,
    safety rule, typographer and renderer make it (_light_marked where it holds a mark
    of emphasis, a line break or a link, _light_references else): its HTML, its words
    and a space after them, its references; False where markdown-it may read it
    otherwise (`written.replaced`, asked where the whole body was not judged at once; a
    mark or a `[` _plain_children leaves to markdown-it; a paragraph with a link:
    _light_linked; one the typographer's replacements change is written by
    _light_marked, its texts replaced: _light_replaced)."""
    written.typography = None
    # (a `(` looked for first: memchr finds one character at C speed, where a search for
    # two ran through every paragraph at a third of that, 9 M instructions a corpus)
    if "(" in content and "](" in content:
        return _light_linked(content, span, written)
    replaced = written.replaced
    if replaced is not None and not _light_text(content, replaced):
        if _light_replaced(content, written):
            return _light_marked(content, span, written)
        quoted = _light_quoted(content, replaced)
    elif written.quoted and ('"' in content or _not_apostrophe(content)):
        quoted = _light_quoted(content, None)  # (its text judged with the body's)
    else:
        quoted = content
    if quoted is None:
        return False
    content = quoted
    if not _marked(content):
        return _light_references(content, span, written)
    return _light_marked(content, span, written)  # (its references placed later)


def _light_linked(content: str, span: list[int] | None, written: _Written) -> bool:
    """_light_inline for a paragraph that may hold a link (`](`): its text but its
    links' addresses (which are no text to the typographer) judged by `written.replaced`
    where the whole body was not; False where it holds a quote (smartquotes reads a
    link's text as a token apart, and a quote's neighbour across a link's end from the
    text inside it: none is written here) or an apostrophe _not_apostrophe doubts."""
    if '"' in content or _not_apostrophe(content):
        return False
    replaced = written.replaced
    if replaced is not None:
        text = _LINK_ADDRESSES(r"\1", content)
        if not _light_text(text, replaced) and not _light_replaced(text, written):
            return False
    return _light_marked(content, span, written)


def _no_replacement(text: str) -> bool:
    return False


def _light_replaced(text: str, written: _Written) -> bool:
    """Whether a paragraph's `text` is one _light_text leaves to markdown-it only for
    what the typographer's replacements change (`...`, `--`, `(c)`; no quote: which
    smartquotes reads after them), and if so each of its texts is then written as
    replaced (written.typography, asked by _light_words and _light_cite: each is
    one of markdown-it's text tokens, which the rule reads one by one)."""
    if not _light_text(text, _no_replacement):
        return False
    written.typography = _replacements()
    return True


@lru_cache(maxsize=1)
def _replacements() -> Callable[[str], str]:
    from .adapters import known_replacements

    return known_replacements()


def _unquoted(text: str) -> str:
    return text.replace('"', "").replace("'", "")


def _light_quoted(content: str, replaced: Callable[[str], bool] | None) -> str | None:
    """A paragraph's text with its quotes made as markdown-it's smartquotes rule makes
    them (_smartened), where light_made can be sure it reads them so: nothing else of
    _light_text's in it (`replaced`: None where the body's text was judged); no quote
    beside a mark of emphasis or a reference's bracket, nor inside brackets (its
    neighbour then in another token); none inside emphasis (_outside_emphasis); each
    quote paired or an apostrophe (no straight quote left for escape_html or
    _light_words to change). None else: for markdown-it."""
    if replaced is not None and not _light_text(_unquoted(content), replaced):
        return None
    quotes = _quote_places(content)
    for at in quotes:
        if content[at - 1 : at] in _QUOTE_EDGES or content[at + 1 : at + 2] in _QUOTE_EDGES:
            return None
        if content.rfind("[", 0, at) > content.rfind("]", 0, at):
            return None
    if ("*" in content or "_" in content) and not _outside_emphasis(content, quotes):
        return None
    made = _smartened(content, quotes)
    return None if '"' in made or "'" in made else made


_QUOTE_EDGES = frozenset("[]*_")


def _quote_places(content: str) -> list[int]:
    """Where each quote (' or ") is, in order: each found by str.find (a loop over every
    character took 60 µs a paragraph)."""
    places = []
    for quote in ('"', "'"):
        at = content.find(quote)
        while at != -1:
            places.append(at)
            at = content.find(quote, at + 1)
    places.sort()
    return places


def _outside_emphasis(content: str, quotes: list[int]) -> bool:
    """Whether each quote (at `quotes`) is outside emphasis, where every run of `*` or
    `_` is one mark (`*`, `**`, `_`, `__`) outside brackets: each is then a mark that
    _light_marked reads as opening or closing emphasis in turn (or it leaves the
    paragraph to markdown-it), so a quote after an even number of them is at the
    paragraph's level, where smartquotes' stack keeps its quotes across emphasis (a
    quote inside emphasis is on a stack of that level alone)."""
    matches = list(_EMPHASIS_RUNS.finditer(content))
    if any(m.group() not in _ONE_MARK for m in matches):
        return False
    runs = [m.start() for m in matches]
    if any(content.rfind("[", 0, at) > content.rfind("]", 0, at) for at in runs):
        return False
    return all(bisect.bisect_left(runs, at) % 2 == 0 for at in quotes)


_EMPHASIS_RUNS = re.compile(r"[*_]+")
_ONE_MARK = frozenset(("*", "**", "_", "__"))


def _quote_side(char: str) -> tuple[bool, bool]:
    """Whether markdown-it's smartquotes reads `char`, a quote's neighbour, as white
    space (isWhiteSpace) and as punctuation (isMdAsciiPunct or isPunctChar)."""
    code = ord(char)
    space = 0x2000 <= code <= 0x200A or code in _MD_WHITESPACE
    punct = char in _MD_ASCII_PUNCT or unicodedata.category(char)[0] in "PS"
    return space, punct


_MD_WHITESPACE = frozenset(
    (0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x202F, 0x205F, 0x3000)
)
_MD_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _smartened(text: str, quotes: list[int]) -> str:
    """markdown-it's smartquotes (process_inlines) for one text token alone at one level,
    its quotes at `quotes` (_quote_sides), with its default quotes (“”‘’)."""
    out: dict[int, str] = {}  # (each quote's place: what it is made)
    stack: list[tuple[int, bool]] = []
    for at in quotes:
        single = text[at] == "'"
        can_open, can_close = _quote_sides(text, at)
        if not can_open and not can_close:
            if single:  # (in a word)
                out[at] = _APOSTROPHE
            continue
        if can_close and _close_quote(out, stack, at, single):
            continue
        if can_open:
            stack.append((at, single))
        elif single:
            out[at] = _APOSTROPHE
    pieces: list[str] = []
    start = 0
    for at in sorted(out):
        pieces += (text[start:at], out[at])
        start = at + 1
    pieces.append(text[start:])
    return "".join(pieces)


def _quote_sides(text: str, at: int) -> tuple[bool, bool]:
    """Whether the quote at `at` may open and may close a quotation, as smartquotes reads
    it: its neighbours read from the text as written (a quote made curly reads as
    punctuation as the straight one did), a line's end or start as a space (as a
    softbreak's), the paragraph's ends too."""
    last_space, last_punct = _quote_side(text[at - 1]) if at else (True, False)
    after = text[at + 1 : at + 2] or " "
    next_space, next_punct = _quote_side(after)
    can_open = not next_space and not (next_punct and not (last_space or last_punct))
    can_close = not last_space and not (last_punct and not (next_space or next_punct))
    if after == '"' and text[at] == '"' and at and "0" <= text[at - 1] <= "9":
        return False, False  # (1"" : an inch)
    if can_open and can_close:
        return last_punct, next_punct
    return can_open, can_close


def _close_quote(out: dict[int, str], stack: list[tuple[int, bool]], at: int, single: bool) -> bool:
    """A closing quote at `at` paired with the latest open one of its kind (those opened
    after it dropped), both made curly; False where none is open."""
    for depth in range(len(stack) - 1, -1, -1):
        opened, opened_single = stack[depth]
        if opened_single == single:
            out[at] = "\u2019" if single else "\u201d"
            out[opened] = "\u2018" if single else "\u201c"
            del stack[depth:]
            return True
    return False


def _escapes(text: str) -> bool:
    """Whether escape_html changes anything in a paragraph's `text` that light_made
    writes: asked once a paragraph, not once each of its texts (of ten a paragraph on
    the skewed corpus). Such a text holds no `<` or `"` (_light_text, asked of the body
    or of the paragraph, leaves those to markdown-it), so of HTML_SPECIAL only a `>` or
    an `&` (one that starts no character reference): two searches, not four."""
    return ">" in text or "&" in text


def _light_references(content: str, span: list[int] | None, written: _Written) -> bool:
    """_light_inline for a paragraph of text and references alone (most paragraphs),
    split at its references by one search (_REFERENCES) and written as
    _reference_children's tokens would be (_light_parts). No text written here holds a
    `[` (each is a reference's, or the paragraph is left to markdown-it), so none holds
    a near citation (NEAR_CITE_RE): _check_blocks' search of each text is not made, and
    no problem is found."""
    if not content:  # (a paragraph of a Unicode space: no text token)
        return True
    escape = _escapes(content)
    if "[" in content:
        parts = _REFERENCES(content)
        if len(parts) == 1 or not _light_parts(parts, span, written, escape) or "[" in parts[-1]:
            return False  # (a `[` no reference's: a link's, for markdown-it)
        content = parts[-1]
    if content:
        _light_words(content, written, escape)
    written.words.append(" ")
    return True


def _light_parts(parts: list[Any], span: list[int] | None, written: _Written, escape: bool) -> bool:
    """Each reference of a paragraph (`parts`, _REFERENCES') and the text before it
    written (a citation as _light_cite writes it, a wiki link as _light_reference does),
    each made once a body (_light_reference_made) and placed as _refs places it: in a
    block of one line where it is written (the first by one search, each further one by
    what is written between); elsewhere, or where _refs' search finds one earlier in its
    line (`[[@wire]]`), by _refs_into (_light_place_later). False where a text before a
    reference holds a `[` (the pattern passed one, as _reference_matches would not)."""
    html, words, known = written.html, written.words, written.known
    if written.refs:  # (a paragraph's before, placed later: placed first)
        _light_place_pending(written)
    shown = _light_shown(parts, written, escape)
    placed = written.placed
    if span and span[1] - span[0] == 1 and not written.misplaced:
        at = span[0]
        # (1-based) where the paragraph's text starts in its line: no `[` is written before
        col = written.lines[at].find(parts[1]) - len(parts[0]) + 1
        row = at + written.first_line
    else:
        row, col, placed = 0, 0, ([], [], [], [])
    cited_targets, cited_places, linked_targets, linked_places = placed
    it = iter(parts)
    for text_html, text, raw, ids, target, label in zip(shown, it, it, it, it, it, strict=False):
        made = known.get(raw)
        if made is None:
            made = known[raw] = _light_reference_made(raw, ids, target, label)
        if "[" in text:
            return False
        col += len(text)
        if made[3] is not None:  # a wiki link
            if text:
                html.append(text_html)
                words.append(text)
            html.append(made[2])
            words.append(made[3])
            linked_targets += made[4]
            linked_places += (row, col)
            col += len(raw)
            continue
        # a citation: its text's last space no-break, its words unspaced; a place a source
        if text[-1:] in (" ", _NBSP):
            html.append(text_html[:-1] + _NBSP)
        elif text:
            html.append(text_html)
        html.append(made[2])
        stripped = text.rstrip()
        if stripped:
            words.append(stripped)
        else:
            _unspaced(words)
        targets = made[4]
        cited_targets += targets
        if len(targets) == 1:  # (most do: a tuple added, no list made and multiplied)
            cited_places += (row, col)
        else:
            cited_places += [row, col] * len(targets)
        col += len(raw)
    if placed is not written.placed:
        _light_place_later(parts, span, written)
    return True


def _light_shown(parts: list[Any], written: _Written, escape: bool) -> list[str]:
    """A paragraph's texts (of `parts`, _REFERENCES'), each made curly where the body's
    apostrophes are (in `parts`); each's HTML, escaped where any text of the paragraph
    needs it."""
    if written.curly:
        parts[0::5] = [text.replace("'", _APOSTROPHE) for text in parts[0::5]]
    return [escape_html(text) for text in parts[0::5]] if escape else parts[0::5]


def _light_place_later(parts: list[Any], span: list[int] | None, written: _Written) -> None:
    """A paragraph's references (of `parts`) that _light_parts does not place, each as
    _check_blocks adds it to env["refs"]: placed by _refs_into with those of any
    paragraph after it written by _light_marked (_light_place_pending)."""
    known = written.known
    written.refs += [(span, known[raw][0], known[raw][1]) for raw in parts[1::5]]


def _light_place_pending(written: _Written) -> None:
    """The references written since a paragraph's that _light_parts placed, placed by
    _refs_into: before the next it places, or at the body's end."""
    _refs_into(written.refs, written.lines, written.first_line, written.placed)
    written.refs.clear()


_REFERENCES = re.compile(
    rf"(\[@({_ID}(?:\s*;\s*@{_ID})*)\]|\[\[([^\[\]|\n]+)(?:\|([^\[\]\n]+))?\]\])"
).split
"""A paragraph split at its references, CITE_RE's and WIKI_RE's (one pattern, found
where either's would be in turn: its text before each, which holds no `[`, is checked):
the text before each, then its whole (`raw`), a citation's ids (or None), a wiki link's
target and text (or None); last the text after the last."""


_LightReference = tuple[str, dict[str, Any], str, "str | None", list[str], str]
"""A reference as light_made writes it (_light_reference_made)."""
_Placed = tuple[list[str], list[int], list[str], list[int]]
"""A body's citations and wiki links as _refs places them: the targets of each (one
interned string each), and their places (a line and a column each)."""


def _light_reference_made(
    raw: str, ids: str | None, target: str | None, label: str | None
) -> _LightReference:
    """A reference's kind, meta (as _citation_meta or _wikilink_meta makes it), HTML,
    words (a wiki link's: None for a citation's, which has none), targets (as _refs
    makes them) and text, from _REFERENCES' groups: made once for each written the
    same in a body (on the skewed corpus, seven of every ten references are written
    before in their body)."""
    if ids is not None:
        if ";" in ids:
            meta = {"ids": [part.strip().lstrip("@") for part in ids.split(";")], "raw": raw}
        else:
            meta = {"ids": [ids], "raw": raw}
        targets = [sys.intern(part) for part in meta["ids"]]
        return "citation", meta, _citation_html(meta), None, targets, raw
    name = target.strip()  # type: ignore[union-attr]
    meta = {"target": name, "text": (label or "").strip(), "raw": raw}
    return "wikilink", meta, _wikilink_html(meta), _wikilink_word(meta), [sys.intern(name)], raw


_EMPHASIS_HTML = {
    "**": ("<strong>", "</strong>"),
    "__": ("<strong>", "</strong>"),
    "*": ("<em>", "</em>"),
    "_": ("<em>", "</em>"),
}
"""Each emphasis mark's open and close tags, as renderToken writes them (_TAGS)."""


def _light_marked(content: str, span: list[int] | None, written: _Written) -> bool:
    """_light_inline for a paragraph with a mark of emphasis or a line break: each stop
    read as _marked_children reads it (a reference, a break, _break_at; a mark,
    _emphasis_at), its text and what it is written as it is read, no token made."""
    html = written.html
    escape = _escapes(content)
    pos = 0
    opened = ""  # (the mark of the emphasis open here: none)
    next_mark = _marks(content)
    at = next_mark(0)
    while at >= 0:
        text = content[pos:at]
        char = content[at]
        if char == "[":
            pos = _light_reference(content, at, text, span, written, escape)
            if pos < 0:
                return False
        elif char == "\n":
            made = _break_at(content, at, text)
            if made is None:
                return False
            tag, text, pos, cited = made
            if cited is not None:
                _light_cite(cited, text, span, written, escape)
            else:
                if text:
                    _light_words(text, written, escape)
                html.append(tag)
                written.words.append(" ")
        else:
            mark = _emphasis_at(content, at, opened)
            if mark is None:
                return False
            if text:
                _light_words(text, written, escape)
            html.append(_EMPHASIS_HTML[mark][1 if opened else 0])
            opened = "" if opened else mark
            pos = at + len(mark)
        at = next_mark(pos)
    if opened:  # (emphasis never closed: markdown-it writes its mark as text)
        return False
    if pos < len(content):
        _light_words(content[pos:], written, escape)
    written.words.append(" ")
    return True


def _light_reference(
    content: str, at: int, text: str, span: list[int] | None, written: _Written, escape: bool
) -> int:
    """The text before the reference at `at` and the reference written: a citation
    (CITE_RE, _light_cite), a wiki link (WIKI_RE) or a link (_light_link); where it
    ends, or -1 where none is written there as light_made writes it (for markdown-it)."""
    second = content[at + 1 : at + 2]
    if second == "@":
        m = CITE_RE.match(content, at)
        if m is None:
            return -1
        return _light_cite(m, text, span, written, escape)
    if second != "[":
        if text[-1:] == "!":
            return _light_picture(content, at, text[:-1], span, written, escape)
        return _light_link(content, at, text, span, written, escape)
    m = WIKI_RE.match(content, at)
    if m is None:
        return -1
    meta = _wikilink_meta(m)
    if text:
        _light_words(text, written, escape)
    written.refs.append((span, "wikilink", meta))
    written.html.append(_wikilink_html(meta))
    written.words.append(_wikilink_word(meta))
    return m.end()


_LINK_TEXT = r"[^\[\]\n*_`\\<&\"]+"
_LINK_TARGET = r"[^\s()\\<>\"']+"
_LIGHT_LINK = re.compile(rf"\[({_LINK_TEXT})\]\(({_LINK_TARGET})\)")
"""A link light_made writes (_light_link): `[text](address)`, its text plain (no mark
of emphasis, bracket, line break, code, escape, HTML or entity: one text token to
markdown-it, whose parseLinkLabel then ends it at the first `]`), its address alone
between the parentheses (no space, no title, nothing parseLinkDestination unescapes)."""
_LINK_ADDRESSES = re.compile(rf"(\[(?!@){_LINK_TEXT}\])\({_LINK_TARGET}\)").sub
"""What _light_linked takes out of a paragraph before the typographer's test: the `(…)`
of each link _LIGHT_LINK would find where _light_reference asks it (not after `[@`,
a citation's: CITE_RE's first), its address (called with `\\1`, each link's text)."""
_LINK_ADDRESS = re.compile(r"(?:[A-Za-z0-9\-._~:/?#!$+,;=*@&]|%[0-9A-Fa-f]{2})+")
"""An address markdown-it's normalizeLink gives back as it is written, where its scheme
and host are also plain (_plain_address): characters mdurl.encode keeps, each `%`
starting an escape (tests/test_markdown.py tries it against normalizeLink); an `&` where
no `;` is (no character reference: parseLinkDestination decodes those)."""
_MAILTO = re.compile(
    r"mailto:[A-Za-z0-9._+-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)+"
)


def _plain_address(address: str) -> bool:
    """Whether a link's address is one normalizeLink leaves as written and _check_link
    finds nothing wrong with: an http(s) address PLAIN_WEB_ADDRESS vouches for (a host
    of ASCII labels, no port, no user), a plain mailto, or one inside the site (no
    scheme, no `//host`, no bare domain). mdurl reads a host with other characters, an
    empty user (`https://@x`) or a port otherwise than as written."""
    if not _LINK_ADDRESS.fullmatch(address) or ("&" in address and ";" in address):
        return False
    if address.startswith(("https://", "http://")):
        return PLAIN_WEB_ADDRESS.match(address) is not None
    if address.startswith("mailto:"):
        return _MAILTO.fullmatch(address) is not None
    return (
        SCHEME_RE.match(address) is None
        and not address.startswith("//")
        and re.match(BARE_DOMAIN, address) is None
    )


def _light_link(
    content: str, at: int, text: str, span: list[int] | None, written: _Written, escape: bool
) -> int:
    """The text before the link at `at` and the link written as markdown-it's link rule
    and renderer make it (`<a href="…">`, its text's words the paragraph's), its address
    inside the site kept as _check_link keeps it; where it ends, or -1 where it is no
    link _LIGHT_LINK and _plain_address take (for markdown-it)."""
    m = _LIGHT_LINK.match(content, at)
    if m is None or not _plain_address(address := m.group(2)):
        return -1
    if text:
        _light_words(text, written, escape)
    if address[0] != "#" and SCHEME_RE.match(address) is None:
        written.hrefs.append((span, address))
    href = address.replace("&", "&amp;")  # (escape_html's: no other it changes is here)
    written.html.append(f'<a href="{href}">')
    _light_words(m.group(1), written, escape)
    written.html.append("</a>")
    return m.end()


def _light_picture(
    content: str, at: int, text: str, span: list[int] | None, written: _Written, escape: bool
) -> int:
    """The text before the picture whose `[` is at `at` (`text`, without its `!`) and
    the picture written as markdown-it's image rule and renderer make it (`<img>`, its
    alt text as written: the typographer reads no picture's text, nor do its words
    hold it), its address inside the site kept as _check_image keeps it; where it ends,
    or -1 where it is none _LIGHT_LINK takes with alt text and an https address
    PLAIN_WEB_ADDRESS vouches for or one inside the site (_plain_address)."""
    m = _LIGHT_LINK.match(content, at)
    if m is None or not m.group(1).strip() or not _plain_address(address := m.group(2)):
        return -1
    if address.startswith(("http:", "mailto:")):  # (mixed content; no picture)
        return -1
    if text:
        _light_words(text, written, escape)
    if not address.startswith("https:"):
        written.pictures.append((span, address))
    alt = escape_html(m.group(1)) if escape else m.group(1)
    src = address.replace("&", "&amp;")
    written.html.append(f'<img src="{src}" alt="{alt}" />')
    return m.end()


def _light_cite(
    m: re.Match[str], text: str, span: list[int] | None, written: _Written, escape: bool
) -> int:
    """The text before a citation (`m`) and the citation written; where it ends. The
    text's last space (or no-break space) is written a no-break one
    (_glue_to_word_before's). Its words leave no mark (_CITE) for _plain_words to take
    out with the space before it: the spaces before it go here (_unspaced), the same
    words (there the text's spaces are squeezed to one first)."""
    words = written.words
    if text:
        if written.typography is not None:  # (before its last space is made no-break:
            text = written.typography(text)  # the rule reads either as a space)
        if written.curly:
            text = text.replace("'", _APOSTROPHE)
        last = text[-1]
        if last == " " or last == _NBSP:
            head = text[:-1]
            written.html.append((escape_html(head) if escape else head) + _NBSP)
        else:
            written.html.append(escape_html(text) if escape else text)
        words.append(text)
    _unspaced(words)
    meta = _citation_meta(m)
    written.refs.append((span, "citation", meta))
    written.html.append(_citation_html(meta))
    return m.end()


def _unspaced(words: list[str]) -> None:
    """The spaces (str.isspace, as _squeeze splits at them) at the end of a body's words
    taken out: where a citation is (see _light_cite)."""
    while words:
        last = words[-1].rstrip()
        if last:
            words[-1] = last
            return
        words.pop()


def _light_words(text: str, written: _Written, escape: bool) -> None:
    """A text written (its apostrophes made curly where the body's are, as markdown-it's
    typographer makes them after the safety rule's checks, and replaced where the
    paragraph's are: _light_replaced)."""
    if written.typography is not None:
        text = written.typography(text)
    if written.curly:
        text = text.replace("'", _APOSTROPHE)
    written.html.append(escape_html(text) if escape else text)
    written.words.append(text)


def _fence_html(fence: Any) -> str:
    """markdown-it's fence rule (no highlighter; an info string without an escape or an
    entity): the language its first word, trimmed and split as mdTrim does."""
    code = escape_html(fence.content)
    info = _trim(fence.info)
    if not info:
        return f"<pre><code>{code}</code></pre>\n"
    language = next((info[:at] for at, char in enumerate(info) if char in _TRIM), info)
    return f'<pre><code class="{escape_html("language-" + language)}">{code}</code></pre>\n'


def _block_tag(tokens: list[Any], idx: int) -> str:
    """markdown-it's renderToken for light_made's block token at `idx` (not hidden):
    on a line of its own after a hidden paragraph's (a tight list item's) when it
    opens, its line ended but where it opens its inline text, a hidden paragraph or
    its own close."""
    token = tokens[idx]
    opens = token.nesting == 1
    before = "\n" if opens and idx and tokens[idx - 1].hidden else ""
    attrs = "".join(f' {escape_html(k)}="{escape_html(str(v))}"' for k, v in token.attrs.items())
    after = tokens[idx + 1] if opens and idx + 1 < len(tokens) else None
    inside = after is not None and (
        after.type == "inline" or after.hidden or (after.nesting == -1 and after.tag == token.tag)
    )
    end = ">" if inside else ">\n"
    tag = BODY_HEADING.get(token.tag, token.tag)  # (as _render_heading writes a heading's)
    return f"{before}{'<' if opens else '</'}{tag}{attrs}{end}"


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Rendered:
    """A body rendered: its HTML, text and references, and what is wrong in it."""

    body: Body
    diagnostics: tuple[Diagnostic, ...]


def _locate(
    lines: list[str], span: list[int] | None, needle: str, first_line: int
) -> tuple[int, int]:
    """File line and column of `needle` within a block's source lines."""
    start, end = (span[0], span[1]) if span else (0, len(lines))
    probe = needle.strip().split("\n")[0] if needle else ""
    for i in range(start, min(end, len(lines))):
        col = lines[i].find(probe) if probe else -1
        if col >= 0:
            return first_line + i, col + 1
    return first_line + start, 1


_NOT_ADDRESSES = ("html", "cite", "ref")
"""The kinds of text _Places finds that are no link's or picture's address."""
_BEFORE_ADDRESS = "(< \t"
_AFTER_ADDRESS = ")> \t\r"
"""What may be written either side of an address: `(x)`, `<x>`, `(x "title")`, `[r]: x`."""


def _find(line: str, probe: str, col: int, whole: bool) -> int:
    """Where `probe` is in `line` from `col`, -1 if nowhere; `whole`: only where it is
    written whole, as an address is, not as the start of a longer one."""
    found = line.find(probe, col)
    while whole and found >= 0:
        end = found + len(probe)
        if (found == 0 or line[found - 1] in _BEFORE_ADDRESS) and (
            end == len(line) or line[end] in _AFTER_ADDRESS
        ):
            break
        found = line.find(probe, found + 1)
    return found


class _Places:
    """Where each problem, link or picture is written in a body's lines. The same text
    written twice in a block (`[x](//evil) … [x](//evil)`, a picture twice) is two
    places: the n-th time it is asked for, the n-th place in source order, so that no
    two diagnostics share a column (and none is then dropped as a duplicate). `kind`
    keeps apart what the same written text is asked for twice (a picture without alt
    text is a problem and a picture, both at its one place). An address is found whole,
    so that `../summit` is not placed inside `../summit/` written before it."""

    __slots__ = ("after", "first_line", "lines")

    def __init__(self, lines: list[str], first_line: int) -> None:
        self.lines = lines
        self.first_line = first_line
        self.after: dict[tuple[str, int, int, str], tuple[int, int]] = {}
        """For a kind, block and text: the line and column past where it was last found."""

    def find(self, span: list[int] | None, needle: str, kind: str) -> tuple[int, int] | None:
        """The file line and column of `needle`'s next place in the block, None when it
        has no other (an address written as an entity, `&amp;`)."""
        lines = self.lines
        start, end = (span[0], span[1]) if span else (0, len(lines))
        probe = needle.strip().split("\n")[0] if needle else ""
        if not probe:
            return None
        key = (kind, start, end, probe)
        first, col = self.after.get(key, (start, 0))
        whole = kind not in _NOT_ADDRESSES
        for i in range(first, min(end, len(lines))):
            found = _find(lines[i], probe, col, whole)
            if found >= 0:
                self.after[key] = (i, found + len(probe))
                return self.first_line + i, found + 1
            col = 0
        return None

    def at(self, span: list[int] | None, needle: str, kind: str) -> tuple[int, int]:
        """`needle`'s next place in the block, or (past its last) its first, as _locate;
        an address markdown-it decoded (`&#106;avascript:`) where it is written so."""
        found = self.find(span, needle, kind)
        if found is None and kind not in _NOT_ADDRESSES:
            found = _written_at(self.lines, span, needle, self.first_line)
        return found or _locate(self.lines, span, needle, self.first_line)


def _written_at(
    lines: list[str], span: list[int] | None, address: str, first_line: int
) -> tuple[int, int] | None:
    """The file line and column of an address that its block does not hold as markdown-it
    gave it: written with character references or backslash escapes, which markdown-it
    decodes (`&#106;avascript:`, `javascript&colon;`, `java\\script:`). None if not so."""
    probe = address.strip().split("\n")[0][:200]
    if not probe:
        return None
    pattern = re.compile("".join(_written_char(char) for char in probe))
    start, end = (span[0], span[1]) if span else (0, len(lines))
    for i in range(start, min(end, len(lines))):
        found = pattern.search(lines[i])
        if found:
            return first_line + i, found.start() + 1
    return None


def _written_char(char: str) -> str:
    """A pattern for one character of an address as an editor may write it: itself, a
    decimal or hexadecimal character reference, a named one, or escaped by a backslash."""
    code = ord(char)
    ways = [re.escape(char), f"&#0*{code};", f"&#(?i:x0*{code:x});"]
    ways += [re.escape(f"&{name}") for name in _entity_names().get(char, ())]
    if char.isascii() and not char.isalnum() and not char.isspace():
        ways.append(re.escape("\\" + char))
    return "(?:" + "|".join(ways) + ")"


@lru_cache(maxsize=1)
def _entity_names() -> dict[str, list[str]]:
    """HTML's named character references by the one character each stands for (`colon;`
    for ':'), those with their semicolon: CommonMark reads no other."""
    from html.entities import html5

    names: dict[str, list[str]] = {}
    for name, char in html5.items():
        if name.endswith(";") and len(char) == 1:
            names.setdefault(char, []).append(name)
    return names


def render(body: str, path: str, first_line: int, allow_html: bool = False) -> Rendered:
    """Render a Markdown body; positions are file lines given the body's first line."""
    if "\x02" in body or "\x03" in body:
        body = body.replace("\x02", "").replace("\x03", "")
    env: dict[str, Any] = {
        "allow_html": allow_html, "problems": [], "refs": [], "hrefs": [], "pictures": [],
    }  # fmt: skip
    if "\r" in body:
        # Line ends as markdown-it reads them, before the lines are split to place what it
        # found: a CR alone (an old Mac's line end) is a line to it, and a link placed by
        # its line past the body's last "\n" line was an IndexError. (A file's text is
        # normalized as it is read: this is for a caller with a body of its own.)
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    light = light_made(body, env, first_line)
    if light is not None:  # (no problem, no link but a reference: see light_made)
        html, plain, (cited_targets, cited_places, linked_targets, linked_places), *found = light
        citations = Refs.made(cited_targets, cited_places)
        links = Refs.made(linked_targets, linked_places)
        hrefs = pictures = NO_REFS
        if found[0] or found[1]:  # (most bodies link nothing but through references)
            lines = body.split("\n")
            hrefs, pictures = (
                _hrefs(each, _Places(lines, first_line)) if each else NO_REFS for each in found
            )
        return Rendered(Body(html, plain, citations, links, hrefs, pictures), ())
    md = _parser(allow_html)
    tokens = _direct_parser(allow_html).parse(body, env)  # (see _direct_blocks)
    html, plain = _blocks_html(tokens, md, env), _plain_text(tokens)
    lines = body.split("\n")
    diags: list[Diagnostic] = []
    if env["problems"]:  # (each kind of text placed apart: see _Places)
        places = _Places(lines, first_line)
        diags = [_problem(p, places, path) for p in env["problems"]]
    citations, links = _refs(env["refs"], lines, first_line)
    hrefs = _hrefs(env["hrefs"], _Places(lines, first_line)) if env["hrefs"] else NO_REFS
    pictures = _hrefs(env["pictures"], _Places(lines, first_line)) if env["pictures"] else NO_REFS
    made = Body(html, plain, citations, links, hrefs, pictures)
    return Rendered(made, tuple(diags))


def _hrefs(found: Hrefs, places: _Places) -> Refs:
    """The addresses inside the site that the body links, each where it is written (the
    address itself, as a link-scheme problem is placed; a reference-style link's
    `[x]: /address` line lies outside its paragraph, so the whole body is searched, and
    each link that uses it is placed at that one line)."""
    targets: list[str] = []
    positions: list[int] = []
    lines, first_line = places.lines, places.first_line
    for span, href in found:
        written = unquote(href)  # (markdown-it writes `<a b.pdf>` as a%20b.pdf)
        at = places.find(span, written, "address")
        if at is None:
            at = _locate(lines, span, written, first_line)
            if at[1] == 1 and not lines[at[0] - first_line].startswith(written):
                at = _locate(lines, None, written, first_line)
        targets.append(sys.intern(href))
        positions += at
    return Refs.made(targets, positions)


def _problem(found: tuple[Any, str, str], places: _Places, path: str) -> Diagnostic:
    """The diagnostic for one problem the safety rule found (see Problems)."""
    span, what, kind = found
    line, col = places.at(span, what, kind)
    if kind == "html":
        return Diagnostic(
            path, line, col, "warning", "html-raw",
            f"raw HTML '{what.split(chr(10))[0][:40]}' is shown as text; write Markdown, "
            "or set 'allow_html: true' in site.yaml if you trust every author",
        )  # fmt: skip
    if kind == "cite":
        ids = re.findall(rf"@\s*({_ID})", what)
        fix = "[" + "; ".join(f"@{i}" for i in ids) + "]" if ids else "[@ID]"
        return Diagnostic(
            path, line, col, "warning", "citation-syntax",
            f"'{what[:60]}' is not a citation sitegen reads, so readers see it as written; "
            f"write {fix}" + (" (several sources: [@a; @b])" if len(ids) < 2 else ""),
        )  # fmt: skip
    if kind == "bare":
        return Diagnostic(
            path, line, col, "error", "link-scheme",
            f"link to '{what[:60]}' has no http(s):// so it would point inside this "
            f"site; write https://{what[:60]}",
        )  # fmt: skip
    if kind == "host":
        return Diagnostic(
            path, line, col, "error", "link-scheme",
            f"link to '{what[:60]}' has no scheme, so it leads to another host over "
            f"whatever the page was read with; write https:{what[:60]}",
        )  # fmt: skip
    if kind in ("address", "picture-address"):
        if kind == "address":
            wording = "link to " + address_problem(what, "like https://example.org/report")
            return Diagnostic(path, line, col, "error", "link-scheme", wording)
        wording = "image " + picture_address_problem(what)
        return Diagnostic(path, line, col, "error", "image-src", wording)
    if kind == "scheme":
        scheme = (SCHEME_RE.match(what) or re.match("(.*)", what)).group(1)  # type: ignore[union-attr]
        return Diagnostic(
            path, line, col, "error", "link-scheme",
            f"link to '{what[:60]}' uses '{scheme}:'; only http, https and mailto "
            "links are allowed",
        )  # fmt: skip
    if kind == "http":
        return Diagnostic(
            path, line, col, "error", "image-src",
            f"image '{what[:60]}' is an http:// address, and {HTTP_PICTURE}",
        )  # fmt: skip
    return Diagnostic(
        path, line, col, "error", "image-alt",
        f"image '{what[:60]}' has no alt text; describe it: "
        f"![what it shows]({what[:30]})",
    )  # fmt: skip


def _refs(
    refs: list[tuple[Any, str, dict[str, Any]]], lines: list[str], first_line: int
) -> tuple[Refs, Refs]:
    """The citations and the wiki links, each where it is written (_refs_into)."""
    placed: _Placed = ([], [], [], [])
    _refs_into(refs, lines, first_line, placed)
    return Refs.made(placed[0], placed[1]), Refs.made(placed[2], placed[3])


def _refs_into(
    refs: list[tuple[Any, str, dict[str, Any]]], lines: list[str], first_line: int, placed: _Placed
) -> None:
    """The citations and the wiki links, each where it is written, added to `placed`: a
    reference written again in its block (`[[osdoria]]` three times) at each of its
    places in turn, its targets made once."""
    # each reference's `here`: the targets and places it adds to (the citations' or the
    # wiki links'), its own targets and its place, unpacked once (no subscript a reference)
    cited_targets, cited_places, linked_targets, linked_places = placed
    made: dict[str, tuple[list[str], list[int], list[str], list[int]]] = {}
    block: Any = made  # (the block whose references `made` holds: none yet)
    one_line: str | None = None
    row = 0
    places: _Places | None = None  # (for a block of several lines, made when first needed)
    for span, kind, meta in refs:
        # a block's references come together (see _safety_rule); a table row's cells
        # each have their own span, equal
        if span is not block and span != block:
            block, made = span, {}
            # most blocks are one line: a reference is found there without _Places
            one = span is not None and span[1] - span[0] == 1 and span[0] < len(lines)
            # (and its file line)
            one_line, row = (lines[span[0]], first_line + span[0]) if one else (None, 0)
        raw = meta["raw"]
        here = made.get(raw)
        if here is None:
            if one_line is not None and "\n" not in raw:
                line, col = row, one_line.find(raw) + 1 or 1
            else:
                places = places or _Places(lines, first_line)
                line, col = places.at(span, raw, "ref")
            # (one string per target: thousands of bodies cite the same source or person)
            if kind == "citation":
                ids = meta["ids"]
                # (most cite one source: no comprehension's frame nor repeat made for it)
                if len(ids) == 1:
                    here = (cited_targets, cited_places, [sys.intern(ids[0])], [line, col])
                else:
                    here = (
                        cited_targets,
                        cited_places,
                        [sys.intern(t) for t in ids],
                        [line, col] * len(ids),
                    )
            else:
                here = (linked_targets, linked_places, [sys.intern(meta["target"])], [line, col])
            made[raw] = here
        else:  # written again in its block: at its next place
            here = made[raw] = _again(here, raw, span, one_line, places)
        into_targets, into_places, targets, positions = here
        into_targets.extend(targets)
        into_places.extend(positions)


def _again(here: Any, raw: str, span: Any, one_line: str | None, places: Any) -> Any:
    """A reference's `here` (see _refs) for its next place in its block: past where it
    was last found, or, past its last place, there."""
    if one_line is not None and "\n" not in raw:
        line, col = here[3][0], here[3][1]
        col = one_line.find(raw, col - 1 + len(raw)) + 1 or col
    else:  # (a block of several lines: `places`, made for its first place, goes on)
        line, col = places.at(span, raw, "ref")
    return here[0], here[1], here[2], [line, col] * len(here[2])


_CITE = "\x04"
"""Where a citation stood in the plain text: it goes, with the space before it."""
_NBSP = "\N{NO-BREAK SPACE}"
_TWO_SPACES = re.compile("  ").search
"""Whether a text holds two spaces side by side: re finds a literal by its first
character, where `"  " in text` (a search for two characters) costs 1.6 times as much
in CPython 3.11, the most of building a body's plain text when the answer is no."""


def _plain_text(tokens: Sequence[Token]) -> str:
    out: list[str] = []
    for block in tokens:
        kind = block.type
        if kind == "inline":
            if block.children:
                _inline_text(block.children, out)
                out.append(" ")
        elif kind == "fence" or kind == "code_block":
            out.append(block.content + " ")
    return _plain_words(out)


def _plain_words(words: list[str]) -> str:
    """The plain text of a body's words (as _inline_text adds them): single spaces, and
    each citation taken out with the space before it (light_made's words hold no
    citation's mark: _light_cite)."""
    text = _squeeze("".join(words))
    if _CITE in text:  # "said Ada [@wire]." reads "said Ada."
        # each with the one space before it (as .replace(" " + _CITE, "") and then
        # .replace(_CITE, "") would: both searches for two characters, see _TWO_SPACES)
        parts = text.split(_CITE)
        last = parts.pop()
        text = "".join([part[:-1] if part[-1:] == " " else part for part in parts]) + last
        # (no space but " " is left: where no two are side by side, the ends alone)
        text = " ".join(text.split()) if _TWO_SPACES(text) else text.strip(" ")
    return text


def _inline_text(children: Sequence[Token], out: list[str]) -> None:
    """A paragraph's (or heading's, or cell's) words, into `out`."""
    add = out.append
    for child in children:
        kind = child.type
        if kind == "text" or kind == "code_inline":
            add(child.content)
        elif kind == "softbreak" or kind == "hardbreak":
            add(" ")
        elif kind == "citation":
            _cite_word(out)
        elif kind == "wikilink":
            add(_wikilink_word(child.meta))


def _cite_word(words: list[str]) -> None:
    """A citation's place in a body's words, `_CITE`."""
    if words and words[-1][-1:] == _NBSP:
        # the no-break space _glue_to_word_before put before it, which goes with it: as
        # a space, the text keeps _squeeze's quick path (str.split splits at either, so
        # the words are the same)
        words[-1] = words[-1][:-1] + " "
    words.append(_CITE)


def _wikilink_word(meta: dict[str, Any]) -> str:
    """A wiki link's words: its text, or its target's title (a placeholder)."""
    return meta["text"] or f"\x02t:{meta['target']}\x03"


_OTHER_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Every character but " " that str.split() splits at (str.isspace())."""
_ASCII_SPACES = _OTHER_SPACES[:9]


def _squeeze(text: str) -> str:
    """`" ".join(text.split())`: the words separated by single spaces, none at either
    end. A body's text is mostly so already, but for a space at its end: each character
    looked for (at C speed) is far cheaper than splitting 300 words and joining them
    again (a seventh of rendering a body)."""
    if _TWO_SPACES(text):
        return " ".join(text.split())
    for space in _ASCII_SPACES if text.isascii() else _OTHER_SPACES:
        if space in text:
            return " ".join(text.split())
    return text.strip(" ")


def plain_text(body: Body, link: LinkResolver) -> str:
    """A body's plain text with each `[[slug]]` as the title or name of what it links
    to (`link` as for resolve), for the files other programs read (events.json, the
    search index, the feed's summaries)."""
    plain: str = body.plain
    if "\x02" not in plain:
        return plain

    def sub(m: re.Match[str]) -> str:
        target = link(m.group(2))
        return target[1] if target else m.group(2).split("/")[-1]

    return PLACEHOLDER_RE.sub(sub, plain)


@lru_cache(maxsize=1)
def _typographer() -> MarkdownIt:
    # 'zero': no inline syntax at all, so `*`, `<` and `\\` stay as written
    from markdown_it import MarkdownIt

    return MarkdownIt("zero", {"typographer": True}).enable(["replacements", "smartquotes"])


@lru_cache(maxsize=1)
def _typography_re() -> re.Pattern[str]:
    """What the typographer changes: quotes; markdown-it's replacements (the patterns its
    rule tests text with); a carriage return or NUL, which its first rule normalises.
    Text without any (most summaries: a sentence and its full stop) is as it was. (Text
    without a quote, a dash, a dot, a bracket, +, ! or ? is kept as written, as it always
    was, carriage returns and all.)"""
    from .adapters import replacement_tests

    tests = replacement_tests()
    if not tests:
        return re.compile(".", re.DOTALL)  # (each text through the typographer)
    return re.compile("|".join(("['\"\r\x00]", *tests)), re.IGNORECASE)


def _apostrophes_alone(text: str, replaced: Callable[[str], bool]) -> bool:
    """Whether all the typographer changes in `text` is its quote marks, each an
    apostrophe after a letter or digit (_not_apostrophe): `Ada's`, `the States' agency`
    (one text token: the typographer's parser has no inline rule but text's)."""
    return not (
        '"' in text or "\r" in text or "\0" in text or _not_apostrophe(text) or replaced(text)
    )


_TYPOGRAPHY_CHARS = re.compile("[\"'().+!?-]")
"""Text without any of these is kept as written (see _typography_re); one search at C
speed, not a test for each character."""


def smarten(text: str) -> str:
    """Plain text (a title, a summary) with the typography bodies get: curly quotes and
    apostrophes, dashes for `--`, an ellipsis for `...`. Still plain text: not HTML."""
    tests = _light_tests()
    if tests is None:
        if not _TYPOGRAPHY_CHARS.search(text) or not _typography_re().search(text):
            return text
    elif not _typography_in(text, tests):
        return text
    elif _apostrophes_alone(text, tests[1]):
        return text.replace("'", _APOSTROPHE)  # (as the typographer makes them: no import)
    tokens = _typographer().parseInline(text)
    children = tokens[0].children or ()
    return "".join("\n" if c.type.endswith("break") else c.content for c in children)


def _typography_in(text: str, tests: tuple[Callable[[str], bool], Callable[[str], bool]]) -> bool:
    """smarten's two searches' answer (one of _TYPOGRAPHY_CHARS, and _typography_re's
    quote, CR, NUL or replacement), by light_made's typography tests (`tests`, for the
    markdown-it whose replacements' patterns are known): each character looked for
    apart, where _typography_re tries each of its alternatives at each character (most
    summaries end in a full stop, which _TYPOGRAPHY_CHARS finds)."""
    has_quote, replaced = tests
    if has_quote(text):  # (a quote is one of _TYPOGRAPHY_CHARS)
        return True
    if replaced(text) or "\r" in text or "\0" in text:  # (`,,` is none of them)
        return _TYPOGRAPHY_CHARS.search(text) is not None
    return False


def inline(text: str, numbers: dict[str, int] | None = None) -> str:
    """Render one line of Markdown (a correction, a caption) without a paragraph.

    `numbers`: the page's source numbers (as for resolve), for a correction's `[@id]`,
    linked as a body's citation is (without the body's `cite-N` anchor: the source
    list's "back to the text" link returns to the body). An id not among them keeps
    its words."""
    md = _parser(False)
    env: dict[str, Any] = {"allow_html": False, "problems": [], "refs": []}
    html: str = md.renderInline(text.replace("\x02", "").replace("\x03", ""), env)
    # no page to resolve a [[link]] from here: its words, not a link to a bare slug (404)
    html = re.sub('<a href="\x02h:[^\x03]*\x03">(.*?)</a>', r"\1", html, flags=re.DOTALL)

    def sub(m: re.Match[str]) -> str:
        n = numbers.get(m.group(2)) if numbers and m.group(1) == "c" else None
        if n is None:
            return html_escape(m.group(2))
        return f'<a href="#source-{n}" aria-label="source {n}">{n}</a>'

    return PLACEHOLDER_RE.sub(sub, html)


def inline_citations_and_problems(
    text: str, path: str, line: int, column: int
) -> tuple[list[str], list[Diagnostic]]:
    """The source ids a line of Markdown (a correction) cites with `[@id]`, in order,
    each once (none in code spans, as in a body), and the problems a body would have
    reported in it (raw HTML, a link's scheme, an image without alt text), at `line`
    and `column`, where the text is in its file."""
    if not any(c in text for c in "[<:!"):
        return [], []
    env: dict[str, Any] = {"allow_html": False, "problems": [], "refs": []}
    _parser(False).parseInline(text, env)
    cited = (meta["ids"] for _, kind, meta in env["refs"] if kind == "citation")
    ids = list(dict.fromkeys(sid for ids in cited for sid in ids))
    here = [text.split("\n")[0]]  # (every problem placed at the value itself)
    places = _Places(here, line)
    problems = [_problem((None, what, kind), places, path) for _, what, kind in env["problems"]]
    return ids, [dataclasses.replace(d, line=line, column=column) for d in problems]


def climb_join(folder: str, address: str) -> str | None:
    """`address` resolved from `folder` (a page's folder, ending in '/': a URL or a path
    from the site's root) where it only climbs first (`../x/`, `../../people/x/`,
    `report.pdf`): what most body links are, without urljoin's or normpath's work. None
    for any other (`./x`, `a/../b`, `../`, `a:b`, `?q`) and for one that climbs above
    the folder's root: the caller joins those the slow way, or refuses them."""
    up = 0
    while address.startswith("../"):
        address, up = address[3:], up + 1
    # what a browser resolves otherwise: from the root, a query or a fragment alone, dot
    # segments, another host, a scheme, a segment's `;p` (string tests: twice a regex's speed)
    if not address or address[0] in "/?#." or "//" in address or "/." in address:
        return None
    if ":" in address or ";" in address:
        return None
    end = len(folder)
    if up:
        head = folder.find("/", folder.find("//") + 2) + 1 if "//" in folder else 0
        for _ in range(up):  # (each climb: to the '/' before the folder's last name)
            if end <= head:
                return None
            end = folder.rfind("/", head, end - 1) + 1 or head
    return folder[:end] + address


LinkResolver = Callable[[str], tuple[str, str] | None]


def resolve(
    html: str, numbers: dict[str, int], link: LinkResolver, named: bool = True, cited: str = ""
) -> str:
    """Fill in a body's placeholders for one page.

    `numbers` maps a source id to its number in the page's source list; `link` maps a
    wiki-link target to (href, title), or None when it names nothing. `named`: each
    citation's link named "source N" (`aria-label`); a page of the site's own leaves
    that to its stylesheet, whose hidden `::before` says "source " (155,000 labels, 3.4
    MB of the extreme 10,000-event corpus); the feed, read without it, keeps the label.
    `cited`: what each citation's address starts with (the feed's: its page's).
    """

    # split at the placeholders (text, kind, value, text, kind, value, …, text), each
    # filled in a loop: a sub() with a function made a match object and a Python call
    # for each (~8 an event page; the loop is ~15 % faster)
    pieces = PLACEHOLDER_RE.split(html)
    seen: set[int] = set()
    cited_again: dict[str, str] = {}  # a source's citation after its first: one look-up
    unlinked = False
    for i in range(1, len(pieces), 3):
        kind, value = pieces[i], pieces[i + 1]
        pieces[i + 1] = ""
        if kind == "c":
            again = cited_again.get(value)
            if again is not None:
                pieces[i] = again
                continue
            n = numbers.get(value)
            if n is None:
                pieces[i] = quick_escape(value)
                continue
            number = str(n)  # (once, not an int formatted in each f-string)
            label = f' aria-label="source {number}"' if named else ""
            again = f'<a href="{cited}#source-{number}"{label}>{number}</a>'
            cited_again[value] = again
            # the source list's "back to the text" link returns to the first citation
            if n in seen:
                pieces[i] = again
                continue
            seen.add(n)
            pieces[i] = f'<a href="{cited}#source-{number}" id="cite-{number}"{label}>{number}</a>'
            continue
        target = link(value)
        if kind != "h":
            pieces[i] = quick_escape(target[1] if target else value)
        elif target:
            pieces[i] = quick_escape(target[0])
        else:
            unlinked = True
            pieces[i] = "\x04"
    html = "".join(pieces)
    # a link to a page the build does not make (a draft): its words, as plain text
    return UNLINKED_RE.sub(r"\1", html) if unlinked else html
