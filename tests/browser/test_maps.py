"""The maps in Debian's Chromium: markers and clusters, popups and their links, the CPTS page map.

Tile requests never reach the network: they are answered here with a blank image (so that they
do not show up as console errors) and recorded, and every other outside request is refused by
the ``page`` fixture. The only outside host a map may ask is the configured tile server.
"""
from __future__ import annotations

import base64
import json
import re

import pytest
import yaml

from macros.geo import map_view, maps
from macros.catalogue import load_catalogue
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
FIT_ALL = """() => new Promise(resolve => {
    const map = PortailCarte.carte;
    const fit = () => {
        // A zoom still animating (the map's own first view, in an iframe that just came into
        // view) makes Leaflet ignore a new view: wait for it, then fit every marker.
        if (map._animatingZoom) return setTimeout(fit, 50);
        map.once("moveend", () => setTimeout(resolve, 300));
        map.fitBounds(PortailCarte.marqueurs.getBounds(), {animate: false});
    };
    fit();
})"""
SHOWN = """() => {
    const clusters = [...document.querySelectorAll(".marker-cluster .carte-grappe__nombre")];
    return {clusters: clusters.map(n => Number(n.textContent)),
            single: document.querySelectorAll(".carte-marqueur").length};
}"""
SHOW_MARKER = """slug => new Promise((resolve, reject) => {
    const map = PortailCarte.carte, group = PortailCarte.marqueurs;
    const marker = group.getLayers().find(m => m.options.slug === slug);
    // On a busy machine markercluster sometimes never calls zoomToShowLayer back, and Leaflet
    // ignores a new view while a zoom still animates. So ask again every 1.5 s, alternating
    // zoomToShowLayer (it also spiderfies) with a plain jump to the marker at the last zoom,
    // until the marker's own icon has stayed on the page for a moment (clusters redraw markers
    // at the end of an animation, which would close a popup opened too early). Never wait
    // forever: evaluate has no timeout of its own.
    const started = Date.now();
    const onPage = () => !map._animatingZoom && marker._icon && document.contains(marker._icon);
    let attempts = 0, steady = 0;
    const check = () => {
        if (onPage()) return ++steady >= 3 ? resolve() : setTimeout(check, 150);
        steady = 0;
        if (Date.now() - started > 45000)
            return reject(new Error("le marqueur " + slug + " ne s'affiche pas"));
        attempts += 1;
        if (attempts % 2) group.zoomToShowLayer(marker);
        else map.setView(marker.getLatLng(), map.getMaxZoom(), {animate: false});
        setTimeout(check, 1500);
    };
    check();
})"""


def tile_pattern() -> re.Pattern:
    """The configured tile URL template as a regular expression ({s}, {z}… become wildcards)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    template = config["extra"]["portail"]["tuiles_url"]
    parts = re.split(r"\{[a-z]+\}", template)
    return re.compile("^" + "[^/]+".join(re.escape(p) for p in parts) + "$")


@pytest.fixture
def map_page(page):
    pattern = tile_pattern()

    def tiles(route):
        page.outside_requests.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)

    page.route(pattern, tiles)
    page.tile_pattern = pattern
    return page


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT)


def map_frame(page, name: str):
    handle = page.wait_for_selector('iframe[title^="Carte"]')
    handle.scroll_into_view_if_needed()
    frame = handle.content_frame()
    assert frame.url.endswith(name), frame.url
    frame.wait_for_function("() => window.PortailCarte && PortailCarte.carte !== null")
    return frame


def assert_clean(page):
    assert page.console_errors == []
    strangers = [url for url in page.outside_requests if not page.tile_pattern.match(url)]
    assert strangers == []


def assert_markers_shown(frame, expected: int) -> None:
    """Once clusters are done animating, cluster counts + single markers = ``expected``."""
    frame.evaluate(FIT_ALL)
    total = f"() => {{ const s = ({SHOWN})(); return s.clusters.reduce((a, b) => a + b, 0) + s.single === {expected}; }}"
    try:
        frame.wait_for_function(total, timeout=10_000)
    except Exception:  # noqa: BLE001 - report what the map shows instead of a bare timeout
        pytest.fail(f"{expected} CPTS attendues, la carte montre : {frame.evaluate(SHOWN)}")


def placed(catalogue, slugs):
    return [s for s in slugs if map_view.placement(catalogue.cpts[s]) is not None]


def test_national_map_shows_every_localised_cpts(map_page, site_url, catalogue):
    map_page.goto(f"{site_url}/carte/")
    frame = map_frame(map_page, "cartes/france.html")
    frame.wait_for_selector(".marker-cluster, .carte-marqueur")
    expected = len(placed(catalogue, catalogue.cpts))
    assert expected > 0
    assert_markers_shown(frame, expected)
    # The legend and layer control are in French; the choropleth and outlines are drawn.
    assert frame.locator("#carte-legende summary").inner_text() == "Légende"
    assert frame.locator(".leaflet-control-layers").get_by_text(maps.LAYER_DEPARTEMENTS).count() == 1
    assert frame.locator(".leaflet-control-zoom-in").get_attribute("title") == "Zoomer"
    assert frame.locator(".leaflet-overlay-pane path, .leaflet-pane path").count() > 0
    assert map_page.outside_requests, "the map asks the tile server for its background"
    assert_clean(map_page)


def test_popup_opens_and_leads_to_the_cpts_page(map_page, site_url, catalogue):
    slug = next(s for s in placed(catalogue, catalogue.cpts) if catalogue.cpts[s].communes)
    entry = catalogue.cpts[slug]
    label = catalogue.referentiels.statuts[entry.record.statut].libelle
    map_page.goto(f"{site_url}/carte/")
    frame = map_frame(map_page, "cartes/france.html")
    frame.wait_for_selector(".marker-cluster, .carte-marqueur")
    frame.evaluate(SHOW_MARKER, slug)
    marker = frame.get_by_title(f"{entry.record.nom} — {label}", exact=True)
    marker.click()
    link = frame.locator(".leaflet-popup-content a")
    link.wait_for()
    assert link.get_attribute("href") == f"../cpts/{slug}/"
    assert frame.locator(".leaflet-popup-content").inner_text().count(entry.record.nom) == 1
    assert frame.locator(".leaflet-popup-close-button").get_attribute("aria-label") == "Fermer"
    link.click()
    map_page.wait_for_url(f"{site_url}/cpts/{slug}/")          # the whole page, not the iframe
    assert map_page.locator("h1").first.inner_text() == entry.record.nom
    assert_clean(map_page)


def test_regional_map_shows_its_localised_cpts(map_page, site_url, catalogue):
    regions = map_view.regions_with_cpts(catalogue)
    code = max(regions, key=lambda c: len(placed(catalogue, regions[c])))
    map_page.goto(f"{site_url}/{map_view.region_page_url(catalogue, code)}")
    frame = map_frame(map_page, f"cartes/region-{code}.html")
    frame.wait_for_selector(".marker-cluster, .carte-marqueur")
    assert_markers_shown(frame, len(placed(catalogue, regions[code])))
    assert_clean(map_page)


def test_cpts_page_small_map_loads(map_page, site_url, catalogue):
    with_territory = next(s for s in placed(catalogue, catalogue.cpts) if catalogue.cpts[s].communes)
    map_page.goto(f"{site_url}/cpts/{with_territory}/")
    frame = map_frame(map_page, f"cartes/cpts/{with_territory}.html")
    frame.wait_for_selector(".carte-marqueur")
    assert frame.locator(".carte-marqueur").count() == 1
    assert frame.locator(".leaflet-overlay-pane path").count() >= 1      # the territory outline
    assert frame.locator(".leaflet-tile-container img").count() > 0
    # carte.js decodes the polyline-encoded outline back to the rounded coordinates of the build.
    drawn = frame.evaluate("() => PortailCarte.donnees.couches.territoires.geojson.features[0].geometry")
    outline = maps.place(catalogue, catalogue.cpts[with_territory]).outline
    assert drawn["type"] == outline["type"]
    assert drawn["coordinates"] == json.loads(json.dumps(outline["coordinates"]))
    assert_clean(map_page)


FOCUS_BEFORE_MAP = """() => {
    // The tab stop just before the map, focused without scrolling: the page stays at its top,
    // the map (loading=lazy) far below, not loaded.
    const map = document.querySelector('article iframe');
    const stops = [...document.querySelectorAll('a[href], button, input, select, summary, iframe, [tabindex]')]
        .filter(e => e.tabIndex >= 0 && e.getClientRects().length && getComputedStyle(e).visibility === 'visible'
                     && !e.closest('[inert]'));
    const before = stops[stops.indexOf(map) - 1];
    before.focus({preventScroll: true});
    window.scrollTo(0, 0);
    return map.contentWindow.location.href;
}"""


def test_a_map_reached_with_tab_on_a_phone_comes_into_view_and_loads(map_page, site_url, catalogue):
    """At 320 px a CPTS page's map is far below: not loaded (loading=lazy) when Tab reaches it,
    it took the focus off-screen and blank, and the next Tab went past its controls. Now it comes
    into view and loads, and the next Tab enters it (portail.js)."""
    slug = next(s for s in placed(catalogue, catalogue.cpts) if catalogue.cpts[s].communes)

    def far_below(route):  # as on the longest CPTS pages: the map some 3,500 px down
        response = route.fetch()
        body = response.text().replace('<div class="carte-cadre">', '<div style="height: 4000px"></div><div class="carte-cadre">', 1)
        route.fulfill(response=response, body=body)

    map_page.route(f"{site_url}/cpts/{slug}/", far_below)
    map_page.set_viewport_size({"width": 320, "height": 640})
    map_page.goto(f"{site_url}/cpts/{slug}/")
    map_page.wait_for_load_state("load")
    assert map_page.evaluate(FOCUS_BEFORE_MAP) == "about:blank", "la carte, loin dessous, n'est pas encore chargée"
    map_page.keyboard.press("Tab")
    assert map_page.evaluate("() => document.activeElement.tagName") == "IFRAME"
    try:
        map_page.wait_for_function(
            "() => document.querySelector('article iframe').contentWindow.location.href !== 'about:blank'", timeout=5_000)
    except Exception:  # noqa: BLE001 - say what is wrong instead of a bare timeout
        pytest.fail("la carte focalisée au clavier ne se charge pas (elle reste about:blank)")
    frame = map_page.locator("article iframe").element_handle().content_frame()
    frame.wait_for_function("() => window.PortailCarte && PortailCarte.carte !== null")
    box = map_page.locator("article iframe").bounding_box()
    assert box["y"] < 640 and box["y"] + box["height"] > 0, f"la carte focalisée est à l'écran : {box}"
    map_page.keyboard.press("Tab")
    inside = frame.evaluate("() => document.activeElement && document.activeElement !== document.body")
    assert inside, "Tab suivant : dans la carte (ses contrôles)"
    assert_clean(map_page)


def test_a_map_opened_alone_has_an_icon_and_a_description(map_page, site_url, catalogue):
    """« Ouvrir la carte seule » opens the map document itself: it names the site's icon (the
    browser otherwise asks for /favicon.ico, which the site has not: Lighthouse best practices)
    and describes itself (Lighthouse SEO), the national map and a CPTS's alike."""
    slug = next(s for s in placed(catalogue, catalogue.cpts) if catalogue.cpts[s].communes)
    for document in ("cartes/france.html", f"cartes/cpts/{slug}.html"):
        map_page.goto(f"{site_url}/{document}")
        description = map_page.get_attribute("meta[name=description]", "content") if map_page.locator(
            "meta[name=description]").count() else None
        assert description and len(description) > 50, f"{document} : pas de description"
        icon = map_page.eval_on_selector("link[rel=icon]", "l => l.href") if map_page.locator("link[rel=icon]").count() else None
        assert icon and map_page.request.get(icon).ok, f"{document} : icône {icon}"
    assert_clean(map_page)


def _area(frame, selector: str) -> float:
    box = frame.locator(selector).bounding_box()
    return box["width"] * box["height"] if box else 0.0


def test_national_map_controls_leave_the_map_visible_on_a_phone(map_page, site_url):
    """On a 390 px screen the « Aller à » list is folded behind its summary (it covered half the
    map), unfolds on demand and still moves the map; on a computer it starts unfolded."""
    map_page.set_viewport_size({"width": 390, "height": 740})
    map_page.goto(f"{site_url}/carte/")
    frame = map_frame(map_page, "cartes/france.html")
    cadres = frame.locator("#carte-cadres details")
    assert cadres.evaluate("d => d.open") is False
    map_area = _area(frame, ".folium-map")
    assert _area(frame, "#carte-cadres") < 0.05 * map_area, "le panneau « Aller à » replié reste petit"
    controls = sum(_area(frame, s) for s in ("#carte-cadres", "#carte-legende", ".leaflet-control-layers"))
    assert controls < 0.3 * map_area, "les contrôles laissent voir la plus grande partie de la carte"
    frame.locator("#carte-cadres summary").click()
    button = frame.get_by_role("button", name="Guadeloupe")
    button.wait_for()
    before = frame.evaluate("() => PortailCarte.carte.getCenter().lng")
    button.click()
    frame.wait_for_function(f"() => Math.abs(PortailCarte.carte.getCenter().lng - ({before})) > 10")
    assert_clean(map_page)

    map_page.set_viewport_size({"width": 1280, "height": 800})
    map_page.reload()
    frame = map_frame(map_page, "cartes/france.html")
    assert frame.locator("#carte-cadres details").evaluate("d => d.open") is True
