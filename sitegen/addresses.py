"""Whether a web address is one to publish: the rules an `image:`'s src, a source's url,
a site's base_url and a link in a body share (what schema, for front matter, and
markdown, for a body, both ask; a module of its own so that neither imports the other
for it)."""

from __future__ import annotations

import re
import unicodedata

URL_RE = re.compile(
    r"^https?://(?:[^\s/?#]+\.[^\s/?#.]+|localhost|\[[0-9a-fA-F:.]+\])(?::\d+)?(?:[/?#]\S*)?$"
)


_HOST_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_HOST_RE = re.compile(rf"^(?:{_HOST_LABEL}(?:\.{_HOST_LABEL})*\.?|\[[0-9A-Fa-f:.]+\])$")


def authority_problem(authority: str, shown: str, example: str) -> str:
    """base_url_problem for the part between '//' and the path: a host and a port only."""
    if "@" in authority:
        return f"{shown} holds a user name or password ('…@'); remove it, {example}"
    host, colon, port = authority.rpartition(":")
    if authority.endswith("]") or not colon:  # an IPv6 address without a port, or no port
        host, colon, port = authority, "", ""
    if colon and not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
        return f"{shown} has an invalid port '{port}'; a port is a number from 1 to 65535"
    if not _HOST_RE.match(host):
        return f"{shown} has no valid host name; {example}"
    return ""


ADDRESS_TROUBLE = re.compile(r'["<>\\^`{|}\s\x00-\x1f\x7f]|[^\x00-\x7f]')
"""What a web address a reader follows may not hold as written (RFC 3986 has no place
for them; a browser copies them %-escaped): a space or another blank, a control
character, and '"', '<', '>', '\\', '^', '`', '{', '|', '}'; beyond ASCII, what
_invisible finds. Written into a page, a feed, a calendar or TimelineJS's JSON, a '"'
or a '<' is where a hostile address would leave its attribute (each writer escapes it,
and the address is wrong even so); a direction override (U+202E) shows the address as
another."""


def _invisible(char: str) -> bool:
    """A character beyond ASCII an address may not hold: a control, format (U+202E,
    U+200B), private-use or unassigned one, or a blank or separator. Letters, digits,
    punctuation and symbols of any script are kept (https://de.wikipedia.org/wiki/Müller,
    the '–' in a Wikipedia title)."""
    return unicodedata.category(char)[0] in "CZ"


def _address_trouble(value: str) -> str:
    for m in ADDRESS_TROUBLE.finditer(value):
        char = m.group()
        if char.isascii() or _invisible(char):
            return char
    return ""


def address_problem(value: str, example: str) -> str:
    """Why `value`, an address that starts http:// or https:// (in any case), is not one
    to publish, or '': a character ADDRESS_TROUBLE finds, no host ('https:///x'), a user
    name or password ('user:pw@', shown to every reader), a host that is no host name."""
    shown = repr(value[:80])
    if char := _address_trouble(value):
        if char.isascii() and char.isprintable():
            name = "a space" if char == " " else f"'{char}'"
            fix = f"write it as %{ord(char):02X}"
        else:
            name, fix = f"an invisible character (U+{ord(char):04X})", "remove it"
        return f"{shown} holds {name}, which a web address cannot hold; {fix}, {example}"
    scheme, _, rest = value.partition("://")
    if not URL_RE.match(scheme.lower() + "://" + rest):
        return f"{shown} is not a whole address (a host name after '//'); write it {example}"
    return authority_problem(re.split(r"[/?#]", rest, maxsplit=1)[0], shown, example)


def picture_address_problem(src: str) -> str:
    """Why an https:// picture's address is none to publish, or '' (see address_problem)."""
    return address_problem(src, "like https://example.org/picture.jpg")
