"""Where no CPTS is known, « Trouver ma CPTS » names who to ask: the support body of the
commune's région (data/appuis/), else the national federation — in Debian's Chromium.

Expectations come from the data: Toulouse (31555, Haute-Garonne, Occitanie) is in no published
territory and data/appuis/guichet-cpts-occitanie.yml covers région 76; Bastia (2B033, Corse) is
in no territory and no regional body covers Corsica, so the national one is named.
"""
from __future__ import annotations

import pytest

from macros.catalogue import load_catalogue
from macros.records.appuis.model import for_departement
from tests.browser.test_finder import RESULT, assert_clean, choose, open_finder, type_and_wait
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT)


def _covered(catalogue, code):
    return any(code in entry.communes for entry in catalogue.cpts.values())


@pytest.mark.parametrize("typed, option, code", [("Toulouse", "Toulouse", "31555"), ("Bastia", "Bastia", "2B033")])
def test_a_commune_without_cpts_names_the_support_body_of_its_region(page, site_url, catalogue, typed, option, code):
    assert not _covered(catalogue, code), "la commune ne doit être dans aucun territoire publié"
    departement = catalogue.reference.communes[code].departement
    expected = for_departement(catalogue, departement)[0].record
    open_finder(page, site_url)
    type_and_wait(page, typed)
    choose(page, option)
    link = page.locator(f"{RESULT} [data-slot=appui-lien]")
    assert link.is_visible()
    assert link.inner_text() == expected.nom
    assert link.get_attribute("href").rstrip("/").endswith(f"appuis/{expected.slug}")
    if expected.pour_les_habitants:
        assert expected.pour_les_habitants[:40] in page.locator(f"{RESULT} [data-slot=appui-texte]").inner_text()
    assert_clean(page)


def test_the_regional_body_comes_before_the_national_one(catalogue):
    names = [e.record.slug for e in for_departement(catalogue, "31")]
    assert names[0] == "guichet-cpts-occitanie" and names[-1] == "fcpts"
    assert [e.record.slug for e in for_departement(catalogue, "2B")] == ["fcpts"]
