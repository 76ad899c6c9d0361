"""Slugs made from words, one rule for every place that makes one: `sitegen new` from a
title, the TimelineJS import from a headline, and the did-you-mean of `sitegen check`
(slug-invalid's new file name, a tag's slug, a timeline id).

A slug is `[a-z0-9-]` (load.SLUG_RE). Accents are dropped (é is e), a few letters are
spelled out (ß is ss), and a text in another script is spelled in Latin letters where
that is a matter of a table: Cyrillic (Russian, Ukrainian, Belarusian, Serbian,
Macedonian, Bulgarian) and Greek (ELOT 743, as Greek road signs and passports write it).
A title in a script no table spells (Arabic, Hebrew, Chinese, Japanese, …) gets its date
and a short hash of its words (`title_slug`): `event-2008-08-08-3f2a1c`, the same each
time, and different for two titles of one date.

Not imported at start-up: only what makes a new file, or reports a bad name, needs it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .dates import EDate

TITLE_SLUG_LIMIT = 60
"""The longest slug made from a title or a headline, cut at a word: an address to read."""

_LETTERS = str.maketrans({
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
    "ı": "i", "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e",
    "є": "ye", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
    "ь": "", "э": "e", "ю": "yu", "я": "ya", "ў": "u", "ђ": "dj", "ј": "j", "љ": "lj",
    "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "gj", "ќ": "kj", "ѕ": "dz",
})  # fmt: skip
"""Letters Unicode does not decompose into a Latin letter and an accent. Cyrillic with
its marks (й, ё, ї, ў) is spelled before the marks are dropped: й is y, not i."""

_GREEK = str.maketrans({
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
    "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps",
    "ω": "o",
})  # fmt: skip
"""Greek letters without their accents (ά is α and a mark once decomposed)."""

# ου is ou, αυ av, ευ ev, ηυ iv, γγ ng (ELOT 743); not where a diaeresis parts the two
# vowels (Μαΐου: the decomposed ϊ is ι and U+0308)
_GREEK_PAIRS = re.compile("ου(?!\u0301?\u0308)|([αεη])υ(?!\u0301?\u0308)|γγ")
_GREEK_PAIR_SPELLING = {"α": "av", "ε": "ev", "η": "iv"}


def _greek_pair(m: re.Match[str]) -> str:
    if m[0] == "γγ":
        return "ng"
    return _GREEK_PAIR_SPELLING[m[1]] if m[1] else "ou"


def latin(text: str) -> str:
    """`text` lower-cased in Latin letters where a table spells it; other scripts as
    they are."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    decomposed = _GREEK_PAIRS.sub(_greek_pair, decomposed)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_GREEK)


def slugify(text: str, limit: int | None = None) -> str:
    """A slug from any text: accents, Cyrillic and Greek spelled in Latin letters, an
    apostrophe dropped (don't is dont), anything else between words one hyphen; other
    scripts are left out. With `limit`, at most that many characters, cut at a word."""
    ascii_text = latin(text).replace("'", "").replace("’", "")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if limit is not None and len(slug) > limit:
        slug = slug[: limit + 1].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    return slug.strip("-")


def unspelled(text: str) -> bool:
    """Whether `text` has letters or digits no table spells in Latin ones (他, ש, ٣)."""
    return any(not ch.isascii() and ch.isalnum() for ch in latin(text))


def _date_words(start: EDate) -> str:
    """`2008-08-08`, `0044-bce-03-15`: a date as a slug's words."""
    year = f"{start.year:04d}" if start.year > 0 else f"{-start.year:04d}-bce"
    rest = [f"{n:02d}" for n in (start.month, start.day) if n is not None]
    return "-".join([year, *rest])


WINDOWS_DEVICE = re.compile(
    r"(?i)^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])(\.|$)"
)
"""Names Windows keeps for devices, with any extension (con.txt too): a slug so named
is given another by `new` and import, and checks.py warns at a file or folder so named."""


def is_device_name(slug: str) -> bool:
    return bool(WINDOWS_DEVICE.match(slug))


def title_slug(title: str, start: EDate) -> str:
    """An event's slug for its title (a slide's headline): the words in Latin letters;
    with words in a script no table spells, those it spells (or `event` and the date)
    and a hash of the title, the same from one run to the next. A title that is a name
    Windows keeps for a device ("Con", "AUX") gets the date too: `new` and `import` must
    not write a file that `check` warns about (name-reserved)."""
    words = slugify(title, TITLE_SLUG_LIMIT)
    if is_device_name(words):
        return f"{words}-{_date_words(start)}"
    if not unspelled(title):
        return words or "event"
    digest = hashlib.sha256(unicodedata.normalize("NFC", title).encode()).hexdigest()[:6]
    return f"{slugify(words, 50) or 'event-' + _date_words(start)}-{digest}"


def tag_slug(name: str) -> str:
    """A tag for a group's or a tag's name: its slug, or (a name in a script no table
    spells) its words lower-cased and joined by hyphens (`北京-奥运`); '' without one."""
    return slugify(name, TITLE_SLUG_LIMIT) or "-".join(re.findall(r"[^\W_]+", name.casefold()))[
        :TITLE_SLUG_LIMIT
    ].strip("-")
