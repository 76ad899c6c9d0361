"""HTML escaping without the Markup objects markupsafe.escape() makes, for text that goes
straight into a page (a printed template value, an SVG label): at 10,000 events a build
escapes 1.8 million strings, and making a Markup object for each was half that cost."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

from .adapters import c_escaper
from .load import CONTROL_RE, has_control

_escape_str = c_escaper()
"""markupsafe's C escaper: what escape() itself calls once it has a plain str."""


def html_escape(text: str, quote: bool = True) -> str:
    """html.escape(text, quote), its replaces made here: the standard library's `html`
    imports its table of 2,231 entity names (html.entities) with it, which a build
    needs only to read a character reference (publish._unescaped)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;").replace("'", "&#x27;")
    return text


def escape_text(text: str) -> str:
    """`text` with & < > ' " escaped, as markupsafe.escape() does, as a plain str."""
    if _escape_str is not None and type(text) is str:
        return _escape_str(text)
    return str(escape(text))


escape_str: Callable[[str], str] = _escape_str if _escape_str is not None else escape_text
"""A plain str's escaped text as a str: markupsafe's C escaper itself where it has one."""


def escape_output(value: Any) -> Any:
    """Jinja's escape() for what a template prints (`{{ x }}`), which only ever joins the
    page's text: a plain str comes back escaped as a plain str, an int as its digits;
    Markup as it is; anything else (floats, undefined values) goes through
    markupsafe.escape()."""
    kind = type(value)
    if kind is str:  # (the C escaper called here: a call less for ~100 values a page)
        return _escape_str(value) if _escape_str is not None else str(escape(value))
    if kind is Markup:
        return value  # escape() would only copy it (printed macros, bodies)
    if kind is int:  # a list's numbers, loop.index: nothing to escape (escape() made a
        # Markup of each: 14,000 at 1,000 events)
        return str(value)
    return escape(value)


_PLAIN_BYTES = bytes([0x09, 0x0A, 0x0D, *range(0x20, 0x7F)])


def drop_controls(page: bytes) -> bytes:
    """A UTF-8 page without control characters or noncharacters (load.CONTROL_RE), which
    HTML cannot hold. Content never brings one (check reports them, and they are read as
    U+FFFD); a template could. Fast for a page without: what is left once printable ASCII
    is deleted (a byte-table C loop) is a page's few non-ASCII characters, and is searched."""
    rest = page.translate(None, _PLAIN_BYTES)
    if not rest or not has_control(rest.decode("utf-8", "replace")):
        return page
    return CONTROL_RE.sub(_keep_cr, page.decode("utf-8")).encode("utf-8")


def _keep_cr(m: re.Match[str]) -> str:
    return "\r" if m.group() == "\r" else ""  # a line end in HTML, not a control


FAST = _escape_str is not None
"""Whether escape_output is faster than markupsafe.escape here."""


class LinkedData(str):
    """JSON-LD already written as JSON text: the json_ld filter embeds it as it is."""
