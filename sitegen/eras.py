"""content/eras.yaml: named spans of time (the Bronze Age, the Cold War) drawn as bands on
the overview strip and exported as TimelineJS `eras`.

    - title: "The Roman Republic"
      start: "-0509"
      end: "-0027"
      colour: "#8a5a00"          # or a CSS colour name; optional
      timelines: [rome]          # optional; see timeline_refs

Eras may overlap: the strip stacks them in rows.
"""

from __future__ import annotations

import os
from pathlib import Path

from .diagnostics import Diagnostic, did_you_mean
from .load import Document, a_type_name
from .model import Era, Origin
from .records import LazyPattern
from .schema import Reader

ERAS_FILE = "content/eras.yaml"
ERA_FIELDS = {"title", "start", "end", "colour", "color", "timelines"}
_HEX = LazyPattern(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
CSS_COLOURS = frozenset(
    [
        "aliceblue",
        "antiquewhite",
        "aqua",
        "aquamarine",
        "azure",
        "beige",
        "bisque",
        "black",
        "blanchedalmond",
        "blue",
        "blueviolet",
        "brown",
        "burlywood",
        "cadetblue",
        "chartreuse",
        "chocolate",
        "coral",
        "cornflowerblue",
        "cornsilk",
        "crimson",
        "cyan",
        "darkblue",
        "darkcyan",
        "darkgoldenrod",
        "darkgray",
        "darkgreen",
        "darkgrey",
        "darkkhaki",
        "darkmagenta",
        "darkolivegreen",
        "darkorange",
        "darkorchid",
        "darkred",
        "darksalmon",
        "darkseagreen",
        "darkslateblue",
        "darkslategray",
        "darkslategrey",
        "darkturquoise",
        "darkviolet",
        "deeppink",
        "deepskyblue",
        "dimgray",
        "dimgrey",
        "dodgerblue",
        "firebrick",
        "floralwhite",
        "forestgreen",
        "fuchsia",
        "gainsboro",
        "ghostwhite",
        "gold",
        "goldenrod",
        "gray",
        "green",
        "greenyellow",
        "grey",
        "honeydew",
        "hotpink",
        "indianred",
        "indigo",
        "ivory",
        "khaki",
        "lavender",
        "lavenderblush",
        "lawngreen",
        "lemonchiffon",
        "lightblue",
        "lightcoral",
        "lightcyan",
        "lightgoldenrodyellow",
        "lightgray",
        "lightgreen",
        "lightgrey",
        "lightpink",
        "lightsalmon",
        "lightseagreen",
        "lightskyblue",
        "lightslategray",
        "lightslategrey",
        "lightsteelblue",
        "lightyellow",
        "lime",
        "limegreen",
        "linen",
        "magenta",
        "maroon",
        "mediumaquamarine",
        "mediumblue",
        "mediumorchid",
        "mediumpurple",
        "mediumseagreen",
        "mediumslateblue",
        "mediumspringgreen",
        "mediumturquoise",
        "mediumvioletred",
        "midnightblue",
        "mintcream",
        "mistyrose",
        "moccasin",
        "navajowhite",
        "navy",
        "oldlace",
        "olive",
        "olivedrab",
        "orange",
        "orangered",
        "orchid",
        "palegoldenrod",
        "palegreen",
        "paleturquoise",
        "palevioletred",
        "papayawhip",
        "peru",
        "pink",
        "plum",
        "powderblue",
        "purple",
        "rebeccapurple",
        "red",
        "rosybrown",
        "royalblue",
        "saddlebrown",
        "salmon",
        "sandybrown",
        "seagreen",
        "seashell",
        "sienna",
        "silver",
        "skyblue",
        "slateblue",
        "slategray",
        "slategrey",
        "snow",
        "springgreen",
        "steelblue",
        "tan",
        "teal",
        "thistle",
        "tomato",
        "turquoise",
        "violet",
        "wheat",
        "white",
        "whitesmoke",
        "yellow",
        "yellowgreen",
    ]
)
"""CSS Color Module Level 4's named colours."""


def colour(value: str) -> str | None:
    """The colour normalised (`#8A5A00` → `#8a5a00`, `Teal` → `teal`), or None when CSS
    would not read it."""
    text = value.strip().lower()
    if _HEX.match(text) or text in CSS_COLOURS:
        return text
    return None


def read_eras(doc: Document) -> tuple[list[Era], list[Diagnostic]]:
    """content/eras.yaml: a list of eras, each problem reported at its line."""
    diags: list[Diagnostic] = []
    origin = Origin(doc.path, doc.marks, (), doc.body_line)
    data = doc.data
    if data is None:
        return [], diags
    if not isinstance(data, list):
        Reader(origin, {}, set(), diags).report(
            (), "error", "field-type",
            f"eras.yaml should be a list of eras ('- title: …' lines), not {a_type_name(data)}",
        )  # fmt: skip
        return [], diags
    out: list[Era] = []
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            Reader(origin, {}, set(), diags).report(
                (i,), "error", "field-type",
                f"era {i + 1} should be a mapping with title, start and end, not "
                f"{a_type_name(item)}",
            )  # fmt: skip
            continue
        era = _read_era(Reader(origin, item, ERA_FIELDS, diags, (i,)), i)
        if era is not None:
            out.append(era)
    return out, diags


def _read_era(r: Reader, i: int) -> Era | None:
    what = f"era {i + 1}"
    r.unknown_fields(what)
    title = r.text("title", what, required=True)
    start = r.date("start", what, required=True)
    end = r.date("end", what, required=True)
    key = "colour" if "colour" in r.data or "color" not in r.data else "color"
    written = r.text(key, what)
    shade = colour(written) if written else ""
    if shade is None:
        r.report(
            (key,), "error", "era-colour",
            f"'{written}' is not a colour; write a hex colour like \"#8a5a00\" (in double "
            "quotes: YAML reads # as a comment) or a CSS colour name like teal"
            + did_you_mean(written.lower(), CSS_COLOURS),
        )  # fmt: skip
        shade = ""
    timelines = r.slugs("timelines")
    if start is not None and end is not None and end.last_ordinal() < start.first_ordinal():
        r.report(
            ("end",), "error", "era-dates",
            f"{what} ('{title}') ends ({end.edtf()}) before it starts ({start.edtf()}); "
            "swap them or correct the date",
        )  # fmt: skip
        return None
    if not title or start is None or end is None:
        return None
    origin = Origin(r.origin.path, r.origin.marks, (i,))
    if r.origin.kept and (kept := r.origin.kept.get((i, "timelines"))) is not None:
        origin.keep_items(("timelines",), list(kept))  # (see Reader.strings)
    return Era(title, start, end, shade, timelines, origin)


def timeline_refs(site_dir: Path, eras: tuple[Era, ...] | list[Era]) -> list[Diagnostic]:
    """`timelines: [ID]` names a timeline in content/timelines/: checked only where that
    folder exists (timelines are another part of issue 18; without the folder an era
    belongs to the one timeline there is, and its `timelines:` is kept as written)."""
    folder = site_dir / "content" / "timelines"
    if not folder.is_dir():
        return []
    known = _timeline_ids(folder)
    out: list[Diagnostic] = []
    for era in eras:
        for j, tid in enumerate(era.timelines):
            if tid in known:
                continue
            hint = did_you_mean(tid, known)
            if not hint and known:
                hint = "; the timelines are " + ", ".join(sorted(known))
            line, col = era.origin.at("timelines", j)
            out.append(
                Diagnostic(
                    era.origin.path, line, col, "error", "era-timeline",
                    f"era '{era.title}' names timeline '{tid}', which content/timelines/ "
                    f"does not have{hint}",
                )
            )  # fmt: skip
    return out


def _timeline_ids(folder: Path) -> set[str]:
    """A timeline's id: its file's name without the suffix, or its folder's name."""
    ids = set()
    for entry in os.scandir(folder):
        name = entry.name
        if name.startswith((".", "_")):
            continue
        ids.add(name if entry.is_dir() else name.rsplit(".", 1)[0])
    return ids
