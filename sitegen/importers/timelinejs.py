"""`sitegen import timelinejs`: a TimelineJS3 timeline (JSON, or the CSV of its Google
Sheets template) as one draft event file per slide.

Three stages, like the build: read SOURCE into `Slide`s (every problem a diagnostic that
names the CSV row and column or the JSON path, with its line), plan one file per slide
(dates, slug, tags, image, Markdown body), then write what was planned, never over an
existing file unless asked to. A slide that cannot be planned (no headline, a date
sitegen cannot hold yet) is reported and left out; the others are written.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from .. import dates
from ..dates import EDate
from ..diagnostics import Diagnostic, Severity, UsageError
from ..load import SLUG_RE, parse_markdown_file
from . import html_markdown

CSV_COLUMNS = {
    "year": "year", "month": "month", "day": "day", "time": "time",
    "end year": "end_year", "end month": "end_month", "end day": "end_day",
    "end time": "end_time", "display date": "display_date", "headline": "headline",
    "text": "text", "media": "media", "media credit": "credit", "media caption": "caption",
    "media thumbnail": "thumbnail", "type": "type", "group": "group",
    "background": "background",
}  # fmt: skip
"""The Google Sheets template's columns (any case), to the fields of a Slide."""
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg")
SCAFFOLD_TITLES = {"My timeline", "Untitled timeline", ""}
SCAFFOLD_DESCRIPTIONS = {"A sourced, linked timeline.", ""}
"""What `sitegen init` writes into site.yaml: an import may replace these without --force."""
_DATE_PARTS = ("year", "month", "day")


@dataclass(frozen=True)
class Where:
    """A place in SOURCE: for diagnostics, and for people reading them."""

    line: int
    """1-based line in the file."""
    column: int
    """1-based column: the character in a JSON file, the cell's column in a CSV row."""
    label: str
    """`events[3].start_date.year`, or `row 4, column A (Year)`."""


@dataclass
class Slide:
    """One slide of a TimelineJS timeline, its values as text, each with its place."""

    where: Where
    """Where the slide starts (`events[3]`, `row 4`)."""
    values: dict[str, tuple[str, Where]] = field(default_factory=dict)
    """Field name (see CSV_COLUMNS, plus alt, unique_id) to (text, where it is)."""
    extras: set[str] = field(default_factory=set)
    """What the slide has that sitegen does not import: 'location', 'background'."""

    def get(self, name: str) -> str:
        return self.values.get(name, ("", self.where))[0].strip()

    def at(self, name: str) -> Where:
        return self.values.get(name, ("", self.where))[1]

    @property
    def kind(self) -> str:
        return self.get("type").lower()

    @property
    def headline(self) -> str:
        return html_markdown.plain(self.get("headline"))


@dataclass
class Timeline:
    """What SOURCE holds."""

    title: Slide | None = None
    slides: list[Slide] = field(default_factory=list)
    eras: list[Where] = field(default_factory=list)


@dataclass
class Planned:
    """An event file to write."""

    slug: str
    path: Path
    """Where to write it (an existing file's place, when --force replaces it)."""
    text: str
    replaces: bool = False


@dataclass
class Result:
    """What an import did."""

    written: list[Path] = field(default_factory=list)
    """Event files written, and site.yaml if it changed."""
    skipped: int = 0
    """Slides not written (problems, or files that exist)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)


class _Report:
    """Collects diagnostics about SOURCE."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.diagnostics: list[Diagnostic] = []

    def __call__(self, where: Where, severity: Severity, code: str, message: str) -> None:
        self.diagnostics.append(
            Diagnostic(
                self.shown, where.line, where.column, severity, code, f"{where.label}: {message}"
            )
        )

    def whole(
        self, severity: Severity, code: str, message: str, line: int = 1, col: int = 1
    ) -> None:
        self.diagnostics.append(Diagnostic(self.shown, line, col, severity, code, message))


# -- reading SOURCE ------------------------------------------------------------------------


def _decode(raw: bytes, report: _Report) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        report.whole(
            "error",
            "import-source",
            f"byte 0x{raw[exc.start]:02x} is not UTF-8; export the timeline again as UTF-8 "
            "(Google Sheets: File > Download > Comma-separated values)",
            line,
            col,
        )
        return None
    if "\x00" in text:
        at = text.index("\x00")
        line = text[:at].count("\n") + 1
        report.whole("error", "import-source", "the file holds a NUL byte: it is not text", line)
        return None
    return text


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


def _json_offsets(text: str) -> dict[tuple[str | int, ...], int]:
    """Where each value of a JSON text starts, by its key path (the text is valid JSON)."""
    offsets: dict[tuple[str | int, ...], int] = {}

    def value(i: int, path: tuple[str | int, ...]) -> int:
        i = _WS.match(text, i).end()  # type: ignore[union-attr]
        offsets[path] = i
        if text[i] == "{":
            i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
            while text[i] != "}":
                key, i = json.decoder.scanstring(text, i + 1)  # type: ignore[attr-defined]
                i = _WS.match(text, i).end() + 1  # type: ignore[union-attr]  # the colon
                i = _WS.match(text, value(i, (*path, key))).end()  # type: ignore[union-attr]
                if text[i] == ",":
                    i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
            return i + 1
        if text[i] == "[":
            i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
            n = 0
            while text[i] != "]":
                i = _WS.match(text, value(i, (*path, n))).end()  # type: ignore[union-attr]
                n += 1
                if text[i] == ",":
                    i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
            return i + 1
        return int(_DECODER.raw_decode(text, i)[1])

    value(0, ())
    return offsets


class _JSONReader:
    """Reads the TimelineJS3 JSON format into Slides."""

    SLIDE_TEXT: ClassVar[dict[str, tuple[str, ...]]] = {
        "headline": ("text", "headline"),
        "text": ("text", "text"),
        "display_date": ("display_date",),
        "group": ("group",),
        "unique_id": ("unique_id",),
        "type": ("type",),
        "media": ("media", "url"),
        "credit": ("media", "credit"),
        "caption": ("media", "caption"),
        "alt": ("media", "alt"),
        "thumbnail": ("media", "thumbnail"),
    }

    def __init__(self, text: str, report: _Report) -> None:
        self.text = text
        self.report = report
        self.offsets = _json_offsets(text)

    def where(self, path: tuple[str | int, ...]) -> Where:
        known = path
        while known not in self.offsets and known:
            known = known[:-1]
        line, col = _line_col(self.text, self.offsets.get(known, 0))
        label = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
        return Where(line, col, label or "the file")

    def read(self, data: Any) -> Timeline | None:
        if not isinstance(data, dict):
            self.report(
                self.where(()),
                "error",
                "import-source",
                "a TimelineJS file is an object with an 'events' list",
            )
            return None
        timeline = Timeline()
        events = data.get("events")
        if not isinstance(events, list):
            self.report(
                self.where(("events",)),
                "error",
                "import-source",
                "'events' should be a list of slides",
            )
            return None
        for i, item in enumerate(events):
            slide = self.slide(item, ("events", i))
            if slide is not None:
                timeline.slides.append(slide)
        if "title" in data:
            timeline.title = self.slide(data["title"], ("title",), dated=False)
        eras = data.get("eras")
        if isinstance(eras, list):
            timeline.eras = [self.where(("eras", i)) for i in range(len(eras))]
        return timeline

    def slide(self, item: Any, path: tuple[str | int, ...], dated: bool = True) -> Slide | None:
        if not isinstance(item, dict):
            self.report(
                self.where(path),
                "error",
                "import-source",
                f"a slide should be an object, not {_json_kind(item)}",
            )
            return None
        slide = Slide(self.where(path))
        for name, keys in self.SLIDE_TEXT.items():
            self.take(slide, item, path, name, keys)
        for which, prefix in (("start_date", ""), ("end_date", "end_")):
            self.date(slide, item, path, which, prefix)
        for extra in ("location", "background"):
            if item.get(extra):
                slide.extras.add(extra)
        if dated and "start_date" not in item:
            self.report(
                slide.where,
                "error",
                "import-date",
                f"the slide '{slide.headline}' has no start_date; it is not imported",
            )
            return None
        return slide

    def take(
        self,
        slide: Slide,
        item: dict[str, Any],
        path: tuple[str | int, ...],
        name: str,
        keys: tuple[str, ...],
    ) -> None:
        value: Any = item
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                return
            value = value[key]
        if value is None:
            return
        where = self.where((*path, *keys))
        if isinstance(value, dict | list):
            self.report(
                where,
                "error",
                "import-field",
                f"should be text, not {_json_kind(value)}; it is left out",
            )
            return
        slide.values[name] = (_scalar_text(value), where)

    def date(
        self,
        slide: Slide,
        item: dict[str, Any],
        path: tuple[str | int, ...],
        which: str,
        prefix: str,
    ) -> None:
        data = item.get(which)
        if data is None:
            return
        where = self.where((*path, which))
        if not isinstance(data, dict):
            self.report(
                where,
                "error",
                "import-date",
                f'should be an object like {{"year": 1969}}, not {_json_kind(data)}',
            )
            slide.values[prefix + "year"] = ("?", where)
            return
        for part in _DATE_PARTS:
            if data.get(part) not in (None, ""):
                slide.values[prefix + part] = (
                    _scalar_text(data[part]),
                    self.where((*path, which, part)),
                )
        clock = [data.get(p) for p in ("hour", "minute", "second")]
        if any(v not in (None, "") for v in clock):
            text = ":".join(f"{int(str(v)):02d}" if str(v).isdigit() else "00" for v in clock)
            slide.values[prefix + "time"] = (text, self.where((*path, which, "hour")))
        if data.get("display_date"):
            slide.values.setdefault(
                "display_date",
                (_scalar_text(data["display_date"]), self.where((*path, which, "display_date"))),
            )


def _scalar_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _json_kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), "a number" if isinstance(value, int | float) else "null"
    )


def read_json(text: str, report: _Report) -> Timeline | None:
    try:
        data = json.loads(text)
        reader = _JSONReader(text, report)
    except json.JSONDecodeError as exc:
        report.whole("error", "import-source", f"not valid JSON: {exc.msg}", exc.lineno, exc.colno)
        return None
    except RecursionError:  # no TimelineJS file nests deeper than a few levels
        report.whole("error", "import-source", "the JSON is nested too deeply to be a timeline")
        return None
    return reader.read(data)


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _csv_records(text: str, report: _Report) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each record; a broken record is reported and ends the file."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            report.whole(
                "error",
                "import-source",
                f"the CSV cannot be read from here on: {exc} (a quote opened and never closed?)",
                line,
            )
            return
        yield line, row
        line = reader.line_num + 1


def read_csv(text: str, report: _Report) -> Timeline | None:
    records = _csv_records(text, report)
    header: list[str] = []
    for _, row in records:
        if any(cell.strip() for cell in row):
            header = row
            break
    columns = [CSV_COLUMNS.get(" ".join(c.split()).lower(), "") for c in header]
    for i, (name, cell) in enumerate(zip(columns, header, strict=True)):
        if not name and cell.strip():
            report(
                Where(1, i + 1, f"column {_column_letter(i + 1)}"),
                "warning",
                "import-field",
                f"'{cell}' is not a column of the TimelineJS template; it is not imported",
            )
    if "year" not in columns or "headline" not in columns:
        report.whole(
            "error",
            "import-source",
            "the first row should be the TimelineJS template's header (Year, Month, "
            "Day, …, Headline, Text, Media, …); this file has no Year or Headline column",
        )
        return None
    timeline = Timeline()
    for number, (line, row) in enumerate(records, start=2):
        if not any(cell.strip() for cell in row):
            continue
        slide = _csv_slide(number, line, row, header, columns, report)
        if slide is None:
            continue
        if slide.kind == "title" and timeline.title is None:
            timeline.title = slide
        elif slide.kind == "title":
            report(slide.where, "warning", "import-field",
                   "a second title slide; only the first one is imported")  # fmt: skip
        elif slide.kind == "era":
            timeline.eras.append(slide.where)
        else:
            timeline.slides.append(slide)
    return timeline


def _csv_slide(
    number: int,
    line: int,
    row: list[str],
    header: list[str],
    columns: list[str],
    report: _Report,
) -> Slide | None:
    where = Where(line, 1, f"row {number}")
    if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
        col = len(header) + 1
        report(
            Where(line, col, f"row {number}, column {_column_letter(col)}"),
            "error",
            "import-source",
            f"the row has {len(row)} cells but the header only {len(header)} columns "
            "(a comma outside quotes?); the row is not imported",
        )
        return None
    slide = Slide(where)
    for i, (name, cell) in enumerate(zip(columns, row, strict=False)):
        if name and cell.strip():
            label = f"row {number}, column {_column_letter(i + 1)} ({header[i].strip()})"
            slide.values[name] = (cell, Where(line, i + 1, label))
    if slide.get("background"):
        slide.extras.add("background")
    return slide


# -- planning event files --------------------------------------------------------------------


_TRANSLIT = str.maketrans({
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
    "ı": "i", "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e",
    "є": "ye", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
    "ь": "", "э": "e", "ю": "yu", "я": "ya",
})  # fmt: skip


def slugify(text: str, limit: int = 60) -> str:
    """A slug from any text: accents and Cyrillic spelled in Latin letters, at most `limit`
    characters, cut at a word."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_TRANSLIT))
    ascii_text = "".join(ch for ch in folded if not unicodedata.combining(ch))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.replace("'", "").replace("’", "")).strip("-")
    if len(slug) > limit:
        slug = slug[: limit + 1].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    return slug.strip("-")


@dataclass
class _Site:
    """What the importer needs to know of the site it writes into."""

    root: Path
    events: dict[str, Path]
    """Existing event slugs and their files."""
    countries: dict[str, str]
    """Lower-cased slug, name and ISO code of each country, to its slug."""


def _read_site(root: Path) -> _Site:
    content = root / "content"
    events: dict[str, Path] = {}
    if (content / "events").is_dir():
        for path in sorted((content / "events").rglob("*.md")):
            events.setdefault(path.stem, path)
    countries: dict[str, str] = {}
    if (content / "countries").is_dir():
        for path in sorted((content / "countries").glob("*.md")):
            countries[path.stem] = path.stem
            try:
                doc, _ = parse_markdown_file(str(path), path.read_bytes())
            except OSError:
                continue
            if doc is not None:
                for key in ("name", "iso"):
                    if isinstance(doc.data.get(key), str) and doc.data[key].strip():
                        countries.setdefault(_fold(doc.data[key]), path.stem)
    return _Site(root, events, countries)


def _fold(text: str) -> str:
    from ..iso3166 import _normalize

    return _normalize(text)


def _country(group: str, site: _Site) -> str:
    """The slug of the site's country a TimelineJS group names, or ''."""
    from ..iso3166 import suggest

    for key in (group.strip().lower(), _fold(group)):
        if key in site.countries:
            return site.countries[key]
    code = group.strip().upper() if len(group.strip()) == 2 else suggest(group)
    return site.countries.get(_fold(code), "") if code else ""


def _date(slide: Slide, prefix: str, report: _Report) -> EDate | None:
    """The start (prefix '') or end ('end_') date of a slide, or None (reported)."""
    parts = {p: slide.get(prefix + p) for p in _DATE_PARTS}
    if not any(parts.values()):
        return None
    name = f"'{slide.headline}'" if slide.headline else "the slide"
    if not parts["year"]:
        report(slide.where, "error", "import-date", f"{name} has no Year; it is not imported")
        raise _Skip
    year_text = parts["year"].replace(",", "")
    if not re.fullmatch(r"[+-]?\d+", year_text):
        report(
            slide.at(prefix + "year"),
            "error",
            "import-date",
            f"year '{parts['year']}' is not a number; {name} is not imported",
        )
        raise _Skip
    year = int(year_text)
    if not 1 <= year <= 9999:
        report(slide.at(prefix + "year"), "error", "import-date", _deep_time(year, name))
        raise _Skip
    month = _month_number(parts["month"])
    if parts["month"] and month is None:
        report(
            slide.at(prefix + "month"),
            "error",
            "import-date",
            f"month '{parts['month']}' is not 1 to 12; {name} is not imported",
        )
        raise _Skip
    day = parts["day"]
    if day and (month is None or not day.isdigit()):
        why = "a day needs a month" if month is None else f"day '{day}' is not a number"
        report(slide.at(prefix + "day"), "error", "import-date", f"{why}; {name} is not imported")
        raise _Skip
    iso = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{int(day):02d}" if day else "")
    try:
        return dates.parse(iso)
    except dates.DateError as exc:
        report(
            slide.at(prefix + "day"),
            "error",
            "import-date",
            f"{exc.message}; {name} is not imported",
        )
        raise _Skip from None


def _deep_time(year: int, name: str) -> str:
    if year <= 0:
        # TimelineJS counts -3500 as 3500 BCE, and 0 as a year of its own
        when = f"{-year:,} BCE" if year > -10000 else f"{-year:,} years ago"
    else:
        when = f"the year {year:,}"
    return (
        f"{when} (year {year}) cannot be written as a sitegen date yet: dates run from year "
        f"1 to 9999; {name} is not imported"
    )


def _month_number(text: str) -> int | None:
    if not text:
        return None
    if text.isdigit():
        n = int(text)
        return n if 1 <= n <= 12 else None
    return dates._month(text)


class _Skip(Exception):
    """A slide that cannot be imported (already reported)."""


@dataclass
class _Dates:
    start: EDate
    end: EDate | None = None
    ongoing: bool = False
    display: str = ""
    """TimelineJS's display_date when it says more than sitegen would write."""


def _dates(slide: Slide, report: _Report) -> _Dates:
    start = _date(slide, "", report)
    if start is None:
        report(
            slide.where,
            "error",
            "import-date",
            f"'{slide.headline or 'the slide'}' has no Year; it is not imported",
        )
        raise _Skip
    end = _date(slide, "end_", report)
    if end is not None and end.last_day() < start.first_day():
        report(
            slide.at("end_year"),
            "error",
            "import-date",
            f"the end ({end.human()}) is before the start ({start.human()}); "
            f"'{slide.headline}' is not imported",
        )
        raise _Skip
    if end == start:
        end = None
    return _with_display(_Dates(start, end), html_markdown.plain(slide.get("display_date")))


def _with_display(found: _Dates, display: str) -> _Dates:
    """Keep display_date unless it is what sitegen writes anyway, reading back the
    qualifiers (`c.`, `?`) and `ongoing` that sitegen's own timeline.json writes there."""
    if not display:
        return found
    for q1 in ("", "~", "?", "%"):
        start = EDate(found.start.year, found.start.month, found.start.day, q1)
        if found.end is None and display == dates.format_range(start, None, ongoing=True):
            return _Dates(start, None, True)
        for q2 in ("", "~", "?", "%") if found.end else ("",):
            end = EDate(found.end.year, found.end.month, found.end.day, q2) if found.end else None
            if display == dates.format_range(start, end):
                return _Dates(start, end)
    found.display = display
    return found


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return re.sub("[\u0085\u2028\u2029\ufeff]", lambda m: f"\\u{ord(m[0]):04x}", quoted)


@dataclass
class _Body:
    markdown: list[str] = field(default_factory=list)
    front: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _media(slide: Slide, body: _Body, report: _Report) -> None:
    url = slide.get("media")
    if not url:
        return
    where = slide.at("media")
    caption = html_markdown.plain(slide.get("caption"))
    credit = html_markdown.plain(slide.get("credit"))
    if url.startswith("<"):  # a quotation or an embed written as HTML
        converted = html_markdown.convert(url)
        _html_problems(converted.problems, where, report)
        body.markdown.append(converted.markdown)
        if caption or credit:
            body.markdown.append(_escape(" — ".join(p for p in (caption, credit) if p)))
        return
    if url.startswith("//"):  # protocol-relative: TimelineJS loads it over https
        url = "https:" + url
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    if re.match(r"https?://", url, re.IGNORECASE) and path.endswith(IMAGE_EXTENSIONS):
        alt = html_markdown.plain(slide.get("alt"))
        lines = [
            "image:",
            f"  src: {_yaml(url)}",
            f"  alt: {_yaml(alt or caption or slide.headline)}",
        ]
        if not alt:
            lines[2] += (
                "  # from the "
                + ("caption" if caption else "headline")
                + ": say what the picture shows"
            )
        lines += [f"  credit: {_yaml(credit)}"] if credit else []
        lines += [f"  caption: {_yaml(caption)}"] if caption else []
        body.front += lines
        return
    if re.match(r"(https?|mailto):", url, re.IGNORECASE):
        words = caption or "Media"
        body.markdown.append(
            f"[{_escape(words)}]({_link_target(url)})" + (f" ({_escape(credit)})" if credit else "")
        )
        report(
            where,
            "warning",
            "import-media",
            f"{url[:80]} is not a picture sitegen can show (a video, post, map or page); "
            "it is kept as a link at the end of the text",
        )
        return
    body.notes.append(f"TimelineJS media: {url}")
    report(
        where,
        "warning",
        "import-media",
        f"'{url[:80]}' is not an http(s) address; copy the file into static/ and add it "
        "as image: (it is kept as a comment in the front matter)",
    )


def _link_target(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _escape(text: str) -> str:
    return html_markdown.convert(text).markdown if text else ""


def _html_problems(problems: list[str], where: Where, report: _Report) -> None:
    for problem in problems:
        report(where, "warning", "import-html", f"{problem}")


def _time_note(slide: Slide, body: _Body, report: _Report) -> None:
    for prefix, what in (("", "start"), ("end_", "end")):
        time = slide.get(prefix + "time")
        if time:
            body.notes.append(f"TimelineJS {what} time: {time} (sitegen dates stop at the day)")
            report(
                slide.at(prefix + "time"),
                "warning",
                "import-time",
                f"the time {time} is not imported: sitegen dates stop at the day "
                "(it is kept as a comment in the front matter)",
            )


def _event_text(slide: Slide, found: _Dates, site: _Site, report: _Report) -> str:
    body = _Body()
    converted = html_markdown.convert(slide.get("text"))
    _html_problems(converted.problems, slide.at("text"), report)
    if converted.markdown:
        body.markdown.append(converted.markdown)
    _media(slide, body, report)
    _time_note(slide, body, report)
    front = [f"title: {_yaml(slide.headline)}", f"date: {_yaml(found.start.edtf())}"]
    if found.ongoing:
        front.append("end: ongoing")
    elif found.end is not None:
        front.append(f"end: {_yaml(found.end.edtf())}")
    if found.display:
        front.append(f"display_date: {_yaml(found.display)}")
    group = html_markdown.plain(slide.get("group"))
    country = _country(group, site) if group else ""
    if country:
        front.append(f"countries: [{country}]")
    elif group and slugify(group):
        front.append(f"tags: [{slugify(group)}]")
    front += body.front
    front.append("draft: true")
    front.append(
        "# TimelineJS has no sources: list them here (ids from sources.yaml) before publishing"
    )
    front.append("sources: []")
    front += [f"# {note}" for note in body.notes]
    text = "\n\n".join(body.markdown)
    return "---\n" + "\n".join(front) + "\n---\n" + (text + "\n" if text else "")


def _slug(slide: Slide, taken: set[str]) -> str:
    uid = slide.get("unique_id")
    base = uid if SLUG_RE.match(uid) else slugify(slide.headline) or "event"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _title_from_text(slide: Slide, report: _Report) -> bool:
    """A slide without a headline takes its title from its text's first sentence."""
    text = html_markdown.plain(slide.get("text"))
    if not text:
        report(
            slide.at("headline"),
            "error",
            "import-field",
            "the slide has neither headline nor text, and a sitegen event needs a title; "
            "it is not imported",
        )
        return False
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    title = sentence if len(sentence) <= 90 else sentence[:90].rsplit(" ", 1)[0] + "…"
    slide.values["headline"] = (title, slide.at("text"))
    report(
        slide.at("text"),
        "warning",
        "import-field",
        f"the slide has no headline; its title is taken from its text ('{title}'): check it",
    )
    return True


def plan(
    timeline: Timeline, site: _Site, report: _Report, force: bool
) -> tuple[list[Planned], int]:
    """One file per importable slide; the number of slides left out."""
    planned: list[Planned] = []
    skipped = 0
    taken: set[str] = set()
    for slide in timeline.slides:
        if not slide.headline and not _title_from_text(slide, report):
            skipped += 1
            continue
        try:
            found = _dates(slide, report)
            text = _event_text(slide, found, site, report)
        except _Skip:
            skipped += 1
            continue
        slug = _slug(slide, taken)
        taken.add(slug)
        existing = site.events.get(slug)
        rel = f"content/events/{found.start.year:04d}/{slug}.md"
        if existing is not None and not force:
            shown = existing.relative_to(site.root).as_posix()
            report(
                slide.where,
                "warning",
                "import-exists",
                f"{shown} already exists, so '{slide.headline}' is not imported "
                "(--force replaces it)",
            )
            skipped += 1
            continue
        path = existing if existing is not None else site.root / rel
        planned.append(Planned(slug, path, text, replaces=existing is not None))
    return planned, skipped


def _unimported(timeline: Timeline, report: _Report) -> None:
    if timeline.eras:
        report(
            timeline.eras[0],
            "warning",
            "import-unsupported",
            f"{len(timeline.eras)} era(s) are not imported: sitegen has no eras yet",
        )
    for extra, why in (
        ("background", "pages use the site's theme"),
        ("location", "sitegen has no maps"),
    ):
        having = [s for s in timeline.slides if extra in s.extras]
        if having:
            report(
                having[0].where,
                "warning",
                "import-unsupported",
                f"{len(having)} slide(s) have a {extra}, which is not imported: {why}",
            )


# -- site.yaml -------------------------------------------------------------------------------


def _set_key(text: str, key: str, value: str) -> str:
    """site.yaml with one top-level `key:` line (and its continuation lines) replaced,
    comments and the other settings as they were; appended when missing."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.match(rf"{key}\s*:", line):
            j = i + 1
            while j < len(lines) and (lines[j][:1] in (" ", "\t") or not lines[j].strip()):
                j += 1
            while j > i + 1 and not lines[j - 1].strip():
                j -= 1
            lines[i:j] = [f"{key}: {_yaml(value)}"]
            return "\n".join(lines) + "\n"
    return text.rstrip("\n") + ("\n" if text.strip() else "") + f"{key}: {_yaml(value)}\n"


def _site_yaml(title: Slide, root: Path, force: bool, report: _Report) -> Path | None:
    """The title slide as site.yaml's title and description; None if nothing changed."""
    import yaml

    path = root / "content" / "site.yaml"
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        current = yaml.safe_load(text) if text.strip() else {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        report(
            title.where,
            "warning",
            "import-site",
            "content/site.yaml cannot be read, so the title slide is not imported; "
            "run 'sitegen check'",
        )
        return None
    if not isinstance(current, dict):
        current = {}
    new = text
    wanted = {
        "title": (html_markdown.plain(title.get("headline")), SCAFFOLD_TITLES),
        "description": (html_markdown.plain(title.get("text")), SCAFFOLD_DESCRIPTIONS),
    }
    for key, (value, replaceable) in wanted.items():
        old = str(current.get(key) or "")
        if not value or value == old:
            continue
        if old not in replaceable and not force:
            report(
                title.at("headline" if key == "title" else "text"),
                "warning",
                "import-exists",
                f"content/site.yaml keeps its {key} ('{old[:60]}'); --force replaces it "
                f"with the title slide's ('{value[:60]}')",
            )
            continue
        new = _set_key(new, key, value)
    if new == text:
        return None
    try:
        path.write_text(new, encoding="utf-8")
    except OSError as exc:
        report(
            title.where,
            "error",
            "import-write",
            f"cannot write content/site.yaml: {exc.strerror or exc}",
        )
        return None
    return path


# -- the command --------------------------------------------------------------------------------


def run(source: Path, site: Path, force: bool = False, shown: str = "") -> Result:
    """Import SOURCE into the site at `site`; raises UsageError for how it was called."""
    if not (site / "content").is_dir():
        raise UsageError(f"{site} is not a sitegen site (no content/ folder); run 'sitegen init'")
    try:
        raw = source.read_bytes()
    except IsADirectoryError:
        raise UsageError(f"{source} is a folder; give the .json or .csv file") from None
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror or exc}") from None
    report = _Report(shown or str(source))
    result = Result()
    text = _decode(raw, report)
    timeline: Timeline | None = None
    if text is not None:
        is_json = source.suffix.lower() == ".json" or (
            source.suffix.lower() != ".csv" and text.lstrip().startswith("{")
        )
        timeline = read_json(text, report) if is_json else read_csv(text, report)
    if timeline is not None:
        _unimported(timeline, report)
        target = _read_site(site)
        planned, result.skipped = plan(timeline, target, report, force)
        if timeline.title is not None:
            changed = _site_yaml(timeline.title, site, force, report)
            result.written += [changed] if changed else []
        result.written += _write(planned, site, force, report)
    result.diagnostics = report.diagnostics
    return result


def _write(planned: list[Planned], site: Path, force: bool, report: _Report) -> list[Path]:
    written = []
    for item in planned:
        rel = item.path.relative_to(site).as_posix()
        try:
            item.path.parent.mkdir(parents=True, exist_ok=True)
            with item.path.open("w" if item.replaces or force else "x", encoding="utf-8") as fh:
                fh.write(item.text)
        except FileExistsError:  # made by someone else since the site was read
            report.diagnostics.append(
                Diagnostic(rel, 1, 1, "warning", "import-exists", "the file exists; not replaced")
            )
            continue
        except OSError as exc:
            report.diagnostics.append(
                Diagnostic(
                    rel,
                    1,
                    1,
                    "error",
                    "import-write",
                    f"cannot write the file: {exc.strerror or exc}",
                )
            )
            continue
        written.append(item.path)
    return written
