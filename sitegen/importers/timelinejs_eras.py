"""TimelineJS `eras` into content/eras.yaml: a title and dates each (see sitegen/eras.py).

An era whose title content/eras.yaml already has is reported and skipped unless --force,
which replaces it; new ones are added at the end of the file, its comments kept."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..files import Refused, site_text, stays_inside
from ..load import reads_back, site_yaml
from .timelinejs_dates import Skip, slide_dates
from .timelinejs_source import Report, Slide

ERAS_REL = "content/eras.yaml"


@dataclass
class _Era:
    title: str
    start: str
    end: str
    slide: Slide
    notes: list[str]
    """What of the era's dates was left out (`TimelineJS end, before the start: …`), as
    its warning says: kept as comments after its entry."""


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _entry(title: str, start: str, end: str, rest: dict[str, Any] | None = None) -> str:
    lines = [f"- title: {_quoted(title)}", f"  start: {_quoted(start)}", f"  end: {_quoted(end)}"]
    for key, value in (rest or {}).items():
        if key not in ("title", "start", "end"):
            lines.append(f"  {key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def _read(eras: list[Slide], report: Report) -> list[_Era]:
    """The eras SOURCE gives, each with a headline and a date sitegen holds."""
    out = []
    for slide in eras:
        title = slide.headline
        if not title:
            report(slide.where, "error", "import-field", "the era has no headline; not imported")
            continue
        try:
            found = slide_dates(slide, report)
        except Skip:
            continue
        end = found.end or found.start
        out.append(_Era(title, found.start.edtf(), end.edtf(), slide, found.notes))
    return out


def _existing(path: Path, report: Report, where: Slide) -> tuple[str, list[Any]] | None:
    """content/eras.yaml's text and list, or None (reported) when it cannot be used."""
    try:
        text = site_text(path) if os.path.lexists(path) else ""
        data = site_yaml(path) if text.strip() else []
    except (OSError, Refused, ValueError):
        data = None
    if not isinstance(data, list):
        report(
            where.where, "warning", "import-site",
            f"{ERAS_REL} cannot be read as a list of eras, so the eras are not imported; "
            "run 'sitegen check'",
        )  # fmt: skip
        return None
    return text, data


def import_eras(
    eras: list[Slide], site: Path, force: bool, report: Report, timeline: str = ""
) -> list[Path]:
    """Write SOURCE's eras into content/eras.yaml (`timelines: [ID]` each, when imported
    into a timeline); the file, if it was written."""
    found = _read(eras, report)
    if not found:
        return []
    path = site / ERAS_REL
    if not stays_inside(path.parent, site / "content") or path.is_symlink():
        report(found[0].slide.where, "warning", "import-site",
               f"{ERAS_REL} is a link, which an import does not write; the eras are not "
               "imported")  # fmt: skip
        return []
    existing = _existing(path, report, found[0].slide)
    if existing is None:
        return []
    text, data = existing
    added, replaced = _merged(found, data, force, report, timeline)
    if not added and not replaced:
        return []
    if replaced:  # the file written again, entry by entry (its comments are lost)
        kept = [replaced.get(i) or _keep(e) for i, e in enumerate(data)]
        text = "".join(kept)
    new = text + ("\n" if text and not text.endswith("\n") else "") + "".join(added)
    return _write(path, new, len(data) + len(added), found[0].slide, report)


def _write(path: Path, new: str, count: int, where: Slide, report: Report) -> list[Path]:
    """eras.yaml written as `new`, if it reads back as its `count` eras."""
    if not reads_back("eras.yaml", new, lambda back: isinstance(back, list) and len(back) == count):
        report(
            where.where, "warning", "import-site",
            f"{ERAS_REL} is not written as '- title: …' entries that an import can add to "
            "(a list in brackets?), so the eras are not imported; add them by hand",
        )  # fmt: skip
        return []
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new, encoding="utf-8")
    except OSError as exc:
        report(where.where, "error", "import-write",
               f"cannot write {ERAS_REL}: {exc.strerror or exc}")  # fmt: skip
        return []
    return [path]


def _merged(
    found: list[_Era], data: list[Any], force: bool, report: Report, timeline: str
) -> tuple[list[str], dict[int, str]]:
    """The entries to add at the end of eras.yaml, and those that replace its entry at an
    index (--force); an era the file has already is reported otherwise."""
    titles = {str(e.get("title")): i for i, e in enumerate(data) if isinstance(e, dict)}
    added: list[str] = []
    replaced: dict[int, str] = {}
    for era in found:
        at = titles.get(era.title)
        entry = _entry(
            era.title, era.start, era.end, {"timelines": [timeline]} if timeline else None
        )
        notes = "".join(f"  # {' '.join(note.split())}\n" for note in era.notes)
        if at is None:
            added.append(entry + notes)
            titles[era.title] = -1
        elif at >= 0 and force:
            joined = _joined(data[at], timeline)
            replaced[at] = _entry(era.title, era.start, era.end, joined) + notes
        elif at >= 0:
            report(era.slide.where, "warning", "import-exists",
                   f"{ERAS_REL} already has the era '{era.title}', so it is not imported "
                   "(--force replaces it)")  # fmt: skip
    return added, replaced


def _joined(entry: Any, timeline: str) -> Any:
    """An era's other fields as they were, `timeline` added to its timelines."""
    if not timeline or not isinstance(entry, dict):
        return entry
    had = entry.get("timelines")
    ids = [str(t) for t in had] if isinstance(had, list) else []
    return {**entry, "timelines": ids if timeline in ids else [*ids, timeline]}


def _keep(entry: Any) -> str:
    """An entry of the file as it was, written again."""
    if isinstance(entry, dict):
        rest = dict(entry)
        return _entry(str(rest.get("title", "")), str(rest.get("start", "")),
                      str(rest.get("end", "")), rest)  # fmt: skip
    return yaml.safe_dump([entry], allow_unicode=True, default_flow_style=False)
