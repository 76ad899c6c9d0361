"""Text an editor gives on the command line, written into a content file's front matter:
one line, in double quotes, so that no value can end its field or the front matter."""

from __future__ import annotations

import json
import re

from .errors import UsageError
from .load import CONTROL_RE


def text_option(option: str, value: str) -> str:
    """A command line's text (--title, --publisher) as one line a content file can hold:
    line breaks are spaces (a newline, or U+2028, would end the YAML value or the front
    matter); a control character, or a byte that is not UTF-8, is a usage error."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"{option}: the text is not UTF-8; write it again") from None
    line = " ".join(value.split())
    bad = CONTROL_RE.search(line)
    if bad:
        raise UsageError(
            f"{option}: the text holds an invisible control character (U+{ord(bad[0]):04X}); "
            "remove it"
        )
    return line


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it), with the
    characters YAML would read as line breaks or a byte-order mark escaped."""
    plain = json.dumps(text, ensure_ascii=False)
    return re.sub("[\u0085\u2028\u2029\ufeff]", lambda m: f"\\u{ord(m[0]):04x}", plain)
