"""Open data formats of the built site: Atom feeds, GeoJSON, the Data Package, the print stylesheet.

Expectations come from data/ through the loader; the JSON/GeoJSON files are also validated
against their export schemas by test_open_data.py (export_schemas.JSON_EXPORTS).
"""
from __future__ import annotations

import json
import posixpath
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from macros.geo import map_view
from macros.records.actualites import pages as actualite_pages
from macros.portal import open_formats
from macros.catalogue import load_catalogue
from tests.conftest import ROOT

pytestmark = pytest.mark.build

ATOM = "{http://www.w3.org/2005/Atom}"
# Metropolitan France, Corsica and the overseas départements (lon, lat boxes).
FRANCE_BOXES = [(-5.5, 41.0, 10.0, 51.5),    # métropole et Corse
                (-61.9, 15.8, -60.8, 16.6),  # Guadeloupe
                (-61.3, 14.3, -60.7, 14.9),  # Martinique
                (-54.7, 2.0, -51.5, 6.0),    # Guyane
                (55.1, -21.5, 55.9, -20.8),  # La Réunion
                (44.9, -13.1, 45.4, -12.5)]  # Mayotte


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT)


def feed(site, path):
    return ET.parse(site / path).getroot()


def in_france(lon, lat):
    return any(w <= lon <= e and s <= lat <= n for w, s, e, n in FRANCE_BOXES)


@pytest.mark.parametrize("path, page, feature", [
    (open_formats.NEWS_FEED, "actualites/index.html", "actualites"),
    (open_formats.EVENTS_FEED, "evenements/index.html", "evenements"),
])
def test_feeds_are_atom_with_one_entry_per_record(built_site, catalogue, path, page, feature):
    root = feed(built_site, path)
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{tag}") is not None, tag
    entries = root.findall(f"{ATOM}entry")
    records = catalogue.features[feature]
    assert len(entries) == len(records) > 0
    titles = {e.findtext(f"{ATOM}title") for e in entries}
    assert titles == {entry.record.titre for entry in records.values()}
    for entry in entries:
        href = entry.find(f"{ATOM}link[@rel='alternate']").get("href")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(path), href))
        assert (built_site / target / "index.html").exists(), href
        assert entry.findtext(f"{ATOM}updated").endswith("T00:00:00Z")
        assert entry.findtext(f"{ATOM}summary")
    # Announced in the head of every page, and linked from its listing page.
    html = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
    alternates = [posixpath.normpath(posixpath.join(posixpath.dirname(page), link["href"]))
                  for link in html.select('head link[rel=alternate][type="application/atom+xml"]')]
    assert path in alternates
    assert any(a["href"].endswith(path.split("/")[-1]) for a in html.select("article a"))


def test_news_feed_is_newest_first(built_site, catalogue):
    titles = [e.findtext(f"{ATOM}title") for e in feed(built_site, open_formats.NEWS_FEED).findall(f"{ATOM}entry")]
    assert titles == [e.record.titre for e in actualite_pages.ordered(catalogue)]


def test_feed_text_is_escaped(tmp_path):
    hostile = {"url": "actualites/x/", "title": "<script>alert(1)</script> & co", "summary": "a < b & c",
               "published": "2023-01-01T00:00:00Z", "updated": "2023-01-01T00:00:00Z"}
    data = open_formats._feed({}, open_formats.NEWS_FEED, "t", "s", "actualites/", [hostile])
    assert b"<script>" not in data
    root = ET.fromstring(data)
    assert root.find(f"{ATOM}entry/{ATOM}title").text == hostile["title"]


def test_points_are_rfc7946_lon_lat_in_france(built_site, catalogue):
    data = json.loads((built_site / open_formats.POINTS).read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    placed = {slug for slug, entry in catalogue.cpts.items() if map_view.placement(entry)}
    assert {f["properties"]["slug"] for f in data["features"]} == placed
    for f in data["features"]:
        assert f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert in_france(lon, lat), (f["id"], lon, lat)
        props = f["properties"]
        assert props["nom"] == catalogue.cpts[props["slug"]].record.nom
        assert props["statut"] == catalogue.cpts[props["slug"]].record.statut
        assert (built_site / "donnees" / props["url"] / "index.html").resolve().exists()
        record = catalogue.cpts[props["slug"]].record
        if record.siege:  # a seat: exactly its commune's reference point
            commune = catalogue.reference.communes[record.siege]
            assert (lon, lat) == (round(commune.lon, 5), round(commune.lat, 5))


def test_outlines_are_polygons_of_the_known_territories(built_site, catalogue):
    path = built_site / open_formats.OUTLINES
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert path.stat().st_size < 500_000  # simplified: small enough to download on a phone
    with_territory = {slug for slug, entry in catalogue.cpts.items() if entry.communes}
    slugs = {f["id"] for f in data["features"]}
    assert slugs <= with_territory and len(slugs) >= len(with_territory) - 5  # overseas collectivities have no polygon
    for f in data["features"]:
        geometry = f["geometry"]
        assert geometry["type"] in ("Polygon", "MultiPolygon")
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1], f["id"]
                assert all(in_france(lon, lat) for lon, lat in ring), f["id"]
        assert f["properties"]["nombre_communes"] == len(catalogue.cpts[f["id"]].communes)


def test_datapackage_lists_every_download_and_only_existing_files(built_site):
    donnees = built_site / "donnees"
    package = json.loads((donnees / "datapackage.json").read_text(encoding="utf-8"))
    paths = [r["path"] for r in package["resources"]]
    assert len(paths) == len(set(paths)) and len({r["name"] for r in package["resources"]}) == len(paths)
    for resource in package["resources"]:
        assert not resource["path"].startswith(("/", "../")), resource["path"]
        assert (donnees / resource["path"]).is_file(), resource["path"]
        for key in ("schema", "jsonschema"):
            if key in resource:
                assert (donnees / resource[key]).is_file(), resource[key]
    # Every download of donnees/ is described: its top-level files (but the package itself, its
    # sitemap and the finder's internal index) and the observatoire tables.
    expected = {p.name for p in donnees.iterdir() if p.is_file()} - {"datapackage.json", "sitemap.xml", "finder-index.json"}
    expected |= {f"observatoire/{p.name}" for p in (donnees / "observatoire").glob("*.csv")}
    assert expected == set(paths)
    # The observatoire copies are the very tables published beside the charts.
    for path in (donnees / "observatoire").glob("*.csv"):
        assert path.read_bytes() == (built_site / "observatoire" / "donnees" / path.name).read_bytes()
    assert {p.name for p in (built_site / "observatoire" / "donnees").glob("*.csv")} == \
        {p.name for p in (donnees / "observatoire").glob("*.csv")}


def test_sources_page_documents_every_download(built_site):
    page = BeautifulSoup((built_site / "a-propos" / "sources" / "index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = {a["href"].rsplit("/", 1)[-1] for a in page.select("article a[href]")}
    for name in ("cpts.csv", "cpts.json", "cpts.geojson", "cpts-territoires.geojson", "faq.json", "glossaire.json",
                 "actualites.atom", "evenements.atom", "datapackage.json"):
        assert name in hrefs, name


def test_print_stylesheet_drops_the_chrome_and_prints_link_addresses(built_site):
    css = (built_site / "assets" / "css" / "portail.css").read_text(encoding="utf-8")
    prints = css.split("@media print")[1:]
    assert prints
    block = "".join(prints)
    for selector in (".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-search", ".carte-cadre"):
        assert selector in block, selector
    assert 'content: " (" attr(href) ")"' in block


def test_feeds_announced_in_the_head_cost_no_failed_request(built_site):
    """Material fetches sitemap.xml beside every <link rel=alternate>: it must exist there."""
    page = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = page.select("head link[rel=alternate]")
    assert len(links) == 2
    for link in links:
        folder = posixpath.dirname(posixpath.normpath(link["href"]))
        sitemap = ET.parse(built_site / folder / "sitemap.xml").getroot()
        assert sitemap.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"


def test_data_sitemap_lists_the_downloads_when_the_site_has_an_address(catalogue):
    files = open_formats.files(catalogue, {"site_url": "https://cpts.example/", "site_name": "Portail CPTS"})
    locs = [loc.text for loc in ET.fromstring(files[open_formats.SITEMAP]).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://cpts.example/donnees/cpts.geojson" in locs and "https://cpts.example/donnees/datapackage.json" in locs
    feed_root = ET.fromstring(files[open_formats.NEWS_FEED])
    assert feed_root.find(f"{ATOM}entry/{ATOM}link").get("href").startswith("https://cpts.example/actualites/")
