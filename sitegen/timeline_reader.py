"""A timeline's file, content/timelines/ID.md: its front matter and its introduction,
read into the model as schema.py reads the other kinds of file."""

from __future__ import annotations

from . import markdown, schema
from .diagnostics import Diagnostic
from .load import Document
from .model import Timeline
from .timelines import TIMELINE_FIELDS


def read_timeline(doc: Document, allow_html: bool) -> tuple[Timeline | None, list[Diagnostic]]:
    """A timeline's file: its front matter and its introduction."""
    diags: list[Diagnostic] = []
    slug = schema.file_slug(doc, "timeline", diags)
    r = schema.Reader(schema.origin_of(doc), doc.data, TIMELINE_FIELDS, diags)
    r.unknown_fields("a timeline")
    schema.placeholders(doc, r, ("title", "summary"), "timeline")
    # curly quotes and dashes, as event titles and bodies have them
    title = markdown.smarten(r.text("title", "a timeline", required=True))
    order, byline = schema.read_order_and_byline(r, doc.data)
    timeline = Timeline(
        slug=slug,
        title=title or slug,
        summary=markdown.smarten(r.text("summary", "")),
        byline=byline,
        updated=r.date("updated", ""),
        order=order,
        image=schema.read_image(r),
        draft=r.boolean("draft"),
        body=schema.read_body(doc, allow_html, diags),
        origin=r.origin,
    )
    return timeline, diags  # kept without a title (an error) so events naming it resolve
