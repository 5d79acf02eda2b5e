"""What the maps and their accessible alternatives say, as plain values (no geometry, no markup).

This module owns the map vocabulary shared by the map documents (``maps``), the pages that embed
them and the tables that replace them: where a CPTS can be placed (its seat, else its territory,
else nowhere: "non localisée"), which régions get a map, the classes of the choropleth and the
rows of the tables. Which départements and régions a CPTS counts in, and the number of CPTS per
département, come from ``coverage``, so the maps and the coverage pages give the same figures.
It also holds the tile server setting (``Tiles``).
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from . import coverage
from ..records.cpts import view as cpts_view
from ..records.cpts.pages import page_url
from ..core import memo
from ..core.loader import Catalogue
from ..records.cpts.loading import CptsEntry
from ..render.fragments import relative_url

# Jinja markup: folium (branca) compiles what it renders as a template, so settings it receives
# must not contain any (see map_folium).
TEMPLATE_MARKUP = re.compile(r"\{[{%#]")
SHAPES = ("rond", "carre", "losange", "triangle", "croix")   # drawn by map_marker.html

# How a visitor reads a territory's line on the map, by precision (legend and tooltips).
OUTLINE_LABELS = {
    "exact": "territoire publié par une source",
    "partiel": "territoire partiel (au moins ces communes)",
    "approximation": "territoire approché (déduit du nom de la CPTS)",
}
# Line patterns, so precision is never told by colour alone (Leaflet dashArray, SVG too).
OUTLINE_DASHES = {"exact": None, "partiel": "2 5", "approximation": "8 6"}

# Choropleth: ColorBrewer "Blues", light to dark; the first class is "no CPTS".
CLASS_COLOURS = ("#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b")
OVERSEAS_REGIONS = ("01", "02", "03", "04", "06")


@dataclass(frozen=True)
class Tiles:
    """The tile server, from ``extra.portail`` in mkdocs.yml (named on the privacy page)."""

    url: str
    attribution: str

    def __post_init__(self) -> None:
        for value in (self.url, self.attribution):
            if TEMPLATE_MARKUP.search(value):
                raise ValueError(f"mkdocs.yml, extra.portail : « {value} » ne doit contenir ni « {{{{ » ni « {{% »")


def check_statuses(catalogue: Catalogue) -> None:
    """Every status must have a shape the maps can draw (fail the build with a French message)."""
    for slug, status in catalogue.referentiels.statuts.items():
        if status.forme not in SHAPES:
            raise ValueError(
                f"data/referentiels/statuts.yml : le statut « {slug} » a la forme « {status.forme} », "
                f"que les cartes ne savent pas dessiner (formes possibles : {', '.join(SHAPES)})"
            )


def placement(entry: CptsEntry) -> str | None:
    """Where the marker stands: "siege", "territoire", or None (the CPTS is "non localisée")."""
    if entry.record.siege:
        return "siege"
    if entry.communes:
        return "territoire"
    return None


def has_outline(entry: CptsEntry) -> bool:
    return bool(entry.communes)


def departements_of(catalogue: Catalogue, entry: CptsEntry) -> tuple[str, ...]:
    """Départements the CPTS counts in (declared or reached by its territory), as ``coverage`` says."""
    # Once per catalogue: the maps ask for every CPTS in turn.
    every = memo.per_catalogue("départements de chaque CPTS", catalogue, lambda: coverage.cpts_departements(catalogue))
    return tuple(sorted(every[entry.record.slug]))


def regions_of(catalogue: Catalogue, entry: CptsEntry) -> tuple[str, ...]:
    """Régions the CPTS counts in (declared, or those of its départements), as ``coverage`` says."""
    every = memo.per_catalogue("régions de chaque CPTS", catalogue, lambda: coverage.cpts_regions(catalogue))
    return tuple(sorted(every[entry.record.slug]))


def counts_by_departement(catalogue: Catalogue) -> dict[str, int]:
    """Number of CPTS per département, the figure of the coverage pages (a CPTS spanning two
    départements counts in both)."""
    return {code: area.nombre_cpts for code, area in coverage.departement_coverage(catalogue).items()}


def count_classes(max_count: int) -> list[dict[str, Any]]:
    """The choropleth's classes: "none", then up to four equal ranges up to ``max_count``."""
    classes = [{"min": 0, "max": 0, "couleur": CLASS_COLOURS[0], "libelle": "Aucune CPTS recensée"}]
    width = max(1, math.ceil(max_count / 4))
    low = 1
    for colour in CLASS_COLOURS[1:]:
        if low > max_count:
            break
        high = low + width - 1
        label = f"{low} CPTS" if low == high else f"{low} à {high} CPTS"
        classes.append({"min": low, "max": high, "couleur": colour, "libelle": label})
        low = high + 1
    return classes


def class_of(count: int, classes: list[dict[str, Any]]) -> dict[str, Any]:
    for item in classes:
        if item["min"] <= count <= item["max"]:
            return item
    return classes[-1]


def region_slug(name: str) -> str:
    """'Île-de-France' → 'ile-de-france' (the regional map page's URL)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def regions_with_cpts(catalogue: Catalogue) -> dict[str, list[str]]:
    """``{région code: [CPTS slugs]}`` for régions with at least one CPTS, in referential order."""
    members: dict[str, list[str]] = {}
    for slug, entry in catalogue.cpts.items():
        for code in regions_of(catalogue, entry):
            members.setdefault(code, []).append(slug)
    return {code: members[code] for code in catalogue.referentiels.regions if code in members}


def region_page_url(catalogue: Catalogue, code: str) -> str:
    return f"carte/{region_slug(catalogue.referentiels.regions[code].nom)}/"


def position_text(catalogue: Catalogue, entry: CptsEntry) -> str:
    """How the CPTS appears on the map, in words (the alternative table's last column)."""
    parts = []
    if entry.record.siege:
        parts.append(f"au siège ({catalogue.reference.communes[entry.record.siege].nom})")
    if entry.communes:
        parts.append(OUTLINE_LABELS[entry.record.territoire.precision])
    if not parts:
        return "Non localisée"
    text = " ; ".join(parts)
    return text[0].upper() + text[1:]


def table_rows(catalogue: Catalogue, slugs: list[str], here: str) -> list[dict[str, Any]]:
    """One row per CPTS for the table that replaces the map."""
    refs = catalogue.referentiels
    rows = []
    for slug in slugs:
        entry = catalogue.cpts[slug]
        rows.append({
            "slug": slug,
            "nom": entry.record.nom,
            "url": relative_url(here, page_url(slug)),
            "statut": cpts_view.status_view(catalogue, entry.record.statut),
            "departements": [{"code": d, "nom": refs.departements[d].nom} for d in departements_of(catalogue, entry)],
            "position": position_text(catalogue, entry),
            "localisee": placement(entry) is not None,
        })
    return sorted(rows, key=lambda r: _sort_key(r["nom"]))


def departement_rows(catalogue: Catalogue, codes: list[str]) -> list[dict[str, Any]]:
    """The choropleth as a table: every département of the map with its number of CPTS."""
    counts = counts_by_departement(catalogue)
    refs = catalogue.referentiels
    return [{"code": c, "nom": refs.departements[c].nom, "region": refs.regions[refs.departements[c].region].nom,
             "nombre": counts[c]} for c in codes]


def _sort_key(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
