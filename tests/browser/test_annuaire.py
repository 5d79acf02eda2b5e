"""The directory's filters and sorting, and the French site search, in Debian's Chromium."""
from __future__ import annotations

import pytest

from macros.catalogue import load_catalogue
from tests.conftest import ROOT
from tests.quality.browsing import open_search

pytestmark = pytest.mark.browser


def visible_slugs(page):
    return page.eval_on_selector_all(
        "table[data-annuaire-table] tbody tr:not([hidden]) a",
        "links => links.map(a => a.getAttribute('href').split('/').filter(Boolean).pop())",
    )


def test_directory_filters_narrow_and_reset(page, site_url):
    catalogue = load_catalogue(ROOT)
    page.goto(f"{site_url}/annuaire/")
    assert len(visible_slugs(page)) == len(catalogue.cpts)

    page.select_option("#filtre-region", "75")  # Nouvelle-Aquitaine
    expected = sorted(s for s, e in catalogue.cpts.items() if e.record.region == "75")
    assert expected, "le jeu de données contient des CPTS de Nouvelle-Aquitaine"
    assert sorted(visible_slugs(page)) == expected
    assert page.text_content("[data-annuaire-compte]").startswith(f"{len(expected)} CPTS")

    page.select_option("#filtre-departement", "17")
    both = sorted(s for s in expected if "17" in catalogue.cpts[s].record.departements)
    assert sorted(visible_slugs(page)) == both

    page.select_option("#filtre-statut", "aci-signe")
    triple = [s for s in both if catalogue.cpts[s].record.statut == "aci-signe"]
    assert sorted(visible_slugs(page)) == triple

    page.click("text=Tout afficher")
    page.wait_for_function(f"document.querySelectorAll('table[data-annuaire-table] tbody tr:not([hidden])').length === {len(catalogue.cpts)}")
    assert page.console_errors == []
    assert page.outside_requests == []


def test_directory_text_filter_ignores_accents_and_sort_by_population(page, site_url):
    catalogue = load_catalogue(ROOT)
    page.goto(f"{site_url}/annuaire/")
    page.fill("#filtre-texte", "vesulien")
    assert visible_slugs(page) == ["cpts-bassin-vesulien"]
    page.fill("#filtre-texte", "")
    page.click("th >> text=Population")
    values = page.eval_on_selector_all(
        "table[data-annuaire-table] tbody tr td:nth-child(6)", "cells => cells.map(c => c.dataset.valeur)")
    numbers = [int(v) for v in values if v]
    assert numbers == sorted(numbers) and len(numbers) > 1
    assert values[len(numbers):] == [""] * (len(values) - len(numbers))  # unknown last
    assert page.get_attribute("th:has-text('Population')", "aria-sort") == "ascending"
    assert len(catalogue.cpts) == len(values)


def test_directory_filters_work_with_the_keyboard(page, site_url):
    catalogue = load_catalogue(ROOT)
    page.goto(f"{site_url}/annuaire/")
    page.focus("#filtre-statut")
    # Keyboard only: open the select's options with arrows (Chromium changes the value on ArrowDown).
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    chosen = page.eval_on_selector("#filtre-statut", "s => s.value")
    expected = sorted(s for s, e in catalogue.cpts.items() if e.record.statut == chosen)
    assert sorted(visible_slugs(page)) == expected


def result_count(page, query):
    open_search(page, query)  # waits for the results of this query, not those of the previous one
    return page.text_content(".md-search-result__meta")


def test_search_folds_accents_and_case(page, site_url):
    page.goto(f"{site_url}/a-propos/sources/")
    counts = {q: result_count(page, q) for q in ("accès", "acces", "ACCES", "Accès")}
    assert len(set(counts.values())) == 1, counts
    assert page.console_errors == []


def test_search_finds_generated_cpts_pages(page, site_url):
    page.goto(f"{site_url}/")
    page.fill(".md-search__input", "Balagne")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    links = page.eval_on_selector_all(".md-search-result__item a", "as => as.map(a => a.getAttribute('href'))")
    assert any("cpts/cpts-balagne/" in href for href in links), links
