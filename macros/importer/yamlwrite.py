"""Writing CPTS records the way staff write them by hand (the style of ``data/cpts/*.yml``).

Owns the layout: keys in the template's order, text in double quotes, slugs bare, short lists
of codes and slugs on one line (wrapped when long), sources as one-line mappings, prose lists
one item per line. The output is a pure function of the data: same record, same bytes.
"""
from __future__ import annotations

import json
import re
from typing import Any

from ..records.cpts.model import Cpts

WIDTH = 120
# Keys in the order of the template (data/modeles/cpts.yml), which is the model's field order.
KEY_ORDER = tuple((f.alias or name) for name, f in Cpts.model_fields.items())
NESTED_ORDER = {
    "territoire": ("precision", "communes", "epci", "departements", "note"),
    "contacts": ("site_web", "email", "telephone", "adhesion"),
    "population": ("valeur", "date", "source"),
    "professionnels": ("valeur", "date", "source"),
    "adherents": ("valeur", "date", "source"),
}
TEXT_LISTS = {"autres_noms", "remarques"}  # names and sentences: one per line, even when short
FLOW_ITEMS = {"sources"}  # list items written as one-line mappings
_BARE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "nan", "inf"}


def scalar(value: Any) -> str:
    """One value as YAML: slugs bare, every other text double-quoted (JSON escapes are valid YAML)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _BARE.match(text) and text not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def flow(value: Any) -> str | None:
    """A one-line form for scalars, lists of scalars and small mappings; None when it has none."""
    if _is_scalar(value):
        return scalar(value)
    if isinstance(value, list) and all(_is_scalar(v) for v in value):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    if isinstance(value, dict) and value:
        parts = [flow(v) for v in value.values()]
        if all(p is not None for p in parts):
            return "{" + ", ".join(f"{k}: {p}" for k, p in zip(value, parts)) + "}"
    if isinstance(value, dict):
        return "{}"
    return None


def _ordered(data: dict, order: tuple[str, ...]) -> list[tuple[str, Any]]:
    known = [(k, data[k]) for k in order if k in data]
    return known + [(k, v) for k, v in data.items() if k not in order]


def _wrapped_list(prefix: str, items: list[Any], indent: str) -> list[str]:
    """``communes: ["83062", …]`` over several lines when long (continuation lines indented)."""
    if not items:
        return [prefix + "[]"]
    lines, current = [], prefix + "["
    for i, item in enumerate(items):
        piece = scalar(item) + (", " if i < len(items) - 1 else "]")
        if len(current) + len(piece.rstrip()) > WIDTH and not current.endswith("["):
            lines.append(current.rstrip())
            current = indent + "  "
        current += piece
    return lines + [current]


def _is_prose(text: Any) -> bool:
    return isinstance(text, str) and not _BARE.match(text) and (" " in text or len(text) > 30)


def _block(key: str, value: Any, indent: str, order: tuple[str, ...] = ()) -> list[str]:
    prefix = f"{indent}{key}: "
    if isinstance(value, dict) and value and key not in ("source",):
        lines = [f"{indent}{key}:"]
        for sub_key, sub_value in _ordered(value, NESTED_ORDER.get(key, order)):
            lines += _block(sub_key, sub_value, indent + "  ")
        return lines
    if isinstance(value, list) and value and (key in TEXT_LISTS or any(_is_prose(v) for v in value)
                                              or not all(_is_scalar(v) for v in value)):
        lines = [f"{indent}{key}:"]
        for item in value:
            one_line = flow(item)
            fits = one_line is not None and len(indent) + 4 + len(one_line) <= WIDTH
            if _is_scalar(item) or (key in FLOW_ITEMS and fits):
                lines.append(f"{indent}  - {one_line}")
                continue
            sub = [line for k, v in item.items() for line in _block(k, v, indent + "    ")]
            lines.append(f"{indent}  - {sub[0].lstrip()}")
            lines += sub[1:]
        return lines
    if isinstance(value, list):
        return _wrapped_list(prefix, value, indent)
    return [prefix + (flow(value) or "{}")]


def dump_record(data: dict[str, Any]) -> str:
    """The text of a ``data/cpts/<slug>.yml`` file for ``data`` (a record as plain YAML values)."""
    lines: list[str] = []
    for key, value in _ordered(data, KEY_ORDER):
        lines += _block(key, value, "")
    return "\n".join(lines) + "\n"
