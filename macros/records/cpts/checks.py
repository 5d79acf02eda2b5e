"""Checks across fields and records, run once each record has validated: territory expansion,
region/département consistency, overlaps between territories.

References to referentials and to communes are checked during validation itself (see
``fields.in_referential`` and the validation context), so one pass reports them all.
"""
from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ...core.errors import Collector
from .model import Cpts, Territory
from ...core.reference import Reference
from ...core.yamlio import Located

if TYPE_CHECKING:
    from ...core.loader import LoadContext
    from .loading import CptsEntry


def check_cpts(record: Cpts, located: Located, rel: str, ctx: "LoadContext") -> bool:
    """All cross-file checks of one CPTS; True when it can be published."""
    refs, col = ctx.referentiels, ctx.collector
    ok = True
    if "non-renseigne" in record.etapes:
        col.error(rel, located.line(("etapes", "non-renseigne")), "« non-renseigne » n'est pas une étape : supprimez cette ligne")
        ok = False
    if record.region is not None:
        regions = {refs.departements[d].region for d in record.departements}
        if regions and record.region not in regions:
            col.error(rel, located.line(("region",)), f"la région « {record.region} » ({refs.regions[record.region].nom}) ne contient aucun des départements indiqués")
            ok = False
    if ok:
        _warn_inconsistent(record, located, rel, ctx)
    return ok


def _warn_inconsistent(record: Cpts, located: Located, rel: str, ctx: "LoadContext") -> None:
    ref = ctx.reference
    communes = expand_territory(record.territoire, ref)
    if record.siege and communes and not set(_with_arrondissements(record.siege, ref)) & set(communes):
        ctx.collector.warning(rel, located.line(("siege",)), "la commune du siège n'est pas dans le territoire")
    outside = sorted({ref.communes[c].departement for c in communes} - set(record.departements))
    if outside:
        ctx.collector.warning(rel, located.line(("departements",)), f"le territoire touche des départements absents de « departements » : {', '.join(outside)}")


def _with_arrondissements(code: str, ref: Reference) -> list[str]:
    """A commune split into municipal arrondissements (Paris, Lyon, Marseille) stands for them."""
    arrondissements = ref.arrondissements_of(code)
    return list(arrondissements) if arrondissements else [code]


def expand_territory(territory: Territory, ref: Reference) -> tuple[str, ...]:
    """Every commune (or arrondissement) code of a territory, sorted and without repeats."""
    codes: set[str] = set()
    for code in territory.communes:
        codes.update(_with_arrondissements(code, ref))
    for siren in territory.epci:
        for code in ref.expand_epci(siren):
            codes.update(_with_arrondissements(code, ref))
    for dep in territory.departements:
        for commune in ref.communes_of_departement(dep):
            codes.update(_with_arrondissements(commune.code, ref))
    return tuple(sorted(c for c in codes if c in ref.communes))


def check_overlaps(entries: dict[str, "CptsEntry"], collector: Collector) -> None:
    """A commune in two territories is a warning (it is counted once in coverage figures)."""
    owners: dict[str, list[str]] = defaultdict(list)
    for slug, entry in entries.items():
        for code in entry.communes:
            owners[code].append(slug)
    shared: dict[str, set[str]] = defaultdict(set)
    for code, slugs in owners.items():
        if len(slugs) > 1:
            for slug in slugs:
                shared[slug].add(code)
    for slug, codes in sorted(shared.items()):
        entry = entries[slug]
        sample = ", ".join(sorted(codes)[:5]) + (" …" if len(codes) > 5 else "")
        collector.warning(entry.path, 0, f"{len(codes)} commune(s) aussi dans le territoire d'une autre CPTS : {sample}")
