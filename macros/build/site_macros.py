"""The macros of hand-written pages, as mkdocs-macros sees them, and their checks before rendering.

Every feature declares its macro registrars (``Feature.macros``, read through the catalogue);
``register`` adds them all, each macro guarded so that its failure is reported in French, and
``page_problems`` checks the macro calls of ``docs/`` against the same table before anything renders.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from ..core.errors import Problem
from ..core.loader import Catalogue
from . import page_refs


def page_problems(catalogue: Catalogue, docs_dir: Path) -> list[Problem]:
    """Every problem of the macro calls in ``docs_dir``'s pages, as ``docs/x.md:LINE: message``."""
    macros = page_refs.macro_table(catalogue, catalogue.collect("macros"))
    return page_refs.check_pages(docs_dir, catalogue.root, macros, catalogue.reference_checks, catalogue)


def register(env: Any, catalogue: Catalogue, raw_block: Callable[[str], str]) -> None:
    """Add every feature's macros to mkdocs-macros' ``env``; ``raw_block`` is the build's."""
    guarded = page_refs.GuardedEnv(env, raw_block)
    for registrar in catalogue.collect("macros"):
        registrar(guarded, catalogue)
