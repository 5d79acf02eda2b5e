"""One import from start to finish: read the listing, match communes, reconcile, check, write.

Owns the order of the steps and the result the report and the command line read. Nothing is
written here unless ``write`` is called; every record about to be written is first validated
against the schema, so an import can never leave ``data/`` in a state the build refuses.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..core.errors import Collector
from ..core.messages import french_message
from ..records.cpts.model import Cpts
from ..core.reference import load_reference
from ..core.referentiels import load_referentiels
from .columns import load_mapping
from .communes import CommuneIndex, Match
from .errors import ImportInputError
from .finess import CPTS_CATEGORY, is_finess, read_finess
from .geojson import read_geojson
from .listing import ListedCommune, ListedCpts, read_listing
from .reconcile import Action, Context, Existing, RecordIndex, create, load_existing, new_slug, update
from .tables import file_kind, read_table
from .yamlwrite import dump_record


@dataclass
class Options:
    """What the command line asks for."""

    path: Path
    root: Path
    date: str
    sheet: str | None = None
    mapping: Path | None = None


@dataclass
class Result:
    """Everything the report shows: the actions on records and every commune's match."""

    file: str
    description: str
    rows: int
    unit: str = "ligne"  # « entité » for GeoJSON features
    reference: Any = None  # the geographic reference the communes were matched against
    actions: list[Action] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the file as a whole: sheet read, rows and columns left out
    matches: list[tuple[ListedCpts, ListedCommune, Match]] = field(default_factory=list)

    @property
    def unmatched(self) -> list[tuple[ListedCpts, ListedCommune, Match]]:
        return [m for m in self.matches if not m[2].matched]

    def of_kind(self, kind: str) -> list[Action]:
        return [a for a in self.actions if a.kind == kind]


def read(options: Options, ref) -> tuple[list[ListedCpts], str, str | None, int, list[str]]:
    """The listed CPTS, a description of the file, the sheet read, the number of rows and notes on the file."""
    mapping = load_mapping(options.mapping)
    path = options.path
    if file_kind(path) == "geojson":
        if options.sheet is not None:
            raise ImportInputError(path.name, "l'option --feuille ne s'applique qu'aux classeurs .xlsx")
        listed = read_geojson(path, mapping, ref)
        count = sum(len(c.rows) for c in listed)
        return listed, f"GeoJSON, {count} entité(s)", None, count, []
    table = read_table(path, options.sheet)
    if is_finess(table):
        description = f"{table.description}, extraction FINESS (catégorie {CPTS_CATEGORY} : CPTS)"
        return read_finess(table), description, None, len(table.rows), list(table.notes)
    where = f"{path.name} (feuille « {table.sheet} »)" if table.sheet else path.name
    try:
        listing = read_listing(table, mapping, where)
    except ImportInputError as exc:
        if table.other_sheets and options.sheet is None:
            sheets = ", ".join(f"« {s} »" for s in table.other_sheets)
            raise ImportInputError(exc.where, f"{exc.message} ; le classeur a d'autres feuilles ({sheets}) : "
                                              "choisissez-en une avec --feuille") from None
        raise
    return listing.cpts, table.description, table.sheet, len(table.rows), listing.notes


def match_communes(listed: list[ListedCpts], index: CommuneIndex) -> list[tuple[ListedCpts, ListedCommune, Match]]:
    """Match every listed commune once (identical rows share one lookup).

    A second pass gives unmatched rows the départements of their CPTS's other communes, which
    put the likeliest candidates first (they never choose among homonyms).
    """
    cache: dict[tuple, Match] = {}
    out = []
    for cpts in listed:
        cpts.matches = [(commune, _match_one(commune, index, cache, frozenset())) for commune in cpts.communes]
        near = frozenset(index.ref.communes[m.code].departement for _, m in cpts.matches if m.matched)
        if near:
            cpts.matches = [(c, m if m.matched else _match_one(c, index, cache, near)) for c, m in cpts.matches]
        out += [(cpts, commune, match) for commune, match in cpts.matches]
    return out


def _match_one(commune: ListedCommune, index: CommuneIndex, cache: dict[tuple, Match], near: frozenset[str]) -> Match:
    if commune.via == "polygone":
        return Match(commune.code, "polygone")
    if commune.via == "partagee":
        return Match(None, detail="point de la commune dans plusieurs contours",
                     candidates=(f"{commune.typed} ({commune.code})",))
    key = (commune.typed, commune.dep, commune.code, commune.postal, near)
    if key not in cache:
        dep = index.departement(commune.dep) if commune.dep else None
        match = index.match(commune.typed, dep, commune.code or None, commune.postal or None, near)
        if commune.dep and dep is None and match.matched:
            match = Match(match.code, match.method, "; ".join(
                x for x in (match.detail, f"département « {commune.dep} » inconnu, ignoré") if x))
        cache[key] = match
    return cache[key]


def plan(options: Options) -> Result:
    """What the import would do, without writing anything; ImportInputError for unreadable input."""
    root = options.root
    if not (root / "data" / "cpts").is_dir():
        raise ImportInputError(str(root), "aucun dossier « data/cpts » ici : indiquez le dossier du projet "
                                          "avec --racine")
    ref = load_reference(root)
    listed, description, sheet, rows, notes = read(options, ref)
    if not listed:
        raise ImportInputError(options.path.name, "aucune CPTS dans le fichier (colonne du nom de la CPTS vide)")
    unit = "entité" if description.startswith("GeoJSON") else "ligne"
    result = Result(options.path.name, description, rows, unit, ref, notes=notes)
    index = CommuneIndex.build(ref)
    result.matches = match_communes(listed, index)
    source = {"import": {"fichier": options.path.name} | ({"feuille": sheet} if sheet else {})
              | {"lignes": "", "date": options.date}}
    ctx = Context(source, options.date, ref)
    existing = load_existing(root)
    records = RecordIndex(existing)
    taken = set(existing)
    claimed: dict[str, str] = {}
    for cpts in listed:
        codes = sorted({m.code for _, m in cpts.matches if m.matched})
        unmatched = sum(1 for _, m in cpts.matches if not m.matched)
        _match_seat(cpts, index)
        _check_seat(cpts, ref)
        cpts.departements = _departements(cpts, index)
        deps = sorted({ref.communes[c].departement for c in codes}) or cpts.departements
        slug, why = records.find(cpts, deps)
        if why or slug in claimed:
            why = why or f"même fiche ({slug}) que « {claimed[slug]} », plus haut dans la liste : rien n'est fait"
            result.actions.append(Action("ignoree", cpts, slug, notes=[why, *cpts.notes]))
            continue
        if slug:
            claimed[slug] = cpts.nom
            data, changes, notes = update(existing[slug].data, cpts, codes, unmatched, ctx)
            action = Action("mise_a_jour" if changes else "inchangee", cpts, slug, data, changes, notes + cpts.notes)
        else:
            slug = new_slug(cpts.nom, taken)
            taken.add(slug)
            claimed[slug] = cpts.nom
            action = Action("creation", cpts, slug, create(cpts, codes, unmatched, slug, ctx), notes=list(cpts.notes))
            records.add(Existing(slug, root / "data" / "cpts" / f"{slug}.yml", action.data))
        result.actions.append(action)
    _check(result, root)
    return result


def _match_seat(cpts: ListedCpts, index: CommuneIndex) -> None:
    """The seat's commune typed in the listing (« Commune siège ») → its INSEE code, or a note."""
    typed = cpts.siege_typed
    if typed is None or cpts.siege:
        return
    match = _match_one(typed, index, {}, frozenset())
    if match.matched:
        cpts.siege = match.code
        return
    candidates = f" ; candidates : {', '.join(match.candidates)}" if match.candidates else ""
    cpts.notes.append(f"ligne {typed.row} : commune du siège « {typed.typed} » non reconnue ({match.detail}"
                      f"{candidates}) : siège non renseigné")


def _departements(cpts: ListedCpts, index: CommuneIndex) -> list[str]:
    """The CPTS's own départements as codes; one written in a way not understood is reported with its row."""
    codes = set()
    for typed in cpts.departements:
        code = index.departement(typed)
        if code:
            codes.add(code)
        else:
            row = cpts.departement_rows.get(typed)
            where = f"ligne {row} : " if row else ""
            cpts.notes.append(f"{where}département « {typed} » non reconnu (écrivez son numéro, par exemple « 01 » "
                              "ou « Ain (01) ») : ignoré")
    return sorted(codes)


def _check_seat(cpts: ListedCpts, ref) -> None:
    """The seat's commune must be current (a former commune's seat moves to its commune nouvelle)."""
    if not cpts.siege:
        return
    if cpts.siege not in ref.communes:
        former = next((c for c in ref.anciennes if c.code == cpts.siege), None)
        if former is None:
            cpts.notes.append(f"commune du siège « {cpts.siege} » inconnue : siège non renseigné")
            cpts.siege = None
            return
        cpts.siege = former.parent
    cpts.departements.append(ref.communes[cpts.siege].departement)


def _check(result: Result, root: Path) -> None:
    """Validate each record to be written with the site's own schema; a failing one is not written."""
    collector = Collector()
    referentiels = load_referentiels(root, collector)
    context = {"referentiels": referentiels, "reference": load_reference(root), "cpts": {}}
    for action in result.actions:
        if action.kind not in ("creation", "mise_a_jour"):
            continue
        try:
            Cpts.model_validate(action.data, context=context)
        except ValidationError as exc:
            action.notes.insert(0, "fiche non écrite : " + french_message(exc.errors()[0], Cpts))
            action.kind = "ignoree"


class WriteError(OSError):
    """A record that could not be written; nothing of the import is left in data/cpts/."""


def write(result: Result, root: Path) -> list[Path]:
    """Write the created and updated records, all or none.

    Every record is first written to a temporary file beside its place; only when all are
    complete are they renamed over the records (a rename replaces a file at once). A failure
    while writing (disk full, size limit, permission) removes the temporaries and names the
    record that failed: data/ is left exactly as it was.
    """
    folder = root / "data" / "cpts"
    staged: list[tuple[str, Path]] = []
    try:
        for action in result.actions:
            if action.kind not in ("creation", "mise_a_jour"):
                continue
            path = folder / f"{action.slug}.yml"
            try:
                staged.append((_stage(folder, dump_record(action.data)), path))
            except OSError as exc:
                raise WriteError(exc.errno, exc.strerror, f"data/cpts/{path.name}") from exc
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
    return [path for _, path in staged]


def _stage(folder: Path, text: str) -> str:
    """``text`` in a new temporary file of ``folder`` (removed again if writing it fails)."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".import-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # mkstemp makes private files; records are ordinary project files
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp
