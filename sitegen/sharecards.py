"""Share cards: the 1200×630 picture a page shows when it is shared (og:image), for pages
without a picture of their own.

One card for the site (its title, the years its events span, how many) and one for each
timeline of a site with timelines; an event page without a picture uses its timeline's
card, every other page without one the site's. A card per page would cost about 5 ms
each (drawing and PNG encoding), 50 s at 10,000 events, for cards that would say little
more than the page's own title beside them in the share. Cards are cached like the sizes
of pictures (images.ImageCache), so only a change to what a card shows makes it again.
Their names do not change with what they show: an event page names its timeline's card
and stays unchanged when the timeline grows.

Each text of a card (the kicker, the title in bold, the foot) is drawn in the first font
that has all its characters: the site's own (site.yaml's `cards:`), then DejaVu Sans and
the fonts for Chinese, Japanese and Korean found on the system (cardfonts.SYSTEM_FONTS);
a card with characters none has is drawn anyway, and the build warns once. A title is
broken at spaces, and between the characters of Chinese and Japanese. Thai, Lao, Khmer
and Myanmar, written without spaces between words, are broken at spaces while a run fits
on a line, else between clusters (a consonant with its marks and vowels), never inside
one (see _clusters): without a dictionary of words (ICU's, say) a break can fall inside
a word, but never between a letter and its vowel.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache as cache_mod
from . import cardpng
from .adapters import pillow_tag_tables_lazily
from .cardfonts import SYSTEM_FONTS, stamp
from .dates import EDate, format_range
from .diagnostics import Diagnostic
from .images import encoder
from .model import Origin
from .records import dataclass, made_seldom, value_methods

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage
    from PIL.ImageFont import FreeTypeFont

    from .images import ImageCache
    from .model import Config, Event, Site

WIDTH, HEIGHT = 1200, 630
SITE_CARD = "og/site.png"
VERSION = "4"
"""Bumped when cards are drawn or written differently, so that cached ones are drawn
again (4: written by cardpng, the same pixels as 3's in other bytes)."""

# the default theme's light colours (templates/assets/style.css)
PAPER = (251, 250, 247)
INK = (29, 29, 31)
MUTED = (90, 90, 96)
ACCENT = (179, 38, 30)
LINE = (217, 214, 206)

DEJAVU_SURE = frozenset(
    [chr(c) for c in range(0x20, 0x7F)]
    + [chr(c) for c in range(0xA0, 0x180)]
    + [chr(c) for c in range(0x370, 0x500) if unicodedata.category(chr(c)) != "Cn"]
    + list("–—‘’‚“”„†‡•…‰′″‹›€™")
)
"""Characters DejaVu Sans and Sans Bold surely have (Latin-1 and Extended-A, Greek,
Cyrillic, common punctuation; tests.test_sharecards checks): a title of these alone is
drawn in DejaVu without looking its characters up, so that a build whose cards are
cached does not import Pillow to choose their fonts."""

DEJAVU_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
"""The files DEJAVU_SURE holds for."""

FONT_MAGIC = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"ttcf")
"""How TrueType, OpenType and TrueType collection files begin."""

CLOSING = frozenset(
    ")]}»›”’、。，．・：；！？）」』】〕〉》〗〙〛｝～ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々〻‐゠–〜"
)
"""Characters a line does not begin with (closing brackets and punctuation, small kana:
the Japanese kinsoku rule, which Chinese and Korean typesetting follow too)."""
OPENING = frozenset("([{«‹“‘（「『【〔〈《〖〘〚｛")
"""Characters a line does not end with."""

SEA_BLOCKS = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x19E0, 0x19FF),
              (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F))  # fmt: skip
"""Thai, Lao, Myanmar, Khmer (and their extensions): scripts written without spaces
between words, whose lines break between clusters of characters, not between any two."""
JOINS_BEFORE = frozenset(
    "\u0e30\u0e32\u0e33\u0e45\u0e46\u0e2f"  # Thai: sara a, aa, am, lakkhangyao; repeat, ellipsis
    "\u0eb0\u0eb2\u0eb3\u0ebd\u0ec6\u0eaf"  # Lao: sara a, aa, am, semi-vowel nyo; ko la, ellipsis
    "\u17d4\u17d5\u17d6\u17d7"  # Khmer: khan, bariyoosan, camnuc pii kuuh, lek too
    "\u104a\u104b"  # Myanmar: little and full section
    "\u200c\u200d"  # zero-width non-joiner and joiner
)
"""Characters that stay on the line of the one before them though they are not marks:
vowels written after their consonant, the repetition signs, the scripts' full stops."""
JOINS_AFTER = frozenset(
    "\u0e40\u0e41\u0e42\u0e43\u0e44"  # Thai vowels written before their consonant
    "\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4"  # Lao's
    "\u17d2\u1039"  # Khmer coeng, Myanmar virama: the next consonant is written under
    "\u200d"  # zero-width joiner
)
"""Characters that stay on the line of the one after them."""
LEADING_VOWELS = frozenset("\u0e40\u0e41\u0e42\u0e43\u0e44\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4")
"""Thai and Lao vowels written before their consonant: each begins a syllable, the
likeliest place for a line to break inside a run of those scripts."""
VOWEL_ENDS = {"\u0e35": "\u0e22", "\u0e37": "\u0e2d", "\u0eb5": "\u0e8d", "\u0eb7": "\u0ead"}
"""In a syllable begun by a leading vowel, these vowel signs (i, ue) with the letter that
completes them (Thai sara e + ii + yo yak, sara e + uee + o ang; Lao's alike): that
letter stays on the line."""
ASAT = "\u103a"
"""Myanmar asat: the consonant it marks ends the syllable before it (one cluster with it)."""


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Card:
    """One share card to draw: where it goes and its three lines of text."""

    path: str
    """Where it is written in the output."""
    kicker: str
    """The small line at the top: the site's name on a timeline's card."""
    title: str
    line: str
    """The foot: '48 events, 1995–2024'."""
    origin: Origin = field(default_factory=lambda: Origin(""), compare=False, repr=False)
    """Where its title is written (site.yaml or the timeline's file)."""

    def texts(self) -> tuple[tuple[str, bool], ...]:
        """Its texts, each with whether it is drawn bold."""
        return ((self.kicker, False), (self.title, True), (self.line, False))

    def cache_name(self, fonts: Fonts) -> str:
        chosen = "\0".join(stamp(fonts.choose(text, bold)[0]) for text, bold in self.texts())
        made_by = f"{VERSION}\0{encoder()}\0{cardpng.WRITER}"
        text = f"{made_by}\0{self.kicker}\0{self.title}\0{self.line}\0{chosen}"
        return "card-" + hashlib.blake2b(text.encode(), digest_size=12).hexdigest() + ".png"


def timeline_card(slug: str) -> str:
    return f"og/timelines/{slug}.png"


def cards(site: Site, events: list[Event], drafts: bool) -> list[Card]:
    """The cards a build publishes: the site's, and one for each published timeline."""
    config = site.config
    out = [Card(SITE_CARD, "", config.title, _line(events), config.origin)]
    # each timeline's events from one pass over the site's (not a pass per timeline: 20
    # timelines of 10,000 events took 0.2 s of every build), which the plan takes too
    for slug, mine in site.timeline_events(drafts).items():
        timeline = site.timelines[slug]
        out.append(
            Card(timeline_card(slug), config.title, timeline.title, _line(mine), timeline.origin)
        )
    return out


def _line(events: list[Event]) -> str:
    if not events:
        return ""
    # (as the pages say it: '753 BCE – 476 CE', '13.8 billion years ago – 2024'; a year
    # is numbered as historians do, -753 for 753 BCE: '1 - year' made it 754 BCE)
    # (in time order, by year first: Event.sort_key; the last is the latest year, and
    # reading every event's year for it was 30 ms of an edit of 50 timelines)
    first, last = EDate(events[0].date.year), EDate(events[-1].date.year)
    count = f"{len(events):,} event" + ("" if len(events) == 1 else "s")
    return f"{count}, {format_range(first, last)}"


Measure = Callable[[str], float]
"""A font's getlength: a text's width in pixels."""
Choices = dict[tuple[str, bool], tuple[str, str]]
"""Fonts.choose's answers: (text, bold) -> (font file, the characters it lacks)."""


class Fonts:
    """The card fonts of one build and what is known of them: the site's, then the
    system's; each text is drawn in the first that has all its characters."""

    def __init__(
        self,
        site_dir: Path | None,
        config: Config,
        system: Iterable[tuple[str, str]] | None = None,
    ) -> None:
        system = list(SYSTEM_FONTS if system is None else system)
        self.candidates = _candidates(site_dir, config, system)
        """The fonts to try, in order, for regular (False) and bold (True) texts."""
        self.dejavu = {p for pair in system for p in pair if os.path.basename(p) in DEJAVU_FILES}
        self._has: dict[str, dict[str, bool]] = {}
        self._notdef: dict[str, tuple[object, bytes, float]] = {}
        self._loaded: dict[tuple[str, int], FreeTypeFont] = {}
        self._chosen: Choices = {}
        self._recorded = 0
        """How many of _chosen came from the record (recall)."""

    def _record_key(self) -> tuple[object, ...]:
        """What the fonts' choices follow from besides the texts: the candidates, each
        by its file's stamp, and Pillow's version, which draws the glyphs compared."""
        stamps = tuple(tuple(map(stamp, self.candidates[bold])) for bold in (False, True))
        return (encoder(), stamps)

    def recall(self, path: Path | None) -> None:
        """The choices a last build recorded (`record`) where its fonts are these: a
        card's cache name names the font of each of its texts, and finding them anew
        imported Pillow, loaded the fonts and drew each character not known to be in
        DejaVu (30-45 ms of a one-event edit of the skewed corpus, whose cards hold CJK
        titles, for names that no body edit changes)."""
        found = cache_mod.read(path) if path is not None else None
        if isinstance(found, tuple) and len(found) == 2 and found[0] == self._record_key():
            self._chosen.update(found[1])
            self._recorded = len(self._chosen)

    def record(self, path: Path | None) -> None:
        """The choices made, for the next build's `recall` (written when new ones were)."""
        if path is not None and len(self._chosen) != self._recorded:
            cache_mod.write(path, (self._record_key(), dict(self._chosen)))
            self._recorded = len(self._chosen)

    def choose(self, text: str, bold: bool) -> tuple[str, str]:
        """The font file to draw `text` in ('' for Pillow's own font), and, when none has
        all its characters (then the one that lacks fewest), those it lacks."""
        known = self._chosen.get((text, bold))
        if known is None:
            chars = dict.fromkeys(c for c in text if c.isprintable() and not c.isspace())
            best: tuple[str, str] | None = None
            for path in self.candidates[bold]:
                missing = "".join(c for c in chars if not self.has(path, c))
                if best is None or len(missing) < len(best[1]):
                    best = (path, missing)
                if not missing:
                    break
            assert best is not None
            known = self._chosen[(text, bold)] = best
        return known

    def quick(self, text: str, bold: bool) -> bool:
        """Whether choose() finds `text`'s font without Pillow: chosen before (recalled),
        or DejaVu first among the candidates and sure to have every character."""
        if (text, bold) in self._chosen:
            return True
        first = self.candidates[bold][0]
        return first in self.dejavu and all(
            c in DEJAVU_SURE for c in text if c.isprintable() and not c.isspace()
        )

    def choices(self) -> Choices:
        """What choose() found so far (for another process's Fonts to `learn`)."""
        return dict(self._chosen)

    def learn(self, choices: Choices) -> None:
        """Choices another process's Fonts made (Published.beside): `record` writes them."""
        self._chosen.update(choices)

    def has(self, path: str, char: str) -> bool:
        """Whether the font draws `char` as its own glyph, not as the missing-glyph box
        (.notdef: what it draws for a character its map lacks, here U+10FFFF's)."""
        if path in self.dejavu and char in DEJAVU_SURE:
            return True
        known = self._has.setdefault(path, {})
        if char not in known:
            font = self.font(path, 24)
            notdef = self._notdef.get(path)
            if notdef is None:  # drawn once a font
                notdef = self._notdef[path] = _glyph(font, "\U0010ffff")
            known[char] = _glyph(font, char) != notdef
        return known[char]

    def font(self, path: str, size: int) -> FreeTypeFont:
        found = self._loaded.get((path, size))
        if found is None:
            pillow_tag_tables_lazily()
            from PIL import ImageFont

            made: ImageFont.FreeTypeFont | ImageFont.ImageFont | None = None
            # a font gone since the check (font_problems): Pillow's own instead
            with contextlib.suppress(OSError):
                made = ImageFont.truetype(path, size) if path else None
            made = made or ImageFont.load_default(size=size)
            assert isinstance(made, ImageFont.FreeTypeFont)
            found = self._loaded[(path, size)] = made
        return found


def _candidates(
    site_dir: Path | None, config: Config, system: list[tuple[str, str]]
) -> dict[bool, list[str]]:
    def own(name: str) -> list[str]:
        return [str(site_dir / name)] if name and site_dir else []

    found = [r for r, _ in system if os.path.isfile(r)]
    found_bold = [b for _, b in system if b and os.path.isfile(b)]
    regular = own(config.card_font)
    # a bold text falls back to a regular font that has its characters, not to boxes
    bold = [*own(config.card_bold_font), *regular, *found_bold, *found, ""]
    return {False: _unique([*regular, *found, ""]), True: _unique(bold)}


def _unique(paths: list[str]) -> list[str]:
    return list(dict.fromkeys(paths))


def _glyph(font: FreeTypeFont, char: str) -> tuple[object, bytes, float]:
    mask = font.getmask(char)
    return mask.getbbox(), bytes(mask), font.getlength(char)


def font_problems(config: Config, site_dir: Path) -> list[Diagnostic]:
    """site.yaml's card fonts that cannot be drawn with: missing, outside the site (a
    link), unreadable or not a font; each an error at its line."""
    out = []
    for key, rel in (("font", config.card_font), ("bold_font", config.card_bold_font)):
        problem = _font_problem(site_dir, rel) if rel else ""
        if problem:
            line, col = config.origin.at("cards", key)
            out.append(Diagnostic(config.origin.path, line, col, "error", "card-font", problem))
    return out


def _font_problem(site_dir: Path, rel: str) -> str:
    path = site_dir / rel
    real, inside = os.path.realpath(path), os.path.realpath(site_dir) + os.sep
    if not os.path.lexists(path) or not os.path.exists(real):
        return f"no font file {rel}; put the font (.ttf, .otf or .ttc) there, or correct the path"
    if not real.startswith(inside):
        return (
            f"{rel} leads outside the site folder (to {real}); sitegen reads nothing from "
            "outside the site: copy the font in instead of linking it"
        )
    if not os.path.isfile(real):  # (a FIFO would block the open until a writer came)
        return f"{rel} is not a file; give a TrueType or OpenType font (.ttf, .otf or .ttc)"
    try:
        with open(real, "rb") as file:
            head = file.read(4)
    except OSError as exc:
        return f"cannot read the font {rel}: {exc.strerror}; check its permissions"
    not_font = (
        f"{rel} is not a font sitegen can draw with; give a TrueType or OpenType font "
        "(.ttf, .otf or .ttc)"
    )
    if head not in FONT_MAGIC:
        return not_font
    pillow_tag_tables_lazily()
    from PIL import ImageFont

    try:
        ImageFont.truetype(real, 24)
    except (OSError, ValueError):
        return not_font
    return ""


def _units(text: str) -> list[tuple[str, str]]:
    """`text` cut where a line may break, each piece with what joins it to the one before
    on a line: words at spaces (' '), and Chinese and Japanese between characters ('')
    except before closing punctuation and after opening punctuation."""
    out: list[tuple[str, str]] = []
    for word in text.split():
        glue, piece = " ", ""
        for char in word:
            if piece and _breaks_between(piece[-1], char):
                out.append((glue, piece))
                glue, piece = "", ""
            piece += char
        out.append((glue, piece))
    if out:
        out[0] = ("", out[0][1])
    return out


def _breaks_between(before: str, after: str) -> bool:
    if after in CLOSING or before in OPENING:
        return False
    return _wide(before) or _wide(after)


def _wide(char: str) -> bool:
    """A character of a script written without spaces between words (CJK ideographs,
    kana, their punctuation and full-width forms): a line may break on either side."""
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF  # radicals, CJK punctuation, kana, ideographs
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xFF00 <= code <= 0xFF60  # full-width forms
        or 0x20000 <= code <= 0x3FFFF  # ideographs beyond the BMP
    )


def _sea(char: str) -> bool:
    """A character of Thai, Lao, Khmer or Myanmar (SEA_BLOCKS)."""
    code = ord(char)
    return any(low <= code <= high for low, high in SEA_BLOCKS)


def _tight(char: str) -> bool:
    """A character of a script written without spaces: a line cut after it ends in '…'."""
    return _wide(char) or _sea(char)


def _clusters(text: str) -> list[str]:
    """`text` in the pieces a line may not break inside: each character with the marks
    that follow it (combining accents, vowel signs, tone marks), the vowels written after
    it (JOINS_BEFORE) and the consonant a coeng or virama stacks under it (JOINS_AFTER).
    Close to Unicode's grapheme clusters (UAX #29), which Python does not give, but
    stricter: Thai า (sara aa) is a cluster of its own there, yet no line begins with it."""
    out: list[str] = []
    for char in text:
        if out and (
            unicodedata.category(char)[0] == "M"
            or char in JOINS_BEFORE
            or out[-1][-1] in JOINS_AFTER
            or _completes_vowel(out[-1], char)
        ):
            out[-1] += char
            if char == ASAT and len(out) > 1 and _sea(out[-2][-1]):
                out[-2:] = [out[-2] + out[-1]]  # a syllable's final consonant
        else:
            out.append(char)
    return out


def _completes_vowel(cluster: str, char: str) -> bool:
    """Whether `char` completes the vowel of a cluster begun by a leading vowel."""
    return cluster[0] in LEADING_VOWELS and any(
        VOWEL_ENDS.get(sign) == char for sign in cluster[1:]
    )


def _sea_pieces(word: str) -> list[str]:
    """A word with Thai, Lao, Khmer or Myanmar in it, in the pieces a line may break
    between: clusters, where one side or the other is of those scripts."""
    out: list[str] = []
    for cluster in _clusters(word):
        if out and (_sea(out[-1][-1]) or _sea(cluster[0])):
            out.append(cluster)
        elif out:
            out[-1] += cluster
        else:
            out.append(cluster)
    return out


def _joined(units: list[tuple[str, str]]) -> str:
    return "".join(glue + piece for glue, piece in units)


def _wrap(text: str, font: FreeTypeFont, width: int, lines: int) -> list[str]:
    """Words in at most `lines` lines of `width` px; the last ends in … when cut."""
    return _layout(text, font, width, lines)[0]


def _layout(text: str, font: FreeTypeFont, width: int, lines: int) -> tuple[list[str], bool]:
    """_wrap's lines, and whether the text was cut to fit them."""
    # each text measured once (a line's last measure is its length, which _fitted asks
    # again), a word's own length only for Thai and its kin, and no line measured past
    # the first that does not fit: the lines kept no longer change (_fill moves words
    # only from the last line to a new one)
    length: Measure = functools.lru_cache(maxsize=None)(font.getlength)
    out: list[list[tuple[str, str]]] = []
    for glue, piece in _units(text):
        if len(out) > lines:
            break
        if out and length(_joined([*out[-1], (glue, piece)])) <= width:
            out[-1].append((glue, piece))
        elif any(_sea(c) for c in piece) and length(piece) > width:
            _fill(out, glue, piece, length, width)
        else:
            out.append([("", piece)])
    cut = len(out) > lines
    if cut:
        out, units = out[:lines], out[lines - 1]
        while len(units) > 1 and length(_cut(units)) > width:
            units.pop()  # whole words, not a word cut in two
        out[-1] = [("", _cut(units))]
    texts = [_fitted(_joined(line), length, width) for line in out]
    return texts, cut


def _fitted(line: str, length: Measure, width: int) -> str:
    """A line of a single word wider than the card cut to fit, at whole clusters (no
    accent left without its letter), with …: the most clusters that fit, found by halving
    (cluster by cluster, a word of 16,000 letters took 20 s to measure)."""
    if length(line) <= width:
        return line
    clusters = _clusters(line)
    lo, hi = 0, len(clusters) - 2  # clusters[:k] + … for the largest k that fits
    while lo < hi:
        k = (lo + hi + 1) // 2
        if length("".join(clusters[:k]) + "…") <= width:
            lo = k
        else:
            hi = k - 1
    return "".join(clusters[:lo]) + "…" if len(clusters) > 1 else line


def _fill(
    out: list[list[tuple[str, str]]], glue: str, run: str, length: Measure, width: int
) -> None:
    """A run of Thai (Lao, Khmer, Myanmar) longer than a line, into `out`'s lines: it
    fills the last line and goes on, each line broken before a leading vowel (a
    syllable's start) when one leaves the line two thirds full, else between clusters."""
    parts = _sea_pieces(run)
    first = len(out[-1]) if out else 0  # where the run starts on the line it begins
    for part_glue, part in [(glue, parts[0]), *(("", part) for part in parts[1:])]:
        if out and length(_joined([*out[-1], (part_glue, part)])) <= width:
            out[-1].append((part_glue, part))
            continue
        moved: list[tuple[str, str]] = []
        if out:
            line = out[-1]
            for at in range(len(line) - 1, max(first, 1) - 1, -1):
                if line[at][1][0] in LEADING_VOWELS:
                    if length(_joined(line[:at])) >= width * 2 / 3:
                        moved, line[at:] = [("", line[at][1]), *line[at + 1 :]], []
                    break
        out.append([*moved, ("", part)])
        first = 0


def _cut(units: list[tuple[str, str]]) -> str:
    """A last line cut short: ' …' after a word, '…' after a character of CJK, Thai, …"""
    text = _joined(units)
    return text + ("…" if _tight(text[-1]) else " …")


def _palette() -> bytes:
    """Ink levels 0-254 from the paper to the ink, and 255 the accent (see draw)."""
    out: list[int] = []
    for level in range(255):
        out += [round(p + (i - p) * level / 254) for p, i in zip(PAPER, INK, strict=True)]
    return bytes(out + list(ACCENT))


def _level(colour: tuple[int, int, int]) -> int:
    """The ink level that draws a grey of the theme (MUTED, LINE) on the paper."""
    return round(254 * (PAPER[0] - colour[0]) / (PAPER[0] - INK[0]))


class Canvas:
    """What the cards of one build have in common, made once for all of them: the
    palette, each card's top (the accent rule and the kicker, which is the site's name on
    every timeline's card: 20 timelines drew and measured it 20 times) and the runs of
    blank rows their PNGs hold (cardpng)."""

    def __init__(self) -> None:
        self._palette: bytes | None = None
        self._tops: dict[tuple[str, str], PILImage] = {}
        self.zeros: dict[int, bytes] = {}
        """The runs of blank rows written so far, by their length (cardpng.png)."""

    def palette(self) -> bytes:
        if self._palette is None:
            self._palette = _palette()
        return self._palette

    def top(self, kicker: str, fonts: Fonts) -> PILImage:
        """A fresh card with its top drawn: the paper, the accent rule and `kicker`."""
        path = fonts.choose(kicker, False)[0] if kicker else ""
        made = self._tops.get((kicker, path))
        if made is None:
            pillow_tag_tables_lazily()
            from PIL import Image, ImageDraw

            made = self._tops[(kicker, path)] = Image.new("L", (WIDTH, HEIGHT), 0)
            pen = ImageDraw.Draw(made)
            pen.rectangle((0, 0, WIDTH, 14), fill=255)
            if kicker:
                small = fonts.font(path, 34)
                line = _wrap(kicker, small, WIDTH - 160, 1)[0]
                pen.text((80, 80), line, font=small, fill=_level(MUTED))
        return made.copy()


def draw(card: Card, fonts: Fonts, canvas: Canvas | None = None) -> bytes:
    """The card as PNG: the theme's paper, an accent rule, the title large.

    Drawn in one channel of ink levels and written with a palette (cardpng): a third of
    the bytes to compress of an RGB drawing, so 5 ms a card instead of 14, and half the
    file, with the same antialiased text (every colour but the accent rule lies between
    paper and ink). `canvas`: what the build's other cards share with this one (drawn in
    the same order, the same pixels and bytes as drawn alone)."""
    pillow_tag_tables_lazily()  # (a card reads no EXIF)
    from PIL import ImageDraw

    canvas = canvas or Canvas()
    picture = canvas.top(card.kicker, fonts)
    pen = ImageDraw.Draw(picture)
    margin, width, muted = 80, WIDTH - 160, _level(MUTED)
    bold = fonts.choose(card.title, True)[0]
    for size in (72, 60, 50):  # the largest that fits in three lines
        font = fonts.font(bold, size)
        lines, cut = _layout(card.title, font, width, 3)
        lines = lines or [""]
        if not _shortened(lines[-1], cut) or size == 50:
            break
    y = 150
    for text in lines:
        pen.text((margin, y), text, font=font, fill=254)
        y += round(size * 1.25)
    pen.line((margin, HEIGHT - 130, WIDTH - margin, HEIGHT - 130), fill=_level(LINE), width=2)
    if card.line:
        small = fonts.font(fonts.choose(card.line, False)[0], 34)
        pen.text((margin, HEIGHT - 105), card.line, font=small, fill=muted)
    return cardpng.png(picture, canvas.palette(), canvas.zeros)


def _shortened(last: str, cut: bool) -> bool:
    """Whether a title's last line was cut, so a smaller size is tried: it ends in ' …'
    (as cards were always judged), or in '…' after a character of CJK, Thai, …"""
    return " …" in last or (cut and len(last) > 1 and last[-1] == "…" and _tight(last[-2]))


@made_seldom
@dataclass(eq=False, repr=False)
class Published:
    """The cards a build publishes, each with its name in the image cache."""

    cards: list[Card]
    names: list[str]
    """Each card's cache name; empty until `name` for cards published unnamed."""
    fonts: Fonts
    canvas: Canvas = field(default_factory=Canvas)
    named: bool = True

    def name(self, choices: Choices | None = None) -> None:
        """The cards' cache names, once: each names the font of each of its texts, which
        choosing may import Pillow and draw glyphs (`choices`: those another process
        made, learnt first)."""
        if choices:
            self.fonts.learn(choices)
        if not self.named:
            self.names = [card.cache_name(self.fonts) for card in self.cards]
            self.named = True

    def beside(self, cache: ImageCache) -> tuple[Choices, dict[str, bytes]]:
        """What a process beside the build does (build.Builder._cards_beside): the
        cards named (the fonts chosen), and those the cache lacks drawn; the choices
        come back with them, for this Published to be named without drawing a glyph."""
        self.name()
        return self.fonts.choices(), self.missing(cache).drawn()

    def missing(self, cache: ImageCache) -> Published:
        """Those the cache does not hold (what `made` would draw)."""
        self.name()
        todo = [i for i, name in enumerate(self.names) if cache.get(name) is None]
        cards, names = [self.cards[i] for i in todo], [self.names[i] for i in todo]
        return Published(cards, names, self.fonts, self.canvas)

    def drawn(self) -> dict[str, bytes]:
        """Each card's PNG by its cache name (Pillow's import and the drawing: what a
        process beside the render does, see build.Builder._cards_beside)."""
        fonts, canvas = self.fonts, self.canvas
        return {
            name: draw(c, fonts, canvas) for c, name in zip(self.cards, self.names, strict=True)
        }

    def made(
        self, cache: ImageCache, drawn: Mapping[str, bytes] | None = None
    ) -> tuple[list[tuple[str, bytes]], list[Diagnostic]]:
        """Every card's (path, PNG), drawn only when neither the cache nor `drawn`
        (cards drawn beforehand, by cache name) holds it; and a warning when a card has
        characters none of the fonts has (once, naming the first)."""
        self.name()
        out, lacking, fonts = [], [], self.fonts
        for card, name in zip(self.cards, self.names, strict=True):
            data = cache.get(name)
            if data is None:
                data = drawn.get(name) if drawn else None
                if data is None:
                    data = draw(card, fonts, self.canvas)
                cache.put(name, data)
            out.append((card.path, data))
            missing = "".join(fonts.choose(text, bold)[1] for text, bold in card.texts())
            if missing:
                lacking.append((card, "".join(dict.fromkeys(missing))))
        return out, _missing_glyphs(lacking)


def published(
    site: Site,
    events: list[Event],
    drafts: bool,
    site_dir: Path | None,
    recorded: Path | None = None,
    name: bool = True,
) -> Published:
    """The cards of `site` (`events`: its published events), named for the cache (the
    fonts' choices `recorded` by the last build recalled: Fonts.recall). `name` False:
    left unnamed where naming needs Pillow (a text's font not known without drawing
    its characters), for a process beside the build to name (Published.beside)."""
    fonts = Fonts(site_dir, site.config)
    fonts.recall(recorded)
    chosen = cards(site, events, drafts)
    published = Published(chosen, [], fonts, named=False)
    if name or all(fonts.quick(text, bold) for card in chosen for text, bold in card.texts()):
        published.name()
    return published


def _missing_glyphs(lacking: list[tuple[Card, str]]) -> list[Diagnostic]:
    if not lacking:
        return []
    card, chars = lacking[0]
    shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in chars[:8]) + (
        ", …" if len(chars) > 8 else ""
    )
    more = len(lacking) - 1
    others = f" (and {more} other card{'s' if more > 1 else ''})" if more else ""
    line, col = card.origin.at("title")
    return [
        Diagnostic(
            card.origin.path, line, col, "warning", "card-font-missing-glyphs",
            f"the share card {card.path}{others} has characters no font sitegen found can "
            f"draw, shown as empty boxes: {shown}; name a font that has them in site.yaml "
            "(cards: {font: fonts/NotoSansJP-Regular.otf}, a file in the site folder)",
        )
    ]  # fmt: skip
