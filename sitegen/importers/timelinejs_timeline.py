"""`sitegen import timelinejs SOURCE --timeline ID`: the title slide as
content/timelines/ID.md (see sitegen/timelines.py) instead of site.yaml's title.

On a site of timelines every event names one (or `sitegen check` reports
timeline-missing), so an import there must say which: `choose` refuses one that does not.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..errors import UsageError
from ..files import Refused, read_file, stays_inside
from ..load import parse_markdown_file
from ..timelines import check_id, timeline_files
from .timelinejs_source import Report, Where


def choose(site: Path, timeline: str) -> None:
    """Before anything is read or written: --timeline ID is a new timeline's valid id or
    an existing timeline's; a site of timelines needs one. Raises UsageError."""
    known = timeline_files(site)
    if not timeline:
        if known:
            raise UsageError(
                f"this site has timelines ({', '.join(sorted(known))}), and each event must "
                "name one (sitegen check: timeline-missing); pass --timeline ID to say which "
                "the imported events join"
            )
        return
    if timeline not in known:
        check_id(site, timeline)


def write(text: Callable[[], str], title: Where | None, site: Path, slug: str, force: bool,
          report: Report) -> list[Path]:  # fmt: skip
    """content/timelines/ID.md (`text()`, made from the title slide at `title`, if SOURCE
    has one), unless it exists: then it is kept, and reported if SOURCE has a title slide
    (--force replaces it). The file, if written."""
    existing = timeline_files(site).get(slug)
    if existing is not None and (title is None or not force):
        if title is not None:
            shown = existing.relative_to(site).as_posix()
            report(title, "warning", "import-exists",
                   f"{shown} already exists, so the title slide is not imported; the events "
                   "join that timeline (--force replaces the file)")  # fmt: skip
        return []
    path = existing or site / "content" / "timelines" / f"{slug}.md"
    try:
        # resolved before any folder is made: a linked folder must not take it elsewhere
        if not stays_inside(path.parent, site / "content") or path.is_symlink():
            raise OSError(0, "a symbolic link leads it outside the site's content/")
        if os.path.lexists(path) and not path.is_file():  # (a FIFO would block the write)
            raise OSError(0, "it is not a regular file")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text(), encoding="utf-8")
    except OSError as exc:
        message = (
            f"cannot write {path.relative_to(site).as_posix()}: {exc.strerror or exc}; "
            f"the imported events name timeline '{slug}', which does not exist"
        )
        if title is not None:
            report(title, "error", "import-write", message)
        else:
            report.whole("error", "import-write", message)
        return []
    return [path]


def untimelined(site: Path, events: dict[str, Path], slug: str, report: Report) -> None:
    """A site's first timeline: the events already there name none, which `sitegen check`
    then reports (timeline-missing); say so once, before the timeline is written."""
    if timeline_files(site):
        return
    missing = []
    for path in events.values():
        try:
            doc, _ = parse_markdown_file(path.name, read_file(str(path))[0])
        except (OSError, Refused):
            continue
        if doc is not None and not doc.data.get("timelines"):
            missing.append(path.relative_to(site).as_posix())
    if missing:
        more = ", …" if len(missing) > 3 else ""
        report.whole("warning", "import-timeline",
                     f"'{slug}' is the site's first timeline, and {len(missing)} event(s) "
                     f"already there name none ({', '.join(missing[:3])}{more}); add "
                     f"'timelines: [{slug}]' (or another timeline) to each, or sitegen "
                     "check reports timeline-missing")  # fmt: skip
