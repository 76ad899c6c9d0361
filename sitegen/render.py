"""Pages → bytes: the Jinja environment, and each planned page rendered through it.

No disk writes here. planning.py turns a Site into Page specs whose `data` is everything
the page shows (and so, through keys.py, the key of the render cache); `Renderer.render`
turns one Page into bytes. Every internal link is relative to the page, so output/ works
at any path.
"""

from __future__ import annotations

import functools
import hashlib
import os
import posixpath
import tempfile
from collections.abc import (
    Callable,
    Container,
    Iterable,
    Iterator,
    Mapping,
    MutableMapping,
    Sequence,
)
from numbers import Number
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from jinja2.filters import do_trim, do_urlencode
from jinja2.loaders import split_template_path
from jinja2.utils import missing
from markupsafe import Markup, escape

from . import __version__, adapters, embed, escaping, precompiled, publish, search, slim, yearpages
from .dates import EDate
from .diagnostics import Diagnostic
from .files import (
    TEMPLATE_EXTENSIONS,
    TEMPLATE_SUFFIXES,
    Refused,
    default_theme,
    read_inside,
    unreadable,
)
from .jsontext import LD_JSON
from .keys import Digests, PageKeys
from .load import is_utf8
from .model import Config, Site
from .options import Options
from .pages import Later, Page, resolved
from .planning import Memo
from .records import LazyPattern, dataclass, value_methods
from .splice import Pieces

# -- render ------------------------------------------------------------------------------


class TemplateProblem(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Asset:
    """A file of the theme's assets/, as published."""

    name: str
    """Logical name used in templates: 'style.css'."""
    path: str
    """Fingerprinted output path: 'assets/style.1a2b3c4d5e.css'."""
    content: bytes


def theme_dirs(site_dir: Path) -> list[Path]:
    dirs = []
    own = site_dir / "templates"
    if own.is_dir():
        dirs.append(own)
    theme = default_theme()
    if theme.resolve() not in [d.resolve() for d in dirs]:
        dirs.append(theme)
    return dirs


class ThemeFiles:
    """Reads the theme's files: the site's own templates/ as content files are read
    (files.read_inside: no link out of the site followed, a FIFO or device refused
    instead of waited on, a huge file refused), the default theme's as they are. The
    scan (assemble.template_refusals) refuses what it finds; this, what changed since."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.site = os.path.realpath(site_dir)
        self.own = str(site_dir / "templates") + os.sep
        self.refused: dict[str, Diagnostic] = {}
        """What it refused: 'templates/…' -> the diagnostic."""

    def read(self, path: Path) -> bytes | None:
        """The file's bytes; None for one of the site's that it refuses."""
        if not str(path).startswith(self.own):
            return path.read_bytes()
        try:
            return read_inside(str(path), self.site)
        except (Refused, OSError) as exc:
            no = exc if isinstance(exc, Refused) else unreadable(exc)
            shown = "templates/" + str(path)[len(self.own) :].replace(os.sep, "/")
            self.refused[shown] = Diagnostic(shown, 1, 1, "error", no.code, no.message)
            return None


def load_assets(dirs: list[Path], files: ThemeFiles, fingerprint: bool = True) -> dict[str, Asset]:
    """The theme's assets/ files, the site's own overriding the default's, fingerprinted;
    the default's CSS and scripts without their comments (slim.py)."""
    theme = (default_theme() / "assets").resolve()
    found: dict[str, Path] = {}
    for d in reversed(dirs):
        root = d / "assets"
        if root.is_dir():
            for p in sorted(root.rglob("*")):  # (a FIFO too: read, it is refused)
                if not p.is_dir() and not p.name.startswith("."):
                    found[p.relative_to(root).as_posix()] = p
    assets = {}
    for name, p in sorted(found.items()):
        content = files.read(p)
        if content is None:
            continue
        if p.parent.resolve() == theme:
            content = slim.slimmed(name, content)
        digest = hashlib.sha256(content).hexdigest()[:10]
        stem, dot, ext = name.rpartition(".")
        out = f"assets/{stem}.{digest}.{ext}" if dot else f"assets/{name}.{digest}"
        if not fingerprint:
            out = f"assets/{name}"
        assets[name] = Asset(name, out, content)
    return assets


def templates_digest(dirs: list[Path], files: ThemeFiles) -> str:
    """A hash of every theme file: a template change re-renders every page."""
    h = hashlib.blake2b(__version__.encode(), digest_size=16)
    for d in dirs:
        for p in sorted(d.rglob("*")):
            if not p.is_dir() and (content := files.read(p)) is not None:
                h.update(os.fsencode(p.relative_to(d).as_posix()))
                h.update(content)
    return h.hexdigest()


@dataclass(eq=False, repr=False)
class Theme:
    """The theme as a build reads it, before the site's model is needed: its folders,
    the reader of its files (with what it refused), its assets and the hash of every
    file. A first build reads it while its parse workers work (Builder's
    _while_workers_parse): read after the load, ~20 M instructions of a 100-event
    build came with no other process working."""

    dirs: list[Path]
    files: ThemeFiles
    assets: dict[str, Asset]
    digest: str

    @classmethod
    def read(cls, site_dir: Path, fingerprint: bool = True) -> Theme:
        dirs = theme_dirs(site_dir)
        files = ThemeFiles(site_dir)
        assets = load_assets(dirs, files, fingerprint)
        return cls(dirs, files, assets, templates_digest(dirs, files))


class TemplateRefused(jinja2.TemplateError):
    """A template of the site's that files.read_inside refuses, or that is not UTF-8
    (see SiteTemplates): its diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class SiteTemplates(jinja2.FileSystemLoader):
    """The site's templates/, each read by the build's ThemeFiles: Jinja's own loader
    opens what a name leads to, a link out of the site or a FIFO (which it would wait on)."""

    def __init__(self, root: Path, files: ThemeFiles) -> None:
        super().__init__(str(root))
        self.files = files

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        path = posixpath.join(self.searchpath[0], *split_template_path(template))
        if not os.path.lexists(path) or os.path.isdir(path):
            raise jinja2.TemplateNotFound(template)  # (the default theme's, if any)
        data = self.files.read(Path(path))
        shown = f"templates/{template}"
        if data is None:
            refused = self.files.refused.get(shown)
            if refused is None or (refused.code == "unreadable" and not os.path.exists(path)):
                raise jinja2.TemplateNotFound(template)  # (a link to nothing, or gone)
            raise TemplateRefused(refused)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:  # (where the byte is, and how to save it)
            from .load import decode

            found = decode(shown, data)[1] or [
                Diagnostic(shown, 1, 1, "error", "encoding", f"{exc}; save the file as UTF-8")
            ]
            raise TemplateRefused(found[0]) from None
        return text, os.path.normpath(path), lambda: False


class _Bytecode(jinja2.BytecodeCache):
    """Compiled templates kept between the builds of one process (serve rebuilds) and,
    in SITE/.sitegen-cache/jinja/, between processes (compiling the theme costs a build
    ~0.1 s).

    Jinja checks each entry against the template source's checksum (and its own and
    Python's version), so an edited template is compiled again.
    """

    def __init__(
        self,
        folder: Path | None = None,
        read_disk: bool = True,
        store: dict[str, bytes] | None = None,
    ) -> None:
        self.store = {} if store is None else store
        """Compiled templates by Jinja's key: the Builder's, kept from build to build
        (see planning.Memo)."""
        self.folder = folder
        """Where compiled templates are kept on disk; None: in memory only."""
        self.read_disk = read_disk
        """False for `build --clean`: write the folder, trust nothing in it."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is None and self.folder is not None and self.read_disk:
            try:
                code = (self.folder / f"{bucket.key}.bytecode").read_bytes()
            except OSError:
                code = None
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store[bucket.key] = bucket.bytecode_to_string()
        if self.folder is not None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
                with os.fdopen(fd, "wb") as fh:
                    fh.write(code)
                os.replace(tmp, self.folder / f"{bucket.key}.bytecode")
            except OSError:
                pass  # a cache that cannot be written is only slower


LONG_LIST = 1000
"""Pages with a list longer than this in their data are encoded as they are made."""
_LISTS = (list, tuple, dict, set, frozenset)
"""What such a list is (asked of each value of each page: an isinstance against
collections.abc.Sized went through its __instancecheck__, 5 µs an event page)."""


def _date_human(value: EDate | None) -> str:
    return value.human() if value else ""


def _time_attr(value: str | EDate | None) -> Markup:
    """` datetime="…"` for a <time>, or nothing: HTML's dates have no years before 1 (and no
    sign), so an event in 44 BCE or deep time keeps its words without a machine date."""
    text = value.expanded() if isinstance(value, EDate) else (value or "")
    if not text or text[0] in "-+":
        return Markup("")
    # escaped as Markup.format would, without its string.Formatter: six times faster,
    # for a filter called 7,000 times in a 1,000-event build
    return Markup(' datetime="' + escaping.escape_text(text) + '"')


def _slugs(chips: Iterable[Any]) -> str:
    """The chips' slugs, space-separated: what `map(attribute='slug') | join(' ')` gives,
    printed (escaped) the same. The default theme no longer writes them (site.js reads an
    entry's people and countries from its chips); kept for a site's own templates, which
    wrote data-people and data-countries with it."""
    return " ".join([c.slug for c in chips])


T = TypeVar("T")


def _kept(answer: Callable[[Any], T]) -> Callable[[Any], T]:
    """A filter whose answer for each string is kept (by the environment of one build):
    an event page quotes each of its topics (urlencode), the same few hundred topics on
    10,000 pages; an entry's date (time_attr) is printed on the timeline and on each
    person's and country's page that lists it."""
    made: dict[str, T] = {}

    def kept(value: Any) -> T:
        if type(value) is not str:
            return answer(value)
        found = made.get(value)
        if found is None:
            found = made[value] = answer(value)
        return found

    return kept


def _trim(value: Any, chars: str | None = None) -> Any:
    """Jinja's trim: for Markup (base.html's page title and description, on every page)
    str.strip's result made a Markup as Markup.strip makes it, without markupsafe's
    wrapper, which escapes the call's arguments and makes its result through Markup's
    own constructor (a Python call each)."""
    if chars is None and type(value) is Markup:
        return str.__new__(Markup, str.strip(value))
    return do_trim(value, chars)


def _json_ld(value: Any) -> Markup:
    text = value if isinstance(value, escaping.LinkedData) else LD_JSON(value)
    # keep '</script>' and friends out of the script element (each looked for first:
    # a replace counts the text's characters one by one, then copies it)
    if "<" in text or ">" in text or "&" in text:
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return _markup(text)


_Template = adapters.printing_template(
    escaping.escape_output if escaping.FAST else None, escaping.escape_str
)
"""Templates whose printed values are escaped by escaping.escape_output, a plain str by
escaping.escape_str (see adapters.inline_getattr_generator's str_escape)."""

_Context = adapters.quick_call_context()
"""Template contexts that call plain functions straight away (see adapters)."""

_Generator = adapters.inline_getattr_generator(quick_calls=True, str_escape=True)
"""Compiled templates that read `x.name` without a call of Jinja's getattr, call `f(…)`
through _Context's quick_call and escape a printed str by _Template's escape_str (see
adapters)."""


class _Environment(adapters.SharedGlobalsEnvironment):
    """The build's Jinja environment (see adapters.SharedGlobalsEnvironment)."""

    made: dict[str, jinja2.Template]
    """Templates loaded so far, by name (see get_template)."""
    imports: dict[tuple[str, str, tuple[str, ...]], tuple[Any, ...]]
    """What each `{% from … import … %}` imported, by template, importer and names (see
    imported)."""

    def get_template(
        self,
        name: str | jinja2.Template,
        parent: str | None = None,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        """Each template from a plain dict once loaded (auto_reload is off: a build's
        environment never reloads one): a page asks for three (its own, base.html and
        _macros.html), and Jinja's cache looks each up under a lock."""
        if globals is not None or type(name) is not str:
            return super().get_template(name, parent, globals)
        if parent is not None:
            name = self.join_path(name, parent)
        made = self.made.get(name)
        if made is None:
            made = self.made[name] = super().get_template(name)
        return made

    def imported(
        self, context: Any, name: Any, parent: str, names: tuple[str, ...], position: str
    ) -> tuple[Any, ...]:
        """What `{% from name import names %}` (without context) imports, as Jinja's own
        code finds it (the template's module, each name or an undefined that says it is
        missing), as adapters.inline_getattr_generator writes the import: kept for the
        build where the module is the template's own (a context whose globals the
        template has, see adapters.SharedGlobalsEnvironment) and has every name. Jinja's
        code looked up the template, its module and each name again on every page."""
        key = (name, parent, names)
        held = self.imports.get(key) if type(name) is str else None
        if held is not None and not context.globals_keys:
            return held
        module = self.get_template(name, parent)._get_default_module(context)
        found = tuple([getattr(module, n, missing) for n in names])
        if any(v is missing for v in found):
            return tuple(
                self.undefined(
                    f"the template {module.__name__!r} (imported on {position}) does not "
                    f"export the requested name {n!r}",
                    name=n,
                )
                if v is missing
                else v
                for n, v in zip(names, found, strict=True)
            )
        if type(name) is str and not context.globals_keys:
            self.imports[key] = found
        return found


_PLAIN = frozenset({str, bool, int, type(None)})
"""Arguments Once knows by their value."""


class Once:
    """The template global `once(macro, *args)`: macro(*args), made once per build for
    the same arguments and then reused.

    For a macro that prints a model object the same way on many pages, imported without
    context (so it sees nothing but its arguments and the build's globals): event pages
    print 30,000 sources that are 3,000 sources cited again and again; and for the parts
    of every page that differ only by plain values (the site's header and footer, by
    the page's depth and section). An argument is known by its value when it is a
    string, number, bool or None, else by the file it was read from
    (model.Origin.digest; hashing the dataclass would hash all of it); with an argument
    that is neither, the macro is just called."""

    def __init__(self) -> None:
        self.made: dict[tuple[object, ...], Any] = {}

    def __call__(self, macro: Callable[..., Any], *args: object) -> Any:
        key: list[object] = [macro]
        for arg in args:
            kind = type(arg)
            if kind in _PLAIN:
                key += (kind, arg)
                continue
            origin = getattr(arg, "origin", None)
            if origin is None or not origin.digest:
                return macro(*args)
            key += (kind, origin.digest)
        held = tuple(key)
        value = self.made.get(held)
        if value is None:
            value = self.made[held] = macro(*args)
        return value

    def each(self, macro: Callable[..., Any], items: Iterable[Any], root: str) -> Markup:
        """The template global `once_each(macro, items, root)`: once(macro, item, root) for
        each item (a model object), printed one after another (an event page's people's
        chips): the template's loop paid a step, a call and a print for each."""
        made, out = self.made, []
        for item in items:
            digest = item.origin.digest
            if not digest:
                out.append(escaping.escape_output(macro(item, root)))
                continue
            key = (macro, type(item), digest, str, root)  # (once's key for these arguments)
            chip = made.get(key)
            if chip is None:
                chip = made[key] = macro(item, root)
            out.append(chip if type(chip) is Markup else escaping.escape_output(chip))
        return _markup("".join(out))

    def sources(
        self, macro: Callable[..., Any], sources: Iterable[Any], cited: Container[str]
    ) -> Markup:
        """The template global `cited_sources(macro, sources, cited)`: an event page's
        source list, an item for each source numbered from 1 (`<li id="source-N">`),
        once(macro, source) in it, and a link back to the text where the body cites it
        (its id in `cited`): ~11 sources an event page of the skewed corpus, each a loop
        step of the template's with two prints and two calls."""
        made, out = self.made, []
        for n, s in enumerate(sources, 1):
            digest = s.origin.digest
            if digest:
                key = (macro, type(s), digest)  # (once's key for this argument)
                item = made.get(key)
                if item is None:
                    item = made[key] = macro(s)
            else:
                item = macro(s)
            if type(item) is not Markup:
                item = escaping.escape_output(item)
            if s.id in cited:
                out.append(
                    f'<li id="source-{n}">{item} <a href="#cite-{n}" '
                    f'aria-label="Back to the text (citation {n})">↩</a></li>'
                )
            else:
                out.append(f'<li id="source-{n}">{item}</li>')
        return _markup("".join(out))


def environment(
    dirs: list[Path], bytecode: jinja2.BytecodeCache, files: ThemeFiles | None = None
) -> jinja2.Environment:
    """A Jinja environment over theme folders, as every build compiles templates in it
    (the compiled code depends on these options, not on the globals a build adds).
    files: what reads a site's templates/ (the build's), when `dirs` hold one."""
    theme = default_theme().resolve()
    loaders: list[jinja2.BaseLoader] = []
    for d in dirs:
        if d.resolve() == theme:
            loaders.append(precompiled.ThemeLoader(str(d)))
        else:
            assert files is not None, "a site's templates are read by its build's ThemeFiles"
            loaders.append(SiteTemplates(d, files))
    env = _Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=bytecode,
        auto_reload=False,  # one Environment per build: no stat() per page to recheck
    )
    env.template_class = _Template
    env.context_class = _Context
    env.code_generator_class = _Generator
    env.made = {}
    env.imports = {}
    env.filters["human"] = _date_human
    env.filters["time_attr"] = _kept(_time_attr)
    env.filters["slugs"] = _slugs
    env.filters["json_ld"] = _json_ld
    env.filters["numbered"] = _numbered
    env.filters["urlencode"] = _kept(do_urlencode)
    env.filters["trim"] = _trim
    # (Python's: a list's items numbered without the loop object that `loop.index` makes)
    env.filters["enumerate"] = enumerate
    env.filters["source_printings"] = _source_printings
    env.filters["printed_sources"] = PrintedSources()
    env.filters["topic_places"] = _topic_places
    env.filters["topic_links"] = TopicLinks()
    entry_links = EntryLinks()
    env.filters["related_items"] = entry_links.related
    env.filters["series_items"] = entry_links.series
    env.filters["year_columns"] = _year_columns
    cited = CitedBy()
    env.filters["cited_groups"] = cited.groups
    env.filters["event_links"] = cited.joined
    env.filters["listed_items"] = ListedItems()
    chips = EntryChips()
    env.filters["entry_chips"] = chips
    env.filters["chip_items"] = chips.items
    return env


class CitedBy:
    """The template filter `cited_groups`: a source's citing events on a sources page,
    a paragraph for each timeline (its link, or the title of the group of events in
    none), each event linked by its title. Each link made once per build for each
    depth of page: the skewed corpus's 39 sources pages hold 27,500 links to 1,000
    events (each event cites 11 sources and is in 2.4 timelines), which the template
    wrote a piece at a time."""

    def __init__(self) -> None:
        self.links: dict[tuple[str, str, str], str] = {}
        """(root, slug, title) -> the event's link from a page at that root."""
        self.heads: dict[tuple[str, str, str, str], str] = {}
        """(root, timeline's slug, url, title) -> a group's head from a page at that root
        (9,200 groups of 50 timelines on the skewed corpus's sources pages)."""

    def groups(self, groups: Iterable[tuple[Any, Sequence[Any]]], root: str) -> Markup:
        # (every group's pieces and links in one list, joined once: joined group by group,
        # then with the paragraph, then the groups, the sources pages' 5 million
        # characters, four bytes each once a title holds an emoji, were copied thrice)
        out: list[str] = []
        heads = self.heads
        for tl, items in groups:
            at = (root, tl.slug, tl.url if tl.slug else "", tl.title)
            head = heads.get(at)
            if head is None:
                head = heads[at] = self._head(tl, root)
            out.append(f'    <p class="muted">{head} ({len(items)}):\n')
            self._put_links(out, items, root)
            out.append("</p>\n")
        if out:
            out[-1] = "</p>"  # (the groups one a line, as "\n".join wrote them)
        return _markup("".join(out))

    @staticmethod
    def _head(tl: Any, root: str) -> str:
        esc = escaping.escape_output
        if tl.slug:
            return f'Cited in <a href="{esc(root)}{esc(tl.url)}">{esc(tl.title)}</a>'
        return f"Cited {esc(tl.title.lower())}"

    def joined(self, entries: Iterable[Any], root: str) -> Markup:
        """The events' links, "; " between (the filter `event_links`)."""
        out: list[str] = []
        self._put_links(out, entries, root)
        return _markup("".join(out))

    def _put_links(self, out: list[str], entries: Iterable[Any], root: str) -> None:
        """The events' links appended to `out`, "; " between."""
        links, start = self.links, len(out)
        for e in entries:
            link = links.get((root, e.slug, e.title))
            if link is None:
                esc = escaping.escape_output
                link = f'<a href="{esc(root)}{esc(e.url)}">{esc(e.title)}</a>'
                links[root, e.slug, e.title] = link
            out.append(link)
            out.append("; ")
        if len(out) > start:
            out.pop()


def _source_printings(years: Iterable[tuple[Any, Any, Iterable[Any]]]) -> dict[str, int]:
    """How often a timeline page prints each source (by its address, or its title), for
    printed_sources: counted by the template a source at a time, two calls of a dict's
    method each, it was 45,000 steps on the skewed corpus's timeline, embed and year
    pages."""
    counts: dict[str, int] = {}
    for _, _, items in years:
        for e in items:
            for title, url in e.sources:
                key = url or title
                counts[key] = counts.get(key, 0) + 1
    return counts


class PrintedSources:
    """The template filter `printed_sources`: an entry's sources as a timeline page prints
    them (the print CSS shows them, the screen does not): a source the page prints more
    than once (`printings`) numbered where first printed, and named by its number after
    that (`numbered`, the page's). Each source's link made once per build: the skewed
    corpus's timeline, embed and year pages print 45,000 of ~500 sources."""

    def __init__(self) -> None:
        self.links: dict[tuple[str, str], str] = {}
        """(title, url) -> the source's printed link (its title alone without a url)."""
        self.items: dict[tuple[str, str], str] = {}
        """(title, url) -> the link's `<li>` where the page prints it once (15,600 of the
        skewed corpus's 45,100 printings), each a tuple made, looked up and put in an
        f-string again."""

    def __call__(
        self,
        sources: Iterable[tuple[str, str]],
        printings: Mapping[str, int],
        numbered: dict[str, int],
    ) -> Markup:
        items, out = self.items, ['<ul class="print-sources">']
        for source in sources:  # (an entry's (title, url) tuples, each a key as it is)
            title, url = source
            key = url or title
            if printings[key] <= 1 and key not in numbered:
                item = items.get(source)
                if item is None:
                    item = items[source] = f"<li>{self._link(source)}</li>"
                out.append(item)
                continue
            at = numbered.get(key)
            if at is not None:
                out.append(f"<li>See [{at}] above</li>")
                continue
            at = numbered[key] = len(numbered) + 1
            out.append(f"<li>[{at}] {self._link(source)}</li>")
        out.append("</ul>")
        return _markup("".join(out))

    def _link(self, source: tuple[str, str]) -> str:
        link = self.links.get(source)
        if link is None:
            link = self.links[source] = _printed_link(*source)
        return link


def _printed_link(title: str, url: str) -> str:
    esc = escaping.escape_output
    return f'<a href="{esc(url)}">{esc(title)}</a>' if url else esc(title)


class TopicLinks:
    """The filter `topic_links(tags, root, url)`: an event page's topics, each a link to
    its timeline's (at `url`; or the front page's) list of that topic, `<a
    href="ROOTURL?tag=SLUG#timeline">NAME</a>`, joined by spaces. Each link is made once
    per build (this environment's) for each address: written by the template, a topic was
    a loop step of ~100 bytecodes (`timelines[0][0].url` looked up again for each, the
    slug through the urlencode filter), ~6 an event page of the skewed corpus."""

    KEPT = 256
    """Links held at most (see ListedItems.KEPT): held by the thousand, in each render
    process, they were 8 MiB of the skewed 10,000-event site's peak (401 against 393 MiB,
    over issue #20's 400) for ~0.1 % of its instructions."""

    def __init__(self) -> None:
        self.made: dict[tuple[str, str, str], str] = {}

    def __call__(self, tags: Iterable[tuple[str, str]], root: str, url: str) -> Markup:
        made, out = self.made, []
        address = root + url
        for slug, name in tags:
            key = (address, slug, name)
            link = made.get(key)
            if link is None:
                if len(made) >= self.KEPT:
                    made.clear()
                esc, quoted = escaping.escape_output, do_urlencode(slug)
                link = made[key] = (
                    f'<a href="{esc(address)}?tag={esc(quoted)}#timeline">{esc(name)}</a>'
                )
            out.append(link)
        return _markup(" ".join(out))


class EntryLinks:
    """The filters `related_items(entries)` and `series_items(items, slug)`: an event
    page's related events and its series' list (planning._series: an entry and its
    number, or a count of events left out), each entry's link made once per build (this
    environment's) by its slug, title and date, `<a href="../SLUG/">TITLE</a>
    <span>DATE</span></li>`; the page's own, in its series, not a link. Written by the
    template, each item was a loop step of ~70 bytecodes (~6 items an event page of the
    skewed corpus)."""

    KEPT = TopicLinks.KEPT
    """Links held at most (see TopicLinks.KEPT: the two tables' memory and its cost)."""

    def __init__(self) -> None:
        self.made: dict[tuple[str, str, str], str] = {}

    def _link(self, e: Any) -> str:
        key = (e.slug, e.title, e.display_date)
        link = self.made.get(key)
        if link is None:
            if len(self.made) >= self.KEPT:
                self.made.clear()
            esc = escaping.escape_output
            slug, title, date = esc(e.slug), esc(e.title), esc(e.display_date)
            link = self.made[key] = f'<a href="../{slug}/">{title}</a> <span>{date}</span></li>'
        return link

    def related(self, entries: Iterable[Any]) -> Markup:
        return _markup("".join(["<li>" + self._link(e) for e in entries]))

    def series(self, items: Iterable[Any], slug: str) -> Markup:
        esc, out = escaping.escape_output, []
        for item in items:
            if isinstance(item, Number):  # (Jinja's `is number`)
                out.append(f'<li class="more">… {esc(item)} more</li>')
                continue
            e, n = item
            out.append(f'<li value="{esc(n)}">' if n else "<li>")
            if e.slug == slug:
                title, date = esc(e.title), esc(e.display_date)
                out.append(f'<strong aria-current="page">{title}</strong> <span>{date}</span></li>')
            else:
                out.append(self._link(e))
        return _markup("".join(out))


def _topic_places(tags: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Each topic's place among a timeline page's topic options (see _numbered): made by
    the template with Jinja's loop object and a dict's method, a step per option, it
    was 11,000 steps on the skewed corpus's timeline, embed and year pages."""
    return {slug: i for i, (slug, _) in enumerate(tags)}


def _year_columns(
    bins: Iterable[Any],
    to_years: str,
    frame: str,
    stay: str,
    current: Container[int],
    aria: str,
    step: int,
) -> Markup:
    """A year navigator's columns (_yearnav.html): each column with events a link to its
    page (`to_years`, its first year, `frame`; `stay`: the link's target attribute,
    markup), `aria` its aria-current where it is one of `current`, labelled with its
    first year, shown on every `step`-th, and the rest of what it says, visually hidden;
    an empty column an empty item. Written by the template, a column was ~25 steps: the
    skewed corpus's 211 timeline pages with a navigator have 7,800 columns."""
    esc = escaping.escape_output
    href, tail, said = esc(to_years), f'/{esc(frame)}"{esc(stay)}', esc(aria)
    out = []
    for i, b in enumerate(bins):
        if not b.count:
            out.append("<li></li>")
            continue
        rest = f" to {esc(b.last)}" if b.width > 1 else ""
        rest += f": {b.count} event{'s' if b.count != 1 else ''}"
        label = (
            f"<i>{esc(b.first)}{rest}</i>"
            if i % step
            else f"<span>{esc(b.first)}</span><i>{rest}</i>"
        )
        mark = f' aria-current="{said}"' if b.start in current else ""
        out.append(f'<li><a class="h{b.level}" href="{href}{b.to}{tail}{mark}>{label}</a></li>')
    return _markup("".join(out))


class ListedItems:
    """The filter `listed_items`: the items of a person's or country's list of events
    (`event_list`, `event_groups` in _macros.html), each made once per build (this
    environment's) for each depth of page and heading. The skewed corpus's person and
    country pages list ~9,800 items of 1,000 events: an event is on each of its ~11
    people's and countries' pages, once in each of its timelines' groups there."""

    KEPT = 8192
    """Items held at most: past it the table starts again (each item ~0.5 KB with its
    key), so a 10,000-event site's lists do not hold them all to the render's end."""

    def __init__(self) -> None:
        self.made: dict[tuple[object, ...], str] = {}

    def __call__(self, entries: Iterable[Any], root: str, level: int = 3) -> Markup:
        made, out = self.made, []
        for e in entries:
            key: tuple[object, ...] = (root, level, e.slug, e.title, e.display_date)
            key += (e.datetime, e.summary, e.draft, e.scheduled)
            item = made.get(key)
            if item is None:
                if len(made) >= self.KEPT:
                    made.clear()
                item = made[key] = _listed_item(e, root, level)
            out.append(item)
        return _markup("".join(out))


def _listed_item(e: Any, root: str, level: int) -> str:
    """An event as a person's or country's list shows it, its line ended."""
    esc = escaping.escape_output
    draft = ' class="is-draft"' if e.draft else ""
    badges = ' <span class="badge badge-draft">Draft</span>' if e.draft else ""
    if e.scheduled:
        badges += ' <span class="badge badge-scheduled">Scheduled</span>'
    summary = f"<p>{esc(e.summary)}</p>" if e.summary else ""
    when = f"<time{_time_attr(e.datetime)}>{esc(e.display_date)}</time>"
    title = f'<a href="{esc(root)}{esc(e.url)}">{esc(e.title)}</a>{badges}'
    return f"<li{draft}><p>{when}</p><h{level}>{title}</h{level}>{summary}</li>\n"


class EntryChips:
    """The filter `entry_chips`: an entry's chips on a timeline page (its countries' and
    people's links, which site.js also reads as its filter data), each chip made once
    per build for each depth: ~11 an entry on the skewed corpus, 45,000 on its timeline,
    embed and year pages, of ~200 people and countries."""

    def __init__(self) -> None:
        self.made: dict[tuple[str, str, str, str, str], str] = {}
        """(root, kind, slug, name, badge) -> the chip's <li>."""

    def __call__(self, e: Any, root: str) -> Markup:
        return self.items((*e.countries, *e.people), root)

    def items(self, chips: Iterable[Any], root: str) -> Markup:
        """The filter `chip_items`: chips' <li>s in their order (the `chips` macro's)."""
        made, out = self.made, []
        for c in chips:
            key = (root, c.kind, c.slug, c.name, c.badge)
            chip = made.get(key)
            if chip is None:
                chip = made[key] = _chip_item(c, root)
            out.append(chip)
        return _markup("".join(out))


def _chip_item(c: Any, root: str) -> str:
    """A country's chip (its flag before its name) or a person's (initials as data-i)."""
    esc = escaping.escape_output
    href = f"{esc(root)}{esc(c.url)}"
    if c.kind == "countries":
        badge = f'<i aria-hidden="true">{esc(c.badge)}</i>' if c.badge else ""
        return f'<li><a href="{href}">{badge}{esc(c.name)}</a></li>'
    return f'<li><a href="{href}" data-i="{esc(c.badge)}">{esc(c.name)}</a></li>'


def _numbered(words: Iterable[str], places: Mapping[str, int]) -> str:
    """The words' places in `places`, space-separated (those it lacks left out): an
    entry's topics as the numbers of the page's topic options (site.js reads them back)."""
    return " ".join([str(places[w]) for w in words if w in places])  # (a list: no generator)


def precompile(site_dir: Path, compiled: Path | None, memo: Memo) -> None:
    """Compile every template of the site's theme into this process's store of compiled
    templates (see _Bytecode), so that Renderer.check_templates finds them made: a first
    build does it while its workers start parsing (a tenth of a second on one core
    otherwise). Problems are left for check_templates to report. The default theme's
    templates that compiled_theme holds are left out: they are loaded, not compiled, and
    loading them into this environment (thrown away) cost the parent 4-5 ms for nothing."""
    # (its own reader: what it refuses is thrown away with it, for check_templates to say)
    files = ThemeFiles(site_dir)
    env = environment(theme_dirs(site_dir), _Bytecode(compiled, False, memo.templates), files)
    for name in sorted(set(env.list_templates(extensions=TEMPLATE_EXTENSIONS))):
        try:
            if not precompiled.shipped(env, name):
                env.get_template(name)
        except Exception:
            continue


_RUNAWAY: Mapping[type[BaseException], str] = {
    MemoryError: "the page this template makes does not fit in memory; look for text made "
    "without end at this line (a string repeated a huge number of times, a loop over a "
    "huge range)",
    RecursionError: "a macro or include at this line calls itself without end; give the "
    "calls a way to stop",
}
"""What a template that runs away is told (MemoryError's own message is empty)."""


PRODUCERS: Mapping[str, Callable[[Renderer, Page], bytes]] = {
    "publish": publish.produce,
    "search": search.produce,
    "embed": embed.produce,
    "yearpages": yearpages.produce,
}
"""What makes a 'producer:NAME' page, by NAME."""


class Renderer:
    """A Jinja environment over the site's templates and the default theme."""

    def __init__(
        self,
        site: Site,
        site_dir: Path,
        opts: Options,
        compiled: Path | None = None,
        trust_compiled: bool = True,
        memo: Memo | None = None,
        theme: Theme | None = None,
    ) -> None:
        """compiled: a folder that keeps compiled templates between processes (see
        _Bytecode); trust_compiled: read it (False: only write it, for --clean); memo:
        what the last build of this process worked out (see planning.Memo); theme: the
        theme as this build read it already (None: read now)."""
        self.site = site
        self.site_dir = site_dir
        self.opts = opts
        if theme is None:
            theme = Theme.read(site_dir, opts.fingerprint)
        self.dirs = theme.dirs
        shipped = default_theme().resolve()
        self.own_templates = any(d.resolve() != shipped for d in self.dirs)
        """Whether the site has templates of its own, which could print a control
        character (see _finished)."""
        self.theme_files = theme.files
        self.assets = theme.assets
        self.digest = theme.digest
        self.base_url = publish.base_url(site, opts)
        self._helpers: dict[int, _Helpers] = {}
        """Each depth's page helpers, once made (see _helpers_at)."""
        self.memo = Memo() if memo is None else memo
        self.env = environment(
            self.dirs, _Bytecode(compiled, trust_compiled, self.memo.templates), self.theme_files
        )
        self.pieces = Pieces()
        """Whole-site files made of per-event pieces (see splice); the builder tells it
        where the last build's files are."""
        self._install_globals(site, opts)
        shown = (self.base_url, self.opts, site.config, site.eras)
        self.keys = PageKeys(self.digest, shown, bool(site.timelines), self.memo.digests)

    def _install_globals(self, site: Site, opts: Options) -> None:
        """What every template sees beside a page's own values."""
        self.env.globals.update(
            site=site.config,
            base_url=self.base_url,
            generator=f"sitegen {__version__}",
            build_date=opts.build_date,
            drafts=opts.drafts,
            today=opts.today,
            newsroom=bool(site.timelines),
            eras=site.eras,
            # once per build, not per page: the direction (site.rtl works it out each time
            # it is asked), and what base.html takes off a title for its og:title
            rtl=site.config.rtl,
            site_suffix=Markup(" · " + escaping.escape_text(site.config.title)),
            **_head_constants(site.config, self.base_url),
        )
        from . import overview  # (its import costs a build that finds nothing changed)

        self.env.globals["overview"] = overview.Strips().strip
        # (bound methods: the template context calls them without asking each for
        # Jinja's pass_context mark, see adapters.quick_call_context)
        self.env.globals["schema"] = publish.JsonLd().__call__
        once = Once()
        self.env.globals["once"] = once.__call__
        self.env.globals["once_each"] = once.each
        self.env.globals["cited_sources"] = once.sources
        self.env.globals["embed_code"] = functools.partial(embed.snippet, self.base_url or "")

    def key_base(self) -> str:
        """What every page's bytes depend on: the template set, the options, site.yaml."""
        return self.keys.base

    def key(self, page: Page) -> str:
        """What the page's bytes depend on: template set, options and the page's data."""
        return self.keys.key(page)

    @property
    def digests(self) -> Digests:
        """The page keys' digests of shared objects (see keys.Digests)."""
        return self.memo.digests

    def check_templates(self) -> list[Diagnostic]:
        """Compile the site's own templates up front, so a syntax error is one clean
        diagnostic. The default theme's are sitegen's own (tested with it), compiled when
        first used: compiling all fifteen took most of a small site's `check`."""
        out = []
        own = self.site_dir / "templates"
        names = self.env.list_templates(extensions=TEMPLATE_EXTENSIONS) if own.is_dir() else []
        for name in sorted(n for n in set(names) if is_utf8(n) and not (own / n).is_dir()):
            try:
                self.env.get_template(name)
            except jinja2.TemplateSyntaxError as exc:
                out.append(self._diag(exc, name))
            except jinja2.TemplateError as exc:
                out.append(self._diag(exc, name))
        return out

    def _template_path(self, name: str | None) -> str:
        for d in self.dirs:
            if name and (d / name).is_file():
                p = d / name
                try:
                    return p.relative_to(self.site_dir).as_posix()
                except ValueError:
                    return f"(default theme)/{name}"
        return name or "templates"

    def _diag(self, exc: Exception, name: str | None) -> Diagnostic:
        if isinstance(exc, TemplateRefused):
            return exc.diagnostic
        lineno = getattr(exc, "lineno", None) or 1
        filename = getattr(exc, "name", None) or name
        if not isinstance(exc, jinja2.TemplateSyntaxError):
            import traceback  # (here: with textwrap, ~6 M instructions a build never needs)

            # find the innermost template frame of the traceback
            for frame in reversed(traceback.extract_tb(exc.__traceback__)):
                if frame.filename.endswith(TEMPLATE_SUFFIXES):
                    lineno = frame.lineno or 1
                    filename = Path(frame.filename).name
                    for d in self.dirs:
                        try:
                            where = Path(frame.filename).resolve()
                            filename = where.relative_to(d.resolve()).as_posix()
                            break
                        except ValueError:
                            continue
                    break
        message = _RUNAWAY.get(type(exc)) or getattr(exc, "message", None) or str(exc)
        return Diagnostic(
            self._template_path(filename), lineno, 1, "error", "template",
            f"{type(exc).__name__}: {message}",
        )  # fmt: skip

    def render(self, page: Page) -> bytes:
        if page.template.startswith("producer:"):
            # 'producer:NAME' pages (feeds, data files, the search index) are made by a
            # Python function instead of a template
            produce = PRODUCERS[page.template.partition(":")[2]]
            return produce(self, Page(page.path, page.template, resolved(page.data)))
        depth = page.path.count("/")
        helpers = self._helpers.get(depth) or self._helpers_at(depth)
        root = helpers.root
        data, long = _page_values(page.data)
        for key in ("body", "bio", "notes", "intro"):
            if key in data:
                data[key] = _markup(data[key].replace("\x01", root))
        if "corrections" in data:
            data["corrections"] = [(d, Markup(t)) for d, t in data["corrections"]]
        try:
            template = self.env.get_template(page.template)
            # the template's globals with the page's values, as Jinja's new_context makes
            # its context's (new_context(shared=True) takes this one, not a copy of it)
            context = adapters.PageNames(
                template.globals, page=page, root=root, rel=helpers.rel, asset=helpers.asset,
                absolute=helpers.absolute, **data,
            )  # fmt: skip
            if not long:
                return self._finished(_encoded(template, context))
            # A page listing thousands of events (the timeline) is encoded as it is made:
            # joined first, one flag emoji makes the whole text four bytes a character
            # (at 10,000 events a 60 MB string, on top of the fragments it is joined from)
            encoded: list[bytes] = []
            fragments: list[str] = []
            for fragment in template.generate(context):
                fragments.append(fragment)
                if len(fragments) >= 4096:
                    encoded.append("".join(fragments).encode("utf-8"))
                    fragments.clear()
            encoded.append("".join(fragments).encode("utf-8"))
            return self._finished(b"".join(encoded))
        except jinja2.TemplateError as exc:
            raise TemplateProblem(self._diag(exc, page.template)) from None
        except Exception as exc:
            raise TemplateProblem(self._diag(exc, page.template)) from None

    def _helpers_at(self, depth: int) -> _Helpers:
        """The page helpers of a page `depth` folders down (see _Helpers), made once."""
        root = "../" * depth  # (404.html: '', from the site's root its <base> names)
        assets, base_url = self.assets, self.base_url

        def rel(target: str = "") -> str:
            return (root + target) or "./"

        def asset(name: str) -> str:
            return root + assets[name].path

        def absolute(target: str = "") -> str:
            return base_url + target if base_url else ""

        made = self._helpers[depth] = _Helpers(root, rel, asset, absolute)
        return made

    def _finished(self, page: bytes) -> bytes:
        """A rendered page as written: without control characters where the site's own
        templates could have printed one (escaping.drop_controls). The default theme's
        cannot: it prints no character of its own that is one, and every value it prints
        comes from content, where the load reads each as U+FFFD (and check stops the
        build on it), or from sitegen. Its pages are not read byte by byte again."""
        return escaping.drop_controls(page) if self.own_templates else page


def _head_constants(config: Config, base_url: str) -> dict[str, Markup]:
    """What base.html prints the same on every page of a build, made once per build
    rather than read from `site` and escaped on every page: `html_start`, the `<html>`
    tag with its language and direction, and `site_meta`, the feed's link (with a base
    URL) and og:site_name. (A site's own base.html that reads `site` still works.)"""
    title = escape(config.title)
    direction = ' dir="rtl"' if config.rtl else ""
    feed = (
        f'<link rel="alternate" type="application/atom+xml" title="{title}"'
        f' href="{escape(base_url + "feed.xml")}">\n'
        if base_url
        else ""
    )
    return {
        "html_start": Markup(f'<html lang="{escape(config.language)}"{direction}>'),
        "site_meta": Markup(f'{feed}<meta property="og:site_name" content="{title}">\n'),
    }


@dataclass(frozen=True)
class _Helpers:
    """What every page of one depth gets to write its addresses: `root` (the site's root
    from the page's folder: "../" for each folder it is in), `rel(target)`,
    `asset(name)` and `absolute(target)`. Made once per depth, not three closures on
    every page."""

    root: str
    rel: Callable[..., str]
    asset: Callable[[str], str]
    absolute: Callable[..., str]
    """The address of a target from the base URL ("" without one): the same at every
    depth."""


_markup: Callable[[str], Markup] = functools.partial(str.__new__, Markup)
"""Markup(text) for a str `text`, without Markup's Python __new__ (which asks `text` for
__html__ first)."""


def _page_values(shown: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """A page's values as its template sees them (pages.resolved: every Later made), and
    whether one is a list of over LONG_LIST items: one walk of the page's data for both."""
    data = {}
    long = False
    for name, value in shown.items():
        kind = type(value)
        if kind is Later:
            value = value.value()
        elif issubclass(kind, _LISTS) and len(value) > LONG_LIST:
            long = True
        data[name] = value
    return data, long


def _encoded(template: jinja2.Template, context: adapters.PageNames) -> bytes:
    """template.render(context).encode("utf-8"), `context` holding the template's globals
    and the page's values as Jinja's new_context joins them (taken as it is, not copied
    again), each printed piece encoded apart: one flag emoji (a country's chip, on most
    event pages) made the whole page's joined text four bytes a character, widened as it
    was joined and narrowed again as it was encoded; encoded apart, only the pieces that
    hold one are (an event page's render ~4 % faster). As Template.render, a template's
    error is raised through the environment's handle_exception, which points its
    traceback at the template."""
    ctx = adapters.page_context(template, context)
    try:
        # (encode() without a name: UTF-8 without the look-up of "utf-8", ~40 pieces a page;
        # str.encode mapped over them in C, not a Python loop's steps; each piece a str)
        return b"".join(map(str.encode, template.root_render_func(ctx)))
    except Exception:
        template.environment.handle_exception()


NEWSROOM_ASSETS = frozenset({"newsroom.js"})
"""Assets only the front page of a site with timelines loads: a site without
content/timelines/ is published without them."""


YEAR_ASSETS = frozenset({"years.js"})
"""Assets only a timeline's year pages, and the year addresses a one-story site kept
once it had timelines (moved.html), load: a site without either is published without
them."""
_YEAR_PAGE = LazyPattern(r"(?:timelines/[^/]+/)?years/")
"""Where those pages are (`years/1990/`, `timelines/x/years/1990/2/`); a person's or a
country's year pages (`people/x/years/1990/`) load no years.js."""


def has_year_pages(paths: Iterable[str]) -> bool:
    """Whether any of the site's pages (by path) is one that loads YEAR_ASSETS."""
    return any(
        path.startswith(("years/", "timelines/")) and _YEAR_PAGE.match(path) for path in paths
    )


def asset_files(renderer: Renderer, year_pages: bool) -> Iterator[tuple[str, bytes]]:
    """The theme's assets the site's pages load (`year_pages`: see has_year_pages)."""
    newsroom = bool(renderer.site.timelines)
    for a in renderer.assets.values():
        if (newsroom or a.name not in NEWSROOM_ASSETS) and (
            year_pages or a.name not in YEAR_ASSETS
        ):
            yield a.path, a.content
