"""Reconciling listed CPTS with the records of ``data/cpts/``: create, update, or leave alone.

Owns the rules that keep staff's work safe: a CPTS that already has a record (same FINESS, or
same normalised name in a shared département) is updated, never duplicated; hand-written fields
(presentation, missions, gouvernance, remarques, autres_noms, contacts already set…) are never
touched; a value the listing contradicts is reported, not overwritten (statut never goes back
down the ladder); the import's provenance is added to ``sources``. Re-importing the same listing
changes nothing, so the date of the import is only written when something else changed.
"""
from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import Collector
from ..core.reference import Reference
from ..core.yamlio import read_yaml
from .errors import ImportInputError
from .listing import STATUS_ORDER, ListedCpts, row_ranges
from .text import fold, slugify

IMPORT_NOTE = "Communes de la liste importée"  # marks a territory the importer may replace later
_NAME_NOISE = {"cpts", "communaute", "professionnelle", "territoriale", "de", "du", "des", "d", "l", "la", "le", "les",
               "sante", "et"}


@dataclass
class Existing:
    """A record of data/cpts/ as written (plain YAML values)."""

    slug: str
    path: Path
    data: dict[str, Any]


@dataclass
class Action:
    """What the import does to one CPTS."""

    kind: str                      # creation | mise_a_jour | inchangee | ignoree
    listed: ListedCpts
    slug: str | None = None
    data: dict[str, Any] | None = None
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    """The import's provenance and the reference, shared by every record."""

    source: dict[str, Any]         # {"import": {fichier, feuille?, lignes, date}} without the rows
    date: str
    reference: Reference


def cpts_key(name: str) -> str:
    """« CPTS du Pays de Redon » and « Communauté professionnelle territoriale de santé Pays Redon » meet here."""
    words = re.sub(r"\b(\d+)\s?(?:e|er|ere|eme|em)\b", r"\1", fold(name)).split()
    kept = [w for w in words if w not in _NAME_NOISE]
    return " ".join(kept) or fold(name)


def load_existing(root: Path) -> dict[str, Existing]:
    """Every record of data/cpts/; a record that cannot be read stops the import (exit 2)."""
    records = {}
    collector = Collector()
    for path in sorted((root / "data" / "cpts").glob("*.yml")):
        rel = f"data/cpts/{path.name}"
        located = read_yaml(path, rel, collector)
        if located is None or not isinstance(located.data, dict):
            problem = collector.errors[0] if collector.errors else None
            where = f"{rel}:{problem.line}" if problem and problem.line else rel
            why = problem.message if problem else "pas une fiche"
            raise ImportInputError(where, f"fiche existante illisible ({why}) : corrigez-la (make validate) avant "
                                          "d'importer")
        records[path.stem] = Existing(path.stem, path, located.data)
    return records


class RecordIndex:
    """Existing records by FINESS and by normalised name (names and other names)."""

    def __init__(self, existing: dict[str, Existing]):
        self.existing = dict(existing)
        self.by_finess: dict[str, str] = {}
        self.by_name: dict[str, list[str]] = {}
        for record in existing.values():
            self.add(record)

    def add(self, record: Existing) -> None:
        """Index a record (also one the import is creating: a second spelling further down finds it)."""
        self.existing[record.slug] = record
        if record.data.get("finess"):
            self.by_finess[str(record.data["finess"])] = record.slug
        for name in [record.data.get("nom", "")] + list(record.data.get("autres_noms") or []):
            slugs = self.by_name.setdefault(cpts_key(str(name)), [])
            if record.slug not in slugs:
                slugs.append(record.slug)

    def find(self, listed: ListedCpts, departements: list[str]) -> tuple[str | None, str]:
        """The record of this CPTS (slug), or None; the second value explains an ambiguity."""
        if listed.finess and listed.finess in self.by_finess:
            return self.by_finess[listed.finess], ""
        same_name = self.by_name.get(cpts_key(listed.nom), [])
        if departements:
            same_name = [s for s in same_name
                         if not self.existing[s].data.get("departements")
                         or set(self.existing[s].data["departements"]) & set(departements)]
        if len(same_name) > 1:
            return None, (f"plusieurs fiches portent ce nom ({', '.join(same_name)}) : rien n'est fait, "
                          "précisez le FINESS")
        return (same_name[0], "") if same_name else (None, "")


def geography(codes: list[str], listed_deps: list[str], ref: Reference) -> tuple[str | None, list[str]]:
    """Région and départements of a territory: from its communes, else from the listing's départements."""
    if codes:
        communes = [ref.communes[c] for c in codes]
        deps = sorted({c.departement for c in communes})
        region = Counter(c.region for c in communes).most_common()
        best = max(count for _, count in region)
        return min(r for r, count in region if count == best), deps
    deps = sorted(d for d in set(listed_deps) if d in ref.departements)
    regions = sorted({ref.departements[d].region for d in deps})
    return (regions[0] if regions else None), deps


def territory(codes: list[str], unmatched: int, ctx: Context) -> dict[str, Any]:
    name = ctx.source["import"]["fichier"]
    if not codes and not unmatched:
        return {"precision": "inconnu", "communes": [], "epci": [], "departements": [],
                "note": f"La liste importée « {name} » ne donne pas les communes de cette CPTS."}
    if unmatched:
        note = (f"{IMPORT_NOTE} « {name} » ; {unmatched} commune(s) de la liste non reconnue(s) "
                "sont à ajouter à la main (voir le rapport d'import).")
        return {"precision": "partiel", "communes": codes, "epci": [], "departements": [], "note": note}
    return {"precision": "exact", "communes": codes, "epci": [], "departements": [],
            "note": f"{IMPORT_NOTE} « {name} »."}


def listed_status(listed: ListedCpts) -> str | None:
    """The listing's statut, or the furthest step it dates (a signature date means the ACI is signed)."""
    if listed.statut:
        return listed.statut
    dated = [s for s in STATUS_ORDER if listed.etapes.get(s)]
    return dated[-1] if dated else None


def _rank(status: str | None) -> int:
    return STATUS_ORDER.index(status) if status in STATUS_ORDER else -1


def _source(ctx: Context, listed: ListedCpts) -> dict[str, Any]:
    source = copy.deepcopy(ctx.source)
    source["import"]["lignes"] = row_ranges(listed.rows)
    return source


def new_slug(name: str, taken: set[str]) -> str:
    """« cpts-… » from the name, unique among ``taken``."""
    words = slugify(name).split("-")
    while len(words) > 1 and words[0] in ("cpts", "communaute", "professionnelle", "territoriale", "de", "sante"):
        words = words[1:]
    base = ("cpts-" + "-".join(words))[:70].rstrip("-")
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def create(listed: ListedCpts, codes: list[str], unmatched: int, slug: str, ctx: Context) -> dict[str, Any]:
    """A new record from the listing alone (the template's fields the listing can fill)."""
    region, deps = geography(codes, listed.departements, ctx.reference)
    source = _source(ctx, listed)
    statut = listed_status(listed) or "non-renseigne"
    record: dict[str, Any] = {"slug": slug, "nom": listed.nom, "statut": statut}
    if listed.etapes:
        record["etapes"] = {s: listed.etapes[s] for s in STATUS_ORDER if s in listed.etapes}
    if listed.taille:
        record["taille"] = listed.taille
    record.update({"region": region, "departements": deps})
    if listed.siege:
        record["siege"] = listed.siege
    if listed.finess:
        record["finess"] = listed.finess
    record["territoire"] = territory(codes, unmatched, ctx)
    if listed.population:
        record["population"] = {"valeur": listed.population, "date": ctx.date, "source": copy.deepcopy(source)}
    if listed.site_web:
        record["contacts"] = {"site_web": listed.site_web}
    record.update({"sources": [source], "mise_a_jour": ctx.date})
    return record


@dataclass
class _Merge:
    """One record being updated: the values, what changed, what the listing contradicts."""

    data: dict[str, Any]
    changes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def fill(self, key: str, value: Any, label: str) -> None:
        """Write ``value`` only where the record has nothing; a different value is reported."""
        if value is None:
            return
        if self.data.get(key) in (None, "", [], {}):
            self.data[key] = value
            self.changes.append(label)
        elif self.data[key] != value:
            self.notes.append(f"{label} : la liste donne « {value} », la fiche « {self.data[key]} » (fiche gardée)")

    def status(self, listed: ListedCpts) -> None:
        """The statut only moves forward along the ladder (a listing lagging behind the record is reported)."""
        status, current = listed_status(listed), self.data.get("statut")
        if not status or status in ("non-renseigne", current):
            return
        if current == "non-renseigne" or _rank(status) > _rank(current):
            self.data["statut"] = status
            self.changes.append("statut")
        else:
            self.notes.append(f"statut : la liste donne « {status} », la fiche « {current} », plus avancé "
                              "(fiche gardée)")

    def steps(self, listed: ListedCpts) -> None:
        etapes = dict(self.data.get("etapes") or {})
        for step in STATUS_ORDER:
            date = listed.etapes.get(step)
            if date and not etapes.get(step):
                etapes[step] = date
                self.changes.append(f"étape {step}")
            elif date and str(etapes[step]) != date:
                self.notes.append(f"étape {step} : la liste donne {date}, la fiche {etapes[step]} (fiche gardée)")
        if etapes != (self.data.get("etapes") or {}):
            ordered = {s: etapes[s] for s in STATUS_ORDER if s in etapes}
            self.data["etapes"] = ordered | {k: v for k, v in etapes.items() if k not in ordered}

    def website(self, url: str | None) -> None:
        if not url:
            return
        contacts = dict(self.data.get("contacts") or {})
        if not contacts.get("site_web"):
            self.data["contacts"] = contacts | {"site_web": url}
            self.changes.append("site internet")
        elif contacts["site_web"].rstrip("/") != url.rstrip("/"):
            self.notes.append(f"site internet : la liste donne « {url} », la fiche « {contacts['site_web']} » "
                              "(fiche gardée)")


def update(current: dict[str, Any], listed: ListedCpts, codes: list[str], unmatched: int,
           ctx: Context) -> tuple[dict[str, Any], list[str], list[str]]:
    """The record with what the listing adds; (record, changed fields, contradictions left as they are)."""
    merge = _Merge(copy.deepcopy(current))
    merge.fill("finess", listed.finess, "FINESS")
    merge.fill("siege", listed.siege, "siège")
    merge.status(listed)
    merge.steps(listed)
    merge.fill("taille", listed.taille, "taille")
    source = _source(ctx, listed)
    if listed.population and merge.data.get("population") is None:
        figure = {"valeur": listed.population, "date": ctx.date, "source": copy.deepcopy(source)}
        merge.fill("population", figure, "population")
    merge.website(listed.site_web)
    _update_territory(merge, codes, unmatched, ctx)
    if merge.changes:  # the listing is cited only for what it brought
        _add_source(merge.data, source, merge.changes)
        merge.data["mise_a_jour"] = ctx.date
    return merge.data, merge.changes, merge.notes


def _update_territory(merge: _Merge, codes: list[str], unmatched: int, ctx: Context) -> None:
    """Replace a territory that is unknown, approximate, partial within the listing, or from an earlier import."""
    if not codes:
        return
    data = merge.data
    current = data.get("territoire") or {}
    new = territory(codes, unmatched, ctx)
    if {k: current.get(k) or ([] if k != "note" else "") for k in new} == new:
        return
    replaceable = (current.get("precision") in ("inconnu", "approximation")
                   or str(current.get("note", "")).startswith(IMPORT_NOTE)
                   or (current.get("precision") == "partiel" and set(current.get("communes") or []) <= set(codes)
                       and not current.get("epci") and not current.get("departements")))
    if not replaceable:
        merge.notes.append(f"territoire : la liste donne {len(codes)} commune(s), différentes de celles de la fiche "
                           f"(précision « {current.get('precision')} ») : fiche gardée")
        return
    data["territoire"] = new
    merge.changes.append("territoire")
    region, deps = geography(codes, [], ctx.reference)
    known = list(data.get("departements") or [])
    merged = known + [d for d in deps if d not in known]
    if merged != known:
        data["departements"] = merged
        merge.changes.append("départements")
    if data.get("region") is None:
        data["region"] = region
        merge.changes.append("région")


def _add_source(data: dict, source: dict, changes: list[str]) -> None:
    """The listing in ``sources``, once: an earlier import of the same file and sheet is replaced."""
    sources = list(data.get("sources") or [])
    wanted = source["import"]
    for i, item in enumerate(sources):
        known = item.get("import") if isinstance(item, dict) else None
        if known and known.get("fichier") == wanted["fichier"] and known.get("feuille") == wanted.get("feuille"):
            sources[i] = source  # a newer import of the same file and sheet replaces the earlier one
            break
    else:
        sources.append(source)
    if sources != data.get("sources"):
        data["sources"] = sources
        changes.append("sources")
