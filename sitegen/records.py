"""Value methods for frozen dataclasses, made from their fields rather than compiled.

On Python 3.11 and 3.12 `@dataclass` makes each method it adds (`__init__`, `__repr__`,
`__eq__`, `__hash__`, a frozen class's `__setattr__` and `__delattr__`) by compiling
source text with `exec`, about 0.1 ms a method. A cold build imports some sixty
dataclasses, so a small site paid 4 % of its build for this at every start. A class
declared `@dataclass(frozen=True, repr=False, eq=False)` under `@value_methods` gets
the three value methods from closures over its field names instead: the same strings,
comparisons and hash values (tests/test_records.py compares them with dataclass's own).
A class that is not frozen gets `__hash__ = None`, as `@dataclass` leaves one that
compares by value; `@order_methods` above them stands for `order=True`.

The build's own working records, which nothing compares or prints (the builder's stages'
results, the plan's and the load's holders, the caches' state), are declared
`@dataclass(eq=False, repr=False)`: two methods fewer made for each at every start
(0.17 ms a class). They compare by identity, and are hashable, as plain objects are.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import MISSING, Field, fields, is_dataclass
from inspect import Parameter, Signature
from operator import attrgetter
from reprlib import recursive_repr
from typing import TYPE_CHECKING, Any, TypeVar

_T = TypeVar("_T")

if TYPE_CHECKING:  # (the type checker knows dataclasses.dataclass, and this is it)
    from dataclasses import dataclass as dataclass
else:

    def dataclass(cls: type | None = None, /, **options: Any) -> Any:
        """`dataclasses.dataclass`, but that a frozen class's `__setattr__` and
        `__delattr__` are closures, and every class's `__init__` compiled when it is
        first called (adapters.made_dataclass), instead of functions compiled from
        source at every start: sitegen's modules import it from here."""

        def made(cls: type) -> type:
            from .adapters import made_dataclass

            return made_dataclass(cls, options)

        return made if cls is None else made(cls)


def value_methods(cls: type[_T]) -> type[_T]:
    """`__repr__`, `__eq__` and `__hash__` for a class made by `@dataclass(frozen=True,
    repr=False, eq=False)`, as `@dataclass(frozen=True)` would write them: the fields
    with `repr=True` shown as `Name(field=value, ...)`, the fields with `compare=True`
    compared as a tuple (objects of one class only), and hashed as a tuple of the fields
    with `compare=True` (or `hash=True`)."""
    if not is_dataclass(cls):
        raise TypeError(f"{cls.__name__}: @value_methods goes above @dataclass")
    for name in ("__repr__", "__eq__", "__hash__"):
        if name in cls.__dict__ and cls.__dict__[name] is not None:
            raise TypeError(f"{cls.__name__} defines {name}: declare it a plain dataclass")
    made = fields(cls)
    shown = [f.name for f in made if f.repr]
    compared = _values([f.name for f in made if f.compare])
    hashed = _values([f.name for f in made if (f.compare if f.hash is None else f.hash)])

    @recursive_repr()
    def __repr__(self: Any) -> str:
        inner = ", ".join([f"{name}={getattr(self, name)!r}" for name in shown])
        return f"{self.__class__.__qualname__}({inner})"

    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    _place(cls, __repr__, __eq__, __hash__)
    if not cls.__dataclass_params__.frozen:  # type: ignore[attr-defined]
        cls.__hash__ = None  # type: ignore[assignment]
    return cls


def order_methods(cls: type[_T]) -> type[_T]:
    """`__lt__`, `__le__`, `__gt__` and `__ge__` for a class under `@value_methods`, as
    `@dataclass(order=True)` would write them: the fields with `compare=True` compared as
    a tuple, with objects of one class only."""
    if not is_dataclass(cls) or "__eq__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__}: @order_methods goes above @value_methods")
    compared = _values([f.name for f in fields(cls) if f.compare])

    def __lt__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) < compared(other)
        return NotImplemented

    def __le__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) <= compared(other)
        return NotImplemented

    def __gt__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) > compared(other)
        return NotImplemented

    def __ge__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) >= compared(other)
        return NotImplemented

    _place(cls, __lt__, __le__, __gt__, __ge__)
    return cls


class _Factory:
    """(made_seldom's stand-in default for a field made by its default_factory, shown in
    the signature as @dataclass shows its own.)"""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY: Any = _Factory()


def made_seldom(cls: type[_T]) -> type[_T]:
    """`__init__` for a dataclass that a build makes a few objects of whatever its size (its
    stages' records, the site's configuration, the options): one function that binds its
    arguments to the fields, instead of one compiled from source text for each class at its
    first object (0.2–2 M instructions a class, by its fields; sixteen such classes were a
    third of what a one-event build compiled). The object is made as @dataclass's
    `__init__` makes it: the fields given or their defaults (a default_factory called),
    a field with `init=False` and a factory made too, set as a frozen class sets them, then
    `__post_init__`. Its signature is the one @dataclass would give; a wrong call raises
    TypeError, in the words of `inspect.Signature.bind`. Goes above @dataclass (and
    @value_methods); not for a class that a build makes an object of per event or page,
    where the compiled `__init__` is the faster."""
    if not is_dataclass(cls):
        raise TypeError(f"{cls.__name__}: @made_seldom goes above @dataclass")
    made = fields(cls)
    if len(made) != len(cls.__dataclass_fields__) or not cls.__dataclass_params__.init:  # type: ignore[attr-defined]
        raise TypeError(f"{cls.__name__}: @made_seldom takes no ClassVar, InitVar or init=False")
    _place(cls, _bound_init(cls, made))
    return cls


def _init_signature(
    made: Sequence[Field[Any]], factories: dict[str, Any], defaults: dict[str, Any]
) -> Signature:
    """The signature @dataclass gives `__init__`: self, the fields in init, keyword-only
    ones last; a factory's field shown with `<factory>`."""
    ordered = [f for f in made if f.init and not f.kw_only] + [f for f in made if f.kw_only]
    return Signature(
        [Parameter("self", Parameter.POSITIONAL_OR_KEYWORD)]
        + [
            Parameter(
                f.name,
                Parameter.KEYWORD_ONLY if f.kw_only else Parameter.POSITIONAL_OR_KEYWORD,
                default=_FACTORY if f.name in factories else defaults.get(f.name, Parameter.empty),
                annotation=f.type,
            )
            for f in ordered
            if f.init
        ],
        return_annotation=None,
    )


def _bound_init(cls: type, made: Sequence[Field[Any]]) -> Callable[..., None]:
    """made_seldom's `__init__` for `cls`, whose fields are `made`."""
    factories = {f.name: f.default_factory for f in made if f.default_factory is not MISSING}
    defaults = {f.name: f.default for f in made if f.default is not MISSING}
    given = [f.name for f in made if f.init]
    slots = "__slots__" in cls.__dict__  # (@dataclass sets such a field's default itself)
    set_later = factories.keys() | (defaults.keys() if slots else set())
    later = [f.name for f in made if not f.init and f.name in set_later]
    signature = _init_signature(made, factories, defaults)
    put = object.__setattr__ if cls.__dataclass_params__.frozen else setattr  # type: ignore[attr-defined]
    post_init = hasattr(cls, "__post_init__")

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        values = signature.bind(self, *args, **kwargs).arguments
        for name in given:
            value = values.get(name, _FACTORY)
            if value is _FACTORY:
                value = factories[name]() if name in factories else defaults[name]
            put(self, name, value)
        for name in later:
            put(self, name, factories[name]() if name in factories else defaults[name])
        if post_init:
            self.__post_init__()

    __init__.__signature__ = signature  # type: ignore[attr-defined]
    return __init__


def _place(cls: type, *methods: Callable[..., Any]) -> None:
    """Set each method on the class, named as the class's own."""
    for method in methods:
        method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
        setattr(cls, method.__name__, method)


def _values(names: Sequence[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A function from an object to the tuple of these attributes' values."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        name = names[0]
        return lambda obj: (getattr(obj, name),)
    return lambda obj: ()


class LazyPattern:
    """A regular expression compiled when first used, not when its module is imported:
    for the patterns of paths that a small build seldom takes (a control character, a
    timezone offset, a year page's file, …). Each costs 0.05–0.35 ms to compile, and a
    cold one-event build compiled 26 of sitegen's for nothing. The first call of a method
    compiles the pattern and puts the compiled pattern's own methods on this object, so
    every later call is the compiled pattern's, looked up as any attribute is."""

    METHODS = ("match", "fullmatch", "search", "sub", "finditer", "findall")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def compiled(self) -> re.Pattern[str]:
        """The pattern compiled (in `re`'s cache, as `re.compile` keeps it)."""
        made = re.compile(self.pattern, self.flags)
        for name in self.METHODS:
            setattr(self, name, getattr(made, name))
        return made

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().match(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        return self.compiled().fullmatch(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled().search(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled().sub(repl, string, count)

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.compiled().finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled().findall(string, pos, endpos)
