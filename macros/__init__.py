"""mkdocs-macros entry point: load the catalogue once and register the macros. Nothing else.

Macros are thin adapters over pure functions in the other modules, so the engine-specific layer
stays small. Pages opt into macros with ``render_macros: true`` in their front matter; generated
pages never do, so text from YAML is never evaluated as a template.
"""
from __future__ import annotations

from pathlib import Path


def define_env(env) -> None:  # noqa: ANN001 - mkdocs-macros' object
    from .build import page_refs, site_macros
    from .core.loader import load_catalogue

    root = Path(env.conf["config_file_path"]).resolve().parent
    catalogue = load_catalogue(root)
    # Every macro is guarded: its failure is reported in French by the hooks (see page_refs).
    site_macros.register(page_refs.GuardedEnv(env), catalogue)
