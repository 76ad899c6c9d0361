"""The render stage's jobs and the ways they run: a `RenderJob` renders one page of the
plan and hands it to the sink; a `RenderPath` runs a build's jobs, chosen once per build
(`build.Builder._render_path`) from the plan's size and the machine:

- `Here`: this process alone, in the order the diff listed the pages (a small site,
  serve, one core);
- `Shared`: a whole render shared with forked workers: this process makes the files of
  every event while they start on the pages, then claims pages too (a large site);
- `FilesApart`: an edit on a large site, whose whole-site files are most of the work,
  or a small site's render: the workers make them, the largest first, while this
  process renders the pages.

The render stage calls `run` and never asks which path it has. See docs/architecture.md,
"The three interfaces" and "Memory of a forked render".
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import field
from typing import TYPE_CHECKING, Protocol

from .records import dataclass, made_seldom
from .sink import Job, PackedJobs, Sink

if TYPE_CHECKING:
    from .executor import Executor
    from .pages import Page
    from .render import Renderer
    from .state import PageKeys

__all__ = ["FilesApart", "Here", "RenderJob", "RenderPath", "Saver", "Shared", "Todo"]


@made_seldom
@dataclass(eq=False, repr=False)
class RenderJob:
    """Renders one page of the plan by its index and hands it to the sink (in a forked
    worker, the sink writes it there: only what the parent records travels back).
    Forked workers inherit it whole."""

    renderer: Renderer
    pages: list[Page]
    keys: list[str | None]
    """Each page's key, or None for the job to work out."""
    sink: Sink
    recorded: PageKeys = field(default_factory=dict)
    """The last build's keys: a page whose key the job works out to its recorded one
    is not rendered (Job.kept)."""

    def __call__(self, index: int) -> Job:
        from .render import TemplateProblem

        # (a page whose data is made here drops it with the rendered page: Page.made)
        renderer, page = self.renderer, self.pages[index].made()
        planned = self.keys[index]
        key = renderer.key(page) if planned is None else planned
        old = self.recorded.get(page.path)
        if old is not None and old[0] == key and key:  # ("": made anew each time)
            return Job(index, key, old[1], None, None, kept=True)
        try:
            data = renderer.render(page)
        except TemplateProblem as exc:
            return Job(index, key, "", None, exc.diagnostic)
        pieces = renderer.pieces
        written = pieces.written.pop(page.path, None)  # spliced straight into the sink
        hashed = pieces.hashed.pop(page.path, None)  # (the search index hashes its files)
        made = pieces.made.get(page.path)
        return self.sink.take(index, key, page.path, data, written, made, hashed)


@made_seldom
@dataclass(eq=False, repr=False)
class Todo:
    """The pages to render (indexes into the plan), in the orders the paths take them."""

    listed: list[int]
    """As the diff listed them (the order of a render here alone)."""
    mine: list[int]
    """The whole-site files (producers), the search index first: it is made whole on its
    first file (+~150 MB for a while at 100,000 events), best before either process has
    copied most of the model it reads, not at the render's end, when both have (the
    build's peak)."""
    shared: list[int]
    """The other pages, event pages last: the lists, countries and people (up to a
    thousand times an event page's work) are claimed first, so that the chunks claimed
    last are quick ones and no process waits long for the other's."""

    @staticmethod
    def of(pages: list[Page], todo: list[int]) -> Todo:
        todo = twins_together(pages, todo)
        mine = [i for i in todo if pages[i].template.startswith("producer:")]
        mine.sort(key=lambda i: pages[i].template != "producer:search")
        shared = [i for i in todo if not pages[i].template.startswith("producer:")]
        shared.sort(key=lambda i: pages[i].template == "event.html")
        return Todo(todo, mine, shared)


EMBED_PAGE = "embed/index.html"


def twins_together(pages: list[Page], todo: list[int]) -> list[int]:
    """`todo` with each timeline's embed page (`embed.html`, its first page again for an
    iframe) right after that page: the process that renders both then draws the page's
    strip once for the two (overview.Strips holds the newest few, PLAIN_KEPT). The plan
    has every embed page after every list page."""
    embeds: dict[str, int] = {}
    for i in todo:
        page = pages[i]
        if page.template == "embed.html" and page.path.endswith(EMBED_PAGE):
            embeds[page.path[: -len(EMBED_PAGE)] + "index.html"] = i
    if not embeds:
        return todo
    placed = {embeds[path] for i in todo if (path := pages[i].path) in embeds}
    out = []
    for i in todo:
        if i not in placed:
            out.append(i)
        twin = embeds.get(pages[i].path)
        if twin is not None:
            out.append(twin)
    return out


class RenderPath(Protocol):
    """How a build's render jobs run (see the module's docstring)."""

    def run(
        self, job: RenderJob, todo: Todo, beside: Callable[[], object] | None, saver: Saver
    ) -> list[Iterable[Job]]:
        """The jobs' results, a chunk at a time; `beside`: work for this process before
        it renders (after forking any workers); `saver` started once they are forked."""
        ...


class Here:
    """Every page rendered by this process, in the diff's order."""

    def run(
        self, job: RenderJob, todo: Todo, beside: Callable[[], object] | None, saver: Saver
    ) -> list[Iterable[Job]]:
        from .executor import SERIAL

        if beside is not None:
            beside()  # nothing to do it beside
        return [SERIAL.map(todo.listed, job)]


@made_seldom
@dataclass(eq=False, repr=False)
class FilesApart:
    """An edit on a large site: the whole-site files are most of the work, a few tenths
    of a second each; or a site too small to share its pages (under PARALLEL_MIN_PAGES),
    whose whole-site files are an eighth of its build. The workers claim them one by
    one, the largest first (as the sink says the last build wrote them), while this
    process renders the other pages but the event pages; then all claim those."""

    executor: Executor
    sink: Sink

    def run(
        self, job: RenderJob, todo: Todo, beside: Callable[[], object] | None, saver: Saver
    ) -> list[Iterable[Job]]:
        pages, size = job.pages, self.sink.size
        # the event pages claimed by either process once the whole-site files are all
        # claimed: a worker done with those helps with them, not waits for this process
        events = [i for i in todo.shared if pages[i].template == "event.html"]
        others = todo.shared[: len(todo.shared) - len(events)]  # (Todo.of: events last)

        def own() -> list[Job]:
            if beside is not None:
                beside()  # (after the fork: beside the worker too)
            return [job(i) for i in others]

        made = self.executor.map(
            sorted(todo.mine, key=lambda i: size(pages[i].path), reverse=True) + events,
            job,
            first=own,
            started=saver.start,
            chunk=1,
        )
        return [made]


@made_seldom
@dataclass(eq=False, repr=False)
class Shared:
    """A whole render shared with forked workers: this process makes the whole-site
    files (`Todo.mine`, spliced from the last build's pieces) while the workers start on
    the pages (`Todo.shared`); then it claims pages too. The parent renders beside
    workers - 1 forked ones: one forked copy of the model fewer, and no more processes
    than cores.

    `refork_pages`: on a site with more pages than this, the pages are rendered in
    stretches of about this many, each by workers forked for it (0: one stretch). A
    page of the model that either process reads after a fork exists twice until the
    worker exits (docs/architecture.md, "Memory of a forked render"), and over a whole
    render that is nearly every page: at 100,000 events, ~1 GiB, the build's peak.
    Forked anew, a worker shares again what the last one and this process copied, and
    copies only what its own stretch reads."""

    executor: Executor
    refork_pages: int = 0

    def run(
        self, job: RenderJob, todo: Todo, beside: Callable[[], object] | None, saver: Saver
    ) -> list[Iterable[Job]]:
        from .executor import CHUNK

        mine, shared = todo.mine, todo.shared

        def own() -> Iterator[Iterable[Job]]:
            if beside is not None:
                beside()
            for i in mine:
                # (its piece index is the one Pieces.made holds, packed once all are made:
                # not held twice)
                yield (job(i)._replace(spliced=None),)
            job.renderer.pieces.all_made()

        def claimed(part: list[int]) -> PackedJobs:
            return PackedJobs([job(i) for i in part])

        # With two workers or more, the first page of each template is rendered here,
        # before they are forked: what a kind of page makes once per process (its
        # templates loaded, the strip's background, the digest of every entry for the page
        # keys) is inherited, not made again by each worker, whose first person page then
        # no longer reads (so copies) every entry: a worker with a fifteenth of the pages
        # copied 45 MiB, now 39 (10,000 events; docs/performance-history.md, "Fifteenth round").
        # With one worker, the parent would only make what that worker makes.
        primed = _firsts(job.pages, shared) if self.executor.workers > 1 else []
        made = PackedJobs([job(i) for i in primed])
        gc.freeze()  # (what they made too: see Builder._render)
        done = set(primed)
        shared = [i for i in shared if i not in done]

        # each chunk's results packed where they are made (see PackedJobs), and the
        # worker's sent a chunk at a time, taken between this process's pages: held by the
        # worker to the end and sent as one pickle, they and their pickle were ~90 MB of
        # the worker's peak at 100,000 events
        parts = [shared[at : at + CHUNK] for at in range(0, len(shared), CHUNK)]
        results: list[Iterable[Job]] = []
        for n, stretch in enumerate(_stretches(parts, self.refork_pages // CHUNK)):
            if n:
                saver.join()  # (no thread may run while a process forks)
            results += self.executor.map(
                stretch, claimed, first=own if n == 0 else None,
                started=saver.start if n == 0 else None,
                chunk=1, sent=_as_sent, apart=True,
            )  # fmt: skip
        return [*results, made]


def _stretches(parts: list[list[int]], most: int) -> list[list[list[int]]]:
    """`parts` in stretches of `most` parts or a few more, as even as can be (all in
    one where `most` is 0 or they are no more than that)."""
    if most <= 0 or len(parts) <= most:
        return [parts]
    count = len(parts) // most
    size = -(-len(parts) // count)
    return [parts[at : at + size] for at in range(0, len(parts), size)]


def _firsts(pages: list[Page], todo: list[int]) -> list[int]:
    """The first page of each template among `todo`."""
    firsts: dict[str, int] = {}
    for i in todo:
        firsts.setdefault(pages[i].template, i)
    return list(firsts.values())


def _as_sent(results: Iterable[Job]) -> Iterable[Job]:
    """A chunk of render results as a worker sends it (as it is, a chunk at a time)."""
    return results


class Saver:
    """The parse cache, written by a thread while the pages render (at 10,000 events
    ~0.7 s of pickling that would otherwise follow the rendering), or after."""

    def __init__(self, save: Callable[[], None]) -> None:
        self.save = save
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        """Once the workers are forked: a thread must not run while a process forks."""
        self.thread = threading.Thread(target=self.save, name="sitegen-cache")
        self.thread.start()

    def join(self) -> None:
        """Waits for the thread, if started (before more workers are forked)."""
        if self.thread is not None:
            self.thread.join()

    def finish(self) -> None:
        if self.thread is not None:
            self.thread.join()
        else:
            self.save()
