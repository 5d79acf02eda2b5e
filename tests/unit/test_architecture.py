"""The layout of ``macros/`` stays the architecture it shows (README « Organisation du code »).

The import graph between the parts of the package (packages at any depth — ``records`` and
``records.cpts`` are two parts — and top-level modules; every import counted, lazy ones too) has
no cycle; the layers only import downwards; only ``build/`` imports MkDocs; and importing a
module registers nothing: the site is what ``macros/features.py`` lists.
Run ``python -m macros.tools.import_graph`` to see the graph.
"""
from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import macros
from macros.tools import import_graph

PACKAGE_DIR = Path(macros.__file__).parent
# Lower layers never import higher ones; features.py and the entry points sit on top.
LAYERS = ["core", "render", "records", "geo", "portal", "build"]


def test_no_import_cycle_between_parts():
    edges, _ = import_graph.graph(PACKAGE_DIR)
    assert import_graph.cycles(edges) == []
    # Record types depend on the shared record modules, never the other way round.
    assert [(a, b) for a, b in edges if a == "records" and b.startswith("records.")] == []


def test_layers_only_import_downwards():
    edges, _ = import_graph.graph(PACKAGE_DIR, top=True)
    upward = [(a, b) for a, b in edges if a in LAYERS and b in LAYERS and LAYERS.index(b) > LAYERS.index(a)]
    assert upward == [], "a lower layer imports a higher one"
    # The sub-packages know the feature list only through the catalogue they are given.
    assert [(a, b) for a, b in edges if a in LAYERS[:-1] and b in ("features", "catalogue")] == []


def test_only_build_imports_mkdocs():
    _, third_party = import_graph.graph(PACKAGE_DIR)
    assert {import_graph.part_of(m, top=True) for m in third_party.get("mkdocs", ())} == {"build"}


def test_the_graph_sees_relative_and_lazy_imports(tmp_path):
    package = tmp_path / "macros"
    (package / "a").mkdir(parents=True)
    (package / "b").mkdir()
    for path in ("__init__.py", "a/__init__.py", "b/__init__.py"):
        (package / path).write_text("")
    (package / "a" / "x.py").write_text("def f():\n    from ..b import y\n")
    (package / "b" / "y.py").write_text("from macros.a import x\n")
    edges, _ = import_graph.graph(package)
    assert set(edges) == {("a", "b"), ("b", "a")}
    assert import_graph.cycles(edges) == [["a", "b"]]


def test_importing_every_module_changes_nothing_the_build_reads():
    from macros.features import FEATURES

    before = [(f.name, f.loader, f.files, f.deferred, f.macros, f.cpts_page) for f in FEATURES]
    for module in pkgutil.walk_packages(macros.__path__, "macros."):
        importlib.import_module(module.name)
    after = [(f.name, f.loader, f.files, f.deferred, f.macros, f.cpts_page) for f in FEATURES]
    assert after == before
    # No registry is left for an import to fill.
    from macros.build import deferred, generated, site_macros
    from macros.core import loader
    from macros.records.cpts import pages

    for module, name in [(loader, "FEATURE_LOADERS"), (generated, "FILE_PROVIDERS"), (deferred, "DEFERRED_PROVIDERS"),
                         (site_macros, "MACRO_REGISTRARS"), (pages, "PAGE_CONTEXT"), (generated, "BODIES")]:
        assert not hasattr(module, name), f"{module.__name__}.{name}"


def test_old_module_paths_are_the_moved_modules():
    """Branches written before the sub-packages import ``macros.loader``, ``macros.reference``…"""
    for old, new in macros.MOVED.items():
        assert importlib.import_module(f"macros.{old}") is importlib.import_module(f"macros.{new}")
    from macros.catalogue import LoadContext, load_catalogue, read_records  # noqa: F401 - the importer's names
    assert not (PACKAGE_DIR / "loader.py").exists(), "no file at an old path: git pairs the moved file with it"
