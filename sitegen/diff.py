"""diff: which pages of the plan must be rendered, and each page's key.

A page whose key (a hash of the templates, the options and everything the page shows) did
not change since the last build, and whose file the sink still holds as that build made
it, is kept. Keys cost: a serve rebuild reuses a key when the page's data is made of the
very same (frozen) model objects as last time (`same_data`); after body edits alone, a page
no body shows keeps its recorded key (`unaffected_by_edits`).
"""

from __future__ import annotations

import dataclasses
import functools
import operator
from collections.abc import Callable, Sequence
from typing import Any

from .model import Event
from .pages import BodyHtml, Later, Page, SharedList
from .records import dataclass, made_seldom
from .render import Renderer
from .sink import Sink
from .state import BuildState, PageKeys


@made_seldom
@dataclass(eq=False, repr=False)
class Diffed:
    """diff: each page's key and which pages to render."""

    keys: list[str | None]
    todo: list[int]
    """Indexes of the pages to render."""
    new_keys: PageKeys
    """Keys of the pages kept (or deferred)."""
    recorded: PageKeys = dataclasses.field(default_factory=dict)
    """The last build's keys, for the render jobs to compare their pages' keys with
    (see diff's `in_jobs`); empty when the diff compared them."""


def diff(
    renderer: Renderer,
    pages: list[Page],
    sink: Sink,
    state: BuildState,
    edited: Sequence[Event] = (),
    in_jobs: bool = False,
) -> Diffed:
    """Each page's key, and the pages to render: those whose key changed, or whose
    file the output no longer holds as the last build made it. `edited`: the events
    whose body alone changed since the last build (Loaded.edited). `in_jobs`: the
    render is shared with forked workers; then, unless body edits alone leave most
    keys as recorded, every page goes to the render jobs, each working out its page's
    key and rendering it only if that changed (RenderJob.recorded): a front-matter
    edit's 12,000 keys at 10,000 events were worked out here, one process, ~1 s."""
    recorded = state.read_page_keys()
    unaffected = None
    if recorded:
        unaffected = unaffected_by_edits(renderer, state, edited)
    if sink.keys_in_jobs and (not recorded or (in_jobs and unaffected is None)):
        # nothing to compare with (a first or --clean build), or every key to work out:
        # the workers work out each page's key as they render it, in parallel
        state.last_data = {}
        return Diffed([None] * len(pages), list(range(len(pages))), {}, recorded)
    keys = page_keys(renderer, state, pages, unaffected, sink.defers)
    todo: list[int] = []
    new_keys: PageKeys = {}
    for i, page in enumerate(pages):
        if sink.defers and page.template.startswith("producer:"):
            # made when a browser asks for it, from this build's data (its key, a hash
            # of every event, would cost more than the rest of a serve rebuild)
            new_keys[page.path] = ("", "")
            sink.defer(page.path, functools.partial(renderer.render, page))
            continue
        old = recorded.get(page.path)
        # ("": made anew each time)
        if old and old[0] and old[0] == keys[i] and sink.keep(page.path):
            new_keys[page.path] = old
            continue
        todo.append(i)
    return Diffed(keys, todo, new_keys)


def page_keys(
    renderer: Renderer,
    state: BuildState,
    pages: list[Page],
    unaffected: Callable[[Page], bool] | None = None,
    deferred: bool = False,
) -> list[str | None]:
    """Each page's key; a page whose data is made of the very same objects as in the
    last build of this process (a serve rebuild) keeps its key without hashing, and
    so does a page `unaffected` says the edits since the last build do not change."""
    base = renderer.key_base()
    earlier = state.last_data
    recorded = state.page_keys if unaffected is not None else {}
    keys: list[str | None] = []
    now: dict[str, tuple[str, dict[str, Any], str]] = {}
    for page in pages:
        if deferred and page.template.startswith("producer:"):
            keys.append(None)  # `deferred`: files made on request need no key
            continue
        hit = earlier.get(page.path)
        if hit is not None and hit[0] == base and same_data(hit[1], page.data):
            key = hit[2]
        elif unaffected is None:
            key = renderer.key(page)
        else:
            key = _key_after_edits(renderer, page, recorded.get(page.path), unaffected)
        keys.append(key)
        now[page.path] = (base, page.data, key)
    state.last_data = now
    return keys


def _key_after_edits(
    renderer: Renderer,
    page: Page,
    recorded: tuple[str, str] | None,
    unaffected: Callable[[Page], bool],
) -> str:
    """A page's key after body edits alone since the recorded build (see _unaffected)."""
    if recorded is not None and unaffected(page):
        return recorded[0]
    if "events" in page.data:
        # a file made of every event, edited ones included: it is made again anyway, and
        # hashing 10,000 events for its key costs more than that
        return ""
    return renderer.key(page)


def unaffected_by_edits(
    renderer: Renderer, state: BuildState, edited: Sequence[Event]
) -> Callable[[Page], bool] | None:
    """After body edits (`edited`, and nothing else) since the build that state.pickle
    records, the pages a body does not show: every page but the edited events' own and
    the files made of every event. Their keys are the recorded ones."""
    if (
        not edited
        or state.last_pages  # serve: keys come cheaper from same_data
        or state.recorded.get("key_base") != renderer.key_base()
    ):
        return None
    slugs = {ev.slug for ev in edited}

    def unaffected(page: Page) -> bool:
        if page.template.startswith("producer:"):
            return False
        event = page.data.get("event") if page.template == "event.html" else None
        return event is None or event.slug not in slugs

    return unaffected


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
        return _same_items(a, b)
    if kind is dict:
        return _same_mapping(a, b)
    if kind is Later:
        return a.fn is b.fn and same_data(a.args, b.args)
    if kind is BodyHtml:  # made anew by each plan, for the body it names
        return a.body is b.body and bool(a.origin == b.origin)
    names = _frozen_fields(kind)  # type: ignore[arg-type]
    if names is not None:  # a chip or an entry made anew: the same if its fields are
        return all(same_data(getattr(a, n), getattr(b, n)) for n in names)
    return False  # anything else counts as the same only when it is the same object


def _same_items(a: list[Any] | tuple[Any, ...], b: list[Any] | tuple[Any, ...]) -> bool:
    if len(a) != len(b):
        return False
    if all(map(operator.is_, a, b)):  # the usual case, at C speed
        return True
    return all(same_data(x, y) for x, y in zip(a, b, strict=True))


def _same_mapping(a: dict[Any, Any], b: dict[Any, Any]) -> bool:
    if a.keys() != b.keys():
        return False
    if all(map(operator.is_, a.values(), b.values())):  # the usual case, at C speed
        return True
    return all(same_data(a[k], b[k]) for k in a)


@functools.cache
def _frozen_fields(kind: type) -> tuple[str, ...] | None:
    params = getattr(kind, "__dataclass_params__", None)
    if params is None or not params.frozen:
        return None
    return tuple(f.name for f in dataclasses.fields(kind))
