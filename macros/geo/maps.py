"""The CPTS maps: every map document, the pages that embed them, their macros and the CPTS-page map.

This module owns the maps' content and where they are published:

- ``cartes/france.html`` (all CPTS), ``cartes/region-<code>.html`` (one per région with at least
  one CPTS: a région without any would be an empty map behind a link) and
  ``cartes/cpts/<slug>.html`` (one CPTS, for its page) are standalone Leaflet documents built with
  folium (``map_folium``), embedded in Material pages through titled iframes so that neither
  side's CSS or scripts touch the other;
- ``carte/<région>/`` pages (generated) and the ``carte_france()`` / ``cartes_regions()`` macros
  of ``docs/carte.md`` put each map next to the same information as lists and tables;
- the CPTS page gets its small map through ``cpts_page_context`` (``Feature.cpts_page``).

Every map document is built once per build (memoised on the catalogue) and territory geometry is
cached on disk (``map_geometry``). What the maps say comes from ``map_view``.
"""
from __future__ import annotations

import html
import json
import posixpath
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from . import map_geometry, map_view
from ..core import memo
from ..core.loader import Catalogue
from ..records.cpts import pages as cpts_pages, view as cpts_view
from ..records.cpts.loading import CptsEntry
from ..render.pages import markdown_page
from .map_view import Tiles
from ..render.fragments import relative_url, render_fragment

NATIONAL_MAP = "cartes/france.html"
NATIONAL_PAGE = "carte/"
LAYER_DEPARTEMENTS = "Nombre de CPTS par département"
LAYER_TERRITOIRES = "Territoires des CPTS"
LAYER_MARQUEURS = "CPTS (au siège ou sur le territoire)"
EMBED_HEIGHT = "clamp(360px, 72vh, 700px)"
# Rows per table of a map page's CPTS list: each table is laid out only when near the screen.
ROWS_PER_TABLE = 50
CPTS_EMBED_HEIGHT = "320px"


def _folium():
    """map_folium, imported on the first map build: folium pulls in pandas (~1 s), which
    ``python -m macros.validate`` and the pages without maps do not need."""
    from . import map_folium

    return map_folium


def region_map_path(code: str) -> str:
    return f"cartes/region-{code}.html"


def cpts_map_path(slug: str) -> str:
    return f"cartes/cpts/{slug}.html"


@dataclass(frozen=True)
class Placed:
    """A CPTS on the maps: its marker's [lat, lon] (None: "non localisée") and its outline."""

    point: tuple[float, float] | None
    outline: dict[str, Any] | None     # GeoJSON geometry of the territory, None if unknown
    overview: dict[str, Any] | None    # the same, coarser, for the national map


def tiles_of(config: Any) -> Tiles:
    portail = (config.get("extra") or {}).get("portail") or {}
    return Tiles(portail["tuiles_url"], portail["tuiles_attribution"])


# --------------------------------------------------------------------------
# Where each CPTS goes
# --------------------------------------------------------------------------


def place(catalogue: Catalogue, entry: CptsEntry) -> Placed:
    """Seat first, else a point inside the territory; the outline whenever the territory is known."""
    communes = catalogue.reference.communes
    territory = map_geometry.territory(entry.communes, communes) if entry.communes else None
    kind = map_view.placement(entry)
    if kind == "siege":
        seat = communes[entry.record.siege]
        point = (seat.lat, seat.lon)
    elif territory is not None:
        point = territory.point
    elif kind == "territoire":
        # No polygon at all (overseas collectivities): the reference point of its largest commune.
        largest = max((communes[c] for c in entry.communes), key=lambda c: (c.population or 0, c.code))
        point = (largest.lat, largest.lon)
    else:
        point = None
    if territory is None:
        return Placed(point, None, None)
    return Placed(point, territory.geometry, territory.overview)


# --------------------------------------------------------------------------
# What a map document carries: the JSON data carte.js reads
# --------------------------------------------------------------------------


def layer_data(features: list[tuple[str, dict, dict, str]], decimals: int) -> dict[str, Any]:
    """A GeoJSON layer for ``PortailCarte.couche``: features are (id, geometry, style, tooltip HTML).

    Styles are stored once and referred to by index (most features share a handful of styles);
    geometries are polyline-encoded with ``decimals`` (``map_geometry.encoded``).
    """
    styles: list[dict] = []
    collection = []
    for ident, shape, style, _ in features:
        if style not in styles:
            styles.append(style)
        collection.append({"type": "Feature", "id": ident, "properties": {"s": styles.index(style)},
                           "geometry": map_geometry.encoded(shape, decimals)})
    return {"geojson": {"type": "FeatureCollection", "features": collection}, "styles": styles,
            "infobulles": {ident: tooltip for ident, _, _, tooltip in features}}


def departements_data(catalogue: Catalogue, codes: list[str], shapes: dict[str, dict],
                      classes: list[dict]) -> dict[str, Any]:
    """The choropleth layer: each département coloured by its class, its count in the tooltip."""
    counts = map_view.counts_by_departement(catalogue)
    refs = catalogue.referentiels.departements
    features = []
    for code in codes:
        if code in shapes:
            n = counts.get(code, 0)
            style = {"fillColor": map_view.class_of(n, classes)["couleur"], "color": "#4d4d4d", "weight": 0.8,
                     "fillOpacity": 0.55 if n else 0.2}
            features.append((code, shapes[code], style, str(escape(f"{refs[code].nom} ({code}) : {n} CPTS"))))
    return layer_data(features, map_geometry.DEPARTEMENT_DECIMALS)


def cpts_data(catalogue: Catalogue, path: str, slugs: list[str], placed: dict[str, Placed],
              popups: bool = True, overview: bool = False) -> dict[str, Any]:
    """Markers (numeric rows + one entry per CPTS), status icons and the territories layer."""
    data: dict[str, Any] = {"statuts": {}, "cpts": [], "marqueurs": [], "couches": {}}
    features = []
    for slug in slugs:
        entry, where = catalogue.cpts[slug], placed[slug]
        status = cpts_view.status_view(catalogue, entry.record.statut)
        precision = entry.record.territoire.precision
        if where.outline is not None:
            # The line pattern tells the precision, so it is never told by colour alone.
            style = {"color": status["couleur"], "fillColor": status["couleur"], "weight": 2.5,
                     "fillOpacity": 0.12, "dashArray": map_view.OUTLINE_DASHES[precision]}
            label = f"{entry.record.nom} : {map_view.OUTLINE_LABELS[precision]}"
            features.append((slug, where.overview if overview else where.outline, style, str(escape(label))))
        if where.point is None:
            continue
        if status["slug"] not in data["statuts"]:
            data["statuts"][status["slug"]] = render_fragment(
                catalogue.root, "map_marker.html", forme=status["forme"], couleur=status["couleur"], taille=24)
        data["marqueurs"].append([where.point[0], where.point[1], len(data["cpts"])])
        data["cpts"].append({
            "slug": slug, "statut": status["slug"], "titre": f"{entry.record.nom} — {status['libelle']}",
            "popup": _popup(catalogue, path, entry, status) if popups else None,
        })
    decimals = map_geometry.OVERVIEW_DECIMALS if overview else map_geometry.TERRITORY_DECIMALS
    data["couches"]["territoires"] = layer_data(features, decimals)
    return data


def _popup(catalogue: Catalogue, path: str, entry: CptsEntry, status: dict[str, Any]) -> str:
    departements = [catalogue.referentiels.departements[d] for d in map_view.departements_of(catalogue, entry)]
    return render_fragment(
        catalogue.root, "map_popup.html", nom=entry.record.nom, statut=status,
        position=map_view.position_text(catalogue, entry),
        departements=", ".join(f"{d.nom} ({d.code})" for d in departements),
        # Relative to the map document, which the browser shows inside an iframe.
        url=relative_url(posixpath.dirname(path) + "/", cpts_pages.page_url(entry.record.slug)),
    )


FRANCE_VIEW = {"centre": [46.6, 2.4], "zoom": 5}


def _view(bounds: list[list[float]] | None, point: tuple[float, float] | None = None,
          max_zoom: int = 12) -> dict[str, Any]:
    """The initial view carte.js sets: fit ``bounds``, else centre on ``point``, else France."""
    if bounds is not None:
        return {"limites": bounds, "zoomMax": max_zoom}
    if point is not None:
        return {"centre": list(point), "zoom": 11}
    return dict(FRANCE_VIEW)


def _markers_bounds(data: dict[str, Any]) -> list[list[float]] | None:
    points = [row[:2] for row in data["marqueurs"]]
    if not points:
        return None
    return [[min(p[0] for p in points), min(p[1] for p in points)],
            [max(p[0] for p in points), max(p[1] for p in points)]]


def _legend(catalogue: Catalogue, classes: list[dict], frames: list[dict] | None = None) -> dict[str, Any]:
    return {
        "statuts": [cpts_view.status_view(catalogue, slug) for slug in catalogue.referentiels.statuts],
        "traits": [{"tirets": map_view.OUTLINE_DASHES[p], "libelle": label[0].upper() + label[1:]}
                   for p, label in map_view.OUTLINE_LABELS.items()],
        "classes": classes,
        "cadres": frames or [],
    }


def _frames(catalogue: Catalogue, shapes: dict[str, dict]) -> list[dict[str, str]]:
    """National map's "Aller à" buttons: metropolitan France, then each overseas région."""
    refs = catalogue.referentiels
    metro = [shapes[c] for c in shapes if not c.startswith("97")]
    frames = [{"libelle": "France métropolitaine", "limites": _bounds_json(map_geometry.bounds_of(metro))}]
    for region in map_view.OVERSEAS_REGIONS:
        members = [shapes[c] for c, d in refs.departements.items() if d.region == region and c in shapes]
        if members:
            frames.append({"libelle": refs.regions[region].nom,
                           "limites": _bounds_json(map_geometry.bounds_of(members))})
    return frames


def _bounds_json(bounds: list[list[float]] | None) -> str:
    return json.dumps(bounds, separators=(",", ":"))


# --------------------------------------------------------------------------
# Map documents: folium skeleton + data
# --------------------------------------------------------------------------


def _skeleton(catalogue: Catalogue, path: str, tiles: Tiles, legend: dict[str, Any] | None) -> str:
    """The folium document of a map, without its title and data.

    National and regional maps: choropleth pane and layer, territories, clustered markers, layer
    control, legend. A CPTS's own map: its territory and one plain marker, nothing else.
    """
    base = "../" * path.count("/")
    head = render_fragment(catalogue.root, "map_head.html", base=base)
    body = render_fragment(catalogue.root, "map_body.html", legende=legend)
    # A preview rebuild reuses the folium document while these inputs are equal (see core.memo):
    # folium compiles a Jinja template for every element it creates.
    return memo.memoized("squelette de carte", (path, tiles, legend, head, body),
                         lambda: _folium_skeleton(path, tiles, legend, head, body))


def _folium_skeleton(path: str, tiles: Tiles, legend: dict[str, Any] | None, head: str, body: str) -> str:
    folium_ = _folium()
    fmap = folium_.new_map(path, tiles, cluster=legend is not None)
    base = "../" * path.count("/")
    if legend is not None:
        # In a pane under the territories, so that both stay hoverable after toggling.
        folium_.add_pane(fmap, "departements", 350)
        folium_.GeoLayer("departements", LAYER_DEPARTEMENTS, "departements").add_to(fmap)
    folium_.GeoLayer("territoires", LAYER_TERRITOIRES).add_to(fmap)
    if legend is not None:
        folium_.ClusterLayer(LAYER_MARQUEURS, base).add_to(fmap)
        folium_.add_layer_control(fmap)
    else:
        fmap.add_child(folium_.PlainMarkers())
    return folium_.skeleton(fmap, head, body)


def national_map(catalogue: Catalogue, placed: dict[str, Placed], tiles: Tiles, classes: list[dict]) -> str:
    shapes = map_geometry.departement_shapes(map_geometry.DEPARTEMENT_TOLERANCE_NATIONAL)
    data = cpts_data(catalogue, NATIONAL_MAP, list(catalogue.cpts), placed, overview=True)
    data["couches"]["departements"] = departements_data(catalogue, list(catalogue.referentiels.departements),
                                                         shapes, classes)
    metro = [shapes[c] for c in shapes if not c.startswith("97")]
    data["vue"] = _view(map_geometry.bounds_of(metro))
    legend = _legend(catalogue, classes, _frames(catalogue, shapes))
    document = _skeleton(catalogue, NATIONAL_MAP, tiles, legend)
    return _folium().fill(document, "Carte des CPTS de France", data, tiles)


def region_map(catalogue: Catalogue, code: str, slugs: list[str], placed: dict[str, Placed], tiles: Tiles,
               classes: list[dict]) -> str:
    shapes = map_geometry.departement_shapes(map_geometry.DEPARTEMENT_TOLERANCE_REGIONAL)
    region = catalogue.referentiels.regions[code]
    codes = [c for c, d in catalogue.referentiels.departements.items() if d.region == code]
    path = region_map_path(code)
    data = cpts_data(catalogue, path, slugs, placed)
    data["couches"]["departements"] = departements_data(catalogue, codes, shapes, classes)
    # A région of the referential without départements (none today) is framed on its CPTS.
    data["vue"] = _view(map_geometry.bounds_of([shapes[c] for c in codes if c in shapes]) or _markers_bounds(data))
    document = _skeleton(catalogue, path, tiles, _legend(catalogue, classes))
    return _folium().fill(document, f"Carte des CPTS : {region.nom}", data, tiles)


def cpts_maps(catalogue: Catalogue, placed: dict[str, Placed], tiles: Tiles) -> dict[str, str]:
    """Each placed CPTS's own map: its territory (or seat only), no legend (its page says the rest).

    These maps differ only by their data, so folium renders one skeleton for all of them: a
    thousand CPTS cost a thousand string substitutions, not a thousand folium renders.
    """
    slugs = [slug for slug, where in placed.items() if where.point is not None]
    if not slugs:
        return {}
    skeleton = _skeleton(catalogue, cpts_map_path(slugs[0]), tiles, legend=None)
    documents = {}
    for slug in slugs:
        where, path = placed[slug], cpts_map_path(slug)
        data = cpts_data(catalogue, path, [slug], placed, popups=False)
        data["vue"] = _view(map_geometry.bounds_of([where.outline]) if where.outline else None, where.point)
        documents[path] = _folium().fill(skeleton, f"Carte : {catalogue.cpts[slug].record.nom}", data, tiles)
    return documents


# --------------------------------------------------------------------------
# Build: every map once, then pages
# --------------------------------------------------------------------------


def build_maps(catalogue: Catalogue, tiles: Tiles) -> dict[str, str]:
    """Every map document of the site, ``{site path: HTML}``, built once per catalogue.

    ``mkdocs serve`` calls this on every rebuild: the maps are rebuilt only when the data, the
    tile setting or a map fragment changed.
    """
    stamp = (tiles, _fragments_stamp(catalogue))
    return memo.per_catalogue("cartes", catalogue, lambda: _build_maps(catalogue, tiles), stamp)


def _build_maps(catalogue: Catalogue, tiles: Tiles) -> dict[str, str]:
    map_view.check_statuses(catalogue)
    placed = placements(catalogue)
    classes = map_view.count_classes(max(map_view.counts_by_departement(catalogue).values(), default=0))
    maps = {NATIONAL_MAP: national_map(catalogue, placed, tiles, classes)}
    for code, slugs in map_view.regions_with_cpts(catalogue).items():
        maps[region_map_path(code)] = region_map(catalogue, code, slugs, placed, tiles, classes)
    maps.update(cpts_maps(catalogue, placed, tiles))
    return maps


def placements(catalogue: Catalogue) -> dict[str, Placed]:
    """Where each CPTS goes (``place``), worked out once per catalogue: the maps and the GeoJSON
    export both ask, and each territory is a file read and parsed."""
    return memo.per_catalogue("placements", catalogue,
                              lambda: {slug: place(catalogue, entry) for slug, entry in catalogue.cpts.items()})


def _fragments_stamp(catalogue: Catalogue) -> tuple:
    folder = catalogue.root / "overrides" / "fragments"
    return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("map_*.html")))


def map_page(catalogue: Catalogue, here: str, slugs: list[str], departements: list[str], map_path: str,
             title: str, scope: str, national: bool) -> str:
    """The HTML of a map page: the iframe, then non-localised CPTS, the CPTS table, the counts."""
    rows = map_view.table_rows(catalogue, slugs, here)
    return render_fragment(
        catalogue.root, "carte_page.html",
        # Lazy although on screen: the browser then asks for the map document (its data weighs
        # hundreds of kB nationally) once the page is laid out, not as a rival of its first paint.
        carte={"src": relative_url(here, map_path), "titre": title, "chargement": "lazy",
               "hauteur": EMBED_HEIGHT, "alternative": "#liste",
               "alternative_libelle": "Aller à la liste des CPTS (mêmes informations)"},
        non_localisees=[r for r in rows if not r["localisee"]], lignes=rows, par_tableau=ROWS_PER_TABLE, portee=scope,
        departements=map_view.departement_rows(catalogue, departements), avec_region=national,
        couche_departements=LAYER_DEPARTEMENTS,
        retour=None if national else relative_url(here, NATIONAL_PAGE),
    )


def documents(catalogue: Catalogue, config: Any) -> dict[str, str]:
    """The map documents (no page waits for them: built on the second core, see ``deferred``)."""
    return dict(build_maps(catalogue, tiles_of(config)))


def files(catalogue: Catalogue, config: Any) -> dict[str, str]:
    """The regional map pages."""
    result: dict[str, str] = {}
    refs = catalogue.referentiels
    for code, slugs in map_view.regions_with_cpts(catalogue).items():
        here = map_view.region_page_url(catalogue, code)
        name = refs.regions[code].nom
        body = map_page(catalogue, here, slugs, [c for c, d in refs.departements.items() if d.region == code],
                        region_map_path(code), f"Carte des CPTS : {name}", f"de la région {name}", national=False)
        front = {"title": html.escape(f"Carte des CPTS : {name}"),
                 "description": html.escape(f"Les CPTS de la région {name} sur une carte et en liste.")}
        result[f"{here.rstrip('/')}.md"] = markdown_page(front, body)
    return result


# --------------------------------------------------------------------------
# Macros for docs/carte.md, the CPTS page's small map
# --------------------------------------------------------------------------


def register_macros(env: Any, catalogue: Catalogue) -> None:
    def here() -> str:
        return env.page.url if env.page is not None else ""

    @env.macro
    def carte_france() -> str:
        """The national map with its lists and tables."""
        return map_page(catalogue, here(), list(catalogue.cpts), list(catalogue.referentiels.departements),
                        NATIONAL_MAP, "Carte des CPTS de France", "de France", national=True)

    @env.macro
    def cartes_regions() -> str:
        """Links to each regional map, with its number of CPTS."""
        refs, regions = catalogue.referentiels, map_view.regions_with_cpts(catalogue)
        items = [{"nom": refs.regions[code].nom, "url": relative_url(here(), map_view.region_page_url(catalogue, code)),
                  "nombre": len(slugs),
                  "non_localisees": sum(map_view.placement(catalogue.cpts[s]) is None for s in slugs)}
                 for code, slugs in regions.items()]
        missing = [r.nom for code, r in refs.regions.items() if code not in regions]
        return render_fragment(catalogue.root, "carte_regions.html", regions=items, sans_cpts=missing)


def cpts_page_context(catalogue: Catalogue, slug: str, here: str) -> dict[str, Any]:
    """``carte`` for the CPTS page when the CPTS can be placed (its map exists)."""
    entry = catalogue.cpts[slug]
    kind = map_view.placement(entry)
    if kind is None:
        return {}
    what = "du territoire" if entry.communes else "du siège"
    return {"carte": {"src": relative_url(here, cpts_map_path(slug)), "hauteur": CPTS_EMBED_HEIGHT,
                      "titre": f"Carte {what} de {entry.record.nom}", "chargement": "lazy",
                      "alternative": None, "alternative_libelle": ""}}
