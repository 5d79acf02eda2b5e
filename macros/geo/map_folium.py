"""Folium made lean, safe and deterministic: how one map document (``cartes/*.html``) is assembled.

This module owns the folium layer of the maps:

- assets: folium's defaults load Leaflet, jQuery, Bootstrap and Font Awesome from CDNs; every
  element here is told to use the self-hosted files of ``docs/assets/vendor/`` instead
  (``LEAFLET_*``, ``CLUSTER_*``), and nothing else (no jQuery, Bootstrap or icon fonts);
- layers: ``folium.GeoJson`` and ``plugins.FastMarkerCluster`` embed their data in their
  script; ``GeoLayer``, ``ClusterLayer`` and ``PlainMarkers`` are folium layers whose data
  ``carte.js`` reads instead (see the next point);
- data: branca renders each folium element's output and then compiles that output again as a
  Jinja template, so text given to folium that contains ``{{`` or ``{%`` would be evaluated (and
  compiling megabytes of coordinates as a template takes seconds). Text from YAML and geometry
  therefore never go through folium's templates: they travel in one JSON object (``donnees``,
  read by ``docs/assets/js/carte.js``) and in pre-rendered HTML (head, legend) put in place after
  folium has rendered; folium elements only carry code, names and numbers;
- determinism: folium names elements with random ids; they are renumbered in tree order before
  rendering, so the same input gives the same bytes;
- the final checks: no random id left, no ``http(s)://`` address other than the tile server.
"""
from __future__ import annotations

import html
import json
import re
from typing import Any

import folium
from branca.element import Element, Figure
from folium.elements import JSCSSMixin
from folium.template import Template

from .map_view import Tiles

# Self-hosted libraries (docs/assets/vendor/SOURCES.txt says where they come from).
LEAFLET_JS = [("leaflet", "assets/vendor/leaflet/leaflet.js")]
LEAFLET_CSS = [("leaflet_css", "assets/vendor/leaflet/leaflet.css")]
CLUSTER_JS = [("markercluster", "assets/vendor/leaflet.markercluster/leaflet.markercluster.js")]
CLUSTER_CSS = [("markercluster_css", "assets/vendor/leaflet.markercluster/MarkerCluster.css"),
               ("markercluster_default_css", "assets/vendor/leaflet.markercluster/MarkerCluster.Default.css")]
VENDOR_FILES = tuple(path for _, path in LEAFLET_JS + LEAFLET_CSS + CLUSTER_JS + CLUSTER_CSS)

DATA_PLACEHOLDER = "__PORTAIL_CARTE_DONNEES__"
TITLE_PLACEHOLDER = "__PORTAIL_CARTE_TITRE__"
HEAD_PLACEHOLDER = "<!--portail-carte:entete-->"
BODY_PLACEHOLDER = "<!--portail-carte:corps-->"
RANDOM_ID = re.compile(r"_[0-9a-f]{32}")


class Setup(JSCSSMixin, folium.MacroElement):
    """The portal's part of a map document: placeholders for its head, body and data, then init.

    Added as the map's first child so that ``PortailCarte.init`` runs before any layer is built
    (the marker layers read ``PortailCarte.donnees``).
    """

    _template = Template(
        "{% macro header(this, kwargs) %}" + HEAD_PLACEHOLDER + "{% endmacro %}"
        "{% macro html(this, kwargs) %}" + BODY_PLACEHOLDER + "{% endmacro %}"
        "{% macro script(this, kwargs) %}"
        "PortailCarte.init({{ this._parent.get_name() }}, " + DATA_PLACEHOLDER + ");"
        "{% endmacro %}"
    )

    def __init__(self, base: str, cluster: bool) -> None:
        super().__init__()
        self._name = "PortailCarte"
        self.default_js = _prefixed(base, LEAFLET_JS + (CLUSTER_JS if cluster else []))
        self.default_css = _prefixed(base, LEAFLET_CSS + (CLUSTER_CSS if cluster else []))


class GeoLayer(folium.map.Layer):
    """A GeoJSON layer drawn by ``carte.js`` from ``donnees.couches[key]`` (features, styles, tooltips).

    Used instead of ``folium.GeoJson``, which embeds the features in its script: branca would then
    compile every coordinate as template text (seconds per build, and a template-evaluation risk
    for any text property). A ``folium.map.Layer`` all the same, so ``LayerControl`` lists it.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = PortailCarte.couche({{ this.key|tojson }}, {{ this.pane|tojson }});"
        "{% endmacro %}"
    )

    def __init__(self, key: str, name: str, pane: str = "overlayPane") -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "GeoLayer"
        self.key, self.pane = key, pane


class ClusterLayer(JSCSSMixin, folium.map.Layer):
    """Clustered markers (leaflet.markercluster) built by ``carte.js`` from ``donnees.marqueurs``.

    Replaces ``folium.plugins.FastMarkerCluster``, which embeds its rows in its template and links
    the plugin from a CDN; a ``Layer`` all the same, so ``LayerControl`` lists it.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = PortailCarte.grappes();"
        "{% endmacro %}"
    )

    def __init__(self, name: str, base: str) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "ClusterLayer"
        self.default_js, self.default_css = _prefixed(base, CLUSTER_JS), _prefixed(base, CLUSTER_CSS)


class PlainMarkers(folium.MacroElement):
    """Markers without clustering (a CPTS's own map), from ``donnees.marqueurs``."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "PortailCarte.marqueursSimples({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "PlainMarkers"


def new_map(path: str, tiles: Tiles, cluster: bool) -> folium.Map:
    """An empty map for the document at site path ``path`` (assets are linked relative to it).

    Its title and its initial view come with the data (``fill``). Zoom and scale controls are
    added by ``carte.js`` (folium's are in English and imperial).
    """
    from xyzservices import TileProvider

    base = "../" * path.count("/")
    fmap = folium.Map(tiles=None, zoom_control=False, control_scale=False)
    fmap.default_js, fmap.default_css = _prefixed(base, LEAFLET_JS), _prefixed(base, LEAFLET_CSS)
    fmap.get_root().title = TITLE_PLACEHOLDER
    fmap.add_child(Setup(base, cluster), name="portail")
    # A TileProvider rather than the URL: folium would search xyzservices' whole catalogue for
    # a provider of that name on every map (a third of a small map's build time).
    provider = TileProvider(name="portail", url=tiles.url, attribution=tiles.attribution)
    folium.TileLayer(tiles=provider, attr=html.escape(tiles.attribution), name="Fond de carte",
                     control=False, max_zoom=19).add_to(fmap)
    return fmap


def add_pane(fmap: folium.Map, name: str, z_index: int) -> None:
    folium.map.CustomPane(name, z_index=z_index).add_to(fmap)


def add_layer_control(fmap: folium.Map) -> None:
    """Always unfolded: the folded control's button is labelled in English by Leaflet."""
    folium.LayerControl(collapsed=False, position="topright").add_to(fmap)


def skeleton(fmap: folium.Map, head: str, body: str) -> str:
    """The map document without its title and data: stable ids, portal head and body in place.

    Maps that differ only by their data (every CPTS's own map) share one skeleton.
    """
    figure = fmap.get_root()
    _renumber(figure)
    document = figure.render()
    document = _replace_once(document, "<html>", '<html lang="fr">')
    # Folium forbids zooming the page (user-scalable=no): visitors must be able to zoom.
    document = _replace_once(document, re.compile(r'<meta name="viewport"[^>]*>'),
                             '<meta name="viewport" content="width=device-width, initial-scale=1">')
    document = _replace_once(document, HEAD_PLACEHOLDER, head)
    document = _replace_once(document, BODY_PLACEHOLDER, body)
    # Folium writes the map's script after </body>, where HTML allows nothing (W3C Nu checker:
    # "Stray start tag script"): the body now ends after that script.
    document = _replace_once(document, "</body>", "")
    document = _replace_once(document, "</html>", "</body>\n</html>")
    # Folium indents deeply; no element here has multi-line strings, so indentation is noise.
    return "\n".join(line.strip() for line in document.splitlines() if line.strip()) + "\n"


def fill(document: str, title: str, data: dict[str, Any], tiles: Tiles) -> str:
    """A complete map document: ``skeleton`` with its title (plain text) and data, checked."""
    document = _replace_once(document, TITLE_PLACEHOLDER, html.escape(title))
    document = _replace_once(document, DATA_PLACEHOLDER, script_json(data))
    _check(document, tiles)
    return document


def script_json(value: Any) -> str:
    """JSON safe inside ``<script>``: no ``</script>``, no HTML comment, no JS line separator."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def _prefixed(base: str, links: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(name, base + path) for name, path in links]


def _renumber(figure: Figure) -> None:
    """Replace folium's random element ids by their rank in the element tree."""
    counter = 0

    def visit(element: Element) -> None:
        nonlocal counter
        counter += 1
        element._id = str(counter)
        for child in element._children.values():
            visit(child)

    for part in (figure, figure.header, figure.html, figure.script):
        visit(part)


def _replace_once(text: str, old: str | re.Pattern, new: str) -> str:
    """Replace exactly one occurrence; fail loudly if a folium upgrade changed its output."""
    if isinstance(old, re.Pattern):
        result, count = old.subn(lambda _: new, text)
    else:
        count = text.count(old)
        result = text.replace(old, new)
    if count != 1:
        raise RuntimeError(f"carte : {old!r} trouvé {count} fois au lieu d'une (version de folium ?)")
    return result


def _check(document: str, tiles: Tiles) -> None:
    leftover = RANDOM_ID.search(document)
    if leftover:
        raise RuntimeError(f"carte : identifiant aléatoire de folium resté dans la page ({leftover.group()})")
    for url in re.findall(r"""https?://[^\s"'<>\\]+""", document):
        if url != tiles.url:
            raise RuntimeError(f"carte : adresse externe inattendue dans la page : {url}")
