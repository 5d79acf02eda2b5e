"""Macros for hand-written pages: the CPTS directory table, counts by status, key numbers.

Each macro is a thin adapter: it takes the current page's URL from mkdocs-macros, asks
``cpts_view`` for values and renders a fragment.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from ..records.cpts import view as cpts_view
from . import page_refs
from ..records import schema_docs
from ..core.errors import Problem
from ..records.cpts.pages import page_url
from .generated import raw_block
from ..core.loader import Catalogue
from ..render.fragments import french_number, relative_url, render_fragment

# Features with macros of their own register them here: callables (env, catalogue) -> None.
MACRO_REGISTRARS: list = [schema_docs.register]


def add_macros(registrar) -> None:  # noqa: ANN001 - (env, catalogue) -> None
    """Add a feature's macro registrar once (a module imported twice must not register twice)."""
    if registrar not in MACRO_REGISTRARS:
        MACRO_REGISTRARS.append(registrar)


def status_counts(catalogue: Catalogue) -> list[dict[str, Any]]:
    counts = Counter(entry.record.statut for entry in catalogue.cpts.values())
    return [{**cpts_view.status_view(catalogue, slug), "nombre": counts.get(slug, 0)}
            for slug in catalogue.referentiels.statuts]


def directory_rows(catalogue: Catalogue, here: str) -> list[dict[str, Any]]:
    rows = []
    for slug, entry in catalogue.cpts.items():
        row = cpts_view.summary(catalogue, entry)
        row["url"] = relative_url(here, page_url(slug))
        rows.append(row)
    return rows


def reference_checks() -> dict:
    """What each macro names, to check in hand-written pages (see ``page_refs``)."""
    from ..geo import finder
    from ..records.observatoire import macros as observatoire_macros

    return {**schema_docs.REFERENCE_CHECKS, **finder.REFERENCE_CHECKS, **observatoire_macros.REFERENCE_CHECKS}


def page_problems(catalogue: Catalogue, docs_dir: Path) -> list[Problem]:
    """Every problem of the macro calls in ``docs_dir``'s pages, as ``docs/x.md:LINE: message``."""
    macros = page_refs.macro_table(catalogue, [register])
    return page_refs.check_pages(docs_dir, catalogue.root, macros, reference_checks(), catalogue)


def register(env, catalogue: Catalogue) -> None:  # noqa: ANN001 - mkdocs-macros' object
    def here() -> str:
        return env.page.url if env.page is not None else ""

    @env.macro
    def annuaire_tableau() -> str:
        """The filterable, sortable table of every CPTS (works without JavaScript as a table)."""
        rows = directory_rows(catalogue, here())
        refs = catalogue.referentiels
        used_regions = sorted({r["region"]["code"] for r in rows if r["region"]}, key=lambda c: refs.regions[c].nom)
        used_deps = sorted({d["code"] for r in rows for d in r["departements"]})
        return raw_block(render_fragment(
            catalogue.root, "annuaire_table.html", rows=rows,
            regions=[{"code": c, "nom": refs.regions[c].nom} for c in used_regions],
            departements=[{"code": c, "nom": refs.departements[c].nom} for c in used_deps],
            statuts=status_counts(catalogue),
            tailles=sorted({r["taille"] for r in rows if r["taille"]}),
            export_csv=relative_url(here(), "donnees/cpts.csv"),
            export_json=relative_url(here(), "donnees/cpts.json"),
        ))

    @env.macro
    def comptes_par_statut() -> str:
        return render_fragment(catalogue.root, "statut_counts.html", statuts=status_counts(catalogue),
                               total=len(catalogue.cpts))

    @env.macro
    def nombre_cpts() -> str:
        return french_number(len(catalogue.cpts))

    for registrar in MACRO_REGISTRARS:
        registrar(env, catalogue)
