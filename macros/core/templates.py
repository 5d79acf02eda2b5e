"""The templates of ``data/modeles/`` and what a record copied from one still holds of them.

Staff write a record by copying its template (``data/modeles/evenement.yml`` for
``data/evenements/``). This module owns the rule that finds what was not filled in: every value
the record shares with the template, however deep (a programme item's title, a figure's label,
an organiser in a list, a web address), as long as it cannot be a real record's own by chance —
a text of several words or a web address; a code, a slug, a date or a number may well be.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Collector
from .yamlio import Key, read_yaml

_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Template:
    """A template file: its path (for messages) and its values."""

    path: str
    data: dict[str, Any]


def template_of(root: Path, folder: str) -> Template | None:
    """The template staff copy to write a record of ``data/<folder>/`` (``data/modeles/action.yml``
    for ``data/actions/``), None if there is none."""
    for name in template_names(folder):
        path = root / "data" / "modeles" / f"{name}.yml"
        if path.is_file():
            located = read_yaml(path, f"data/modeles/{name}.yml", Collector())
            if located is not None and isinstance(located.data, dict):
                return Template(f"data/modeles/{name}.yml", located.data)
    return None


def template_names(folder: str) -> tuple[str, ...]:
    """The names a template of ``data/<folder>/`` may have in data/modeles/ (without ``.yml``)."""
    return (folder, folder.removesuffix("s"))


def leftovers(data: dict[str, Any], template: Template | None) -> list[tuple[Key, str]]:
    """(path, value as shown) of every example value of ``template`` that ``data`` still holds."""
    if template is None:
        return []
    found: dict[Key, str] = {}
    for path, value in _same(data, template.data, ()):
        found.setdefault(path, value)
    return list(found.items())


def _same(value: Any, example: Any, path: Key) -> Iterator[tuple[Key, str]]:
    if isinstance(value, dict) and isinstance(example, dict):
        for key, item in value.items():
            if key in example:
                yield from _same(item, example[key], path + (key,))
    elif isinstance(value, list) and isinstance(example, list):
        # Any item of the template's list: a copied example may have moved below the record's own.
        for i, item in enumerate(value):
            for sample in example:
                found = list(_same(item, sample, path + (i,)))
                if found:
                    yield from found
                    break
    elif isinstance(value, str) and value == example and _telling(value):
        yield path, " ".join(value.split())[:60]


def _telling(text: str) -> bool:
    """An example only a copy would hold: several words, or a web address (« https://exemple.fr/… »)."""
    text = text.strip()
    return " " in text or "\n" in text or bool(_URL.fullmatch(text))
