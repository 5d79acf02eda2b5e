"""The maps without a site build: outline unions, classes, and the map documents' HTML."""
from __future__ import annotations

import json
import re

import pytest
import shapely
from shapely.geometry import Point, box, shape

from macros.geo import map_folium, map_geometry, map_view, maps
from macros.catalogue import load_catalogue
from tests.conftest import ROOT, VALID_CPTS, make_project

TILES = maps.Tiles("https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png", "© contributeurs d'OpenStreetMap")
URL = re.compile(r"""https?://[^\s"'<>\\]+""")


def grid(codes_by_cell: dict[tuple[int, int], str]):
    """Unit squares named by INSEE-like codes, and the STRtree the hole check needs."""
    cells = sorted(codes_by_cell.items(), key=lambda item: item[1])
    codes = tuple(code for _, code in cells)
    polygons = [box(x, y, x + 1, y + 1) for (x, y), _ in cells]
    return shapely.STRtree(polygons), codes, polygons


RING = {(x, y): f"00{x}{y}0" for x in range(3) for y in range(3) if (x, y) != (1, 1)}


def union_of(codes, tree_codes, polygons):
    return shapely.union_all([p for c, p in zip(tree_codes, polygons) if c in codes])


def test_outline_union_fills_a_hole_no_commune_covers():
    # The middle square has no polygon: a gap in the source (a recent commune nouvelle).
    tree, codes, polygons = grid(RING)
    union = union_of(set(RING.values()), codes, polygons)
    assert len(union.interiors) == 1
    filled = map_geometry.fill_gaps(union, frozenset(RING.values()), tree, codes, polygons)
    assert filled.geom_type == "Polygon" and len(filled.interiors) == 0
    assert filled.area == pytest.approx(9)


def test_outline_union_keeps_a_real_enclave():
    # The middle square is another commune, outside the territory: the hole is real.
    tree, codes, polygons = grid({**RING, (1, 1): "00110"})
    own = frozenset(RING.values())
    union = union_of(own, codes, polygons)
    kept = map_geometry.fill_gaps(union, own, tree, codes, polygons)
    assert len(kept.interiors) == 1
    assert kept.area == pytest.approx(8)


def test_rounded_geojson_is_valid_and_short():
    square = box(2.123456789, 45.987654321, 2.5, 46.1)
    geojson = map_geometry._rounded_geojson(square, 3)
    assert shape(geojson).is_valid
    assert all(len(str(v).split(".")[-1]) <= 3 for ring in geojson["coordinates"] for p in ring for v in p)


@pytest.mark.parametrize(("max_count", "labels"), [
    (0, ["Aucune CPTS recensée"]),
    (1, ["Aucune CPTS recensée", "1 CPTS"]),
    (3, ["Aucune CPTS recensée", "1 CPTS", "2 CPTS", "3 CPTS"]),
    (6, ["Aucune CPTS recensée", "1 à 2 CPTS", "3 à 4 CPTS", "5 à 6 CPTS"]),
    (40, ["Aucune CPTS recensée", "1 à 10 CPTS", "11 à 20 CPTS", "21 à 30 CPTS", "31 à 40 CPTS"]),
])
def test_count_classes(max_count, labels):
    classes = map_view.count_classes(max_count)
    assert [c["libelle"] for c in classes] == labels
    for n in range(max_count + 1):
        assert map_view.class_of(n, classes)["min"] <= n <= map_view.class_of(n, classes)["max"]


@pytest.mark.parametrize(("name", "slug"), [
    ("Île-de-France", "ile-de-france"),
    ("Provence-Alpes-Côte d'Azur", "provence-alpes-cote-d-azur"),
    ("La Réunion", "la-reunion"),
])
def test_region_slug(name, slug):
    assert map_view.region_slug(name) == slug


@pytest.fixture(scope="module")
def real_maps():
    catalogue = load_catalogue(ROOT)
    return catalogue, maps.build_maps(catalogue, TILES)


def test_map_html_is_deterministic(real_maps):
    catalogue, _ = real_maps
    placed = {slug: maps.place(catalogue, entry) for slug, entry in catalogue.cpts.items()}
    classes = map_view.count_classes(6)
    first = maps.national_map(catalogue, placed, TILES, classes)
    second = maps.national_map(catalogue, placed, TILES, classes)
    assert first.encode() == second.encode()
    assert not map_folium.RANDOM_ID.search(first)


def document_data(document: str) -> dict:
    """The JSON a map document hands to carte.js (``PortailCarte.init(map, {...});``)."""
    match = re.search(r"^PortailCarte\.init\(\w+, (.*)\);$", document, re.MULTILINE)
    return json.loads(match.group(1))


def test_map_html_has_no_outside_address_but_the_tiles(real_maps):
    _, documents = real_maps
    assert "cartes/france.html" in documents
    for path, document in documents.items():
        assert set(URL.findall(document)) <= {TILES.url}, path
        depth = "../" * path.count("/")
        for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', document):
            assert href.startswith(depth + "assets/vendor/") or href == depth + "assets/css/carte.css", (path, href)
        for src in re.findall(r'<script src="([^"]+)"', document):
            assert src.startswith(depth + "assets/"), (path, src)
        # Popups link to CPTS pages only, relative to the map document, into the parent page.
        for cpts in document_data(document)["cpts"]:
            if cpts["popup"] is not None:
                links = re.findall(r'<a href="([^"]+)" target="_parent">', cpts["popup"])
                assert links == [f"../cpts/{cpts['slug']}/"], path
                assert not URL.search(cpts["popup"])


def test_every_placed_cpts_has_a_marker_and_its_own_map(real_maps):
    catalogue, documents = real_maps
    national = document_data(documents["cartes/france.html"])
    placed = sorted(s for s, e in catalogue.cpts.items() if map_view.placement(e) is not None)
    assert placed, "le jeu de données contient des CPTS localisées"
    assert sorted(c["slug"] for c in national["cpts"]) == placed
    assert sorted(p.removeprefix("cartes/cpts/").removesuffix(".html")
                  for p in documents if p.startswith("cartes/cpts/")) == placed
    # Each region map shows exactly the placed CPTS of that région.
    for code, slugs in map_view.regions_with_cpts(catalogue).items():
        regional = document_data(documents[maps.region_map_path(code)])
        assert sorted(c["slug"] for c in regional["cpts"]) == sorted(set(slugs) & set(placed))


def test_yaml_text_is_escaped_and_never_evaluated(tmp_path):
    name = "CPTS {{ 7*7 }} {% if 1 %}x{% endif %} <b>&amp;</b>"
    record = VALID_CPTS.format(slug="cpts-piege").replace("nom: CPTS de test cpts-piege", f'nom: "{name}"')
    root = make_project(tmp_path, {"cpts-piege.yml": record})
    (root / "overrides").symlink_to(ROOT / "overrides")   # the fragments the maps render
    catalogue = load_catalogue(root)
    documents = maps.build_maps(catalogue, TILES)
    for path in ("cartes/france.html", "cartes/cpts/cpts-piege.html"):
        document = documents[path]
        assert "CPTS 49" not in document and "<b>" not in document, path
        data = document_data(document)
        assert data["cpts"][0]["titre"] == f"{name} — ACI signé"     # a DOM property: plain text
        if data["cpts"][0]["popup"]:
            assert "<strong>CPTS {{ 7*7 }} {% if 1 %}x{% endif %} &lt;b&gt;&amp;amp;&lt;/b&gt;</strong>" \
                in data["cpts"][0]["popup"]
        assert data["couches"]["territoires"]["infobulles"]["cpts-piege"].startswith(
            "CPTS {{ 7*7 }} {% if 1 %}x{% endif %} &lt;b&gt;&amp;amp;&lt;/b&gt; : ")
    title = "<title>Carte : CPTS {{ 7*7 }} {% if 1 %}x{% endif %} &lt;b&gt;&amp;amp;&lt;/b&gt;</title>"
    assert title in documents["cartes/cpts/cpts-piege.html"]


def test_cpts_page_gets_a_map_only_when_placed(real_maps):
    catalogue, _ = real_maps
    for slug, entry in catalogue.cpts.items():
        context = maps.cpts_page_context(catalogue, slug, f"cpts/{slug}/")
        if map_view.placement(entry) is None:
            assert context == {}
        else:
            assert context["carte"]["src"] == f"../../cartes/cpts/{slug}.html"
            assert context["carte"]["titre"].startswith("Carte d")


def test_unknown_shape_fails_with_a_french_message(tmp_path):
    root = make_project(tmp_path, {"cpts-a.yml": VALID_CPTS.format(slug="cpts-a")})
    statuts = root / "data" / "referentiels" / "statuts.yml"
    statuts.write_text(statuts.read_text(encoding="utf-8").replace("forme: rond", "forme: etoile"), encoding="utf-8")
    (root / "overrides").symlink_to(ROOT / "overrides")
    catalogue = load_catalogue(root)
    with pytest.raises(ValueError, match="forme « etoile », que les cartes ne savent pas dessiner"):
        maps.build_maps(catalogue, TILES)


def test_tile_settings_cannot_smuggle_template_markup():
    with pytest.raises(ValueError, match="ni « {{ » ni « {% »"):
        map_folium.Tiles("https://{{ x }}/{z}/{x}/{y}.png", "attribution")


def test_cpts_maps_share_one_folium_skeleton(real_maps):
    _, documents = real_maps
    pages = [document for path, document in sorted(documents.items()) if path.startswith("cartes/cpts/")]
    assert len(pages) > 1
    # Only the title and the data line differ from one CPTS map to another.
    def skeleton(document):
        return re.sub(r"<title>.*</title>|^PortailCarte\.init\(.*$", "", document, flags=re.MULTILINE)
    assert len({skeleton(page) for page in pages}) == 1
    for page in pages:
        view = document_data(page)["vue"]
        assert view.get("limites") or view.get("centre")


def _decode_ring(text: str, decimals: int) -> list[list[float]]:
    """Google's polyline decoding, written independently of carte.js, for the round trip."""
    values, shift, result = [], 0, 0
    for char in text:
        chunk = ord(char) - 63
        result |= (chunk & 0x1F) << shift
        shift += 5
        if chunk < 0x20:
            values.append(~(result >> 1) if result & 1 else result >> 1)
            shift, result = 0, 0
    points, x, y = [], 0, 0
    for dx, dy in zip(values[::2], values[1::2]):
        x, y = x + dx, y + dy
        points.append([x / 10 ** decimals, y / 10 ** decimals])
    return points


def test_encoded_outlines_decode_to_the_rounded_coordinates():
    # A territory-like outline (many irregular vertices) with a hole.
    outer = Point(2.3522, 48.8566).buffer(0.2734, 16).difference(box(2.31, 48.83, 2.37, 48.87))
    for decimals, geometry in ((4, map_geometry._rounded_geojson(outer, 4)),
                               (3, {"type": "MultiPolygon", "coordinates": [map_geometry._rounded_geojson(outer, 3)["coordinates"],
                                                                           [[[-61.5, 16.2], [-61.2, 16.2], [-61.2, 16.5], [-61.5, 16.2]]]]})):
        encoded = map_geometry.encoded(geometry, decimals)
        assert set(encoded) == {"type", "p", "e"} and encoded["p"] == decimals
        polygons = encoded["e"] if geometry["type"] == "MultiPolygon" else [encoded["e"]]
        expected = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        decoded = [[_decode_ring(ring, decimals) for ring in polygon] for polygon in polygons]
        assert decoded == [[[list(map(float, p)) for p in ring] for ring in polygon] for polygon in expected]
        # 4–5 bytes per point instead of ~17 as JSON numbers.
        assert len(json.dumps(encoded)) * 2 < len(json.dumps(geometry))


def test_map_page_lists_every_cpts_in_short_tables_laid_out_near_the_screen(monkeypatch):
    """The national list comes in tables of ROWS_PER_TABLE rows, in alphabetical order across
    them, each in a box the browser lays out only near the screen, without Material tooltips."""
    from bs4 import BeautifulSoup

    catalogue = load_catalogue(ROOT)
    monkeypatch.setattr(maps, "ROWS_PER_TABLE", 7)
    slugs = list(catalogue.cpts)
    assert len(slugs) > 7
    page = BeautifulSoup(maps.map_page(catalogue, "carte/", slugs, list(catalogue.referentiels.departements),
                                       maps.NATIONAL_MAP, "Carte des CPTS de France", "de France", national=True),
                         "html.parser")
    tables = page.select("table.carte-liste")
    assert len(tables) == -(-len(slugs) // 7)
    rows = [r["data-slug"] for t in tables for r in t.select("tbody tr")]
    assert rows == [r["slug"] for r in map_view.table_rows(catalogue, slugs, "carte/")]
    for table in tables + page.select("table.carte-departements"):
        assert "carte-tableau-long" in table.find_parent(class_="md-typeset__scrollwrap")["class"]
    for table in tables:
        names = [r.find("a").get_text() for r in table.select("tbody tr")]
        assert len(names) <= 7
        assert f"de « {names[0]} » à « {names[-1]} »" in table.caption.get_text()
        assert not table.select(".cpts-statut[title]")
    assert page.find("iframe")["loading"] == "lazy"
