"""The French report of an import: on the terminal, and as CSV (``--rapport``).

Owns the wording staff read: what was read of the file and what was left out (sheet, hidden
rows, columns, titles and totals, communes without CPTS); records created, updated, unchanged
or left aside; communes matched other than by their exact name, with how; rows not matched,
with the closest candidates.
"""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from .communes import METHODS
from .pipeline import Result

# Matches safe enough to be counted on the terminal rather than listed one by one (the CSV lists all).
QUIET_METHODS = {"exact", "code", "polygone"}
NORMALISED_SHOWN = 20  # « LA GARDE » → La Garde: frequent in upper-case listings, the CSV has them all
KIND_LABELS = {"creation": "à créer", "mise_a_jour": "à mettre à jour", "inchangee": "inchangées",
               "ignoree": "laissées de côté"}
DONE_LABELS = {"creation": "créées", "mise_a_jour": "mises à jour", "inchangee": "inchangées",
               "ignoree": "laissées de côté"}
CSV_COLUMNS = ["type", "cpts", "fiche", "ligne", "commune_saisie", "departement_saisi", "code_insee_saisi",
               "code_insee", "commune", "methode", "candidats", "detail"]


def _typed(commune) -> str:
    return commune.typed or commune.code


def terminal(result: Result, ref, written: bool) -> str:
    """The report printed after an import (``written``: files were written, else a dry run)."""
    out = [(f"Import de « {result.file} » ({result.description}) : {result.rows} {result.unit}(s), "
            f"{len(result.actions)} CPTS, {len(result.matches)} commune(s).")]
    if not written:
        out.append("Simulation : aucun fichier n'est écrit (ajoutez --ecrire pour enregistrer).")
    if result.notes:
        out.append("\nLecture du fichier :")
        out += [f"  ! {note}" for note in result.notes]
    labels = DONE_LABELS if written else KIND_LABELS
    for kind in ("creation", "mise_a_jour", "inchangee", "ignoree"):
        actions = result.of_kind(kind)
        out.append(f"\nCPTS {labels[kind]} : {len(actions)}")
        for action in actions:
            what = f"data/cpts/{action.slug}.yml" if action.slug else "(aucune fiche)"
            detail = f" — {', '.join(action.changes)}" if action.changes else ""
            if kind == "creation":
                communes = len(action.data["territoire"]["communes"])
                detail = f" — {communes} commune{'s' if communes > 1 else ''}, statut {action.data['statut']}"
            out.append(f"  {what} « {action.listed.nom} »{detail}")
            out += [f"      ! {note}" for note in action.notes]
    counts = Counter(m.method for _, _, m in result.matches if m.matched)
    if counts:
        by_method = " ; ".join(f"{METHODS[k]} : {n}" for k, n in sorted(counts.items()))
        out.append(f"\nCommunes reconnues, par méthode : {by_method}")
    others = [(c, lc, m) for c, lc, m in result.matches if m.matched and m.method not in QUIET_METHODS]
    if others:
        out.append(f"\nCommunes reconnues autrement que par leur nom exact : {len(others)}")
        shown_normalised = 0
        for cpts, commune, match in others:
            if match.method == "normalise":
                shown_normalised += 1
                if shown_normalised > NORMALISED_SHOWN:
                    continue
            target = ref.communes[match.code]
            extra = f" ({match.detail})" if match.detail else ""
            out.append(f"  {result.unit} {commune.row} : « {_typed(commune)} »{_dep(commune)} → "
                       f"{target.nom} ({match.code}) — {METHODS[match.method]}{extra}")
        if shown_normalised > NORMALISED_SHOWN:
            out.append(f"  … et {shown_normalised - NORMALISED_SHOWN} autre(s) nom(s) normalisé(s) : "
                       "liste complète avec --rapport")
    unmatched = result.unmatched
    out.append(f"\nCommunes non trouvées : {len(unmatched)}")
    for cpts, commune, match in unmatched:
        candidates = f" ; candidates : {', '.join(match.candidates)}" if match.candidates else ""
        out.append(f"  {result.unit} {commune.row} (« {cpts.nom} ») : « {_typed(commune)} »{_dep(commune)} — "
                   f"{match.detail}{candidates}")
    return "\n".join(out)


def _safe(value) -> str:
    """A listing's cell cannot run as a spreadsheet formula when staff open the report."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _safe_row(row: dict) -> dict[str, str]:
    return {key: _safe(value) for key, value in row.items()}


def _dep(commune) -> str:
    return f" ({commune.dep})" if commune.dep else ""


def write_csv(result: Result, ref, path: Path) -> None:
    """Every action and every commune's match, one row each (UTF-8 with BOM: spreadsheets read the accents)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS, delimiter=";")
        writer.writeheader()
        for note in result.notes:
            writer.writerow(_safe_row({"type": "fichier", "detail": note}))
        for action in result.actions:
            writer.writerow(_safe_row({"type": action.kind, "cpts": action.listed.nom, "fiche": action.slug or "",
                                       "ligne": ", ".join(str(r) for r in action.listed.rows[:1]),
                                       "detail": " ; ".join([*action.changes, *action.notes])}))
        for cpts, commune, match in result.matches:
            target = ref.communes.get(match.code) if match.code else None
            writer.writerow(_safe_row({
                "type": "commune" if match.matched else "non_trouvee", "cpts": cpts.nom, "ligne": commune.row,
                "commune_saisie": commune.typed, "departement_saisi": commune.dep, "code_insee_saisi": commune.code,
                "code_insee": match.code or "", "commune": target.nom if target else "",
                "methode": METHODS.get(match.method, ""), "candidats": " | ".join(match.candidates),
                "detail": match.detail,
            }))
