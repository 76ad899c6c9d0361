"""Many timelines, one newsroom: content/timelines/ID.md and the stories' events.

A site without content/timelines/ is one story, as it always was. With timelines, each
event names the stories it belongs to (`timelines: [ID, …]`); people, countries and
sources stay shared. This module checks the site's timelines (a timeline's file is read
by timeline_reader.py, its `order:` and `byline:` by schema.py, as site.yaml's), tells
which events each one has, and makes new ones (`sitegen new timeline`); stories.py shapes
them for the pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from . import images
from .diagnostics import FILE_CODES, Diagnostic, did_you_mean
from .images import image_path_problem
from .model import Event, Site, Timeline

TIMELINE_FIELDS = {"title", "summary", "byline", "updated", "order", "image", "draft"}
FILES = ("feed.xml", "timeline.json", "events.ics", "events.json", "search.json")
"""The data files each timeline has under timelines/ID/, as the site has at its root
(search.json: which of the site's search documents its page searches; see search.py)."""


# -- checks --------------------------------------------------------------------------------


def unreadable(prior: Iterable[Diagnostic]) -> frozenset[str]:
    """Ids of timeline files that could not be read (already errors): events naming them
    are not reported as naming nothing."""
    return frozenset(
        d.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        for d in prior
        if d.path.startswith("content/timelines/") and d.code in FILE_CODES
    )


def check(
    site: Site,
    static_files: set[str],
    broken: frozenset[str] = frozenset(),
    today: dt.date | None = None,
) -> Iterator[Diagnostic]:
    """timeline-unknown, timeline-missing, timeline-empty, slugs shared with events, and
    an `updated:` after `today`; `broken`: ids of timeline files that could not be read."""
    if not site.timelines and not broken:
        for ev in site.events:
            for i, slug in enumerate(ev.timelines):
                yield _at(
                    ev, ("timelines", i), "error", "timeline-unknown",
                    f"no timeline '{slug}': the site has no content/timelines/ folder; "
                    f"create content/timelines/{slug}.md (sitegen new timeline {slug}) or "
                    "remove the line",
                )  # fmt: skip
        return
    used = {slug for ev in site.events for slug in ev.timelines}
    yield from _named(site, used, broken)
    yield from _site_fields(site)
    events = {ev.slug: ev for ev in site.events}
    for slug, tl in site.timelines.items():
        line, col = tl.origin.at("title")
        if slug not in used:
            yield Diagnostic(
                tl.origin.path, line, col, "warning", "timeline-empty",
                f"no event is in timeline '{slug}'; add '{slug}' to an event's timelines",
            )  # fmt: skip
        if slug in events:
            yield Diagnostic(
                tl.origin.path, 1, 1, "error", "slug-duplicate",
                f"an event is also called '{slug}' ({events[slug].origin.path}); "
                "[[links]] and addresses need timelines and events to have different names",
            )  # fmt: skip
        yield from _image(tl, static_files)
        yield from _updated(tl, today)


def _named(site: Site, used: set[str], broken: frozenset[str]) -> Iterator[Diagnostic]:
    """The events' `timelines:` on a site with timelines: none, or one that is not."""
    for ev in site.events:
        if not ev.timelines:  # (a draft, as `sitegen new event` writes it: a to-do)
            yield _at(
                ev, ("title",), "warning" if ev.draft else "error", "timeline-missing",
                "the site has timelines, and this event names none; add 'timelines: [ID]' "
                f"with one of {', '.join(site.timelines)}"
                + (" before publishing it" if ev.draft else ""),
            )  # fmt: skip
        for i, slug in enumerate(ev.timelines):
            if slug not in site.timelines and slug not in broken:
                yield _at(
                    ev, ("timelines", i), "error", "timeline-unknown",
                    _unknown(site, slug, used),
                )  # fmt: skip


def _unknown(site: Site, slug: str, used: set[str]) -> str:
    """What timeline-unknown says of `slug`, with the id it most likely means."""
    from .slugs import slugify

    if not slug.strip():
        return (
            "an empty timeline id in timelines; write one of "
            f"{', '.join(site.timelines)} (the file names in content/timelines/)"
        )
    fixed = slugify(slug)  # ('Harbour', 'harbour_2024': as the file would be named)
    hint = f"; did you mean '{fixed}'?" if fixed in site.timelines and fixed != slug else ""
    hint = hint or did_you_mean(slug, site.timelines) or _renamed(site, used)
    return f"no timeline '{slug}' (content/timelines/{slug}.md){hint}"


def _site_fields(site: Site) -> Iterator[Diagnostic]:
    """site.yaml's byline, updated and order are the one story's of a site without
    timelines: on a site with them (one converted, say) they would be silently unused."""
    config = site.config
    for name, given in (
        ("byline", bool(config.byline)),
        ("updated", config.updated is not None),
        ("order", config.order != "oldest"),
    ):
        if given:
            line, col = config.origin.at(name)
            yield Diagnostic(
                config.origin.path, line, col, "warning", "timeline-site-field",
                f"site.yaml's '{name}' is for a site without content/timelines/, and this "
                f"site has timelines; write '{name}:' in each timeline's file "
                "(content/timelines/ID.md) and remove it here",
            )  # fmt: skip


def _updated(tl: Timeline, today: dt.date | None) -> Iterator[Diagnostic]:
    """An `updated:` after today: most often a typo in the year, which would put the
    timeline at the head of the front page until then."""
    when = tl.updated
    if today is None or when is None or not when.datable or when.first_day() <= today:
        return
    line, col = tl.origin.at("updated")
    yield Diagnostic(
        tl.origin.path, line, col, "warning", "date-future",
        f"the timeline says it was updated after today ({today.isoformat()}), and would "
        "head the front page until then; correct the date",
    )  # fmt: skip


def _renamed(site: Site, used: set[str]) -> str:
    """A hint when a timeline's file was renamed and its events still name the old id:
    the timeline no event names, if there is one."""
    unused = [s for s in site.timelines if s not in used]
    if len(unused) != 1:
        return ""
    return f"; was it renamed to '{unused[0]}'? (no event names that timeline)"


def _at(ev: Event, where: tuple[str | int, ...], severity: str, code: str, msg: str) -> Diagnostic:
    line, col = ev.origin.at(*where)
    return Diagnostic(ev.origin.path, line, col, severity, code, msg)  # type: ignore[arg-type]


def _image(tl: Timeline, static_files: set[str]) -> Iterator[Diagnostic]:
    image = tl.image
    if image is None or image.src.lower().startswith(("http://", "https://")):
        return
    line, col = tl.origin.at("image", "src")
    problem = image_path_problem(image.src)
    if not problem and image.src.lstrip("/") not in static_files:
        problem = f"no file static/{image.src.lstrip('/')}" + (
            did_you_mean(image.src.lstrip("/"), static_files)
            or "; put the picture there, or give an https:// address"
        )
    if problem:
        yield Diagnostic(tl.origin.path, line, col, "error", "image-src", problem)
    elif broken := images.unreadable(image):
        yield Diagnostic(tl.origin.path, line, col, "error", "image-broken", broken)


# -- planning ------------------------------------------------------------------------------


def visible(site: Site, drafts: bool) -> list[Timeline]:
    """The timelines a build publishes."""
    return [t for t in site.timelines.values() if drafts or not t.draft]


# -- scaffolding (`sitegen new timeline ID`, `sitegen new event … --timeline ID`) ----------


def timeline_files(site: Path) -> dict[str, Path]:
    """The site's timeline files by id (their names without the suffix), as the build
    reads them: any folder under content/timelines/, hidden files and editor copies left
    out."""
    from .load import MARKDOWN_SUFFIXES, is_ignored_name

    folder = site / "content" / "timelines"
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).parts
        suffix = next((x for x in MARKDOWN_SUFFIXES if path.name.endswith(x)), "")
        if suffix and not any(is_ignored_name(p) for p in rel) and path.is_file():
            found.setdefault(path.name[: -len(suffix)], path)
    return found


def check_id(site: Path, slug: str) -> None:
    """A new timeline's id: a valid slug, not an event's (the same addresses and [[links]]
    serve both); raises UsageError."""
    from .errors import UsageError
    from .load import MARKDOWN_SUFFIXES

    if not (site / "content").is_dir():
        raise UsageError(f"{site} is not a sitegen site (no content/ folder); run 'sitegen init'")
    _valid_id(slug)
    events = site / "content" / "events"
    names = [f"{slug}{suffix}" for suffix in MARKDOWN_SUFFIXES]
    clash = [p for p in events.rglob("*") if p.name in names] if events.is_dir() else []
    if clash:
        raise UsageError(
            f"an event is already called '{slug}' ({clash[0].relative_to(site)}); "
            "give the timeline another id"
        )


def _valid_id(slug: str, known: Sequence[str] = ()) -> None:
    """A timeline id as the build reads its file's name (schema's slug-invalid): raises
    UsageError with the id it would be renamed to, or the known one it looks like."""
    from .errors import UsageError
    from .load import SLUG_RE, too_long
    from .slugs import slugify

    if problem := too_long(slug, "a timeline id"):
        raise UsageError(problem)
    if SLUG_RE.match(slug):
        return
    fixed = slugify(slug)
    like = did_you_mean(fixed, known) if fixed not in known else f"; did you mean '{fixed}'?"
    raise UsageError(
        f"'{slug}' is not a valid timeline id: use lower-case letters, digits and hyphens"
        + (like or (f"; did you mean '{fixed}'?" if fixed else ""))
    )


def new_timeline(site: Path, slug: str, title: str = "", today: dt.date | None = None) -> Path:
    """A skeleton timeline file; refuses to overwrite one or to take an event's slug."""
    from . import skeleton
    from .errors import UsageError
    from .files import writable_in_site
    from .yamltext import quoted, text_option

    check_id(site, slug)
    content = site / "content"
    path = content / "timelines" / f"{slug}.md"
    found = timeline_files(site).get(slug)  # (also ID.markdown, or in a sub-folder)
    if path.exists() or found is not None:
        raise UsageError(f"{(found or path).relative_to(site)} already exists")
    name = text_option("--title", title) if title else slug.replace("-", " ").capitalize()
    day = (today or dt.date.today()).isoformat()
    # TODO text, as `new event` writes: a `placeholder` error in `build` until rewritten
    text = (
        f"---\ntitle: {quoted(name)}\nsummary: {quoted(skeleton.TIMELINE_SUMMARY)}\n"
        f'byline: []\nupdated: "{day}"\norder: oldest\n---\n{skeleton.TIMELINE_BODY}\n\n'
        f"{skeleton.TIMELINE_EVENTS.format(slug)}\n"
    )
    writable_in_site(site, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def check_new_event(site: Path, timeline: str, event: str = "") -> None:
    """Before `sitegen new event SLUG --timeline ID` writes anything: the timeline
    exists, and the new event does not take a timeline's id (slug-duplicate)."""
    from .errors import UsageError

    known = sorted(timeline_files(site))
    if event in known:
        raise UsageError(
            f"a timeline is already called '{event}' (content/timelines/{event}.md); "
            "give the event another slug"
        )
    if timeline:
        _valid_id(timeline, known)
    if timeline and timeline not in known:
        hint = did_you_mean(timeline, known) or (
            f"; the timelines are {', '.join(known)}" if known else ""
        )
        raise UsageError(
            f"no timeline '{timeline}' (content/timelines/{timeline}.md){hint}; "
            f"create it with 'sitegen new timeline {timeline}'"
        )


def name_timeline(event_file: Path, site: Path, timeline: str) -> None:
    """Put `timelines: [ID]` into a new event's front matter."""
    text = event_file.read_text(encoding="utf-8")
    line = f"timelines: [{timeline}]"
    if "\nsources:" in text:  # beside the other lists of the skeleton
        text = text.replace("\nsources:", f"\n{line}\nsources:", 1)
    else:  # at the end of the front matter
        head, sep, rest = text.partition("\n---\n")
        text = f"{head}\n{line}{sep}{rest}"
    event_file.write_text(text, encoding="utf-8")
