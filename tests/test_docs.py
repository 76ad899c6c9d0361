"""The user's docs stay true to the code: every field the loader accepts has a row in
docs/content.md (with its type), and every link between the docs lands on a file and a
heading that exist. (Diagnostic codes: tests/test_checks_sites.py; the commands'
options: tests/test_cli.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitegen import schema
from sitegen.eras import ERA_FIELDS
from sitegen.timelines import TIMELINE_FIELDS

REPO = Path(__file__).parent.parent
USER_DOCS = [REPO / "README.md"] + [
    REPO / "docs" / f"{name}.md"
    for name in (
        "content", "checks", "serve", "publishing", "embedding", "importing", "reader",
        "security",
    )
]  # fmt: skip
EVERY_DOC = [
    *USER_DOCS,
    REPO / "docs" / "architecture.md",
    REPO / "docs" / "performance.md",
    REPO / "docs" / "performance-history.md",
]
"""Where links between the docs are checked (the developers' three as well)."""
FENCE = re.compile(r"^ *```.*?^ *```", re.S | re.M)


def _section(heading: str) -> str:
    text = (REPO / "docs" / "content.md").read_text(encoding="utf-8")
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def _rows(section: str) -> dict[str, str]:
    """Each field a table row names in its first cell (`a`, `b` or `a` (or `b`)), to the row."""
    rows = {}
    for line in section.splitlines():
        if line.startswith("| `"):
            for name in re.findall(r"`([a-z_]+)`", line.split(" | ", 1)[0]):
                rows[name] = line
    return rows


@pytest.mark.parametrize(
    ("heading", "fields"),
    [
        ("content/site.yaml", schema.SITE_FIELDS),
        ("Events", schema.EVENT_FIELDS),
        ("People", schema.PERSON_FIELDS),
        ("Countries", schema.COUNTRY_FIELDS),
        ("content/sources.yaml", schema.SOURCE_FIELDS),
        ("Timelines: many stories, one site", TIMELINE_FIELDS),
        ("Eras: content/eras.yaml", ERA_FIELDS),
    ],
)
def test_every_field_the_loader_accepts_has_a_row_with_its_type(
    heading: str, fields: set[str]
) -> None:
    rows = _rows(_section(heading))
    assert sorted(fields - rows.keys()) == [], f"docs/content.md ## {heading} misses them"
    assert sorted(rows.keys() - fields) == [], f"docs/content.md ## {heading} has no such field"
    for name in fields:
        cells = [c.strip() for c in rows[name].strip("|").split(" | ")]
        assert len(cells) == 4 and cells[1], (name, rows[name])  # field, type, required, meaning


@pytest.mark.parametrize(
    ("heading", "parent", "fields"),
    [
        ("Events", "image", schema.IMAGE_FIELDS),
        ("content/site.yaml", "cards", schema.CARD_FIELDS),
    ],
)
def test_a_mappings_fields_are_named_in_its_row(
    heading: str, parent: str, fields: set[str]
) -> None:
    row = _rows(_section(heading))[parent]
    shape = re.search(r"mapping `\{([a-z_, ]+)\}`", row)
    assert shape, row
    assert set(shape.group(1).split(", ")) == fields


def test_a_tags_fields_are_in_the_example() -> None:
    example = _section("Tags and their names")
    for name in schema.TAG_FIELDS:
        assert re.search(rf"^ +{name}: ", example, re.M), name


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, links and code marks dropped, spaces to
    hyphens, other punctuation removed."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    found: set[str] = set()
    seen: dict[str, int] = {}
    for heading in re.findall(r"^#{1,6} (.+)$", FENCE.sub("", path.read_text("utf-8")), re.M):
        anchor = _anchor(heading)
        n = seen.get(anchor, 0)
        seen[anchor] = n + 1
        found.add(anchor if n == 0 else f"{anchor}-{n}")
    return found


@pytest.mark.parametrize("doc", EVERY_DOC, ids=lambda p: p.name)
def test_links_between_the_docs_land_on_a_file_and_a_heading(doc: Path) -> None:
    prose = re.sub(r"`[^`\n]*`", "", FENCE.sub("", doc.read_text("utf-8")))
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", prose):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        path, _, fragment = target.partition("#")
        file = (doc.parent / path).resolve() if path else doc
        if not file.exists() or (
            fragment and file.suffix == ".md" and fragment not in _anchors(file)
        ):
            broken.append(target)
    assert broken == []


def test_every_code_in_checks_md_says_its_severity_and_a_fix() -> None:
    """A user who reads a code's section learns whether it stops a build and what to do."""
    text = (REPO / "docs" / "checks.md").read_text(encoding="utf-8").split("## All codes", 1)[1]
    for section in re.split(r"^### ", text, flags=re.M)[1:]:
        code = section.split("\n", 1)[0]
        assert re.search(r"^\*\*(Error|Warning)", section, re.M), code
        assert "**Fix" in section, code
