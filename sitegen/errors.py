"""The two errors the command line turns into an exit status, in a module of their own:
the command line imports them before it knows which command runs (the problems in a
site are diagnostics.py's)."""

from __future__ import annotations


class UsageError(Exception):
    """A problem with how sitegen was called (not with the site): exit status 2."""


class OutputError(Exception):
    """The disk refused to take the output (permission, disk full, read-only): one line
    naming the path, exit status 1; the output folder is as it was."""
