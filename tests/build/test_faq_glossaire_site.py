"""The FAQ and the glossary in a real ``mkdocs build --strict``, checked with BeautifulSoup."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from macros.catalogue import load_catalogue
from macros.core.text import fold
from tests.conftest import ROOT
from tests.quality.search_fragments import fragments

pytestmark = pytest.mark.build


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(node) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", node.get_text(" ")).strip()


def heading(node) -> str:
    """A heading's own text: without its permalink « ¶ » nor the expansion of an acronym."""
    return "".join(node.find_all(string=True, recursive=False)).strip()


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT)


@pytest.fixture(scope="module")
def faq(built_site) -> BeautifulSoup:
    return soup(built_site / "faq" / "index.html")


@pytest.fixture(scope="module")
def glossary(built_site) -> BeautifulSoup:
    return soup(built_site / "glossaire" / "index.html")


def test_one_anchored_question_per_file_under_its_theme(faq, catalogue):
    files = sorted(p.stem for p in (ROOT / "data" / "faq").glob("*.yml"))
    article = faq.find("article")
    shown = {h3["id"]: h3 for h3 in article.select(".faq-question > h3")}
    assert sorted(shown) == files
    for slug, entry in catalogue.features["faq"].items():
        h3 = shown[slug]
        assert heading(h3) == entry.record.question
        assert h3.find_parent("section")["aria-labelledby"] == f"theme-{entry.record.theme}"
    # Themes appear in the order of data/referentiels/themes-faq.yml.
    order = list(catalogue.referentiels.lists["themes-faq"])
    assert [h2["id"].removeprefix("theme-") for h2 in article.select("section.faq-theme > h2")] == order


def test_answers_show_their_text_and_sources(faq):
    article = faq.find("article")
    block = article.find(id="appeler-le-15-ou-le-116-117").parent
    text = text_of(block)
    # Checked against the report (l. 562): 17 232 calls, 42 % advice, 37 % a slot, 14 % a prescription.
    for words in ("17 232 appels", "42 %", "37 %", "14 %", "2 615", "appelez le 15"):
        assert words in text
    assert "Tour de France des CPTS — rapport de mission — l. 556–562, 587" in text_of(block.select_one(".faq-source"))
    assert block.select_one("time")["datetime"] == "2026-11-23"


def test_every_link_of_the_two_pages_reaches_an_existing_anchor(built_site, faq, glossary):
    """Links to other records and to the glossary land on a page that exists, on an id it carries."""
    checked = 0
    for page, url in ((faq, "faq/"), (glossary, "glossaire/")):
        for a in page.find("article").select(".faq a, .glossaire a"):
            href = a["href"]
            target = urljoin(f"https://site.test/{url}", href).removeprefix("https://site.test/")
            path, _, anchor = target.partition("#")
            file = built_site / path / "index.html" if not path.endswith((".json", ".html")) else built_site / path
            assert file.is_file(), f"{url}: {href}"
            if anchor:
                assert soup(file).find(id=anchor) is not None, f"{url}: {href}"
            checked += 1
    assert checked > 300


def test_glossary_letters_and_alphabetical_order(glossary, catalogue):
    article = glossary.find("article")
    index = [a["href"].lstrip("#") for a in article.select(".glossaire-index a")]
    sections = article.select("section.glossaire-lettre")
    assert index == [s["aria-labelledby"] for s in sections]
    terms = 0
    for section in sections:
        letter = section.h2.get_text(strip=True)
        names = [t for t in (catalogue.features["glossaire"][h3["id"].removeprefix("terme-")].record.terme
                             for h3 in section.select(".glossaire-terme > h3"))]
        terms += len(names)
        for name in names:
            first = fold(name)[0].upper()
            assert first == letter or (letter == "0–9" and not first.isalpha()), (letter, name)
        folded = [fold(n).casefold() for n in names]
        if letter != "0–9":
            assert folded == sorted(folded), letter
    assert terms == len(catalogue.features["glossaire"]) >= 60
    assert [s.h2.get_text(strip=True) for s in sections][:3] == ["0–9", "A", "B"]


def test_a_term_shows_its_expansion_definition_and_the_questions_citing_it(glossary, catalogue):
    block = glossary.find(id="terme-aci").parent
    assert "Accord conventionnel interprofessionnel" in text_of(block.h3)
    assert "20 juin 2019" in text_of(block)
    citing = sorted(s for s, e in catalogue.features["faq"].items() if "aci" in e.record.glossaire)
    links = sorted(a["href"].split("#")[1] for a in block.select(".glossaire-renvoi a") if a["href"].startswith("../faq/"))
    assert links == citing and len(citing) >= 3


def test_search_lists_each_question_and_each_term(built_site, catalogue):
    """Pagefind keeps every heading with an id as a place a result leads to: each question and
    each term is found and opened at its own anchor."""
    found = fragments(built_site)
    questions = {a["id"]: a["text"] for a in found["faq/"]["anchors"]}
    for slug, entry in catalogue.features["faq"].items():
        assert questions[slug] == entry.record.question
    terms = {a["id"]: a["text"] for a in found["glossaire/"]["anchors"]}
    for slug, entry in catalogue.features["glossaire"].items():
        assert terms[f"terme-{slug}"].startswith(entry.record.terme)


def test_open_data_files_hold_every_record(built_site, catalogue):
    for name in ("faq", "glossaire"):
        records = json.loads((built_site / "donnees" / f"{name}.json").read_text(encoding="utf-8"))
        assert [r["slug"] for r in records] == sorted(catalogue.features[name])
    faq = {r["slug"]: r for r in json.loads((built_site / "donnees" / "faq.json").read_text(encoding="utf-8"))}
    assert faq["combien-de-cpts"]["sources"][0] == {"document": "tour-de-france-2023", "lignes": "86"}


def test_navigation_and_entry_pages_lead_to_the_faq_and_the_glossary(built_site):
    home = soup(built_site / "index.html")
    hrefs = {a.get("href") for a in home.find("article").find_all("a")}
    assert {"faq/", "glossaire/"} <= hrefs
    about = soup(built_site / "a-propos" / "cpts" / "index.html")
    about_links = {a.get("href") for a in about.find("article").find_all("a")}
    assert {"../../faq/", "../../glossaire/"} <= about_links
    nav = soup(built_site / "faq" / "index.html").select("nav.md-nav a.md-nav__link")
    assert {"Questions fréquentes", "Glossaire"} <= {text_of(a) for a in nav}


def test_staff_guide_documents_both_record_types(built_site):
    guide = soup(built_site / "contribuer" / "index.html")
    captions = {text_of(c) for c in guide.find_all("caption")}
    assert {"Champs d'un fichier data/faq/<slug>.yml", "Champs d'un fichier data/glossaire/<slug>.yml"} <= captions
