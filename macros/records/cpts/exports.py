"""Open data of the directory: all CPTS as CSV and JSON (each record's YAML: ``records.twins``).

Published under ``/donnees/`` so that anyone can reuse the data with its sources; the same
summary feeds the directory table, so the numbers always agree.
"""
from __future__ import annotations

import json
from typing import Any

from . import view as cpts_view
from .. import export_schemas
from ...core.loader import Catalogue
from ...render.spreadsheet import spreadsheet_safe_csv

CSV_COLUMNS = ["slug", "nom", "statut", "taille", "region", "departements", "population",
               "origine_population", "nombre_communes", "precision_territoire", "missions", "mise_a_jour"]


def _rows(catalogue: Catalogue) -> list[dict[str, Any]]:
    rows = []
    for entry in catalogue.cpts.values():
        s = cpts_view.summary(catalogue, entry)
        rows.append({
            "slug": s["slug"], "nom": s["nom"], "statut": s["statut"]["libelle"], "taille": s["taille"] or "",
            "region": s["region"]["nom"] if s["region"] else "",
            "departements": " ".join(d["code"] for d in s["departements"]),
            "population": s["population"]["valeur"] if s["population"] else "",
            "origine_population": s["population"]["origine"] if s["population"] else "",
            "nombre_communes": s["nombre_communes"], "precision_territoire": s["precision"],
            "missions": " ; ".join(s["missions"]), "mise_a_jour": s["mise_a_jour"],
        })
    return rows


def files(catalogue: Catalogue, config: Any) -> dict[str, str | bytes]:
    out: dict[str, str | bytes] = {}
    rows = _rows(catalogue)
    out["donnees/cpts.csv"] = spreadsheet_safe_csv(rows, CSV_COLUMNS)
    # The JSON rows are typed (null when unknown) and described by export_schemas.CptsExport.
    json_rows = export_schemas.cpts_rows([cpts_view.summary(catalogue, entry) for entry in catalogue.cpts.values()])
    out["donnees/cpts.json"] = json.dumps(json_rows, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    return out
