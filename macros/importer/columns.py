"""Recognising what each column of a listing holds, from loose header names or a mapping file.

Owns the synonyms of every header (compared folded: case, accents, spaces and punctuation do
not matter, nor a line break inside a word, « (s) » or a footnote mark), the search of the
header row below title rows, and the optional YAML mapping file that names columns (and statut
values) a listing spells its own way. A bare « Nom » is a CPTS name only in a sheet without a
clearer CPTS column and without person columns (« Prénom », « Fonction »…): in a list of
contacts it is somebody's surname, which must never become a record.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import ImportInputError
from .text import fold

# Role → folded header names. The first role whose synonyms contain the folded header wins.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "nom_cpts": ("nom cpts", "nom de la cpts", "nom du cpts", "cpts", "territoire cpts", "libelle cpts",
                 "intitule cpts", "denomination cpts"),
    "commune": ("commune", "communes", "nom commune", "nom de la commune", "libelle commune", "ville",
                "communes du territoire", "liste des communes", "communes couvertes", "composition", "territoire",
                "nom com", "libcom", "lib commune"),
    "commune_siege": ("commune siege", "siege", "commune du siege", "commune de siege", "ville siege",
                      "ville du siege", "siege social", "commune siege social"),
    "code_insee": ("code insee", "insee", "code commune", "code insee commune", "codes insee", "cog", "codgeo",
                   "depcom", "code com", "insee com", "codes communes"),
    "departement": ("dpt", "dep", "dept", "departement", "code departement", "num departement", "n departement",
                    "no departement", "numero departement", "departement commune", "code dep", "dpt commune",
                    "departements", "dpts", "deps"),
    "code_postal": ("code postal", "cp", "codes postaux", "code postal commune"),
    "statut": ("statut", "statut cpts", "etat", "etat d avancement", "avancement", "etape", "stade", "niveau",
               "statut d avancement", "phase", "statut aci", "statut de la cpts", "statut du projet",
               "etat d avancement du projet"),
    "finess": ("finess", "n finess", "no finess", "numero finess", "finess ej", "finess juridique", "code finess"),
    "taille": ("taille", "taille aci", "taille cpts", "categorie de taille"),
    "site_web": ("site internet", "site web", "site", "url", "adresse internet", "site internet cpts"),
    "population": ("population", "pop", "nb habitants", "nombre d habitants", "population couverte",
                   "population du territoire", "habitants"),
    "date_pre-projet": ("date pre projet", "date preprojet", "date du pre projet"),
    "date_lettre-intention": ("date lettre d intention", "date ldi", "date li", "date de la lettre d intention",
                              "date validation lettre d intention", "date validation ldi"),
    "date_projet-sante": ("date projet de sante", "date validation projet de sante", "date ps",
                          "date de validation du projet de sante", "date validation ps"),
    "date_aci-signe": ("date aci", "date signature aci", "date de signature aci", "date de signature de l aci",
                       "date signature", "date de signature", "date de signature de l aci",
                       "date signature de l aci"),
}
# Headers that name the CPTS only when nothing clearer does, and never next to PERSON_HEADERS.
WEAK_NAME_HEADERS = ("nom", "denomination", "raison sociale", "nom de la structure")
PERSON_HEADERS = {"prenom", "nom prenom", "prenom nom", "civilite", "fonction", "qualite", "nom du contact",
                  "nom du referent", "nom de naissance"}
ROLES = tuple(SYNONYMS)
_BY_HEADER = {name: role for role, names in SYNONYMS.items() for name in names}
HEADER_SEARCH_ROWS = 15  # title lines above the header row that listings often carry
_CUT_WORD = re.compile(r"(\w)-\s*\n\s*(\w)")  # « Départe-\nment »
_PLURAL_MARK = re.compile(r"\((?:s|es|x)\)", re.IGNORECASE)  # « Département(s) »
_FOOTNOTE_MARK = re.compile(r"\s*(?:\(\d+\)|\*+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*$")  # « Statut (1) », « Statut* »


def header_key(header: str) -> str:
    """The folded form of a header, without what spreadsheets add to it (line breaks, « (s) », « (1) »)."""
    text = _CUT_WORD.sub(r"\1\2", str(header))
    text = _FOOTNOTE_MARK.sub("", _PLURAL_MARK.sub("", text))
    return fold(text)


@dataclass
class Mapping:
    """What a mapping file says: role → header as written in the listing; statut value → slug."""

    columns: dict[str, str] = field(default_factory=dict)
    statuts: dict[str, str] = field(default_factory=dict)


def load_mapping(path: Path | None) -> Mapping:
    """Read ``--correspondance``: ``colonnes: {nom_cpts: "Libellé", …}`` and ``statuts: {"En cours": pre-projet}``."""
    if path is None:
        return Mapping()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ImportInputError(str(path), f"fichier de correspondance illisible ({exc.strerror})") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        raise ImportInputError(f"{path.name}:{line}" if line else path.name,
                               "fichier de correspondance : YAML invalide") from None
    data = data or {}
    if not isinstance(data, dict) or not set(data) <= {"colonnes", "statuts"}:
        raise ImportInputError(path.name, "fichier de correspondance : seules les clés « colonnes » et « statuts » "
                                          "sont lues")
    columns = data.get("colonnes") or {}
    statuts = data.get("statuts") or {}
    if not isinstance(columns, dict) or not isinstance(statuts, dict):
        raise ImportInputError(path.name, "fichier de correspondance : « colonnes » et « statuts » sont des listes "
                                          "« clé: valeur »")
    unknown = sorted(set(columns) - set(ROLES))
    if unknown:
        raise ImportInputError(path.name, f"fichier de correspondance : colonne(s) inconnue(s) {', '.join(unknown)} "
                                          f"(possibles : {', '.join(ROLES)})")
    return Mapping({str(k): str(v) for k, v in columns.items()}, {fold(str(k)): str(v) for k, v in statuts.items()})


def recognise(headers: list[str], mapping: Mapping) -> dict[str, int]:
    """Role → column index for one header row (mapping file first, then synonyms; first column wins)."""
    folded = [header_key(h) for h in headers]
    found: dict[str, int] = {}
    for role, header in mapping.columns.items():
        if header_key(header) in folded:
            found[role] = folded.index(header_key(header))
    taken = set(found.values())
    for index, key in enumerate(folded):
        role = _BY_HEADER.get(key)
        if role and role not in found and index not in taken:
            found[role] = index
            taken.add(index)
    if "nom_cpts" not in found and not PERSON_HEADERS & set(folded):
        weak = [i for i, key in enumerate(folded) if key in WEAK_NAME_HEADERS and i not in taken]
        if weak:
            found["nom_cpts"] = weak[0]
    return found


def find_header(rows: list[tuple[int, list[str]]], mapping: Mapping, where: str) -> tuple[int, dict[str, int]]:
    """Position of the header row among the first rows, and its roles; error when no CPTS column."""
    best: tuple[int, dict[str, int]] | None = None
    for position, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        roles = recognise(cells, mapping)
        if "nom_cpts" in roles and (best is None or len(roles) > len(best[1])):
            best = (position, roles)
            if len(roles) > 1:
                break
    if best is None:
        expected = ", ".join(f"« {SYNONYMS[r][0]} »" for r in ("nom_cpts", "commune", "departement", "code_insee"))
        raise ImportInputError(where, "aucune colonne reconnue (nom de la CPTS introuvable) : attendu par exemple "
                                      f"{expected}, dans les {HEADER_SEARCH_ROWS} premières lignes remplies ; "
                                      "sinon, nommez les colonnes dans un fichier --correspondance")
    return best
