"""The coverage pages: macros for ``docs/couverture.md`` and one generated page per région.

The national page shows the figures per région and per département; the communes covered by
no published CPTS (tens of thousands of names) go to one page per région
(``couverture/<région>/``), folded per département, so that no page grows too heavy. Figures
come from ``coverage``; markup from the ``couverture_*.html`` fragments.
"""
from __future__ import annotations

import html
import re
from typing import Any

from ..records.cpts import view as cpts_view
from .coverage import (
    AreaCoverage,
    data_date,
    departement_coverage,
    departements_of_region,
    name_key,
    national_coverage,
    region_coverage,
)
from ..core import memo
from ..core.loader import Catalogue
from ..render.pages import markdown_page
from ..render.fragments import french_date, french_number, relative_url, render_fragment

INDEX_URL = "couverture/"


def slugify(text: str) -> str:
    """'Provence-Alpes-Côte d'Azur' → 'provence-alpes-cote-d-azur'."""
    return re.sub(r"[^a-z0-9]+", "-", name_key(text)).strip("-")


def region_url(catalogue: Catalogue, code: str) -> str:
    return f"{INDEX_URL}{slugify(catalogue.reference.regions[code].nom)}/"


def share_text(coverage: AreaCoverage) -> str:
    """'12,5 %'; '< 0,1 %' for a small non-zero share (never rounded down to a false 0)."""
    part = coverage.part
    if part is None:
        return "—"
    if 0 < part < 0.001:
        return "< 0,1 %"
    return f"{french_number(part * 100, 1)} %"


def row_view(catalogue: Catalogue, coverage: AreaCoverage, here: str, communes_url: str | None) -> dict[str, Any]:
    """One table row: figures as the visitor reads them, statuses with their labels."""
    return {
        "code": coverage.code,
        "nom": coverage.nom,
        "nombre_cpts": coverage.nombre_cpts,
        "statuts": [{**cpts_view.status_view(catalogue, slug), "nombre": n}
                    for slug, n in coverage.cpts_par_statut.items() if n],
        "population_couverte": coverage.population_couverte,
        "population_totale": coverage.population_totale,
        "part": coverage.part or 0,
        "part_texte": share_text(coverage),
        "non_couvertes": len(coverage.non_couvertes),
        "unites": coverage.unites,
        "communes_url": relative_url(here, communes_url) if communes_url else None,
    }


def region_rows(catalogue: Catalogue, here: str) -> list[dict[str, Any]]:
    return [row_view(catalogue, cov, here, region_url(catalogue, code))
            for code, cov in region_coverage(catalogue).items()]


def departement_rows(catalogue: Catalogue, here: str, codes: list[str] | None = None) -> list[dict[str, Any]]:
    """Rows of the given départements (all by default); each links to its list of communes."""
    deps = departement_coverage(catalogue)
    ref = catalogue.reference
    rows = []
    for code in codes if codes is not None else list(deps):
        target = region_url(catalogue, ref.departements[code].region) + f"#dep-{code}"
        rows.append(row_view(catalogue, deps[code], here, target))
    return rows


def uncovered_names(catalogue: Catalogue, coverage: AreaCoverage) -> list[str]:
    """Names of the units covered by no CPTS, alphabetical (French order); under ``mkdocs serve``
    reused while the same codes are uncovered (``core.memo``)."""
    def compute() -> list[str]:
        names = [catalogue.reference.communes[code].nom for code in coverage.non_couvertes]
        return sorted(names, key=lambda n: (name_key(n), n))
    return list(memo.memoized("communes-non-couvertes", coverage.non_couvertes, compute, pins=(catalogue.reference,)))


def region_page(catalogue: Catalogue, code: str) -> tuple[str, str]:
    """Path and content of one région's page."""
    here = region_url(catalogue, code)
    region = region_coverage(catalogue)[code]
    deps = departements_of_region(catalogue, code)
    coverages = departement_coverage(catalogue)
    body = render_fragment(
        catalogue.root, "couverture_region.html",
        region=row_view(catalogue, region, here, None),
        rows=departement_rows(catalogue, here, deps),
        departements=[{"code": d, "nom": coverages[d].nom, "row": row_view(catalogue, coverages[d], here, None),
                       "communes": uncovered_names(catalogue, coverages[d])} for d in deps],
        date=french_date(data_date(catalogue)),
        index_url=relative_url(here, INDEX_URL),
        finder_url=relative_url(here, "trouver-ma-cpts/"),
    )
    title = f"Couverture de la population : {region.nom}"
    front = {"title": html.escape(title),
             "description": html.escape(f"CPTS publiées, population couverte et communes sans CPTS renseignée : {region.nom}.")}
    return f"{here.rstrip('/')}.md", markdown_page(front, body)


def files(catalogue: Catalogue, config: Any) -> dict[str, str]:
    return dict(region_page(catalogue, code) for code in region_coverage(catalogue))



def register(env, catalogue: Catalogue) -> None:
    def here() -> str:
        return env.page.url if env.page is not None else ""

    @env.macro
    def couverture_date() -> str:
        """Date of the most recently updated CPTS record, in French."""
        return french_date(data_date(catalogue))

    @env.macro
    def couverture_synthese() -> str:
        """National figures: CPTS by status, population covered, share, communes covered."""
        return render_fragment(catalogue.root, "couverture_synthese.html",
                               france=row_view(catalogue, national_coverage(catalogue), here(), None))

    @env.macro
    def couverture_regions() -> str:
        return render_fragment(catalogue.root, "couverture_table.html", rows=region_rows(catalogue, here()),
                               niveau="Région", caption="Couverture de la population par région")

    @env.macro
    def couverture_departements() -> str:
        return render_fragment(catalogue.root, "couverture_table.html", rows=departement_rows(catalogue, here()),
                               niveau="Département", caption="Couverture de la population par département")

