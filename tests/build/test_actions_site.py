"""The case-study library in a real ``mkdocs build --strict``, checked with BeautifulSoup."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.records.actions import view as action_view
from macros.catalogue import load_catalogue
from tests.conftest import ROOT
from tests.quality.search_fragments import fragments

pytestmark = pytest.mark.build

TOUR_DE_FRANCE = "tour-de-france-2023"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(node) -> str:
    """Visible text with French number spacing (narrow/no-break spaces) read as plain spaces."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", node.get_text(" "))


def figure_text(result) -> str:
    return f"{action_view.number_text(result.valeur)} {result.unite}".replace("\u202f", " ")


def cites(record, document: str) -> bool:
    return any(s.document == document for s in [*record.sources, *(r.source for r in record.resultats)])


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT)


def action_page(site: Path, slug: str) -> BeautifulSoup:
    return soup(site / "actions" / slug / "index.html")


def test_one_page_per_action_file(built_site, catalogue):
    files = sorted(p.stem for p in (ROOT / "data" / "actions").glob("*.yml"))
    pages = sorted(p.parent.name for p in (built_site / "actions").glob("*/index.html") if p.parent.name != "mission")
    assert pages == files == sorted(catalogue.features["actions"])
    for slug, entry in catalogue.features["actions"].items():
        page = action_page(built_site, slug)
        assert page.h1.get_text(strip=True) == entry.record.titre
        assert page.find(id="sources") is not None and page.find(id="deroule") is not None
        assert page.find("a", string="fichier de données (YAML)")["href"] == f"../../donnees/actions/{slug}.yml"
        assert (built_site / "donnees" / "actions" / f"{slug}.yml").read_bytes() == (ROOT / entry.path).read_bytes()


def test_every_tour_de_france_action_with_its_cpts_mission_and_figures(built_site, catalogue):
    actions = {s: e for s, e in catalogue.features["actions"].items() if cites(e.record, TOUR_DE_FRANCE)}
    assert len(actions) >= 10, "le rapport du Tour de France décrit de nombreuses actions"
    refs = catalogue.referentiels
    for slug, entry in actions.items():
        record = entry.record
        article = action_page(built_site, slug).find("article", class_="action-fiche")
        links = {a["href"] for a in article.select(".action-cpts a")}
        assert links == {f"../../cpts/{c}/" for c in record.cpts}, slug
        for c in record.cpts:
            assert catalogue.cpts[c].record.nom in text_of(article)
        facets = text_of(article.find("dl", class_="action-facettes"))
        assert refs.missions[record.mission].libelle in facets
        shown = [text_of(p).strip() for p in article.select(".action-chiffre__valeur")]
        assert shown == [figure_text(r) for r in record.resultats], slug
        for card, result in zip(article.select(".action-chiffre"), record.resultats):
            assert result.periode in text_of(card) and "Source" in text_of(card)


def test_cpts_pages_link_back_to_their_actions(built_site, catalogue):
    for slug, entry in catalogue.features["actions"].items():
        for cpts in entry.record.cpts:
            page = soup(built_site / "cpts" / cpts / "index.html")
            section = page.find(id="actions").find_next("ul")
            assert f"../../actions/{slug}/" in {a["href"] for a in section.find_all("a")}, (cpts, slug)
            # The link resolves to a built page.
            assert (built_site / "actions" / slug / "index.html").exists()


def test_library_lists_every_action_once_grouped_by_main_mission(built_site, catalogue):
    page = soup(built_site / "actions" / "index.html")
    items = page.select("[data-actions-groupe] [data-action]")
    assert sorted(i["data-action"] for i in items) == sorted(catalogue.features["actions"])
    refs = catalogue.referentiels
    for item in items:
        record = catalogue.features["actions"][item["data-action"]].record
        group = item.find_parent("section")
        assert group.h2["id"] == f"mission-{record.mission}"
        assert item.find("a")["href"] == f"{record.slug}/"
        text = text_of(item)
        for label in (refs.missions[record.mission].libelle, *(refs.themes[t].libelle for t in record.themes),
                      *(refs.publics[p].libelle for p in record.publics)):
            assert label in text, (record.slug, label)
        expected = action_view.facets(catalogue, catalogue.features["actions"][record.slug])
        for name, values in expected.items():
            assert item[f"data-{name}"].split() == values


def test_library_form_is_labelled_and_hidden_until_javascript(built_site):
    page = soup(built_site / "actions" / "index.html")
    form = page.find("form", attrs={"data-actions-filtres": True})
    assert form.has_attr("hidden")
    names = [s["name"] for s in form.find_all("select")]
    assert names == ["mission", "region", "departement", "taille", "theme", "public"]
    for select in form.find_all("select"):
        assert page.find("label", attrs={"for": select["id"]}) is not None
    assert page.find(attrs={"data-actions-compte": True})["aria-live"] == "polite"
    nav = [a.get_text(strip=True) for a in page.select("nav a")]
    assert "Fiches actions" in nav


def test_mission_pages_list_their_actions(built_site, catalogue):
    library = soup(built_site / "actions" / "index.html")
    linked = {a["href"] for a in library.select(".actions-missions a")}
    for mission in action_view.used_missions(catalogue):
        assert f"mission/{mission}/" in linked
        page = soup(built_site / "actions" / "mission" / mission / "index.html")
        listed = sorted(a["data-action"] for a in page.select("[data-action]"))
        expected = sorted(s for s, e in catalogue.features["actions"].items()
                          if mission in (e.record.mission, *e.record.missions_secondaires))
        assert listed == expected, mission
        assert all(a["href"].startswith("../../") for a in page.select(".action-item__titre a"))


def test_action_pages_are_not_in_the_navigation(built_site):
    home = soup(built_site / "index.html")
    hrefs = [a.get("href", "") for a in home.select("nav a")]
    assert not any(re.search(r"actions/[^/]+/", h) for h in hrefs)


def test_search_finds_actions_by_their_figures(built_site, catalogue):
    found = fragments(built_site)
    page = found["actions/indre-sas-intercpts/"]
    text = re.sub(r"[\s\u00a0\u202f]+", " ", page["meta"]["title"] + " " + page["content"])
    assert "17 232 appels" in text and "2 615 passages" in text
    # Listings (library, mission pages) are not indexed a second time: results point at the action pages.
    listings = [url for url in found if url == "actions/" or url.startswith("actions/mission/")]
    assert len(listings) > 1, "la bibliothèque et les pages de mission restent trouvables"
    for url in listings:
        for entry in catalogue.features["actions"].values():
            assert entry.record.resume not in found[url]["content"], (url, entry.record.slug)


def test_action_pages_print_cleanly(built_site):
    page = action_page(built_site, "indre-sas-intercpts")
    css = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert any(href.endswith("assets/css/actions.css") for href in css)
    assert "@media print" in (built_site / "assets" / "css" / "actions.css").read_text(encoding="utf-8")
