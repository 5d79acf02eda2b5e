"""The maps in a real ``mkdocs build --strict``: embeds, alternative tables, vendored assets."""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from macros.geo import map_folium, map_view
from macros.catalogue import load_catalogue
from tests.conftest import ROOT

pytestmark = pytest.mark.build

URL = re.compile(r"""https?://[^\s"'<>\\]+""")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def site_path(page: Path, site: Path, url: str) -> Path:
    """The file a relative ``url`` found in ``page`` points to."""
    base = page.parent.relative_to(site).as_posix()
    target = posixpath.normpath(posixpath.join(base, url.split("#")[0]))
    path = site / target
    return path / "index.html" if url.endswith("/") or path.is_dir() else path


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT)


@pytest.fixture(scope="module")
def tiles_url():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return config["extra"]["portail"]["tuiles_url"]


def map_iframe(page_path: Path, site: Path) -> tuple[BeautifulSoup, Path]:
    frame = soup(page_path).find("iframe")
    assert frame is not None, page_path
    assert frame.get("title", "").startswith("Carte"), page_path
    target = site_path(page_path, site, frame["src"])
    assert target.is_file(), (page_path, frame["src"])
    return frame, target


def test_national_map_page_embeds_the_map_and_lists_every_cpts(built_site, catalogue):
    page_path = built_site / "carte" / "index.html"
    _, target = map_iframe(page_path, built_site)
    assert target == built_site / "cartes" / "france.html"
    page = soup(page_path)
    rows = page.select("table.carte-liste tbody tr")
    assert sorted(r["data-slug"] for r in rows) == sorted(catalogue.cpts)   # one row per CPTS
    for row in rows:
        link = row.find("a")
        assert site_path(page_path, built_site, link["href"]) == built_site / "cpts" / row["data-slug"] / "index.html"
        assert link.get_text(strip=True) == catalogue.cpts[row["data-slug"]].record.nom
    unplaced = sorted(catalogue.cpts[s].record.nom for s, e in catalogue.cpts.items() if map_view.placement(e) is None)
    listed = sorted(a.get_text(strip=True) for a in page.select("ul.carte-non-localisees a"))
    assert listed == unplaced
    counts = {tr.find_all("td")[1].get_text(): int(tr.find_all("td")[-1].get_text())
              for tr in page.select("table.carte-departements tbody tr")}
    assert counts == map_view.counts_by_departement(catalogue)


def test_regional_map_pages(built_site, catalogue):
    regions = map_view.regions_with_cpts(catalogue)
    national = soup(built_site / "carte" / "index.html")
    links = national.select("ul.carte-regions a")
    assert len(links) == len(regions)
    for code, slugs in regions.items():
        page_path = built_site / map_view.region_page_url(catalogue, code) / "index.html"
        _, target = map_iframe(page_path, built_site)
        assert target == built_site / "cartes" / f"region-{code}.html"
        rows = soup(page_path).select("table.carte-liste tbody tr")
        assert sorted(r["data-slug"] for r in rows) == sorted(slugs)
        deps = soup(page_path).select("table.carte-departements tbody tr")
        assert len(deps) == sum(1 for d in catalogue.referentiels.departements.values() if d.region == code)


def test_cpts_pages_embed_their_small_map(built_site, catalogue):
    for slug, entry in catalogue.cpts.items():
        page_path = built_site / "cpts" / slug / "index.html"
        if map_view.placement(entry) is None:
            assert soup(page_path).find("iframe") is None, slug
            assert not (built_site / "cartes" / "cpts" / f"{slug}.html").exists()
        else:
            frame, target = map_iframe(page_path, built_site)
            assert target == built_site / "cartes" / "cpts" / f"{slug}.html"
            assert frame["loading"] == "lazy"


def test_vendored_assets_are_present_with_their_licences(built_site):
    vendor = built_site / "assets" / "vendor"
    for path in map_folium.VENDOR_FILES:
        assert (built_site / path).is_file(), path
    assert "BSD 2-Clause" in (vendor / "leaflet" / "LICENSE").read_text(encoding="utf-8")
    assert "Permission is hereby granted" in (vendor / "leaflet.markercluster" / "MIT-LICENCE.txt").read_text()
    for image in re.findall(r"url\((images/[^)]+)\)", (vendor / "leaflet" / "leaflet.css").read_text()):
        assert (vendor / "leaflet" / image).is_file(), image
    # Only what the maps use is committed: no source maps, no sources, no examples.
    shipped = {p.relative_to(ROOT / "docs" / "assets" / "vendor").as_posix()
               for p in (ROOT / "docs" / "assets" / "vendor").rglob("*") if p.is_file()}
    assert shipped == {
        "SOURCES.txt",
        "leaflet/LICENSE", "leaflet/leaflet.js", "leaflet/leaflet.css",
        "leaflet/images/layers.png", "leaflet/images/layers-2x.png", "leaflet/images/marker-icon.png",
        "leaflet.markercluster/MIT-LICENCE.txt", "leaflet.markercluster/leaflet.markercluster.js",
        "leaflet.markercluster/MarkerCluster.css", "leaflet.markercluster/MarkerCluster.Default.css",
    }


def test_map_documents_are_self_hosted_french_and_titled(built_site, tiles_url):
    documents = sorted((built_site / "cartes").rglob("*.html"))
    assert len(documents) > 2
    for path in documents:
        text = path.read_text(encoding="utf-8")
        assert set(URL.findall(text)) <= {tiles_url}, path
        page = BeautifulSoup(text, "html.parser")
        assert page.html["lang"] == "fr" and page.title.get_text().startswith("Carte"), path
        for tag, attr in (("script", "src"), ("link", "href")):
            for node in page.find_all(tag):
                if node.get(attr):
                    assert site_path(path, built_site, node[attr]).is_file(), (path, node[attr])
        assert "user-scalable=no" not in text
