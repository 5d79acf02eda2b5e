"""The preview memo (core.memo): reused only for equal inputs, never outside a preview build."""
from __future__ import annotations

from markupsafe import Markup

from macros.core import memo


def test_keys_tell_apart_values_that_render_differently():
    assert len({memo.key(v) for v in (1, True, 1.0, "1", Markup("1"), -0.0, 0.0, [1], (1,))}) == 9
    assert memo.key({"a": [1, "b"]}) == memo.key({"a": [1, "b"]})


def test_without_an_active_memo_everything_is_computed():
    calls = []
    for _ in range(2):
        memo.memoized("x", ("same",), lambda: calls.append(1))
    assert len(calls) == 2


def test_equal_inputs_are_reused_and_unused_results_dropped_after_a_build():
    cache = memo.Memo()
    calls = []
    with memo.active(cache):
        assert memo.memoized("x", {"n": 1}, lambda: calls.append(1) or "un") == "un"
        assert memo.memoized("x", {"n": 1}, lambda: calls.append(1) or "autre") == "un"
        assert memo.memoized("x", {"n": 2}, lambda: calls.append(1) or "deux") == "deux"
        assert memo.memoized("x", lambda: None, lambda: calls.append(1) or "sans clé") == "sans clé"  # unkeyable
    assert len(calls) == 3
    cache.new_generation()
    with memo.active(cache):
        memo.memoized("x", {"n": 2}, lambda: "deux")
    cache.new_generation()
    assert len(cache.store) == 1 and cache.hits == 0


def test_pinned_objects_are_compared_by_identity():
    cache = memo.Memo()
    first, second = object(), object()
    with memo.active(cache):
        assert memo.memoized("x", 1, lambda: "a", pins=(first,)) == "a"
        assert memo.memoized("x", 1, lambda: "b", pins=(second,)) == "b"
        assert memo.memoized("x", 1, lambda: "c", pins=(first,)) == "a"
