"""The agenda, news and toolkit as rendered HTML: upcoming or past depending on the build date, links, escaping."""
from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from macros.records.agenda import macros as agenda_macros
from macros.records.evenements import pages as evenement_pages
from macros.records.outils import pages as outil_pages
from macros.build.generated import full_text
from macros.catalogue import load_catalogue
from tests.conftest import ROOT
from tests.unit.test_agenda_validation import VALID_EVENT, VALID_NEWS, VALID_TOOL, load


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT)


def agenda_at(catalogue, monkeypatch, day: dt.date) -> BeautifulSoup:
    monkeypatch.setattr(agenda_macros, "build_date", lambda: day)
    return BeautifulSoup(agenda_macros.agenda(catalogue, "evenements/"), "html.parser")


def slugs(nodes) -> list[str]:
    return [n["data-evenement"] for n in nodes]


def test_after_the_2026_colloquium_it_is_past_and_the_2027_one_upcoming(catalogue, monkeypatch):
    page = agenda_at(catalogue, monkeypatch, dt.date(2026, 11, 23))
    upcoming = slugs(page.find(id="a-venir").find_next("ul").select("[data-evenement]"))
    assert upcoming == ["grands-lacs-liberaux-a-l-hopital-2027", "grands-lacs-hospitaliers-en-ville-2027", "colloque-agora-lib-2027"]
    years = [h["id"] for h in page.select("h3[id^=annee-]")]
    assert years == ["annee-2026", "annee-2025", "annee-2020"]
    in_2026 = slugs(page.find(id="annee-2026").find_next("ul").select("[data-evenement]"))
    assert in_2026[0] == "nord-bordeaux-sante-femmes-2026" and "colloque-agora-lib-2026" in in_2026
    cancelled = page.select_one('[data-evenement="rochefort-ocean-pique-nique-juin-2026"]')
    assert cancelled["data-statut"] == "annule" and "Annulé" in cancelled.get_text()
    tentative = page.select_one('[data-evenement="grands-lacs-liberaux-a-l-hopital-2027"]')
    assert "Date envisagée, à confirmer" in tentative.get_text() and "À venir" in tentative.get_text()
    assert page.find("time")["datetime"] == "2026-11-23"


def test_during_the_colloquium_it_is_under_way(catalogue, monkeypatch):
    page = agenda_at(catalogue, monkeypatch, dt.date(2026, 6, 12))
    item = page.select_one('[data-evenement="colloque-agora-lib-2026"]')
    assert item["data-moment"] == "en-cours" and "En cours" in item.get_text()
    assert item.find_parent("ul").find_previous("h2")["id"] == "a-venir"


def test_at_the_test_suite_build_date_only_2020_is_past(catalogue, monkeypatch):
    page = agenda_at(catalogue, monkeypatch, dt.date(2023, 11, 14))
    past = slugs(page.find(id="passes").find_all_next(attrs={"data-evenement": True}))
    assert past == ["colloque-sport-sante-thouarsais-2020"]
    upcoming = slugs(page.find(id="a-venir").find_next("ul").select("[data-evenement]"))
    assert upcoming[0] == "nord-bordeaux-sante-femmes-2025" and upcoming[-1] == "colloque-agora-lib-2027"


def test_event_page_links_relative_to_itself(catalogue):
    entry = catalogue.features["evenements"]["colloque-agora-lib-2026"]
    page = BeautifulSoup(full_text(evenement_pages.event_page(catalogue, entry, {}, dt.date(2026, 11, 23))), "html.parser")
    assert page.h1.get_text() == "Colloque Agora Lib' 2026"
    assert [h.get_text() for h in page.select("#programme ~ h3")] == ["Jeudi 11 juin 2026", "Vendredi 12 juin 2026"]
    assert len(page.select(".evenement-moment")) == len(entry.record.programme)
    hrefs = {a["href"] for a in page.select(".evenement-moment a")}
    assert "../../cpts/cpts-cote-sud-landes/" in hrefs and "../../actions/ouest-gironde-rcp-douleur-chronique/" in hrefs
    assert page.find("a", string="Ajouter à mon agenda (fichier .ics)")["href"] == "../colloque-agora-lib-2026.ics"


HOSTILE = "<script>alert('x')</script> {{ 7*7 }} {% include 'mkdocs.yml' %}"


def test_record_text_is_escaped_and_never_a_template(tmp_path):
    catalogue, errors = load(
        tmp_path,
        evenements=VALID_EVENT.replace("titre: Journée de test", f'titre: "{HOSTILE}"'),
        outils=VALID_TOOL.replace("description: Une ressource.", f'description: "{HOSTILE}"'),
        actualites=VALID_NEWS.replace("texte: Un texte.", f'texte: "{HOSTILE}"'))
    assert errors == []
    (catalogue.root / "overrides").symlink_to(ROOT / "overrides")  # the fragments that render pages
    entry = catalogue.features["evenements"]["evenement-test"]
    pages = [full_text(evenement_pages.event_page(catalogue, entry, {}, dt.date(2026, 1, 1))),
             outil_pages.toolkit(catalogue, "boite-a-outils/"),
             agenda_macros.agenda(catalogue, "evenements/")]
    from macros.records.actualites import pages as actualite_pages

    pages.append(full_text(actualite_pages.news_page(catalogue, catalogue.features["actualites"]["actualite-test"], {})))
    for html in pages:
        assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
        assert "{{ 7*7 }}" in html and "49" not in html.replace("2049", "")
