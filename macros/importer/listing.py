"""From rows of a listing to one ``ListedCpts`` per CPTS, with its communes still as typed.

Owns the two shapes of listings (one row per CPTS × commune, or one row per CPTS with its
communes in one cell), the grouping of rows by CPTS name, and the reading of the optional
columns: statut (to the slugs of data/referentiels/statuts.yml), step dates, taille, website,
FINESS, population.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .columns import Mapping, find_header
from .errors import ImportInputError
from .tables import Table
from .text import fold, repair_mojibake

STATUS_ORDER = ("pre-projet", "lettre-intention", "projet-sante", "aci-signe")
# Folded phrases → statut slug, most specific first (« projet de santé » before « projet »).
STATUS_WORDS = (
    ("aci en cours", "projet-sante"), ("aci non signe", "projet-sante"), ("aci a signer", "projet-sante"),
    ("aci", "aci-signe"), ("contrat signe", "aci-signe"), ("signature", "aci-signe"),
    ("en fonctionnement", "aci-signe"),
    ("projet de sante", "projet-sante"), ("ps valide", "projet-sante"),
    ("lettre d intention", "lettre-intention"), ("ldi", "lettre-intention"), ("li validee", "lettre-intention"),
    ("pre projet", "pre-projet"), ("preprojet", "pre-projet"), ("emergence", "pre-projet"),
    ("en reflexion", "pre-projet"), ("en projet", "pre-projet"),
    ("non renseigne", "non-renseigne"), ("inconnu", "non-renseigne"),
)
_LIST_SPLIT = re.compile(r"\s*(?:\n|;|,|\|)\s*")
_TOTAL = re.compile(r"^(sous )?totale?s?( |$)")
_ARTICLE_PIECE = re.compile(r"^\(?\s*(?:l['’]|la|le|les)\s*\)?$", re.IGNORECASE)


@dataclass(frozen=True)
class ListedCommune:
    """A commune as the listing writes it (name, département, code, postal code) and its row."""

    row: int
    typed: str
    dep: str = ""
    code: str = ""
    postal: str = ""
    via: str = ""  # « polygone » or « partagee » when a GeoJSON contour chose the commune


@dataclass
class ListedCpts:
    """One CPTS of the listing, its rows and what they say about it."""

    nom: str
    rows: list[int] = field(default_factory=list)
    communes: list[ListedCommune] = field(default_factory=list)
    departements: list[str] = field(default_factory=list)  # as typed, when the listing gives the CPTS's own
    statut: str | None = None
    etapes: dict[str, str] = field(default_factory=dict)
    taille: int | None = None
    site_web: str | None = None
    finess: str | None = None
    population: int | None = None
    siege: str | None = None  # INSEE code of the seat (FINESS extraction)
    notes: list[str] = field(default_factory=list)  # remarks for the report (conflicting values…)
    matches: list = field(default_factory=list)  # filled by the importer: (ListedCommune, Match)


def split_list(cell: str) -> list[str]:
    """A cell listing several communes: split on new lines, « ; », « , » and « | », keeping « Garde, La » whole."""
    pieces = [p for p in _LIST_SPLIT.split(cell.strip()) if p]
    merged: list[str] = []
    for piece in pieces:
        if merged and _ARTICLE_PIECE.match(piece):
            merged[-1] = f"{merged[-1]}, {piece}"
        else:
            merged.append(piece)
    return merged


def status_slug(value: str, mapping: Mapping) -> str | None:
    """The statut slug a listing's wording stands for; None when not recognised."""
    key = fold(value)
    if not key:
        return None
    if key in mapping.statuts:
        return mapping.statuts[key]
    for words, slug in STATUS_WORDS:
        if re.search(rf"(^| ){re.escape(words)}( |$)", key):
            return slug
    return None


def partial_date(value: str) -> str | None:
    """« 2021-06-15 », « 15/06/2021 », « 06/2021 », « 2021 » → AAAA[-MM[-JJ]]; None otherwise."""
    text = value.strip()
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        return text
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if match:
        return f"{match.group(3)}-{int(match.group(2)):02d}-{int(match.group(1)):02d}"
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{4})", text)
    if match:
        return f"{match.group(2)}-{int(match.group(1)):02d}"
    return None


def read_listing(table: Table, mapping: Mapping, where: str) -> list[ListedCpts]:
    """Group the rows of ``table`` by CPTS; raises ImportInputError when no CPTS column is found."""
    header_at, roles = find_header(table.rows, mapping, where)
    present = {fold(h) for h in table.rows[header_at][1]}
    missing = [f"« {header} »" for header in mapping.columns.values() if fold(header) not in present]
    if missing:
        headers = ", ".join(f"« {h} »" for h in table.rows[header_at][1] if h)
        raise ImportInputError(where, "colonne(s) du fichier de correspondance absente(s) de la liste : "
                                      f"{', '.join(missing)} (colonnes lues : {headers})")
    listed: dict[str, ListedCpts] = {}
    previous: ListedCpts | None = None
    for number, cells in table.rows[header_at + 1:]:
        value = {role: (cells[i] if i < len(cells) else "") for role, i in roles.items()}
        name = repair_mojibake(value["nom_cpts"]) or value["nom_cpts"]
        if not name and previous is not None and (value.get("commune") or value.get("code_insee")):
            cpts = previous  # merged cells: the CPTS name is only on its first row
        elif not fold(name) or _TOTAL.match(fold(name)):
            continue  # an empty row, or the « Total » line at the bottom of a spreadsheet
        else:
            cpts = listed.setdefault(fold(name), ListedCpts(nom=" ".join(name.split())))
        previous = cpts
        cpts.rows.append(number)
        _read_communes(cpts, number, value)
        _read_details(cpts, value, mapping, number)
    return list(listed.values())


def _read_communes(cpts: ListedCpts, row: int, value: dict[str, str]) -> None:
    names = split_list(value.get("commune", ""))
    codes = [c for c in split_list(value.get("code_insee", "")) if c]
    dep, postal = value.get("departement", ""), value.get("code_postal", "")
    if len(names) > 1 or len(codes) > 1:  # one row per CPTS: its communes in one cell
        if codes and len(codes) != len(names):
            for code in codes:
                cpts.communes.append(ListedCommune(row, "", dep, code))
            if names:
                cpts.notes.append(f"ligne {row} : {len(codes)} codes INSEE pour {len(names)} noms de communes : "
                                  "seuls les codes sont lus")
            return
        for i, name in enumerate(names):
            cpts.communes.append(ListedCommune(row, name, dep, codes[i] if codes else ""))
        if dep and fold(dep) and dep not in cpts.departements:
            cpts.departements.append(dep)
        return
    if names or codes:
        cpts.communes.append(ListedCommune(row, names[0] if names else "", dep, codes[0] if codes else "", postal))
    elif dep and dep not in cpts.departements:
        cpts.departements.append(dep)  # a row per CPTS without communes: the département is the CPTS's


def _keep(cpts: ListedCpts, what: str, current, new, row: int):
    """The first value given wins; a different one on a later row is reported, not used."""
    if new is None or new == current:
        return current
    if current is not None:
        cpts.notes.append(f"ligne {row} : {what} « {new} » différent de « {current} » donné plus haut : "
                          f"gardé « {current} »")
        return current
    return new


def _read_details(cpts: ListedCpts, value: dict[str, str], mapping: Mapping, row: int) -> None:
    raw = value.get("statut", "")
    if raw:
        slug = status_slug(raw, mapping)
        if slug is None:
            cpts.notes.append(f"ligne {row} : statut « {raw} » non reconnu (à ajouter dans la section « statuts » "
                              "d'un fichier --correspondance)")
        cpts.statut = _keep(cpts, "statut", cpts.statut, slug, row)
    for step in STATUS_ORDER:
        raw = value.get(f"date_{step}", "")
        if raw:
            date = partial_date(raw)
            if date is None:
                cpts.notes.append(f"ligne {row} : date « {raw} » illisible (écrivez JJ/MM/AAAA ou AAAA-MM-JJ)")
            else:
                cpts.etapes[step] = _keep(cpts, f"date « {step} »", cpts.etapes.get(step), date, row)
    raw = value.get("taille", "")
    if raw:
        match = re.fullmatch(r"\D*([1-4])\D*", raw)  # « 2 », « Taille 2 », « T2 »
        if match is None:
            cpts.notes.append(f"ligne {row} : taille « {raw} » illisible (1 à 4)")
        cpts.taille = _keep(cpts, "taille", cpts.taille, int(match.group(1)) if match else None, row)
    raw = value.get("site_web", "").strip()
    if raw:
        url = raw if re.match(r"https?://", raw, re.IGNORECASE) else f"https://{raw}"
        if not re.fullmatch(r"https?://[^\s<>\"'`\\]+\.[^\s<>\"'`\\]+", url):
            cpts.notes.append(f"ligne {row} : site internet « {raw} » illisible")
            url = None
        cpts.site_web = _keep(cpts, "site internet", cpts.site_web, url, row)
    raw = re.sub(r"\s", "", value.get("finess", "")).upper()
    if raw:
        finess = raw.zfill(9) if raw.isdigit() and len(raw) == 8 else raw  # a spreadsheet dropped the zero
        if not re.fullmatch(r"\d{9}|2[AB]\d{7}", finess):
            cpts.notes.append(f"ligne {row} : numéro FINESS « {raw} » illisible (9 caractères)")
            finess = None
        cpts.finess = _keep(cpts, "FINESS", cpts.finess, finess, row)
    raw = re.sub(r"[\s\u00a0\u202f.]", "", value.get("population", ""))
    if raw:
        population = int(raw) if raw.isdigit() else None
        if population is None:
            cpts.notes.append(f"ligne {row} : population « {raw} » illisible")
        cpts.population = _keep(cpts, "population", cpts.population, population, row)
