"""Macros of the hand-written pages about the CPTS: the directory table, counts by status, the total.

Thin adapters: each takes the current page's URL from mkdocs-macros, asks ``view`` for values and
renders a fragment.
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from ...core.loader import Catalogue
from ...render.fragments import french_number, relative_url, render_fragment
from . import view as cpts_view
from .pages import page_url


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
        return (render_fragment(
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
