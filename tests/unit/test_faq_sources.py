"""The published FAQ and glossary against their sources: numbers and quotations are at the lines cited.

Every number an answer or a definition writes (a year, a count, a percentage) must appear in the
lines its sources cite (or be the year of a cited document), and every phrase between « » must be found there word for word, except
the names of the portal's own pages. The source documents are not in the repository; set
PORTAIL_SOURCES to their folder (by default /work/shared/seeds). Without them these tests are
skipped, not passed.
"""
from __future__ import annotations

import re
import unicodedata

import pytest

from macros.catalogue import load_catalogue
from tests.conftest import ROOT
from tests.unit.test_observatoire_sources import SOURCES, numbers_in

QUOTED = re.compile(r"«\s*([^«»]+?)\s*»")
# Names of the portal's pages, quoted in answers but written by the portal, not by a source.
PORTAL_NAMES = {"Trouver ma CPTS"}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(ROOT)


@pytest.fixture(scope="module")
def documents(catalogue):
    if not SOURCES.is_dir():
        pytest.skip(f"documents sources absents ({SOURCES}) : définissez PORTAIL_SOURCES")
    return {slug: (SOURCES / doc.fichier).read_text(encoding="utf-8").split("\n")
            for slug, doc in catalogue.referentiels.documents.items() if doc.fichier}


def records(catalogue):
    """(label, text, sources, own page names) of every published answer and definition."""
    for slug, entry in catalogue.features["faq"].items():
        r = entry.record
        yield f"faq/{slug}", f"{r.question}\n{r.reponse}", r.sources, {p.titre for p in r.pages}
    for slug, entry in catalogue.features["glossaire"].items():
        r = entry.record
        yield f"glossaire/{slug}", f"{r.terme}\n{r.en_toutes_lettres or ''}\n{r.definition}", r.sources, set()


def cited(documents, sources) -> str:
    parts = []
    for source in sources:
        first, _, last = source.lignes.partition("-")
        parts.append("\n".join(documents[source.document][int(first) - 1:int(last or first)]))
    return "\n".join(parts)


def plain(text: str) -> str:
    """Compared text: no accents, case, typographic apostrophes, markup or extra spaces."""
    text = re.sub(r"<[^>]+>|\*\*", "", text).replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).casefold()


def test_the_faq_and_the_glossary_have_real_content(catalogue):
    faq, terms = catalogue.features["faq"], catalogue.features["glossaire"]
    assert 25 <= len(faq) <= 40 and len(terms) >= 60
    themes = {e.record.theme for e in faq.values()}
    assert themes == set(catalogue.referentiels.lists["themes-faq"]), "chaque thème a au moins une question"


def test_every_number_is_in_the_cited_lines(catalogue, documents):
    missing, checked = [], 0
    for label, text, sources, _ in records(catalogue):
        # « le rapport de 2023 », « le colloque de 2026 »: a document's own date counts as stated.
        years = {float(catalogue.referentiels.documents[src.document].date[:4]) for src in sources if src.document}
        source_numbers = numbers_in(cited(documents, sources)) | years
        for number in numbers_in(text):
            checked += 1
            if number not in source_numbers:
                missing.append(f"{label} : {number:g} absent des lignes citées")
    assert checked > 150
    assert missing == []


def test_every_quotation_is_in_the_cited_lines(catalogue, documents):
    missing, checked = [], 0
    for label, text, sources, pages in records(catalogue):
        source = plain(cited(documents, sources))
        for quote in QUOTED.findall(text):
            if quote in PORTAL_NAMES | pages:
                continue
            checked += 1
            if plain(quote) not in source:
                missing.append(f"{label} : « {quote} » absent des lignes citées")
    assert checked > 20
    assert missing == []


@pytest.mark.parametrize("slug, words, line", [
    # A few answers checked by hand against the exact line that states them.
    ("appeler-le-15-ou-le-116-117", "17 232 appels", 562),
    ("appeler-le-15-ou-le-116-117", "le 15 pour les urgences et le 116 117 pour les soins non programmés", 587),
    ("combien-de-cpts", "756 CPTS sont recensées", 250),
    ("combien-de-cpts", "444 CPTS sont signataires de l'ACI et couvrent ainsi 55% de la population", 258),
    ("comment-est-financee-une-cpts", "580 000 euros contre 450 000 euros auparavant pour les CPTS de taille 4", 241),
    ("pas-de-medecin-traitant", "42% des patients ont trouvé un MT", 581),
])
def test_key_facts_match_the_line_they_cite(catalogue, documents, slug, words, line):
    record = catalogue.features["faq"][slug].record
    lines = [s for s in record.sources if s.document == "tour-de-france-2023"
             and int(s.lignes.split("-")[0]) <= line <= int(s.lignes.split("-")[-1])]
    assert lines, f"{slug} ne cite pas la ligne {line}"
    assert words in documents["tour-de-france-2023"][line - 1]


def test_no_personal_contact_data(catalogue):
    """Answers name roles and structures, never a person's e-mail address or phone number."""
    for label, text, _, _ in records(catalogue):
        assert not re.search(r"[\w.+-]+@[\w-]+\.\w+", text), label
        assert not re.search(r"\b0[1-9](?:[ .]?\d{2}){4}\b", text), label
