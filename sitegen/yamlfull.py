"""A YAML document read by PyYAML, with where each value and key stands: what
load.simple_yaml leaves (aliases, tags, block text, escapes, nesting; any document it is
not sure of), and the editor's problem for each of PyYAML's errors. Imported when a
build first meets such a document: PyYAML's import (~125 M instructions) is then not
paid by a build whose every file simple_yaml reads."""

from __future__ import annotations

import re
import sys
from typing import Any

from .adapters import quiet_path_resolvers, yaml_reader_pattern_listed
from .marks import INTERN_MAX, Key, Marks, Position, YAMLProblem
from .records import LazyPattern

with yaml_reader_pattern_listed():  # (PyYAML's import, without a pattern it never uses here)
    import yaml

# Dates stay strings: sitegen parses them itself, keeping precision and raw text.
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


def loader_on(base: type) -> Any:
    """PyYAML's safe loader `base` (yaml.SafeLoader or its C parser's CSafeLoader), with
    dates kept as text. (A function: a test reads a site with the pure-Python loader,
    the one a PyYAML without libyaml has.)"""
    loader: Any = type("_Loader", (base,), {"__doc__": "PyYAML's safe loader, dates as text."})
    quiet_path_resolvers(loader)
    loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    loader.add_constructor(_TIMESTAMP, loader.construct_yaml_str)  # when tagged !!timestamp
    return loader


_Loader = loader_on(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
"""Its C parser where libyaml is there."""


MAX_NODES = 50_000
"""Bound on the values aliases repeat (`*name`): refuses 'billion laughs' documents.
Values written out in the file do not count: the file's size bounds them."""


_STR, _SEQ, _MAP = (f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map"))
CORE_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "seq", "map", "merge", "timestamp")
)
"""The YAML tags a content file may use (the core schema, timestamps read as text); any
other (!!binary, !!set, !!omap, !!python/…, !local) is an error where it stands."""


def _tag_problem(node: yaml.Node, line0: int, value: str = "") -> YAMLProblem:
    name = node.tag.replace("tag:yaml.org,2002:", "!!")
    if value and len(value) > 4000 and name == "!!int":  # Python reads no longer integer
        problem = f"a number of {len(value):,} digits is more than sitegen reads; shorten it"
    elif value:
        problem = f"'{value[:40]}' cannot be read as {name}; remove the tag or fix the value"
    elif node.tag in CORE_TAGS:
        problem = f"the tag '{name}' does not fit a {_NODE_KINDS[type(node)]}; remove the tag"
    else:
        problem = (
            f"the tag '{name}' is not allowed: sitegen reads plain YAML values only (text, "
            "numbers, true/false, lists and mappings); remove the tag"
        )
    return YAMLProblem(node.start_mark.line + line0, node.start_mark.column + 1, problem)


_NODE_TAGS: dict[type, str] = {yaml.MappingNode: _MAP, yaml.SequenceNode: _SEQ}
"""The one tag a mapping or a list may have (a scalar may have any but these two)."""
_NODE_KINDS = {yaml.MappingNode: "mapping", yaml.SequenceNode: "list", yaml.ScalarNode: "value"}


def _scalar(node: yaml.Node, loader: Any, line0: int) -> Any:
    """A scalar as PyYAML's safe constructor makes it, or a YAMLProblem where an explicit
    tag does not fit the value (!!int abc)."""
    if node.tag in (_SEQ, _MAP):
        raise _tag_problem(node, line0)
    try:
        return loader.construct_object(node)
    except (ValueError, KeyError, TypeError, yaml.YAMLError):
        raise _tag_problem(node, line0, str(node.value)) from None


_SLOW: Any = object()
"""What _walk returns when the document needs PyYAML's constructor (see there)."""


def _walk(
    node: yaml.Node,
    path: Key,
    marks: Marks,
    line0: int,
    budget: list[int],
    loader: Any,
    seen: set[yaml.Node] | None = None,
    repeated: bool = False,
) -> Any:
    """Record where each value and key stands, and build the document's value as PyYAML's
    safe constructor would (strings, lists and mappings here, other scalars by it): twice
    as fast as walking for the marks and then constructing. _SLOW when the document holds
    what only the constructor does right (aliases, merge keys, tagged collections,
    mappings as keys); the walk still records every mark."""
    if node.tag not in CORE_TAGS or _NODE_TAGS.get(type(node), node.tag) != node.tag:
        raise _tag_problem(node, line0)
    seen = set() if seen is None else seen
    repeated = repeated or node in seen
    seen.add(node)
    if repeated:
        _spend_alias_budget(node, line0, budget)
    marks.values[path] = (node.start_mark.line + line0, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        return _walk_mapping(node, path, marks, line0, budget, loader, seen, repeated)
    if isinstance(node, yaml.SequenceNode):
        return _walk_sequence(node, path, marks, line0, budget, loader, seen, repeated)
    if repeated:
        return _SLOW
    if node.tag == _STR or node.tag == _TIMESTAMP:
        value: str = node.value
        if len(value) <= INTERN_MAX and path and type(path[-1]) is int:
            # a list's item: a slug, an id, a tag, written on thousands of events
            value = sys.intern(value)
        return value
    return _scalar(node, loader, line0)


def _walk_mapping(
    node: yaml.MappingNode,
    path: Key,
    marks: Marks,
    line0: int,
    budget: list[int],
    loader: Any,
    seen: set[yaml.Node],
    repeated: bool,
) -> Any:
    """_walk for a mapping: each key's mark (refusing a key written twice), then its value."""
    value: Any = {} if node.tag == _MAP and not repeated else _SLOW
    for k, v in node.value:
        if k.tag not in CORE_TAGS:
            raise _tag_problem(k, line0)
        scalar = isinstance(k, yaml.ScalarNode)
        key = k.value if scalar else str(k.start_mark)
        key_path = (*path, key)
        _mark_key(k, key_path, marks, line0, scalar)
        if v.tag == _STR and type(v) is yaml.ScalarNode and not repeated and v not in seen:
            # most values: text, walked here (what _walk does for it, without the call)
            seen.add(v)
            marks.values[key_path] = (v.start_mark.line + line0, v.start_mark.column + 1)
            item = v.value
        else:
            item = _walk(v, key_path, marks, line0, budget, loader, seen, repeated)
        if value is _SLOW:
            continue
        if not (scalar and _plain(k, item, seen)):
            value = _SLOW
            continue
        seen.add(k)
        value[key if k.tag == _STR else loader.construct_object(k)] = item
    return value


def _mark_key(k: yaml.Node, key_path: Key, marks: Marks, line0: int, scalar: bool) -> None:
    """Records where a mapping's key is written; refuses a key written twice."""
    if scalar and key_path in marks.keys:
        first = marks.keys[key_path][0]
        raise YAMLProblem(
            k.start_mark.line + line0,
            k.start_mark.column + 1,
            f"'{key_path[-1]}' appears twice (first on line {first}); the second would "
            "silently replace the first: merge them into one",
        )
    marks.keys[key_path] = (k.start_mark.line + line0, k.start_mark.column + 1)


def _plain(k: yaml.Node, item: Any, seen: set[yaml.Node]) -> bool:
    """Whether a scalar key and its walked value go straight into the mapping (not a key
    met before through an alias, not a merge key, not a value that needs the slow way)."""
    return item is not _SLOW and k not in seen and k.tag != "tag:yaml.org,2002:merge"


def _walk_sequence(
    node: yaml.SequenceNode,
    path: Key,
    marks: Marks,
    line0: int,
    budget: list[int],
    loader: Any,
    seen: set[yaml.Node],
    repeated: bool,
) -> Any:
    """_walk for a sequence: each item in turn."""
    value: Any = [] if node.tag == _SEQ and not repeated else _SLOW
    for i, v in enumerate(node.value):
        if v.tag == _STR and type(v) is yaml.ScalarNode and not repeated and v not in seen:
            # a slug, an id, a tag: as _walk does for it (interned), without the call
            seen.add(v)
            marks.values[(*path, i)] = (v.start_mark.line + line0, v.start_mark.column + 1)
            text: str = v.value
            item = sys.intern(text) if len(text) <= INTERN_MAX else text
        else:
            item = _walk(v, (*path, i), marks, line0, budget, loader, seen, repeated)
        if value is not _SLOW:
            if item is _SLOW:
                value = _SLOW
            else:
                value.append(item)
    return value


def _spend_alias_budget(node: yaml.Node, line0: int, budget: list[int]) -> None:
    """Count one value an alias repeats; refuse the document past MAX_NODES of them."""
    budget[0] -= 1
    if budget[0] < 0:
        raise YAMLProblem(
            node.start_mark.line + line0,
            node.start_mark.column + 1,
            f"aliases (*name) repeat more than {MAX_NODES} values here; sitegen refuses "
            "such documents: write the values out, or use fewer aliases",
        )


def read_yaml(text: str, first_line: int = 1) -> tuple[Any, Marks]:
    """load.parse_yaml by PyYAML: one YAML document safe-loaded, with its marks."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        marks = Marks()
        if node is None:
            return None, marks
        data = _walk(node, (), marks, first_line, [MAX_NODES], loader)
        if "|" in text or ">" in text or "&" in text or "!" in text:
            _past_indicators(marks, text, first_line)
        if data is _SLOW:
            data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        raise _marked_problem(exc, text, first_line) from None
    except yaml.YAMLError as exc:
        raise YAMLProblem(first_line, 1, str(exc)) from None
    except RecursionError:
        raise YAMLProblem(first_line, 1, "the document nests too deeply") from None
    finally:
        loader.dispose()
    return data, marks


_INDICATED = LazyPattern(r"(?:[&!]\S*|[|>][-+0-9]*)[ \t]*(?:#.*)?")
"""What PyYAML's mark of a value stands on before the value: an anchor (`&d`), a tag
(`!!str`), a block scalar's indicator (`|`, `>-`), the spaces and comment after it."""


def _past_indicators(marks: Marks, text: str, first_line: int) -> None:
    """Each value's mark moved from its anchor, tag or block indicator to the value itself,
    where an editor looks: `summary: >-` then `  TODO: …` is at the TODO, `date: &d
    "2024-07-32"` at the quote (PyYAML marks where the node's first token starts)."""
    lines = text.split("\n")
    values = marks.values
    for path, (line, column) in values.items():
        row = line - first_line
        if 0 <= row < len(lines) and lines[row][column - 1 : column] in _INDICATORS:
            values[path] = _value_start(lines, row, column - 1, first_line) or (line, column)


_INDICATORS = frozenset("&!|>")


def _value_start(lines: list[str], row: int, at: int, first_line: int) -> Position | None:
    """Where the value whose indicators start at `at` on line `row` is written: on that
    line after them, or on the next line with anything on it (None: nowhere)."""
    written = lines[row]
    while True:
        at = _INDICATED.match(written, at).end()  # type: ignore[union-attr]
        if at < len(written.rstrip("\r")):
            if written[at] in "&!":  # (an anchor and a tag: `&d !!str "x"`)
                continue
            return row + first_line, at + 1
        row += 1
        while row < len(lines) and not lines[row].strip(" \t\r"):
            row += 1
        if row == len(lines):
            return None
        written = lines[row]
        return row + first_line, len(written) - len(written.lstrip(" \t")) + 1


def _marked_problem(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> YAMLProblem:
    """PyYAML's error as an editor's problem, at the line that causes it: a tab before the
    mark, an unclosed quote a few lines up, a ': ' that needs the value quoted."""
    mark, problem = _explain(exc)
    line = (mark.line + first_line) if mark else first_line
    col = (mark.column + 1) if mark else 1
    lines = text.split("\n")
    if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        problem = "a tab character; indent YAML with spaces, not tabs"
    if (
        mark is not None
        and problem is _UNICODE_ESCAPE
        and lines[mark.line][: col - 1].endswith(("\\u", "\\U"))
    ):
        col -= 2  # (libyaml marks the hex digits: the escape starts at its backslash)
    if mark is not None and problem.startswith("a ': ' inside a value"):
        problem = _quote_fix(text.split("\n")[mark.line]) or problem
    if not isinstance(exc, yaml.constructor.ConstructorError):
        unclosed = _unclosed_quote(text, (mark.line + 1) if mark else 0)
        if unclosed:
            line, col = unclosed[0] + first_line - 1, unclosed[1]
            problem = (
                "this quoted value is not closed on its line; end it with the quote mark "
                'it starts with (inside double quotes, write \\" for a quote)'
            )
    return YAMLProblem(line, col, problem)


_QUOTED_VALUE = LazyPattern(r"""^\s*(?:-\s+)?(?:[\w-]+:\s+)?(["'])""")


def _unclosed_quote(text: str, upto: int) -> tuple[int, int] | None:
    """(line, column) of a value on lines 1..upto that opens a quote and never closes it
    on its line: the usual cause of a YAML error reported a few lines further down."""
    for i, line in enumerate(text.split("\n")[:upto], start=1):
        m = _QUOTED_VALUE.match(line)
        if not m:
            continue
        q, rest = m.group(1), line[m.end() :]
        rest = rest.replace("\\\\", "").replace('\\"', "") if q == '"' else rest.replace("''", "")
        if q not in rest:
            return i, m.start(1) + 1
    return None


def _quote_fix(line: str) -> str:
    """For `title: Ever Given: refloated`, the message that shows the quoted line."""
    m = re.match(r"^(\s*(?:-\s+)?[\w-]+):\s+(.+?)\s*$", line)
    if not m or m.group(2)[0] in "\"'":
        return ""
    value = m.group(2).replace("\\", "\\\\").replace('"', '\\"')
    return (
        f"a ': ' inside a value; put the whole value in double quotes: "
        f'{m.group(1).strip()}: "{value}"'
    )


def _explain(exc: yaml.MarkedYAMLError) -> tuple[Any, str]:
    """Where a YAML error is and what to do about it, in an editor's words."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    context = exc.context or ""
    if isinstance(exc, yaml.constructor.ConstructorError):
        return mark, _constructor_advice(problem, context)
    advice = _value_advice(exc, mark, problem, context)
    return advice or _structure_advice(exc, mark, problem, context)


def _constructor_advice(problem: str, context: str) -> str:
    """A tag sitegen does not read, or a value that does not fit where it stands."""
    tag = re.search(r"tag '([^']*)'", problem)
    if tag is None and "unhashable key" in problem:  # (? [a, b]: a list or mapping as a key)
        return "a list or a mapping is used as a key; a key is a word before ':': write it so"
    if tag is None and "for merging" in problem:  # (<<: text)
        return (
            "'<<' merges a mapping into this one and is followed by something else; "
            "write the fields themselves instead"
        )
    if tag is None:
        return f"{context}: {problem}" if context else problem
    name = tag.group(1).replace("tag:yaml.org,2002:", "!!")
    return (
        f"the tag '{name}' is not allowed: sitegen reads plain YAML values only (text, "
        "numbers, true/false, lists and mappings); remove the tag"
    )


_UNICODE_ESCAPE = (
    "this \\u escape names no character (half of a pair such as \\ud83d\\ude00, which "
    'YAML does not join); write the character itself ("😀"), or \\U0001F600'
)


def _value_advice(
    exc: yaml.MarkedYAMLError, mark: Any, problem: str, context: str
) -> tuple[Any, str] | None:
    """Problems inside one value: escapes, unclosed quotes, ': ', nesting, tabs."""
    if "escape character" in problem:
        return mark, (
            "inside double quotes a backslash starts an escape; write \\\\ for a backslash, "
            "or put the value in single quotes"
        )
    if "Unicode character escape" in problem:  # (libyaml: "\ud83d", half of a pair)
        return mark, _UNICODE_ESCAPE
    unended = "end of stream" in problem or "document" in problem
    if "quoted scalar" in context and unended and exc.context_mark is not None:
        return exc.context_mark, (
            "this quoted value is never closed; end it with the same quote mark it starts "
            'with (inside double quotes, write \\" for a quote)'
        )
    if "mapping values are not allowed" in problem:
        return mark, (
            "a ': ' inside a value; put the whole value in double quotes, "
            'like title: "Kremlin: West is jealous"'
        )
    if "maximum nesting depth" in problem:
        return mark, "the values nest too deeply (more than 1000 levels); flatten them"
    if "tab" in problem or ("cannot start any token" in problem and "\\t" in problem):
        return mark, "a tab character; indent YAML with spaces, not tabs"
    return None


def _structure_advice(
    exc: yaml.MarkedYAMLError, mark: Any, problem: str, context: str
) -> tuple[Any, str]:
    """Problems in how values fit together: brackets, keys, indentation, anchors."""
    if "flow sequence" in context or "flow mapping" in context:
        opener, closer = ("[", "]") if "sequence" in context else ("{", "}")
        return exc.context_mark or mark, (
            f"this '{opener}' is not closed; add '{closer}' at the end, or put the value in "
            f"double quotes if it is text that starts with '{opener}'"
        )
    if "did not find expected key" in problem or "expected '-' indicator" in problem:
        return mark, (
            f"{problem}; check this line's indentation against the lines above, and put "
            "text that continues after a closing quote inside the quotes"
        )
    if "cannot start any token" in problem:
        return mark, (
            f"{problem}; put the value in double quotes (values may not start with @ or `)"
        )
    if "found duplicate anchor" in problem or "found undefined alias" in problem:
        return mark, f"{problem}; '&' and '*' start anchors and aliases: quote such values"
    if context and "expected <block end>" in problem:
        return mark, (
            f"{context}: {problem}; check the indentation of this line and the one above, "
            "or quote a value that starts with a quote mark, [ or {"
        )
    return mark, f"{context}: {problem}" if context else problem


def unescape(escape: str) -> str:
    """A double-quoted YAML escape's character(s), or '' (see load.escaped_controls)."""
    try:
        return str(yaml.safe_load(f'"{escape}"'))
    except yaml.YAMLError:
        return ""
