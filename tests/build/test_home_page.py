"""The built home page reads like a public service, and CPTS pages put what a patient needs first.

Expectations come from data/ through the loader (missions referential, records, coverage).
"""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from macros.geo import coverage
from macros.records.actions import view as action_view
from macros.portal import home
from macros.catalogue import load_catalogue
from macros.render.fragments import french_number
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT)


def soup(site, path):
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def digits(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def test_home_page_starts_with_the_finder_and_its_visible_button(built_site):
    page = soup(built_site, "index.html")
    content = page.select_one("article.md-content__inner")
    headings = [h.get_text(strip=True).rstrip("¶") for h in content.find_all("h2") if not h.find_parent("template")]
    assert headings[0] == "Trouver ma CPTS"
    form = content.select_one("#entree-patient").find_parent("section").select_one("form[data-finder-formulaire]")
    assert form is not None
    button = form.select_one("button[type=submit]")
    assert button is not None and button.get_text(strip=True) == "Rechercher"
    assert form.select_one("input[role=combobox]") is not None
    # No heavy map above the fold: no iframe anywhere on the home page.
    assert page.find("iframe") is None


def test_home_page_says_what_a_cpts_does_in_the_referential_words(built_site, catalogue):
    page = soup(built_site, "index.html")
    items = page.select(".accueil-pour-vous__liste li")
    expected = [m.pour_les_patients for m in catalogue.referentiels.missions.values() if m.pour_les_patients]
    assert expected and [li.get_text(" ", strip=True).split(" : ", 1)[1] for li in items] == expected


def test_home_page_key_figures_are_counted_from_the_data(built_site, catalogue):
    page = soup(built_site, "index.html")
    numbers = [digits(n.get_text()) for n in page.select(".accueil-chiffres__nombre")]
    national = coverage.national_coverage(catalogue)
    assert numbers == [len(catalogue.cpts), national.unites_couvertes, len(catalogue.features["actions"]),
                       len(catalogue.features["evenements"])]
    text = page.select_one(".accueil-chiffres").get_text(" ", strip=True)
    assert french_number(national.population_couverte) in text


def test_home_page_map_preview_is_a_light_image_linking_to_the_map(built_site):
    page = soup(built_site, "index.html")
    link = page.select_one("a.accueil-carte__lien")
    assert link["href"] == "carte/"
    img = link.find("img")
    assert (img["width"], img["height"]) == tuple(str(v) for v in home.preview_size())
    svg = built_site / img["src"]
    assert svg.exists() and svg.stat().st_size < 60_000
    assert svg.read_text(encoding="utf-8").count("<path") >= 90  # the metropolitan départements


def test_home_page_shows_the_latest_actions_as_cards(built_site, catalogue):
    page = soup(built_site, "index.html")
    titles = [a.get_text(strip=True) for a in page.select(".accueil-carte-action__titre a")]
    assert titles == [e.record.titre for e in action_view.ordered(catalogue)[:3]]
    for a in page.select(".accueil-carte-action__titre a"):
        assert (built_site / a["href"] / "index.html").exists()


def test_cpts_page_puts_status_contacts_and_offer_first(built_site, catalogue):
    order = ["contacts", "pour-les-patients", "en-bref", "territoire", "missions", "gouvernance", "sources"]
    seen_offer = seen_gouvernance = 0
    for slug, entry in catalogue.cpts.items():
        page = soup(built_site, f"cpts/{slug}/index.html")
        article = page.select_one("article.cpts-fiche")
        ids = [h["id"] for h in article.find_all("h2")]
        present = [i for i in order if i in ids]
        assert [i for i in ids if i in order] == present, slug
        # Right under the name: the status in words.
        first = article.h1.find_next_sibling()
        if "cpts-autres-noms" in (first.get("class") or []):
            first = first.find_next_sibling()
        statut = catalogue.referentiels.statuts[entry.record.statut]
        assert "cpts-etat" in first["class"], slug
        assert statut.libelle in first.get_text() and statut.description in first.get_text()
        assert ids[0] == "contacts", slug
        seen_offer += "pour-les-patients" in ids
        seen_gouvernance += "gouvernance" in ids
    assert seen_offer and seen_gouvernance  # the order was checked on pages that have both blocks
