"""The shape of sitegen's code: imports point one way, state lives on the build, and the
private names of the libraries we lean on are touched in one adapter module only.

Read from the source with `ast` (nothing is imported), so a function-level import or a
cache hidden in a helper counts as much as one at the top of a module.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sitegen"

PRIVATE_LIBRARIES = ("jinja2", "markupsafe", "markdown_it", "yaml", "mdit_py_plugins", "PIL")
PRIVATE_LIBRARIES += ("livereload", "tornado", "watchfiles", "markdownify", "bs4")
"""Libraries whose private names (and package layout: `lib.__file__`, `lib.__path__`) only
sitegen/adapters.py may use."""

MUTATING_METHODS = frozenset(
    {"append", "extend", "insert", "pop", "popitem", "clear", "update", "setdefault", "add"}
    | {"discard", "remove", "sort", "reverse", "__setitem__", "__delitem__"}
)

PROCESS_WIDE: dict[str, str] = {
    "write.py: module-level '_OWN' changed in a function": (
        "the staging folders this process holds: lockf locks belong to the whole process, "
        "not to a build, so `recover` in any build of this process (serve's next one, "
        "another output folder's) must know them to leave them be"
    ),
    "adapters.py: globals() in a function": (
        "SharedGlobalsEnvironment, a class made when first asked for (PEP 562's module "
        "__getattr__) so that the load imports no Jinja: the same class whatever the build"
    ),
}
"""Module state that is truly the process's, not a build's, each with its reason. Not a
place for a cache: per-build state lives on the build (Builder, Renderer, planning.Memo,
the Site itself)."""


def _modules() -> dict[str, ast.Module]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return out


MODULES = _modules()


def _is_package(name: str) -> bool:
    return (PACKAGE.parent / name.replace(".", "/") / "__init__.py").is_file()


def _imports(name: str, tree: ast.Module) -> set[str]:
    """The sitegen modules `name` imports anywhere in its code, under TYPE_CHECKING too."""
    found: set[str] = set()
    package = name if _is_package(name) else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "sitegen")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "sitegen":
                continue
            for alias in node.names:  # `from . import render` imports a module
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    return {name: _imports(name, tree) for name, tree in MODULES.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of modules (Tarjan), as a path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [_path(graph, set(g)) for g in groups]


def _path(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """A shortest way from the group's first module back to itself, within the group."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(graph[v] & group):
            if w == start:
                return [*paths[v], start]
            if w not in paths:
                paths[w] = [*paths[v], w]
                queue.append(w)
    return [start]  # pragma: no cover - a group is strongly connected


def test_no_import_cycle() -> None:
    found = [" -> ".join(c) for c in cycles(import_graph())]
    assert not found, "import cycles:\n" + "\n".join(found)


LIGHT = frozenset({"errors", "diagnostics", "options", "files", "result", "records", "adapters"})
"""The modules at the very bottom (docs/architecture.md, "Imports point one way"): the
no-change build and start-up import them, so they import only each other."""
LIGHT |= {"compiled_patterns"}  # (data: adapters.compiled_patterns_installed reads it)

CONTENT_SIDE = frozenset({"load", "dates", "model", "markdown", "images", "timelines"})
CONTENT_SIDE |= {"checks", "schema", "timeline_reader", "assemble", "slugs", "iso3166"}
RENDER_SIDE = frozenset({"pages", "keys", "yearpages", "search", "embed", "publish"})
RENDER_SIDE |= {"stories", "planning", "render", "diff", "build", "overview", "sharecards"}
UPWARD: dict[str, str] = {
    "assemble -> publish": (
        "the cross-file checks ask publish.Generated which generated folders a body may "
        "link into (the plan's own split of year pages), made when first asked"
    ),
}
"""Imports from the content side (load and check) up into the render side, each with its
reason."""


def _short(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    return {
        name.removeprefix("sitegen."): {t.removeprefix("sitegen.") for t in targets}
        for name, targets in graph.items()
    }


def test_the_light_modules_import_only_each_other() -> None:
    graph = _short(import_graph())
    found = {f"{m} -> {t}" for m in LIGHT for t in graph[m] - LIGHT}
    assert not found, "light modules importing heavier ones:\n" + "\n".join(sorted(found))


def test_the_content_side_does_not_import_the_render_side() -> None:
    graph = _short(import_graph())
    found = {f"{m} -> {t}" for m in CONTENT_SIDE for t in graph[m] & RENDER_SIDE}
    assert found == UPWARD.keys()


def test_the_cycle_finder_names_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_imports_inside_functions_count() -> None:
    tree = ast.parse("def f():\n    from .render import Page\n")
    assert _imports("sitegen.publish", tree) == {"sitegen.render"}


# -- state on the build ---------------------------------------------------------------------


def _module_containers(tree: ast.Module) -> set[str]:
    """Names a module binds to a dict, list or set (a literal, a comprehension, a call)."""
    names = set()
    for node in tree.body:
        targets: list[ast.expr] = []
        value = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        if value is None or not _is_container(value):
            continue
        names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _is_container(value: ast.expr) -> bool:
    if isinstance(value, ast.Dict | ast.List | ast.Set | ast.DictComp | ast.ListComp):
        return True
    if isinstance(value, ast.SetComp):
        return True
    if isinstance(value, ast.Call):
        func = value.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return name in {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque"}
    return False


def _mutated_name(node: ast.AST) -> str | None:
    """The name a statement or call changes in place: x[k] = …, del x[k], x.append(…)."""
    if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete):
        targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
        for t in targets:
            if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name):
                return t.value.id
            if isinstance(node, ast.AugAssign) and isinstance(t, ast.Name):
                return t.id
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        owner = node.func.value
        if node.func.attr in MUTATING_METHODS and isinstance(owner, ast.Name):
            return owner.id
    return None


def _local_names(fn: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> set[str]:
    """Names a function binds itself (its parameters and assignments): they shadow the
    module's."""
    args = fn.args
    names = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
    names.update(a.arg for a in (args.vararg, args.kwarg) if a is not None)
    for node in ast.walk(fn):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def _class_state(filename: str, cls: ast.ClassDef) -> Iterator[str]:
    """A dict, list or set of the class itself (shared by every instance, so module state
    in all but name) that a method changes through self, cls or the class's name."""
    shared = _module_containers(ast.Module(body=cls.body, type_ignores=[]))
    for node in ast.walk(cls):
        target = None
        if isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
            subs = [t.value for t in targets if isinstance(t, ast.Subscript)]
            target = subs[0] if subs else None
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in MUTATING_METHODS
        ):
            target = node.func.value
        if (
            isinstance(target, ast.Attribute)
            and target.attr in shared
            and isinstance(target.value, ast.Name)
            and target.value.id in {"self", "cls", cls.name}
        ):
            yield f"{filename}: class-level '{cls.name}.{target.attr}' changed in a method"


def state_problems(filename: str, tree: ast.Module) -> Iterator[str]:
    """Module state a function changes; `global`; object.__new__; id() anywhere."""
    containers = _module_containers(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            yield from _class_state(filename, node)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            own = _local_names(node)
            for inner in ast.walk(node):
                name = _mutated_name(inner)
                if name in containers and name not in own:
                    yield f"{filename}: module-level '{name}' changed in a function"
                if isinstance(inner, ast.Global):
                    yield f"{filename}: 'global {', '.join(inner.names)}'"
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id == "globals"
                ):
                    yield f"{filename}: globals() in a function"
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "__new__"
            and isinstance(node.value, ast.Name)
            and node.value.id == "object"
        ):
            yield f"{filename}: object.__new__ (an object made without its __init__)"
        if isinstance(node, ast.Name) and node.id == "id" and isinstance(node.ctx, ast.Load):
            yield f"{filename}: id() (an object's address is no key)"


def _all_state_problems() -> set[str]:
    found: set[str] = set()
    for name, tree in MODULES.items():
        filename = name.removeprefix("sitegen.").replace(".", "/") + ".py"
        found.update(state_problems(filename, tree))
    return found


def test_no_module_state_no_object_new_no_id_keys() -> None:
    found = _all_state_problems() - PROCESS_WIDE.keys()
    assert not found, "state outside the build:\n" + "\n".join(sorted(found))


def test_the_process_wide_list_names_only_what_is_there() -> None:
    assert PROCESS_WIDE.keys() <= _all_state_problems()


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("_C = {}\ndef f(k):\n    _C[k] = 1\n", "module-level '_C' changed"),
        ("_C: dict[int, int] = {}\ndef f(k):\n    _C.setdefault(k, 1)\n", "module-level '_C'"),
        ("_L = []\nclass A:\n    def m(self):\n        _L.append(1)\n", "module-level '_L'"),
        ("_L = []\ndef f():\n    global _L\n    _L = [1]\n", "global _L"),
        ("def f(k):\n    globals()[k] = 1\n", "globals()"),
        ("def f(x):\n    return {id(x): x}\n", "id()"),
        ("def f(c):\n    return object.__new__(c)\n", "object.__new__"),
        ("class C:\n    store = {}\n    def m(self, k):\n        self.store[k] = 1\n", "'C.store'"),
    ],
)
def test_the_state_check_finds(source: str, problem: str) -> None:
    assert any(problem in p for p in state_problems("m.py", ast.parse(source)))


def test_the_state_check_lets_be() -> None:
    source = (
        "TABLE = {'a': 1}\nTABLE['b'] = 2\n"  # filled once, as the module loads
        "def f(k):\n    TABLE = {}\n    TABLE[k] = 1\n    return TABLE\n"  # a local
        "def g(memo, k):\n    memo[k] = 1\n"
    )
    assert list(state_problems("m.py", ast.parse(source))) == []


# -- caches of a process: pure functions only ---------------------------------------------

PURE_CACHES: dict[str, str] = {
    "assemble.py: _init_fields": "a dataclass's fields, by the class (held, so no address reused)",
    "diff.py: _frozen_fields": "a dataclass's fields, by the class (held, so no address reused)",
    "markdown.py: _parser": "the configured parser, by its one option",
    "markdown.py: _direct_parser": "the same with the direct block rule, by the option",
    "markdown.py: _typographer": "markdown-it's typographer alone: no argument",
    "markdown.py: _typography_re": "what the typographer may change: no argument",
    "markdown.py: _light_tests": "the typography tests of the installed markdown-it: no argument",
    "markdown.py: _replacements": "markdown-it's replacements rule for one text: no argument",
    "markdown.py: _entity_names": "HTML's named character references, by character: no argument",
    "adapters.py: markdown_it_version": "the installed markdown-it's version: no argument",
    "dates.py: zone": "an IANA zone by its name",
    "iso3166.py: _name_index": "the country names' index, made of the module's constants",
    "cache.py: code_digest": (
        "sitegen's own source as this process found it: a process runs the code it "
        "imported, so a later edit of it is no reason to trust another cache"
    ),
}
"""Module-level functions whose results a process keeps (functools.cache, lru_cache), each
with why that is no state of a build: its result follows from its arguments (or from
constants) alone, whatever the site."""

CACHING = frozenset({"cache", "lru_cache"})


def cached_functions(filename: str, tree: ast.Module) -> Iterator[str]:
    """The module-level functions the module decorates with functools.cache or lru_cache
    (a function nested in another is cached per call of the outer one: state of whoever
    holds it, as make_linker's is the plan's)."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = (
                    target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                )
                if name in CACHING:
                    yield f"{filename}: {node.name}"


def copies(filename: str, tree: ast.Module) -> Iterator[str]:
    """Objects made without their __init__ by a copy (copy.copy, copy.deepcopy, a
    `__class__` assigned)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and ast.unparse(node.func) in {"copy.copy", "copy.deepcopy"}:
            yield f"{filename}:{node.lineno}: {ast.unparse(node.func)}"
        if isinstance(node, ast.ImportFrom) and node.module == "copy" and not node.level:
            yield f"{filename}:{node.lineno}: from copy import"
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute) and t.attr == "__class__" for t in targets):
                yield f"{filename}:{node.lineno}: __class__ assigned"


def _each_module(check: Callable[[str, ast.Module], Iterator[str]]) -> set[str]:
    found: set[str] = set()
    for name, tree in MODULES.items():
        found.update(check(name.removeprefix("sitegen.").replace(".", "/") + ".py", tree))
    return found


def test_every_process_cache_is_a_pure_function_said_so() -> None:
    assert _each_module(cached_functions) == PURE_CACHES.keys()


def test_no_object_is_made_by_a_copy() -> None:
    found = _each_module(copies)
    assert not found, "objects made without __init__:\n" + "\n".join(sorted(found))


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("import functools\n@functools.cache\ndef f(x): ...\n", ["m.py: f"]),
        ("from functools import lru_cache\n@lru_cache(maxsize=4)\ndef g(): ...\n", ["m.py: g"]),
        ("import functools\ndef f():\n    @functools.cache\n    def g(x): ...\n", []),
    ],
)
def test_the_cache_finder_finds(source: str, found: list[str]) -> None:
    assert list(cached_functions("m.py", ast.parse(source))) == found


@pytest.mark.parametrize(
    "source",
    [
        "import copy\ndef f(md):\n    return copy.copy(md)\n",
        "import copy\nx = copy.deepcopy([])\n",
        "from copy import copy\n",
        "def f(o, k):\n    o.__class__ = k\n",
    ],
)
def test_the_copy_check_finds(source: str) -> None:
    assert list(copies("m.py", ast.parse(source)))


# -- private names of libraries: in sitegen/adapters.py only ---------------------------------

UNDOCUMENTED_HOOKS = frozenset({"make_globals"})
"""Methods a library calls on itself that its documentation does not offer to override."""


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _root(node: ast.expr) -> ast.expr:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node


def private_uses(filename: str, tree: ast.Module) -> Iterator[str]:
    """Private names of PRIVATE_LIBRARIES the module uses: imported, read as attributes,
    overridden in a subclass, or named in a string (markdown-it's logger modules)."""
    bound: set[str] = set()  # local names for the libraries and what they export
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _private(alias.name.split(".")[0]):
                    yield f"{filename}: imports {alias.name}"
                elif alias.name.split(".")[0] in PRIVATE_LIBRARIES:
                    bound.add(alias.asname or alias.name.split(".")[0])
                    if any(map(_private, alias.name.split("."))):
                        yield f"{filename}: imports {alias.name}"
        elif isinstance(node, ast.ImportFrom) and not node.level:
            module = node.module or ""
            if _private(module.split(".")[0]):  # (a private module: the standard library's)
                yield f"{filename}: imports from {module}"
            if module.split(".")[0] not in PRIVATE_LIBRARIES:
                continue
            bound.update(alias.asname or alias.name for alias in node.names)
            names = [*module.split("."), *(alias.name for alias in node.names)]
            if any(map(_private, names)):
                yield f"{filename}: imports from {module}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and (
            _private(node.attr) or node.attr in {"__file__", "__path__"}
        ):
            root = _root(node)
            if isinstance(root, ast.Name) and root.id in bound:
                yield f"{filename}: uses {ast.unparse(node)}"
        if isinstance(node, ast.ClassDef) and any(
            isinstance(r := _root(base), ast.Name) and r.id in bound for base in node.bases
        ):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and (
                    _private(item.name) or item.name in UNDOCUMENTED_HOOKS
                ):
                    yield f"{filename}: overrides {node.name}.{item.name}"
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.split(".")[0] in PRIVATE_LIBRARIES
            and "." in node.value.strip(".")
            and not any(c.isspace() for c in node.value)  # (a dotted name, not a sentence)
        ):
            yield f"{filename}: names {node.value!r}"


def test_private_library_names_only_in_the_adapter_module() -> None:
    found = []
    for name, tree in MODULES.items():
        if name != "sitegen.adapters":
            found.extend(private_uses(name.removeprefix("sitegen.") + ".py", tree))
    assert not found, "private names outside sitegen/adapters.py:\n" + "\n".join(found)


def test_the_adapter_module_is_where_they_are() -> None:
    found = list(private_uses("adapters.py", MODULES["sitegen.adapters"]))
    assert any("_speedups" in f for f in found)
    assert any("_from_namespace" in f for f in found)
    assert any("make_globals" in f for f in found)
    assert any("markdown_it.rules_block." in f for f in found)
    assert any("livereload.__file__" in f for f in found)
    assert any("_blake2" in f for f in found)


@pytest.mark.parametrize(
    "source",
    [
        "from markupsafe._speedups import _escape_inner\n",
        "import jinja2\nx = jinja2.runtime._private\n",
        "from jinja2 import Template\nclass T(Template):\n    def _from_namespace(cls): ...\n",
        "import jinja2\nclass E(jinja2.Environment):\n    def make_globals(self, d): ...\n",
        "import logging\nlogging.getLogger('markdown_it.rules_block.code')\n",
        "import livereload\nfrom pathlib import Path\njs = Path(livereload.__file__).parent\n",
        "from PIL import Image\nencoder = Image._getencoder\n",
        "from _blake2 import blake2b\n",
        "import _json\n",
    ],
)
def test_the_private_name_check_finds(source: str) -> None:
    assert list(private_uses("m.py", ast.parse(source)))


def test_the_private_name_check_lets_public_names_be() -> None:
    source = (
        "import jinja2\nfrom markdown_it import MarkdownIt\n"
        "class E(jinja2.Environment):\n    def get_template(self, name): ...\n"
        "x = jinja2.StrictUndefined\nclass Mine:\n    def _own(self): ...\n"
    )
    assert list(private_uses("m.py", ast.parse(source))) == []


# -- each module's private names are its own --------------------------------------------------


def _sitegen_module(name: str, node: ast.ImportFrom) -> bool:
    return bool(node.level) or (node.module or "").split(".")[0] == "sitegen"


def foreign_private_uses(filename: str, tree: ast.Module) -> Iterator[str]:
    """Another sitegen module's private names that this module imports or reads
    (`from .load import _x`, `schema._y`): what one module offers another is public."""
    modules: set[str] = set()  # local names bound to sitegen modules (`from . import x`)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and _sitegen_module(filename, node):
            for alias in node.names:
                if _private(alias.name):
                    yield f"{filename}:{node.lineno}: imports {alias.name}"
                modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            modules.update(
                alias.asname or alias.name
                for alias in node.names
                if alias.name.startswith("sitegen")
            )
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and _private(node.attr)
        ):
            yield f"{filename}:{node.lineno}: uses {ast.unparse(node)}"


def test_no_module_uses_another_ones_private_names() -> None:
    found = []
    for name, tree in MODULES.items():
        found.extend(foreign_private_uses(name.removeprefix("sitegen.") + ".py", tree))
    assert not found, "private names used outside their module:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "source",
    [
        "from .load import _ignored\n",
        "from sitegen.load import _ignored\n",
        "from . import schema\nx = schema._slug\n",
        "def f():\n    from . import schema\n    return schema._origin(1)\n",
    ],
)
def test_the_foreign_private_check_finds(source: str) -> None:
    assert list(foreign_private_uses("m.py", ast.parse(source)))


def test_the_foreign_private_check_lets_be() -> None:
    source = (
        "from . import schema\nfrom .load import is_ignored_name as _quiet\n"
        "x = schema.origin_of\nclass A:\n    def f(self):\n        return self._own\n"
    )
    assert list(foreign_private_uses("m.py", ast.parse(source))) == []
