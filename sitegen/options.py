"""What a build is asked for, beyond the site's own files: its Options, and its today.

A light module (the standard library only): the command line makes an Options before it
knows whether anything needs rendering.
"""

from __future__ import annotations

import datetime as dt

from .records import dataclass, made_seldom, value_methods


def today(override: str | None = None, source_date_epoch: str | None = None) -> dt.date:
    """The build's 'today': --today, else SOURCE_DATE_EPOCH, else the clock."""
    if override:
        return dt.date.fromisoformat(override)
    if source_date_epoch:
        return dt.datetime.fromtimestamp(int(source_date_epoch), dt.UTC).date()
    return dt.date.today()


@made_seldom
@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Bounds:
    """How large a whole-site data file may grow before it is split into parts (issue
    20: no file that grows with the archive). The defaults leave a site of 10,000 events
    as it was; a test lowers them to split a small site's files."""

    search_docs: int = 16_384
    """Documents per part of a search word shard (search.py: a word's postings in
    documents N×this to N×this+this−1 are in part N of its shard)."""
    events_bytes: int = 300_000
    """About the most bytes of a part of a large site's events.json (publish.events_parts
    estimates each event's record from its text)."""
    timeline_events: int = 1_000
    """Events a timeline's events.json names itself (about 60 bytes each); a longer
    timeline's is an index of parts (publish.story_events_pages)."""


@made_seldom
@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Options:
    """What a build is asked for, beyond the site's own files."""

    drafts: bool = False
    """Publish drafts (marked as such): serve does, build does not."""
    base_url: str | None = None
    """Overrides site.yaml's base_url (--base-url)."""
    build_date: str = ""
    """ISO date shown as 'built on', only when SOURCE_DATE_EPOCH is set."""
    today: str = ""
    """The build's today (ongoing events run to it in the overview)."""
    fingerprint: bool = True
    """Asset names carry a hash of their bytes; serve turns it off so CSS can swap live."""
    bounds: Bounds = Bounds()
    """How large a data file grows before it is split (tests lower them)."""

    def site_address(self, configured: str) -> str:
        """The address the site is published at, as given: --base-url over site.yaml's
        `configured` base_url ('' for none)."""
        return configured if self.base_url is None else self.base_url
