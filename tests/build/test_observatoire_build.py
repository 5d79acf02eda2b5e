"""The observatoire in a real ``mkdocs build --strict``: charts, tables, CSV files, comparisons."""
import csv
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import ROOT, copy_site_project, mkdocs_build

pytestmark = pytest.mark.build

FIXTURES = ROOT / "tests" / "fixtures" / "observatoire"
PAGES = ["observatoire/index.html", "observatoire/barometre-2024/index.html",
         "observatoire/deploiement/index.html", "observatoire/guichet-2022/index.html"]


def soup_of(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def target(site: Path, page: str, href: str) -> Path:
    return (site / page).parent.joinpath(href).resolve()


def yaml_indicators() -> dict[str, dict]:
    found = {}
    for path in sorted((ROOT / "data" / "observatoire").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for indicator in data["indicateurs"]:
            found[f"{data['slug']}/{indicator['id']}"] = indicator
    return found


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_is_inline_svg_with_title_desc_table_and_csv(built_site, page):
    soup = soup_of(built_site, page)
    figures = soup.select("figure.observatoire-figure[data-indicateur]")
    if page != "observatoire/index.html":
        assert figures, f"aucun graphique sur {page}"
    indicators = yaml_indicators()
    for figure in figures:
        svg = figure.find("svg")
        assert svg is not None and svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        assert svg.find("title", id=title_id).get_text().strip()
        assert svg.find("desc", id=desc_id).get_text().strip()
        table = figure.find("table")
        assert table is not None and table.find("caption")
        links = {a.get_text(): a["href"] for a in figure.find_all("a", href=True)}
        rows = list(csv.DictReader(target(built_site, page, links["les données (CSV)"]).open(encoding="utf-8")))
        assert target(built_site, page, links["le graphique (SVG)"]).read_text(encoding="utf-8").startswith("<svg")
        expected = sorted(float(v["valeur"]) for s in indicators[figure["data-indicateur"]]["series"] for v in s["valeurs"])
        assert sorted(float(r["valeur"]) for r in rows) == expected


def test_every_indicator_is_published_on_a_page(built_site):
    shown = set()
    for page in PAGES:
        shown |= {tag["data-indicateur"] for tag in soup_of(built_site, page).select("[data-indicateur]")}
    assert set(yaml_indicators()) - shown == set()


def test_published_numbers_on_the_pages(built_site):
    deployment = soup_of(built_site, "observatoire/deploiement/index.html")
    statuts = deployment.select_one('[data-indicateur="deploiement-national/statuts-2022"] table')
    rows = {r.th.get_text(): [td.get_text() for td in r.find_all("td")] for r in statuts.find_all("tr") if r.td}
    assert rows["ACI signé, en fonctionnement"] == ["389"]
    assert "Total : 756" in deployment.select_one('[data-indicateur="deploiement-national/statuts-2022"] svg').get_text()
    barometre = soup_of(built_site, "observatoire/barometre-2024/index.html")
    figure = barometre.select_one('.observatoire-chiffre[data-indicateur="barometre-2024/participation-aci"]')
    assert figure.select_one(".observatoire-chiffre__valeur").get_text() == "84\u00a0%"
    assert "182" in barometre.select_one('.observatoire-chiffre[data-indicateur="barometre-2024/repondants"]').get_text()


def test_no_comparison_without_a_second_edition(built_site):
    assert soup_of(built_site, "observatoire/index.html").select("[data-comparaison]") == []
    assert not list((built_site / "observatoire" / "graphiques").glob("comparaison-*"))


def test_second_edition_adds_the_comparison_and_removing_it_removes_it(tmp_path):
    project = copy_site_project(tmp_path)
    fixture = project / "data" / "observatoire" / "barometre-2025.yml"
    shutil.copy(FIXTURES / "comparaison" / "barometre-2025.yml", fixture)
    shutil.copy(FIXTURES / "valide" / "enquete-test.yml", project / "data" / "observatoire")
    (project / "docs" / "observatoire" / "essai.md").write_text(
        "---\nrender_macros: true\n---\n\n# Essai\n\n{{ graphique(\"enquete-test/opinions\") }}\n", encoding="utf-8")

    with_it = tmp_path / "avec"
    result = mkdocs_build(project, with_it)
    assert result.returncode == 0, result.stdout + result.stderr
    index = soup_of(with_it, "observatoire/index.html")
    compared = [f["data-comparaison"] for f in index.select("figure[data-comparaison]")]
    assert compared == ["comparaison/barometre-cpts-occitanie/departements", "comparaison/barometre-cpts-occitanie/repondants"]
    assert index.select_one("figure[data-comparaison] svg[role=img] title")
    assert (with_it / "observatoire/graphiques/comparaison-barometre-cpts-occitanie-departements-1.svg").is_file()
    assert soup_of(with_it, "observatoire/barometre-2024/index.html").select("figure[data-comparaison]")

    # Text from YAML arrives escaped and is never run as a template.
    essai = soup_of(with_it, "observatoire/essai/index.html")
    article = essai.select_one("article")
    assert article.find("script") is None and article.find("b") is None
    assert "Opinions <b>gras</b> {{ 7*7 }}" in article.get_text()

    fixture.unlink()
    without = tmp_path / "sans"
    result = mkdocs_build(project, without)
    assert result.returncode == 0, result.stdout + result.stderr
    assert soup_of(without, "observatoire/index.html").select("figure[data-comparaison]") == []
    assert not list((without / "observatoire" / "graphiques").glob("comparaison-*"))


def test_broken_data_stops_the_build_with_file_line_and_french_message(tmp_path):
    project = copy_site_project(tmp_path)
    shutil.copy(FIXTURES / "invalide" / "part-superieure-a-100.yml", project / "data" / "observatoire")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "data/observatoire/part-superieure-a-100.yml:19: part de 112 % impossible : une part est comprise entre 0 et 100" in output
    assert "Traceback" not in output


def test_unknown_indicator_in_a_page_stops_the_build(tmp_path):
    project = copy_site_project(tmp_path)
    (project / "docs" / "observatoire" / "essai.md").write_text(
        "---\nrender_macros: true\n---\n\n{{ graphique(\"barometre-2024/departement\") }}\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "indicateur inconnu « barometre-2024/departement »" in result.stdout + result.stderr
