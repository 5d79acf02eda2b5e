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

import importlib
import importlib.abc
import importlib.util
import sys


def define_env(env) -> None:  # noqa: ANN001 - mkdocs-macros' object
    from .build import site_macros, state

    # The build's hooks ran first (on_config, priority 100): the catalogue is loaded and checked.
    build = state.of(env.conf)
    # Every macro is guarded: its failure is reported in French by the hooks (see page_refs).
    site_macros.register(env, build.catalogue, build.pages.raw_block)


# Old module paths (the flat package before issue 12) for branches that still import them:
# ``import macros.reference`` gives ``macros.core.reference`` itself, not a copy. No file stands
# at these paths, so that git keeps pairing each moved file with its old path and other branches'
# edits merge onto it. New code imports the new paths. (``macros.catalogue`` offers the loader's
# names with ``build_catalogue(root)``/``load_catalogue(root)`` for the site's features.)
MOVED = {"reference": "core.reference", "models": "records.cpts.model", "fields": "core.fields",
         "yamlio": "core.yamlio", "loader": "catalogue"}


class _Alias(importlib.abc.Loader):
    def __init__(self, real: str) -> None:
        self.real = real

    def create_module(self, spec):  # noqa: ANN001 - importlib's protocol
        return importlib.import_module(self.real)

    def exec_module(self, module) -> None:  # noqa: ANN001 - already executed under its new name
        pass


class _MovedModules(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):  # noqa: ANN001 - importlib's protocol
        old = fullname.removeprefix(__name__ + ".")
        if old == fullname or old not in MOVED:
            return None
        return importlib.util.spec_from_loader(fullname, _Alias(f"{__name__}.{MOVED[old]}"))


if not any(isinstance(finder, _MovedModules) for finder in sys.meta_path):
    sys.meta_path.append(_MovedModules())
