"""How sitegen writes JSON: pages' JSON-LD, and the pieces of the whole-site JSON files.

Here, not in escaping or splice, which a build imports before its parse forks: `json`
(~5 M instructions) is imported with the renderer, beside the workers' parse (see
build.Builder._while_workers_parse), not in the stretch before it that no other core
shares."""

from __future__ import annotations

import json
from collections.abc import Callable

compact_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""Compact, deterministic JSON (no spaces; non-ASCII kept as UTF-8), as the JSON files'
pieces are written. One encoder for all (json.dumps with options makes one per call, a
quarter of the cost of encoding an event). With indent, json's encoder is pure Python."""

LD_JSON = compact_json
"""How pages' JSON-LD is written: compact too (read by machines, on every page)."""

json_text: Callable[[str], str] = json.encoder.encode_basestring
"""A string as compact_json writes it (quoted; non-ASCII kept), for pieces written out."""
