"""mkdocs-macros entry point: register the macros of hand-written pages. Nothing else.

Macros are thin adapters over pure functions in the sub-packages, so the engine-specific layer
stays small. Pages opt into macros with ``render_macros: true`` in their front matter; generated
pages never do, so text from YAML is never evaluated as a template.

The package, by responsibility (README « Organisation du code »): ``features.py`` lists what the
site contains; ``core/`` reads and validates data; ``records/<type>/`` holds each record type;
``geo/`` the territories, maps and finder; ``render/`` fragments, charts, calendars; ``build/`` is
the only MkDocs-aware code.
"""
from __future__ import annotations


def define_env(env) -> None:  # noqa: ANN001 - mkdocs-macros' object
    from .build import site_macros, state

    # The build's hooks ran first (on_config, priority 100): the catalogue is loaded and checked.
    build = state.of(env.conf)
    # Every macro is guarded: its failure is reported in French by the hooks (see page_refs).
    site_macros.register(env, build.catalogue, build.pages.raw_block)
