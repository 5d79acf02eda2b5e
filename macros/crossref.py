"""Checks that need more than one file: references to referentials, communes, EPCI, sources.

A CPTS file can be valid on its own and still point at a status that does not exist or at a
commune code that is not a commune; these checks say so with the line of the reference.
"""
from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any, Iterable

from .errors import Collector
from .models import Cpts, Territory
from .reference import Reference
from .yamlio import Located

if TYPE_CHECKING:
    from .loader import CptsEntry, LoadContext


def _known(values: Iterable[str], allowed: dict[str, Any], what: str, path: tuple, located: Located,
           rel: str, collector: Collector, limit: int = 12) -> bool:
    """Report each value not in ``allowed``; True when all are known."""
    ok = True
    for i, value in enumerate(values):
        if value not in allowed:
            choices = ", ".join(list(allowed)[:limit]) + (" …" if len(allowed) > limit else "")
            where = located.line(path + (i,)) if isinstance(values, (list, tuple)) else located.line(path)
            collector.error(rel, where, f"{what} « {value} » inconnu(e) (valeurs possibles : {choices})")
            ok = False
    return ok


def check_sources(sources: Iterable[Any], path: tuple, located: Located, rel: str, ctx: "LoadContext") -> bool:
    """Every cited document exists in the referential, and cited lines exist in it."""
    ok = True
    documents = ctx.referentiels.documents
    for i, source in enumerate(sources):
        if source is None or source.document is None:
            continue
        line = located.line(path + (i, "document")) if i is not None else located.line(path + ("document",))
        doc = documents.get(source.document)
        if doc is None:
            ctx.collector.error(rel, line, f"document source « {source.document} » inconnu (voir data/referentiels/documents.yml : {', '.join(documents)})")
            ok = False
            continue
        last = int(source.lignes.split("-")[-1])
        if doc.lignes and last > doc.lignes:
            ctx.collector.error(rel, line, f"lignes « {source.lignes} » hors du document « {source.document} », qui compte {doc.lignes} lignes")
            ok = False
    return ok


def _all_sources(record: Cpts) -> list[tuple[tuple, list]]:
    """(path, [source…]) for every place a CPTS record cites a source."""
    found = [(("sources",), list(record.sources))]
    for name in ("population", "professionnels", "adherents"):
        figure = getattr(record, name)
        if figure is not None:
            found.append(((name, "source"), [figure.source]))
    for i, officer in enumerate(record.gouvernance):
        found.append((("gouvernance", i, "source"), [officer.source]))
    return found


def _check_single_sources(record: Cpts, located: Located, rel: str, ctx: "LoadContext") -> bool:
    ok = True
    for path, sources in _all_sources(record):
        if path == ("sources",):
            ok &= check_sources(sources, path, located, rel, ctx)
        else:
            ok &= _check_one_source(sources[0], path, located, rel, ctx)
    return ok


def _check_one_source(source: Any, path: tuple, located: Located, rel: str, ctx: "LoadContext") -> bool:
    if source.document is None:
        return True
    doc = ctx.referentiels.documents.get(source.document)
    line = located.line(path + ("document",))
    if doc is None:
        ctx.collector.error(rel, line, f"document source « {source.document} » inconnu (voir data/referentiels/documents.yml)")
        return False
    if doc.lignes and int(source.lignes.split("-")[-1]) > doc.lignes:
        ctx.collector.error(rel, line, f"lignes « {source.lignes} » hors du document « {source.document} », qui compte {doc.lignes} lignes")
        return False
    return True


def _check_codes(record: Cpts, located: Located, rel: str, ctx: "LoadContext") -> bool:
    ref, col = ctx.reference, ctx.collector
    ok = True
    anciennes = {c.code: c for c in ref.anciennes}
    codes = [(("territoire", "communes", i), c) for i, c in enumerate(record.territoire.communes)]
    if record.siege:
        codes.append((("siege",), record.siege))
    for path, code in codes:
        if code in ref.communes:
            continue
        ok = False
        if code in anciennes:
            parent = ref.communes.get(anciennes[code].parent)
            col.error(rel, located.line(path), f"« {code} » ({anciennes[code].nom}) n'est plus une commune : utilisez le code de la commune actuelle « {anciennes[code].parent} »" + (f" ({parent.nom})" if parent else ""))
        else:
            col.error(rel, located.line(path), f"code INSEE « {code} » inconnu : aucune commune actuelle ne porte ce code")
    for i, siren in enumerate(record.territoire.epci):
        if siren not in ref.epci:
            col.error(rel, located.line(("territoire", "epci", i)), f"EPCI « {siren} » inconnu (SIREN de communauté de communes, d'agglomération, urbaine ou de métropole)")
            ok = False
    for path, codes_list in ((("departements",), record.departements), (("territoire", "departements"), record.territoire.departements)):
        ok &= _known(codes_list, ctx.referentiels.departements, "département", path, located, rel, col)
    return ok


def check_cpts(record: Cpts, located: Located, rel: str, ctx: "LoadContext") -> bool:
    """All cross-file checks of one CPTS; True when it can be published."""
    refs, col = ctx.referentiels, ctx.collector
    ok = _known([record.statut], refs.statuts, "statut", ("statut",), located, rel, col)
    ok &= _known(list(record.etapes), {k: v for k, v in refs.statuts.items() if k != "non-renseigne"}, "étape", ("etapes",), located, rel, col)
    ok &= _known(record.missions, refs.missions, "mission", ("missions",), located, rel, col)
    ok &= _known([o.role for o in record.gouvernance], refs.roles, "rôle", ("gouvernance",), located, rel, col)
    if record.region is not None:
        if _known([record.region], refs.regions, "région", ("region",), located, rel, col):
            regions = {refs.departements[d].region for d in record.departements if d in refs.departements}
            if regions and record.region not in regions:
                col.error(rel, located.line(("region",)), f"la région « {record.region} » ({refs.regions[record.region].nom}) ne contient aucun des départements indiqués")
                ok = False
        else:
            ok = False
    ok &= _check_codes(record, located, rel, ctx)
    ok &= _check_single_sources(record, located, rel, ctx)
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
