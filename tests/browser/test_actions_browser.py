"""The case-study library in Debian's Chromium: instant filters, shareable addresses, the page without JavaScript."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.quality.browsing import open_search

from macros.records.actions import view as action_view
from macros.catalogue import load_catalogue
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

ITEMS = "[data-actions-groupe] [data-action]"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT)


def expected(catalogue, **chosen) -> list[str]:
    """Slugs of the actions whose facets (computed from the catalogue) contain every chosen value."""
    return sorted(slug for slug, entry in catalogue.features["actions"].items()
                  if all(value in action_view.facets(catalogue, entry)[name] for name, value in chosen.items()))


def visible(page) -> list[str]:
    return sorted(page.eval_on_selector_all(f"{ITEMS}:not([hidden])", "items => items.map(i => i.dataset.action)"))


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def count_text(page) -> str:
    return page.text_content("[data-actions-compte]").strip()


def test_filters_narrow_the_list_and_live_in_the_address(page, site_url, catalogue):
    total = len(catalogue.features["actions"])
    page.goto(f"{site_url}/actions/")
    assert page.is_visible("form[data-actions-filtres]")
    assert len(visible(page)) == total and count_text(page) == f"{total} fiches actions"

    page.select_option("#actions-filtre-mission", "prevention")
    by_mission = expected(catalogue, mission="prevention")
    assert 1 < len(by_mission) < total
    assert visible(page) == by_mission
    assert count_text(page) == f"{len(by_mission)} fiches actions sur {total}"
    assert query(page) == {"mission": ["prevention"]}

    page.select_option("#actions-filtre-region", "75")  # Nouvelle-Aquitaine
    both = expected(catalogue, mission="prevention", region="75")
    assert both and set(both) < set(by_mission)
    assert visible(page) == both
    assert count_text(page).startswith(f"{len(both)} fiche")
    assert query(page) == {"mission": ["prevention"], "region": ["75"]}
    # Groups without any visible action disappear with their heading.
    hidden_groups = page.eval_on_selector_all("[data-actions-groupe][hidden] h2", "hs => hs.map(h => h.id)")
    assert "mission-crises-sanitaires" in hidden_groups

    shared = page.url
    page.goto(shared)  # opening a shared address restores the filters
    assert page.input_value("#actions-filtre-mission") == "prevention"
    assert page.input_value("#actions-filtre-region") == "75"
    assert visible(page) == both

    page.click("text=Effacer les filtres")
    page.wait_for_function(f"document.querySelectorAll('{ITEMS}:not([hidden])').length === {total}")
    assert page.input_value("#actions-filtre-mission") == ""
    assert urlparse(page.url).query == ""
    assert count_text(page) == f"{total} fiches actions"
    assert page.console_errors == []
    assert page.outside_requests == []


@pytest.mark.parametrize("facet, value", [("region", "24"), ("theme", "sas"), ("public", "enfants"), ("taille", "2"),
                                          ("departement", "17"), ("mission", "lien-ville-hopital")])
def test_each_facet_restored_from_the_address(page, site_url, catalogue, facet, value):
    page.goto(f"{site_url}/actions/?{facet}={value}")
    wanted = expected(catalogue, **{facet: value})
    assert wanted, f"au moins une fiche pour {facet}={value}"
    assert visible(page) == wanted
    assert page.input_value(f"#actions-filtre-{facet}") == value
    assert page.console_errors == []


def test_unknown_values_in_the_address_are_ignored(page, site_url, catalogue):
    page.goto(f"{site_url}/actions/?mission=inconnue&region=%3Cscript%3E")
    assert len(visible(page)) == len(catalogue.features["actions"])
    assert page.input_value("#actions-filtre-mission") == ""
    assert page.console_errors == []


def test_filters_work_with_the_keyboard(page, site_url, catalogue):
    page.goto(f"{site_url}/actions/")
    page.focus("#actions-filtre-theme")
    page.keyboard.press("ArrowDown")  # Chromium changes a focused select's value with the arrows
    chosen = page.input_value("#actions-filtre-theme")
    assert chosen
    assert visible(page) == expected(catalogue, theme=chosen)
    assert query(page) == {"theme": [chosen]}
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "actions-filtre-public"


def test_the_library_and_mission_pages_work_without_javascript(browser, site_url, catalogue):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    outside = []

    def guard(route):
        if route.request.url.startswith(site_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    try:
        page.goto(f"{site_url}/actions/?mission=prevention")
        assert not page.is_visible("form[data-actions-filtres]")  # useless without JavaScript: not shown
        assert len(visible(page)) == len(catalogue.features["actions"])
        assert page.is_visible("[data-action='indre-sas-intercpts'] >> text=Soins non programmés")
        page.click(".actions-missions >> text=Prévention")
        assert page.url.endswith("/actions/mission/prevention/")
        listed = sorted(page.eval_on_selector_all("[data-action]", "items => items.map(i => i.dataset.action)"))
        assert listed == expected(catalogue, mission="prevention")
        page.click(f"[data-action='{listed[0]}'] h3 a")
        assert page.url.endswith(f"/actions/{listed[0]}/")
        assert page.text_content("h1").strip() == catalogue.features["actions"][listed[0]].record.titre
    finally:
        context.close()
    assert outside == []


def test_action_page_links_and_search_by_figure(page, site_url, catalogue):
    page.goto(f"{site_url}/actions/indre-sas-intercpts/")
    page.click(".action-cpts >> text=CPTS Issoudun")
    assert page.url.endswith("/cpts/cpts-issoudun/")
    page.click("#actions ~ ul >> text=Les six CPTS de l'Indre")
    assert page.url.endswith("/actions/indre-sas-intercpts/")
    page.wait_for_load_state("load")  # the page's scripts are deferred: its keys work once it has loaded
    page.keyboard.press("s")  # the search shortcut (docs/assets/js/recherche.js, as in Material)
    page.wait_for_function("() => document.activeElement.classList.contains('md-search__input')", timeout=5000)
    open_search(page, "17 232 appels")
    links = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.getAttribute('href'))")
    assert any("actions/indre-sas-intercpts/" in href for href in links), links
    assert page.console_errors == []
    assert page.outside_requests == []
