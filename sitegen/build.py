"""check = load + check; build = check + plan + diff + render + commit. One Builder serves
`check`, `build` and `serve` (which keeps one alive, so that a save re-parses one file and
re-renders what it affects). See docs/architecture.md for the stages and their values.

The parsers, the checks and the renderer (YAML, markdown-it, Jinja, Pillow: most of a
small build's time) are imported by the stages that use them, not at the top: a build
that finds nothing changed answers before it needs any of them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import functools
import gc
import itertools
import os
import threading
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from . import __version__
from . import cache as cache_mod
from .adapters import blake2b
from .cache import ParseCache
from .diagnostics import Diagnostic, finalize, has_errors
from .errors import UsageError
from .files import Refused, read_inside, site_root, unreadable
from .options import Options
from .records import dataclass, made_seldom
from .result import Result
from .sink import DiskSink, Job, MemorySink, Pages, Sink
from .splice import Pieces
from .state import BuildState, PageKeys
from .unchanged import inputs_key, output_as_written
from .write import Scanner, Staging, guard, recover

if TYPE_CHECKING:
    from . import images, sharecards
    from .assemble import Loaded
    from .executor import Executor, Forks, Pending
    from .model import Site
    from .pages import Page
    from .planning import Memo
    from .render import Renderer, Theme
    from .renderjobs import RenderPath, Todo

    PlanKind = Literal["again", "edited", "full"]
    """The three ways a build plans (Builder._planned)."""

__all__ = ["Builder", "publishing_errors"]

CACHE_DIR = ".sitegen-cache"
PARALLEL_MIN_PAGES = 400
FILES_APART_MIN_PAGES = 50
"""Pages a render must have for its whole-site files to be made by a forked worker
beside the pages (see Builder._files_apart); with fewer there is too little of them
to pay for the fork and the worker's first pages (a template's first use)."""
HOLD_BATCH = 10_000
"""Bodies whose texts a forking build moves at a time (see _plan; ~50 MB of texts)."""
CHECKS_FIRST_EVENTS = 50_000
"""Events from which the cross-file checks run before the render forks, not beside it
(see Builder._checks_first)."""
REFORK_PAGES = 20_000
"""Pages a forked render worker renders before it exits and a new one is forked for the
next stretch (renderjobs.Shared's `refork_pages`): on a site of more, what the processes
copy of each other's model is let go every stretch, not held to the render's end."""


def publishing_errors(diagnostics: Iterable[Diagnostic], site: Site) -> list[Diagnostic]:
    """Safe by default: what a build of the public site (drafts unpublished: `check`,
    `build`) would publish must not carry skeleton text, a link to an unpublished page or
    a date after today that is not `status: scheduled`. In a draft, and in a preview
    (serve, build --drafts), they stay warnings: the to-do list before publishing."""
    from .checks import PUBLISHING_CODES

    diagnostics = list(diagnostics)
    if not any(d.code in PUBLISHING_CODES for d in diagnostics):
        return diagnostics  # (the drafts of 10,000 events are not looked for in vain)
    owners: list[Any] = [*site.people.values(), *site.countries.values()]
    drafts = {o.origin.path for o in owners if o.draft}
    drafts.update(ev.origin.path for ev in site.events if site.held_back(ev))
    drafts.update(t.origin.path for t in site.timelines.values() if t.draft)
    return [
        Diagnostic(d.path, d.line, d.column, "error", d.code, d.message)
        if d.code in PUBLISHING_CODES and d.severity == "warning" and d.path not in drafts
        else d
        for d in diagnostics
    ]


def held_back_fixes(diagnostics: list[Diagnostic], site: Site) -> list[Diagnostic]:
    """A placeholder in an event held back because every timeline it is in is a draft:
    the load, which reads one file, said "or mark the event draft: true", but the event is
    not published already, and waits for its timeline: say that instead."""
    from .schema import PLACEHOLDER_FIX

    if not site.draft_timelines or not any(d.code == "placeholder" for d in diagnostics):
        return diagnostics
    fix = "; " + PLACEHOLDER_FIX.format("event")
    waiting = {
        ev.origin.path: ev.timelines for ev in site.events if not ev.draft and site.held_back(ev)
    }
    return [
        Diagnostic(
            d.path,
            d.line,
            d.column,
            d.severity,
            d.code,
            d.message.replace(fix, _waits_for(waiting[d.path])),
        )
        if d.code == "placeholder" and d.path in waiting and d.message.endswith(fix)
        else d
        for d in diagnostics
    ]


def _waits_for(timelines: tuple[str, ...]) -> str:
    files = " and ".join(f"content/timelines/{t}.md" for t in timelines)
    if len(timelines) == 1:
        return f"; write it before its timeline is published ({files} has draft: true)"
    return f"; write it before one of its timelines is published ({files} have draft: true)"


def _jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


@made_seldom
@dataclass(eq=False, repr=False)
class Checked:
    """load + check: the model, its renderer and what the checks found."""

    loaded: Loaded
    """This build's load (once its deferred cross-file checks ran, with their findings)."""
    renderer: Renderer
    diagnostics: list[Diagnostic]
    """Every problem so far (the deferred cross-file checks' join them later)."""
    final: list[Diagnostic]
    """`diagnostics` as reported (ignore, --strict, publishing errors)."""
    deferred: bool = False
    """The load left its cross-file checks to run beside the render: their findings are
    still to join `diagnostics` (see Builder._deferred_problems)."""
    cards: Cards | None = None
    """The share cards, started as soon as the load found no error (Builder._cards_beside);
    None: not started (`check`, or a load with errors)."""


@made_seldom
@dataclass(eq=False, repr=False)
class Planned:
    """plan: the pages to make, and those kept as the output holds them."""

    pages: list[Page]
    kept: PageKeys = field(default_factory=dict)
    """Pages of the last build kept without planning them (see _plan_edited)."""
    kind: PlanKind = "full"
    """How it was planned (see Builder._planned)."""
    shadowed: list[str] = field(default_factory=list)
    """The paths of pages planned, or kept, that a static/ file of the same path replaces
    (not in `pages`: see Builder._plan)."""
    every: list[Page] | None = None
    """`pages` with those a static/ file replaces, when there are any: what a rebuild
    after body edits replans (see _planned), finding them again."""


@made_seldom
@dataclass(eq=False, repr=False)
class Cards:
    """The share cards as the build's start left them for _pictures."""

    cache: images.ImageCache
    """This build's image cache (the pictures' sizes and the cards)."""
    published: sharecards.Published | None
    """The cards the site publishes (None: no base_url, and og:image must be an
    absolute address)."""
    drawn: Pending[tuple[sharecards.Choices, dict[str, bytes]]] | None
    """Those the cache lacked, being drawn (by cache name), with the fonts chosen for
    them (sharecards.Published.beside); None: none to draw."""


class BesideDone(NamedTuple):
    """What the process forked after the load sends back (see Beside)."""

    drawn: tuple[sharecards.Choices, dict[str, bytes]] | None
    cross: tuple[Diagnostic, ...] | None
    inputs: str | None


class Beside:
    """One process forked right after the load (Builder._cards_first), whose work
    needs the load but not the plan: the share cards the image cache lacks, the
    cross-file checks the load left, a first build's inputs' key. It works while this
    process makes the renderer and plans, where this process worked alone, instead of
    beside the render's workers; each part is taken where the build needs it, and is
    None where the process failed (the build then works it out itself)."""

    def __init__(self, pending: Pending[BesideDone], key: bool) -> None:
        self._pending: Pending[BesideDone] | None = pending
        self._done: BesideDone | None = None
        self.key = key
        """The inputs' key is worked out there (a first build's)."""

    @staticmethod
    def start(
        executor: Executor,
        spare: Path,
        draw: Callable[[], tuple[sharecards.Choices, dict[str, bytes]]] | None,
        unchecked: Loaded,
        key: Callable[[], str | None] | None,
    ) -> Beside:
        """`draw`: the cards to draw; `unchecked`: the load whose checks to run; `key`:
        the inputs' key's work; its result through a file in `spare`."""

        def work() -> BesideDone:
            from .assemble import checked

            drawn = draw() if draw is not None else None
            cross = checked(unchecked).cross
            return BesideDone(drawn, cross, key() if key is not None else None)

        return Beside(executor.background(work, spare), key is not None)

    def done(self) -> BesideDone | None:
        """Its result, waited for once (None: the process failed)."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._done = pending.result()
        return self._done

    def discard(self) -> None:
        """Waited for, if not yet, and its file removed."""
        self.done()

    def drawn(self) -> Pending[tuple[sharecards.Choices, dict[str, bytes]]]:
        """The cards' part, as Cards.drawn holds it."""
        from .executor import Pending

        return Pending(lambda: done.drawn if (done := self.done()) else None, forked=True)

    def cross(self) -> tuple[Diagnostic, ...] | None:
        """What the checks found (None: the process failed)."""
        return done.cross if (done := self.done()) else None

    def inputs(self) -> str | None:
        """The inputs' key (None: not worked out there, or a file changed since the load)."""
        return done.inputs if self.key and (done := self.done()) else None


@made_seldom
@dataclass(eq=False, repr=False)
class Rendered:
    """render: what was rendered and any problem."""

    count: int
    problems: list[Diagnostic]
    keys: PageKeys


@made_seldom
@dataclass(eq=False, repr=False)
class BuildRun:
    """One build's own state: made as it starts, passed through its stages and dropped
    when it ends. What a build leaves for the next is the Builder's (its BuildState,
    memo and workers), never this."""

    site_dir: Path
    jobs: int
    strict: bool
    """--strict: warnings are errors."""
    start: float
    """When it started (time.perf_counter), for its Result's seconds."""
    is_large: bool | None = None
    """large(), once asked (None: not yet)."""
    parse_saved: bool = False
    """The parse cache was saved (see Builder._save_parse_cache)."""
    restamped: int = 0
    """Content files whose recorded stamp the inputs' walk replaced, their content as
    recorded (see unchanged.InputsWalk.restamped)."""
    content_changes: set[str] | None = None
    """Content files changed, new or gone since the build whose stats the inputs' hash
    compared with (see Builder._inputs_key)."""
    inputs: str | None = None
    """The inputs' key for the build's record: worked out before the build, or beside
    its render (`key_beside`; by the process beside the plan: `beside`); None: neither
    (see Builder._record_build)."""
    key_beside: Callable[[], str | None] | None = None
    """A first or --clean build's inputs' key, to work out beside the plan or the render
    (see Builder._key_to_record)."""
    beside: Beside | None = None
    """What a process forked after the load works out beside the plan (see Beside)."""
    theme: Theme | None = None
    """The theme, when read while forked workers parse (Builder._while_workers_parse)."""

    def large(self) -> bool:
        """Whether the site is large enough for its load and render to be shared with
        forked workers (large_site), worked out once per build."""
        if self.is_large is None:
            self.is_large = large_site(self.site_dir, self.jobs)
        return self.is_large


def large_site(site_dir: Path, jobs: int) -> bool:
    """More than one core and PARALLEL_MIN_PAGES event files or more (a walk of
    content/events that stops once it has counted them)."""
    events = site_dir / "content" / "events"
    if jobs < 2 or not events.is_dir():
        return False
    count = 0
    for _, _, files in os.walk(events):
        count += len(files)
        if count >= PARALLEL_MIN_PAGES:
            return True
    return False


ORDER_SEPARATOR = "\0"
"""Between the files in state.pickle's event order: a character no path has."""


def _event_files(recorded: object) -> tuple[str, ...]:
    """The recorded order of the events' files (Builder._event_order), if there is one."""
    if not isinstance(recorded, str) or not recorded:
        return ()
    return tuple(recorded.split(ORDER_SEPARATOR))


class Builder:
    """Loads, checks, renders and writes one site; keeps its BuildState between runs."""

    def __init__(
        self,
        site_dir: Path,
        output: Path | None = None,
        options: Options | None = None,
        today: dt.date | None = None,
        use_cache: bool = True,
        jobs: int | None = None,
        clean: bool = False,
        preview: bool = False,
    ) -> None:
        """use_cache: read and write SITE/.sitegen-cache/; clean: write it, but trust
        nothing in it (`build --clean`); preview: serve's builder, which renders feeds
        and data files when first asked for and starts warm from what `sitegen build`
        cached, but never writes into the site."""
        self.site_dir = site_root(site_dir)
        self.output = output if output is not None else self.site_dir / "output"
        self.options = options or Options()
        self.today = today or dt.date.today()
        self.jobs = jobs or _jobs()
        self.cache_dir = self.site_dir / CACHE_DIR
        self.use_cache = use_cache
        warm = use_cache or preview
        if warm and cache_mod.linked_folder(self.cache_dir) is not None:
            # before anything below reads, writes or prunes it; serve, which only reads
            # it, starts cold instead
            if use_cache:
                self._own_cache_folder()
            warm = False
        self.defer_producers = preview
        """Serve: render feeds and data files only when requested (see Deferred)."""
        self.compiled = self._bytecode_folder() if use_cache else None
        """Where compiled templates are kept (see render._Bytecode)."""
        # Kept between builds, on purpose (serve's rebuilds reuse them): the BuildState,
        # the plan's `memo` and the workers running (`forks`). A build's own state is
        # its BuildRun, made per build.
        parse_cache = ParseCache(
            self.cache_dir / "parse.pickle" if warm else None, load=not clean, mapped=not preview
        )
        self.state = BuildState(self.cache_dir, use_cache, clean, parse_cache)
        self._forks: Forks | None = None
        self.checks_first_events = CHECKS_FIRST_EVENTS
        """See _checks_first (a test lowers it)."""
        self.refork_pages = REFORK_PAGES
        """See renderjobs.Shared (a test lowers it)."""

    # -- what callers may ask ----------------------------------------------------------------

    @cached_property
    def memo(self) -> Memo:
        """What the last build's plan and page keys worked out (see planning.Memo)."""
        from .planning import Memo

        # (`sitegen build` builds once: what only a next build would reuse is not kept)
        return Memo(again=self.defer_producers)

    @property
    def loaded(self) -> Loaded | None:
        """The last load."""
        return self.state.last_load

    @property
    def memory(self) -> Pages:
        """The last good site in memory (a build with to_memory): path -> bytes."""
        return self.state.memory

    @property
    def last_pieces(self) -> Pieces:
        """The whole-site files the last build spliced."""
        return self.state.last_pieces

    @property
    def parse_cache(self) -> ParseCache:
        return self.state.parse_cache

    @property
    def clean(self) -> bool:
        return self.state.clean

    @property
    def forks(self) -> Forks:
        """The forked workers of this builder's executors, while they run (serve's stop
        kills an abandoned rebuild's: executor.Forks)."""
        if self._forks is None:
            from .executor import Forks

            self._forks = Forks()
        return self._forks

    def source_files(self) -> set[str]:
        """The site-relative paths of the files the last load read (content and static)."""
        loaded = self.state.last_load
        if loaded is None:
            return set()
        known = {f.rel for f in loaded.files}
        known.update(f"static/{name}" for name in loaded.static_files)
        return known

    def base_url(self) -> str:
        """The site's base_url as the last load read it ("" when none)."""
        loaded = self.state.last_load
        return loaded.site.config.base_url if loaded and loaded.site else ""

    def _shown(self, pages: Pages) -> None:
        """A build into memory committed: its pages are the site serve shows."""
        self.state.memory = pages

    def _bytecode_folder(self) -> Path:
        """Compiled templates, per version of sitegen's code (which sets the Jinja options
        they were compiled with); folders of other versions are removed."""
        top = self.cache_dir / "jinja"
        folder = top / cache_mod.code_digest()[:16]
        if top.is_dir() and not folder.is_dir():
            import shutil

            for old in top.iterdir():
                shutil.rmtree(old, ignore_errors=True)
        return folder

    # -- load and check --------------------------------------------------------------------

    def load(
        self,
        executor: Executor | None = None,
        touched: Collection[str] | None = None,
        defer_checks: bool = False,
        hold: bool = False,
        run: BuildRun | None = None,
    ) -> Loaded:
        """Load the site; `executor`: who parses (forked workers beside this process; by
        default this one alone); `defer_checks`: see load_site (the build runs them with
        _run_checks); `hold`: see load_site (a render that forks: _render_forks); `run`:
        the build it is for, which takes the theme if read beside the workers."""
        from .assemble import load_site
        from .executor import SERIAL

        def beside() -> None:
            self._while_workers_parse(run)

        previous = self.state.last_load or self._recorded_load()
        loaded = load_site(
            self.site_dir, self.today, self.parse_cache, executor or SERIAL, previous, touched,
            beside=beside, defer_checks=defer_checks, hold=hold,
        )  # fmt: skip
        if loaded.edited and loaded.site is not None:
            from .publish import edited_parts

            parts = edited_parts(loaded.site, self.options, loaded.edited, loaded.was)
            if parts is None:
                # a body past a data file's bound: not an edit the last output can take
                loaded = dataclasses.replace(loaded, edited=(), was={})
            else:
                loaded = dataclasses.replace(loaded, parts=parts)
        self.state.last_load = loaded
        return loaded

    def _while_workers_parse(self, run: BuildRun | None = None) -> None:
        """What this process does while forked workers start on the parse, before it
        parses too: the renderer imported (Jinja, the compiled theme, the planner: a
        few hundredths of a second that would otherwise come before the fork), the
        share cards' module, the site's templates compiled, and for `run`, the theme
        read (render.Theme: its assets slimmed and hashed, every file hashed). The
        standard library's tempfile (with shutil and random) and json come here too, and
        the cross-file checks' modules, not at the top of the modules the build imports
        before the fork: the workers' parse uses none of them."""
        import tempfile  # noqa: F401  (imported here for later: the sink's, the cache's)

        # (imported here for later; the renderer's pages.py imports checks, with images)
        from . import diff, overview, sharecards  # noqa: F401
        from .render import Theme, precompile

        precompile(self.site_dir, self.compiled, self.memo)
        if run is not None:
            run.theme = Theme.read(self.site_dir, self.options.fingerprint)

    def _run_checks(
        self, work: Checked, found: tuple[Diagnostic, ...] | None = None
    ) -> tuple[Diagnostic, ...]:
        """The cross-file checks the load left for later, run now (once), or what they
        `found` in a process beside (Beside); what they found."""
        from . import assemble

        work.loaded = self.state.last_load = assemble.checked(work.loaded, found)
        return work.loaded.cross

    def _recorded_load(self) -> Loaded | None:
        """The last build's load as state.pickle recorded it, with each file's parse
        result from the parse cache: what a new process compares its load with."""
        from .assemble import Loaded, Parsed
        from .load import SourceFile

        state = self.state.read_recorded()
        if state is None:
            return None
        parsed = {}
        get, allow_html = self.parse_cache.get, state["allow_html"]  # (once, not 12,900 times)
        for rel, (kind, file_hash) in state["files"].items():
            found = get((__version__, kind, rel, file_hash, allow_html))
            if not isinstance(found, Parsed):
                return None
            parsed[rel] = found
        root = os.path.join(self.site_dir, "")  # (joined by hand: 12,900 joins took 15 ms)
        return Loaded(
            None, [], {}, state["statics"], parsed, state["cross"], state["today"],
            config=state["config"], static_stamp=state["static_stamp"],
            files=tuple(
                SourceFile(rel, kind, root + rel) for rel, kind in state.get("found", ())
            ),
            order=_event_files(state.get("order")),
        )  # fmt: skip

    def _record_load(self, loaded: Loaded, renderer: Renderer, shadowed: list[str]) -> None:
        """What _recorded_load (and _plan_edited: `shadowed`, the pages static/ files
        replace) needs, after a build that succeeded."""
        if not self.use_cache or loaded.config is None:
            return
        self.state.write_recorded(
            {
                "files": {rel: (p.kind, loaded.inputs[rel]) for rel, p in loaded.parsed.items()},
                "allow_html": loaded.config.allow_html,
                "config": loaded.config,
                "statics": loaded.static_files,
                "static_stamp": loaded.static_stamp,
                "cross": loaded.cross,
                "today": loaded.today,
                "key_base": renderer.key_base(),
                "found": [(f.rel, f.kind) for f in loaded.files],
                "shadowed": sorted(set(shadowed)),
                "order": self._event_order(loaded),
            }
        )

    @staticmethod
    def _event_order(loaded: Loaded) -> str:
        """The events' files in timeline order, for the next edit's load (Loaded.order),
        in one string (10,000 strings pickled and unpickled one by one were 3 ms of an
        edit): the order this load took again when it did (each event's path read again
        was ~15 ms, the events lying scattered where the unpickle put them)."""
        if loaded.order or loaded.site is None:
            return ORDER_SEPARATOR.join(loaded.order)
        return ORDER_SEPARATOR.join([ev.origin.path for ev in loaded.site.events])

    def finish(self, diagnostics: Iterable[Diagnostic], strict: bool = False) -> list[Diagnostic]:
        """`diagnostics` as reported, by the site of the last load (its `ignore:`, drafts)."""
        loaded = self.state.last_load
        site = loaded.site if loaded else None
        ignore = site.config.ignore if site else ()
        if site is not None:
            diagnostics = held_back_fixes(list(diagnostics), site)
        if site is not None and not self.options.drafts:
            diagnostics = publishing_errors(diagnostics, site)
        base = self.options.site_address(site.config.base_url if site is not None else "")
        if base.lower().startswith("http://"):  # (an https site, the usual, imports nothing)
            from .checks import http_pictures

            diagnostics = http_pictures(diagnostics, base)
        return finalize(diagnostics, ignore, strict)

    def check(self, strict: bool = False) -> Result:
        """The build's first stage alone (load + check): what a build would report."""
        start = time.perf_counter()
        run = BuildRun(self.site_dir, self.jobs, strict, start)
        work = self._load_and_check(run, None, large=False)
        from .checks import near_pages

        if not has_errors(work.final) and near_pages(work.loaded.static_files):
            # a static/ file that may be at a page's path: the plan says whether it is,
            # as the build's does (a page's is planned only to find its path)
            self._static_over_pages(run, work, self._page_paths(work.loaded))
        # once, as a build does: the load saved it already when it took entries from the
        # cache, and a second save would find nothing used and empty it (the next check
        # then parsed every file again: every other `sitegen check` did)
        self._save_parse_cache(run)
        final = work.final
        if work.loaded.site is not None:
            final = finalize([*final, *self._undecodable(work.loaded.site)])
        return Result(final, not has_errors(final), seconds=time.perf_counter() - start)

    def _undecodable(self, site: Site) -> list[Diagnostic]:
        """The pictures the build's decode would refuse (images.undecodable): decoded by a
        check once for each content, their verdict kept in the image cache."""
        from . import images

        return images.undecodable(site, self.site_dir / "static", self._image_cache(), self.jobs)

    def _image_cache(self) -> images.ImageCache:
        from . import images

        return images.ImageCache(
            self.cache_dir / "images" if self.use_cache else None,
            trust=not self.clean,
            held=self.state.pictures,
        )

    def _page_paths(self, loaded: Loaded) -> frozenset[str]:
        """The paths of the pages the plan makes of `loaded` (check: which static/ files
        meet one). The plan's, kept in the cache (state.read_page_paths, written by the
        last check or build that planned: _keep_page_paths) under _page_paths_key: a
        check of a site whose content did not change since plans nothing (the plan was
        1.0 s of a 10,000-event check's CPU; the cache's read, a few ms)."""
        from .planning import plan

        assert loaded.site is not None
        key = self._page_paths_key(loaded)
        stored = self.state.read_page_paths(key)
        if stored is not None:
            return stored
        # (`later`: the event pages' data is never made; only their paths are read)
        paths = frozenset(p.path for p in plan(loaded.site, self.options, self.memo, later=True))
        self.state.write_page_paths(key, paths)
        return paths

    def _page_paths_key(self, loaded: Loaded) -> str:
        """A hash of all that the plan's page paths are made of: the site model, made of
        the content files (content/site.yaml among them: each file's hash) and today;
        and the options, but for the two the render alone reads (options.today and
        build_date: a check sets neither, a build both, and a check after a build takes
        the build's paths). Not templates/ or static/: planning.plan is given the model
        and the options, no folder, and reads no file (test_the_plan_reads_no_file), so
        a template cannot change which pages there are, only what they show. sitegen's
        own code is keyed by paths.pickle's header (cache.py: version and code digest)."""
        options = dataclasses.replace(self.options, today="", build_date="")
        made_of = repr((sorted(loaded.inputs.items()), loaded.today, options))
        return blake2b(made_of.encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()

    def _keep_page_paths(self, loaded: Loaded, paths: set[str]) -> None:
        """A build's page paths (every page it has: planned, kept or shadowed), kept for
        the next check (_page_paths), when a static/ file may meet one: the only sites
        whose check plans."""
        self.state.write_page_paths(self._page_paths_key(loaded), frozenset(paths))

    # -- build -----------------------------------------------------------------------------

    def build(
        self, strict: bool = False, to_memory: bool = False, touched: Collection[str] | None = None
    ) -> Result:
        """Check, then render and write every page; nothing is written if anything fails.

        touched: the site-relative paths changed since the last build, when the caller
        knows them all (serve's watcher); see load_site."""
        start = time.perf_counter()
        run = BuildRun(self.site_dir, self.jobs, strict, start)
        out = None if to_memory else guard(self.output, self.site_dir)
        if out is not None:
            self._own_cache_folder()
            recover(out)  # a build killed while committing: finished before anything else
        stored = self.state.read_build_record() if out is not None and self.use_cache else None
        scanner: Scanner | None = None
        if stored is not None:
            assert out is not None
            run.inputs = self._inputs_key(out, strict, stored, run)
            same = self._unchanged_build(out, run.inputs, stored)
            if same is not None:
                if run.restamped:  # (racy stamps settled: not to be read by every build)
                    self._record_unchanged(run.inputs, same)
                same.seconds = time.perf_counter() - start
                return same
            touched, scanner = self._incremental(run, out, touched)
        self._key_to_record(run, out)
        # The model is a large, acyclic graph: the cyclic collector would walk all of it
        # again and again while it is made (rendering collects, with the model frozen).
        # The build's record is written before the collector is back: its first full
        # collection walks the whole model once (0.3-0.6 s at 10,000 events), and only a
        # preview server, which goes on, has any use for it.
        collecting = gc.isenabled()
        gc.disable()
        try:
            result = self._build(run, out, touched, scanner)
            if result.ok and out is not None and self.use_cache:
                self._record_build(run, out, result)
        finally:
            if scanner is not None:
                scanner.result()  # waited for and its file removed, if not used
            if run.beside is not None:
                run.beside.discard()  # (the same)
            gc.unfreeze()
            if collecting:
                gc.enable()
        return result

    def _key_to_record(self, run: BuildRun, out: Path | None) -> None:
        """The inputs' key for the build's record, when none was worked out before the
        build (nothing to compare with: a first or --clean build): worked out beside the
        render into `run.inputs`, from the hashes the load took (the render changes none
        of the files it walks; a walk of the site, ~65 ms at 10,000 events, that no other
        core shared after the render)."""
        if run.inputs is not None or out is None or not self.use_cache:
            return

        def key() -> str | None:
            return self._inputs_key(out, run.strict, None)

        run.key_beside = key

    def _record_build(self, run: BuildRun, out: Path, result: Result) -> None:
        """What the next build compares with to find nothing changed (build.pickle):
        `run.inputs`, the key worked out before the build or beside its render; when
        neither was, worked out now (nothing recorded if a content file changed since
        the load)."""
        inputs = run.inputs
        if inputs is None and run.beside is not None:
            inputs = run.beside.inputs()
        if inputs is None:
            # nothing to compare with (a first or --clean build): the inputs' hash is
            # worked out after the build, when not beside its render, from the hashes
            # its parse took (hashing 10,000 files first would hold up the parse by a
            # third of a second)
            inputs = self._inputs_key(out, run.strict, None)
            if inputs is None:
                return
        else:  # the fonts this build's site.yaml names, not the last build's
            inputs = inputs.split("\0", 1)[0] + "\0" + self._card_fonts_key(None)
        summary = Result(result.diagnostics, True, pages=result.pages)
        self.state.write_build_record(inputs, summary, self.parse_cache.stats)

    def _record_unchanged(self, inputs: str | None, same: Result) -> None:
        """The record again after a build that found nothing changed, with the stamps
        its walk took anew (racy ones it checked by content: see files.settled)."""
        if inputs is not None:
            summary = Result(same.diagnostics, True, pages=same.pages)
            self.state.write_build_record(inputs, summary, self.parse_cache.stats)

    def _incremental(
        self, run: BuildRun, out: Path, touched: Collection[str] | None
    ) -> tuple[Collection[str] | None, Scanner | None]:
        """Before an incremental build: the content files touched (when the caller did
        not know them), and a forked scan of the output folder on a large site."""
        if touched is None and run.content_changes is not None:
            # the content files that changed, appeared or went since the last build (the
            # walk for the inputs' hash saw them all): when none is new or gone, the load
            # need not search the content folders again
            touched = run.content_changes
        from .executor import can_fork

        scanner = None
        if can_fork() and threading.active_count() == 1 and run.large():
            # an incremental build of a large site: the output folder it will look at is
            # scanned beside the load (not while other threads run, as in serve: a forked
            # copy could inherit a lock one of them holds)
            try:
                scanner = Scanner(out, self.cache_dir, self._executor())
            except OSError:
                scanner = None
        return touched, scanner

    # -- has anything changed? -------------------------------------------------------------

    def _inputs_key(
        self, out: Path, strict: bool, stored: tuple[Any, ...] | None, run: BuildRun | None = None
    ) -> str | None:
        """unchanged.inputs_key of this build (see there); `stored`: the last build's
        record, whose content files' hashes are trusted while their stats are the same;
        `run`: the build whose load follows, which takes what the walk found (None: a key
        for the build's record alone, from the hashes known)."""
        known_only = run is None
        if stored is not None and not self.parse_cache.stats:
            self.parse_cache.stats = dict(stored[2])  # no need to read 10,000 files
        settings = repr((self.options, self.today, strict, str(out), str(self.site_dir)))
        walk = inputs_key(self.site_dir, settings, self.parse_cache.stats, known_only)
        if walk is None:
            return None
        if run is not None:
            self.parse_cache.fresh = walk.fresh  # for the load that follows
            run.content_changes = walk.changed
            run.restamped = walk.restamped
        return walk.key + "\0" + self._card_fonts_key(stored[0] if stored else None)

    def _card_fonts_key(self, stored_key: str | None) -> str:
        """The share cards' font files with their stamps, for the inputs' key: the walk
        sees content/, templates/ and static/ only, and a card font replaced under its
        name, or one installed, changes the cards. The files the last build's key named,
        else (recording this build's) those of this build's site.yaml and the system."""
        from . import cardfonts

        if stored_key and "\0" in stored_key:
            return cardfonts.key(cardfonts.paths_in(stored_key.split("\0", 1)[1]))
        loaded = self.state.last_load
        return cardfonts.key(cardfonts.files(self.site_dir, loaded.config if loaded else None))

    def _unchanged_build(
        self, out: Path, inputs: str | None, stored: tuple[Any, ...]
    ) -> Result | None:
        """The last build's result when none of its inputs changed and the output folder
        still holds exactly what it wrote (same files, sizes and mtimes); else None."""
        result = stored[1]
        if stored[0] != inputs or not isinstance(result, Result):
            return None
        return result if output_as_written(out, self.state.read_manifest()) else None

    # -- the stages: load + check, plan, diff, render, commit -------------------------------

    def _build(
        self,
        run: BuildRun,
        out: Path | None,
        touched: Collection[str] | None,
        scanner: Scanner | None = None,
    ) -> Result:
        work = self._load_and_check(run, touched)
        if has_errors(work.final):
            if work.cards is not None and work.cards.drawn is not None:
                work.cards.drawn.discard()
            work.diagnostics.extend(self._run_checks(work))  # every problem at once
            self._save_parse_cache(run)
            return self._failed(run, work.diagnostics)
        cards = work.cards
        sink = self._sink(out, scanner)
        try:
            if cards is None:
                cards = work.cards = self._cards_beside(work.loaded, work.renderer.base_url)
            made = self._plan_and_render(run, work, sink)
            if isinstance(made, list):  # what stops the build
                sink.abort()
                self._save_parse_cache(run)
                return self._failed(run, made)
            planned, rendered = made
            from .render import asset_files, has_year_pages

            paths = itertools.chain((p.path for p in planned.pages), planned.kept)
            for path, data in asset_files(work.renderer, has_year_pages(paths)):
                sink.add(path, data)
            unread: list[Diagnostic] = []
            for path, data in self._static_files(work.loaded, unread):
                sink.add(path, data)
            if unread:  # (changed since the load found them)
                sink.abort()
                return self._failed(run, [*work.diagnostics, *unread])
            if problems := self._add_pictures(run, work, sink, cards):
                sink.abort()
                return self._failed(run, [*work.diagnostics, *problems])
        except BaseException:
            sink.abort()
            raise
        finally:
            if cards is not None and cards.drawn is not None:
                cards.drawn.discard()  # (taken by _add_pictures, or not wanted)
        return self._commit(run, work, sink, planned, rendered)

    def _failed(self, run: BuildRun, diagnostics: list[Diagnostic]) -> Result:
        seconds = time.perf_counter() - run.start
        return Result(self.finish(diagnostics, run.strict), False, seconds=seconds)

    def _load_and_check(
        self,
        run: BuildRun,
        touched: Collection[str] | None,
        large: bool | None = None,
    ) -> Checked:
        """load + check. A build's parse is shared with a forked worker once it has enough
        files to parse (assemble._parse_all), while this process imports the renderer
        beside it (_while_workers_parse), and its cross-file checks run beside the render,
        not before it: they decide whether the output is committed, not what it is (see
        _deferred_problems). `large`: False for `check`, which renders nothing to run
        them beside; serve's builder shares them only on a large site."""
        from .executor import SERIAL, can_fork

        building = large is None
        if large is None:
            large = run.large()
        # (on a small site too: at 100 events the parse and the renderer's import were a
        # third of the build, one after the other, with the second core idle)
        apart = large or (building and not self.defer_producers)
        executor = self._executor() if apart else SERIAL
        loaded = self.load(
            executor, touched, apart and can_fork(), large and self._render_forks(run), run
        )
        if self.parse_cache.packed:
            # the workers' pickles are written out at once and let go: they are most of
            # the cache, and held through the rendering they would add to its peak memory
            self._save_parse_cache(run)
        cards = self._cards_first(run, loaded) if building else None
        try:
            return self._checked(run, loaded, cards)
        except BaseException:
            if cards is not None and cards.drawn is not None:
                cards.drawn.discard()
            raise

    def _cards_first(self, run: BuildRun, loaded: Loaded) -> Cards | None:
        """The share cards started right after the load, when it found no error: the
        forked process that draws them then works beside the renderer's making and the
        plan, not only the plan (at 100 events ~25 M instructions this process did with
        the other core idle). Errors found after (a template's, --strict's) discard
        them (_build). On a large site the same process runs the cross-file checks the
        load left and works out a first build's inputs' key, where the render would have
        run them beside its workers (`run.beside`): the plan (~35 ms at 1,000 events,
        the cards ~20) is the one stretch after the load in which this process worked
        alone (docs/performance.md, "Work that needs no plan, beside the plan")."""
        from . import publish  # (after the load: see _while_workers_parse)

        if loaded.site is None or has_errors(loaded.diagnostics):
            return None
        base_url = publish.base_url(loaded.site, self.options)
        executor = self._beside_executor()
        if not executor.workers or not self._checks_beside_plan(run, loaded):
            return self._cards_beside(loaded, base_url, executor)
        cards, draw = self._cards(loaded, base_url, name=False)
        self.cache_dir.mkdir(exist_ok=True)  # (its result comes through a file there)
        run.beside = beside = Beside.start(executor, self.cache_dir, draw, loaded, run.key_beside)
        if draw is not None:
            cards.drawn = beside.drawn()
        return cards

    def _checks_beside_plan(self, run: BuildRun, loaded: Loaded) -> bool:
        """Whether the cross-file checks the load left (and a first build's inputs' key)
        run beside the plan rather than beside the render's workers: on a large site,
        under CHECKS_FIRST_EVENTS events (from there they run before the render forks,
        see _checks_first, and are not moved). A small site's plan is shorter than the
        cards' drawing, which the process already does beside it: at 100 events the
        checks moved there shortened nothing and cost 16 M instructions more in all."""
        assert loaded.site is not None
        events = len(loaded.site.events)
        return loaded.unchecked and run.large() and events < self.checks_first_events

    def _checked(self, run: BuildRun, loaded: Loaded, cards: Cards | None) -> Checked:
        """The load's model with its renderer, and every problem found so far."""
        from . import publish
        from .assemble import template_refusals
        from .render import Renderer

        diags = list(loaded.diagnostics)
        site = loaded.site
        assert site is not None
        # the scan's refusals, then those of files changed since, as the theme is read
        # (each file once: the read refuses what the scan did)
        theme = template_refusals(self.site_dir)
        renderer = Renderer(
            site, self.site_dir, self.options, self.compiled, not self.clean, self.memo, run.theme
        )
        run.theme = None  # (the renderer's now)
        theme += [*renderer.theme_files.refused.values(), *renderer.check_templates()]
        diags.extend({(d.path, d.code) if d.code != "template" else d: d for d in theme}.values())
        diags.extend(publish.diagnostics(site, self.options, diags))
        if site.config.card_font or site.config.card_bold_font:
            from .sharecards import font_problems

            diags.extend(font_problems(site.config, self.site_dir))
        return Checked(
            loaded,
            renderer,
            diags,
            self.finish(diags, run.strict),
            deferred=loaded.unchecked,
            cards=cards,
        )

    def _sink(self, out: Path | None, scanner: Scanner | None) -> Sink:
        """Where this build's pages go: the output folder (through a staging folder), or
        memory (serve)."""
        if out is None:
            return MemorySink(
                self.state.memory, self.state.last_pieces.made, self.defer_producers, self._shown
            )
        staging = Staging(out, self.state.read_manifest(), self.site_dir)
        staging.scan(scanner)  # the output as the last build left it, looked at once
        return DiskSink(staging, self.state.write_manifest, self.state.read_piece_index)

    def _deferred_problems(self, run: BuildRun, work: Checked) -> list[Diagnostic] | None:
        """When the cross-file checks the load deferred find errors: every problem, to
        report instead of what was rendered (None: none, or they ran before)."""
        if not work.deferred:
            return None
        found = run.beside.cross() if run.beside is not None else None
        every = [*work.diagnostics, *self._run_checks(work, found)]
        return every if has_errors(self.finish(every, run.strict)) else None

    def _plan_and_render(
        self, run: BuildRun, work: Checked, sink: Sink
    ) -> tuple[Planned, Rendered] | list[Diagnostic]:
        """plan, diff and render; the problems that stop the build instead, if any."""
        try:
            planned = self._plan(run, work, sink)
            if self._static_over_pages(run, work, planned):  # --strict: their warnings
                return self._deferred_problems(run, work) or work.diagnostics
            self.state.last_pages = []  # kept only once this plan is rendered
            beside = self._beside_render(run, work)
            if beside is not None and self._checks_first(work):
                beside()
                beside = None
            rendered = self._render(run, work, planned.pages, sink, beside, planned.kept)
        except Exception:
            if (stop := self._deferred_problems(run, work)) is not None:
                return stop
            raise
        if (stop := self._deferred_problems(run, work)) is not None:
            return stop
        if work.deferred:  # and nothing wrong: their warnings join the others
            work.deferred = False
            work.diagnostics.extend(work.loaded.cross)
            work.final = self.finish(work.diagnostics, run.strict)
        rendered.keys.update(planned.kept)
        if rendered.problems:
            return [*work.diagnostics, *rendered.problems]
        return planned, rendered

    def _checks_first(self, work: Checked) -> bool:
        """Whether the checks (and the key) that would run beside the render workers run
        before they are forked: on a site of CHECKS_FIRST_EVENTS events or more.

        Beside a worker, every page of the model they read (each file's marks, the
        events of every crowded day) is copied, since the worker keeps the pages as
        they were: the build's peak at 100,000 standard events fell 1,917 -> 1,837 MiB
        with them before the fork. The price is their seconds no longer overlapping the
        render, a few at that size (docs/performance-history.md, "100,000 events on four
        corpora"); below it, where memory is not what binds, they stay beside."""
        site = work.loaded.site
        return site is not None and len(site.events) >= self.checks_first_events

    def _beside_render(self, run: BuildRun, work: Checked) -> Callable[[], object] | None:
        """What this process does beside the render workers before it renders too (or
        before it renders alone): the cross-file checks the load left, and a first
        build's inputs' key."""
        steps: list[Callable[[], object]] = []
        beside = run.beside
        if work.deferred and beside is None:
            steps.append(lambda: self._run_checks(work))
        if (key := run.key_beside) is not None and (beside is None or not beside.key):

            def key_here() -> None:
                run.inputs = key()

            steps.append(key_here)
        if not steps:
            return None
        return lambda: [step() for step in steps]

    def _plan(self, run: BuildRun, work: Checked, sink: Sink) -> Planned:
        """Every page the site has (a file in static/, say the newsroom's own robots.txt,
        wins over a generated one: `shadowed`); after body edits alone, fewer (see
        _planned)."""
        planned = self._planned(run, work, sink)
        statics = set(work.loaded.static_files)
        shadowed = [p.path for p in planned.pages if p.path in statics] if statics else []
        if shadowed:
            planned.shadowed.extend(shadowed)
            planned.every = planned.pages
            planned.pages = [p for p in planned.pages if p.path not in statics]
        return planned

    def _static_over_pages(
        self, run: BuildRun, work: Checked, pages: Planned | Collection[str]
    ) -> bool:
        """What static/ files do to the pages the plan makes (`pages`: the plan, or its
        pages' paths), checks.static_over_pages, joined to the build's problems; whether
        they are errors (--strict)."""
        from .checks import near_pages, static_over_pages

        statics = work.loaded.static_files
        if not near_pages(statics):
            return False
        if isinstance(pages, Planned):
            pages = {*(p.path for p in pages.pages), *pages.kept, *pages.shadowed}
            self._keep_page_paths(work.loaded, pages)
        found = static_over_pages(statics, pages)
        if not found:
            return False
        work.diagnostics.extend(found)
        work.final = self.finish(work.diagnostics, run.strict)
        return has_errors(work.final)

    def _planned(self, run: BuildRun, work: Checked, sink: Sink) -> Planned:
        """The plan, one of three ways, chosen here: "again", the last plan of this
        process (serve) with the edited events swapped in, after body edits alone;
        "edited", after body edits alone since another process's build, only the pages a
        body shows, the rest kept as the output holds them (when the record allows it:
        _plan_edited); else "full", every page."""
        loaded = work.loaded
        assert loaded.site is not None
        if loaded.edited and self.state.last_pages:
            from .planning import replan

            again = replan(self.state.last_pages, loaded.site, self.options, loaded.edited)
            return Planned(again, kind="again")
        edited = self._plan_edited(loaded, work.renderer, sink)
        return edited if edited is not None else self._plan_full(run, loaded.site, sink)

    def _plan_full(self, run: BuildRun, site: Site, sink: Sink) -> Planned:
        """Every page; in a build whose render forks, every body's texts moved first
        (model.hold_texts: see docs/architecture.md, "Memory of a forked render")."""
        from .planning import plan

        if self._render_forks(run):
            from .executor import release_free_memory
            from .model import hold_texts, zips_html, zips_long

            # a batch at a time, each batch's old strings handed back before the next
            # (the plan reuses few): all at once, the texts existed twice, the peak of
            # this process (+~450 MB at 100,000 events)
            bodies = list(site.bodies())
            zipped, long = zips_html(len(site.events)), zips_long(len(site.events))
            for start in range(0, len(bodies), HOLD_BATCH):
                hold_texts(bodies[start : start + HOLD_BATCH], zipped, long)
                release_free_memory()
        # the event pages' data made by the render, page by page, and dropped with the
        # rendered page, where the jobs work out the keys (nothing here compares it)
        return Planned(plan(site, self.options, self.memo, later=sink.keys_in_jobs))

    def _commit(
        self, run: BuildRun, work: Checked, sink: Sink, planned: Planned, rendered: Rendered
    ) -> Result:
        """The output becomes this build's site; its state the next build's."""
        written, removed, changed = sink.commit()
        self.state.last_pages = [] if planned.kept else (planned.every or planned.pages)
        self._record_load(work.loaded, work.renderer, planned.shadowed)
        self.state.committed(rendered.keys, bool(work.renderer.pieces.made))
        return Result(
            work.final,
            True,
            pages=len(planned.pages) + len(planned.kept),
            rendered=rendered.count,
            written=written,
            removed=removed,
            seconds=time.perf_counter() - run.start,
            changed=changed,
        )

    # -- helpers -------------------------------------------------------------------------

    def _own_cache_folder(self) -> None:
        """The cache folder must be a real folder of the site: a link planted there
        (.sitegen-cache -> elsewhere) would have the build write where it points."""
        link = cache_mod.linked_folder(self.cache_dir) if self.use_cache else None
        if link is not None:
            raise UsageError(
                f"{link} is a symbolic link; sitegen keeps its cache only in real "
                f"folders: remove {'the link' if link == self.cache_dir else self.cache_dir} "
                "(the cache is safe to delete)"
            )
        if self.cache_dir.exists() and not self.cache_dir.is_dir():
            # said before any work: else whichever process wrote there first said it, the
            # output's marker ("Not a directory") or the cache
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(self.cache_dir))

    def _executor(self) -> Executor:
        """Forked workers beside this process, one per other core (where forking works)."""
        from .executor import SERIAL, Forked, can_fork

        return Forked(self.jobs - 1, self.forks) if self.jobs > 1 and can_fork() else SERIAL

    def _render_executor(self) -> Executor:
        """_executor, with no more workers than the memory left allows: each comes to
        hold about what this process holds (executor.affordable_workers)."""
        from .executor import SERIAL, Forked, affordable_workers

        executor = self._executor()
        if executor.workers == 0:
            return executor
        workers = affordable_workers(executor.workers)
        if workers == executor.workers:
            return executor
        return Forked(workers, self.forks) if workers else SERIAL

    def _render_forks(self, run: BuildRun) -> bool:
        """Whether the render of a whole large site is shared with forked workers."""
        from .executor import can_fork

        return not self.defer_producers and run.large() and can_fork()

    def _save_parse_cache(self, run: BuildRun) -> None:
        """Once per build: saving forgets what the load used, so a second save in the
        same build would find nothing used and drop every entry."""
        if run.parse_saved:
            return
        run.parse_saved = True
        if self.use_cache:
            self.parse_cache.save()
        else:
            self.parse_cache.prune()

    def _beside_executor(self) -> Executor:
        """Who works beside the renderer's making and the plan: a forked process, where
        the build has a cache folder for its result and no other thread runs (a fork
        copies no thread); else this process, when asked."""
        from .executor import SERIAL

        if self.use_cache and threading.active_count() == 1:
            return self._executor()
        return SERIAL

    def _cards_beside(
        self, loaded: Loaded, base_url: str, executor: Executor | None = None
    ) -> Cards:
        """The share cards, those the image cache lacks drawn by a forked process while
        this one makes the renderer, plans and renders: Pillow's import and the drawing
        (20-30 ms) came after the render, in the part of every build no other core can
        share. Drawn here, when _pictures asks, where this build forks nothing (one
        core, serve's threads)."""
        executor = self._beside_executor() if executor is None else executor
        cards, draw = self._cards(loaded, base_url, name=executor.workers == 0)
        if draw is not None:
            if executor.workers:
                self.cache_dir.mkdir(exist_ok=True)  # (its result comes through a file there)
            cards.drawn = executor.background(draw, self.cache_dir)
        return cards

    def _cards(
        self, loaded: Loaded, base_url: str, name: bool
    ) -> tuple[Cards, Callable[[], tuple[sharecards.Choices, dict[str, bytes]]] | None]:
        """The site's share cards (none without a base_url: og:image must be an absolute
        address), and the work that draws those the image cache lacks, if any; `name`:
        the cards named here even where that needs Pillow (else, where it does, by the
        work: a title in a script DejaVu may lack, the skewed corpus's ~120 M
        instructions, with nothing beside them; the choices come back with the cards)."""
        cache = self._image_cache()
        site = loaded.site
        assert site is not None
        if not base_url:
            return Cards(cache, None, None), None
        from . import sharecards
        from .pages import visible_events

        events = visible_events(site, self.options)
        recorded = None if self.clean else self._fonts_chosen()  # (--clean trusts no cache)
        drafts = self.options.drafts
        published = sharecards.published(site, events, drafts, self.site_dir, recorded, name=name)
        todo = published
        if published.named:
            todo = published.missing(cache)
            if not todo.cards:
                return Cards(cache, published, None), None
        return Cards(cache, published, None), functools.partial(todo.beside, cache)

    def _fonts_chosen(self) -> Path | None:
        """Where the share cards' fonts chosen for each text are kept (Fonts.recall)."""
        return self.cache_dir / "card-fonts.pickle" if self.use_cache else None

    def _add_pictures(
        self, run: BuildRun, work: Checked, sink: Sink, cards: Cards
    ) -> list[Diagnostic]:
        """The pictures' sizes and share cards into the sink (a file of static/ wins, as
        over a page); the pictures that cannot be made instead, if any (or the cards'
        warnings, under --strict)."""
        assert work.loaded.site is not None
        pictures, warned = self._pictures(work.loaded.site, cards)
        if pictures.problems:
            return list(pictures.problems)
        if warned:  # a card's characters no font has
            work.diagnostics.extend(warned)
            work.final = self.finish(work.diagnostics, run.strict)
            if has_errors(work.final):
                return warned
        statics = set(work.loaded.static_files)
        for path, data in pictures.files:
            if path not in statics:
                sink.add(path, data)
        return []

    def _pictures(self, site: Site, cards: Cards) -> tuple[images.Made, list[Diagnostic]]:
        """The sizes of local pictures and, with a base_url (og:image must be an absolute
        address), the share cards: from the image cache, drawn beside the render
        (_cards_beside), or made now."""
        from . import images

        cache, drafts = cards.cache, self.options.drafts
        made = images.renditions(site, self.site_dir / "static", cache, self.jobs, drafts)
        warned: list[Diagnostic] = []
        if cards.published is not None and not made.problems:
            beside = cards.drawn.result() if cards.drawn is not None else None
            choices, drawn = beside if beside is not None else ({}, None)
            cards.published.name(choices)  # (drawn here, as made does, if it came to nothing)
            made_cards, warned = cards.published.made(cache, drawn)
            made.files.extend(made_cards)
            cards.published.fonts.record(self._fonts_chosen())
        if not made.problems:
            cache.prune()
        return made, warned

    def _static_files(
        self, loaded: Loaded, unread: list[Diagnostic]
    ) -> Iterable[tuple[str, bytes]]:
        """static/'s files, read again as they are published: checked again, since one
        may have changed since the load found it (into `unread` when it must not be
        published or is gone)."""
        root = self.site_dir / "static"
        site = os.path.realpath(self.site_dir)
        for rel in loaded.static_files:
            shown = f"static/{rel}"
            try:
                yield rel, read_inside(os.path.join(root, rel), site)
            except (Refused, OSError) as exc:
                no = exc if isinstance(exc, Refused) else unreadable(exc)
                unread.append(Diagnostic(shown, 1, 1, "error", no.code, no.message))

    def _plan_edited(self, loaded: Loaded, renderer: Renderer, sink: Sink) -> Planned | None:
        """After body edits alone since the last build (in another process), plan only
        the pages that show a body; every other page of the last build is kept as the
        output folder holds it, with its recorded key. None when that cannot be: nothing
        recorded, or a page to keep is missing or was changed."""
        from .diff import unaffected_by_edits
        from .planning import plan_edited

        if loaded.site is None or unaffected_by_edits(renderer, self.state, loaded.edited) is None:
            return None
        shadowed = self.state.recorded.get("shadowed")
        if not isinstance(shadowed, list):
            return None  # (a record of an older sitegen: which pages static/ replaces)
        page_keys = self.state.read_page_keys()
        pages = plan_edited(loaded.site, self.options, loaded.edited, loaded.was, loaded.parts)
        mine = {p.path for p in pages}
        if not mine <= page_keys.keys():
            return None
        rest = {path: key for path, key in page_keys.items() if path not in mine}
        if not sink.keep_all(rest):
            return None
        # (static/ is as the recorded build found it: an edit of it is not a body edit)
        return Planned(pages, rest, kind="edited", shadowed=list(shadowed))

    def _body_edited(self, loaded: Loaded, renderer: Renderer) -> frozenset[str]:
        """The files of the events whose body text alone changed since the last build
        (this process's, or the one state.pickle records), when nothing else did: the
        whole-site files are then patches of the last ones (see splice.Splice)."""
        if not loaded.edited:
            return frozenset()
        if not self.state.last_pages and self.state.recorded.get("key_base") != renderer.key_base():
            return frozenset()  # another process, with other options or templates
        return frozenset(ev.origin.path for ev in loaded.edited)

    def _render(
        self,
        run: BuildRun,
        work: Checked,
        pages: list[Page],
        sink: Sink,
        beside: Callable[[], object] | None = None,
        kept: PageKeys | None = None,
    ) -> Rendered:
        """diff, then render what changed. `beside`: work for this process before it
        renders (after forking its workers); `kept`: pages kept unplanned (their pieces
        stay indexed)."""
        from .diff import diff
        from .renderjobs import RenderJob, Saver, Todo

        renderer, edited = work.renderer, work.loaded.edited
        # (a render shared with forked workers works out the keys there: see diff)
        in_jobs = (
            sink.keys_in_jobs
            and len(pages) >= PARALLEL_MIN_PAGES
            and self._render_executor().workers > 0
        )
        diffed = diff(renderer, pages, sink, self.state, edited, in_jobs)
        renderer.pieces = self.state.last_pieces = Pieces(
            sink.old_piece, self._body_edited(work.loaded, renderer), sink.opener()
        )
        todo = Todo.of(pages, diffed.todo)
        path = self._render_path(run, todo, sink, renderer)
        job = RenderJob(renderer, pages, diffed.keys, sink, diffed.recorded)
        # Rendering makes reference cycles (each Jinja context with its macros): collected
        # young, they stay small. What exists now (the model, the plan) is frozen: the
        # collector neither walks it nor writes to it, so forked workers keep sharing it.
        gc.freeze()
        collecting = gc.isenabled()
        gc.enable()
        saver = Saver(lambda: self._save_parse_cache(run))
        try:
            results = path.run(job, todo, beside, saver)
            problems, again, unrendered = self._collect(
                results, pages, sink, renderer, diffed.new_keys
            )
            if again:  # kept by the jobs, but the output no longer holds the file
                job.recorded = {}
                made = [job(i) for i in again]
                problems += self._collect([made], pages, sink, renderer, diffed.new_keys)[0]
        finally:
            if not collecting:
                gc.disable()
            saver.finish()
        self._index_pieces(renderer, {**(kept or {}), **diffed.new_keys})
        return Rendered(len(diffed.todo) - unrendered, problems, diffed.new_keys)

    def _render_path(self, run: BuildRun, todo: Todo, sink: Sink, renderer: Renderer) -> RenderPath:
        """How this build's render jobs run, chosen once (see renderjobs): shared with
        forked workers from PARALLEL_MIN_PAGES pages, where the machine has the cores and
        the memory for them; the whole-site files by the workers on an edit of a large
        site or a render of FILES_APART_MIN_PAGES pages or more; else here alone."""
        from .renderjobs import FilesApart, Here, Shared

        # (an executor only where workers may be used: a small site's build imports none
        # of what forking needs, which asking whether this system forks would)
        if len(todo.listed) >= PARALLEL_MIN_PAGES:
            executor = self._render_executor()
            if executor.workers > 0:
                return Shared(executor, self.refork_pages)
        # (after body edits alone they are patched: hundredths of a second, less than a fork)
        patches = bool(renderer.pieces.edited)
        if sink.sizes_known and len(todo.mine) > 1 and not patches and self._files_apart(run, todo):
            executor = self._render_executor()
            if executor.workers > 0:
                return FilesApart(executor, sink)
        return Here()

    @staticmethod
    def _files_apart(run: BuildRun, todo: Todo) -> bool:
        """Whether a render too small to share is worth a worker for its whole-site files:
        on an edit of a large site they are most of the work; from FILES_APART_MIN_PAGES
        pages they are enough of it (at 100 events the feeds, data files and search index
        are an eighth of a cold build's instructions, ~150 M, made beside the pages for
        ~15 M more in all: docs/performance.md, "Start-up and overlap")."""
        return run.large() or len(todo.listed) >= FILES_APART_MIN_PAGES

    @staticmethod
    def _collect(
        results: list[Iterable[Job]],
        pages: list[Page],
        sink: Sink,
        renderer: Renderer,
        keys: PageKeys,
    ) -> tuple[list[Diagnostic], list[int], int]:
        """What the jobs sent, recorded here (in `keys` and the sink); their problems, the
        pages a job kept whose file the output no longer holds (to render), and how many
        the jobs kept."""
        problems: dict[tuple[str, int], Diagnostic] = {}
        again: list[int] = []
        kept = 0
        made = renderer.pieces.made
        for result in itertools.chain.from_iterable(results):  # (each chunk unpacked in turn)
            path = pages[result.at].path
            if result.kept:
                if sink.keep(path):
                    keys[path] = (result.key, result.hash)
                    kept += 1
                else:
                    again.append(result.at)
                continue
            if result.spliced is not None:
                made[path] = result.spliced  # from a worker, or the same
            if result.problem is not None:
                problems.setdefault((result.problem.path, result.problem.line), result.problem)
                continue
            keys[path] = (result.key, result.hash)
            sink.record(path, result)
        return list(problems.values()), again, kept

    def _index_pieces(self, renderer: Renderer, new_keys: PageKeys) -> None:
        """The piece index of the whole-site files as this build leaves them."""
        state, made = self.state, renderer.pieces.made
        if state.piece_index is None and not made:
            return
        last = state.piece_index or {}
        state.piece_index = {
            path: (new_keys[path][1], made[path][1]) if path in made else last[path]
            for path in new_keys
            if path in made or path in last
        }
