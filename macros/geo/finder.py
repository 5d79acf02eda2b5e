"""The commune finder ("Trouver ma CPTS"): its compact index, built once per build, and its macro.

This module owns ``donnees/finder-index.json``, the only file ``docs/assets/js/finder.js``
fetches: every current commune, every Paris/Lyon/Marseille arrondissement and every former
commune, with the CPTS whose territory covers it or, when none does, the nearest published CPTS
(computed here, at build time, so the browser never needs coordinates). It also owns the
``trouver_ma_cpts()`` macro that puts the combobox on a hand-written page.

Index format (``format: 3``), designed to stay small once gzipped:

- ``cpts``: the CPTS as columns, ``{field: [one value per CPTS]}`` (slug, nom, statut as an
  index into ``statuts``, territory precision, ``offres`` as indexes into ``offres``,
  organisational contacts, départements): a thousand objects repeating the same seven keys
  cost 2 KB more once gzipped. Places refer to a CPTS by its position in these lists
  (``cpts_rows`` gives the rows back, as the browser does at load).
- ``zones``: the départements, in order; ``columns``: for each column below, the values of
  every département joined by ``#`` (one long run of similar values compresses far better
  than rows mixing names, codes and numbers). Within a département, current communes and
  arrondissements are sorted by INSEE code, then former communes by code; values are
  separated by ``,`` (names by ``|``):

  ``c``  INSEE code as the difference from the previous code's numeric suffix (the code
         without the département prefix); an empty value means 1; ``!`` + the full code for a
         code that does not start with the département's (a former commune of another one).
  ``n``  names, front-coded: one character ``chr(48 + n)`` for the n first characters shared
         with the previous name (INSEE codes follow the alphabet), then the rest.
  ``p``  postal codes separated by spaces; a code starting with the zone's postal prefix
         (``postal_prefix``) is written without it; ``=`` repeats the previous place's value.
  ``k``  coverage: CPTS indexes joined by ``.``; or ``~`` + index + ``:`` + tens of km for
         the nearest CPTS of an uncovered place; ``~`` alone when none lies within
         ``nearest_max_km``.
  ``r``  one character per place: its population class n (``population_rank``), to list big
         communes first, written as the digit n, or as the letter ``chr(97 + n)`` ("a"…"h") for
         the main commune of a postal code it shares with a commune of the same class (the most
         populous of them: Mamoudzou, not Koungou, for 97600).
  ``ac``/``an``/``ap``  former communes: codes as in ``c`` (``0`` allowed), names as in
         ``n``, and the current commune they belong to (empty: same code; digits: suffix in
         the zone; ``!`` + full code otherwise).

- ``arrondissements``: ``{commune code: [arrondissement codes]}`` for Paris, Lyon, Marseille.
- ``postal_prefixes``: the départements whose postal codes do not start with their code
  (Corsica: ``20``).

Name folding (accents, case, "St"/"Saint"…) happens in the browser at load time, so names are
not stored twice. ``tests/unit/test_finder_index.py`` holds a decoder used to check round trips.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..records.cpts.pages import page_url
from ..records.appuis.pages import finder_rows
from ..records.cpts.view import PRECISION_LABELS
from ..core import memo
from ..core.errors import MacroError
from ..core.loader import Catalogue
from ..core.reference import ANCIENNE, ARRONDISSEMENT, Commune
from ..render.fragments import relative_url, render_fragment

INDEX_PATH = "donnees/finder-index.json"
FORMAT_VERSION = 3
# Beyond this distance a "nearest CPTS" is no help to a patient (and overseas it would point
# across an ocean): the finder then only says whom to contact.
NEAREST_MAX_KM = 150
EARTH_RADIUS_KM = 6371.0088
MAX_SHARED = 40  # front coding: chr(48 + 40) = "X", still a plain JSON character


@dataclass(frozen=True)
class Place:
    """One line of the finder: a commune, an arrondissement or a former commune."""

    code: str
    nom: str
    departement: str
    kind: str                      # reference.COMMUNE | ARRONDISSEMENT | ANCIENNE
    parent: str | None             # the current commune of an arrondissement or former commune
    postaux: tuple[str, ...] = ()
    cpts: tuple[int, ...] = ()     # indexes into the CPTS table, sorted
    nearest: int | None = None     # uncovered place: index of the nearest CPTS, if close enough
    km: int | None = None          # distance to it, rounded to 10 km (the index stores tens)
    rank: int = 0                  # population class (see population_rank)
    main: bool = False             # the most populous of a postal code shared within its class


# --- what each place is --------------------------------------------------------------------------

# Population classes, about half a decade wide: enough to list Châteauroux (43,000) before
# Châteaurenard (16,000) for "Châteaur", while one digit per place stays cheap once gzipped.
RANK_BOUNDS = (300, 1_000, 3_000, 10_000, 30_000, 100_000, 300_000)


def population_rank(population: int | None) -> int:
    """The population class, 0 (under 300 or unknown) to 7 (300,000 and more), to order suggestions."""
    return sum(population >= bound for bound in RANK_BOUNDS) if population else 0


def cpts_order(catalogue: Catalogue) -> list[str]:
    """The CPTS slugs in index order (the catalogue's sorted order)."""
    return list(catalogue.cpts)


def coverage_by_code(catalogue: Catalogue) -> dict[str, tuple[int, ...]]:
    """INSEE code → indexes of the CPTS whose territory holds it (a PLM commune: any arrondissement)."""
    ref = catalogue.reference
    owners: dict[str, set[int]] = {}
    for index, slug in enumerate(cpts_order(catalogue)):
        for code in catalogue.cpts[slug].communes:
            owners.setdefault(code, set()).add(index)
            parent = ref.communes[code].parent
            if parent:  # Paris is listed under the CPTS of each of its arrondissements
                owners.setdefault(parent, set()).add(index)
    return {code: tuple(sorted(indexes)) for code, indexes in owners.items()}


def cpts_points(catalogue: Catalogue) -> tuple[np.ndarray, np.ndarray]:
    """Points standing for each CPTS: its territory's communes, else its seat; and their CPTS index."""
    ref = catalogue.reference
    coords, owners = [], []
    for index, slug in enumerate(cpts_order(catalogue)):
        entry = catalogue.cpts[slug]
        codes = entry.communes or ((entry.record.siege,) if entry.record.siege else ())
        for code in codes:
            commune = ref.communes[code]
            coords.append((commune.lat, commune.lon))
            owners.append(index)
    return np.radians(np.array(coords, dtype=float).reshape(-1, 2)), np.array(owners, dtype=int)


def nearest_cpts(catalogue: Catalogue, communes: list[Commune]) -> dict[str, tuple[int, int]]:
    """Code → (CPTS index, km) of the closest CPTS point within NEAREST_MAX_KM (great-circle)."""
    points, owners = cpts_points(catalogue)
    if not communes or not len(points):
        return {}
    result: dict[str, tuple[int, int]] = {}
    for start in range(0, len(communes), 4096):  # chunks keep the distance matrix small
        chunk = communes[start:start + 4096]
        here = np.radians(np.array([(c.lat, c.lon) for c in chunk], dtype=float))
        km = _haversine_km(here, points)
        best = km.argmin(axis=1)  # first minimum: ties go to the lower CPTS index, deterministic
        for commune, column, row in zip(chunk, best, km):
            if row[column] <= NEAREST_MAX_KM:
                result[commune.code] = (int(owners[column]), 10 * round(row[column] / 10))
    return result


def _haversine_km(here: np.ndarray, there: np.ndarray) -> np.ndarray:
    lat1, lon1 = here[:, :1], here[:, 1:]
    lat2, lon2 = there[:, 0][None, :], there[:, 1][None, :]
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def postal_mains(current: list[Commune], ranks: dict[str, int]) -> set[str]:
    """Codes of the communes to list first for a postal code they share with a commune of the
    same population class, which the class alone cannot order (Koungou and Mamoudzou, 97600).

    Arrondissements are left out: they come before their city by rule (finder.js).
    """
    sharing: dict[str, list[Commune]] = {}
    for commune in current:
        if commune.type != ARRONDISSEMENT:
            for postal in commune.codes_postaux:
                sharing.setdefault(postal, []).append(commune)
    mains = set()
    for communes in sharing.values():
        if len(communes) > 1:
            first, second = sorted(communes, key=lambda c: (-(c.population or 0), c.code))[:2]
            if ranks[first.code] == ranks[second.code]:
                mains.add(first.code)
    return mains


def places(catalogue: Catalogue) -> list[Place]:
    """Every place of the finder: communes and arrondissements by INSEE code, then former communes.

    Former communes whose name their commune nouvelle kept are left out (they add nothing).
    They depend on the reference tables and on the CPTS territories (and seats) alone: under
    ``mkdocs serve`` they are reused while those are unchanged (``core.memo``).
    """
    territories = [(slug, entry.communes, entry.record.siege) for slug, entry in catalogue.cpts.items()]
    return list(memo.memoized("finder-places", territories, lambda: _places(catalogue), pins=(catalogue.reference,)))


def _places(catalogue: Catalogue) -> list[Place]:
    ref = catalogue.reference
    covered = coverage_by_code(catalogue)
    current = sorted(ref.communes.values(), key=lambda c: c.code)
    near = nearest_cpts(catalogue, [c for c in current if c.code not in covered])
    ranks = {c.code: population_rank(c.population) for c in current}
    mains = postal_mains(current, ranks)
    result = []
    for c in current:
        nearest, km = near.get(c.code, (None, None))
        # An arrondissement takes its city's class, so that "Paris" lists them right after it.
        rank = ranks[c.parent] if c.type == ARRONDISSEMENT else ranks[c.code]
        result.append(Place(c.code, c.nom, c.departement, c.type, c.parent, c.codes_postaux,
                            covered.get(c.code, ()), nearest, km, rank, c.code in mains))
    for old in sorted(ref.anciennes, key=lambda c: (c.code, c.nom)):
        if old.nom != ref.communes[old.parent].nom:
            result.append(Place(old.code, old.nom, old.departement, ANCIENNE, old.parent))
    return result


# --- the CPTS table ------------------------------------------------------------------------------

def cpts_table(catalogue: Catalogue) -> dict[str, Any]:
    """Statuses, patient offers and CPTS as the finder shows them (labels from the referentials)."""
    refs = catalogue.referentiels
    statuts = list(refs.statuts)
    offres: list[str] = []
    table = []
    for slug in cpts_order(catalogue):
        record = catalogue.cpts[slug].record
        texts = [refs.missions[m].pour_les_patients for m in record.missions if refs.missions[m].pour_les_patients]
        for text in texts:
            if text not in offres:
                offres.append(text)
        table.append({
            "slug": slug,
            "nom": record.nom,
            "statut": statuts.index(record.statut),
            "precision": record.territoire.precision,
            "offres": [offres.index(t) for t in texts],
            "contacts": record.contacts.model_dump(exclude_none=True, mode="json"),
            "departements": list(record.departements),
        })
    return {
        "statuts": [{"slug": s.slug, "libelle": s.libelle, "description": s.description,
                     "couleur": s.couleur, "forme": s.forme} for s in refs.statuts.values()],
        "offres": offres,
        "cpts": table,
        "precisions": PRECISION_LABELS,
    }


# --- columnar encoding ---------------------------------------------------------------------------

def postal_prefix(departement: str) -> str:
    """What most postal codes of a département start with: '01', '20' for Corsica, '971'…"""
    if departement in ("2A", "2B"):
        return "20"
    return departement


def _suffix(code: str, departement: str) -> int | None:
    """The numeric part after the département prefix; None for a code from another département."""
    rest = code[len(departement):]
    return int(rest) if code.startswith(departement) and rest.isdigit() else None


def _code_deltas(codes: Iterable[str], departement: str) -> str:
    out, previous = [], 0
    for code in codes:
        value = _suffix(code, departement)
        if value is None or value < previous:
            # A former commune keeps its old code when its commune nouvelle lies in another
            # département (39012 in the Doubs): written in full, outside the delta chain.
            out.append("!" + code)
            continue
        delta = value - previous
        out.append("" if delta == 1 else str(delta))
        previous = value
    return ",".join(out)


def _postal_column(rows: list[Place], prefix: str) -> str:
    out, previous = [], None
    for place in rows:
        value = " ".join(p.removeprefix(prefix) for p in place.postaux)
        out.append("=" if value == previous and value else value)
        previous = value
    return ",".join(out)


def _coverage_token(place: Place) -> str:
    if place.cpts:
        return ".".join(str(i) for i in place.cpts)
    if place.nearest is None:
        return "~"
    return f"~{place.nearest}:{place.km // 10}"


def _front_coded(names: Iterable[str]) -> str:
    """Names sharing a start with the previous one (INSEE codes follow the alphabet) are written
    as one character for the shared length (``chr(48 + n)``, n ≤ MAX_SHARED) and the rest."""
    out, previous = [], ""
    for name in names:
        shared = 0
        limit = min(len(name), len(previous), MAX_SHARED)
        while shared < limit and name[shared] == previous[shared]:
            shared += 1
        out.append(chr(48 + shared) + name[shared:])
        previous = name
    return "|".join(out)


def _parent_token(place: Place, departement: str) -> str:
    if place.parent == place.code:
        return ""
    suffix = _suffix(place.parent, departement)
    return "!" + place.parent if suffix is None else str(suffix)


ZONE_COLUMNS = ("c", "n", "p", "k", "r", "ac", "an", "ap")
# Outside every column's alphabet, front-coding characters (chr(48)…chr(88)) included.
ZONE_SEPARATOR = "#"


def encode_zone(departement: str, rows: list[Place]) -> dict[str, str]:
    """The columns of one département (see the module docstring)."""
    current = [p for p in rows if p.kind != ANCIENNE]
    former = [p for p in rows if p.kind == ANCIENNE]
    return {
        "c": _code_deltas((p.code for p in current), departement),
        "n": _front_coded(p.nom for p in current),
        "p": _postal_column(current, postal_prefix(departement)),
        "k": ",".join(_coverage_token(p) for p in current),
        "r": "".join(chr(97 + p.rank) if p.main else str(p.rank) for p in current),
        "ac": _code_deltas((p.code for p in former), departement),
        "an": _front_coded(p.nom for p in former),
        "ap": ",".join(_parent_token(p, departement) for p in former),
    }


def encode(rows: list[Place], table: dict[str, Any], departements: dict[str, str]) -> dict[str, Any]:
    """The whole index as a JSON-ready dict; ``rows`` as returned by ``places``."""
    for place in rows:
        if "|" in place.nom:
            raise ValueError(f"nom de commune avec « | » : {place.nom}")
    by_departement: dict[str, list[Place]] = {}
    for place in rows:
        by_departement.setdefault(place.departement, []).append(place)
    arrondissements: dict[str, list[str]] = {}
    for place in rows:
        if place.kind == ARRONDISSEMENT:
            arrondissements.setdefault(place.parent, []).append(place.code)
    return {
        "format": FORMAT_VERSION,
        "nearest_max_km": NEAREST_MAX_KM,
        **table,
        "departements": departements,
        "arrondissements": {k: sorted(v) for k, v in sorted(arrondissements.items())},
        "zones": sorted(by_departement),
        "postal_prefixes": {dep: postal_prefix(dep) for dep in sorted(by_departement) if postal_prefix(dep) != dep},
        "columns": _columns([encode_zone(dep, sorted(group, key=_zone_order)) for dep, group in sorted(by_departement.items())]),
    }


def _columns(zones: list[dict[str, str]]) -> dict[str, str]:
    """Each column across all départements, zones separated by ZONE_SEPARATOR: one long run of
    similar values compresses better than many short ones interleaved with other columns."""
    for zone in zones:
        for column in ZONE_COLUMNS:
            if ZONE_SEPARATOR in zone[column]:
                raise ValueError(f"« {ZONE_SEPARATOR} » dans la colonne {column} de l'index")
    return {column: ZONE_SEPARATOR.join(zone[column] for zone in zones) for column in ZONE_COLUMNS}


def _zone_order(place: Place) -> tuple:
    return (place.kind == ANCIENNE, place.code, place.nom)


# Overseas collectivities have communes (data/reference/communes.csv) but are no département of
# the referential (data/referentiels/departements.yml): their names, by their INSEE prefix.
COLLECTIVITES = {
    "975": "Saint-Pierre-et-Miquelon",
    "977": "Saint-Barthélemy",
    "978": "Saint-Martin",
    "984": "Terres australes et antarctiques françaises",
    "986": "Wallis-et-Futuna",
    "987": "Polynésie française",
    "988": "Nouvelle-Calédonie",
    "989": "Île de Clipperton",
}


def departement_names(catalogue: Catalogue) -> dict[str, str]:
    """Names of every département or overseas collectivity a commune belongs to; one missing
    from both lists is labelled generically rather than left blank."""
    names = {code: d.nom for code, d in catalogue.reference.departements.items()}
    for commune in catalogue.reference.communes.values():
        code = commune.departement
        names.setdefault(code, COLLECTIVITES.get(code, f"Collectivité d'outre-mer {code}"))
    return dict(sorted(names.items()))


CPTS_FIELDS = ("slug", "nom", "statut", "precision", "offres", "contacts", "departements")


def cpts_columns(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """The CPTS rows of ``cpts_table`` as the index stores them: one list per field."""
    return {name: [row[name] for row in rows] for name in CPTS_FIELDS}


def cpts_rows(columns: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """The rows back from ``cpts_columns`` (what finder.js does when it loads the index)."""
    count = len(columns.get("slug", []))
    return [{name: columns[name][i] for name in CPTS_FIELDS} for i in range(count)]


def build_index(catalogue: Catalogue) -> dict[str, Any]:
    table = cpts_table(catalogue)
    index = encode(places(catalogue), {**table, "cpts": cpts_columns(table["cpts"])}, departement_names(catalogue))
    # Who to ask where no CPTS is known: the support bodies, most local first (see appuis).
    index["appuis"] = [{**row, "url": row["url"].removeprefix("appuis/")} for row in finder_rows(catalogue)]
    return index


def index_bytes(catalogue: Catalogue) -> bytes:
    """The published file: compact, deterministic JSON (same catalogue, same bytes)."""
    text = json.dumps(build_index(catalogue), ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


def files(catalogue: Catalogue, config: Any) -> dict[str, bytes]:
    """Fetched by the browser, read by no page: built on the second core (``Feature.deferred``)."""
    return {INDEX_PATH: index_bytes(catalogue)}



# --- the macro -----------------------------------------------------------------------------------

def finder_context(here: str, niveau: int, precharger: bool) -> dict[str, Any]:
    """What the fragment needs: URLs relative to the page at ``here``, ids, heading level."""
    return {
        "prefix": "finder",
        "niveau": niveau,
        "precharger": precharger,
        "nearest_max_km": NEAREST_MAX_KM,
        "index_url": relative_url(here, INDEX_PATH),
        "cpts_base": relative_url(here, page_url("x")).removesuffix("x/"),
        "appuis_base": relative_url(here, "appuis/x/").removesuffix("x/"),
        "annuaire_url": relative_url(here, "annuaire/"),
        "couverture_url": relative_url(here, "couverture/"),
    }


def _check_level(catalogue: Catalogue, args: dict[str, Any]) -> None:
    if args.get("niveau", 2) not in range(2, 6):
        raise MacroError("trouver_ma_cpts(niveau=…) : un niveau de titre entre 2 et 5")


# Checked in hand-written pages before anything renders (see page_refs).
REFERENCE_CHECKS = {"trouver_ma_cpts": _check_level}


def register(env, catalogue: Catalogue) -> None:
    @env.macro
    def trouver_ma_cpts(niveau: int = 2, precharger: bool = False) -> str:
        """The commune finder (one per page). ``niveau``: heading level of its results (2 to 5);
        ``precharger``: fetch the index as the page loads (the finder's own page) rather than
        when the visitor first points at or focuses the field (the home page)."""
        _check_level(catalogue, {"niveau": niveau})
        here = env.page.url if env.page is not None else ""
        return render_fragment(catalogue.root, "finder.html", **finder_context(here, niveau, precharger))

