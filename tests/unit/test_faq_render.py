"""What the FAQ and glossary pages show: order, letters, links, citations and escaping (no MkDocs build)."""
from __future__ import annotations

import pytest

from macros.records.faq import page as faq_page
from macros.records.glossaire import page as glossaire_page
from macros.records.citations import merged_sources
from macros.core.fields import SourceRef
from macros.records.refs import link_href, page_url
from macros.render.fragments import render_fragment
from tests.conftest import ROOT
from tests.unit.test_faq_validation import load, question, term


@pytest.mark.parametrize("text, expected", [
    ("ACI", ("a", "A")), ("Échelon", ("e", "E")), ("œdème", ("o", "O")), ("15 (centre 15)", ("0-9", "0–9")),
    ("116 117", ("0-9", "0–9")), ("« Aller-vers »", ("0-9", "0–9")),
])
def test_letter_of_a_term(text, expected):
    assert glossaire_page.letter(text) == expected


def test_terms_sort_without_accents_and_numbers_by_value():
    terms = ["Zone blanche", "116 117", "Échelon", "ACI", "15 (centre 15)", "accélérateur", "EHESP"]
    assert sorted(terms, key=glossaire_page.sort_key) == ["15 (centre 15)", "116 117", "accélérateur", "ACI", "Échelon", "EHESP", "Zone blanche"]


@pytest.mark.parametrize("text, expected", [
    ("Un.\n\nDeux.", ["Un.", "Deux."]),
    ("Une phrase\ncoupée en deux lignes.\n  \nSuite.", ["Une phrase coupée en deux lignes.", "Suite."]),
    ("  Seul.  ", ["Seul."]),
])
def test_paragraphs(text, expected):
    assert glossaire_page.paragraphs(text) == expected


@pytest.mark.parametrize("page, url", [
    ("trouver-ma-cpts.md", "trouver-ma-cpts/"), ("faq/index.md", "faq/"), ("index.md", ""),
    ("observatoire/deploiement.md", "observatoire/deploiement/"),
])
def test_page_url(page, url):
    assert page_url(page) == url


@pytest.mark.parametrize("here, url, href", [
    ("faq/", "faq/#une-question", "#une-question"),
    ("faq/", "glossaire/#terme-aci", "../glossaire/#terme-aci"),
    ("glossaire/", "faq/#une-question", "../faq/#une-question"),
    ("faq/", "actions/x/", "../actions/x/"),
    ("faq/", "", "../"),
])
def test_link_href(here, url, href):
    assert link_href(here, url) == href


def test_citations_merge_lines_of_the_same_document(tmp_path):
    catalogue, errors = load(tmp_path)
    assert errors == []
    sources = [SourceRef(document="tour-de-france-2023", lignes="250"), SourceRef(url="https://exemple.fr/a"),
               SourceRef(document="agora-lib-2026", lignes="12-14"), SourceRef(document="tour-de-france-2023", lignes="556-562"),
               SourceRef(document="tour-de-france-2023", lignes="250")]
    assert merged_sources(catalogue, sources) == [
        {"titre": "Tour de France des CPTS — rapport de mission", "url": None, "detail": "l. 250, 556–562"},
        {"titre": "Colloque Agora Lib' 2026 — actes", "url": None, "detail": "l. 12–14"},
        {"titre": "https://exemple.fr/a", "url": "https://exemple.fr/a", "detail": ""},
    ]


def _faq(slug: str, theme: str, ordre: int | None = None, text: str | None = None) -> str:
    content = question(slug).replace("theme: comprendre-les-cpts", f"theme: {theme}" + (f"\nordre: {ordre}" if ordre else ""))
    return content.replace("question: Une question de test ?", f"question: {text or slug}")


def test_themes_follow_the_referential_and_questions_their_order(tmp_path):
    faq = {"b.yml": _faq("b", "financement"), "a.yml": _faq("a", "financement"), "c.yml": _faq("c", "financement", ordre=2),
           "d.yml": _faq("d", "se-soigner"), "e.yml": _faq("e", "comprendre-les-cpts")}
    catalogue, errors = load(tmp_path, faq)
    assert errors == []
    groups = faq_page.themes(catalogue)
    # Referential order: comprendre-les-cpts, se-soigner, …, financement; a theme without questions is left out.
    assert [(g["slug"], [q["slug"] for q in g["questions"]]) for g in groups] == [
        ("comprendre-les-cpts", ["e"]), ("se-soigner", ["d"]), ("financement", ["c", "a", "b"])]
    audiences = faq_page.audiences(groups)
    assert [[t["slug"] for t in a["themes"]] for a in audiences] == [["comprendre-les-cpts", "se-soigner"], ["comprendre-les-cpts", "financement"]]


def test_glossary_lists_the_questions_that_cite_a_term(tmp_path):
    catalogue, errors = load(tmp_path, {"question-test.yml": question()})
    assert errors == []
    view = glossaire_page.groups(catalogue)
    assert [g["lettre"] for g in view] == ["T"]
    shown = view[0]["termes"][0]
    assert shown["questions"] == [{"texte": "Une question de test ?", "url": "../faq/#question-test"}]


HOSTILE = "\"<script>alert('x')</script> {{ 7*7 }} {% include 'mkdocs.yml' %} <b>gras</b> & fin\""


def test_pages_escape_yaml_text_and_never_evaluate_it(tmp_path):
    faq = {"question-test.yml": question().replace("question: Une question de test ?", f"question: {HOSTILE}")
           .replace("  Premier paragraphe.", "  <img src=x onerror=alert(1)> {{ config }}")}
    glossaire = {"terme-test.yml": term(terme="\"<script>alert('x')</script> {{ 7*7 }} <b>gras</b>\"").replace("definition: Une définition de test.", f"definition: {HOSTILE}")}
    catalogue, errors = load(tmp_path, faq, glossaire)
    assert errors == []
    (catalogue.root / "overrides").symlink_to(ROOT / "overrides")
    faq_html = render_fragment(catalogue.root, "faq.html", themes=faq_page.themes(catalogue),
                               publics=faq_page.audiences(faq_page.themes(catalogue)), donnees_url="../donnees/faq.json")
    terms_html = render_fragment(catalogue.root, "glossaire.html", groupes=glossaire_page.groups(catalogue),
                                 donnees_url="../donnees/glossaire.json")
    escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; {{ 7*7 }} {% include &#39;mkdocs.yml&#39; %} &lt;b&gt;gras&lt;/b&gt; &amp; fin"
    for html in (faq_html, terms_html):
        assert "<script>" not in html and "<b>gras" not in html and "49" not in html
        assert escaped in html
    assert "&lt;img src=x onerror=alert(1)&gt; {{ config }}" in faq_html
    assert '<h3 id="question-test">' in faq_html and '<h3 id="terme-terme-test">' in terms_html
    # Links computed for the page at faq/: glossary, page, action, CPTS.
    for href in ('href="../glossaire/#terme-terme-test"', 'href="../page-test/"', 'href="../actions/action-test/"',
                 'href="../cpts/cpts-test/"'):
        assert href in faq_html
