"""`sitegen init` and `sitegen new`: files an editor starts from."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .diagnostics import UsageError
from .load import SLUG_RE

SITE_YAML = """\
# The site's settings. See docs/content.md for every field.
title: "{title}"
# The address the site will be published at (may have a path), ending in /.
base_url: "https://example.org/"
language: en
description: "A sourced, linked timeline."
"""

SOURCES_YAML = """\
# Every source an event cites: an id, then its fields (title and publisher required).
example-source:
  title: "An example article"
  publisher: "Example News"
  author: "A. Reporter"
  url: "https://example.org/article"
  published: "{today}"
"""

EVENT_MD = """\
---
title: "{title}"
summary: "One sentence that says what happened."
date: "{date}"
people: [{person}]
countries: [{country}]
tags: []
sources: [{source}]
---
Write what happened here, in Markdown. Cite a source with [@{source}] and link to a
person, country or event with [[{person}]].
"""

PERSON_MD = """\
---
name: "{name}"
role: "Their role"
country: {country}
---
A short biography.
"""

COUNTRY_MD = """\
---
name: "{name}"
iso: {iso}
---
Notes about the country.
"""

GITIGNORE = "output/\n.sitegen-cache/\n.*.staging-*/\n"


def init(target: Path, title: str = "My timeline", today: dt.date | None = None) -> list[Path]:
    """Create a working new site in `target`; refuses to overwrite an existing site."""
    today = today or dt.date.today()
    content = target / "content"
    if content.exists():
        raise UsageError(f"{target} already has a content/ folder; choose an empty folder")
    files = {
        content / "site.yaml": SITE_YAML.format(title=title.replace('"', "'")),
        content / "sources.yaml": SOURCES_YAML.format(today=today.isoformat()),
        content / "events" / "first-event.md": EVENT_MD.format(
            title="The first event",
            date=today.isoformat(),
            person="first-person",
            country="first-country",
            source="example-source",
        ),
        content / "people" / "first-person.md": PERSON_MD.format(
            name="First Person", country="first-country"
        ),
        content / "countries" / "first-country.md": COUNTRY_MD.format(
            name="Example Country", iso="FR"
        ),
        target / "static" / ".keep": "",
        target / ".gitignore": GITIGNORE,
    }
    written = []
    for path, text in files.items():
        if path.name == ".gitignore" and path.exists():
            existing = path.read_text(encoding="utf-8")
            missing = [line for line in GITIGNORE.splitlines() if line not in existing.split()]
            if missing:
                path.write_text(existing.rstrip("\n") + "\n" + "\n".join(missing) + "\n")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def new(
    site: Path, kind: str, slug: str, title: str = "", date: str = "", today: dt.date | None = None
) -> Path:
    """A skeleton event, person or country file; refuses to overwrite one."""
    if not SLUG_RE.match(slug):
        fixed = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")
        raise UsageError(
            f"'{slug}' is not a valid slug: use lower-case letters, digits and hyphens"
            + (f"; did you mean '{fixed}'?" if fixed else "")
        )
    folder = {"event": "events", "person": "people", "country": "countries"}[kind]
    content = site / "content"
    if not content.is_dir():
        raise UsageError(f"{site} is not a sitegen site (no content/ folder); run 'sitegen init'")
    existing = list((content / folder).rglob(f"{slug}.md")) if (content / folder).is_dir() else []
    if existing:
        raise UsageError(f"{existing[0].relative_to(site)} already exists")
    name = title or slug.replace("-", " ").capitalize()
    if kind == "event":
        day = date or (today or dt.date.today()).isoformat()
        year = day[:4]
        path = content / folder / year / f"{slug}.md"
        text = (
            f'---\ntitle: "{name}"\nsummary: ""\ndate: "{day}"\npeople: []\ncountries: []\n'
            "tags: []\nsources: []\n---\nWhat happened, in Markdown. Cite sources with `[@id]`; "
            "link with `[[slug]]`.\n"
        )
    elif kind == "person":
        path = content / folder / f"{slug}.md"
        text = f'---\nname: "{name}"\nrole: ""\n---\nA short biography.\n'
    else:
        path = content / folder / f"{slug}.md"
        text = f'---\nname: "{name}"\niso: ""\n---\nNotes.\n'
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
