"""Reading a TimelineJS3 timeline: its JSON format, or the CSV of its Google Sheets
template, into `Slide`s whose every value knows its place (line, column, and the CSV row
and column or JSON path people see), so that every problem is reported where it is."""

from __future__ import annotations

import bisect
import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..diagnostics import Diagnostic, Severity
from ..load import CONTROL_RE, Undecodable, has_control, utf8_text
from . import html_markdown, timelinejs_sniff, timelinejs_v2

CSV_COLUMNS = {
    "year": "year", "month": "month", "day": "day", "time": "time",
    "end year": "end_year", "end month": "end_month", "end day": "end_day",
    "end time": "end_time", "display date": "display_date", "headline": "headline",
    "text": "text", "media": "media", "media credit": "credit", "media caption": "caption",
    "media thumbnail": "thumbnail", "type": "type", "group": "group",
    "background": "background",
    "alt text": "alt",  # (TimelineJS 3 reads it too)
    "start date": "start_v2", "end date": "end_v2", "tag": "group",  # TimelineJS 2's sheet
    # a TimelineJS JSON file flattened into a table (pandas' json_normalize writes
    # `start_date.year`, R's jsonlite `start_date_year`), to be edited as a sheet
    "start date year": "year", "start date month": "month", "start date day": "day",
    "start date time": "time", "end date year": "end_year", "end date month": "end_month",
    "end date day": "end_day", "end date time": "end_time", "text headline": "headline",
    "text text": "text", "media url": "media", "media alt": "alt",
    "background url": "background", "background color": "background",
}  # fmt: skip
"""The Google Sheets template's columns (any case; `_` and `.` read as spaces), to the
fields of a Slide."""
DATE_PARTS = ("year", "month", "day")
_LINE_BREAKS = str.maketrans(dict.fromkeys("\r\x0b\x0c\x85", "\n"))
"""Characters that end a line in a spreadsheet's cell or an old file, read as newlines."""


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

    def put(self, name: str, text: str, where: Where, report: Report) -> None:
        """Keep a value without the control characters sitegen refuses in content
        (control-char), saying so: what they stood for may be missing. Those that break
        lines in a spreadsheet's cell (vertical tab, form feed, NEL) become line breaks."""
        text = text.replace("\r\n", "\n").translate(_LINE_BREAKS)
        if has_control(text):
            text = CONTROL_RE.sub("", text)
            report(
                where,
                "warning",
                "import-field",
                "invisible control characters were dropped from this value (sitegen "
                "refuses them in content); check that nothing is missing",
            )
        self.values[name] = (text, where)

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
    eras: list[Slide] = field(default_factory=list)
    """TimelineJS eras: a headline and dates, like a slide's."""
    refused: int = 0
    """Slides left out as they were read, each for an error said at its place (no
    start date, a start that is no date, not an object): counted with those the plan
    leaves out, for the import's closing line. An empty slide, skipped, is not one."""


class Report:
    """Collects diagnostics about SOURCE."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.diagnostics: list[Diagnostic] = []
        self._said: set[str] = set()

    def first(self, what: str) -> bool:
        """True the first time it is asked about `what`: for a problem said once per file."""
        new = what not in self._said
        self._said.add(what)
        return new

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


def decode(raw: bytes, report: Report) -> str | None:
    try:
        return utf8_text(raw)
    except Undecodable as bad:
        if bad.byte is None:
            message = "the file holds a NUL byte: it is not text"
        else:
            message = (
                f"byte 0x{bad.byte:02x} is not UTF-8; export the timeline again as UTF-8 "
                "(Google Sheets: File > Download > Comma-separated values; Excel: File > "
                "Save As > CSV UTF-8)"
            )
        report.whole("error", "import-source", message, bad.line, bad.col)
        return None


JSON_SUFFIXES = (".json", ".js", ".jsonp")


def read_source(raw: bytes, suffix: str, report: Report) -> Timeline | None:
    """SOURCE's timeline: JSON (or a script holding it) by its name or its first
    characters, else the CSV of a sheet; a file that is neither (a web page, a
    spreadsheet not saved as CSV, a PDF) is refused with one error saying what it is."""
    binary = timelinejs_sniff.binary_kind(raw)
    if binary:
        why = f"this is {binary}, not a TimelineJS file; {timelinejs_sniff.SAVE_AS_CSV}"
        report.whole("error", "import-source", why)
        return None
    text = timelinejs_sniff.utf16_text(raw)
    if text is None:
        text = decode(raw, report)
    if text is None:
        return None
    if not text.strip():
        report.whole("error", "import-source", "the file is empty: it holds no timeline")
        return None
    made_at = timelinejs_sniff.template_output(text)
    if made_at is not None:
        report.whole("error", "import-source", _template(made_at))
        return None
    if timelinejs_sniff.is_web_page(text):
        inline = timelinejs_sniff.inline_timeline(text)
        if inline is None:
            report.whole("error", "import-source", _web_page(text))
            return None
        report.whole("warning", "import-source",
                     "this is a web page (HTML): the timeline its script gives TimelineJS "
                     "is read, the rest of the page is left out")  # fmt: skip
        return read_json(inline, report)
    # (what the file holds decides over its name: a sheet never starts with `{`)
    is_json = suffix in JSON_SUFFIXES or timelinejs_sniff.looks_like_json(text)
    return read_json(text, report) if is_json else read_csv(text, report)


def _template(made_at: str) -> str:
    """Why a site generator's template of the timeline is refused, and what to import."""
    where = f" (this one writes {made_at})" if made_at else ""
    return (
        "this is a template that writes the timeline's JSON ({% … %} or {{ … }} tags, as "
        "Jekyll's and Hugo's are), not the timeline: build that site and import the file "
        f"the template writes{where}"
    )


def _web_page(text: str) -> str:
    """Why a web page (or an embed code, or XML) is refused, and where its timeline's
    data is."""
    head = text[:2000].lower()
    if "<html" not in head and re.match(r"\s*<(\?xml|data\b|rss\b|feed\b)", head):
        simile = " (SIMILE Timeline's format?)" if "<event" in text[:20000].lower() else ""
        return (
            f"this is XML{simile}, not a TimelineJS file: TimelineJS reads JSON or a "
            "sheet saved as CSV"
        )
    found = timelinejs_sniff.embedded_source(text)
    sheet = "docs.google.com/spreadsheets" in found
    if sheet:
        where = (
            f"its data is the Google Sheet {found}: open it and download it as CSV "
            "(File > Download > Comma-separated values)"
        )
    elif found:
        where = f"its data is '{found[:120]}': import that file"
    else:
        where = (
            "download the timeline's own file: its JSON (on GitHub, the file's Raw button), "
            "or the Google Sheet as CSV (File > Download > Comma-separated values)"
        )
    return f"this is a web page (HTML), not a TimelineJS file; {where}"


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


KeyPath = tuple[str | int, ...]
"""Where a value is in a JSON text: its keys and indexes from the top."""


def _json_offsets(text: str, repeated: list[tuple[KeyPath, int]]) -> dict[KeyPath, int]:
    """Where each value of a JSON text starts, by its key path (the text is valid JSON;
    of a key given twice in an object, the last, as json.loads takes it); each such key's
    path and where its value before starts, into `repeated`."""
    offsets: dict[KeyPath, int] = {}

    def value(i: int, path: KeyPath) -> int:
        i = _WS.match(text, i).end()  # type: ignore[union-attr]
        offsets[path] = i
        if text[i] == "{":
            i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
            seen: dict[str, int] = {}
            while text[i] != "}":
                key, i = json.decoder.scanstring(text, i + 1)  # type: ignore[attr-defined]
                i = _WS.match(text, i).end() + 1  # type: ignore[union-attr]  # the colon
                if key in seen:
                    repeated.append(((*path, key), seen[key]))
                i = _WS.match(text, value(i, (*path, key))).end()  # type: ignore[union-attr]
                seen[key] = offsets[(*path, key)]
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
        "media_link": ("media", "link"),
        "media_title": ("media", "title"),
        "link_target": ("media", "link_target"),
        "thumbnail": ("media", "thumbnail"),
        "autolink": ("autolink",),
    }

    def __init__(self, text: str, report: Report) -> None:
        self.text = text
        self.report = report
        repeated: list[tuple[KeyPath, int]] = []
        self.offsets = _json_offsets(text, repeated)
        # (where each line starts: a value's line found by bisection, not by counting the
        # line breaks before it, which took minutes for a file of thousands of slides)
        self.breaks = [m.start() for m in re.finditer("\n", text)]
        for path, first in repeated:  # (JSON readers take the last value, TimelineJS too)
            line = bisect.bisect_left(self.breaks, first) + 1
            report(
                self.where(path), "warning", "import-source",
                f"the key {str(path[-1])!r} is given twice in this object (first on line "
                f"{line}); the last value is read: remove the one you do not mean",
            )  # fmt: skip

    def where(self, path: tuple[str | int, ...]) -> Where:
        known = path
        while known not in self.offsets and known:
            known = known[:-1]
        offset = self.offsets.get(known, 0)
        line = bisect.bisect_left(self.breaks, offset) + 1
        col = offset - (self.breaks[line - 2] + 1 if line > 1 else 0) + 1
        label = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
        return Where(line, col, label or "the file")

    def read(self, data: Any) -> Timeline | None:
        """The timeline in `data`: TimelineJS 3's object with its `events`, that object
        inside a `timeline` (as some scripts keep it), or TimelineJS 2's
        `{"timeline": {"date": [...]}}`; what is none of these is refused, saying what
        it is instead."""
        if isinstance(data, list) and data and all(_is_slide(item) for item in data):
            return self.events({"events": data}, ())  # the events alone, without the title
        inner = data.get("timeline") if isinstance(data, dict) else None
        if isinstance(data, dict) and not _slides_key(data) and isinstance(inner, dict):
            if _slides_key(inner):
                return self.events(inner, ("timeline",))
            if "date" in inner or "startDate" in inner:
                return self.version2(inner, ("timeline",))
        if isinstance(data, dict) and _slides_key(data):
            return self.events(data, ())
        sheet = timelinejs_sniff.embedded_source(self.text)
        if "docs.google.com/spreadsheets" in sheet:  # a list of pages' embed codes
            why = (
                f"this JSON holds Knight Lab embed codes, not a timeline: the first one's data "
                f"is the Google Sheet {sheet}: open it and download it as CSV (File > "
                "Download > Comma-separated values), and import that"
            )
        else:
            why = _not_a_timeline(data)
        self.report.whole("error", "import-source", why)
        return None

    def events(self, data: dict[str, Any], base: tuple[str | int, ...]) -> Timeline | None:
        timeline = Timeline()
        key = _slides_key(data)
        events = self.slide_list(data.get(key), (*base, key))
        if events is None:
            return None
        for i, item in enumerate(events):
            slide = self.slide(item, (*base, key, i))
            if slide is not None:
                timeline.slides.append(slide)
            elif not _blank_slide(item):
                timeline.refused += 1
        timeline.title = self.title(data.get("title"), (*base, "title"))
        eras = self.era_list(data.get("eras"), (*base, "eras"))
        if isinstance(eras, list):
            for i, item in enumerate(eras):
                era = self.slide(item, (*base, "eras", i))
                if era is not None:
                    timeline.eras.append(era)
        return timeline

    def title(self, title: Any, path: tuple[str | int, ...]) -> Slide | None:
        """The title slide: an object, its words alone, or an object in a list of one
        (as a sheet-to-JSON script wrote it in a timeline tool's examples)."""
        if isinstance(title, str) and title.strip():  # the title's words alone
            title = {"text": {"headline": title}}
        if isinstance(title, list) and len(title) == 1 and isinstance(title[0], dict):
            self.report(self.where(path), "warning", "import-source",
                        "the title is a list of one slide, not the slide itself (TimelineJS "
                        "wants the slide); it is read as the title slide")  # fmt: skip
            title, path = title[0], (*path, 0)
        if title == []:  # (a sheet-to-JSON script's title row that was left empty)
            self.report(self.where(path), "warning", "import-source",
                        "the title is an empty list: the timeline has no title slide "
                        "(TimelineJS shows an empty one); the slides are imported without "
                        "it")  # fmt: skip
            return None
        return None if title in (None, "") else self.slide(title, path, dated=False)

    def era_list(self, eras: Any, path: tuple[str | int, ...]) -> Any:
        """The eras: one era written without its list (seen in a script) is a list of
        one; anything else but a list is left out, said."""
        if isinstance(eras, dict):
            why = "'eras' is one era, not a list of them; it is read as a list of one"
            self.report(self.where(path), "warning", "import-source", why)
            return [eras]
        if eras not in (None, "") and not isinstance(eras, list):
            why = f"'eras' should be a list of eras, not {_json_kind(eras)}; it is left out"
            self.report(self.where(path), "warning", "import-source", why)
        return eras

    def slide_list(self, events: Any, path: tuple[str | int, ...]) -> list[Any] | None:
        """The list of slides at `path`, or None (reported) when it is none: not a list,
        or a list of another program's objects, none of them with a slide's start_date,
        text or media (one error naming what they hold, not one per object)."""
        key = str(path[-1])
        if not isinstance(events, list):
            self.report(self.where(path), "error", "import-source",
                        f"'{key}' should be a list of slides")  # fmt: skip
            return None
        objects = [item for item in events if isinstance(item, dict)]
        if objects and not any(SLIDE_KEYS & item.keys() for item in objects):
            held = ", ".join(
                f"'{k}'" for k in list(dict.fromkeys(k for o in objects for k in o))[:6]
            )
            self.report(self.where(path), "error", "import-source",
                        f"this is not a TimelineJS timeline: its '{key}' are no slides (none "
                        f"has a start_date, text or media; they hold {held}): another "
                        "program's file, which TimelineJS would not load")  # fmt: skip
            return None
        if key == "slides":  # (a list of slides all the same: read, with a word)
            self.report(self.where(path), "warning", "import-source",
                        "'slides' is read as the timeline's 'events' (TimelineJS 3's name for "
                        "them while it was written); TimelineJS itself would not load this "
                        "file")  # fmt: skip
        return events

    def version2(self, data: dict[str, Any], base: tuple[str | int, ...]) -> Timeline | None:
        """TimelineJS 2: the `timeline` object is the title slide, `date` its slides and
        `era` its eras (see timelinejs_v2)."""
        timeline = Timeline()
        dates = data.get("date", [])
        if not isinstance(dates, list):
            self.report(self.where((*base, "date")), "error", "import-source",
                        "'date' should be a list of slides (TimelineJS 2)")  # fmt: skip
            return None
        title = self.slide2(data, base, dated=False)
        if title is not None and (title.headline or title.get("text") or title.get("media")):
            timeline.title = title
        for key, into in (("date", timeline.slides), ("era", timeline.eras)):
            items = data.get(key)
            for i, item in enumerate(items if isinstance(items, list) else []):
                slide = self.slide2(item, (*base, key, i))
                if slide is not None:
                    into.append(slide)
                elif key == "date" and not _blank_slide(item):
                    timeline.refused += 1
        return timeline

    def slide2(self, item: Any, path: tuple[str | int, ...], dated: bool = True) -> Slide | None:
        """A TimelineJS 2 slide: its fields by their old names, its dates from text."""
        if not isinstance(item, dict):
            self.report(self.where(path), "error", "import-source",
                        f"a slide should be an object, not {_json_kind(item)}")  # fmt: skip
            return None
        if self.blank(item, path):
            return None
        slide = Slide(self.where(path))
        for name, keys in timelinejs_v2.SLIDE_TEXT.items():
            self.take(slide, item, path, name, keys)
        for key, prefix in (("startDate", ""), ("endDate", "end_")):
            if not dated or item.get(key) in (None, ""):
                continue  # (the title's date placed it in TimelineJS 2; sitegen's has none)
            where = self.where((*path, key))
            parts = _v2_date(_scalar_text(item[key]), prefix, where, slide, self.report)
            if parts is None:
                return None
            for part, text in parts.items():
                slide.put(prefix + part, text, where, self.report)
        if dated and "year" not in slide.values:
            why = f"the slide '{slide.headline}' has no startDate; it is not imported"
            self.report(slide.where, "error", "import-date", why)
            return None
        return slide

    def slide(self, item: Any, path: tuple[str | int, ...], dated: bool = True) -> Slide | None:
        if not isinstance(item, dict):
            self.report(
                self.where(path),
                "error",
                "import-source",
                f"a slide should be an object, not {_json_kind(item)}",
            )
            return None
        if dated and self.blank(item, path):
            return None
        slide = Slide(self.where(path))
        for name, keys in self.SLIDE_TEXT.items():
            self.take(slide, item, path, name, keys)
        start = self.start_key(item, path)
        for which, prefix in ((start, ""), ("end_date", "end_")):
            if not self.date(slide, item, path, which, prefix):
                return None
        if _holds_something(item.get("location")):
            slide.extras.add("location")
        if slide.get("link_target"):
            slide.extras.add("media link_target")
        background = _holds_something(item.get("background"))
        if background and "media" not in item:  # its picture may stand in
            for name, key in (
                ("background", "url"), ("caption", "caption"), ("credit", "credit"), ("alt", "alt")
            ):  # fmt: skip
                self.take(slide, item, path, name, ("background", key))
        background_picture(slide, background)
        if dated and start not in item:
            self.report(
                slide.where,
                "error",
                "import-date",
                f"the slide '{slide.headline}' has no start_date; it is not imported",
            )
            return None
        return slide

    def blank(self, item: dict[str, Any], path: tuple[str | int, ...]) -> bool:
        """A slide with nothing in it (every field empty, as an editor's blank row is
        saved): skipped, said, as TimelineJS 2 skipped it, not an error to fix."""
        if _blank(item):
            self.report(self.where(path), "warning", "import-field",
                        "the slide is empty (no date, headline, text or media: every field "
                        "is empty); it is skipped")  # fmt: skip
            return True
        return False

    def start_key(self, item: dict[str, Any], path: tuple[str | int, ...]) -> str:
        """Where the slide's start is: `start_date`, or `date` as TimelineJS 3's examples
        named it while it was written (read, with a warning once per file)."""
        if "start_date" in item or not isinstance(item.get("date"), dict):
            return "start_date"
        if self.report.first("date-key"):
            self.report(self.where((*path, "date")), "warning", "import-date",
                        "'date' is read as the slide's start_date (TimelineJS 3's name for "
                        "it while it was written); TimelineJS itself would not show these "
                        "slides (said once, for every such slide)")  # fmt: skip
        return "date"

    def take(
        self,
        slide: Slide,
        item: dict[str, Any],
        path: tuple[str | int, ...],
        name: str,
        keys: tuple[str, ...],
    ) -> None:
        value: Any = item
        for n, key in enumerate(keys):
            if isinstance(value, str) and n == len(keys) - 1 and key in ("url", "media"):
                break  # `"media": "https://…"`: the address alone, as a script may write it
            if isinstance(value, str) and keys == ("text", "text") and n == 1:
                self._text_alone(path)  # `"text": "<p>…</p>"`: the words alone
                break
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
        slide.put(name, _scalar_text(value), where, self.report)

    def _text_alone(self, path: tuple[str | int, ...]) -> None:
        self.report(self.where((*path, "text")), "warning", "import-field",
                    "'text' is the slide's words alone, not an object with its 'headline' "
                    "and 'text' (TimelineJS would show none of it); it is read as the "
                    "slide's text")  # fmt: skip

    def date(
        self,
        slide: Slide,
        item: dict[str, Any],
        path: tuple[str | int, ...],
        which: str,
        prefix: str,
    ) -> bool:
        """The date `which` into the slide's values; False (reported) when the slide
        cannot be imported for it."""
        data = item.get(which)
        if data is None:
            return True
        where = self.where((*path, which))
        if not isinstance(data, dict):
            return self._date_not_object(slide, data, where, prefix)
        for part in DATE_PARTS:
            if data.get(part) not in (None, ""):
                where = self.where((*path, which, part))
                slide.put(prefix + part, _scalar_text(data[part]), where, self.report)
        clock = _clock(data)
        if clock is None and data.get("time") not in (None, ""):
            # (the sheet's Time column, as a converter that mirrors the sheet writes it)
            clock = _scalar_text(data["time"]), "time"
        if clock is not None:
            text, key = clock
            slide.put(prefix + "time", text, self.where((*path, which, key)), self.report)
        if data.get("display_date"):  # (the words for this end of the span only)
            where = self.where((*path, which, "display_date"))
            name = (prefix or "start_") + "display"
            slide.put(name, _scalar_text(data["display_date"]), where, self.report)
        if data.get("format") not in (None, "") and self.report.first("date-format"):
            self._format_unused(data["format"], self.where((*path, which, "format")))
        return True

    def _date_not_object(self, slide: Slide, data: object, where: Where, prefix: str) -> bool:
        """A date written as text (`"start_date": "1969-07-20"`, as a converter that
        serialises a date writes it), which TimelineJS would not read: read in the forms
        TimelineJS 2 read, said; anything else is one error, the slide not imported."""
        given = data[:30] if isinstance(data, str) else ""
        parts = timelinejs_v2.date_parts(data) if isinstance(data, str) else None
        if parts is None:
            what = f"'{given}'" if isinstance(data, str) else _json_kind(data)
            self.report(where, "error", "import-date",
                        f'should be an object like {{"year": 1969, "month": 7, "day": 20}}, '
                        f"not {what}; '{slide.headline}' is not imported")  # fmt: skip
            return False
        read = "-".join(parts[p] for p in DATE_PARTS if p in parts)
        read += f" at {parts['time']}" if "time" in parts else ""
        self.report(where, "warning", "import-date",
                    f"the date is text, '{given}', not an object like {{\"year\": 1969, "
                    f"\"month\": 7, \"day\": 20}} (TimelineJS would not read it); it is read "
                    f"as {read}: check it")  # fmt: skip
        for part, text in parts.items():
            slide.put(prefix + part, text, where, self.report)
        return True

    def _format_unused(self, pattern: object, where: Where) -> None:
        """A date's `format` (TimelineJS's mask for showing it, `mmmm d, yyyy`), said
        once: it was dropped without a word, and an editor who chose it would wonder."""
        self.report(
            where, "warning", "import-date",
            f"TimelineJS's pattern for showing the date ('{_scalar_text(pattern)[:40]}') is "
            "not used: sitegen writes each date in its own words to the precision it "
            "has ('8 July 2024', 'July 2024', '2024'); for other words, give the slide a "
            "display_date (said once, for every date with a format)",
        )  # fmt: skip


def _clock(data: dict[str, Any]) -> tuple[str, str] | None:
    """A date object's time of day as text ("6:45" from {"hour": 6, "minute": 45}; a
    missing hour or minute is 0), and the first of its parts given; None without one."""
    clock = [data.get(p) for p in ("hour", "minute", "second")]
    if all(v in (None, "") for v in clock):
        return None
    parts = [_scalar_text(v).strip() if v not in (None, "") else "0" for v in clock]
    parts = [f"{int(p):02d}" if p.isascii() and p.isdigit() and len(p) < 3 else p for p in parts]
    text = ":".join(parts[:2] + ([parts[2]] if clock[2] not in (None, "") else []))
    key = next(
        p for p, v in zip(("hour", "minute", "second"), clock, strict=True) if v not in (None, "")
    )
    return text, key


def _scalar_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _holds_something(value: object) -> bool:
    """A value with something in it: not `{"url": null, "color": null}`, as editors that
    store every field of a slide write a background or location the slide does not have."""
    if isinstance(value, dict):
        return any(_holds_something(v) for v in value.values())
    if isinstance(value, list):
        return any(_holds_something(v) for v in value)
    return value not in (None, "", False)


def _blank_slide(item: object) -> bool:
    """An object with nothing in it: a slide the reader skips with a warning, not one it
    refuses."""
    return isinstance(item, dict) and _blank(item)


def _blank(value: object) -> bool:
    """Nothing in it: empty text, null, false, or objects and lists of only those (a
    number, 0 included, is something)."""
    if isinstance(value, dict):
        return all(_blank(v) for v in value.values())
    if isinstance(value, list):
        return all(_blank(v) for v in value)
    if isinstance(value, str):
        return not value.strip()
    return value is None or value is False


def _json_kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), "a number" if isinstance(value, int | float) else "null"
    )


def background_picture(slide: Slide, has_background: bool) -> None:
    """A slide's background picture as its media, when it has none: in TimelineJS it is
    what the slide shows. Another background (a colour, or a picture behind media) is
    not imported (said once for the file, see timelinejs.py)."""
    url, where = slide.values.pop("background", ("", slide.where))
    url = url.strip()
    colour = url.lower().startswith(("#", "rgb", "hsl")) or not re.search(r"[/.]", url)
    if url and not colour and not slide.get("media"):
        slide.values["media"] = (url, where)
    elif has_background:
        slide.extras.add("background")


SLIDE_KEYS = {"start_date", "end_date", "text", "media", "date"}
"""What a slide of TimelineJS 3 (`date`: of its early examples) has one of."""


def _slides_key(data: dict[str, Any]) -> str:
    """Where an object keeps its slides: 'events', or 'slides' as TimelineJS 3 named
    them while it was written (its own site's welcome.json still does); '' for neither."""
    return next((key for key in ("events", "slides") if key in data), "")


def _is_slide(item: Any) -> bool:
    return isinstance(item, dict) and "start_date" in item


def _not_a_timeline(data: Any) -> str:
    """Why `data` is no TimelineJS timeline, naming what it holds instead."""
    if not isinstance(data, dict):
        return (
            f"the file holds {_json_kind(data)}, not a TimelineJS timeline (an object "
            "with an 'events' list, or TimelineJS 2's 'timeline' with its 'date' list)"
        )
    if "feed" in data:
        return (
            "this is a Google Sheets feed, not a TimelineJS file; download the sheet as "
            "CSV instead (File > Download > Comma-separated values)"
        )
    keys = ", ".join(f"'{k}'" for k in list(data)[:6]) or "none"
    return (
        f"the file has no 'events' list (its keys: {keys}), so it is not a TimelineJS "
        "timeline; TimelineJS 3 files have 'events', TimelineJS 2 files a 'timeline' "
        "with a 'date' list"
    )


def read_json(text: str, report: Report) -> Timeline | None:
    """The timeline of a JSON file, or of a script that assigns it (`var x = {…};`, with
    the trailing commas and comments JavaScript allows, each said in a warning when the
    file is meant to be JSON)."""
    try:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            loose = timelinejs_sniff.loosen(text)
            if loose.text == text:
                raise exc from None
            data = json.loads(loose.text)
            _loosened(text, loose, report)
            text = loose.text
        reader = _JSONReader(text, report)
    except json.JSONDecodeError as exc:
        if not timelinejs_sniff.is_json_text(text) and timelinejs_sniff.is_library(text):
            # (not "write its keys in double quotes": no edit makes the library a timeline)
            report.whole("error", "import-source", timelinejs_sniff.LIBRARY)
            return None
        inline = None if timelinejs_sniff.is_json_text(text) else _script(text, report)
        if inline is not None:
            return read_json(inline, report)
        if not timelinejs_sniff.is_json_text(text):  # (where the script's timeline is)
            found = timelinejs_sniff.script_json_error(text)
            if found is None and _JS_CODE.search(text) and not timelinejs_sniff.loosen(text).script:
                report.whole("error", "import-source", _no_timeline_in_script(text))
                return None
            exc = found or exc
        report.whole("error", "import-source", _json_error(text, exc), exc.lineno, exc.colno)
        return None
    except RecursionError:  # no TimelineJS file nests deeper than a few levels
        report.whole("error", "import-source", "the JSON is nested too deeply to be a timeline")
        return None
    except ValueError:  # Python reads no integer of more than 4,300 digits
        report.whole(
            "error",
            "import-source",
            "the JSON holds a number too long to read (more than 4,300 digits); no timeline "
            "has one: check that this is the file you meant",
        )
        return None
    return reader.read(data)


def _script(text: str, report: Report) -> str | None:
    """The timeline of a script that holds more than it (`new TL.Timeline('id', {…})`,
    an assignment inside a function), said in a warning; None (unsaid) without one."""
    inline = timelinejs_sniff.script_timeline(text)
    if inline is not None:
        line, col = _line_col(inline, len(inline) - len(inline.lstrip()))
        report.whole(
            "warning",
            "import-source",
            "this script holds more than the timeline: the timeline it gives TimelineJS "
            "is read, the rest of the script is left out",
            line,
            col,
        )
    return inline


_JS_CODE = re.compile(r"\b(?:function|var|let|const|window|document|import|require)\b")
"""Words of JavaScript code (not of a text file or of JSON gone wrong)."""


def _no_timeline_in_script(text: str) -> str:
    """Why a script that writes no timeline in it (TimelineJS's own code, a page's
    script that loads the timeline from elsewhere) is refused, and what to import."""
    found = timelinejs_sniff.embedded_source(text)
    if "docs.google.com/spreadsheet" in found:
        where = (
            f"its timeline is the Google Sheet {found[:160]}: open it and download it as CSV "
            "(File > Download > Comma-separated values)"
        )
    elif found:
        where = f"it loads its timeline from '{found[:120]}': import that file"
    else:
        where = "import the JSON file or the sheet (as CSV) its timeline is made from"
    return (
        "this script has no timeline written in it (no object with 'events', or TimelineJS "
        f"2's 'timeline'): it may be TimelineJS's own code or a page's; {where}"
    )


def _json_error(text: str, exc: json.JSONDecodeError) -> str:
    """What is wrong with JSON that cannot be read, and what to do."""
    if not text[exc.pos :].strip():
        return (
            f"not valid JSON: the file ends before its JSON does ({exc.msg}): it was cut "
            "short (saved or copied before its end?); export or copy the whole file again"
        )
    found = _NOT_JSON.get(text[exc.pos], "") if exc.pos < len(text) else ""
    script = not timelinejs_sniff.is_json_text(text) and (
        timelinejs_sniff.loosen(text).script or _JS_CODE.search(text) is not None
    )
    if found or script:
        return (
            f"not valid JSON: {exc.msg}{found}; sitegen reads the timeline of a script "
            'as JSON: write its keys and text in double quotes ("text": "…", a line break '
            "in text as \\n)"
        )
    return (
        f"not valid JSON: {exc.msg}; most often a comma, quote or bracket is missing or one "
        "too many just before here: fix it, or export the timeline again from the tool "
        "that made it"
    )


_NOT_JSON = {
    "`": " (text in `backquotes`, a JavaScript template string)",
    "'": " (text in 'single quotes')",
}
"""What JavaScript allows and JSON does not, by the character JSON stopped at."""


def _loosened(text: str, loose: timelinejs_sniff.Loosened, report: Report) -> None:
    """A JSON file that only JavaScript reads: one warning (TimelineJS, which loads a
    file as strict JSON, would refuse it). A script may have them: no warning."""
    if loose.script or not (loose.commas or loose.comments):
        return
    what = []
    if loose.commas:
        what.append(f"{len(loose.commas)} comma(s) before a closing }} or ]")
    if loose.comments:
        what.append(f"{loose.comments} comment(s)")
    line, col = _line_col(text, loose.commas[0] if loose.commas else 0)
    report.whole(
        "warning",
        "import-source",
        f"the file has {' and '.join(what)}, which JSON does not allow (TimelineJS would not "
        "load it); they were read as if they were not there",
        line,
        col,
    )


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _delimiter(text: str) -> str:
    """The header row's separator: a comma (Google Sheets), else a semicolon (Excel where
    the comma is the decimal mark) or a tab (a sheet copied out of a browser)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    if "," in header:
        return ","
    return max((";", "\t"), key=header.count) if ";" in header or "\t" in header else ","


def _csv_records(text: str, report: Report) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each record; a broken record is reported and ends the file."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=_delimiter(text))
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


HEADER_SEARCH = 10
"""How many rows the header may be below the top (a title or a note written above it)."""


def read_csv(text: str, report: Report) -> Timeline | None:
    records = _csv_records(text, report)
    header, columns, above = _csv_header(records)
    if not columns:
        shown = ", ".join(c.strip() for c in header if c.strip())[:120]
        report.whole(
            "error",
            "import-source",
            "this is not a TimelineJS sheet: its first row should be the template's header "
            "(Year, Month, Day, …, Headline, Text, Media, …, or TimelineJS 2's Start Date, "
            "End Date, Headline, …), and it is " + (f"'{shown}'" if shown else "empty"),
        )
        return None
    _unknown_columns(header, columns, report)
    if above:
        why = f"{above} row(s) above the header row are not slides; they are not imported"
        report.whole("warning", "import-field", why)
    timeline = Timeline()
    for number, (line, row) in enumerate(records, start=above + 2):
        if not any(cell.strip() for cell in row):
            continue
        slide = _csv_slide(number, line, row, header, columns, report)
        if slide is None:
            timeline.refused += 1
            continue
        if slide.kind == "title" and timeline.title is None:
            timeline.title = slide
        elif slide.kind == "title":
            report(slide.where, "warning", "import-field",
                   "a second title slide; only the first one is imported")  # fmt: skip
        elif slide.kind == "era":
            timeline.eras.append(slide)
        else:
            timeline.slides.append(slide)
    return timeline


def _csv_header(
    records: Iterator[tuple[int, list[str]]],
) -> tuple[list[str], list[str], int]:
    """The header row, what each of its columns holds (none when no row among the first
    few is a TimelineJS header), and how many rows with words in them were above it."""
    first: list[str] = []
    seen = 0
    for _, row in records:
        if not any(cell.strip() for cell in row):
            continue
        first = first or row
        columns = [
            CSV_COLUMNS.get(" ".join(re.sub(r"[._]", " ", c).split()).lower(), "") for c in row
        ]
        if "headline" in columns and ("year" in columns or "start_v2" in columns):
            return row, columns, seen
        seen += 1
        if seen >= HEADER_SEARCH:
            break
    return first, [], 0


def _unknown_columns(header: list[str], columns: list[str], report: Report) -> None:
    """A warning for each column of the header that is not the template's."""
    for i, (name, cell) in enumerate(zip(columns, header, strict=True)):
        if not name and cell.strip():
            report(
                Where(1, i + 1, f"column {_column_letter(i + 1)}"),
                "warning",
                "import-field",
                f"'{cell}' is not a column of the TimelineJS template; it is not imported",
            )


def _csv_slide(
    number: int,
    line: int,
    row: list[str],
    header: list[str],
    columns: list[str],
    report: Report,
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
            slide.put(name, cell, Where(line, i + 1, label), report)
    background_picture(slide, bool(slide.get("background")))
    return _v2_dates(slide, report)


def _v2_dates(slide: Slide, report: Report) -> Slide | None:
    """A TimelineJS 2 sheet's Start Date and End Date cells as the year, month, day and
    time they give; None (reported) when one is not a date."""
    for name, prefix in (("start_v2", ""), ("end_v2", "end_")):
        if name not in slide.values:
            continue
        text, where = slide.values.pop(name)
        parts = _v2_date(text, prefix, where, slide, report)
        if parts is None:
            return None
        for part, value in parts.items():
            slide.values[prefix + part] = (value, where)
    return slide


def _v2_date(
    text: str, prefix: str, where: Where, slide: Slide, report: Report
) -> dict[str, str] | None:
    """A TimelineJS 2 start (prefix '') or end ('end_') date's parts; None (reported)
    when a start is no date, which leaves the slide out. An end that is no date is left
    out alone (no parts), with a warning: the slide is a slide at its start."""
    parts = timelinejs_v2.date_parts(text)
    if parts is not None:
        return parts
    what = f"'{text.strip()[:40]}' is not a date TimelineJS 2 reads ({timelinejs_v2.DATE_FORMS})"
    if prefix:
        report(where, "warning", "import-date",
               f"{what}; '{slide.headline}' is imported without this end")  # fmt: skip
        return {}
    report(where, "error", "import-date", f"{what}; '{slide.headline}' is not imported")
    return None
