"""Support bodies on the built site: one page each, the list page, and CPTS pages naming who
helps in their départements — expectations read from data/appuis/ and data/cpts/."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from macros.catalogue import load_catalogue
from macros.records.appuis.model import for_departement
from tests.conftest import ROOT

pytestmark = pytest.mark.build


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_support_body_has_its_page_and_is_listed(built_site):
    catalogue = load_catalogue(ROOT)
    bodies = catalogue.features["appuis"]
    assert bodies, "data/appuis/ est publié"
    listing = soup(built_site / "appuis" / "index.html")
    listed = {a.get_text(" ", strip=True) for a in listing.select(".appui-carte h2 a")}
    for slug, entry in bodies.items():
        page = soup(built_site / "appuis" / slug / "index.html")
        assert page.find("h1").get_text(" ", strip=True).startswith(entry.record.nom)
        assert page.select(".cpts-sources li"), "chaque appui cite ses sources"
        assert any(name.startswith(entry.record.nom) for name in listed)
        assert (built_site / "donnees" / "appuis" / f"{slug}.yml").read_bytes() == (ROOT / entry.path).read_bytes()


def test_cpts_pages_name_the_bodies_of_their_departements(built_site):
    catalogue = load_catalogue(ROOT)
    for slug, entry in catalogue.cpts.items():
        expected = {e.record.nom for d in entry.record.departements for e in for_departement(catalogue, d)}
        block = soup(built_site / "cpts" / slug / "index.html").select_one(".appui-encart")
        shown = {a.get_text(strip=True) for a in block.select("a")} if block else set()
        assert shown == expected, slug


def test_no_personal_contact_is_published_for_a_body():
    catalogue = load_catalogue(ROOT)
    for entry in catalogue.features["appuis"].values():
        email = entry.record.contacts.email
        assert email is None or email.split("@")[0] in {"secretariat", "contact", "accueil", "info"}, entry.path
