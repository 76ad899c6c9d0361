"""The placeholder text `sitegen new` writes, and how to recognise it (and older skeletons').

A skeleton's text is instructions to the editor, never something a reader should see: the
`placeholder` check reports it (schema.py), a warning in a draft and an error in anything
`sitegen build` would publish (build.py).
"""

from __future__ import annotations

from collections.abc import Iterator

TODO = "TODO:"
"""How every placeholder `new` writes begins: easy to find, impossible to mistake."""

EVENT_SUMMARY = "TODO: one sentence that says what happened."
EVENT_BODY = (
    # code spans: as written, neither is a citation or a link that the checks would follow
    "TODO: what happened, in Markdown. Cite a source with `[@source-id]`; link to a person, "
    "country or event with `[[slug]]`."
)
PERSON_ROLE = "TODO: their role at the time of the story"
PERSON_BODY = "TODO: a short biography."
COUNTRY_BODY = "TODO: notes about the country."
TIMELINE_SUMMARY = "TODO: one sentence that says what the story is."
TIMELINE_BODY = (
    "TODO: the introduction, in Markdown: what the story is and why it matters. Cite a "
    "source with `[@source-id]`; link with `[[slug]]`."
)
TIMELINE_EVENTS = "TODO: add events to it with `timelines: [{}]` in their front matter."

OLDER = (
    # what earlier versions of `new` and `init` wrote (but their country's bare "Notes.",
    # which the tests' own fixture sites use as a real note)
    "One sentence that says what happened.",
    "What happened, in Markdown. Cite sources with `[@id]`; link with `[[slug]]`.",
    "Write what happened here, in Markdown. Cite a source with [@example-source] and link "
    "to a person, country or event with [[first-person]].",
    "Their role",
    "A short biography.",
    "Notes about the country.",
    "The introduction, in Markdown: what the story is and why it matters. Cite sources "
    "with `[@id]`; link with `[[slug]]`.",
)
_OLDER = frozenset(" ".join(text.split()) for text in OLDER)


_OLDER_FIRST = frozenset(text.split()[0] for text in _OLDER)
_OLDER_INITIALS = frozenset(text[0] for text in _OLDER)
"""The first character of each of OLDER: a text that is one of them begins with it (as
one that begins TODO: begins with a character whose upper case begins with T)."""
_OLDER_HEADS = frozenset(" ".join(text.split()[:5]) for text in _OLDER)
"""The first five words of each of OLDER: a text that is one of them begins with them."""

_HEAD = 160
"""How much of a text is split for its first five words when they are all in it: a
paragraph's split copies the rest of it, which here is dropped."""


def is_placeholder(text: str) -> bool:
    """Whether a field's value or a body paragraph is skeleton text: its words, spaced
    by single spaces, begin with TODO: or are one of OLDER. Decided by its first words,
    a paragraph of an article is not flattened whole (nor copied: many begin with "The"
    or "A", as one of OLDER does)."""
    first = text.lstrip()[:1]  # (its first word's first character)
    if first not in _OLDER_INITIALS and first.upper()[:1] != "T":
        return False  # (most titles and summaries: their words not split and joined)
    head = " ".join(_first_words(text, 5))
    if head.upper().startswith(TODO):
        return True
    return head in _OLDER_HEADS and " ".join(text.split()) in _OLDER


_OLDER_LAST = tuple(sorted({text.split()[-1] for text in _OLDER}))
"""The last word of each of OLDER: a paragraph that is one of them ends in it (its last
line, its trailing white space stripped, ends in it)."""


def _may_hold_placeholder(body: str) -> bool:
    """Whether `body` may hold a paragraph is_placeholder is true of: a line that ends in
    one of OLDER's last words (but for white space after it, which str.split and
    str.rstrip read alike), or a colon after four characters that are "todo" in lower
    case (only t, o and d, of either case, are T, O and D upper-cased, but U+1E97 and
    two ligatures, whose upper case is two characters). Most bodies hold neither: their
    paragraphs are not walked (a tenth of an event's load outside its Markdown). Each
    line's end looked at, not the body searched for each of six words: 14 -> 6 µs a
    body of the skewed corpus (wide text, where no search is a memchr)."""
    for line in body.split("\n"):
        if line.rstrip().endswith(_OLDER_LAST):
            return True
    at = body.find(":")
    while at >= 0:
        if body[max(at - 4, 0) : at].lower() == "todo":
            return True
        at = body.find(":", at + 1)
    return False


def body_placeholders(body: str) -> Iterator[int]:
    """The 0-based line (within the body) of each paragraph that is skeleton text."""
    if not _may_hold_placeholder(body):
        return
    start = 0
    lines = body.split("\n")
    for i, line in enumerate([*lines, ""]):
        if line and not line.isspace():  # (not line.strip(): a copy of each line)
            continue
        # (lines[start:i] are the paragraph's, none blank; most paragraphs are told
        # apart by their first word, without joining their lines)
        paragraph = lines[start:i]
        if paragraph and _may_be_placeholder(paragraph[0]) and is_placeholder("\n".join(paragraph)):
            yield start
        start = i + 1


def _may_be_placeholder(first_line: str) -> bool:
    """Whether a paragraph whose first line (not blank) this is may be skeleton text:
    is_placeholder is true only where its first word starts with TODO: (upper-cased
    one character at a time, a text's first word decides how it starts) or is the
    first word of one of OLDER."""
    word = _first_words(first_line, 1)[0]
    return word.upper().startswith(TODO) or word in _OLDER_FIRST


def _first_words(text: str, n: int) -> list[str]:
    """`text.split()[:n]`, splitting no more of the text than its first _HEAD characters
    where its first n words end there (a further word starts in them)."""
    words = text[:_HEAD].split(maxsplit=n)
    return words[:n] if len(words) > n else text.split(maxsplit=n)[:n]
