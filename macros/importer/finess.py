"""Reading the national FINESS extraction (data.gouv.fr, « etalab-cs1100507 ») for category 604, the CPTS.

Owns the layout of that file — no header row, a first line « finess;etalab;… », then one
« structureet » line per establishment with fixed columns — and what it gives about a CPTS: its
FINESS number, its name and the commune of its seat. It gives no territory: records created
from it say so, and the commune of the seat is written in ``siege``.
"""
from __future__ import annotations

from .listing import ListedCpts
from .tables import Table

CPTS_CATEGORY = "604"
# Columns of the « structureet » lines (0-based), as the extraction documents them.
NOFINESSET, RS, RSLONGUE, COMMUNE, DEPARTEMENT, CATEGETAB = 1, 3, 4, 12, 13, 18
# Overseas départements are lettered in FINESS (9A Guadeloupe … 9F Mayotte); their communes'
# three digits then follow « 97 » in the INSEE code (Saint-Denis de La Réunion: 9D, 411 → 97411).
_OVERSEAS = {"9A", "9B", "9C", "9D", "9E", "9F"}


def is_finess(table: Table) -> bool:
    """A FINESS extraction: its lines start with « finess » / « structureet », not with a header row."""
    first = table.rows[0][1] if table.rows else []
    if first and first[0].lower() == "finess":
        return True
    return any(cells[:1] == ["structureet"] for _, cells in table.rows[:5])


def insee_code(departement: str, commune: str) -> str:
    """INSEE code of a FINESS establishment's commune (département + three digits)."""
    commune, departement = commune.strip().zfill(3), departement.strip().upper()
    if departement in _OVERSEAS:
        return "97" + commune
    if len(departement) == 3:  # « 974 » and a commune « 411 » or « 11 »
        return departement + commune[-2:]
    return departement.zfill(2) + commune


def read_finess(table: Table) -> list[ListedCpts]:
    """One ``ListedCpts`` per establishment of category 604, with its FINESS number and seat."""
    listed = []
    for number, cells in table.rows:
        if cells[:1] != ["structureet"] or len(cells) <= CATEGETAB or cells[CATEGETAB] != CPTS_CATEGORY:
            continue
        name = cells[RSLONGUE] or cells[RS]
        cpts = ListedCpts(nom=" ".join(name.split()), rows=[number], finess=cells[NOFINESSET].upper() or None)
        cpts.siege = insee_code(cells[DEPARTEMENT], cells[COMMUNE]) if cells[COMMUNE] else None
        listed.append(cpts)
    return listed
