"""Memoisation across ``mkdocs serve`` rebuilds, keyed by the real inputs of each computation.

A pure, expensive computation (a fragment render, the finder's places, a page's search entries)
asks ``memoized(kind, inputs, compute)``: with no memo active — ``mkdocs build``, tests, tools —
it simply computes. During a preview build, the build layer (``build.preview.PreviewCache``)
makes its memo active for the duration of the build (``active``), and a result whose inputs are
equal to those of an earlier build is reused.

Inputs are compared by value, never by identity or by a hash alone: ``key`` serialises them
(pickle, in C: fast enough for the context of every page) and the bytes are compared whole;
what cannot be serialised (``Unkeyable``) is computed uncached. Equal keys therefore mean equal
inputs, and a memoised result is the one a fresh computation would give.
"""
from __future__ import annotations

import contextlib
import pickle
from contextvars import ContextVar
from typing import Any, Callable, Iterator, TypeVar

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


# The values derived from the latest catalogue (``per_catalogue``): one entry per name, so that
# ``mkdocs serve``, which loads a new catalogue at every data change, never keeps older ones alive.
_LATEST: dict[str, tuple[Any, Any, Any]] = {}


def per_catalogue(name: str, catalogue: Any, compute: Callable[[], T], stamp: Any = None) -> T:
    """``compute()`` once for this catalogue (and ``stamp``, compared by equality), in builds and
    tools alike: several pages, the maps and the exports ask for the same derived values."""
    cached = _LATEST.get(name)
    if cached is not None and cached[0] is catalogue and cached[1] == stamp:
        return cached[2]
    value = compute()
    _LATEST[name] = (catalogue, stamp, value)
    return value


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


def key(value: Any) -> bytes:
    """``value`` serialised by ``pickle``: equal bytes rebuild equal values, so two inputs with the
    same key are the same inputs (``1``, ``1.0`` and ``True``, ``-0.0`` and ``0.0``, a string and
    ``Markup`` all differ). Values pickle cannot write (a lambda, an open file) are ``Unkeyable``.

    Functions and classes are written by name: the code of a serve process does not change.
    Equal values written differently (two sets filled in another order) only miss the memo.
    """
    try:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # noqa: BLE001 - PicklingError, TypeError, AttributeError…
        raise Unkeyable(str(exc)) from None


