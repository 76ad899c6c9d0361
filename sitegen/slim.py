"""The default theme's CSS and scripts as readers get them: comments and indentation
left out, nothing renamed or reordered.

The theme's files are written to be read by people who change them; a reader's browser
needs none of their comments (a tenth of what a timeline page downloads). Each line
stays on its line (a comment's lines become empty ones), so a browser's line numbers
are the source's and no source map is needed. Only the default theme's files are
slimmed: a site's own are shipped as written (render.load_assets).
"""

from __future__ import annotations

import re

CSS_TOKENS = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|/\*.*?\*/""", re.S)
"""A CSS string (kept whole: a comment's marks inside one are text) or a comment."""

JS_TRAILING = re.compile(r"([;{])[ \t]+//[ \t].*$")
"""A comment after a line's code: only where the code before it holds no quote, template
or slash (so no string or regular expression can hold the `//`)."""


def _css_token(m: re.Match[str]) -> str:
    text = m.group()
    return "\n" * text.count("\n") if text.startswith("/*") else text


def css(text: str) -> str:
    """A stylesheet without its comments and each line's indentation."""
    text = CSS_TOKENS.sub(_css_token, text)
    return "\n".join(line.strip(" \t") for line in text.split("\n"))


def _js_line(line: str) -> str:
    line = line.strip(" \t")
    if line.startswith("//"):
        return ""
    m = JS_TRAILING.search(line)
    if m and not any(c in line[: m.start()] for c in "\"'`/"):
        return line[: m.start(1) + 1]
    return line


def js(text: str) -> str:
    """A script without its comments of whole lines, its trailing ones where that is
    plainly safe (JS_TRAILING), and each line's indentation. Line breaks all stay, so
    no statement runs into the next (automatic semicolons read them). A script with a
    template literal is left as written: its lines may be one string's, whose
    indentation and `//` are text."""
    if "`" in text:
        return text
    return "\n".join(_js_line(line) for line in text.split("\n"))


def slimmed(name: str, content: bytes) -> bytes:
    """A default theme's asset as shipped: CSS and scripts slimmed, the rest as is."""
    if name.endswith(".css"):
        return css(content.decode("utf-8")).encode("utf-8")
    if name.endswith(".js"):
        return js(content.decode("utf-8")).encode("utf-8")
    return content
