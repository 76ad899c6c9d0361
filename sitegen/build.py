"""check = load + check; build = check + render + write. One Builder serves both, and
`serve` keeps one alive so that a save re-parses one file and re-renders what it affects.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import gc
import hashlib
import mmap
import operator
import os
import shutil
import threading
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from . import __version__, checks, publish
from . import cache as cache_mod
from .assemble import (
    Loaded,
    Parsed,
    checked,
    file_digest,
    load_site,
    read_file,
    site_root,
    stat_signature,
)
from .cache import ParseCache
from .diagnostics import Diagnostic, UsageError, finalize, has_errors
from .load import Refused, SourceFile
from .model import Site
from .render import (
    Later,
    Options,
    Page,
    Renderer,
    SharedList,
    TemplateProblem,
    asset_files,
    default_theme,
    plan,
    plan_edited,
    precompile,
    replan,
)
from .share import can_fork, release_free_memory, share
from .splice import Index, Pieces
from .write import Manifest, Scanner, Staging, digest, guard, recover, stamp_of

CACHE_DIR = ".sitegen-cache"
PARALLEL_MIN_PAGES = 400


@dataclass
class Result:
    """What a check or build found and did."""

    diagnostics: list[Diagnostic]
    """Every problem, sorted, after `ignore` and `--strict`."""
    ok: bool
    """No errors: the output was written (build) or would be (check)."""
    pages: int = 0
    """Output files the site has."""
    rendered: int = 0
    """Files rendered this time (the rest came from the cache)."""
    written: int = 0
    """Files whose bytes changed on disk."""
    removed: int = 0
    """Stale files removed."""
    seconds: float = 0.0
    """Wall time."""
    changed: list[str] = field(default_factory=list)
    """Output paths whose bytes changed."""


def publishing_errors(diagnostics: Iterable[Diagnostic], site: Site) -> list[Diagnostic]:
    """Safe by default: what a build of the public site (drafts unpublished: `check`,
    `build`) would publish must not carry skeleton text, a link to an unpublished page or
    a date after today that is not `status: scheduled`. In a draft, and in a preview
    (serve, build --drafts), they stay warnings: the to-do list before publishing."""
    diagnostics = list(diagnostics)
    if not any(d.code in checks.PUBLISHING_CODES for d in diagnostics):
        return diagnostics  # (the drafts of 10,000 events are not looked for in vain)
    owners: list[Any] = [*site.events, *site.people.values(), *site.countries.values()]
    drafts = {o.origin.path for o in owners if o.draft}
    return [
        Diagnostic(d.path, d.line, d.column, "error", d.code, d.message)
        if d.code in checks.PUBLISHING_CODES and d.severity == "warning" and d.path not in drafts
        else d
        for d in diagnostics
    ]


def _jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


# State that forked render workers inherit (set just before the pool is made).
_WORK: dict[str, Any] = {}


class Job(NamedTuple):
    """What rendering one page gives back (from a worker, to the parent)."""

    at: int
    """The page's index in the plan."""
    key: str
    hash: str
    data: bytes | None
    """b"" when the file was staged; None when the output already holds these bytes."""
    problem: Diagnostic | None
    known: Any = None
    """When data is None: the manifest entry (hash, size, mtime, ctime) the worker
    found; when the page was staged: its file's stamp as written."""
    spliced: tuple[bytes, Index] | None = None
    """A whole-site file's piece index (bytes b""), for the next build's splices."""


def _render_job(index: int) -> Job:
    """Render one page; with a staging folder, write it straight into it (so a worker
    sends back only what the parent records)."""
    renderer: Renderer = _WORK["renderer"]
    page: Page = _WORK["pages"][index]
    planned: str | None = _WORK["keys"][index]
    key = renderer.key(page) if planned is None else planned
    try:
        data = renderer.render(page)
    except TemplateProblem as exc:
        return Job(index, key, "", None, exc.diagnostic)
    staging: Staging | None = _WORK.get("staging")
    if staging is None:
        return Job(index, key, digest(data), data, None)
    written = renderer.pieces.written.pop(page.path, None)  # spliced into the staging folder
    h = written or digest(data)
    spliced = renderer.pieces.made.get(page.path)
    if staging.unchanged(page.path, h):
        if written:
            os.unlink(staging.dir / page.path)
        return Job(index, key, h, None, None, staging.manifest.files.get(page.path), spliced)
    stamp = None
    if not written:
        stamp = staging.write(page.path, data)
    if written or len(data) > 1 << 20:
        release_free_memory()  # what making a large file took, let go
    return Job(index, key, h, b"", None, stamp, spliced)


class Deferred:
    """A page rendered only when first asked for: serve defers the feeds and data files
    (feed.xml, events.json, the search index, …), which show every event but which no
    browser tab is looking at while an editor saves."""

    __slots__ = ("_data", "_make", "key")

    def __init__(self, key: str | None, make: Callable[[], bytes]) -> None:
        self.key = key
        self._make: Callable[[], bytes] | None = make
        self._data: bytes | None = None

    @property
    def made(self) -> bytes | None:
        """The bytes, if they were asked for."""
        return self._data

    def get(self) -> bytes:
        if self._data is None:
            assert self._make is not None
            self._data = self._make()
            self._make = None  # let the build's renderer go
        return self._data

    def __eq__(self, other: object) -> bool:
        if self.key is None:
            return other is self
        return isinstance(other, Deferred) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)


class Pages(dict[str, "bytes | Deferred"]):
    """Output path -> bytes, where a Deferred value is rendered when it is read.

    `items()` and `dict.get(pages, path)` give the raw values (to compare builds
    without rendering); indexing and `get` give bytes."""

    def __getitem__(self, path: str) -> bytes:
        value = super().__getitem__(path)
        return value.get() if isinstance(value, Deferred) else value

    def get(self, path: str, default: Any = None) -> Any:
        return self[path] if path in self else default  # noqa: SIM401 (self.get is this)


_ATOMS = (str, int, float, bool, bytes, type(None))


def same_data(a: Any, b: Any) -> bool:
    """True when two page values are built of the very same model objects (which are
    frozen) and equal plain values: then their pages' keys are equal too."""
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind in _ATOMS:
        return bool(a == b)
    if kind is SharedList:
        return False  # shown on many pages: reused whole when unchanged, else re-digested
    if kind is list or kind is tuple:
        if len(a) != len(b):
            return False
        if all(map(operator.is_, a, b)):  # the usual case, at C speed
            return True
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b, strict=True))
    if kind is dict:
        if a.keys() != b.keys():
            return False
        if all(map(operator.is_, a.values(), b.values())):  # the usual case, at C speed
            return True
        return all(same_data(a[k], b[k]) for k in a)
    if kind is Later:
        return a.fn is b.fn and same_data(a.args, b.args)
    names = _frozen_fields(kind)  # type: ignore[arg-type]
    if names is not None:  # a chip or an entry made anew: the same if its fields are
        return all(same_data(getattr(a, n), getattr(b, n)) for n in names)
    return False  # anything else counts as the same only when it is the same object


@functools.cache
def _frozen_fields(kind: type) -> tuple[str, ...] | None:
    params = getattr(kind, "__dataclass_params__", None)
    if params is None or not params.frozen:
        return None
    return tuple(f.name for f in dataclasses.fields(kind))


class Builder:
    """Loads, checks, renders and writes one site; keeps caches between runs."""

    def __init__(
        self,
        site_dir: Path,
        output: Path | None = None,
        options: Options | None = None,
        today: dt.date | None = None,
        use_cache: bool = True,
        jobs: int | None = None,
        clean: bool = False,
    ) -> None:
        """use_cache: read and write SITE/.sitegen-cache/; clean: write it, but trust
        nothing in it (`build --clean`)."""
        self.site_dir = site_root(site_dir)
        self.output = output if output is not None else self.site_dir / "output"
        self.options = options or Options()
        self.today = today or dt.date.today()
        self.jobs = jobs or _jobs()
        self.cache_dir = self.site_dir / CACHE_DIR
        self.use_cache = use_cache
        self.clean = clean
        self.parse_cache = ParseCache(
            self.cache_dir / "parse.pickle" if use_cache else None, load=not clean
        )
        self.page_keys: dict[str, tuple[str, str]] = {}
        self.keys_pending = use_cache and not clean
        """pages.pickle is read when first needed: a build that changed nothing does not."""
        self.loaded: Loaded | None = None
        self.memory: Pages = Pages()
        """The last good site, for serve: output path -> bytes."""
        self.last_data: dict[str, tuple[str, dict[str, Any], str]] = {}
        """The last build's page data and keys (see _keys)."""
        self.defer_producers = False
        """Serve: render feeds and data files only when requested (see Deferred)."""
        self.digests: dict[int, tuple[object, bytes]] = {}
        """The last build's page-key digests, reused for model objects a rebuild keeps."""
        self.piece_index: dict[str, tuple[str, Index]] | None = None
        """Where each event's piece lies in the whole-site files the last build wrote:
        path -> (hash of the file, index); read from pieces.pickle when first needed."""
        self.last_pieces = Pieces()
        """The spliced files of the last build (serve: their bytes are in memory)."""
        self.last_pages: list[Page] = []
        """The last successful build's plan, which a rebuild after body edits reuses."""
        self.recorded: dict[str, Any] = {}
        """state.pickle as read (see _recorded_load)."""
        self.parse_saved = False
        """The parse cache was saved in this build (see _save_parse_cache)."""
        self._content_changes: set[str] | None = None
        """Content files changed, new or gone since the build whose stats the inputs'
        hash compared with (see _inputs_key)."""
        self.compiled = self._bytecode_folder() if use_cache else None
        """Where compiled templates are kept (see render._Bytecode)."""

    def _bytecode_folder(self) -> Path:
        """Compiled templates, per version of sitegen's code (which sets the Jinja options
        they were compiled with); folders of other versions are removed."""
        top = self.cache_dir / "jinja"
        folder = top / cache_mod.code_digest()[:16]
        if top.is_dir() and not folder.is_dir():
            for old in top.iterdir():
                shutil.rmtree(old, ignore_errors=True)
        return folder

    # -- load and check --------------------------------------------------------------------

    def load(
        self,
        workers: int = 0,
        touched: Collection[str] | None = None,
        defer_checks: bool = False,
    ) -> Loaded:
        """Load the site; `workers`: forked processes that parse beside this one;
        `defer_checks`: see load_site (the build runs them with _run_checks)."""
        previous = self.loaded or self._recorded_load()
        self.loaded = load_site(
            self.site_dir, self.today, self.parse_cache, workers, previous, touched,
            beside=lambda: precompile(self.site_dir, self.compiled), defer_checks=defer_checks,
        )  # fmt: skip
        return self.loaded

    def _run_checks(self) -> tuple[Diagnostic, ...]:
        """The cross-file checks the load left for later, run now (once); what they found."""
        assert self.loaded is not None
        self.loaded = checked(self.loaded)
        return self.loaded.cross

    def _recorded_load(self) -> Loaded | None:
        """The last build's load as state.pickle recorded it, with each file's parse
        result from the parse cache: what a new process compares its load with."""
        if not self.use_cache or self.clean:
            return None
        state = cache_mod.read(self.cache_dir / "state.pickle")
        if not isinstance(state, dict):
            return None
        self.recorded = state
        parsed = {}
        for rel, (kind, file_hash) in state["files"].items():
            found = self.parse_cache.get((__version__, kind, rel, file_hash, state["allow_html"]))
            if not isinstance(found, Parsed):
                return None
            parsed[rel] = found
        return Loaded(
            None, [], {}, state["statics"], parsed, state["cross"], state["today"],
            config=state["config"], static_stamp=state["static_stamp"],
            files=tuple(
                SourceFile(rel, kind, os.path.join(self.site_dir, rel))
                for rel, kind in state.get("found", ())
            ),
        )  # fmt: skip

    def _record_load(self, loaded: Loaded, renderer: Renderer) -> None:
        """What _recorded_load needs, after a build that succeeded."""
        if not self.use_cache or loaded.config is None:
            return
        state = {
            "files": {rel: (p.kind, loaded.inputs[rel]) for rel, p in loaded.parsed.items()},
            "allow_html": loaded.config.allow_html,
            "config": loaded.config,
            "statics": loaded.static_files,
            "static_stamp": loaded.static_stamp,
            "cross": loaded.cross,
            "today": loaded.today,
            "key_base": renderer.key_base(),
            "found": [(f.rel, f.kind) for f in loaded.files],
        }
        cache_mod.write(self.cache_dir / "state.pickle", state)

    def finish(self, diagnostics: Iterable[Diagnostic], strict: bool = False) -> list[Diagnostic]:
        site = self.loaded.site if self.loaded else None
        ignore = site.config.ignore if site else ()
        if site is not None and not self.options.drafts:
            diagnostics = publishing_errors(diagnostics, site)
        return finalize(diagnostics, ignore, strict)

    def check(self, strict: bool = False) -> Result:
        start = time.perf_counter()
        loaded = self.load()
        diags = list(loaded.diagnostics)
        if loaded.site is not None:
            renderer = Renderer(loaded.site, self.site_dir, self.options, self.compiled)
            diags.extend(renderer.check_templates())
            diags.extend(publish.diagnostics(loaded.site, self.options, diags))
        final = self.finish(diags, strict)
        if self.use_cache:
            self.parse_cache.save()
        return Result(final, not has_errors(final), seconds=time.perf_counter() - start)

    # -- build -----------------------------------------------------------------------------

    def build(
        self, strict: bool = False, to_memory: bool = False, touched: Collection[str] | None = None
    ) -> Result:
        """Check, then render and write every page; nothing is written if anything fails.

        touched: the site-relative paths changed since the last build, when the caller
        knows them all (serve's watcher); see load_site."""
        start = time.perf_counter()
        out = None if to_memory else guard(self.output, self.site_dir)
        if out is not None:
            self._own_cache_folder()
            recover(out)  # a build killed while committing: finished before anything else
        inputs: str | None = None
        hash_after = False
        scanner: Scanner | None = None
        if out is not None and self.use_cache:
            stored = None if self.clean else cache_mod.read(self.cache_dir / "build.pickle")
            if not (isinstance(stored, tuple) and len(stored) == 3):
                # nothing to compare with (a first or --clean build): the inputs' hash is
                # worked out after the build, from the hashes its parse took (hashing
                # 10,000 files first would hold up the parse by a third of a second)
                hash_after = True
            else:
                if not self.parse_cache.stats:
                    # the content files' hashes as the last build knew them, trusted while
                    # each file's stat signature is the same: no need to read 10,000 files
                    self.parse_cache.stats = dict(stored[2])
                inputs = self._inputs_key(out, strict)
                assert inputs is not None
                same = self._unchanged_build(out, inputs, stored)
                if same is not None:
                    same.seconds = time.perf_counter() - start
                    return same
                if touched is None and self._content_changes is not None:
                    # the content files that changed, appeared or went since the last
                    # build (the walk for the inputs' hash saw them all): when none is new
                    # or gone, the load need not search the content folders again
                    touched = self._content_changes
                if can_fork() and threading.active_count() == 1 and self._large():
                    # an incremental build of a large site: the output folder it will look
                    # at is scanned beside the load (not while other threads run, as in
                    # serve: a forked copy could inherit a lock one of them holds)
                    with contextlib.suppress(OSError):
                        scanner = Scanner(out, self.cache_dir)
        # The model is a large, acyclic graph: the cyclic collector would walk all of it
        # again and again while it is made (rendering collects, with the model frozen)
        collecting = gc.isenabled()
        gc.disable()
        try:
            result = self._build(out, strict, start, touched, scanner)
        finally:
            if scanner is not None:
                scanner.result()  # waited for and its file removed, if not used
            gc.unfreeze()
            if collecting:
                gc.enable()
        if hash_after and result.ok:
            assert out is not None
            inputs = self._inputs_key(out, strict, known_only=True)
        if inputs is not None and result.ok:
            summary = Result(result.diagnostics, True, pages=result.pages)
            record = (inputs, summary, self.parse_cache.stats)
            cache_mod.write(self.cache_dir / "build.pickle", record)
        return result

    def _inputs_key(self, out: Path, strict: bool, known_only: bool = False) -> str | None:
        """A hash of everything a build reads: sitegen's code, the options, the date, every
        file of the site's content/, templates/ and static/, and the default theme.

        known_only: after a build, from the content hashes its load took; None when a
        content file is not as that load saw it (changed meanwhile: the build may have
        read either version, so nothing is recorded and the next build looks again)."""
        h = hashlib.sha256(cache_mod.code_digest().encode())
        h.update(repr((self.options, self.today, strict, str(out), str(self.site_dir))).encode())
        roots = [self.site_dir / d for d in ("content", "templates", "static")]
        roots.append(default_theme())
        content = str(self.site_dir / "content")
        skip = len(str(self.site_dir)) + 1
        stats = self.parse_cache.stats
        fresh: dict[str, tuple[int, ...]] = {}
        changed: set[str] = set()
        loaded, expected = 0, len(stats)
        for root in roots:
            h.update(b"\0root\0" + str(root).encode())
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames.sort()
                in_content = dirpath == content or dirpath.startswith(content + os.sep)
                prefix = dirpath[skip:].replace(os.sep, "/") + "/"
                for name in sorted(filenames):
                    path = os.path.join(dirpath, name)
                    h.update(b"\0" + path.encode() + b"\0")
                    rel = prefix + name
                    try:
                        if in_content:
                            st = os.stat(path)
                            signature = stat_signature(st)
                            fresh[rel] = signature
                            known = stats.get(rel)
                            if known is not None and known[0] == signature:
                                h.update(known[1].encode())
                                loaded += 1
                                continue
                            if known_only and known is not None:
                                return None  # changed since the load read it
                            changed.add(rel)
                        data, st = read_file(path)  # (never a FIFO's wait, a device)
                        file_hash = file_digest(data)
                    except (OSError, Refused):
                        h.update(b"\0unreadable")
                        continue
                    h.update(file_hash.encode())
                    if in_content:
                        # what load_site would hash again: it trusts this while the file's
                        # stat signature stays the same
                        signature = stat_signature(st)
                        stats[rel] = (signature, file_hash)
        if known_only and loaded != expected:
            return None  # a file the load read is gone
        if not known_only:
            self.parse_cache.fresh = fresh  # for the load that follows
            changed.update(rel for rel in stats if rel not in fresh)  # gone
            self._content_changes = changed
        return h.hexdigest()

    def _unchanged_build(self, out: Path, inputs: str, stored: tuple[Any, ...]) -> Result | None:
        """The last build's result when none of its inputs changed and the output folder
        still holds exactly what it wrote (same files, sizes and mtimes); else None."""
        if stored[0] != inputs:
            return None
        result = stored[1]
        manifest = Manifest.load(self.cache_dir / "manifest.pickle")
        if not isinstance(result, Result) or not manifest.files:
            return None
        found = 0
        for dirpath, _dirnames, filenames in os.walk(out):
            base = os.path.relpath(dirpath, out)
            for name in filenames:
                rel = name if base == "." else f"{base}/{name}".replace(os.sep, "/")
                known = manifest.files.get(rel)
                if known is None:
                    return None
                try:
                    st = os.lstat(os.path.join(dirpath, name))
                except OSError:
                    return None
                if stamp_of(st) != known[1:]:
                    return None
                found += 1
        if found != len(manifest.files):
            return None
        return result

    def _build(
        self,
        out: Path | None,
        strict: bool,
        start: float,
        touched: Collection[str] | None,
        scanner: Scanner | None = None,
    ) -> Result:
        # workers only when many files need parsing: a serve rebuild parses one
        large = self._large()
        # a large site's cross-file checks run beside the render workers, not before them:
        # they decide whether the output is committed, not what it is
        loaded = self.load(self.jobs - 1 if large else 0, touched, large and can_fork())
        self.parse_saved = False
        if self.parse_cache.packed:
            # the workers' pickles are written out at once and let go: they are most of
            # the cache, and held through the rendering they would add to its peak memory
            self._save_parse_cache()
        diags = list(loaded.diagnostics)
        site = loaded.site
        assert site is not None
        renderer = Renderer(site, self.site_dir, self.options, self.compiled, not self.clean)
        renderer.keep_digests(self.digests)
        self.digests = renderer.digests
        diags.extend(renderer.check_templates())
        diags.extend(publish.diagnostics(site, self.options, diags))
        final = self.finish(diags, strict)
        if has_errors(final):
            diags.extend(self._run_checks())  # every problem at once
            self._save_parse_cache()
            return Result(self.finish(diags, strict), False, seconds=time.perf_counter() - start)

        def refused() -> Result | None:
            """When the deferred checks find errors: the result that reports them (and
            nothing of what the rendering of a site with errors made of it)."""
            if not loaded.unchecked:
                return None
            found = self.finish([*diags, *self._run_checks()], strict)
            if not has_errors(found):
                return None
            if staging is not None:
                staging.abort()
            self._save_parse_cache()
            return Result(found, False, seconds=time.perf_counter() - start)

        # a file in static/ (say, the newsroom's own robots.txt) wins over a generated one
        statics = set(loaded.static_files)
        manifest = Manifest.load(
            self.cache_dir / "manifest.pickle" if self.use_cache and not self.clean else None
        )
        staging = Staging(out, manifest, self.site_dir) if out is not None else None
        if staging is not None:
            staging.scan(scanner)  # the output as the last build left it, looked at once
        kept: dict[str, tuple[str, str]] = {}
        try:
            if loaded.edited and self.last_pages:
                planned = replan(self.last_pages, site, self.options, loaded.edited)
            elif (partial := self._plan_edited(renderer, staging, kept)) is not None:
                planned = partial
            else:
                planned = plan(site, self.options)
        except Exception:
            if (answer := refused()) is not None:
                return answer
            raise
        pages = [p for p in planned if p.path not in statics]
        self.last_pages = []  # kept only once this plan is rendered
        beside = self._run_checks if loaded.unchecked else None
        try:
            try:
                rendered, problems, new_keys, memory = self._render(
                    renderer, pages, staging, beside
                )
            except Exception:
                if (answer := refused()) is not None:
                    return answer
                raise
            if (answer := refused()) is not None:
                return answer
            if loaded.unchecked:  # and nothing wrong: their warnings join the others
                assert self.loaded is not None
                loaded = self.loaded
                diags.extend(loaded.cross)
                final = self.finish(diags, strict)
            new_keys.update(kept)
            if problems:
                if staging:
                    staging.abort()
                final = self.finish([*diags, *problems], strict)
                return Result(final, False, seconds=time.perf_counter() - start)
            for path, data in asset_files(renderer):
                if staging:
                    staging.add(path, data)
                memory[path] = data
            for path, data in self._static_files(loaded):
                if staging:
                    staging.add(path, data)
                memory[path] = data
        except BaseException:
            if staging:
                staging.abort()
            raise
        written = removed = 0
        changed: list[str] = []
        if staging is not None:
            changed = list(staging.changed)
            written, removed = staging.commit()
            manifest.save(self.cache_dir / "manifest.pickle" if self.use_cache else None)
        else:
            changed = [p for p, d in memory.items() if dict.get(self.memory, p) != d]
            self.memory = memory
        self.page_keys = new_keys
        self.last_pages = [] if kept else pages
        self._record_load(loaded, renderer)
        self.clean = False  # what this build cached is now trusted
        if self.use_cache:
            cache_mod.write(self.cache_dir / "pages.pickle", self.page_keys)
            if renderer.pieces.made:
                cache_mod.write(self.cache_dir / "pieces.pickle", self.piece_index)
        return Result(
            final,
            True,
            pages=len(pages) + len(kept),
            rendered=rendered,
            written=written,
            removed=removed,
            seconds=time.perf_counter() - start,
            changed=changed,
        )

    def _own_cache_folder(self) -> None:
        """The cache folder must be a real folder of the site: a link planted there
        (.sitegen-cache -> elsewhere) would have the build write where it points."""
        if self.use_cache and self.cache_dir.is_symlink():
            raise UsageError(
                f"{self.cache_dir} is a symbolic link; sitegen keeps its cache only in a "
                "real folder: remove the link (the cache is safe to delete)"
            )

    def _large(self) -> bool:
        events = self.site_dir / "content" / "events"
        if self.jobs < 2 or not events.is_dir():
            return False
        count = 0
        for _, _, files in os.walk(events):
            count += len(files)
            if count >= PARALLEL_MIN_PAGES:
                return True
        return False

    def _save_parse_cache(self) -> None:
        """Once per build: saving forgets what the load used, so a second save in the
        same build would find nothing used and drop every entry."""
        if self.parse_saved:
            return
        self.parse_saved = True
        if self.use_cache:
            self.parse_cache.save()
        else:
            self.parse_cache.prune()

    def _static_files(self, loaded: Loaded) -> Iterable[tuple[str, bytes]]:
        root = self.site_dir / "static"
        for rel in loaded.static_files:
            # as checked when the load found it: a regular file inside the site
            yield rel, read_file(os.path.join(root, rel))[0]

    def _plan_edited(
        self, renderer: Renderer, staging: Staging | None, kept: dict[str, tuple[str, str]]
    ) -> list[Page] | None:
        """After body edits alone since the last build (in another process), plan only
        the pages that show a body; every other page of the last build is kept as the
        output folder holds it, with its recorded key (filled into `kept`). None when
        that cannot be: nothing recorded, or a page to keep is missing or was changed."""
        loaded = self.loaded
        if (
            loaded is None
            or loaded.site is None
            or staging is None
            or self._unaffected(renderer) is None
        ):
            return None
        self._read_page_keys()
        pages = plan_edited(loaded.site, self.options, loaded.edited)
        mine = {p.path for p in pages}
        if not mine <= self.page_keys.keys():
            return None
        for path, key in self.page_keys.items():
            if path not in mine:
                if not staging.keep(path):
                    kept.clear()
                    return None
                kept[path] = key
        return pages

    def _read_page_keys(self) -> None:
        if self.keys_pending:
            self.keys_pending = False
            stored = cache_mod.read(self.cache_dir / "pages.pickle")
            if isinstance(stored, dict):
                self.page_keys = stored

    def _unaffected(self, renderer: Renderer) -> Callable[[Page], bool] | None:
        """After body edits (and nothing else) since the build that state.pickle records,
        the pages a body does not show: every page but the edited events' own and the
        files made of every event. Their keys are the recorded ones."""
        loaded = self.loaded
        if (
            loaded is None
            or not loaded.edited
            or self.last_pages  # serve: keys come cheaper from same_data
            or self.recorded.get("key_base") != renderer.key_base()
        ):
            return None
        edited = {ev.slug for ev in loaded.edited}

        def unaffected(page: Page) -> bool:
            if page.template.startswith("producer:"):
                return False
            event = page.data.get("event") if page.template == "event.html" else None
            return event is None or event.slug not in edited

        return unaffected

    def _body_edited(self, renderer: Renderer) -> frozenset[str]:
        """The files of the events whose body text alone changed since the last build
        (this process's, or the one state.pickle records), when nothing else did: the
        whole-site files are then patches of the last ones (see splice.Splice)."""
        loaded = self.loaded
        if loaded is None or not loaded.edited:
            return frozenset()
        if not self.last_pages and self.recorded.get("key_base") != renderer.key_base():
            return frozenset()  # another process, with other options or templates
        return frozenset(ev.origin.path for ev in loaded.edited)

    def _keys(
        self,
        renderer: Renderer,
        pages: list[Page],
        unaffected: Callable[[Page], bool] | None = None,
        deferred: bool = False,
    ) -> list[str | None]:
        """Each page's key; a page whose data is made of the very same objects as in the
        last build of this process (a serve rebuild) keeps its key without hashing, and
        so does a page `unaffected` says the edits since the last build do not change."""
        base = renderer.key_base()
        earlier = self.last_data
        keys: list[str | None] = []
        now: dict[str, tuple[str, dict[str, Any], str]] = {}
        for page in pages:
            if deferred and page.template.startswith("producer:"):
                keys.append(None)  # `deferred`: files made on request need no key
                continue
            hit = earlier.get(page.path)
            recorded = self.page_keys.get(page.path) if unaffected else None
            if hit is not None and hit[0] == base and same_data(hit[1], page.data):
                key = hit[2]
            elif recorded is not None and unaffected is not None and unaffected(page):
                key = recorded[0]
            elif unaffected is not None and "events" in page.data:
                # a file made of every event, edited ones included: it is made again
                # anyway, and hashing 10,000 events for its key costs more than that
                key = ""
            else:
                key = renderer.key(page)
            keys.append(key)
            now[page.path] = (base, page.data, key)
        self.last_data = now
        return keys

    def _render(
        self,
        renderer: Renderer,
        pages: list[Page],
        staging: Staging | None,
        beside: Callable[[], object] | None = None,
    ) -> tuple[int, list[Diagnostic], dict[str, tuple[str, str]], Pages]:
        """Render what changed; returns (rendered, problems, keys, memory pages).
        `beside`: work for this process before it renders (after forking its workers)."""
        self._read_page_keys()
        defer = staging is None and self.defer_producers
        if staging is not None and not self.page_keys:
            # nothing to compare with (a first or --clean build): the workers work out
            # each page's key as they render it, in parallel
            keys: list[str | None] = [None] * len(pages)
            self.last_data = {}
        else:
            keys = list(self._keys(renderer, pages, self._unaffected(renderer), defer))
        renderer.pieces = self.last_pieces = Pieces(
            self._old_pieces(staging),
            self._body_edited(renderer),
            staging.open if staging is not None else None,
        )
        todo: list[int] = []
        new_keys: dict[str, tuple[str, str]] = {}
        memory = Pages()
        for i, page in enumerate(pages):
            if defer and page.template.startswith("producer:"):
                # made when a browser asks for it, from this build's data (its key, a hash
                # of every event, would cost more than the rest of a serve rebuild)
                new_keys[page.path] = ("", "")
                memory[page.path] = Deferred(None, functools.partial(renderer.render, page))
                continue
            old = self.page_keys.get(page.path)
            if old and old[0] and old[0] == keys[i]:  # "": made anew each time
                if staging is not None and staging.keep(page.path):
                    new_keys[page.path] = old
                    continue
                if staging is None and page.path in self.memory:
                    new_keys[page.path] = old
                    memory[page.path] = dict.__getitem__(self.memory, page.path)
                    continue
            todo.append(i)
        problems: dict[tuple[str, int], Diagnostic] = {}
        # the parent renders too (the feeds and data files first), beside jobs - 1 workers:
        # one forked copy of the model fewer, and no more processes than cores
        mine = [i for i in todo if pages[i].template.startswith("producer:")]
        shared = [i for i in todo if not pages[i].template.startswith("producer:")]
        # event pages last: the lists, countries and people (up to a thousand times an
        # event page's work) are claimed first, so that the chunks claimed last are quick
        # ones and no process waits long for the other's
        shared.sort(key=lambda i: pages[i].template == "event.html")
        workers = self.jobs - 1
        parallel = workers > 0 and len(todo) >= PARALLEL_MIN_PAGES and can_fork()
        _WORK.update(renderer=renderer, pages=pages, keys=keys, staging=staging)
        saver: threading.Thread | None = None
        # Rendering makes reference cycles (each Jinja context with its macros): collected
        # young, they stay small. What exists now (the model, the plan) is frozen: the
        # collector neither walks it nor writes to it, so forked workers keep sharing it.
        gc.freeze()
        collecting = gc.isenabled()
        gc.enable()

        def start_saver() -> None:
            # the parse cache is written while the pages render (at 10,000 events ~0.7 s
            # of pickling that would otherwise follow the rendering)
            nonlocal saver
            saver = threading.Thread(target=self._save_parse_cache, name="sitegen-cache")
            saver.start()

        def own() -> list[Job]:
            if beside is not None:
                beside()
            return [_render_job(i) for i in mine]

        if beside is not None and not parallel:
            beside()  # nothing to do it beside
            beside = None
        try:
            if parallel:
                # the whole-site files are spliced here, from the last build's pieces,
                # while the workers start on the pages; then this process claims pages too
                results = share(shared, _render_job, workers, first=own, before_join=start_saver)
            elif workers > 0 and staging is not None and len(mine) > 1 and self._large():
                # an edit on a large site: the whole-site files are most of the work, a
                # few tenths of a second each; claimed one by one, the largest first
                def size(i: int) -> int:
                    known = staging.manifest.files.get(pages[i].path)
                    return int(known[1]) if known else 0

                results = share(
                    sorted(mine, key=size, reverse=True),
                    _render_job,
                    workers,
                    first=lambda: [_render_job(i) for i in shared],
                    before_join=start_saver,
                    chunk=1,
                )
            else:
                results = [_render_job(i) for i in todo]
            for index, key, h, data, problem, known, spliced in results:
                page = pages[index]
                if spliced is not None:
                    renderer.pieces.made[page.path] = spliced  # from a worker, or the same
                if problem is not None:
                    problems.setdefault((problem.path, problem.line), problem)
                    continue
                new_keys[page.path] = (key, h)
                if staging is not None:
                    staging.record(page.path, h)
                    if data is not None:
                        staging.changed.append(page.path)
                        if known is not None:
                            staging.stamps[page.path] = known
                    elif known is not None:
                        # a worker's manifest is its own copy: keep what it learnt
                        staging.manifest.files[page.path] = known
                elif data is not None:
                    memory[page.path] = data
        finally:
            if not collecting:
                gc.disable()
            _WORK.clear()
            if saver is not None:
                saver.join()
            else:
                self._save_parse_cache()
        if self.piece_index is not None or renderer.pieces.made:
            index = self.piece_index or {}
            made = renderer.pieces.made
            self.piece_index = {
                path: (new_keys[path][1], made[path][1]) if path in made else index[path]
                for path in new_keys
                if path in made or path in index
            }
        return len(todo), list(problems.values()), new_keys, memory

    def _old_pieces(self, staging: Staging | None) -> Callable[[str], tuple[Any, Index] | None]:
        """Where a splice finds the file the last build made, with its index, when that
        file is trusted: on disk, when the manifest and the index name the same bytes
        (and its size and mtime are as written); in memory (serve), when they are the
        very bytes the last build spliced."""
        last = self.last_pieces.made

        def from_memory(path: str) -> tuple[Any, Index] | None:
            value = dict.get(self.memory, path)
            if isinstance(value, Deferred):
                value = value.made
            made = last.get(path)
            return made if made is not None and value is made[0] else None

        def from_disk(path: str) -> tuple[Any, Index] | None:
            assert staging is not None
            if self.piece_index is None:
                stored = (
                    cache_mod.read(self.cache_dir / "pieces.pickle") if self.use_cache else None
                )
                self.piece_index = stored if isinstance(stored, dict) and not self.clean else {}
            record = self.piece_index.get(path)
            known = staging.manifest.files.get(path)
            if record is None or known is None or record[0] != known[0]:
                return None
            try:
                fd = os.open(staging.out / path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
                with open(fd, "rb") as f:
                    st = os.fstat(f.fileno())
                    if stamp_of(st) != known[1:] or not st.st_size:
                        return None
                    # mapped, not read: only the pieces copied into the new file are touched
                    return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ), record[1]
            except (OSError, ValueError):
                return None

        return from_disk if staging is not None else from_memory
