"""SYNTHETIC listings built by the tests in their temporary folder (no binary file in the repository).

The CPTS names are invented (« CPTS Fictive … »); the communes and their points are real, taken
from data/reference/communes.csv, so that matching is tested against the real reference.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from macros.core.reference import load_reference
from tests.conftest import ROOT


def write_xlsx(path: Path) -> Path:
    """A workbook as an ARS would send it: a notes sheet first, title rows, merged CPTS cells, dates, numbers."""
    import openpyxl

    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Lisez-moi"
    notes.append(["Liste SYNTHÉTIQUE pour les tests du portail"])
    sheet = book.create_sheet("CPTS")
    sheet.append(["Liste des CPTS – document de travail"])
    sheet.append([])
    sheet.append(["N° FINESS", "NOM DE LA CPTS", "Code INSEE", "Commune", "Dépt", "État d'avancement",
                  "Date validation projet de santé", "Population"])
    sheet.append(["2B0000042", "CPTS Fictive de Balagne Haute", "2B050", "Calvi", "2B", "Projet de santé validé",
                  dt.datetime(2022, 3, 1), 15000])
    sheet.append([None, None, "2B049", None, None, None, None, None])
    sheet.append([None, None, None, "Lumio", "2B", None, None, None])
    sheet.append([830000029, "CPTS Fictive Rade Ouest", 83129, "Six-Fours-les-Plages", 83, "ACI signé", None, None])
    sheet.append([10000031, "CPTS Fictive Plateau de Hauteville", 1185, "HAUTEVILLE LOMPNES", 1, "pré-projet",
                  None, None])
    sheet.merge_cells("B4:B6")  # the CPTS name written once for its three rows
    book.save(path)
    return path


def feature(name: str, geometry: dict | None = None, **props) -> dict:
    return {"type": "Feature", "properties": {"nom": name, **props}, "geometry": geometry}


def squares_around(codes: list[str], half: float = 0.002) -> dict:
    """A MultiPolygon of tiny squares around the reference points of ``codes`` (real points, synthetic contour)."""
    ref = load_reference(ROOT)
    polygons = []
    for code in codes:
        c = ref.communes[code]
        polygons.append([[[c.lon - half, c.lat - half], [c.lon + half, c.lat - half], [c.lon + half, c.lat + half],
                          [c.lon - half, c.lat + half], [c.lon - half, c.lat - half]]])
    return {"type": "MultiPolygon", "coordinates": polygons}


def write_geojson(path: Path, features: list[dict]) -> Path:
    collection = {"type": "FeatureCollection", "features": features}
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return path


def contour_of(codes: list[str], cut: tuple[str, str] | None = None, keep: str | None = None) -> dict:
    """A contour made of the real IGN polygons of ``codes``, plus optionally:

    - ``cut=(code, "ouest")``: the western part of a commune, up to just before its point (point outside);
    - ``keep=code``: a small square of a commune around its point (point inside, most of its surface outside).
    """
    from shapely.geometry import box, mapping
    from shapely.ops import unary_union

    from macros.geo.geometry import commune_geometries

    ref, geometries = load_reference(ROOT), commune_geometries()
    parts = [geometries[c] for c in codes]
    if cut:
        commune = ref.communes[cut[0]]
        west, south, _, north = geometries[cut[0]].bounds
        parts.append(geometries[cut[0]].intersection(box(west, south, commune.lon - 0.003, north)))
    if keep:
        commune = ref.communes[keep]
        square = box(commune.lon - 0.005, commune.lat - 0.005, commune.lon + 0.005, commune.lat + 0.005)
        parts.append(geometries[keep].intersection(square))
    return mapping(unary_union(parts))
