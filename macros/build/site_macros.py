"""The macros of hand-written pages, as mkdocs-macros sees them, and their checks before rendering.

Every feature declares its macro registrars (``Feature.macros``, read through the catalogue);
``register`` adds them all, each macro guarded so that its failure is reported in French, and
``page_problems`` checks the pages of ``docs/`` against the same table before anything renders.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from ..core.errors import Problem
from ..core.loader import Catalogue
from . import page_refs


def page_problems(catalogue: Catalogue, docs_dir: Path, extra: dict[str, Any] | None = None) -> list[Problem]:
    """Every problem of the pages of ``docs_dir`` (front matter, encoding, macro calls, names and
    settings), as ``docs/x.md:LINE: message``. ``extra``: mkdocs.yml's ``extra``, whose keys
    mkdocs-macros gives every page as variables (read from the project's mkdocs.yml when not given)."""
    macros = page_refs.macro_table(catalogue, catalogue.collect("macros"))
    extra = extra if extra is not None else _extra_of(catalogue.root)
    names = page_refs.SiteNames(extra=dict(extra), config=_config_names())
    return page_refs.check_pages(docs_dir, catalogue.root, macros, catalogue.reference_checks, catalogue, names)


def _config_names() -> frozenset[str]:
    """What a page may read in ``config`` (mkdocs-macros gives it MkDocs' config): its settings
    and its methods."""
    from mkdocs.config.base import get_schema
    from mkdocs.config.defaults import MkDocsConfig

    return frozenset(name for name, _ in get_schema(MkDocsConfig)) | {
        name for name in dir(MkDocsConfig) if not name.startswith("_")}


def _extra_of(root: Path) -> dict[str, Any]:
    """``extra`` of ``root/mkdocs.yml`` (``make validate`` runs without MkDocs); MkDocs' own tags
    (!ENV, !!python/name) are read as nothing: only the names of ``extra`` matter here."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 - SafeLoader subclass
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    extra = config.get("extra") if isinstance(config, dict) else None
    return extra if isinstance(extra, dict) else {}


def register(env: Any, catalogue: Catalogue, raw_block: Callable[[str], str]) -> None:
    """Add every feature's macros to mkdocs-macros' ``env``; ``raw_block`` is the build's."""
    guarded = page_refs.GuardedEnv(env, raw_block)
    for registrar in catalogue.collect("macros"):
        registrar(guarded, catalogue)
