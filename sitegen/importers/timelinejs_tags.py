"""TimelineJS groups' names into content/tags.yaml.

A slide's group becomes a tag slug (`Space, race` -> `space-race`); readers would see the
slug in words ("Space race") and timeline.json would give it back as that. Each group
whose words the slug does not say is named in content/tags.yaml, so the site shows it and
exports it as TimelineJS had it. Tags the file already names are left as they are; new
ones are added at its end, its comments kept."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..files import Refused, site_text, stays_inside
from ..load import reads_back, site_yaml
from ..model import humanise
from .timelinejs_source import Report, Where

TAGS_REL = "content/tags.yaml"


def import_tag_names(names: dict[str, tuple[str, Where]], site: Path, report: Report) -> list[Path]:
    """Add `names` (slug: the group as written, and where) that need one to
    content/tags.yaml; the file, if it was written."""
    wanted = {slug: name for slug, (name, _) in names.items() if humanise(slug) != name}
    if not wanted:
        return []
    where = next(iter(names.values()))[1]
    path = site / TAGS_REL
    text, data = _existing(path, site)
    if data is None:
        report(where, "warning", "import-site",
               f"{TAGS_REL} cannot be read as tags and their names, so the groups' names "
               "are not written (the tags show as their slugs in words); run 'sitegen "
               "check'")  # fmt: skip
        return []
    named = {**_site_yaml_tags(site), **data}
    adding = {slug: name for slug, name in wanted.items() if slug not in named}
    added = [
        f"{json.dumps(slug, ensure_ascii=False)}: {json.dumps(name, ensure_ascii=False)}\n"
        for slug, name in adding.items()
    ]
    if not added:
        return []
    new = text + ("\n" if text and not text.endswith("\n") else "") + "".join(added)
    if not reads_back("tags.yaml", new, {**data, **adding}.__eq__):
        report(where, "warning", "import-site",
               f"{TAGS_REL} is not written as 'tag: name' lines that an import can add to "
               "(a mapping in braces?), so the groups' names are not written; add them by "
               "hand")  # fmt: skip
        return []
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new, encoding="utf-8")
    except OSError as exc:
        report(where, "error", "import-write", f"cannot write {TAGS_REL}: {exc.strerror or exc}")
        return []
    return [path]


def _existing(path: Path, site: Path) -> tuple[str, dict[str, Any] | None]:
    """content/tags.yaml's text and mapping; None for a mapping it cannot be read as, or a
    link (not written through, as eras.yaml's is not)."""
    if not stays_inside(path.parent, site / "content") or path.is_symlink():
        return "", None
    try:
        text = site_text(path) if os.path.lexists(path) else ""
        data = site_yaml(path) if text.strip() else {}
    except (OSError, Refused, ValueError):
        return "", None
    return text, data if isinstance(data, dict) else None


def _site_yaml_tags(site: Path) -> dict[str, Any]:
    """site.yaml's own `tags:` names (tags.yaml would override them: they are kept)."""
    try:
        data = site_yaml(site / "content" / "site.yaml")
    except (OSError, Refused, ValueError):  # (check reports it; the import goes on)
        return {}
    tags = data.get("tags") if isinstance(data, dict) else None
    return tags if isinstance(tags, dict) else {}
