"""Every use of a private name of jinja2, markupsafe, markdown-it-py, PyYAML, `re`,
`dataclasses` and the standard library's `_blake2`, and of Pillow's and livereload's
package layout, in one place.

Each buys speed at 10,000 events by reaching past a library's public API; a release of
the library may change or remove what it relies on. tests/test_adapters.py fails when
one does (then fix it here, or drop the shortcut: each has a plain fallback), and
tests/test_architecture.py fails when another module touches such a name.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # (no stubs: re's own compiler; see "re")
import contextlib
import functools
import re
import sys
import types
from collections.abc import Callable, Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where used: the load imports this module (PyYAML's hooks)
    import jinja2  # and needs no Jinja, which a large build imports while workers parse

# -- hashlib ---------------------------------------------------------------------------------

try:  # the standard library's own BLAKE2, the function hashlib.blake2b is, without
    # hashlib's import: that loads OpenSSL (~10 M instructions), which the files hashed
    # before a first build's parse fork, and its parse worker, never use
    from _blake2 import blake2b as blake2b
except ImportError:  # pragma: no cover - (an interpreter without it)
    from hashlib import blake2b as blake2b


# -- re --------------------------------------------------------------------------------------
# The regular expressions that sitegen, Jinja and the standard library compile as their
# modules are imported, compiled ahead of time. `re` compiles a pattern in Python (its
# parser and code generator) the first time a process asks for it: a cold 100-event build
# compiled some 140 at its imports, ~55 M instructions of its main process, nearly all of
# it in the stretches no other core shares (before the parse's fork, and the renderer's
# imports beside the parse). What the compiler makes of a pattern is a list of integers,
# which `_sre.compile` turns into the pattern object in microseconds: tools/
# compile_patterns.py writes those lists into compiled_patterns.py, with the interpreter
# that made them, and sitegen's import puts a pattern object for each in `re`'s own cache
# under the key `re.compile` looks up (compiled_patterns_installed), so that compiling it
# again is a look-up. Another interpreter (another Python, another `re`) finds none of
# them (patterns_made_for), a pattern edited since misses its old entry and is compiled
# as before, and `re.purge()` empties the cache as ever: stale, never wrong
# (tests/test_compiled_patterns.py compares each with what `re` makes of it now).

Program = tuple[str | bytes, int, int, tuple[int, ...], int, tuple[tuple[str, int], ...]]
"""(pattern, the flags asked for, the flags compiled, the code, the number of groups, each
named group's name and number): what `_sre.compile` is given for one pattern."""


def patterns_made_for() -> tuple[object, ...]:
    """What a compiled pattern's code depends on beside the pattern and its flags: the
    interpreter (its `re` and its Unicode tables) and `_sre`'s format."""
    return (sys.implementation.name, sys.hexversion, _sre.MAGIC, _sre.CODESIZE, sys.maxunicode)


def compiled_patterns_installed() -> int:
    """The patterns of compiled_patterns.py put in `re`'s cache, where it is the dict it
    has been since Python 3.7 and has room for them; how many (0: none)."""
    try:
        from .compiled_patterns import MADE_FOR, PROGRAMS
    except ImportError:  # (a checkout without it: every pattern compiled as before)
        return 0
    cache = getattr(re, "_cache", None)
    room = getattr(re, "_MAXCACHE", 0) // 2
    if patterns_made_for() != MADE_FOR or not isinstance(cache, dict):
        return 0
    if len(cache) + len(PROGRAMS) > room:
        return 0
    for pattern, flags, final, code, groups, names in PROGRAMS:
        key = (type(pattern), pattern, flags)
        if key not in cache:
            by_number: list[str | None] = [None] * (groups + 1)
            for name, number in names:
                by_number[number] = name
            cache[key] = _sre.compile(
                pattern, final, list(code), groups, dict(names), tuple(by_number)
            )
    return len(PROGRAMS)


def pattern_program(pattern: str | bytes, flags: int) -> Program:
    """What `re` compiles `pattern` with `flags` to, as `re._compiler.compile` makes it
    (for tools/compile_patterns.py and the tests)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    names = tuple(parsed.state.groupdict.items())
    final = int(flags | parsed.state.flags)
    # (int(): the opcodes are ints with names, which repr writes as their names)
    return (pattern, flags, final, tuple(map(int, code)), parsed.state.groups - 1, names)


# -- markupsafe ------------------------------------------------------------------------------


def c_escaper() -> Callable[[str], str] | None:
    """markupsafe's C escaper of a plain str (what escape() itself calls once it has
    one, without making a Markup of the result), or None without it."""
    try:
        from markupsafe._speedups import _escape_inner
    except ImportError:  # a markupsafe without speedups, or a later one
        return None
    escaper: Callable[[str], str] = _escape_inner
    return escaper


# -- jinja2 ----------------------------------------------------------------------------------


def printing_template(
    printer: Callable[[Any], Any] | None, str_printer: Callable[[str], str] | None = None
) -> type[jinja2.Template]:
    """A template class whose printed values (`{{ x }}`) go through `printer` instead of
    markupsafe.escape (None: Jinja's own); and whose printed plain strings, in code that
    inline_getattr_generator(str_escape=True) compiled, through `str_printer` (a str's
    escaped text as a str).

    Compiled template code prints through its module-level name `escape` (imported from
    jinja2.runtime when the module ran), and that generator's through `escape_str` too;
    the template's blocks and macros share that namespace, which Jinja hands to the
    private classmethod _from_namespace."""
    import jinja2

    class PrintingTemplate(jinja2.Template):
        @classmethod
        def _from_namespace(
            cls,
            environment: jinja2.Environment,
            namespace: Any,
            globals: Any,
        ) -> jinja2.Template:
            if printer is not None:
                namespace["escape"] = printer
            if str_printer is not None:
                namespace["escape_str"] = str_printer
            return super()._from_namespace(environment, namespace, globals)

    return PrintingTemplate


def quick_call_context() -> type[jinja2.runtime.Context]:
    """A template context whose `quick_call` (what code compiled by
    inline_getattr_generator(quick_calls=True) calls a template's every `f(…)` through)
    and `call` (Jinja's, which the rest of compiled code calls) call a plain function or
    a built-in method straight away.

    Jinja's own call first asks the callable, and its `__call__`, whether it takes the
    context, the evaluation context or the environment (`pass_context` and the like, read
    from the attribute `jinja_pass_arg`): four attribute look-ups before each of the ~12
    calls of an event page (`absolute(…)`, `asset(…)`, `page.path.partition(…)`). A
    built-in method cannot carry that attribute, a function carries it in its
    `__dict__` and a bound method answers for its function; anything else, or a
    function that has it, goes through Jinja's call. And what a page's context holds of
    the globals (see _QuickCalls)."""
    from jinja2.runtime import Context

    class QuickCallContext(_QuickCalls, Context):
        pass

    return QuickCallContext


_FUNCTION, _BUILTIN, _METHOD = types.FunctionType, types.BuiltinFunctionType, types.MethodType


class _QuickCalls:
    """What quick_call_context's contexts add to Jinja's Context (a class of its own: this
    module does not import Jinja when loaded)."""

    environment: Any
    globals_keys: set[str]

    def __init__(
        self, environment: Any, parent: Any, name: Any, blocks: Any, globals: Any = None
    ) -> None:
        # a page's context over the environment's own globals (SharedGlobalsEnvironment)
        # holds no global an imported template lacks: not a set of their ~25 names per
        # page, subtracted from again at each of its 4 `{% from … import %}`
        shared = globals is not None and globals is environment.globals
        super().__init__(environment, parent, name, blocks, None if shared else globals)  # type: ignore[call-arg]
        if shared:  # (a frozenset where Jinja's is a set: Jinja only reads it)
            self.globals_keys = _NO_GLOBALS_OF_ITS_OWN  # type: ignore[assignment]

    def get_all(self) -> dict[str, Any]:
        """Jinja's get_all (an include's names): for a context whose `vars` and `parent`
        are one dict (page_context), a copy of it, not that dict merged over itself."""
        if self.vars is self.parent:  # type: ignore[attr-defined]
            return dict(self.vars)  # type: ignore[attr-defined]
        return super().get_all()  # type: ignore[misc, no-any-return]

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Jinja's call, as code compiled without quick_calls (and `{% call %}`) makes
        it: the compiled code's own keywords taken out, then quick_call."""
        loop_vars = kwargs.pop("_loop_vars", None)
        block_vars = kwargs.pop("_block_vars", None)
        return __self.quick_call(loop_vars, block_vars, __obj, *args, **kwargs)

    def quick_call(
        __self, __loop_vars: Any, __block_vars: Any, __obj: Any, *args: Any, **kwargs: Any
    ) -> Any:
        """call(), as inline_getattr_generator(quick_calls=True) writes a template's
        `f(…)`: a loop's and a block's variables (None where the call is in neither)
        passed before the callable, not as keywords (`_block_vars=_block_vars`, on
        every call in a block), whose dict cost a plain call more than the call."""
        kind = type(__obj)
        # (a function asked here, the most called: a call of _plain() less each time)
        if kind is _FUNCTION:
            if _PASS in __obj.__dict__:
                return __self._jinja_call(__loop_vars, __block_vars, __obj, args, kwargs)
        elif kind is _METHOD:  # (the build's once() and schema(): no call of _plain)
            func = __obj.__func__
            if (type(func) is not _FUNCTION or _PASS in func.__dict__) and not _plain(__obj, kind):
                return __self._jinja_call(__loop_vars, __block_vars, __obj, args, kwargs)
        elif kind is not _BUILTIN and not _plain(__obj, kind):
            return __self._jinja_call(__loop_vars, __block_vars, __obj, args, kwargs)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )

    def _jinja_call(self, loop_vars: Any, block_vars: Any, obj: Any, args: Any, kwargs: Any) -> Any:
        """Jinja's own call, with the variables as its compiled code passes them."""
        if loop_vars is not None:
            kwargs["_loop_vars"] = loop_vars
        if block_vars is not None:
            kwargs["_block_vars"] = block_vars
        return super().call(obj, *args, **kwargs)  # type: ignore[misc]


def _plain(obj: Any, kind: type) -> bool:
    """Whether Jinja's call would call `obj` as it is."""
    if kind is types.MethodType:  # (a bound method answers for its function)
        obj = obj.__func__
        kind = type(obj)
    return kind is _BUILTIN or (kind is _FUNCTION and _PASS not in obj.__dict__)


class _GlobalsOfItsOwn(frozenset[str]):
    """A context's globals_keys, as Jinja's Template._get_default_module subtracts an
    imported template's globals from them (`ctx.globals_keys - template.globals.keys()`)
    to find those the import must be given. Where the context's globals are the
    environment's own dict, which every template of a SharedGlobalsEnvironment has (or
    one in front of it), none: empty, without making a set of the dict's keys."""

    def __sub__(self, other: Any) -> frozenset[str]:
        return self


_NO_GLOBALS_OF_ITS_OWN = _GlobalsOfItsOwn()


_PASS = "jinja_pass_arg"
"""The attribute by which Jinja's pass_context and the like mark a callable."""


# Jinja writes every `x.name` as a call of `environment.getattr(x, 'name')`, a Python
# function that tries `getattr(x, 'name')`, then `x['name']`, then makes an undefined:
# ~80 on an event page, a tenth of its render. Python's getattr with a default catches
# exactly the AttributeError that Jinja's first try does (an undefined value's
# UndefinedError goes through either way); what it does not find, Jinja's own looks
# for again, so the value is the same in every case. Overrides visit_Getattr and
# blockvisit, written through the generator's private write/visit and wrapped as Jinja
# wraps its own (optimizeconst).
#
# quick_calls: `f(…)` is written `context.quick_call(_loop_vars, _block_vars, f, …)`
# (see quick_call_context, whose contexts alone have it), not Jinja's
# `context.call(f, …, _block_vars=_block_vars)`: a call's keywords are a dict made on
# every call, ~17 calls an event page. A call with `caller` (`{% call %}`) is Jinja's.
#
# str_escape: a printed value (`{{ x }}`, autoescaped) is written
# `(escape_str(t) if type(t := x) is str else escape(t))`: a plain str, most of what a
# page prints (~50 values an event page), escaped by a C call without the Python call
# of `escape` (escaping.escape_output) around it; anything else as before. Only for a
# template class that gives its code the name `escape_str` (printing_template).
def inline_getattr_generator(
    quick_calls: bool = False, str_escape: bool = False
) -> type[jinja2.compiler.CodeGenerator]:
    """A code generator whose compiled `x.name` asks Python's getattr first, inline;
    whose text and values printed one after another are yielded as one string
    (_write_runs); with quick_calls, whose calls go through quick_call; with str_escape,
    whose printed plain strings are escaped by a C call (see the comment above)."""
    from jinja2.compiler import CodeGenerator, optimizeconst

    class InlineGetattrGenerator(_FewerSteps, CodeGenerator):
        _printed: list[str | None]
        """The temporaries of the values being printed (str_escape), innermost last."""

        @optimizeconst
        def visit_Getattr(self, node: Any, frame: Any) -> None:
            if self.environment.is_async:
                return super().visit_Getattr(node, frame)
            obj, found = self.temporary_identifier(), self.temporary_identifier()
            self.write(f"({found} if ({found} := getattr(({obj} := ")
            self.visit(node.node, frame)
            self.write(f"), {node.attr!r}, missing)) is not missing")
            self.write(f" else environment.getattr({obj}, {node.attr!r}))")

        def blockvisit(self, nodes: Any, frame: Any) -> None:
            if frame.buffer is not None or frame.require_output_check:
                return super().blockvisit(nodes, frame)
            _write_runs(self, nodes, frame)

        @optimizeconst
        def visit_Call(self, node: Any, frame: Any, forward_caller: bool = False) -> None:
            env = self.environment
            if not quick_calls or forward_caller or env.is_async or env.sandboxed:
                return super().visit_Call(node, frame, forward_caller=forward_caller)
            loop_vars = "_loop_vars" if frame.loop_frame else "None"
            block_vars = "_block_vars" if frame.block_frame else "None"
            self.write(f"context.quick_call({loop_vars}, {block_vars}, ")
            self.visit(node.node, frame)
            self.signature(node, frame)
            self.write(")")

        def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
            held = self.__dict__.setdefault("_printed", [])
            ctx = frame.eval_ctx
            if not str_escape or ctx.volatile or not ctx.autoescape or finalize.src is not None:
                held.append(None)
                return super()._output_child_pre(node, frame, finalize)
            value = self.temporary_identifier()
            held.append(value)
            self.write(f"(escape_str({value}) if type({value} := ")

        def _output_child_post(self, node: Any, frame: Any, finalize: Any) -> None:
            value = self._printed.pop()
            if value is None:
                return super()._output_child_post(node, frame, finalize)
            self.write(f") is str else escape({value}))")

    return InlineGetattrGenerator


class _FewerSteps:
    """What inline_getattr_generator's code generator writes with fewer steps than
    Jinja's own, each the same in effect: a `{% from … import … %}`
    (_write_from_import), a `{% set %}…{% endset %}` capture (_write_assign_block) and
    `name is defined` (_plain_defined_test). (A class of its own: this module does not
    import Jinja when loaded.)"""

    environment: Any
    tests: dict[str, str]
    write: Callable[[str], None]  # (annotations alone: Jinja's CodeGenerator has them)

    def visit_FromImport(self, node: Any, frame: Any) -> None:
        env = self.environment
        if node.with_context or env.is_async or not hasattr(env, "imported"):
            return super().visit_FromImport(node, frame)  # type: ignore[misc, no-any-return]
        _write_from_import(self, node, frame)

    def visit_AssignBlock(self, node: Any, frame: Any) -> None:
        if node.filter is not None or self.environment.is_async:
            return super().visit_AssignBlock(node, frame)  # type: ignore[misc, no-any-return]
        _write_assign_block(self, node, frame)

    def visit_Test(self, node: Any, frame: Any) -> None:
        # (Jinja's own is wrapped in optimizeconst, which folds a constant test: a name
        # is none, and anything else goes to it)
        if not _plain_defined_test(self.environment, node):
            return super().visit_Test(node, frame)  # type: ignore[misc, no-any-return]
        # `x is defined`: no undefined made (and tested) for a name the page lacks
        ref = frame.symbols.ref(node.node.name)
        self.write(f"({ref} is not missing and {self.tests[node.name]}({ref}))")


def _plain_defined_test(env: Any, node: Any) -> bool:
    """Whether `node` is `name is defined`, the test Jinja's own (`not isinstance(value,
    Undefined)`): written `(l is not missing and test(l))`, it is False for a name the
    context lacks without the undefined value Jinja's code makes of it first (a Python
    call each: `timelines is defined`, three an event page of a site without timelines)."""
    from jinja2 import nodes
    from jinja2.tests import test_defined

    return (
        node.name == "defined"
        and not env.is_async
        and type(node.node) is nodes.Name
        and node.node.ctx == "load"
        and not (node.args or node.kwargs or node.dyn_args or node.dyn_kwargs)
        and env.tests.get("defined") is test_defined
    )


def _write_assign_block(gen: Any, node: Any, frame: Any) -> None:
    """`{% set x %}…{% endset %}` (without a filter) as Jinja's visit_AssignBlock writes
    it, but its captured text made a Markup by `str.__new__(Markup, text)`, not by
    Markup's Python __new__, which asks the text (a str: concat's) for __html__ first:
    base.html's title and description on every page."""
    gen.push_assign_tracking()
    block_frame = frame.inner()
    block_frame.require_output_check = False  # (as Jinja's: a set block always captures)
    block_frame.symbols.analyze_node(node)
    gen.enter_frame(block_frame)
    gen.buffer(block_frame)
    gen.blockvisit(node.body, block_frame)
    gen.newline(node)
    gen.visit(node.target, frame)
    text = f"concat({block_frame.buffer})"
    gen.write(f" = (str.__new__(Markup, {text}) if context.eval_ctx.autoescape else {text})")
    gen.pop_assign_tracking(frame)
    gen.leave_frame(block_frame)


def _write_from_import(gen: Any, node: Any, frame: Any) -> None:
    """`{% from "x.html" import a, b as c %}` (without context) as Jinja writes it, but
    its names read by one call of the environment's `imported` (see render._Environment),
    which keeps them for the build: Jinja's code asked for the template, its module and
    each name on every page (4 imports an event page). The names set at the top level
    are then set and un-exported as Jinja's own code does."""
    names, refs, var_names = [], [], []
    for name in node.names:
        name, alias = name if isinstance(name, tuple) else (name, name)
        names.append(name)
        refs.append(frame.symbols.ref(alias))
        if frame.toplevel:
            var_names.append(alias)
    gen.newline(node)
    gen.write(f"{', '.join(refs)}, = environment.imported(context, ")
    gen.visit(node.template, frame)
    gen.write(f", {gen.name!r}, {tuple(names)!r}, {gen.position(node)!r})")
    if var_names:
        items = ", ".join(f"{n!r}: {frame.symbols.ref(n)}" for n in var_names)
        gen.writeline(f"context.vars.update({{{items}}})")
    discarded = tuple(n for n in var_names if not n.startswith("_"))
    if discarded:
        gen.writeline(f"context.exported_vars.difference_update({discarded!r})")


def _write_runs(gen: Any, nodes: Any, frame: Any) -> None:
    """A template's statements as Jinja's blockvisit writes them, but for each run of
    printing ones (`text{{ a }}text{% if c %}<i>{{ b }}</i>{% endif %}`): one
    `yield "".join((…, ("<i>…" if c else ""), …))` where Jinja yields each piece. A
    yield passes up through every template of the page's chain (a block, its template's
    root, the root it extends): ~110 of them for an event page's main block. The pieces
    are those Jinja's own code prints (each escaped or made a str, constants joined at
    compile time), evaluated in their order (an `if`'s test before its branch's pieces),
    one a line as Jinja writes them into a buffer (an error's line is the piece's).
    `gen`: the code generator; where it writes into a buffer, Jinja's code is kept."""
    from jinja2.compiler import CompilerExit

    try:
        gen.writeline("pass")
        for run in _runs(nodes):
            if isinstance(run, list):
                gen.writeline('yield "".join((')
                _write_pieces(gen, run, frame)
                gen.writeline("))")
            else:
                gen.visit(run, frame)
    except CompilerExit:  # (as Jinja's blockvisit)
        pass


def _write_pieces(gen: Any, nodes: list[Any], frame: Any) -> None:
    """Each piece that `nodes` (Output and printing If nodes) print, a line each."""
    from jinja2.nodes import If

    finalize = gen._make_finalize()
    gen.indent()
    for node in nodes:
        if isinstance(node, If):
            _write_chosen(gen, node, frame.soft())  # (a soft frame: as Jinja's visit_If)
            continue
        for item in _output_body(gen, node, frame, finalize):
            if isinstance(item, list):
                gen.writeline(gen._output_const_repr(item) + ",")
                continue
            gen.newline(item)
            gen._output_child_pre(item, frame, finalize)
            gen.visit(item, frame)
            gen._output_child_post(item, frame, finalize)
            gen.write(",")
    gen.outdent()


def _write_chosen(gen: Any, node: Any, frame: Any) -> None:
    """An If of printing nodes as one piece: `(… if test else …)`, each test evaluated
    before its branch's pieces, as in Jinja's `if`."""
    branches = [(node.test, node.body)] + [(e.test, e.body) for e in node.elif_]
    for test, body in branches:
        _write_branch(gen, body, frame, "(")
        gen.writeline(" if ", test)
        gen.visit(test, frame)
        gen.write(" else ")
    if node.else_:
        _write_branch(gen, node.else_, frame, "")
    else:
        gen.write('""')
    gen.write(")" * len(branches) + ",")


def _write_branch(gen: Any, body: list[Any], frame: Any, opening: str) -> None:
    """A branch's pieces joined, or its text alone where it prints only text."""
    from jinja2.nodes import Output

    if len(body) == 1 and isinstance(body[0], Output):
        printed = _output_body(gen, body[0], frame, gen._make_finalize())
        if len(printed) == 1 and isinstance(printed[0], list):
            gen.writeline(opening + gen._output_const_repr(printed[0]))
            return
    gen.writeline(opening + '"".join((')
    _write_pieces(gen, body, frame)
    gen.writeline("))")


def _output_body(gen: Any, node: Any, frame: Any, finalize: Any) -> list[Any]:
    """What Jinja's visit_Output prints, as it groups it: runs of constants, each a list,
    and the expressions between them (its loop, as written there)."""
    from jinja2.nodes import Impossible, TemplateData

    body: list[Any] = []
    for child in node.nodes:
        try:
            if not (finalize.const or isinstance(child, TemplateData)):
                raise Impossible()
            const = gen._output_child_to_const(child, frame, finalize)
        except Exception:  # (Impossible among them, as in Jinja)
            body.append(child)
            continue
        if body and isinstance(body[-1], list):
            body[-1].append(const)
        else:
            body.append([const])
    return body


def _printing(node: Any) -> bool:
    """Whether a node prints and does nothing else: an Output, or an If whose every branch
    holds only such nodes."""
    from jinja2.nodes import If, Output

    if isinstance(node, Output):
        return True
    if not isinstance(node, If):
        return False
    branches = [node.body, node.else_] + [e.body for e in node.elif_]
    return all(_printing(n) for branch in branches for n in branch)


def _runs(nodes: Any) -> Iterator[Any]:
    """The nodes, each run of two or more printing ones (or one Output of more than one
    piece) as a list: what one yield prints."""
    from jinja2.nodes import Output

    run: list[Any] = []
    for node in [*nodes, None]:
        if node is not None and _printing(node):
            run.append(node)
            continue
        if len(run) > 1 or (run and isinstance(run[0], Output) and _pieces(run[0]) > 1):
            yield run
        else:
            yield from run
        run = []
        if node is not None:
            yield node


def _pieces(node: Any) -> int:
    """How many pieces an Output node prints, at least: its expressions and its runs of
    text between them (Jinja joins those at compile time)."""
    from jinja2.nodes import TemplateData

    count, text = 0, False
    for child in node.nodes:
        plain = isinstance(child, TemplateData)
        count += not (plain and text)
        text = plain
    return count


def _page_names() -> type[dict[str, Any]]:
    from jinja2.utils import missing

    class PageNames(dict[str, Any]):
        """A page's names (the template's globals and the page's values) as page_context
        gives them to its template: a name it lacks reads as Jinja's `missing`."""

        __slots__ = ()

        def __missing__(self, key: str) -> Any:
            return missing

    globals()["PageNames"] = PageNames
    return PageNames


def page_context(template: jinja2.Template, names: PageNames) -> jinja2.runtime.Context:
    """`template.new_context(names, shared=True)`, whose names are looked up by a dict's
    own C method: every name a block of compiled code reads goes through the context's
    `resolve_or_missing` (`resolve = context.resolve_or_missing`, then `resolve('site')`
    ...), a Python method that looks in the context's `vars`, then in its `parent`: ~70
    an event page, each a Python call. Here `names` (the page's own dict, made for this
    render and read by nothing else) is both: what the template's code sets at its top
    level (`context.vars[...] = `) goes into it, over the value of that name it held, as
    `vars` is read before `parent`; and `resolve_or_missing` is its `__getitem__`, whose
    miss is PageNames' `missing`. Jinja's `get_all` merges `vars` over `parent`: a copy
    of the one dict, the same names and values."""
    context = template.new_context(names, shared=True)
    if type(names) is PageNames and context.parent is names and not context.vars:
        context.vars = names
        context.resolve_or_missing = names.__getitem__  # type: ignore[method-assign, assignment]
    return context


if TYPE_CHECKING:
    SharedGlobalsEnvironment = jinja2.Environment
    """(What the type checker sees: the class itself is made by __getattr__.)"""
    PageNames = dict[str, Any]


def __getattr__(name: str) -> Any:
    """SharedGlobalsEnvironment and PageNames, made when first asked for: Jinja is
    imported by the renderer, not by the load, which imports this module for PyYAML's
    hooks (see the note on jinja2's import above)."""
    if name == "PageNames":
        return _page_names()
    if name != "SharedGlobalsEnvironment":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import jinja2

    class SharedGlobalsEnvironment(jinja2.Environment):
        """Templates see the environment's own globals dict, not a ChainMap in front of it.

        Jinja gives each template a ChainMap(its own globals, the environment's) through
        the undocumented make_globals, so that get_template(name, globals=...) cannot
        change what other templates see. sitegen never passes template globals; and
        every page's context copies the template's globals, and every `{% from ...
        import %}` subtracts their keys: through a ChainMap that was 5% of rendering an
        event page."""

        def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
            if d:
                return super().make_globals(d)
            return self.globals

    globals()[name] = SharedGlobalsEnvironment
    return SharedGlobalsEnvironment


# -- markdown-it-py --------------------------------------------------------------------------


class _Quiet:
    """Stands in for the loggers of markdown-it's block rules while nobody listens."""

    debug = "".format
    """Takes any arguments and does nothing with them, without a Python call's cost."""


BLOCK_RULES = "markdown_it.rules_block."
"""The modules whose LOGGER quiet_block_rules replaces."""


def quiet_block_rules() -> int:
    """Each of markdown-it's block rules logs at debug level on entry: ~55 calls to
    logging per body, 8 % of parsing it, for messages no one reads. Left alone when
    markdown-it's debug logging is on. Returns how many loggers it quieted."""
    import logging  # (here: records imports this module, and a no-change build no logging)

    if logging.getLogger("markdown_it").isEnabledFor(logging.DEBUG):
        return 0
    quieted = 0
    for name, module in list(sys.modules.items()):
        if name.startswith(BLOCK_RULES) and isinstance(
            getattr(module, "LOGGER", None), logging.Logger
        ):
            module.LOGGER = _Quiet()  # type: ignore[attr-defined]
            quieted += 1
    return quieted


MARKDOWN_IT_TRIED = ("4.3.0",)
"""The markdown-it-py versions whose patterns are _KNOWN_TYPOGRAPHY's and whose output
markdown.light_made makes without it (tests/test_markdown.py and tests/test_adapters.py
hold both to the installed one, and skip, saying so, for a version not listed here:
builds then parse every body with markdown-it)."""


@functools.cache
def markdown_it_version() -> str | None:
    """The installed markdown-it-py's version, read from its package's `__init__.py`
    without importing it (importing it, with `logging` and `html`'s entities, is 15 ms
    of a small build's start that a build of plain bodies need not pay); None where it
    is not written there as 4.3.0 writes it."""
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("markdown_it")
    if spec is None or spec.origin is None:
        return None
    try:
        text = Path(spec.origin).read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return None
    written = re.search(r'^__version__ = "([^"\n]+)"$', text, re.MULTILINE)
    return written.group(1) if written else None


def markdown_it_tried() -> bool:
    """Whether the installed markdown-it-py is one of MARKDOWN_IT_TRIED."""
    return markdown_it_version() in MARKDOWN_IT_TRIED


def replacement_tests() -> tuple[str, ...]:
    """The patterns by which markdown-it's `replacements` rule decides whether a text has
    anything to replace (its RARE_RE and SCOPED_ABBR_RE), so that markdown.smarten skips
    the typographer for text it would leave as it is; () where they are gone (then
    smarten runs the typographer on every text that may need it). For a version of
    markdown-it in MARKDOWN_IT_TRIED, the known ones, without importing it."""
    if markdown_it_tried():
        return (_KNOWN_TYPOGRAPHY["RARE_RE"], _KNOWN_TYPOGRAPHY["SCOPED_ABBR_RE"])
    try:
        from markdown_it.rules_core.replacements import RARE_RE, SCOPED_ABBR_RE
    except ImportError:  # a later markdown-it
        return ()
    return (RARE_RE.pattern, SCOPED_ABBR_RE.pattern)


_KNOWN_TYPOGRAPHY = {
    "QUOTE_RE": r"['\"]",
    "RARE_RE": r"\+-|\.\.|\?\?\?\?|!!!!|,,|--",
    "SCOPED_ABBR_RE": r"\((c|tm|r)\)",
}
"""The patterns of markdown-it's typographer rules that typography_tests stands in for."""


RARE_LITERALS = ("--", "..", ",,", "+-", "????", "!!!!")
"""The strings RARE_RE matches, one of its alternatives each (in _KNOWN_TYPOGRAPHY)."""

_KNOWN_REPLACEMENTS = (
    ("PLUS_MINUS_RE", r"\+-", 0, "\u00b1"),
    ("ELLIPSIS_RE", r"\.{2,}", 0, "\u2026"),
    ("ELLIPSIS_QUESTION_EXCLAMATION_RE", "([?!])\u2026", 0, "\\1.."),
    ("QUESTION_EXCLAMATION_RE", r"([?!]){4,}", 0, "\\1\\1\\1"),
    ("COMMA_RE", r",{2,}", 0, ","),
    ("EM_DASH_RE", r"(^|[^-])---(?=[^-]|$)", re.MULTILINE, "\\1\u2014"),
    ("EN_DASH_RE", r"(^|\s)--(?=\s|$)", re.MULTILINE, "\\1\u2013"),
    ("EN_DASH_INDENT_RE", r"(^|[^-\s])--(?=[^-\s]|$)", re.MULTILINE, "\\1\u2013"),
)
"""markdown-it's replace_rare, one (name, pattern, flags, replacement) for each of its
substitutions in the order it makes them (tests/test_adapters.py holds them to the
installed markdown-it's module and rule)."""
_SCOPED_ABBR = {"c": "\u00a9", "r": "\u00ae", "tm": "\u2122"}


def known_replacements() -> Callable[[str], str]:
    """markdown-it's `replacements` rule for one text token (replace_scoped, then
    replace_rare: _KNOWN_REPLACEMENTS), for a markdown-it in MARKDOWN_IT_TRIED: what
    markdown.light_made writes of a paragraph's text where the typographer changes it,
    without importing markdown-it."""
    scoped = re.compile(_KNOWN_TYPOGRAPHY["SCOPED_ABBR_RE"], re.IGNORECASE)
    rare = re.compile(_KNOWN_TYPOGRAPHY["RARE_RE"]).search
    subs = [(re.compile(pattern, flags).sub, to) for _, pattern, flags, to in _KNOWN_REPLACEMENTS]

    def abbreviation(m: re.Match[str]) -> str:
        return _SCOPED_ABBR[m.group(1).lower()]

    def replaced(text: str) -> str:
        if "(" in text:
            text = scoped.sub(abbreviation, text)
        if rare(text):
            for sub, to in subs:
                text = sub(to, text)
        return text

    return replaced


def typography_tests() -> tuple[Callable[[str], bool], Callable[[str], bool]] | None:
    """Two quick tests of a Markdown source, each true where markdown-it's `smartquotes`
    (then `replacements`) rule may change some of its text, false only where that rule
    would leave every paragraph as it is: each rule tests each paragraph's text with a
    regular expression (its QUOTE_RE; its RARE_RE and SCOPED_ABBR_RE), character by
    character, about a tenth of parsing a body that has nothing for them; a plain
    string is looked for in the whole source at C speed. None where the rules' patterns
    are not the ones known here (then both rules run on every body, as they would)."""
    try:
        from markdown_it.rules_core.replacements import RARE_RE, SCOPED_ABBR_RE
        from markdown_it.rules_core.smartquotes import QUOTE_RE
    except ImportError:  # a later markdown-it
        return None
    found = {
        "QUOTE_RE": QUOTE_RE.pattern,
        "RARE_RE": RARE_RE.pattern,
        "SCOPED_ABBR_RE": SCOPED_ABBR_RE.pattern,
    }
    if found != _KNOWN_TYPOGRAPHY or not SCOPED_ABBR_RE.flags & re.IGNORECASE:
        return None
    return known_typography_tests()


def known_typography_tests() -> tuple[Callable[[str], bool], Callable[[str], bool]]:
    """typography_tests' two tests for the patterns of _KNOWN_TYPOGRAPHY (which
    typography_tests checks are markdown-it's, and markdown.light_made trusts are for a
    version in MARKDOWN_IT_TRIED)."""
    scoped = re.compile(_KNOWN_TYPOGRAPHY["SCOPED_ABBR_RE"], re.IGNORECASE)
    # what RARE_RE matches, each a plain string looked for by a regular expression of
    # it alone: re finds a literal by its first character, up to 17 times faster than
    # `in` a string of two or more in CPython 3.11 (and RARE_RE itself, by no first
    # character, as slow as the six `in`): 82 -> 14 us a body
    dashes, dots, commas, plus_minus, questions, bangs = (
        re.compile(re.escape(literal)).search for literal in RARE_LITERALS
    )

    def has_quote(text: str) -> bool:
        return "'" in text or '"' in text

    def has_replacement(text: str) -> bool:
        if "(" in text and scoped.search(text):
            return True
        return bool(
            dashes(text)
            or dots(text)
            or commas(text)
            or ("+" in text and plus_minus(text))
            or ("?" in text and questions(text))
            or ("!" in text and bangs(text))
        )

    return has_quote, has_replacement


SPECIAL_TEXT_STARTS = {"escape": "\\", "entity": "&"}
"""The inline rules of markdown-it that make `text_special` tokens, and the character
each starts at (tests/test_adapters.py fails when another rule makes them)."""


def special_text_test() -> Callable[[str], bool] | None:
    """A quick test of a Markdown source, false only where markdown-it's `text_join` rule
    would change nothing the HTML or the plain text shows: it turns each `text_special`
    token (a backslash escape, an entity) into a text token, which no body without a
    backslash or an `&` has, and joins neighbouring text tokens, which both read as one
    anyway (it runs after the typographer). None where markdown-it has no such rule."""
    try:
        from markdown_it.rules_core import text_join  # noqa: F401
    except ImportError:  # a later markdown-it
        return None
    escape, entity = SPECIAL_TEXT_STARTS.values()

    def has_special(text: str) -> bool:
        return escape in text or entity in text

    return has_special


SECOND_PASS = ("balance_pairs", "strikethrough", "emphasis", "fragments_join")
"""markdown-it's second inline pass, run on each paragraph once its inline rules are done."""
DELIMITER_MAKERS = {"emphasis": "*_", "strikethrough": "~"}
"""The inline rules of markdown-it that make delimiters (`state.delimiters`), and the
characters each starts at."""


def second_pass_test(names: list[str]) -> Callable[[str], bool] | None:
    """A quick test of a paragraph's source, false only where markdown-it's second inline
    pass (`names`, its ruler2's active rules) would change nothing: the first three pair
    and turn the delimiters the emphasis and strikethrough rules made, which no paragraph
    without a `*`, `_` or `~` has, and `fragments_join` joins neighbouring text tokens and
    sets each token's level as the inline rules' pushes set it. Without delimiters a text
    token is made by flushing pending text, when another token is pushed or at the end,
    so no two are neighbours; but sitegen's citation rule turns a soft break before a
    citation into text (markdown._glue_to_word_before), hence a line break runs it too.
    None where the pass is not these rules (a later markdown-it)."""
    if names != list(SECOND_PASS):
        return None

    def has_delimiters(text: str) -> bool:
        # (DELIMITER_MAKERS' characters and a line break, each looked for alone: fast)
        return "*" in text or "_" in text or "~" in text or "\n" in text

    return has_delimiters


INLINE_RULE_STARTS = {
    "text": "",
    "newline": "\n",
    "escape": "\\",
    "backticks": "`",
    "strikethrough": "~",
    "emphasis": "*_",
    "link": "[",
    "image": "![",
    "autolink": "<",
    "html_inline": "<",
    "entity": "&",
}
"""markdown-it's inline rules that sitegen's parser runs after its own (`sitegen_refs`), in
their order, and where each can start: at one of its characters (`image` at a `!` before a
`[`). `text` takes what none of the others starts at, so it makes no token of its own."""
OTHER_INLINE_START = "\\`~<&"
"""Where any of INLINE_RULE_STARTS can start but `text`, `link` (at a `[`), `emphasis`
(which markdown._plain_children reads where it can, as markdown-it does), `newline`
(read there too) and `image` (at a `!` before a `[`, looked for apart)."""


def plain_inline_test(names: list[str]) -> Callable[[str], bool] | None:
    """A quick test of a paragraph's inline source, true only where no inline rule of
    markdown-it's (`names`, the parser's active rules after sitegen's `sitegen_refs`) can
    start but `text`, `link` (at a `[`, which sitegen's rule takes first where it starts
    a reference) and `emphasis`: without them markdown-it pushes each stretch of
    text between two references as one text token. None where the rules are not these."""
    if names != list(INLINE_RULE_STARTS):
        return None
    backslash, backtick, tilde, lt, amp = tuple(OTHER_INLINE_START)

    def plain(text: str) -> bool:
        # each character looked for apart (memchr): a regular expression's class of
        # them is tried at every character, ~40 times as many instructions a paragraph
        return not (
            backslash in text
            or backtick in text
            or tilde in text
            or lt in text
            or amp in text
            or "![" in text
        )

    return plain


# -- PyYAML ----------------------------------------------------------------------------------


def quiet_path_resolvers(loader: type) -> bool:
    """PyYAML's parser calls its loader's descend_resolver and ascend_resolver on entering
    and leaving each node, for path resolvers (add_path_resolver, undocumented and
    experimental); a loader class that has none gets, in their place, a C callable that
    takes any arguments and does nothing, instead of two Python calls a node (2 % of
    reading front matter). Returns whether it did: not for a loader with path
    resolvers, nor where PyYAML no longer has these hooks."""
    hooks = ("descend_resolver", "ascend_resolver")
    if getattr(loader, "yaml_path_resolvers", None) or not all(
        callable(getattr(loader, hook, None)) for hook in hooks
    ):
        return False
    for hook in hooks:
        setattr(loader, hook, "".format)
    return True


YAML_NON_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
"""The pattern that PyYAML's pure-Python reader (`yaml.reader.Reader.NON_PRINTABLE`)
compiles when PyYAML is imported: a class of a million code points, 57 M instructions
(~8 ms, 3.5 % of a 100-event build's) that the C loader sitegen reads with never uses."""
NON_PRINTABLE_LISTED = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
"""The 2,111 code points YAML_NON_PRINTABLE matches, listed instead of left out: the same
matches, compiled in a twentieth of the time (tests/test_adapters.py compares them)."""


@contextlib.contextmanager
def yaml_reader_pattern_listed() -> Iterator[None]:
    """While PyYAML is imported in it: `re.compile(YAML_NON_PRINTABLE)` gives
    NON_PRINTABLE_LISTED compiled, planted in `re`'s private cache, and taken out of it
    after, so that only the reader's class attribute holds it. Does nothing when PyYAML
    is imported already or `re` keeps no such cache."""
    cache = getattr(re, "_cache", None)
    key = (str, YAML_NON_PRINTABLE, 0)
    if "yaml" in sys.modules or not isinstance(cache, dict) or key in cache:
        yield
        return
    listed = re.compile(NON_PRINTABLE_LISTED)
    cache[key] = listed
    try:
        yield
    finally:
        for held in (cache, getattr(re, "_cache2", None)):  # (3.12 keeps a second one)
            if isinstance(held, dict) and held.get(key) is listed:
                del held[key]


# -- dataclasses -----------------------------------------------------------------------------


def _frozen_attribute_methods(
    cls: type, fields: list[Any], globals: Any
) -> tuple[Callable[..., None], Callable[..., None]]:
    """What `dataclasses._frozen_get_del_attr` makes for a frozen class, made as closures:
    the same test (the class itself, or one of its fields), the same error and message,
    and the same call of the next class's method otherwise. `dataclasses` compiles each
    from source text, 0.7 M instructions a method: 60 M (4 %) of a cold 100-event build
    for sitegen's 43 frozen classes."""
    from dataclasses import FrozenInstanceError

    names = tuple(f.name for f in fields)

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)  # type: ignore[arg-type]

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)  # type: ignore[arg-type]

    return __setattr__, __delattr__


_frozen_attribute_methods.swapped_by_sitegen = True  # type: ignore[attr-defined]
"""(What _maker tells from dataclasses' own, swapped in by another thread meanwhile.)"""

FROZEN_MAKER = ("cls", "fields", "globals")
"""The arguments of the `dataclasses._frozen_get_del_attr` that returns the two methods
(Python 3.11 and 3.12; 3.13 adds them to a builder instead, and is left alone)."""

INIT_MAKER = (
    *("fields", "std_fields", "kw_only_fields", "frozen", "has_post_init", "self_name"),
    *("globals", "slots"),
)
"""The arguments of the `dataclasses._init_fn` that returns a class's `__init__` (3.11 and
3.12), compiled from source text: 0.3-1.5 M instructions a class, by its fields."""


def _maker(module: Any, name: str, arguments: tuple[str, ...]) -> Any:
    """`module.name` where it is the function of these arguments that sitegen knows (not
    one swapped in by another thread making a class now), else None."""
    maker = getattr(module, name, None)
    code = getattr(maker, "__code__", None)
    if code is None or getattr(maker, "swapped_by_sitegen", False):
        return None
    return maker if code.co_varnames[: code.co_argcount] == arguments else None


def _init_when_first_called(make: Callable[..., Any]) -> Callable[..., Any]:
    """A stand-in for `dataclasses._init_fn` (`make`): the `__init__` it returns makes the
    class's own with `make` when the class is first instantiated, puts it in the class in
    its place and calls it. A class that a build never makes an object of (17 of 68 in a
    cold 100-event build: the errors', the corrections', the eras'...) has nothing
    compiled; a class that it does compiles its `__init__` once, as before."""

    from dataclasses import MISSING  # (here: sitegen's import imports this module)

    def lazily(*arguments: Any) -> Callable[..., None]:
        seen_default = False  # what make refuses as it is called: refused as before
        for field in arguments[1]:
            if not field.init:
                continue
            if field.default is not MISSING or field.default_factory is not MISSING:
                seen_default = True
            elif seen_default:
                raise TypeError(f"non-default argument {field.name!r} follows default argument")

        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            made = make(*arguments)
            made.__qualname__ = __init__.__qualname__
            for owner in type(self).__mro__:  # (a subclass's object may come first)
                if owner.__dict__.get("__init__") is __init__:
                    type.__setattr__(owner, "__init__", made)
                    break
            made(self, *args, **kwargs)

        return __init__

    lazily.swapped_by_sitegen = True  # type: ignore[attr-defined]
    return lazily


def made_dataclass(cls: type, options: dict[str, Any]) -> type:
    """`dataclasses.dataclass(cls, **options)`, but that a frozen class's `__setattr__` and
    `__delattr__` are closures (_frozen_attribute_methods) and that `__init__` is compiled
    when the class is first instantiated (_init_when_first_called), not at import. Each
    maker is swapped in for this one call and put back; one that is not the function
    sitegen knows is left alone, and `dataclasses` makes its method as it does. A class
    without a docstring keeps its compiled `__init__`: `dataclasses` writes it one from
    the signature of `__init__`."""
    import dataclasses

    swaps: dict[str, Callable[..., Any]] = {}
    if options.get("frozen") and _maker(dataclasses, "_frozen_get_del_attr", FROZEN_MAKER):
        swaps["_frozen_get_del_attr"] = _frozen_attribute_methods
    make = _maker(dataclasses, "_init_fn", INIT_MAKER)
    if make is not None and cls.__doc__ and options.get("init", True):
        swaps["_init_fn"] = _init_when_first_called(make)
    kept = {name: getattr(dataclasses, name) for name in swaps}
    for name, swap in swaps.items():
        setattr(dataclasses, name, swap)
    try:
        return dataclasses.dataclass(cls, **options)
    finally:
        for name, maker in kept.items():
            setattr(dataclasses, name, maker)


# -- Pillow ------------------------------------------------------------------------------------

PILLOW_TAG_TABLES = ("PIL.ExifTags", "PIL.TiffTags")
"""Pillow's tables of EXIF and TIFF tags: `PIL.Image` imports both, and uses them only in
its `Exif` methods. ExifTags makes five IntEnums of some 400 members at import: with
TiffTags 34 M instructions (~6 ms), a third of what the share card's process does."""


def pillow_tag_tables_lazily() -> None:
    """Before `PIL.Image` is first imported: its EXIF and TIFF tag tables as modules that
    run their code when first used (`importlib.util.LazyLoader`), not at import. Drawing
    a card and writing it as PNG never reads them; reading a picture's EXIF orientation
    (`ImageOps.exif_transpose`) does, and they load then, as they would have. Does nothing
    once `PIL.Image` is imported or where Pillow has no such module."""
    if "PIL.Image" in sys.modules:
        return
    import importlib.util

    for name in PILLOW_TAG_TABLES:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            continue
        spec.loader = importlib.util.LazyLoader(spec.loader)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        package, _, child = name.rpartition(".")
        setattr(sys.modules[package], child, module)  # (as an import binds it)


def pillow_tag_tables_loaded() -> None:
    """Run the tag tables' code now if pillow_tag_tables_lazily left it for later: before
    threads that may read EXIF start. Python 3.11's LazyLoader is not thread-safe: a
    second thread reading a table while the first runs its code finds it half made
    (`module 'PIL.ExifTags' has no attribute 'Base'`, reported as a broken picture)."""
    for name in PILLOW_TAG_TABLES:
        module = sys.modules.get(name)
        if module is not None:
            vars(module)  # (reading any attribute runs a lazy module's code)


# -- livereload ------------------------------------------------------------------------------


def livereload_script() -> bytes:
    """livereload.js, the browser side of the livereload protocol, which serve sends as
    /livereload.js: python-livereload ships it as a file in its package's own folder
    (`vendors/`), which its API does not offer (its `Server`, which would serve it, serve
    does not use)."""
    from pathlib import Path

    import livereload

    return (Path(livereload.__file__).parent / "vendors" / "livereload.js").read_bytes()
