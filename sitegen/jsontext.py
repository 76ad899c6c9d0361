"""How sitegen writes JSON: pages' JSON-LD, and the pieces of the whole-site JSON files.

Here, not in escaping or splice, which a build imports before its parse forks: `json`
(~5 M instructions) is imported with the renderer, beside the workers' parse (see
build.Builder._while_workers_parse), not in the stretch before it that no other core
shares."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _compact_json() -> Callable[[Any], str]:
    """JSONEncoder.encode of _ENCODER, its C encoder made once: encode made one for each
    call (iterencode: a closure and the C object of nine arguments, ~2 µs, a fifth of an
    events.json record's encoding), the same output. Without a circular check, which
    only ever turns a self-containing value (none is written here) into a ValueError."""
    make = getattr(json.encoder, "c_make_encoder", None)  # (not in the stubs)
    if make is None:  # (a Python without _json: its pure-Python encoder)
        return _ENCODER.encode
    quote = json.encoder.encode_basestring
    chunks = make(None, _ENCODER.default, quote, None, ":", ",", False, False, True)

    def compact_json(value: Any) -> str:
        if isinstance(value, str):
            return quote(value)  # (as encode does)
        return "".join(chunks(value, 0))

    return compact_json


compact_json = _compact_json()
"""Compact, deterministic JSON (no spaces; non-ASCII kept as UTF-8), as the JSON files'
pieces are written. One encoder for all (json.dumps with options makes one per call, a
quarter of the cost of encoding an event). With indent, json's encoder is pure Python."""

LD_JSON = compact_json
"""How pages' JSON-LD is written: compact too (read by machines, on every page)."""

json_text: Callable[[str], str] = json.encoder.encode_basestring
"""A string as compact_json writes it (quoted; non-ASCII kept), for pieces written out."""
