"""records.value_methods: the value methods of a frozen dataclass, made without compiling,
behave as the ones @dataclass(frozen=True) compiles (page keys hold reprs of the options,
site.yaml and eras, and sets and dicts hold model objects: a difference would show)."""

from __future__ import annotations

import dataclasses
import inspect
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest

from sitegen.dates import EDate
from sitegen.model import Origin, Series
from sitegen.options import Options
from sitegen.records import LazyPattern, made_seldom, order_methods, value_methods


@dataclass(frozen=True)
class Compiled:
    name: str
    count: int = 0
    hidden: str = field(default="", repr=False)
    ignored: str = field(default="", compare=False)
    hashed_only_by_eq: tuple[int, ...] = field(default=(), hash=None)
    not_hashed: int = field(default=0, hash=False)


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Shared:
    name: str
    count: int = 0
    hidden: str = field(default="", repr=False)
    ignored: str = field(default="", compare=False)
    hashed_only_by_eq: tuple[int, ...] = field(default=(), hash=None)
    not_hashed: int = field(default=0, hash=False)


@value_methods
@dataclass(frozen=True, slots=True, repr=False, eq=False)
class One:
    value: object


@value_methods
@dataclass(frozen=True, repr=False, eq=False)
class Empty:
    pass


@dataclass(order=True)
class CompiledOpen:
    name: str
    count: int = 0
    ignored: str = field(default="", compare=False)


@order_methods
@value_methods
@dataclass(repr=False, eq=False)
class SharedOpen:
    name: str
    count: int = 0
    ignored: str = field(default="", compare=False)


VALUES = [
    ("a", 1, "h", "i", (1, 2), 3),
    ("a", 1, "h", "other", (1, 2), 3),
    ("a", 1, "h", "i", (1, 2), 4),
    ("b", 2, "", "", (), 0),
    ("é\x02", -1, "x", "y", (3,), 7),
]


@pytest.mark.parametrize("values", VALUES)
def test_same_repr_and_hash_as_dataclass(values: tuple[object, ...]) -> None:
    compiled, shared = Compiled(*values), Shared(*values)  # type: ignore[arg-type]
    assert repr(shared) == repr(compiled).replace("Compiled(", "Shared(")
    assert hash(shared) == hash(compiled)


def test_same_equality_as_dataclass() -> None:
    for a in VALUES:
        for b in VALUES:
            assert (Shared(*a) == Shared(*b)) == (Compiled(*a) == Compiled(*b))  # type: ignore[arg-type]
    assert Shared("a") != Compiled("a")
    assert Shared("a").__eq__(Compiled("a")) is NotImplemented
    assert len({Shared(*VALUES[0]), Shared(*VALUES[1])}) == 1  # differ in `ignored` alone


def test_one_field_and_no_field_are_tuples_as_dataclass_makes_them() -> None:
    assert hash(One(5)) == hash((5,))
    assert repr(One("x")) == "One(value='x')"
    assert One(One(1)) == One(One(1))
    assert hash(Empty()) == hash(()) and Empty() == Empty()
    assert repr(Empty()) == "Empty()"


def test_frozen_still_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Shared("a").name = "b"  # type: ignore[misc]


def test_methods_name_their_class() -> None:
    assert Shared.__repr__.__qualname__ == "Shared.__repr__"
    assert Shared.__eq__.__qualname__ == "Shared.__eq__"


def test_refuses_a_class_that_is_not_a_dataclass_or_writes_its_own() -> None:
    with pytest.raises(TypeError, match="above @dataclass"):
        value_methods(type("Plain", (), {}))

    class Own:
        def __repr__(self) -> str:
            return "own"

    with pytest.raises(TypeError, match="defines __repr__"):
        value_methods(dataclass(frozen=True, repr=False, eq=False)(Own))


def test_model_objects_as_before() -> None:
    """What page keys and the build's settings hold: reprs as dataclass wrote them."""
    assert repr(EDate(2024, 3, 5)).startswith("EDate(year=2024, month=3, day=5")
    assert repr(Origin("content/a.md", prefix=("x",))) == (
        "Origin(path='content/a.md', prefix=('x',), body_line=1)"
    )
    assert Origin("a.md", digest="1") == Origin("a.md", digest="2")  # compare=False
    assert hash(Series("s", 1)) == hash(("s", 1))
    assert repr(Options()).startswith("Options(")


def test_order_and_an_open_class_as_dataclass_makes_them() -> None:
    """`@order_methods` orders as `order=True` does; a class that is not frozen compares
    by value and is not hashable, as `@dataclass` leaves it."""
    rows = [("b", 1, "x"), ("a", 2, "y"), ("a", 2, "z"), ("a", 1, "w"), ("c", 0, "")]
    for a in rows:
        for b in rows:
            for op in ("__lt__", "__le__", "__gt__", "__ge__", "__eq__"):
                mine = getattr(SharedOpen(*a), op)(SharedOpen(*b))
                assert mine == getattr(CompiledOpen(*a), op)(CompiledOpen(*b)), (a, b, op)
    assert [
        repr(x).replace("Shared", "Compiled") for x in sorted(SharedOpen(*r) for r in rows)
    ] == [repr(x) for x in sorted(CompiledOpen(*r) for r in rows)]
    assert SharedOpen("a").__lt__(CompiledOpen("a")) is NotImplemented
    assert SharedOpen.__hash__ is None and CompiledOpen.__hash__ is None
    with pytest.raises(TypeError, match="above @value_methods"):
        order_methods(dataclass(eq=False)(type("Bare", (), {"__annotations__": {}})))


def test_a_lazy_pattern_finds_what_the_compiled_one_does() -> None:
    """records.LazyPattern: compiled at its first use, with its flags, every method
    answering as re.compile's pattern does, then the compiled pattern's own."""
    text = "Offset utc+5:30, GMT-3 and gmt+11 at 10:15"
    source, flags = r"(?:UTC|GMT)([+-])(\d{1,2})(?::(\d{2}))?", re.IGNORECASE
    lazy, compiled = LazyPattern(source, flags), re.compile(source, flags)
    assert "search" not in vars(lazy)
    assert lazy.search(text, 3).group() == compiled.search(text, 3).group()  # type: ignore[union-attr]
    assert "search" in vars(lazy)
    assert lazy.match(text) is None and compiled.match(text) is None
    assert lazy.fullmatch("GMT-3").groups() == ("-", "3", None)  # type: ignore[union-attr]
    assert lazy.sub("Z", text) == compiled.sub("Z", text)
    assert lazy.sub(lambda m: m.group(2), text, 1) == compiled.sub(lambda m: m.group(2), text, 1)
    assert lazy.findall(text) == compiled.findall(text)
    assert [m.span() for m in lazy.finditer(text, 0, 20)] == [
        m.span() for m in compiled.finditer(text, 0, 20)
    ]
    assert LazyPattern("utc").search("UTC+1") is None  # (no flags unless given)


def _pair(**options: Any) -> tuple[type, type]:
    """One class made twice: @dataclass's compiled `__init__`, and @made_seldom's."""

    def make() -> type:
        @dataclass(**options)
        class Record:
            """A record."""

            name: str
            count: int = 3
            tags: list[str] = field(default_factory=list)
            seen: list[str] = field(default_factory=list, init=False)
            hidden: int = field(default=7, kw_only=True)

            def __post_init__(self) -> None:
                object.__setattr__(self, "seen", [*self.seen, self.name])

        return Record

    return make(), made_seldom(make())


@pytest.mark.parametrize(
    "options", [{}, {"frozen": True}, {"slots": True}, {"frozen": True, "slots": True}]
)
def test_made_seldom_makes_objects_as_dataclass_does(options: dict[str, Any]) -> None:
    """records.made_seldom: the same fields from the same calls (defaults, a fresh list from
    each factory, an init=False field, keyword-only, __post_init__), the same signature,
    dataclasses.replace, frozen still frozen, and a wrong call a TypeError."""
    compiled, bound = _pair(**options)
    assert str(inspect.signature(bound)) == str(inspect.signature(compiled))
    for args, kwargs in [(("a",), {}), (("b", 5, ["x"]), {"hidden": 1}), ((), {"name": "c"})]:
        ours, theirs = bound(*args, **kwargs), compiled(*args, **kwargs)
        assert dataclasses.astuple(ours) == dataclasses.astuple(theirs)
    one, two = bound("a"), bound("a")
    assert one.tags is not two.tags and one.seen == ["a"]
    assert dataclasses.astuple(dataclasses.replace(one, count=9)) == ("a", 9, [], ["a"], 7)
    for args, kwargs in [((), {}), (("a", 1, [], 2), {}), (("a",), {"nope": 1})]:
        with pytest.raises(TypeError):
            compiled(*args, **kwargs)
        with pytest.raises(TypeError):
            bound(*args, **kwargs)
    if options.get("frozen"):
        with pytest.raises(dataclasses.FrozenInstanceError):
            one.name = "b"


def test_made_seldom_refuses_what_it_does_not_make() -> None:
    class Plain:
        pass

    @dataclass
    class Counted:
        total: ClassVar[int] = 0
        name: str = ""

    for cls in (Plain, Counted):
        with pytest.raises(TypeError):
            made_seldom(cls)
