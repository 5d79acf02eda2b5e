"""Observatoire rendering: French numbers, CSV twins equal to the YAML, escaped HTML, macros."""
import csv
import io
import re
from types import SimpleNamespace

import pytest
import yaml
from bs4 import BeautifulSoup

from macros.records.observatoire import view
from macros.records.observatoire.macros import register
from tests.conftest import ROOT
from tests.unit.test_observatoire_validation import FIXTURES, load


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    catalogue, errors, _ = load(tmp_path_factory.mktemp("obs"), real_data=True)
    assert errors == []
    return catalogue


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    catalogue, errors, _ = load(tmp_path_factory.mktemp("obs"), FIXTURES / "valide" / "enquete-test.yml")
    assert errors == []
    return catalogue


@pytest.mark.parametrize("value, unit, qualifier, expected", [
    (182, "nombre", None, "182"),
    (15000, "nombre", None, "15\u202f000"),
    (13.9, "%", None, "13,9\u00a0%"),
    (48.5, "%", None, "48,5\u00a0%"),
    (7, "%", None, "7\u00a0%"),
    (7.0, "%", None, "7\u00a0%"),
    (50, "%", "près de", "près de 50\u00a0%"),
    (300, "nombre", "plus de", "plus de 300"),
])
def test_french_numbers(value, unit, qualifier, expected):
    assert view.value_text(value, unit, qualifier) == expected


def yaml_values(path):
    """(indicator, series, category or date, value) straight from a data file, without our loader."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = set()
    for indicator in data["indicateurs"]:
        for series in indicator["series"]:
            for row in series["valeurs"]:
                found.add((indicator["id"], series["libelle"], row.get("categorie") or "", row.get("date") or "",
                           row["valeur"]))
    return data["slug"], found


@pytest.mark.parametrize("path", sorted((ROOT / "data" / "observatoire").glob("*.yml")), ids=lambda p: p.stem)
def test_csv_numbers_match_the_yaml(published, path):
    slug, expected = yaml_values(path)
    files = view.files(published)
    rows = list(csv.DictReader(io.StringIO(files[f"observatoire/donnees/{slug}.csv"])))
    got = set()
    for row in rows:
        number = float(row["valeur"])
        got.add((row["indicateur"], row["serie"], row["categorie"], row["date"] if not row["categorie"] else "",
                 int(number) if number.is_integer() else number))
    # A value without its own date inherits the indicator's: compare dates only where the YAML has one.
    assert {(i, s, c, d if not c else "", v) for i, s, c, d, v in expected} == got
    # Each indicator's own file holds exactly its rows.
    for entry in published.observatoire.datasets[slug].entries.values():
        own = list(csv.DictReader(io.StringIO(files[f"observatoire/donnees/{entry.slug}.csv"])))
        assert own == [r for r in rows if r["indicateur"] == entry.indicator.id]


def test_every_chart_has_a_standalone_svg(published):
    files = view.files(published)
    for entry in published.observatoire.all_entries():
        path = f"observatoire/graphiques/{entry.slug}.svg"
        assert (path in files) == (entry.indicator.type != "chiffre")


def test_generated_files_are_deterministic(published):
    assert view.files(published) == view.files(published)


def test_description_lists_every_value(published):
    entry = published.observatoire.entry("barometre-2024/departements")
    desc = view.describe(entry, published.referentiels.documents)
    assert desc.count("%") == 26
    assert "31 - Haute-Garonne : 18,6\u00a0%" in desc and "l. 100–115" in desc


class FakeEnv:
    """What mkdocs-macros gives ``register``: a ``macro`` decorator and the page being rendered."""

    def __init__(self, url):
        self.macros = {}
        self.page = SimpleNamespace(url=url)

    def macro(self, function):
        self.macros[function.__name__] = function
        return function


def macros_for(catalogue, url="observatoire/barometre-2024/"):
    env = FakeEnv(url)
    register(env, catalogue)
    return env


def test_chart_macro_gives_figure_table_and_download(published):
    env = macros_for(published)
    soup = BeautifulSoup(env.macros["graphique"]("barometre-2024/departements"), "html.parser")
    figure = soup.find("figure", attrs={"data-indicateur": "barometre-2024/departements"})
    svg = figure.find("svg")
    assert svg["role"] == "img"
    title_id, desc_id = svg["aria-labelledby"].split()
    assert svg.find("title", id=title_id).text.startswith("Répartition des CPTS par département")
    assert "Haute-Garonne" in svg.find("desc", id=desc_id).text
    cells = [[c.get_text() for c in row.find_all(["th", "td"])] for row in figure.find("table").find_all("tr")]
    assert cells[0] == ["Catégorie", "CPTS d'Occitanie", "CPTS répondantes"]
    assert ["31 - Haute-Garonne", "18,6\u00a0%", "15,1\u00a0%"] in cells
    links = {a.get_text(): a["href"] for a in figure.find_all("a", href=True)}
    assert links["les données (CSV)"] == "../donnees/barometre-2024-departements.csv"
    assert links["le graphique (SVG)"] == "../graphiques/barometre-2024-departements.svg"
    assert "Incohérence relevée dans la source" in figure.get_text()


def test_same_chart_twice_on_a_page_gets_distinct_ids(published):
    env = macros_for(published)
    first = env.macros["graphique"]("barometre-2024/tailles")
    second = env.macros["graphique"]("barometre-2024/tailles")
    ids = re.findall(r'\bid="([^"]+)"', first + second)
    assert len(ids) == len(set(ids))


def test_key_figure_and_value(published):
    env = macros_for(published, "observatoire/")
    assert env.macros["valeur"]("barometre-2024/repondants") == "182"
    html = env.macros["chiffre_cle"]("deploiement-national/statuts-2022", categorie="aci-signe-en-fonctionnement")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(class_="observatoire-chiffre__valeur").get_text() == "389"
    assert "l. 250" in soup.get_text()
    with pytest.raises(ValueError, match="précisez categorie="):
        env.macros["chiffre_cle"]("deploiement-national/statuts-2022")
    with pytest.raises(ValueError, match="chiffre clé, sans graphique"):
        env.macros["graphique"]("barometre-2024/repondants")


def test_yaml_text_is_escaped_and_never_a_template(hostile):
    env = macros_for(hostile, "observatoire/")
    html = env.macros["graphique"]("enquete-test/opinions") + env.macros["editions_observatoire"]() + \
        env.macros["incoherences_observatoire"]()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None and soup.find("b") is None and soup.find("i") is None
    text = soup.get_text()
    assert "Oui <script>alert(2)</script>" in text
    assert "Opinions <b>gras</b> {{ 7*7 }}" in text and "49" not in text
    assert "Incohérence {% if true %}jinja{% endif %}" in text


def test_comparisons_macro_says_so_when_there_is_none(published):
    env = macros_for(published)
    assert "Aucune comparaison pour l'instant" in env.macros["comparaisons_editions"]("barometre-2024")
    with pytest.raises(ValueError, match="édition inconnue « barometre-2099 »"):
        env.macros["comparaisons_editions"]("barometre-2099")


def test_comparison_appears_with_a_second_edition(tmp_path):
    catalogue, errors, _ = load(tmp_path, FIXTURES / "comparaison" / "barometre-2025.yml", real_data=True)
    assert errors == []
    env = macros_for(catalogue, "observatoire/")
    soup = BeautifulSoup(env.macros["comparaisons_editions"](), "html.parser")
    figures = soup.find_all("figure", attrs={"data-comparaison": True})
    assert [f["data-comparaison"] for f in figures] == ["comparaison/barometre-cpts-occitanie/departements",
                                                        "comparaison/barometre-cpts-occitanie/repondants"]
    rows = [[c.get_text() for c in r.find_all(["th", "td"])] for r in figures[0].find("table").find_all("tr")]
    assert rows[0] == ["Catégorie", "2024", "2025"]
    assert ["31 - Haute-Garonne", "15,1\u00a0%", "16,4\u00a0%"] in rows
    assert ["11 - Aude", "4,7\u00a0%", "—"] in rows
    files = view.files(catalogue)
    assert "observatoire/graphiques/comparaison-barometre-cpts-occitanie-departements-1.svg" in files
    compared = list(csv.DictReader(io.StringIO(files["observatoire/donnees/comparaison-barometre-cpts-occitanie-departements.csv"])))
    assert {r["jeu"] for r in compared} == {"barometre-2024", "barometre-2025"}
    assert {r["serie"] for r in compared} == {"CPTS répondantes"}


def test_csv_neutralises_formulas_but_leaves_empty_cells_empty():
    row = {column: "" for column in view.CSV_COLUMNS}
    row.update({"categorie": "=HYPERLINK(\"x\")", "valeur": "12", "serie": "-moins"})
    parsed = next(csv.DictReader(io.StringIO(view.to_csv([row]))))
    assert parsed["categorie"] == "'=HYPERLINK(\"x\")" and parsed["serie"] == "'-moins"
    assert parsed["valeur"] == "12" and parsed["note"] == "" and parsed["date"] == ""


def test_table_macro_alone(published):
    env = macros_for(published, "observatoire/deploiement/")
    soup = BeautifulSoup(env.macros["tableau_donnees"]("tour-de-france-2023/aci-signe"), "html.parser")
    block = soup.find(attrs={"data-indicateur": "tour-de-france-2023/aci-signe"})
    assert block.find("svg") is None
    assert [td.get_text() for td in block.find_all("td")] == ["82,8\u00a0%"]
    assert "Base : 273 CPTS répondantes." in block.get_text()
    links = {a.get_text(): a["href"] for a in block.find_all("a", href=True)}
    assert links == {"les données (CSV)": "../donnees/tour-de-france-2023-aci-signe.csv"}


def test_a_category_written_as_a_number_is_told_to_take_quotes(published):
    """Staff-edit probing: valeur(…, categorie=2019) said « catégorie inconnue « 2019 » » while the
    categories listed were « 2019 », « 2022-12 »: a number is not the text « 2019 »."""
    from macros.records.observatoire import macros as observatoire_macros

    env = macros_for(published, "observatoire/")
    assert env.macros["valeur"]("deploiement-national/nombre-cpts", categorie="2019", serie="recensees") == "450"
    expected = ("categorie=2019 est un nombre, or les identifiants de « deploiement-national/nombre-cpts » sont des textes : "
                "mettez-le entre guillemets, categorie=\"2019\"")
    with pytest.raises(ValueError) as caught:
        env.macros["valeur"]("deploiement-national/nombre-cpts", categorie=2019, serie="recensees")
    assert str(caught.value) == expected
    with pytest.raises(ValueError) as caught:  # what make validate runs on the pages' calls
        observatoire_macros.REFERENCE_CHECKS["valeur"](published, {"indicateur": "deploiement-national/nombre-cpts",
                                                                   "categorie": 2019, "serie": "recensees"})
    assert str(caught.value) == expected
