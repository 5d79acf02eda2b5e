"""Reading a GeoJSON FeatureCollection of CPTS territories into ``ListedCpts``.

Owns the GeoJSON checks (with the feature number in every message) and the choice of communes:
the codes a property lists when there is one, otherwise the communes whose inside point
(reference lat/lon) falls in the polygon. A point inside two polygons is given to neither and
reported: deciding which CPTS covers it is a person's job; communes the contour cuts through
are reported too (``surfaces``).
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from ..core.reference import Reference
from .columns import Mapping, recognise
from .errors import ImportInputError
from .listing import ListedCommune, ListedCpts, _read_details, split_list
from .surfaces import split_communes
from .tables import check_size
from .text import fold


def _load(path: Path) -> list[dict]:
    check_size(path)
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportInputError(path.name, "le fichier GeoJSON n'est pas encodé en UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ImportInputError(f"{path.name}:{exc.lineno}", f"JSON invalide ({exc.msg}, colonne {exc.colno})") from None
    collection = isinstance(data, dict) and data.get("type") == "FeatureCollection"
    if not collection or not isinstance(data.get("features"), list):
        raise ImportInputError(path.name, "GeoJSON attendu : un objet « FeatureCollection » avec une liste "
                                          "« features »")
    if not data["features"]:
        raise ImportInputError(path.name, "GeoJSON sans aucune entité (« features » est vide)")
    return data["features"]


def _text(value) -> str:
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return "" if value is None else str(value).strip()


def read_geojson(path: Path, mapping: Mapping, ref: Reference) -> list[ListedCpts]:
    """One ``ListedCpts`` per feature (features of the same name are merged); ``rows`` are feature numbers."""
    from shapely.geometry import shape  # imported here: only GeoJSON listings need shapely

    listed: dict[str, ListedCpts] = {}
    polygons: list[tuple[ListedCpts, int, object]] = []
    for number, feature in enumerate(_load(path), start=1):
        where = f"{path.name}: entité {number}"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise ImportInputError(where, "chaque élément de « features » doit être un objet « Feature »")
        props = feature.get("properties") or {}
        if not isinstance(props, dict):
            raise ImportInputError(where, "« properties » doit être un objet")
        keys = list(props)
        roles = recognise(keys, mapping)
        if "nom_cpts" not in roles:
            found = ", ".join(keys) or "aucune"
            raise ImportInputError(where, f"aucune propriété ne donne le nom de la CPTS (propriétés : {found}) : "
                                          "nommez-la dans un fichier --correspondance")
        value = {role: _text(props[keys[i]]) for role, i in roles.items()}
        name = " ".join(value["nom_cpts"].split())
        if not name:
            raise ImportInputError(where, "nom de CPTS vide")
        cpts = listed.setdefault(fold(name), ListedCpts(nom=name))
        cpts.rows.append(number)
        _read_details(cpts, value, mapping, number)
        codes = split_list(value.get("code_insee", ""))
        names = split_list(value.get("commune", ""))
        dep = value.get("departement", "")
        if codes:
            cpts.communes.extend(ListedCommune(number, "", dep, code) for code in codes)
        elif names:
            cpts.communes.extend(ListedCommune(number, n, dep) for n in names)
        elif feature.get("geometry") is None:  # a CPTS drawn later: its name and details are still worth reading
            cpts.notes.append(f"entité {number} : ni codes de communes ni contour (« geometry » vide) : "
                              "territoire inconnu")
        else:
            try:
                geometry = shape(feature.get("geometry") or {})
            except Exception as exc:  # noqa: BLE001 - shapely raises several types for malformed geometries
                raise ImportInputError(where, f"géométrie illisible ({type(exc).__name__})") from None
            if geometry.is_empty or geometry.geom_type not in ("Polygon", "MultiPolygon"):
                raise ImportInputError(where, "ni codes de communes ni contour (Polygon ou MultiPolygon)")
            west, south, east, north = geometry.bounds
            if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
                raise ImportInputError(where, "coordonnées qui ne sont pas des longitudes et latitudes "
                                              "(Lambert 93 ?) : enregistrez la carte en WGS84 (EPSG:4326)")
            polygons.append((cpts, number, geometry))
    _communes_in_polygons(polygons, ref)
    return list(listed.values())


def _communes_in_polygons(polygons: list[tuple[ListedCpts, int, object]], ref: Reference) -> None:
    """Give each polygon the communes whose point it contains; points in two polygons go to none."""
    if not polygons:
        return
    import numpy as np
    import shapely

    # Paris, Lyon and Marseille are represented by their arrondissements' points.
    points = [c for c in ref.communes.values() if not ref.arrondissements_of(c.code)]
    lon = np.array([c.lon for c in points])
    lat = np.array([c.lat for c in points])
    owners: dict[str, list[tuple[ListedCpts, int]]] = defaultdict(list)
    for cpts, number, geometry in polygons:
        shapely.prepare(geometry)
        west, south, east, north = geometry.bounds
        near = np.nonzero((lon >= west) & (lon <= east) & (lat >= south) & (lat <= north))[0]
        inside = near[shapely.contains_xy(geometry, lon[near], lat[near])]
        if not len(inside):
            cpts.notes.append(f"entité {number} : aucune commune dont le point est dans ce contour")
        for i in inside:
            owners[points[i].code].append((cpts, number))
    given: dict[int, set[str]] = defaultdict(set)
    for code in sorted(owners):
        holders = owners[code]
        if len(holders) == 1:
            cpts, number = holders[0]
            cpts.communes.append(ListedCommune(number, "", "", code, via="polygone"))
            given[number].add(code)
            continue
        names = " et ".join(f"« {c.nom} » (entité {n})" for c, n in holders)
        for cpts, number in holders:
            cpts.communes.append(ListedCommune(number, ref.communes[code].nom, "", code, via="partagee"))
            cpts.notes.append(f"entité {number} : le point de {ref.communes[code].nom} ({code}) est dans {names} : "
                              "commune laissée de côté, à attribuer à la main")
    for cpts, note in split_communes(polygons, given, ref):
        cpts.notes.append(note)
