"""What SOURCE is, before it is read as a timeline: the JSON TimelineJS loads (also as a
script, `var timeline_json = {…};`, with the commas and comments JavaScript allows), a
sheet's CSV, or something else that deserves a plain refusal (a web page, a spreadsheet
file, a PDF) rather than a parse error at line 1.

Everything here keeps each character's place: what is not JSON is blanked with spaces,
so a problem found afterwards is still reported at its line and column in the file."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_BINARY = (
    (b"PK\x03\x04", "a ZIP file: an Excel (.xlsx) or OpenDocument (.ods) spreadsheet?"),
    (b"\xd0\xcf\x11\xe0", "an Excel 97-2003 (.xls) spreadsheet"),
    (b"%PDF", "a PDF document"),
)
SAVE_AS_CSV = (
    "save the sheet as CSV (Google Sheets: File > Download > Comma-separated values; "
    "Excel: File > Save As > CSV UTF-8)"
)

_WEB_PAGE = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_SCRIPT_START = re.compile(
    r"\s*(?:(?:export\s+default|module\.exports\s*=|(?:(?:var|let|const)\s+)?"
    r"[A-Za-z_$][\w$.]*\s*=)\s*|[A-Za-z_$][\w$.]*\s*\(\s*)(?=[\[{])"
)
"""`var timeline_json = `, `window.data = `, `export default `, or a JSONP `callback(`."""
_LEADING_COMMENTS = re.compile(r"(?:\s+|//[^\n]*|/\*.*?\*/)*", re.DOTALL)
_SCRIPT_END = re.compile(r"[\s;)]*\Z")
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|//[^\n]*|/\*.*?\*/|,(?=\s*[}\]])', re.DOTALL)


def binary_kind(raw: bytes) -> str:
    """What a file that is no text is ('' when it may be text)."""
    for magic, what in _BINARY:
        if raw.startswith(magic):
            return what
    return ""


def utf16_text(raw: bytes) -> str | None:
    """The text of a UTF-16 file with its byte-order mark (Excel's "Unicode Text", a
    sheet separated by tabs), or None for any other file."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            return None
    return None


_TEMPLATE_TAG = re.compile(r"\{%-?\s*(?:for|if|assign|capture|range|with)\b|\{\{-?\s*[.$\w]")
_PERMALINK = re.compile(r"^permalink:\s*['\"]?([^\s'\"]+)", re.MULTILINE)


def template_output(text: str) -> str | None:
    """For a site generator's template that writes the timeline's JSON (Jekyll's or
    Hugo's: `{% for post in site.posts %}`, `{{ .Title }}`), where it writes it (its
    front matter's permalink, '' when it says none); None for any other file."""
    head = text[:20000]
    if _TEMPLATE_TAG.search(head) is None:
        return None
    # (a timeline whose text shows such tags is JSON all the same, with the trailing
    # commas JavaScript allows too: `"url": "{{ static_url }}/img/a.jpg",` in a file
    # copied from a site's templates is one address to fix, not a template)
    for json_text in (text, loosen(text).text):
        try:
            json.loads(json_text)
            return None
        except ValueError:
            pass
    front = re.match(r"\A\ufeff?---\s*\n(.*?)\n---\s*\n", head, re.DOTALL)
    if front is None and not is_json_text(_TEMPLATE_TAG.sub("", head)):
        return None
    link = _PERMALINK.search(front[1]) if front else None
    return link[1] if link else ""


def is_web_page(text: str) -> bool:
    """A page, or HTML such as the embed code a timeline was published with."""
    return _WEB_PAGE.match(text) is not None or text.lstrip()[:1] == "<"


_EMBED_SHEET = re.compile(
    r"knightlab\.com/libs/timeline3?/[^\s\"'<>]*?[?&](?:amp;)?source=([\w-]+)", re.IGNORECASE
)
_EMBED_CALL = re.compile(
    r"(?:new\s+TL\.Timeline\s*\(\s*['\"][^'\"]*['\"]\s*,|\bsource\s*:)\s*['\"]([^'\"]+)['\"]"
)


def embedded_source(page: str) -> str:
    """Where the data of a timeline a page shows is: a Google Sheet's address (from
    Knight Lab's embed code), or what `new TL.Timeline(…)` (TimelineJS 2's
    `createStoryJS({source: …})`) is given; '' when the page says nothing of one."""
    m = _EMBED_SHEET.search(page)
    if m:
        return f"https://docs.google.com/spreadsheets/d/{m[1]}/"
    m = _EMBED_CALL.search(page)
    return m[1] if m else ""


_INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL
)
_OBJECT_AFTER = re.compile(r"(?:\A|[=(,:])\s*(?=\{)")
"""Where a script gives an object: `var timeline_json = {`, `new TL.Timeline('id', {`,
or the script itself (`<script type="application/json">{…}</script>`, which a page's
own code reads and gives TimelineJS)."""


def inline_timeline(page: str) -> str | None:
    """The timeline a page's own script gives TimelineJS (`var timeline_json = {…};`
    before `new TL.Timeline('timeline-embed', timeline_json)`, as TimelineJS's docs show,
    or the object written in that call), with the rest of the page blanked, so each
    character keeps its place; None when no script of the page holds one as JSON."""
    for script in _INLINE_SCRIPT.finditer(page):
        found = _timeline_object(script[1])
        if found is not None:
            start, stop = script.start(1) + found[0], script.start(1) + found[1]
            body = loosen(page[start:stop]).text
            return _blank(page[:start]) + body + _blank(page[stop:])
    return None


def script_timeline(script: str) -> str | None:
    """The timeline a script holds among other code (`new TL.Timeline('id', {…})`, or
    `var timeline_json = {…}` inside a function or an `if`), the rest blanked as in
    `inline_timeline`; None when it holds none written as JSON."""
    found = _timeline_object(script)
    if found is None:
        return None
    start, stop = found
    return _blank(script[:start]) + loosen(script[start:stop]).text + _blank(script[stop:])


_TIMELINE_KEYS = re.compile(r"""\{\s*["']?(?:events|slides|title|eras|scale|timeline)\b""")


def script_json_error(script: str) -> json.JSONDecodeError | None:
    """Why the object a script seems to give TimelineJS (it starts with `events`,
    `title`, …) is no JSON (a key without quotes, text in 'single quotes' or in
    `backquotes`), at its place in the script; None when the script has no such object."""
    decoder = json.JSONDecoder()
    body = loosen(script).text
    for m in _OBJECT_AFTER.finditer(body):
        if _TIMELINE_KEYS.match(body, m.end()):
            try:
                decoder.raw_decode(body, m.end())
            except json.JSONDecodeError as exc:
                return exc
    return None


def _timeline_object(script: str) -> tuple[int, int] | None:
    """Where in a script the first object that is a timeline (it has `events`, `slides`
    or TimelineJS 2's `timeline`) starts and ends."""
    decoder = json.JSONDecoder()
    body = loosen(script).text  # (comments and trailing commas blanked)
    for m in _OBJECT_AFTER.finditer(body):
        try:
            found, end = decoder.raw_decode(body, m.end())
        except ValueError:  # JavaScript that is no JSON (keys without quotes)
            continue
        if isinstance(found, dict) and (
            {"events", "slides"} & found.keys() or isinstance(found.get("timeline"), dict)
        ):
            return m.end(), end
    return None


_LIBRARY_BANNER = re.compile(
    r"\s*/\*!?\s*(?:TimelineJS - ver\.|TimelineJS\s+Version \d)"
    r"|/\*! For license information please see timeline(?:-min)?\.js\.LICENSE",
    re.IGNORECASE,
)
"""The comment TimelineJS's builds start with: `TimelineJS - ver. 3.6.6`, 2's `TimelineJS
Version 2.17`, or 3.8's pointer to its licence file (webpack's build); not the embed
script's `/* TimelineJS embed */`, whose config names the sheet to import."""
_LIBRARY_CODE = re.compile(r"\b(?:TL|VMM)\.Timeline\s*=(?!=)|\bexports\.TL\s*=(?!=)")
"""Where the library defines itself (`TL.Timeline=TL.Class.extend(…)`, 2's `VMM.Timeline=`,
3.8's `exports.TL=`); a page's script that shows a timeline calls `new TL.Timeline(…)`."""


def is_library(text: str) -> bool:
    """TimelineJS's own code (timeline.js, timeline-min.js), given in place of the
    timeline it shows: by its banner, or by where it defines TL.Timeline."""
    return _LIBRARY_BANNER.match(text) is not None or _LIBRARY_CODE.search(text) is not None


LIBRARY = (
    "this is TimelineJS's own code (its library, timeline.js or timeline-min.js), not a "
    "timeline: import the timeline's data instead: the JSON file a page gives it "
    "(`new TL.Timeline('timeline-embed', 'timeline.json')`'s second argument), or the "
    "Google Sheet downloaded as CSV (File > Download > Comma-separated values)"
)


def is_json_text(text: str) -> bool:
    """The text starts as JSON does (after comments): `{` or `[`."""
    start = _LEADING_COMMENTS.match(text).end()  # type: ignore[union-attr]
    return text[start : start + 1] in ("{", "[")


def looks_like_json(text: str) -> bool:
    """JSON, or a script that assigns it: what TimelineJS is given in place of a sheet."""
    start = _LEADING_COMMENTS.match(text).end()  # type: ignore[union-attr]
    return is_json_text(text) or _SCRIPT_START.match(text, start) is not None


@dataclass
class Loosened:
    """JSON text from what a script would accept, each character in its place."""

    text: str
    script: bool = False
    """The file was a script (`var x = {…};`, a JSONP call) around the JSON."""
    commas: list[int] = field(default_factory=list)
    """Offsets of the commas before a `}` or `]` that were blanked."""
    comments: int = 0


def loosen(text: str) -> Loosened:
    """`text` with comments, trailing commas and a script's wrapper blanked."""
    out = Loosened(text)
    pieces: list[str] = []
    at = 0
    for m in _TOKEN.finditer(text):
        if m[0].startswith('"'):
            continue
        pieces += [text[at : m.start()], _blank(m[0])]
        at = m.end()
        if m[0] == ",":
            out.commas.append(m.start())
        else:
            out.comments += 1
    text = "".join(pieces) + text[at:]
    start = _SCRIPT_START.match(text)
    if start is not None and start.end() > len(text) - len(text.lstrip()):
        out.script = True
        body_end = _last_bracket(text)
        tail = text[body_end:]
        if _SCRIPT_END.fullmatch(tail):
            text = _blank(text[: start.end()]) + text[start.end() : body_end] + _blank(tail)
    out.text = text
    return out


def _last_bracket(text: str) -> int:
    """Just after the last `}` or `]` of the text (its end when there is none)."""
    found = max(text.rfind("}"), text.rfind("]"))
    return found + 1 if found >= 0 else len(text)


def _blank(text: str) -> str:
    """Spaces in place of every character but line breaks, which keep lines counted."""
    return re.sub(r"[^\n]", " ", text)
