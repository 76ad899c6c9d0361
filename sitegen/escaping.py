"""HTML escaping without the Markup objects markupsafe.escape() makes, for text that goes
straight into a page (a printed template value, an SVG label): at 10,000 events a build
escapes 1.8 million strings, and making a Markup object for each was half that cost."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

_escape_str: Callable[[str], str] | None
try:  # markupsafe's C escaper: what escape() itself calls once it has a plain str
    from markupsafe._speedups import _escape_inner as _escape_str
except ImportError:  # pragma: no cover - a markupsafe without speedups, or a later one
    _escape_str = None


def escape_text(text: str) -> str:
    """`text` with & < > ' " escaped, as markupsafe.escape() does, as a plain str."""
    if _escape_str is not None and type(text) is str:
        return _escape_str(text)
    return str(escape(text))


def escape_output(value: Any) -> Any:
    """Jinja's escape() for what a template prints (`{{ x }}`), which only ever joins the
    page's text: a plain str comes back escaped as a plain str; anything else (Markup,
    numbers, undefined values) goes through markupsafe.escape()."""
    kind = type(value)
    if kind is str:
        return escape_text(value)
    if kind is Markup:
        return value  # escape() would only copy it (printed macros, bodies)
    return escape(value)


FAST = _escape_str is not None
"""Whether escape_output is faster than markupsafe.escape here."""


class LinkedData(str):
    """JSON-LD already written as JSON text: the json_ld filter embeds it as it is."""


LD_JSON = json.JSONEncoder(ensure_ascii=False).encode
"""How pages' JSON-LD is written (one encoder for all: json.dumps makes one per call)."""
