"""Memoisation across ``mkdocs serve`` rebuilds, keyed by the real inputs of each computation.

A pure, expensive computation (a fragment render, the finder's places, a page's search entries)
asks ``memoized(kind, inputs, compute)``: with no memo active — ``mkdocs build``, tests, tools —
it simply computes. During a preview build, the build layer (``build.preview.PreviewCache``)
makes its memo active for the duration of the build (``active``), and a result whose inputs are
equal to those of an earlier build is reused.

Inputs are compared by value, never by identity or by a hash alone: ``key`` turns them into a
nested tuple of tagged plain values (strings, numbers, pydantic models, dataclasses, lists…) and
refuses anything else (``Unkeyable``), in which case the computation runs uncached. Equal keys
therefore mean equal inputs, and a memoised result is the one a fresh computation would give.
"""
from __future__ import annotations

import contextlib
import dataclasses
import enum
from contextvars import ContextVar
from typing import Any, Callable, Iterator, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class Unkeyable(TypeError):
    """A value whose content cannot be compared by value (a function, an open object…)."""


class Memo:
    """Results by (kind, key), kept while they are used: ``new_generation`` after each build
    drops what the build before it did not ask for (deleted records, older versions)."""

    def __init__(self) -> None:
        self.store: dict[tuple, Any] = {}
        self.used: set[tuple] = set()
        self.hits = 0
        self.misses = 0
        self.constants: dict[str, Any] = {}   # what does not change during one build (see ``per_build``)

    def get(self, kind: str, key: Any, compute: Callable[[], T], pins: tuple = ()) -> T:
        full = (kind, key, tuple(id(p) for p in pins))
        self.used.add(full)
        if full in self.store:
            self.hits += 1
            return self.store[full][0]
        self.misses += 1
        value = compute()
        # The pinned objects are kept alive with the result: their ids cannot be reused meanwhile.
        self.store[full] = (value, pins)
        return value

    def new_generation(self) -> None:
        """Forget every result the last build did not use."""
        self.store = {k: v for k, v in self.store.items() if k in self.used}
        self.used = set()
        self.hits = self.misses = 0
        self.constants = {}

    def forget_build(self) -> None:
        """A build failed: keep everything (its inputs may come back), start counting afresh."""
        self.used = set()
        self.hits = self.misses = 0
        self.constants = {}


_ACTIVE: ContextVar[Memo | None] = ContextVar("portail_cpts_memo", default=None)


@contextlib.contextmanager
def active(memo: Memo | None) -> Iterator[None]:
    token = _ACTIVE.set(memo)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def activate(memo: Memo | None):
    """Make ``memo`` the active one until ``deactivate(token)`` (for builds spread over hooks)."""
    return _ACTIVE.set(memo)


def deactivate(token) -> None:
    try:
        _ACTIVE.reset(token)
    except ValueError:  # set in another context (thread): just clear it
        _ACTIVE.set(None)


def current() -> Memo | None:
    return _ACTIVE.get()


def memoized(kind: str, inputs: Any, compute: Callable[[], T], pins: tuple = ()) -> T:
    """``compute()``, reused from an earlier preview build whose ``inputs`` were equal.

    ``pins``: immutable objects compared by identity (the reference tables, loaded once per
    set of files), kept alive by the memo so that an equal id means the same object.
    """
    memo = _ACTIVE.get()
    if memo is None:
        return compute()
    try:
        k = key(inputs)
    except Unkeyable:
        return compute()
    return memo.get(kind, k, compute, pins)


def per_build(name: str, compute: Callable[[], T]) -> T | None:
    """A value computed once per preview build (a folder's file stamps); None with no memo active."""
    memo = _ACTIVE.get()
    if memo is None:
        return None
    if name not in memo.constants:
        memo.constants[name] = compute()
    return memo.constants[name]


def folder_stamp(folder: str) -> tuple:
    """Every file under ``folder``: relative path, size and modification time (a cheap identity)."""
    import os

    items = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            stat = os.stat(os.path.join(dirpath, name))
            items.append((os.path.relpath(os.path.join(dirpath, name), folder), stat.st_size, stat.st_mtime_ns))
    return tuple(items)


def key(value: Any) -> Any:
    """``value`` as a hashable nested tuple that equals another's only if the contents are equal.

    Every scalar is tagged with its type (``1``, ``1.0`` and ``True`` render differently);
    floats by their ``repr`` (``-0.0`` is not ``0.0``).
    """
    kind = type(value)
    if kind is str:
        return value            # the one untagged form: every other key is a tuple
    fast = _FAST.get(kind)
    if fast is not None:
        return fast(value)
    if value is None or isinstance(value, bytes):
        return (kind.__name__, value)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, enum.Enum):
        return ("enum", kind.__qualname__, key(value.value))
    if isinstance(value, str):   # a str subclass (Markup): its class matters to Jinja
        return ("str", kind.__qualname__, str(value))
    if isinstance(value, int):
        return ("int", int(value))
    if isinstance(value, float):
        return ("float", repr(value))
    if isinstance(value, (list, tuple)):
        return (kind.__name__, tuple(map(key, value)))
    if isinstance(value, dict) or _is_mapping_proxy(value):
        return ("dict", tuple((key(k), key(v)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted(map(key, value), key=repr)))
    if isinstance(value, BaseModel):
        return ("model", kind.__module__, kind.__qualname__,
                tuple((name, key(getattr(value, name))) for name in kind.model_fields))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return ("dataclass", kind.__module__, kind.__qualname__,
                tuple((f.name, key(getattr(value, f.name))) for f in dataclasses.fields(value)))
    if kind.__name__ in ("date", "datetime", "time") and kind.__module__ == "datetime":
        return (kind.__name__, value.isoformat())
    raise Unkeyable(kind.__qualname__)


_FAST: dict[type, Callable[[Any], Any]] = {
    int: lambda v: ("int", v),
    bool: lambda v: ("bool", v),
    float: lambda v: ("float", repr(v)),
    type(None): lambda v: ("NoneType", None),
    list: lambda v: ("list", tuple(map(key, v))),
    tuple: lambda v: ("tuple", tuple(map(key, v))),
    dict: lambda v: ("dict", tuple((key(k), key(x)) for k, x in v.items())),
}


def _is_mapping_proxy(value: Any) -> bool:
    return type(value).__name__ == "mappingproxy"
