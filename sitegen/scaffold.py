"""`sitegen init` and `sitegen new`: files an editor starts from."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from urllib.parse import urlsplit

from . import __version__, dates, schema, skeleton
from .errors import UsageError
from .files import kind_of, name_trouble, writable_in_site
from .load import (
    MARKDOWN_SUFFIXES,
    SLUG_RE,
    SOURCE_ID,
    parse_yaml_file,
    source_id_rule,
    too_long,
)
from .slugs import TITLE_SLUG_LIMIT, slugify, title_slug
from .write import built_by_sitegen
from .yamltext import quoted, text_option

SITE_YAML = """\
# The site's settings. Every field, and every file of a site: run 'sitegen docs content'.
title: {title}
# The address the site will be published at (may have a path), ending in /.
base_url: "https://example.org/"
language: en
description: "A sourced, linked timeline."
"""

# The sample site is real (a true event with a real source), not placeholder text: it
# passes `sitegen check --strict` as it is, on any day (it carries no date of today's),
# and shows an editor what a finished entry looks like. Replace it with your own story.
SOURCES_YAML = """\
# Every source an event cites: an id, then its fields (title and publisher required).
# Add one with: sitegen new source ID --url URL --title TITLE --publisher PUBLISHER
nasa-apollo-11:
  title: "Apollo 11"
  publisher: "NASA"
  url: "https://www.nasa.gov/mission/apollo-11/"
"""

SAMPLE_EVENT = """\
---
title: "Apollo 11 lands on the Moon"
summary: "Neil Armstrong and Buzz Aldrin land in the Sea of Tranquility and walk on the Moon."
date: "1969-07-20"
people: [neil-armstrong]
countries: [united-states]
tags: [spaceflight]
sources: [nasa-apollo-11]
---
The lunar module Eagle landed in the Sea of Tranquility on 20 July 1969
[@nasa-apollo-11]. [[neil-armstrong]] stepped onto the surface a few hours later,
followed by Buzz Aldrin, while Michael Collins stayed in lunar orbit.
"""

SAMPLE_PERSON = """\
---
name: "Neil Armstrong"
role: "Commander of Apollo 11"
country: united-states
---
An American astronaut and engineer, the first person to walk on the Moon.
"""

SAMPLE_COUNTRY = """\
---
name: "United States"
iso: US
---
NASA, the United States' space agency, ran the Apollo programme.
"""

# What `sitegen new` writes: drafts, so `sitegen build` publishes nothing of them until an
# editor removes `draft: true`; every TODO is a `placeholder` diagnostic until rewritten.
EVENT_SKELETON = f"""\
---
title: {{title}}
summary: "{skeleton.EVENT_SUMMARY}"
date: "{{date}}"
draft: true
people: []
countries: []
tags: []
sources: []
---
{skeleton.EVENT_BODY}
"""

PERSON_SKELETON = f"""\
---
name: {{name}}
role: "{skeleton.PERSON_ROLE}"
draft: true
---
{skeleton.PERSON_BODY}
"""

COUNTRY_SKELETON = f"""\
---
name: {{name}}
iso: ""
draft: true
---
{skeleton.COUNTRY_BODY}
"""

GITIGNORE = "output/\n.sitegen-cache/\n.*.staging-*/\n"

WORKFLOW = """\
# Checks every pull request and publishes main to GitHub Pages, with sitegen.
# Once: in the repository's Settings > Pages, set "Source" to "GitHub Actions".
name: sitegen

on:
  pull_request:
  push:
    branches: [main]
  workflow_dispatch:

env:
  # Where pip finds sitegen: a release ("sitegen=={version}") or its repository
  # ("git+https://github.com/OWNER/sitegen@v{version}").
  SITEGEN: "sitegen=={version}"

permissions:
  contents: read

jobs:
  check:
    if: github.event_name == 'pull_request'
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install "$SITEGEN"
      # every problem as an annotation on the pull request's diff; warnings count too.
      # A trial build, not `sitegen check`: it also renders every page, so a template
      # that fails only as a page renders fails here, not in the deploy; it publishes
      # nothing (its output goes to the runner's scratch folder)
      - run: sitegen build --strict --format github --output "$RUNNER_TEMP/trial"

  deploy:
    if: github.event_name != 'pull_request'
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    concurrency:
      group: pages
      cancel-in-progress: false
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install "$SITEGEN"
      # writes nothing (and so publishes nothing) while the site has an error
      - run: sitegen build --format github
      - uses: actions/upload-pages-artifact@v3
        with:
          path: output/
      - id: deployment
        uses: actions/deploy-pages@v4
"""


def _year_folder(date: str) -> str:
    """An event's folder under content/events/ for `--date`: `2024`, `0044-bce`; a date
    sitegen cannot read is a usage error (it named the folder, `--date /tmp` too)."""
    try:
        year = dates.parse(date).year
    except dates.DateError:
        raise UsageError(dates.option_problem("--date", date)) from None
    return f"{year:04d}" if year > 0 else f"{-year:04d}-bce"


def init(
    target: Path, title: str = "My timeline", today: dt.date | None = None, force: bool = False
) -> list[Path]:
    """Create a working new site in `target`: a new or empty folder, or with `force` a
    folder of other files (a repository), none of which it overwrites. `today` is taken
    for symmetry with `new`: the sample carries no date that depends on it."""
    files = _init_files(target, text_option("--title", title))
    _may_init(target, force, [p for p in files if p.name != ".gitignore"])
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


def _may_init(target: Path, force: bool, paths: list[Path]) -> None:
    """Refuse a target that is not a new or empty folder, unless forced into a folder of
    other files; never the file system's root or the home folder, never over a file,
    never inside a site's own folders (see _inside_a_site)."""
    _plain_name(target)
    resolved = target.resolve()
    if resolved == Path(resolved.anchor) or resolved == Path.home().resolve():
        what = "the file system's root" if resolved == Path(resolved.anchor) else "your home"
        raise UsageError(f"{target} is {what} folder; give a new folder: sitegen init my-site")
    _no_file_in_the_way(target)
    _inside_a_site(target, resolved)
    if (target / "content").exists():
        raise UsageError(f"{target} already has a content/ folder; choose an empty folder")
    if not target.is_dir() or not any(target.iterdir()):
        return
    if not force:
        raise UsageError(
            f"{target} is not empty and is not a sitegen site; choose a new or empty folder, "
            "or add --force to add the site's files beside what is there"
        )
    there = [str(p.relative_to(target)) for p in paths if p.exists() or p.is_symlink()]
    if there:
        raise UsageError(f"{target} already has {', '.join(there)}; move it away first")
    for path in [*paths, target / ".gitignore"]:  # (a linked static/ or .github/ in it)
        writable_in_site(target, path)


SITE_FOLDERS = {
    "content": "reads every file as the site's content",
    "static": "publishes every file, the new site's content/ too",
    "templates": "reads every file as the site's theme",
    "output": "replaces everything at the next build",
}
"""A site's folders another site must not be made in, and what sitegen does there."""


def _inside_a_site(target: Path, resolved: Path) -> None:
    """Refuse a target inside an existing site's content/, static/, templates/, output/
    or .sitegen-… folders (`sitegen init static/x` run in a site): the outer site would
    read, publish or remove the new site's files. Elsewhere in a site (examples/x) a new
    site is a folder the outer one never reads."""
    for above in (resolved, *resolved.parents):
        if built_by_sitegen(above):  # (an output folder given by --output)
            raise UsageError(
                f"{target} is inside the output folder {above}, where sitegen replaces "
                "everything at the next build; create the new site outside it"
            )
        if above == resolved or not os.path.lexists(above / "content" / "site.yaml"):
            continue
        first = resolved.relative_to(above).parts[0]
        why = SITE_FOLDERS.get(first)
        if why is None and first.startswith(".sitegen"):
            why = "keeps its cache and half-built output, and removes them"
        if why is not None:
            raise UsageError(
                f"{target} is inside the site {above}, in its {first}/ folder, where sitegen "
                f"{why}; create the new site outside it: sitegen init {above.parent / 'new-site'}"
            )


def _plain_name(target: Path) -> None:
    """Refuse a folder name that would split or turn round each line that names it."""
    if bad := name_trouble(str(target)):
        raise UsageError(
            f"{str(target)!r}: the folder's name holds an invisible or line-breaking "
            f"character (U+{ord(bad):04X}); choose a name of letters, digits and hyphens"
        )


def _no_file_in_the_way(target: Path) -> None:
    """Refuse a target that is, or lies under, a file, a FIFO or a link to nothing."""
    for above in (target, *target.parents):  # (a file, a FIFO, a link to nothing on the way)
        if os.path.lexists(above) and not above.is_dir():
            kind = "symbolic link to nothing" if above.is_symlink() and not above.exists() else (
                kind_of(os.stat(above).st_mode)
            )  # fmt: skip
            raise UsageError(
                f"{above} is a {kind}, not a folder; give a folder to create the site in"
            )


def _init_files(target: Path, title: str) -> dict[Path, str]:
    content = target / "content"
    return {
        content / "site.yaml": SITE_YAML.format(title=quoted(title)),
        content / "sources.yaml": SOURCES_YAML,
        content / "events" / "1969" / "apollo-11-lands.md": SAMPLE_EVENT,
        content / "people" / "neil-armstrong.md": SAMPLE_PERSON,
        content / "countries" / "united-states.md": SAMPLE_COUNTRY,
        target / "static" / ".keep": "",
        target / ".gitignore": GITIGNORE,
        target / ".github" / "workflows" / "sitegen.yml": WORKFLOW.format(version=__version__),
    }


def title_to_slug(kind: str, title: str, date: str = "", today: dt.date | None = None) -> str:
    """The slug `sitegen new KIND --title TITLE` gives the file: the one the TimelineJS
    import gives a slide of that headline (sitegen.slugs). An event's title in a script
    no table spells in Latin letters gets its date and a hash of the title; a person's,
    a country's or a timeline's is refused, with what to write instead."""
    title = text_option("--title", title)
    if not title:
        raise UsageError(f"'sitegen new {kind}' needs a slug, or a --title to make it from")
    if kind == "event":
        day = date.strip() or (today or dt.date.today()).isoformat()
        _year_folder(day)  # (a date sitegen cannot read: the same refusal as with a slug)
        return title_slug(title, dates.parse(day))
    slug = slugify(title, TITLE_SLUG_LIMIT)
    if not slug:
        raise UsageError(
            f"--title '{title}' has no letter sitegen spells in Latin ones to make a slug "
            f"of; give the slug too: sitegen new {kind} SLUG --title '{title}'"
        )
    return slug


def new(
    site: Path, kind: str, slug: str, title: str = "", date: str = "", today: dt.date | None = None
) -> Path:
    """A skeleton event, person or country file; refuses to overwrite one."""
    if not SLUG_RE.match(slug):
        fixed = slugify(slug)
        raise UsageError(
            f"'{slug}' is not a valid slug: use lower-case letters, digits and hyphens"
            + (f"; did you mean '{fixed}'?" if fixed else "")
            + " (or give the title alone, with --title: the slug is made from it)"
        )
    if problem := too_long(slug, "a slug"):
        raise UsageError(problem)
    folder = {"event": "events", "person": "people", "country": "countries"}[kind]
    content = site / "content"
    if not content.is_dir():
        raise UsageError(f"{site} is not a sitegen site (no content/ folder); run 'sitegen init'")
    existing = [
        found
        for suffix in MARKDOWN_SUFFIXES
        for found in (
            (content / folder).rglob(slug + suffix) if (content / folder).is_dir() else []
        )
    ]
    if existing:
        raise UsageError(f"{existing[0].relative_to(site)} already exists")
    name = quoted(text_option("--title", title) if title else slug.replace("-", " ").capitalize())
    if kind == "event":
        day = date.strip() or (today or dt.date.today()).isoformat()
        path = content / folder / _year_folder(day) / f"{slug}.md"
        text = EVENT_SKELETON.format(title=name, date=day)
    else:
        path = content / folder / f"{slug}.md"
        text = (PERSON_SKELETON if kind == "person" else COUNTRY_SKELETON).format(name=name)
    writable_in_site(site, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def new_source(
    site: Path,
    sid: str,
    url: str,
    title: str,
    publisher: str = "",
    published: str = "",
    today: dt.date | None = None,
) -> Path:
    """Append a checked entry to content/sources.yaml as text, so its comments and layout
    stay as the editor wrote them; refuses a duplicate id or url, a bad url or date."""
    path = site / "content" / "sources.yaml"
    if not (site / "content").is_dir():
        raise UsageError(f"{site} is not a sitegen site (no content/ folder); run 'sitegen init'")
    title = text_option("--title", title)
    publisher = text_option("--publisher", publisher)
    writable_in_site(site, path)
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    existing = _read_sources(old)
    _check_source(sid, url, title, published, today or dt.date.today(), existing)
    fields = {
        "title": title.strip(),
        "publisher": publisher.strip() or _host(url),
        "url": url.strip(),
        "published": published.strip(),
    }
    entry = f"{sid}:\n" + "".join(
        f"  {key}: {quoted(value)}\n" for key, value in fields.items() if value
    )
    text = old + ("\n" if old and not old.endswith("\n") else "") + entry
    try:
        fits = sid in _read_sources(text)
    except UsageError:  # (its problem is in the lines added, not in the user's file)
        fits = False
    if not fits:  # a mapping in braces, a '...' end: the file reads, with lines added not
        raise UsageError(
            f"{path.relative_to(site)} is not written as 'id:' lines that a source can be "
            "added to (a mapping in braces, or a '...' end?); add the source by hand"
        )
    path.write_text(text, encoding="utf-8")
    return path


def _read_sources(text: str) -> dict[str, str]:
    """Source id -> url of the sources in a sources.yaml text; refuses one with errors."""
    doc, diags = parse_yaml_file("content/sources.yaml", text.encode("utf-8"))
    sources, more = schema.read_sources(doc) if doc is not None else ([], [])
    problems = [d for d in (*diags, *more) if d.severity == "error"]
    if problems:
        first = problems[0]
        raise UsageError(
            f"{first.path}:{first.line}:{first.column}: {first.message}; fix it before adding "
            "a source (sitegen check lists every problem)"
        )
    return {s.id: s.url for s in sources}


def _check_source(
    sid: str, url: str, title: str, published: str, today: dt.date, existing: dict[str, str]
) -> None:
    if not SOURCE_ID.match(sid):
        raise UsageError(source_id_rule(sid))
    if sid in existing:
        raise UsageError(f"content/sources.yaml already has a source '{sid}'; choose another id")
    if problem := schema.source_url_problem(url.strip()):
        raise UsageError(f"--url: {problem}")
    same = [
        other for other, known in existing.items() if known.rstrip("/") == url.strip().rstrip("/")
    ]
    if same:
        raise UsageError(f"source '{same[0]}' already has the url {url}; cite '{same[0]}'")
    if not title.strip():
        raise UsageError("--title is empty: readers must see what the source is")
    if published:
        try:
            when = dates.parse(published)
        except dates.DateError:
            raise UsageError(dates.option_problem("--published", published)) from None
        if when.first_ordinal() > today.toordinal():
            raise UsageError(f"--published {published} is after today ({today.isoformat()})")


def _host(url: str) -> str:
    host = urlsplit(url.strip()).hostname or ""
    return host.removeprefix("www.")
