"""The geographic reference, loaded from ``data/reference`` and ``data/referentiels``.

This module owns the read side of the committed reference files written by
``data/reference/build_reference.py``: communes (with municipal arrondissements
and former communes), EPCI, départements and régions, exposed as one immutable
``Reference`` of frozen dataclasses with the lookups the rest of the portal
needs. It uses only the standard ``csv`` module and PyYAML so that loading the
~37,600 rows takes a fraction of a second (no pandas, no geometry).
"""

from __future__ import annotations

import csv
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import yaml

__all__ = [
    "Commune",
    "Departement",
    "Epci",
    "Reference",
    "Region",
    "load_reference",
]

COMMUNES_FILE = Path("data/reference/communes.csv")
EPCI_FILE = Path("data/reference/epci.csv")
REGIONS_FILE = Path("data/referentiels/regions.yml")
DEPARTEMENTS_FILE = Path("data/referentiels/departements.yml")
REFERENCE_FILES = (COMMUNES_FILE, EPCI_FILE, REGIONS_FILE, DEPARTEMENTS_FILE)

COMMUNES_HEADER = [
    "code", "nom", "type", "parent", "departement", "region", "epci",
    "codes_postaux", "population", "lat", "lon",
]
EPCI_HEADER = ["code", "nom", "type", "membres"]

COMMUNE = "commune"
ARRONDISSEMENT = "arrondissement"
ANCIENNE = "ancienne"
COMMUNE_TYPES = frozenset({COMMUNE, ARRONDISSEMENT, ANCIENNE})


@dataclass(frozen=True, slots=True)
class Commune:
    """A current commune, a municipal arrondissement or a former commune.

    ``parent`` is the current commune an arrondissement or a former commune
    belongs to (None for a current commune). ``epci`` is the SIREN of the
    commune's EPCI (an arrondissement's and a former commune's are their
    parent's), None when it has none. ``population`` is INSEE's municipal
    population, None for former communes. ``lat``/``lon`` (WGS84) is a point
    inside the commune, except for the overseas collectivities, which have no
    published polygon (see data/reference/SOURCES.md).
    """

    code: str
    nom: str
    type: str
    parent: str | None
    departement: str
    region: str
    epci: str | None
    codes_postaux: tuple[str, ...]
    population: int | None
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class Epci:
    """An EPCI à fiscalité propre (CC, CA, CU, METRO, MET69), keyed by SIREN."""

    code: str
    nom: str
    type: str
    membres: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Departement:
    code: str
    nom: str
    region: str


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    nom: str


# eq=False: identity comparison and hashing; comparing two references field by
# field (tens of thousands of communes) is never what a caller wants.
@dataclass(frozen=True, eq=False)
class Reference:
    """Every commune, EPCI, département and région, read-only.

    ``communes`` holds current communes and arrondissements by INSEE code (the
    codes never collide); former communes are in ``anciennes`` because some
    share their code with the commune nouvelle they joined.
    """

    communes: Mapping[str, Commune]
    anciennes: tuple[Commune, ...]
    epci: Mapping[str, Epci]
    departements: Mapping[str, Departement]
    regions: Mapping[str, Region]
    _by_departement: Mapping[str, tuple[Commune, ...]] = field(repr=False)
    _arrondissements: Mapping[str, tuple[str, ...]] = field(repr=False)

    def communes_of_departement(self, code: str) -> tuple[Commune, ...]:
        """Current communes of a département, by code (arrondissements excluded)."""
        return self._by_departement.get(code, ())

    def expand_epci(self, code: str) -> tuple[str, ...]:
        """INSEE codes of an EPCI's member communes; KeyError if the SIREN is unknown."""
        return self.epci[code].membres

    def arrondissements_of(self, code: str) -> tuple[str, ...]:
        """Codes of the municipal arrondissements of Paris, Lyon or Marseille; () otherwise."""
        return self._arrondissements.get(code, ())


def load_reference(root: Path | str) -> Reference:
    """Load the reference files under the project ``root``, once per path.

    The cache is keyed on the files' modification times as well, so that a
    long-running ``mkdocs serve`` picks up regenerated files.
    """
    root = Path(root).resolve()
    stamps = tuple((root / rel).stat().st_mtime_ns for rel in REFERENCE_FILES)
    return _load(root, stamps)


@functools.lru_cache(maxsize=4)
def _load(root: Path, _stamps: tuple[int, ...]) -> Reference:
    communes: dict[str, Commune] = {}
    anciennes: list[Commune] = []
    by_departement: dict[str, list[Commune]] = defaultdict(list)
    arrondissements: dict[str, list[str]] = defaultdict(list)
    for commune in _read_communes(root / COMMUNES_FILE):
        if commune.type == ANCIENNE:
            anciennes.append(commune)
            continue
        communes[commune.code] = commune
        if commune.type == COMMUNE:
            by_departement[commune.departement].append(commune)
        else:
            arrondissements[commune.parent].append(commune.code)
    return Reference(
        communes=MappingProxyType(communes),
        anciennes=tuple(anciennes),
        epci=MappingProxyType({e.code: e for e in _read_epci(root / EPCI_FILE)}),
        departements=MappingProxyType({
            str(item["code"]): Departement(str(item["code"]), item["nom"], str(item["region"]))
            for item in _read_yaml_list(root / DEPARTEMENTS_FILE)
        }),
        regions=MappingProxyType({
            str(item["code"]): Region(str(item["code"]), item["nom"])
            for item in _read_yaml_list(root / REGIONS_FILE)
        }),
        _by_departement=MappingProxyType({k: tuple(v) for k, v in by_departement.items()}),
        _arrondissements=MappingProxyType({k: tuple(v) for k, v in arrondissements.items()}),
    )


def _read_communes(path: Path) -> list[Commune]:
    result = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        _check_header(path, next(reader, None), COMMUNES_HEADER)
        for line, row in enumerate(reader, start=2):
            try:
                code, nom, kind, parent, dep, region, epci, postcodes, population, lat, lon = row
                if kind not in COMMUNE_TYPES:
                    raise ValueError(f"unknown type {kind!r}")
                result.append(Commune(
                    code=code,
                    nom=nom,
                    type=kind,
                    parent=parent or None,
                    departement=dep,
                    region=region,
                    epci=epci or None,
                    codes_postaux=tuple(postcodes.split()),
                    population=int(population) if population else None,
                    lat=float(lat),
                    lon=float(lon),
                ))
            except ValueError as error:  # also raised by a wrong column count
                raise ValueError(f"{path}:{line}: {error}") from None
    return result


def _read_epci(path: Path) -> list[Epci]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        _check_header(path, next(reader, None), EPCI_HEADER)
        try:
            return [Epci(code, nom, kind, tuple(membres.split())) for code, nom, kind, membres in reader]
        except ValueError as error:
            raise ValueError(f"{path}:{reader.line_num}: {error}") from None


def _check_header(path: Path, header: list[str] | None, expected: list[str]) -> None:
    if header != expected:
        raise ValueError(f"{path}: header {header} differs from {expected}; regenerate the file")


def _read_yaml_list(path: Path) -> list[dict]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=loader)  # noqa: S506 - a safe loader
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a YAML list")
    return data
