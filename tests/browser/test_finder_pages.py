"""The built finder and coverage pages, read with BeautifulSoup (no browser needed).

Lives next to the browser tests because it shares their one real build (``built_site``).
"""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from macros.geo import coverage, finder
from macros.catalogue import load_catalogue
from tests.conftest import ROOT

MAX_PAGE_BYTES = 400_000  # the heaviest région page lists ~5,000 communes in about 130 KB


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT)


def soup(site, path):
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_nav_puts_the_finder_first_and_names_the_directory(built_site):
    page = soup(built_site, "index.html")
    tabs = [(a.get_text(" ", strip=True), a["href"]) for a in page.select(".md-tabs__link")]
    assert [t for t, _ in tabs[:2]] == ["Accueil", "Trouver ma CPTS"]
    assert tabs[1][1].rstrip("/").endswith("trouver-ma-cpts")
    # The menu is pruned (navigation.prune): a section outside the current page's shows as one
    # link to its first page, so "Les CPTS" leads to the directory from everywhere…
    links = {a.get_text(" ", strip=True): a["href"] for a in page.select("nav.md-nav--primary a.md-nav__link[href]")}
    assert links["Les CPTS"].rstrip("/").endswith("annuaire")
    # …and inside the section its pages are listed by name.
    section = soup(built_site, "annuaire/index.html")
    links = {a.get_text(" ", strip=True): a["href"] for a in section.select("nav.md-nav--primary a.md-nav__link[href]")}
    assert links["Annuaire des CPTS"].rstrip("/") in (".", "")
    assert any(href.rstrip("/").endswith("couverture") for href in links.values())


@pytest.mark.parametrize("path, index_url, early", [
    ("index.html", "donnees/finder-index.json", False),
    ("trouver-ma-cpts/index.html", "../donnees/finder-index.json", True),
])
def test_finder_is_on_the_home_page_and_its_own_page(built_site, path, index_url, early):
    page = soup(built_site, path)
    widget = page.select_one("[data-finder]")
    assert widget is not None and widget.has_attr("hidden")  # shown by the script only
    assert widget.has_attr("data-precharger") == early
    assert widget["data-index"] == index_url
    assert (built_site / path).parent.joinpath(index_url).resolve() == (built_site / finder.INDEX_PATH).resolve()
    field = widget.select_one("input[role=combobox]")
    assert field["aria-controls"] == widget.select_one("[role=listbox]")["id"]
    assert widget.select_one("[role=status][aria-live=polite]") is not None
    assert "JavaScript" in page.select_one("noscript").get_text()


def test_home_page_keeps_its_entries(built_site):
    page = soup(built_site, "index.html")
    patient = page.select_one("#entree-patient").find_parent("section")
    assert patient.select_one("[data-finder]") is not None
    assert patient.select_one("a[href$='a-propos/cpts/#pour-les-patients']") is not None
    assert page.select_one("#entree-pro") is not None


def test_published_index_is_the_builder_output(built_site, catalogue):
    assert (built_site / finder.INDEX_PATH).read_bytes() == finder.index_bytes(catalogue)


def test_coverage_page_has_every_region_and_departement(built_site, catalogue):
    page = soup(built_site, "couverture/index.html")
    text = page.get_text(" ", strip=True)
    assert "ne décrivent que les données de ce portail" in text
    tables = page.select("table[data-couverture-table]")
    assert [len(t.select("tbody tr")) for t in tables] == [len(catalogue.reference.regions), len(catalogue.reference.departements)]
    for link in tables[0].select("tbody a"):
        assert (built_site / "couverture" / link["href"].split("#")[0] / "index.html").exists()


def test_region_page_lists_uncovered_communes_folded(built_site, catalogue):
    balagne = catalogue.cpts["cpts-balagne"].communes
    calvi = catalogue.reference.communes["2B050"]
    assert calvi.nom == "Calvi" and "2B050" in balagne and "2B033" not in balagne
    page = soup(built_site, "couverture/corse/index.html")
    haute_corse = page.select_one("#dep-2B").find_next("details")
    names = [li.get_text() for li in haute_corse.select("li")]
    assert "Bastia" in names and "Calvi" not in names
    assert len(names) == len(coverage.departement_coverage(catalogue)["2B"].non_couvertes)


def test_region_pages_stay_light(built_site):
    pages = sorted((built_site / "couverture").glob("*/index.html"))
    assert len(pages) >= 18
    heaviest = max(pages, key=lambda p: p.stat().st_size)
    assert heaviest.stat().st_size < MAX_PAGE_BYTES, heaviest
