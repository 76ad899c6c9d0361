"""`BuildState`: everything one build leaves for the next, in one record.

In memory it is what a long-lived Builder (serve's) keeps between rebuilds; on disk its
parts are the files of SITE/.sitegen-cache/ (each behind cache.py's checked header, so a
file of another sitegen is never trusted). Each part is read only when first needed: a
build that finds nothing changed reads build.pickle and manifest.pickle alone.

- build.pickle (`read_build_record`): the inputs' hash, the last Result (its diagnostics as
  plain tuples), and each content file's stat signature and hash;
- state.pickle (`recorded`): the last load (files and their kinds, config, static
  files, cross-file diagnostics as plain tuples, the page keys' base) and STATE_VERSION;
- parse-NN.pickle (`parse_cache`, a cache.ParseCache): each content file's parse result,
  16 shards, and parse-signed.pickle: each shard's stat signature as a load checked it;
- pages.pickle (`page_keys`): output path -> (page key, file hash);
- paths.pickle (`read_page_paths`): the paths of the pages the plan made, for `check`,
  with the hash of what it made them of;
- pieces.pickle (`piece_index`): whole-site file -> (its hash, where each event's
  piece lies in it);
- manifest.pickle (write.Manifest): output path -> (hash, size, mtime, ctime) as written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import cache as cache_mod
from .cache import ParseCache
from .diagnostics import Diagnostic
from .records import dataclass, made_seldom
from .result import Result
from .sink import Pages
from .splice import Index, Pieces, packed
from .write import Manifest

if TYPE_CHECKING:  # (a light module: a no-change build imports no parser, no renderer)
    from .assemble import Loaded
    from .pages import Page

STATE_VERSION = 3
"""The layout of state.pickle's and build.pickle's records (2: the Result build.pickle
holds is result.Result; 3: their diagnostics are plain tuples, see _plain); a record of
another layout is not trusted."""

PageKeys = dict[str, tuple[str, str]]
"""Output path -> (the key of what the page was rendered from, the file's hash)."""
PieceIndex = dict[str, tuple[str, Index]]
"""Whole-site file -> (the hash of the file, where each event's piece lies in it)."""


@made_seldom
@dataclass(eq=False, repr=False)
class BuildState:
    """What the last build of this site left: read from the cache folder, or kept in
    this process between builds (serve)."""

    cache_dir: Path
    use_cache: bool
    """Read and write the files; else this record lives in memory only."""
    clean: bool
    """Trust nothing the caches hold (`build --clean`), until a build succeeds: the
    output's manifest excepted (see read_manifest)."""
    parse_cache: ParseCache
    """Each content file's parse result, and the stats and hashes of the last load."""
    last_load: Loaded | None = None
    """This process's last load (a build's own is its `Checked.loaded`): what the next
    load compares with (load_site's `previous`) and what callers ask after a build."""
    page_keys: PageKeys = field(default_factory=dict)
    """The last build's page keys (pages.pickle, read when first needed)."""
    keys_pending: bool = False
    """pages.pickle is still to be read."""
    piece_index: PieceIndex | None = None
    """Where each event's piece lies in the whole-site files the last build wrote
    (pieces.pickle, read when first needed: None until then)."""
    recorded: dict[str, Any] = field(default_factory=dict)
    """state.pickle as read (see Builder._recorded_load)."""
    last_data: dict[str, tuple[str, dict[str, Any], str]] = field(default_factory=dict)
    """This process's last build: output path -> (key base, page data, key)."""
    last_pages: list[Page] = field(default_factory=list)
    """The last successful build's plan (with the pages static/ files replace), which a
    rebuild after body edits reuses."""
    last_pieces: Pieces = field(default_factory=Pieces)
    """The spliced files of the last build (serve: their bytes are in memory)."""
    memory: Pages = field(default_factory=Pages)
    """The last good site in memory (serve): output path -> bytes."""
    pictures: dict[str, bytes] = field(default_factory=dict)
    """Made sizes and share cards by cache name, kept for the next build
    (images.ImageCache's `held`)."""

    def __post_init__(self) -> None:
        self.keys_pending = self.use_cache and not self.clean

    def _file(self, name: str) -> Path:
        return self.cache_dir / name

    def read_page_keys(self) -> PageKeys:
        if self.keys_pending:
            self.keys_pending = False
            stored = cache_mod.read(self._file("pages.pickle"))
            if isinstance(stored, dict):
                self.page_keys = stored
        return self.page_keys

    def read_piece_index(self) -> PieceIndex:
        if self.piece_index is None:
            stored = cache_mod.read(self._file("pieces.pickle")) if self.use_cache else None
            self.piece_index = stored if isinstance(stored, dict) and not self.clean else {}
        return self.piece_index

    def read_recorded(self) -> dict[str, Any] | None:
        """state.pickle, when it can be trusted."""
        if not self.use_cache or self.clean:
            return None
        stored = cache_mod.read(self._file("state.pickle"))
        if not isinstance(stored, dict) or stored.get("version") != STATE_VERSION:
            return None
        cross = _diagnostics(stored.get("cross"))
        if cross is None:
            return None
        self.recorded = stored = {**stored, "cross": tuple(cross)}
        return stored

    def write_recorded(self, record: dict[str, Any]) -> None:
        if self.use_cache:
            plain = {**record, "cross": _plain(record["cross"]), "version": STATE_VERSION}
            cache_mod.write(self._file("state.pickle"), plain)

    def read_page_paths(self, key: str) -> frozenset[str] | None:
        """paths.pickle's page paths when it holds those of `key` (Builder._page_paths)."""
        if not self.use_cache or self.clean:
            return None
        stored = cache_mod.read(self._file("paths.pickle"))
        if not isinstance(stored, tuple) or len(stored) != 2 or stored[0] != key:
            return None
        return frozenset(stored[1])

    def write_page_paths(self, key: str, paths: frozenset[str]) -> None:
        if self.use_cache:
            cache_mod.write(self._file("paths.pickle"), (key, sorted(paths)))

    def read_build_record(self) -> tuple[Any, ...] | None:
        """build.pickle: what the no-change build compares with (the inputs' hash, the
        last Result, the content files' stats), when it can be trusted."""
        stored = None if self.clean else cache_mod.read(self._file("build.pickle"))
        if not isinstance(stored, tuple) or len(stored) != 5 or stored[0] != STATE_VERSION:
            return None
        _, inputs, summary, plain, stats = stored
        found = _diagnostics(plain)
        if not isinstance(summary, Result) or found is None:
            return None
        summary.diagnostics = found
        return inputs, summary, stats

    def write_build_record(self, inputs: str, summary: Result, stats: Any) -> None:
        """build.pickle: (STATE_VERSION, inputs, summary without its diagnostics, its
        diagnostics as plain tuples, stats)."""
        bare = replace(summary, diagnostics=[])
        record = (STATE_VERSION, inputs, bare, _plain(summary.diagnostics), stats)
        cache_mod.write(self._file("build.pickle"), record)

    def read_manifest(self) -> Manifest:
        """manifest.pickle, read by a --clean build too: it is the output's own record of
        what was written, each file's hash trusted only while the file's stamp (size,
        mtime, ctime: the ctime no program can set back) is as recorded. A --clean build
        thus leaves an unchanged file alone without reading it (before, it read and
        hashed every file of the output: ~150 ms at 1,000 events); what it distrusts is
        what the caches worked out from the site (parse results, page keys, pieces)."""
        return Manifest.load(self._file("manifest.pickle") if self.use_cache else None)

    def write_manifest(self, manifest: Manifest) -> None:
        manifest.save(self._file("manifest.pickle") if self.use_cache else None)

    def committed(self, page_keys: PageKeys, spliced: bool) -> None:
        """After a build that succeeded: its page keys (and piece index, when it spliced
        files) are the next build's."""
        self.page_keys = page_keys
        self.clean = False  # what this build cached is now trusted
        if self.use_cache:
            cache_mod.write(self._file("pages.pickle"), page_keys)
            if spliced:
                if self.piece_index is not None:
                    # each file's index as its pickle (splice.PackedIndex): the next
                    # build unpacks only those of the files it makes again
                    self.piece_index = {
                        path: (digest, packed(index))
                        for path, (digest, index) in self.piece_index.items()
                    }
                cache_mod.write(self._file("pieces.pickle"), self.piece_index)


def _plain(diagnostics: Iterable[Diagnostic]) -> list[tuple[Any, ...]]:
    """Diagnostics as tuples of their fields: a frozen dataclass with slots is pickled and
    unpickled through Python-level calls, each of thousands (2,192 warnings at 10,000
    events, in two records) five times slower than a tuple."""
    return [(d.path, d.line, d.column, d.severity, d.code, d.message) for d in diagnostics]


def _diagnostics(plain: Any) -> list[Diagnostic] | None:
    """_plain's tuples as diagnostics again; None when they are not such tuples."""
    if not isinstance(plain, list):
        return None
    try:
        return [Diagnostic(*fields) for fields in plain]
    except TypeError:
        return None
