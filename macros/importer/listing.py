"""From rows of a listing to one ``ListedCpts`` per CPTS, with its communes still as typed.

Owns the two shapes of listings (one row per CPTS × commune, or one row per CPTS with its
communes in one cell), the grouping of rows by CPTS name, the rows that are not CPTS (titles,
totals, sources, footnotes; communes whose CPTS cell is blank) and the reading of the optional
columns: statut (to the slugs of data/referentiels/statuts.yml), step dates, taille, website,
FINESS, population, seat. A value that cannot be read with certainty is left out with a note
naming its row: a wrong value published is worse than a missing one.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from itertools import zip_longest

from .columns import Mapping, find_header, header_key, recognise
from .errors import ImportInputError
from .tables import Table
from .text import fold, repair_mojibake
from ..render.fragments import MONTHS

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
    ("signe", "aci-signe"),  # « Signé » alone, in a « Statut ACI » column; last: « LI signée » is not an ACI
)
# Words that deny, defer or refuse the step a phrase names (« Pas d'ACI », « ACI en attente »,
# « Projet de santé refusé »): the step is not reached, whatever phrase follows or precedes.
# Checked outside the phrase matched, so « ACI non signé » and « non renseigné » keep their meaning.
_NOT_REACHED = re.compile(r"(^| )(pas|sans|non|hors|ni|aucun|aucune|attente|attend|negociation|negocie|prevu|prevue|"
                          r"prevus|prevues|futur|future|venir|envisage|envisagee|refus|refuse|refusee|rejet|rejete|"
                          r"rejetee|ajourne|ajournee|abandon|abandonne|abandonnee|suspendu|suspendue|cours|"
                          r"elaboration|redaction|preparation|instruction)( |$)")
_LIST_SPLIT = re.compile(r"\s*(?:\n|;|,|\|)\s*")
# Rows under or between the CPTS that are not CPTS: totals, counts, sources, footnotes…
_FOOTER = re.compile(r"^\s*(?:(?:sous[- ]?)?total(?:e|es|aux)?\b|totaux\b|nombre\s+(?:de|d['’])|nb\.?\s|"
                     r"sources?\s*:|notes?\s*:|lecture\s*:|champ\s*:|\(\d+\)|\d+\)\s|\*)", re.IGNORECASE)
# … and, when the name cell is the only one filled on its row, section titles (« Département de l'Ain »).
_SECTION = re.compile(r"^(?:departements?|dept|dpt|region|delegation|zone|secteur|ensemble|dont|donnees|situation|"
                      r"etat au|mise a jour|mis a jour|liste|tableau|sources?|notes?)( |$)")
_DAY_ONE = dt.date(1899, 12, 30)  # day 0 of spreadsheet serial dates (Excel's 1900 system)
_MONTHS = {fold(m): i for i, m in enumerate(MONTHS, start=1)}  # « fevrier », « aout »: as ``fold`` writes them
_PLACEHOLDERS = {"", "nc", "n c", "nr", "n r", "na", "n a", "nd", "n d", "non communique", "non communiquee",
                 "non renseigne", "neant", "aucun", "aucune", "sans", "non", "pas de site", "a venir", "en cours",
                 "en construction", "inconnu", "x", "xx", "xxx"}
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
    siege: str | None = None  # INSEE code of the seat (FINESS extraction, or the listing's seat matched)
    siege_typed: ListedCommune | None = None  # the seat's commune as the listing writes it
    departement_rows: dict[str, int] = field(default_factory=dict)  # typed département → its first row
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


@dataclass
class Listing:
    """The CPTS of a listing and what the report says about the file as a whole (rows left out, columns unread)."""

    cpts: list[ListedCpts]
    notes: list[str] = field(default_factory=list)


def row_ranges(rows: list[int]) -> str:
    """[2, 3, 4, 9] → « 2-4, 9 »."""
    ordered = sorted(set(rows))
    parts, start = [], None
    for i, row in enumerate(ordered):
        if start is None:
            start = row
        if i + 1 == len(ordered) or ordered[i + 1] != row + 1:
            parts.append(str(start) if start == row else f"{start}-{row}")
            start = None
    return ", ".join(parts)


def status_reading(value: str, mapping: Mapping) -> tuple[str | None, bool]:
    """The statut slug a listing's wording stands for, or None; True when a step is named but denied or pending."""
    key = fold(value)
    if not key:
        return None, False
    if key in mapping.statuts:
        return mapping.statuts[key], False
    for words, slug in STATUS_WORDS:
        found = re.search(rf"(^| ){re.escape(words)}( |$)", key)
        if found:
            rest = f"{key[:found.start()]} {key[found.end():]}"
            return (None, True) if _NOT_REACHED.search(rest) else (slug, False)
    return None, False


def status_slug(value: str, mapping: Mapping) -> str | None:
    """The statut slug a listing's wording stands for; None when not recognised (or negated, pending, refused)."""
    return status_reading(value, mapping)[0]


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def read_date(value: str) -> tuple[str | None, str]:
    """« 2021-06-15 », « 15/06/2021 », « 15/06/21 », « 06/2021 », « mars 2021 », « 2021 », 44362 → AAAA[-MM[-JJ]].

    The second value says why there is none: « illisible » or « n'existe pas » (31/02).
    """
    text = value.strip()
    match = (re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
             or re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})", text))
    if match:
        first, month, last = (int(g) for g in match.groups())
        year, day = (first, last) if len(match.group(1)) == 4 else (last if last > 99 else 2000 + last, first)
        date = _day(year, month, day)
        return (date, "") if date else (None, "n'existe pas")
    if re.fullmatch(r"\d{4}", text):
        return text, ""
    match = re.fullmatch(r"(\d{4})-(\d{2})|(\d{1,2})[/.-](\d{4})", text)
    if match:
        year, month = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
        return (f"{year}-{int(month):02d}", "") if 1 <= int(month) <= 12 else (None, "n'existe pas")
    match = re.fullmatch(r"([a-z]+) (\d{4})", fold(text))
    if match and match.group(1) in _MONTHS:
        return f"{match.group(2)}-{_MONTHS[match.group(1)]:02d}", ""
    if re.fullmatch(r"\d{5}(?:\.0+)?", text) and 36_526 <= float(text) <= 73_050:
        # A day number (2000 to 2099): a date cell typed or pasted as text, or formatted « Standard ».
        return (_DAY_ONE + dt.timedelta(days=int(float(text)))).isoformat(), ""
    return None, "illisible"


def partial_date(value: str) -> str | None:
    """The date ``read_date`` reads, or None."""
    return read_date(value)[0]


def integer_text(value: str) -> str:
    """« 1053.0 » → « 1053 »: a code that a spreadsheet or pandas stored as a decimal number."""
    match = re.fullmatch(r"(\d+)\.0+", value.strip())
    return match.group(1) if match else value.strip()


def _footer(name: str, alone: bool) -> bool:
    """A total, count, source or footnote row; or, alone on its row, a section title."""
    return bool(_FOOTER.match(name)) or (alone and bool(_SECTION.match(fold(name))))


def _ignored_columns(headers: list[str], roles: dict[str, int]) -> list[str]:
    used = set(roles.values())
    ignored = [f"« {' '.join(h.split())} »" for i, h in enumerate(headers) if h.strip() and i not in used]
    return [f"colonnes ignorées : {', '.join(ignored)} ; utilisez --correspondance pour les lire"] if ignored else []


def _two_row_header(rows: list[tuple[int, list[str]]], header_at: int, mapping: Mapping) -> tuple[list[str], int]:
    """The headers and the position of the first data row, a second header row merged in.

    « Nom de la CPTS » merged over two rows beside « Territoire » above « Département | Commune »:
    the merged cell repeats on the second row (``tables``), whose other cells are known headers.
    """
    headers = rows[header_at][1]
    if header_at + 1 >= len(rows):
        return headers, header_at + 1
    below = rows[header_at + 1][1]
    repeated = any(c and i < len(headers) and c == headers[i] for i, c in enumerate(below))
    if not repeated or len(recognise(below, mapping)) < 2:
        return headers, header_at + 1
    return [b or h for h, b in zip_longest(headers, below, fillvalue="")], header_at + 2


def read_listing(table: Table, mapping: Mapping, where: str) -> Listing:
    """Group the rows of ``table`` by CPTS; raises ImportInputError when no CPTS column is found.

    A row whose CPTS cell is blank belongs to no CPTS: a merged cell has already been given to
    every row it covers (``tables``), so a blank here is a commune no CPTS covers.
    """
    header_at, _ = find_header(table.rows, mapping, where)
    headers, first_row = _two_row_header(table.rows, header_at, mapping)
    roles = recognise(headers, mapping)
    present = {header_key(h) for h in headers}
    missing = [f"« {header} »" for header in mapping.columns.values() if header_key(header) not in present]
    if missing:
        shown = ", ".join(f"« {h} »" for h in headers if h)
        raise ImportInputError(where, "colonne(s) du fichier de correspondance absente(s) de la liste : "
                                      f"{', '.join(missing)} (colonnes lues : {shown})")
    listed: dict[str, ListedCpts] = {}
    without_cpts: list[int] = []
    skipped: list[str] = []
    name_at = roles["nom_cpts"]
    for number, cells in table.rows[first_row:]:
        value = {role: (cells[i] if i < len(cells) else "") for role, i in roles.items()}
        name = repair_mojibake(value["nom_cpts"]) or value["nom_cpts"]
        if not fold(name):
            if value.get("commune") or value.get("code_insee"):
                without_cpts.append(number)
            continue
        if _footer(name, alone=not any(c for i, c in enumerate(cells) if i != name_at)):
            skipped.append(f"ligne {number} « {' '.join(name.split())} »")
            continue
        cpts = listed.setdefault(fold(name), ListedCpts(nom=" ".join(name.split())))
        cpts.rows.append(number)
        _read_communes(cpts, number, value)
        _read_seat(cpts, number, value)
        _read_details(cpts, value, mapping, number)
    notes = list(table.notes) + _ignored_columns(headers, roles)
    if skipped:
        notes.append(f"lignes laissées de côté (titre, total, source ou renvoi) : {', '.join(skipped)}")
    if without_cpts:
        plural = "s" if len(without_cpts) > 1 else ""
        notes.append(f"ligne{plural} {row_ranges(without_cpts)} : commune sans CPTS (case du nom de la CPTS vide) : "
                     f"laissée{plural} de côté")
    return Listing(list(listed.values()), notes)


def _read_communes(cpts: ListedCpts, row: int, value: dict[str, str]) -> None:
    names = split_list(value.get("commune", ""))
    codes = [integer_text(c) for c in split_list(value.get("code_insee", "")) if c]
    dep, postal = value.get("departement", ""), _postal(value)
    if dep and fold(dep):
        cpts.departement_rows.setdefault(dep, row)
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


def _postal(value: dict[str, str]) -> str:
    postal = integer_text(value.get("code_postal", ""))
    return postal.zfill(5) if postal.isdigit() and len(postal) == 4 else postal  # 01360 stored as the number 1360


def _read_seat(cpts: ListedCpts, row: int, value: dict[str, str]) -> None:
    """The seat's commune as typed; the importer matches it like any commune (it is not part of the territory)."""
    seat = value.get("commune_siege", "")
    if seat and cpts.siege_typed is None:
        cpts.siege_typed = ListedCommune(row, seat, value.get("departement", ""), "", _postal(value))


def _keep(cpts: ListedCpts, what: str, current, new, row: int):
    """The first value given wins; a different one on a later row is reported, not used."""
    if new is None or new == current:
        return current
    if current is not None:
        cpts.notes.append(f"ligne {row} : {what} « {new} » différent de « {current} » donné plus haut : "
                          f"gardé « {current} »")
        return current
    return new


def website(raw: str) -> tuple[str | None, str]:
    """An address to publish, or None and why: e-mails, placeholders and garbled schemes are not websites."""
    text = raw.strip()
    if "@" in text or re.match(r"(?i)mailto:", text):
        return None, "est une adresse e-mail, pas un site"
    if fold(text) in _PLACEHOLDERS or not re.search(r"[0-9A-Za-z]", text):
        return None, "ne donne pas d'adresse"
    scheme = re.match(r"(?i)(https?)://", text)
    rest = text[scheme.end():] if scheme else text
    # « http//www… », « https:www… », « https://http://… », « ftp:… »: a scheme mistyped or repeated.
    if re.search(r"(?i)https?:|https?//|://|^[a-z][a-z0-9+.-]*:(?!\d)", rest):
        return None, "est mal formé (« http:// » mal écrit ou répété)"
    host, slash, path = rest.partition("/")
    url = f"{scheme.group(1).lower() if scheme else 'https'}://{host.lower()}{slash}{path}"
    if not re.fullmatch(r"https?://[^\s<>\"'`\\]+\.[^\s<>\"'`\\]+", url):
        return None, "illisible"
    return url, ""


def population(raw: str) -> int | None:
    """« 45 230 », « 45.230 », « 1,234,567 », 45123.6 → whole inhabitants; None when it is not a number.

    Only separators of thousands groups are removed: a decimal part is rounded, never glued on.
    """
    text = re.sub(r"[\s\u00a0\u202f]", "", raw)
    if re.fullmatch(r"\d+", text):
        return int(text)
    grouped = re.fullmatch(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*", text)
    if grouped:
        return int(re.sub(r"[.,]", "", text))
    if re.fullmatch(r"\d+[.,]\d+", text):
        return round(float(text.replace(",", ".")))
    return None


def _read_status(cpts: ListedCpts, raw: str, mapping: Mapping, row: int) -> None:
    slug, negated = status_reading(raw, mapping)
    if negated:
        cpts.notes.append(f"ligne {row} : statut « {raw} » non reconnu : une étape niée, en attente ou refusée "
                          "n'est pas franchie (statut laissé tel quel ; sinon, précisez-le dans la section "
                          "« statuts » d'un fichier --correspondance)")
    elif slug is None:
        cpts.notes.append(f"ligne {row} : statut « {raw} » non reconnu (à ajouter dans la section « statuts » "
                          "d'un fichier --correspondance)")
    cpts.statut = _keep(cpts, "statut", cpts.statut, slug, row)


def _read_dates(cpts: ListedCpts, value: dict[str, str], row: int) -> None:
    for step in STATUS_ORDER:
        raw = value.get(f"date_{step}", "")
        if not raw:
            continue
        date, problem = read_date(raw)
        if problem == "n'existe pas":
            cpts.notes.append(f"ligne {row} : date « {raw} » n'existe pas : date laissée de côté, le reste est lu")
        elif date is None:
            cpts.notes.append(f"ligne {row} : date « {raw} » illisible (écrivez JJ/MM/AAAA ou AAAA-MM-JJ)")
        else:
            cpts.etapes[step] = _keep(cpts, f"date « {step} »", cpts.etapes.get(step), date, row)


def _read_details(cpts: ListedCpts, value: dict[str, str], mapping: Mapping, row: int) -> None:
    raw = value.get("statut", "")
    if raw:
        _read_status(cpts, raw, mapping, row)
    _read_dates(cpts, value, row)
    raw = value.get("taille", "")
    if raw:
        match = re.fullmatch(r"\D*([1-4])\D*", raw)  # « 2 », « Taille 2 », « T2 »
        if match is None:
            cpts.notes.append(f"ligne {row} : taille « {raw} » illisible (1 à 4)")
        cpts.taille = _keep(cpts, "taille", cpts.taille, int(match.group(1)) if match else None, row)
    raw = value.get("site_web", "").strip()
    if raw:
        url, why = website(raw)
        if url is None:
            cpts.notes.append(f"ligne {row} : site internet « {raw} » {why} : laissé de côté")
        cpts.site_web = _keep(cpts, "site internet", cpts.site_web, url, row)
    raw = re.sub(r"\s", "", integer_text(value.get("finess", ""))).upper()
    if raw:
        finess = raw.zfill(9) if raw.isdigit() and len(raw) == 8 else raw  # a spreadsheet dropped the zero
        if not re.fullmatch(r"\d{9}|2[AB]\d{7}", finess):
            cpts.notes.append(f"ligne {row} : numéro FINESS « {raw} » illisible (9 caractères)")
            finess = None
        cpts.finess = _keep(cpts, "FINESS", cpts.finess, finess, row)
    raw = value.get("population", "").strip()
    if raw:
        inhabitants = population(raw)
        if inhabitants is None:
            cpts.notes.append(f"ligne {row} : population « {raw} » illisible")
        cpts.population = _keep(cpts, "population", cpts.population, inhabitants, row)
