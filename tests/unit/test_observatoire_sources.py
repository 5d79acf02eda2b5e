"""Published figures against their sources: each number is found at the lines it cites.

The source documents are not in the repository; set PORTAIL_SOURCES to their folder (by default
/work/shared/seeds). Without them these tests are skipped, not passed.
"""
import os
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.unit.test_observatoire_validation import load

# CI clones the repository with the shared folder beside it: <clone>/../shared/seeds.
SOURCES = Path(os.environ.get("PORTAIL_SOURCES", Path(__file__).resolve().parents[3] / "shared" / "seeds"))
# Numbers the documents write in words.
WORDS = {"moitié": 50, "trentaine": 30}
NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,]\d+)?")


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    if not SOURCES.is_dir():
        pytest.skip(f"documents sources absents ({SOURCES}) : définissez PORTAIL_SOURCES")
    catalogue, errors, _ = load(tmp_path_factory.mktemp("obs"), real_data=True)
    assert errors == []
    return catalogue


def cited_text(catalogue, source) -> str:
    """The cited lines (1-based, as ``grep -n`` counts them) of the document's file."""
    document = catalogue.referentiels.documents[source.document]
    lines = (SOURCES / document.fichier).read_text(encoding="utf-8").split("\n")
    first, _, last = source.lignes.partition("-")
    return "\n".join(lines[int(first) - 1:int(last or first)])


def numbers_in(text: str) -> set[float]:
    found = {float(re.sub(r"[ \u00a0\u202f]", "", n).replace(",", ".")) for n in NUMBER.findall(text)}
    return found | {float(v) for word, v in WORDS.items() if word in text}


def published_points(catalogue):
    for entry in catalogue.observatoire.all_entries():
        for series in entry.series:
            for point in series.points:
                yield entry, series, point


def test_every_published_number_is_in_its_cited_lines(catalogue):
    missing = []
    checked = 0
    for entry, series, point in published_points(catalogue):
        if point.nature == "calculee":
            assert point.note, f"{entry.key} : valeur calculée sans explication"
            continue
        checked += 1
        if float(point.valeur) not in numbers_in(cited_text(catalogue, point.source)):
            missing.append(f"{entry.key} / {series.libelle} / {point.categorie} = {point.valeur} "
                           f"absent de {point.source.document} l. {point.source.lignes}")
    assert checked > 100
    assert missing == []


def test_bases_with_a_count_cite_a_document_that_states_it(catalogue):
    for entry, series, point in published_points(catalogue):
        if series.base and series.base.effectif:
            document = catalogue.referentiels.documents[point.source.document]
            text = (SOURCES / document.fichier).read_text(encoding="utf-8")
            assert str(series.base.effectif) in text, f"{entry.key} : effectif {series.base.effectif} introuvable"


@pytest.mark.parametrize("key, selection, value, line, words", [
    ("barometre-2024/repondants", {}, 182, 75, "182 répondants"),
    ("barometre-2024/participation-aci", {}, 84, 84, "**84%**"),
    ("deploiement-national/statuts-2022", {"categorie": "aci-signe-en-fonctionnement"}, 389, 250,
     "389 sont en fonctionnement avec l'ACI signé"),
    ("deploiement-national/nombre-cpts", {"serie": "recensees", "categorie": "2022-12"},
     756, 250, "en décembre 2022, 756 CPTS sont recensées"),
    ("tour-de-france-2023/repondants", {}, 273, 1526, "273"),
    ("guichet-occitanie-2022/aci-signes", {}, 38, 28, "38 CPTS ont aujourd'hui signé un contrat ACI"),
])
def test_headline_figures_match_the_source(catalogue, key, selection, value, line, words):
    from macros.records.observatoire.view import pick_point

    entry = catalogue.observatoire.entry(key)
    _, point = pick_point(entry, **selection)
    assert point.valeur == value
    first, _, last = point.source.lignes.partition("-")
    assert int(first) <= line <= int(last or first)  # the source cites the line where the figure is
    assert words in cited_text(catalogue, point.source)


def test_stacked_total_matches_the_published_total(catalogue):
    entry = catalogue.observatoire.entry("deploiement-national/statuts-2022")
    series = entry.series[0]
    assert sum(p.valeur for p in series.points) == series.total
    assert f"{int(series.total)} CPTS sont recensées" in cited_text(catalogue, series.points[0].source)


def test_table_values_sit_on_their_own_row(catalogue):
    """In the sources' tables, a row starts with its category or series label: the value must be on it."""
    checked, wrong = 0, []
    for entry, series, point in published_points(catalogue):
        for line in cited_text(catalogue, point.source).split("\n"):
            if line.startswith((f"{point.categorie}\t", f"{series.libelle}\t")):
                checked += 1
                if float(point.valeur) not in numbers_in(line.split("\t", 1)[1]):
                    wrong.append(f"{entry.key} / {series.libelle} / {point.categorie} = {point.valeur} : « {line} »")
    assert checked >= 34  # the size table (2 × 4) and the département table (2 × 13)
    assert wrong == []


def test_every_dataset_page_is_a_page_of_the_site(catalogue):
    for dataset in catalogue.observatoire.datasets.values():
        page = dataset.record.page
        assert page and page.endswith("/")
        assert (ROOT / "docs" / f"{page.rstrip('/')}.md").is_file() or (ROOT / "docs" / page / "index.md").is_file()
