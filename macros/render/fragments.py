"""Data → HTML through the Jinja fragments of ``overrides/fragments/``, autoescape always on.

Every piece of markup code produces lives in a fragment; Python passes plain values in. Text from
YAML therefore reaches the page escaped, and is never itself compiled as a template.
"""
from __future__ import annotations

import functools
import posixpath
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..core import memo

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre"]


def french_date(value: str | None) -> str:
    """'2023-06-28' → '28 juin 2023'; '2023-06' → 'juin 2023'; '2023' → '2023'."""
    if not value:
        return ""
    parts = str(value).split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    day = int(parts[2])
    return f"{'1er' if day == 1 else day} {month} {parts[0]}"


def french_number(value: float | int | None, decimals: int = 0) -> str:
    """81000 → '81 000' (narrow no-break space), 12.5 → '12,5'."""
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}" if decimals else f"{round(value):,}"
    return text.replace(",", "\u202f").replace(".", ",")


@functools.lru_cache(maxsize=1 << 16)
def relative_url(from_url: str, to_url: str) -> str:
    """Link from the page served at ``from_url`` ('cpts/x/') to ``to_url`` ('annuaire/').

    Cached: a pure function of two strings, asked 25,000 times by a national build (the same
    links from listings), and ``posixpath.relpath`` resolves both against the working directory."""
    target = posixpath.relpath(to_url or ".", from_url or ".")
    if to_url.endswith("/") and not target.endswith("/"):
        target += "/"
    return "./" if target in (".", "./") else target


@functools.lru_cache(maxsize=4)
def environment(fragments_dir: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(fragments_dir),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["date_fr"] = french_date
    env.filters["nombre"] = french_number
    return env


def render_fragment(root: Path, name: str, **context) -> str:
    """Render ``overrides/fragments/<name>``; the result is safe HTML.

    Under ``mkdocs serve`` a render is reused while the fragment files and the context's values
    are unchanged (``core.memo``); a context holding anything but plain values is rendered anew.
    """
    folder = str(root / "overrides" / "fragments")
    stamp = memo.per_build(f"fragments:{folder}", lambda: memo.folder_stamp(folder))
    if stamp is None:
        return _render(folder, name, context)
    return memo.memoized("fragment", (folder, stamp, name, context), lambda: _render(folder, name, context))


def _render(folder: str, name: str, context: dict) -> str:
    html = environment(folder).get_template(name).render(**context)
    # Markdown would read indented lines or blank lines inside raw HTML as Markdown: flatten.
    return "\n".join(line.strip() for line in html.splitlines() if line.strip())
