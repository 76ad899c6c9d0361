"""HTML written for other tools, as the Markdown a sitegen body holds.

markdownify (on BeautifulSoup) does the conversion; this module decides what may pass.
Scripts, styles and event handlers are dropped; links keep only http, https and mailto
addresses; `[` and `]` are escaped, so imported text never reads as a `[@citation]` or
a `[[wiki link]]`. What Markdown cannot say (an embedded frame, a video, underlining)
is dropped, its text kept, and named in `problems` for the importer to report.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag
from bs4.element import NavigableString, PageElement
from markdownify import MarkdownConverter

from ..addresses import address_problem

DROPPED = {
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "base",
    "button", "input", "select", "textarea",  # (a page's controls: "Details" says nothing)
}  # fmt: skip
"""Removed with everything inside them."""
EMBEDS = {"iframe", "embed", "object", "video", "audio", "source", "track", "canvas", "svg"}
"""Embedded content Markdown has no words for: replaced by a link to its address."""
MARKDOWN = {
    "p", "br", "a", "b", "strong", "i", "em", "blockquote", "ul", "ol", "li", "code", "pre",
    "hr", "del", "s", "strike", "img", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
    "h1", "h2", "h3", "h4", "h5", "h6", "q", "dl", "dt", "dd",
}  # fmt: skip
"""Said in Markdown."""
TRANSPARENT = {
    "html", "body", "span", "div", "section", "article", "header", "footer", "main", "nav",
    "aside", "figure", "figcaption", "cite", "small", "abbr", "time", "caption", "center",
    "address", "bdi", "bdo", "wbr", "font", "big", "tt", "var", "samp", "kbd", "dfn",
}  # fmt: skip
"""Wrappers whose text is all a reader needs: kept as their text, without a word."""
SAFE_SCHEMES = ("http:", "https:", "mailto:")
_SCHEME_RE = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*):")


@dataclass
class Converted:
    """Markdown made from HTML, and what it could not keep."""

    markdown: str
    """The Markdown text, blocks separated by blank lines, no blank line at either end."""
    problems: list[str] = field(default_factory=list)
    """One sentence per kind of thing dropped, in the order first met."""


def _soup(html: str) -> BeautifulSoup:
    """The parsed HTML, without BeautifulSoup's warning that a text looking like an
    address or a file name may not be HTML: a caption or a cell may be just that."""
    # comments say nothing to readers; and Python's HTML parser takes time growing with
    # the square of the text over many that are never closed
    html = _COMMENT.sub("", html)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(html, "html.parser")


_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


def _safe_url(url: str) -> bool:
    return url.strip().lower().startswith(SAFE_SCHEMES)


def no_web_address(url: str) -> bool:
    """Whether `url` starts http(s):// but is no address a reader can open (no host, a
    port past 65535, a user name: addresses.address_problem), which `sitegen check`
    refuses as a body's link or picture: an import keeps its words, not the link."""
    url = url.strip()
    web = url[:7].lower() == "http://" or url[:8].lower() == "https://"
    return web and bool(address_problem(url, ""))


def _note(problems: list[str], text: str) -> None:
    if text not in problems:
        problems.append(text)


def _clean(soup: BeautifulSoup, problems: list[str]) -> None:
    """Apply the rules above to the tree in place."""
    for tag in list(soup.find_all(True)):
        if not isinstance(tag, Tag) or tag.decomposed:
            continue
        name = tag.name.lower()
        handlers = [a for a in tag.attrs if a.lower().startswith("on")]
        for attr in handlers:
            del tag[attr]
        if handlers:
            _note(problems, f"event handlers ({', '.join(sorted(handlers))}) were dropped")
        if name in DROPPED:
            _note(problems, f"a <{name}> element was dropped")
            tag.decompose()
        elif name in EMBEDS:
            _embed(soup, tag, name, problems)
        else:
            _ELEMENT_RULES.get(name, _plain_element)(soup, tag, name, problems)


def _link(soup: BeautifulSoup, tag: Tag, name: str, problems: list[str]) -> None:
    """<a>: kept with an http, https or mailto address; its text only otherwise."""
    href = str(tag.get("href") or "")
    if href and not _safe_url(href):
        scheme = _SCHEME_RE.match(href)
        kind = f"'{scheme.group(1)}:' link" if scheme else f"relative link '{href[:60]}'"
        _note(problems, f"a {kind} was dropped (only http, https and mailto are kept)")
        tag.unwrap()
    elif no_web_address(href):
        _note(problems, f"a link to '{href[:60]}' was dropped (no web address a reader can open)")
        tag.unwrap()


def _cite(soup: BeautifulSoup, tag: Tag, name: str, problems: list[str]) -> None:
    """<cite> in a quotation: who said it, on a line of its own; elsewhere plain text."""
    if tag.find_parent("blockquote") is None:
        _plain_element(soup, tag, name, problems)
        return
    tag.insert_before(soup.new_tag("br"))
    tag.insert(0, "— ")
    tag.unwrap()


def _image(soup: BeautifulSoup, tag: Tag, name: str, problems: list[str]) -> None:
    """<img>: kept with an http(s) address (http written as https, which browsers ask
    for: an http picture on an https page is blocked, image-src), dropped otherwise."""
    src = str(tag.get("src") or "")
    if not src.lower().startswith(("http:", "https:")) or no_web_address(src):
        _note(problems, f"an image with the address '{src[:60]}' was dropped")
        tag.decompose()
        return
    if src.lower().startswith("http:"):
        _note(problems, f"an image's address '{src[:60]}' was written as https")
        tag["src"] = "https:" + src[5:]
    if not " ".join(str(tag.get("alt") or "").split()):
        # sitegen refuses a picture without alt text (image-alt), drafts included: its
        # title or file name stands in, for the editor to replace
        alt = " ".join(str(tag.get("title") or "").split()) or _file_words(src)
        tag["alt"] = alt
        _note(problems, f"an image without alt text was given '{alt[:60]}': describe it")


def _file_words(url: str) -> str:
    """The words of a picture's file name (`Ada_Lovelace-1.jpg`: 'Ada Lovelace 1')."""
    name = url.split("?")[0].split("#")[0].rstrip("/").rsplit("/", 1)[-1]
    words = " ".join(re.sub(r"%[0-9A-Fa-f]{2}|[_\-+.]", " ", name.rsplit(".", 1)[0]).split())
    return words or "Picture"


def _plain_element(soup: BeautifulSoup, tag: Tag, name: str, problems: list[str]) -> None:
    """Any other element: kept if Markdown says it or it is a mere wrapper, else its text."""
    if name not in MARKDOWN and name not in TRANSPARENT:
        _note(problems, f"Markdown has no <{name}>: its text is kept, plain")
        tag.unwrap()


_ELEMENT_RULES: dict[str, Callable[[BeautifulSoup, Tag, str, list[str]], None]] = {
    "a": _link,
    "cite": _cite,
    "img": _image,
}
"""Elements with a rule of their own; the rest follow _plain_element."""


def _embed(soup: BeautifulSoup, tag: Tag, name: str, problems: list[str]) -> None:
    src = str(tag.get("src") or tag.get("data") or "")
    if not src:
        source = tag.find("source")
        src = str(source.get("src") or "") if isinstance(source, Tag) else ""
    if src and _safe_url(src) and not no_web_address(src):
        para = soup.new_tag("p")
        link = soup.new_tag("a", href=src)
        link.string = src
        para.append(link)
        tag.replace_with(para)
        _note(problems, f"an embedded <{name}> became a link to {src[:80]}")
    else:
        tag.decompose()
        _note(problems, f"an embedded <{name}> was dropped")


def embedded_source(html: str) -> str:
    """The http(s) address of media written as HTML that is nothing but one embed (an
    `<iframe src>`, a `<video>` or `<audio>`: TimelineJS's iFrame media, pasted from a
    site's "embed" button), or ''."""
    soup = _soup(html)
    found = soup.find(list(EMBEDS))
    if not isinstance(found, Tag) or soup.get_text(strip=True):
        return ""
    source = found.find("source")
    src = str(found.get("src") or (source.get("src") if isinstance(source, Tag) else "") or "")
    return src.strip() if re.match(r"(?:https?:)?//", src.strip(), re.IGNORECASE) else ""


_ESCAPED_RE = re.compile(r"([\\`*_<\[\]]|&(?=#?\w+;))")
_LINE_START_RE = re.compile(r"(^|\n)(#{1,6}(?=\s|$)|>|[-+](?=\s))")
_LIST_NUMBER_RE = re.compile(r"(^|\n)(\d{1,9})(?=[.)](?:\s|$))")


class _Converter(MarkdownConverter):
    """markdownify with the choices sitegen's bodies need."""

    def escape(self, text: str, parent_tags: set[str]) -> str:
        """Escape what Markdown (and sitegen's `[@id]`, `[[slug]]`) would read as syntax,
        and no more: markdownify's own `escape_misc` also escapes every `1815. ` in a
        sentence, which an editor would then have to read around."""
        if not text:
            return ""
        text = _ESCAPED_RE.sub(r"\\\1", text)
        text = _LINE_START_RE.sub(r"\1\\\2", text)
        return _LIST_NUMBER_RE.sub(r"\1\2\\", text)

    def convert_a(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        href = str(el.get("href") or "")
        if not href or not _safe_url(href) or no_web_address(href):
            return text
        return str(cast(Any, super()).convert_a(el, text, parent_tags))


_MARKDOWN_LINK = re.compile(
    r"\[([^\[\]\n]+)\]\(((?:https?://|mailto:)(?:[^\s()]|\([^\s()]*\))+)\)", re.IGNORECASE
)
"""`[words](https://…)`: a link written in Markdown in a sheet's cell (templates that
render the sheet with Markdown ask for them), kept as the link it is."""


_BARE_LINK = re.compile(
    r"\b(?:https?://|www\.)[a-z0-9\-+&@#/%?=~_|!:,.;]*[a-z0-9\-+&@#/%=~_|]"
    r"|\b[\w.+-]+@[a-z0-9-]+\.[a-z0-9.-]*[a-z0-9]",
    re.IGNORECASE | re.ASCII,
)
"""An address or an e-mail address written as text, which TimelineJS shows as a link
(its `autolink`, on unless a slide sets it false: Util.linkify's patterns, but ftp)."""
_NOT_LINKED = {"a", "code", "pre"}


def _bare_href(text: str) -> str:
    if "://" in text:
        return text
    return f"https://{text}" if text[:4].lower() == "www." else f"mailto:{text}"


def _autolink(soup: BeautifulSoup) -> None:
    """Addresses in the text (not in a link or code) made the links TimelineJS made."""
    for node in list(soup.find_all(string=_BARE_LINK)):
        if type(node) is not NavigableString or any(
            p.name in _NOT_LINKED for p in node.parents
        ):  # (a comment or CDATA is a NavigableString's subclass)
            continue
        text, at = str(node), 0
        pieces: list[PageElement | str] = []
        for m in _BARE_LINK.finditer(text):
            link = soup.new_tag("a", href=_bare_href(m[0]))
            link.string = m[0]
            pieces += [text[at : m.start()], link]
            at = m.end()
        pieces.append(text[at:])
        node.replace_with(*[p for p in pieces if p != ""])


def convert(html: str, autolink: bool = True) -> Converted:
    """Markdown for a piece of HTML (a slide's text, a caption, a quotation); with
    `autolink`, its addresses written as text are links, as TimelineJS showed them."""
    problems: list[str] = []
    if "<" not in html and "&" not in html:  # plain text, as typed in a sheet's cell
        paragraphs = re.split(r"\n\s*\n", html.strip())
        return Converted(
            "\n\n".join(_escape_but_links(p, autolink) for p in paragraphs if p.strip())
        )
    html = _MARKDOWN_LINK.sub(
        lambda m: f'<a href="{m[2]}">{m[1]}</a>' if '"' not in m[2] else m[0], html
    )
    soup = _soup(html)
    _clean(soup, problems)
    if autolink:
        _autolink(soup)
    # (a <br> is a backslash before the line's end, which no editor strips as it strips
    # the two spaces markdownify would write)
    converter = _Converter(
        heading_style="ATX", bullets="-", autolinks=False, newline_style="backslash"
    )
    return Converted(_tidy(converter.convert_soup(soup)), problems)


def inline(html: str) -> str:
    """Markdown on one line for a bit of HTML or text (a credit), its links kept."""
    lines = convert(html).markdown.splitlines()  # (a line broken by a <br> is one line here)
    return " ".join(" ".join(_HARD_BREAK.sub("", line) for line in lines).split())


def _escape_but_links(text: str, autolink: bool = False) -> str:
    """Plain text as Markdown on one line, its Markdown links kept as links (and, with
    `autolink`, its addresses made links)."""
    text = " ".join(text.split())
    out, at = [], 0
    for m in _MARKDOWN_LINK.finditer(text):
        out += [_escape_plain(text[at : m.start()], autolink), f"[{escape_text(m[1])}]({m[2]})"]
        at = m.end()
    out.append(_escape_plain(text[at:], autolink))
    return "".join(out)


def _escape_plain(text: str, autolink: bool) -> str:
    escape = _Converter().escape
    if not autolink:
        return escape(text, set())
    out, at = [], 0
    for m in _BARE_LINK.finditer(text):
        out += [escape(text[at : m.start()], set()), f"[{escape(m[0], set())}]({_bare_href(m[0])})"]
        at = m.end()
    out.append(escape(text[at:], set()))
    return "".join(out)


def escape_text(text: str) -> str:
    """Plain text (a caption, a credit) as Markdown that says exactly it, on one line."""
    return _Converter().escape(" ".join(text.split()), set())


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    # a <br> that ends a paragraph, or starts it, breaks no line: its `\` would show
    blank_after, in_code = True, False  # (read from the last line up)
    for n in range(len(lines) - 1, -1, -1):
        if lines[n].startswith("```"):
            in_code = not in_code
        elif not in_code and _HARD_BREAK.search(lines[n]):
            lines[n] = lines[n][:-1].rstrip() + ("" if blank_after else "\\")
        blank_after = _blank(lines[n])
    for n, line in enumerate(lines):
        in_code ^= line.startswith("```")
        alone = line.endswith("\\") and _blank(line[:-1])
        if alone and not in_code and (n == 0 or _blank(lines[n - 1])):
            lines[n] = ""
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _blank(line: str) -> bool:
    """A line with no words (in a quotation, `>` alone)."""
    return not line.replace(">", "").strip()


_HARD_BREAK = re.compile(r"(?<!\\)(?:\\\\)*\\$")
"""A line's end that breaks the line (a backslash, after any escaped backslashes)."""


def plain(html: str) -> str:
    """The text of a piece of HTML on one line: for titles, captions, credits, alt text."""
    html = _MARKDOWN_LINK.sub(r"\1", html)  # a Markdown link's words
    if "<" not in html and "&" not in html:
        return " ".join(html.split())
    soup = _soup(html)
    for tag in soup.find_all(list(DROPPED)):
        if isinstance(tag, Tag):
            tag.decompose()
    for br in soup.find_all("br"):
        if isinstance(br, Tag):
            br.replace_with(" ")
    # words apart only where the browser puts them apart: `flickr/<a>Amanda</a>` is one
    # word, `<p>One</p><p>Two</p>` two
    for block in soup.find_all(list(_BLOCKS)):
        if isinstance(block, Tag):
            block.insert_before(" ")
            block.insert_after(" ")
    return " ".join(soup.get_text("").split())


_BLOCKS = (
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "table", "tr", "td", "th", "section", "article", "header",
    "footer", "figure", "figcaption", "hr", "address",
)  # fmt: skip
