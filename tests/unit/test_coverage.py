"""Coverage figures (macros/geo/coverage.py) against a synthetic project computed by hand.

Populations below are read from data/reference/communes.csv (INSEE municipal populations):

    97601 Acoua (Mayotte)          5 192
    97602 Bandraboua (Mayotte)    13 989   <- in two territories: counted once
    97603 Bandrele (Mayotte)      10 282
    75119 Paris 19e Arrondissement 178 691
    75120 Paris 20e Arrondissement 185 140
    75056 Paris (the whole city) 2 103 778 = the sum of its 20 arrondissements

Mayotte covered: 5 192 + 13 989 + 10 282 = 29 463; Paris covered: 178 691 + 185 140 = 363 831;
France covered: 29 463 + 363 831 = 393 294. Totals are summed here straight from the CSV file,
independently of the reference loader.
"""
from __future__ import annotations

import csv

import pytest

from macros.build.generated import full_text
import yaml

from macros.geo import coverage, coverage_pages
from macros.geo.coverage import AreaCoverage
from macros.catalogue import build_catalogue
from tests.conftest import ROOT, cpts_record, make_project

def record(slug, statut, region, dep, communes, precision="partiel", date="2026-11-23"):
    return cpts_record(slug, communes, statut=statut, region=region, dep=dep, precision=precision, date=date)


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("couverture"), {
        "cpts-a.yml": record("cpts-a", "aci-signe", "06", "976", ["97601", "97602"]),
        "cpts-b.yml": record("cpts-b", "projet-sante", "06", "976", ["97602", "97603"], date="2025-03-01"),
        "cpts-c.yml": record("cpts-c", "pre-projet", "06", "976", [], precision="inconnu"),
        "cpts-d.yml": record("cpts-d", "non-renseigne", "11", "75", ["75119", "75120"]),
    })
    (root / "overrides").symlink_to(ROOT / "overrides")  # the region page renders fragments
    catalogue, collector = build_catalogue(root)
    assert catalogue is not None, [str(e) for e in collector.errors]
    return catalogue


@pytest.fixture(scope="module")
def csv_rows():
    with (ROOT / "data" / "reference" / "communes.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def csv_total(rows, departements):
    """Population of the current communes of ``departements``, straight from the CSV."""
    return sum(int(r["population"] or 0) for r in rows if r["type"] == "commune" and r["departement"] in departements)


def csv_count(rows, departement, kind="commune"):
    return sum(1 for r in rows if r["type"] == kind and r["departement"] == departement)


def test_mayotte_counts_overlap_once(catalogue, csv_rows):
    mayotte = coverage.departement_coverage(catalogue)["976"]
    assert mayotte.cpts == ("cpts-a", "cpts-b", "cpts-c")
    assert dict(mayotte.cpts_par_statut) == {
        "pre-projet": 1, "lettre-intention": 0, "projet-sante": 1, "aci-signe": 1, "non-renseigne": 0}
    assert mayotte.population_couverte == 29_463
    assert mayotte.population_totale == csv_total(csv_rows, {"976"})
    assert mayotte.unites == csv_count(csv_rows, "976")
    assert mayotte.unites_couvertes == 3
    assert len(mayotte.non_couvertes) == mayotte.unites - 3
    assert {"97601", "97602", "97603"}.isdisjoint(mayotte.non_couvertes)
    assert mayotte.part == pytest.approx(29_463 / mayotte.population_totale)


def test_paris_is_counted_by_arrondissement(catalogue, csv_rows):
    paris = coverage.departement_coverage(catalogue)["75"]
    assert paris.nombre_cpts == 1 and paris.cpts_par_statut["non-renseigne"] == 1
    assert paris.population_couverte == 363_831
    assert paris.population_totale == 2_103_778 == csv_total(csv_rows, {"75"})
    assert paris.unites == 20 == csv_count(csv_rows, "75", "arrondissement")
    assert "75056" not in paris.non_couvertes and "75101" in paris.non_couvertes
    assert len(paris.non_couvertes) == 18


def test_regions_and_france(catalogue, csv_rows):
    regions = coverage.region_coverage(catalogue)
    assert regions["06"].population_couverte == 29_463 and regions["06"].nombre_cpts == 3
    assert regions["11"].population_couverte == 363_831 and regions["11"].cpts == ("cpts-d",)
    assert regions["84"].nombre_cpts == 0 and regions["84"].population_couverte == 0
    idf = yaml.safe_load((ROOT / "data" / "referentiels" / "departements.yml").read_text(encoding="utf-8"))
    idf_deps = {str(d["code"]) for d in idf if str(d["region"]) == "11"}
    assert regions["11"].population_totale == csv_total(csv_rows, idf_deps)
    france = coverage.national_coverage(catalogue)
    assert france.nombre_cpts == 4
    assert france.population_couverte == 393_294
    all_deps = {str(d["code"]) for d in idf}
    assert france.population_totale == csv_total(csv_rows, all_deps)
    assert france.unites_couvertes == 5


def test_every_departement_and_region_of_the_referential(catalogue):
    assert len(coverage.departement_coverage(catalogue)) == len(catalogue.reference.departements)
    names = [r.nom for r in coverage.region_coverage(catalogue).values()]
    assert names.index("Île-de-France") < names.index("La Réunion")  # French order, not code points


def test_figures_are_computed_once_per_catalogue(catalogue):
    assert coverage.departement_coverage(catalogue) is coverage.departement_coverage(catalogue)


def test_data_date_is_the_latest_record(catalogue):
    assert coverage.data_date(catalogue) == "2026-11-23"


def area(covered, total):
    return AreaCoverage("X", "X", (), {}, covered, total, 1, 0, ())


@pytest.mark.parametrize("covered, total, text", [
    (0, 100, "0,0 %"),
    (1, 10_000, "< 0,1 %"),
    (125, 1_000, "12,5 %"),
    (1, 1, "100,0 %"),
    (0, 0, "—"),
])
def test_share_text(covered, total, text):
    assert coverage_pages.share_text(area(covered, total)).replace("\u202f", " ") == text


@pytest.mark.parametrize("name, slug", [
    ("Provence-Alpes-Côte d'Azur", "provence-alpes-cote-d-azur"),
    ("Île-de-France", "ile-de-france"),
    ("La Réunion", "la-reunion"),
])
def test_region_page_slugs(name, slug):
    assert coverage_pages.slugify(name) == slug


def test_region_page_lists_uncovered_communes_once(catalogue):
    path, text = coverage_pages.region_page(catalogue, "06")
    text = full_text(text)
    assert path == "couverture/mayotte.md"
    assert "Acoua" not in text and "Bandrele" not in text
    assert text.count("<li>Dzaoudzi</li>") == 1
