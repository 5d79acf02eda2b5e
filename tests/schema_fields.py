"""The fields of the record schemas that run a given check, however their type wraps it.

Tests that promise « every URL field » or « every text field » walk the schemas with this, so a
field added later is covered without being listed (tests/quality/test_bad_inputs.py,
tests/unit/test_personal_details.py).
"""
from __future__ import annotations

import typing
from collections.abc import Callable, Iterable

from pydantic import BaseModel


def runs(annotation, check: Callable) -> bool:
    """Whether a field's type, however wrapped (Optional, list, Annotated), runs ``check``."""
    for meta in getattr(annotation, "__metadata__", ()):
        if getattr(meta, "func", None) is check:
            return True
    return any(runs(arg, check) for arg in typing.get_args(annotation))


def models_in(annotation) -> Iterable[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from models_in(arg)


def fields_checked_by(check: Callable, models: Iterable[tuple[str, type[BaseModel]]]) -> list[tuple[str, object]]:
    """(dotted name, annotation) of every field of ``models`` (prefix, model) that runs ``check``."""
    found = []

    def walk(model, prefix):  # the schemas are trees, never recursive
        for name, field in model.model_fields.items():
            annotation = typing.Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
            if runs(annotation, check):
                found.append((f"{prefix}.{name}", annotation))
            for inner in models_in(field.annotation):
                walk(inner, f"{prefix}.{name}")

    for prefix, model in models:
        walk(model, prefix)
    return found
