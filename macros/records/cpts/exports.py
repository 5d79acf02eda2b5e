"""Open-data twins of the directory: each record's YAML, and all CPTS as CSV and JSON.

Published under ``/donnees/`` so that anyone can reuse the data with its sources; the same
summary feeds the directory table, so the numbers always agree.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from . import view as cpts_view
from ...core.loader import Catalogue

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


def spreadsheet_safe_csv(rows: list[dict[str, Any]], columns: list[str], numeric: frozenset[str] = frozenset()) -> str:
    """CSV text whose cells cannot run as spreadsheet formulas.

    A text cell starting with = + - @ is run as a formula by spreadsheets: it gets a leading
    apostrophe. ``numeric`` columns hold numbers (a negative value is not a formula).
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("'" + v if isinstance(v, str) and v and v[0] in "=+-@" and k not in numeric else v)
                         for k, v in row.items()})
    return out.getvalue()


# Record types whose files are published as they are, besides the CPTS (``yaml_twins``).
TWINNED_FEATURES = ("actions", "actualites", "evenements", "outils")


def yaml_twins(catalogue: Catalogue, config: Any) -> dict[str, bytes]:
    """Each record's YAML file, byte for byte: ``data/<type>/<slug>.yml`` → ``donnees/<type>/<slug>.yml``.

    Pages link to them but no page is built from them: the second process writes them
    (``deferred``), which keeps ~1,500 files at national scale out of MkDocs' file list.
    """
    entries = list(catalogue.cpts.values())
    entries += [entry for name in TWINNED_FEATURES for entry in catalogue.features.get(name, {}).values()]
    return {"donnees/" + entry.path.removeprefix("data/"): (catalogue.root / entry.path).read_bytes() for entry in entries}


def files(catalogue: Catalogue, config: Any) -> dict[str, str | bytes]:
    out: dict[str, str | bytes] = {}
    rows = _rows(catalogue)
    out["donnees/cpts.csv"] = spreadsheet_safe_csv(rows, CSV_COLUMNS)
    out["donnees/cpts.json"] = json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    return out
