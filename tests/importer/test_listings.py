"""Each shape of listing gives exactly the expected records, and the written files validate."""
from __future__ import annotations

import pytest
import yaml

from macros.catalogue import build_catalogue
from tests.importer.conftest import DATE, FIXTURES, record, run, snapshot
from tests.importer.synthetic_listings import feature, squares_around, write_geojson, write_xlsx


def imported(source: dict) -> list[dict]:
    return [{"import": source}]


def assert_valid(root):
    catalogue, collector = build_catalogue(root)
    assert catalogue is not None, collector.report()
    return catalogue


def test_csv_cp1252_one_row_per_commune(empty_project):
    assert run(empty_project, FIXTURES / "liste-cp1252.csv", "--ecrire") == 0
    assert sorted(snapshot(empty_project)) == [
        "cpts-fictive-des-monts-du-forez.yml", "cpts-fictive-du-littoral-varois.yml", "cpts-fictive-nice-collines.yml"]
    source = {"fichier": "liste-cp1252.csv", "lignes": "2-5", "date": DATE}
    assert record(empty_project, "cpts-fictive-du-littoral-varois") == {
        "slug": "cpts-fictive-du-littoral-varois", "nom": "CPTS Fictive du Littoral Varois", "statut": "aci-signe",
        "etapes": {"aci-signe": "2021-06-15"}, "taille": 2, "region": "93", "departements": ["83"],
        "finess": "830000011",
        "territoire": {"precision": "exact", "communes": ["83034", "83047", "83062", "83098"], "epci": [],
                       "departements": [], "note": "Communes de la liste importée « liste-cp1252.csv »."},
        "contacts": {"site_web": "https://www.cpts-fictive-littoral.example.org"},
        "sources": imported(source), "mise_a_jour": DATE,
    }
    forez = record(empty_project, "cpts-fictive-des-monts-du-forez")
    assert forez["statut"] == "projet-sante" and forez["region"] == "84"
    assert forez["territoire"]["communes"] == ["42218", "42275", "42330"]
    nice = record(empty_project, "cpts-fictive-nice-collines")
    assert (nice["statut"], nice["departements"]) == ("lettre-intention", ["06"])
    assert nice["territoire"]["communes"] == ["06088"]
    assert nice["sources"] == imported({"fichier": "liste-cp1252.csv", "lignes": "9", "date": DATE})
    assert_valid(empty_project)


def test_csv_one_row_per_cpts(empty_project):
    assert run(empty_project, FIXTURES / "liste-par-cpts.csv", "--ecrire") == 0
    expected = {
        "cpts-fictive-marseille-nord": ("pre-projet", ["13213", "13214", "13215"], ["13"]),
        "cpts-fictive-du-bugey": ("lettre-intention", ["01015", "01034"], ["01"]),
        "cpts-fictive-du-biterrois": ("non-renseigne", ["34032", "34298", "34299"], ["34"]),
    }
    assert sorted(snapshot(empty_project)) == sorted(f"{s}.yml" for s in expected)
    for slug, (statut, communes, deps) in expected.items():
        data = record(empty_project, slug)
        assert (data["statut"], data["territoire"]["communes"], data["departements"]) == (statut, communes, deps), slug
        assert data["territoire"]["precision"] == "exact"
    assert record(empty_project, "cpts-fictive-du-biterrois")["sources"] == imported(
        {"fichier": "liste-par-cpts.csv", "lignes": "4", "date": DATE})
    assert_valid(empty_project)


def test_xlsx_sheet_title_rows_merged_cells(empty_project, tmp_path):
    workbook = write_xlsx(tmp_path / "liste-ars.xlsx")
    assert run(empty_project, workbook, "--ecrire") == 2  # the first sheet is a notes sheet: nothing recognised
    assert snapshot(empty_project) == {}
    assert run(empty_project, workbook, "--feuille", "CPTS", "--ecrire") == 0
    source = {"fichier": "liste-ars.xlsx", "feuille": "CPTS", "lignes": "4-6", "date": DATE}
    assert record(empty_project, "cpts-fictive-de-balagne-haute") == {
        "slug": "cpts-fictive-de-balagne-haute", "nom": "CPTS Fictive de Balagne Haute", "statut": "projet-sante",
        "etapes": {"projet-sante": "2022-03-01"}, "region": "94", "departements": ["2B"], "finess": "2B0000042",
        "territoire": {"precision": "exact", "communes": ["2B049", "2B050", "2B150"], "epci": [], "departements": [],
                       "note": "Communes de la liste importée « liste-ars.xlsx »."},
        "population": {"valeur": 15000, "date": DATE, "source": {"import": source}},
        "sources": imported(source), "mise_a_jour": DATE,
    }
    rade = record(empty_project, "cpts-fictive-rade-ouest")
    assert (rade["statut"], rade["finess"], rade["territoire"]["communes"]) == ("aci-signe", "830000029", ["83129"])
    # A FINESS and an INSEE code stored as numbers lost their leading zero in the spreadsheet.
    plateau = record(empty_project, "cpts-fictive-plateau-de-hauteville")
    assert (plateau["finess"], plateau["territoire"]["communes"]) == ("010000031", ["01185"])
    assert_valid(empty_project)


def test_geojson_with_commune_codes_or_names(empty_project, tmp_path):
    listing = write_geojson(tmp_path / "cpts.geojson", [
        feature("CPTS Fictive Brest Rade", None, codes_insee=["29019", "29075"], statut="ACI signé"),
        feature("CPTS Fictive Cornouaille", None, communes="Quimper", dep="29"),
    ])
    assert run(empty_project, listing, "--ecrire") == 0
    brest = record(empty_project, "cpts-fictive-brest-rade")
    assert (brest["statut"], brest["region"]) == ("aci-signe", "53")
    assert brest["territoire"]["communes"] == ["29019", "29075"]
    assert brest["sources"] == imported({"fichier": "cpts.geojson", "lignes": "1", "date": DATE})
    assert record(empty_project, "cpts-fictive-cornouaille")["territoire"]["communes"] == ["29232"]
    assert_valid(empty_project)


def test_geojson_polygons_use_commune_points_and_report_shared_ones(empty_project, tmp_path, capsys):
    listing = write_geojson(tmp_path / "contours.geojson", [
        feature("CPTS Fictive Rade Est", squares_around(["83062", "83098", "83034"])),
        feature("CPTS Fictive Rade Nord", squares_around(["83047", "83062"])),
    ])
    assert run(empty_project, listing, "--ecrire") == 1  # La Garde is in both contours: a person decides
    out = capsys.readouterr().out
    assert ("le point de La Garde (83062) est dans « CPTS Fictive Rade Est » (entité 1) "
            "et « CPTS Fictive Rade Nord » (entité 2)") in out
    assert snapshot(empty_project) == {}
    assert run(empty_project, listing, "--ecrire", "--ignorer-non-trouvees") == 0
    est, nord = record(empty_project, "cpts-fictive-rade-est"), record(empty_project, "cpts-fictive-rade-nord")
    assert est["territoire"]["communes"] == ["83034", "83098"] and nord["territoire"]["communes"] == ["83047"]
    assert est["territoire"]["precision"] == "partiel"
    assert_valid(empty_project)


def test_mapping_file_names_columns_and_statuses(empty_project, tmp_path):
    listing = tmp_path / "maison.csv"
    listing.write_text("Structure\tVille\tN° dép.\tOù en est-on\nCPTS Fictive Tarn Sud\tCastres\t81\tPhase 3\n",
                       encoding="utf-8")
    assert run(empty_project, listing) == 2  # « Structure » is not a known header
    mapping = tmp_path / "correspondance.yml"
    columns = {"nom_cpts": "Structure", "departement": "N° dép.", "statut": "Où en est-on"}
    text = yaml.safe_dump({"colonnes": columns, "statuts": {"Phase 3": "projet-sante"}}, allow_unicode=True)
    mapping.write_text(text, encoding="utf-8")
    assert run(empty_project, listing, "--correspondance", str(mapping), "--ecrire") == 0
    data = record(empty_project, "cpts-fictive-tarn-sud")
    assert (data["statut"], data["territoire"]["communes"]) == ("projet-sante", ["81065"])


@pytest.mark.parametrize("flag, code, written", [([], 1, False), (["--ignorer-non-trouvees"], 0, True)])
def test_unmatched_rows_block_writing_unless_ignored(empty_project, tmp_path, capsys, flag, code, written):
    listing = tmp_path / "liste.csv"
    listing.write_text("Nom CPTS;Commune;dpt\nCPTS Fictive Gard Rhodanien;Beaucaire;30\n"
                       "CPTS Fictive Gard Rhodanien;Saint-Denis;\n", encoding="utf-8")
    assert run(empty_project, listing, "--ecrire", *flag) == code
    out = capsys.readouterr().out
    # Not matched, but the Saint-Denis of the Gard, where the CPTS's other commune is, comes first.
    assert ("« Saint-Denis » — plusieurs communes portent ce nom : indiquez le département ; candidates : "
            "Saint-Denis (30, 30247), Saint-Denis (11, 11339), Saint-Denis (93, 93066)") in out
    assert bool(snapshot(empty_project)) is written
    if written:
        data = record(empty_project, "cpts-fictive-gard-rhodanien")
        assert data["territoire"]["precision"] == "partiel" and data["territoire"]["communes"] == ["30032"]
        assert_valid(empty_project)


def test_dry_run_writes_nothing_and_csv_report_lists_every_match(empty_project, tmp_path):
    report = tmp_path / "rapport.csv"
    assert run(empty_project, FIXTURES / "liste-par-cpts.csv", "--rapport", str(report)) == 0
    assert snapshot(empty_project) == {}
    rows = report.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("type;cpts;fiche;ligne;commune_saisie")
    assert sum(r.startswith("creation;") for r in rows) == 3
    assert sum(r.startswith("commune;") for r in rows) == 8
    assert any("Arbignieu" in r and "01015" in r and "ancienne commune" in r for r in rows)
    assert any("BÃ©ziers" in r and "34032" in r and "encodage réparé" in r for r in rows)


def test_finess_extraction_category_604(empty_project):
    assert run(empty_project, FIXTURES / "finess-extraction.csv", "--ecrire") == 0
    assert sorted(snapshot(empty_project)) == ["cpts-fictive-de-la-rade.yml", "cpts-fictive-du-nord-reunionnais.yml"]
    assert record(empty_project, "cpts-fictive-de-la-rade") == {
        "slug": "cpts-fictive-de-la-rade", "nom": "CPTS FICTIVE DE LA RADE", "statut": "non-renseigne", "region": "93",
        "departements": ["83"], "siege": "83062", "finess": "830000037",
        "territoire": {"precision": "inconnu", "communes": [], "epci": [], "departements": [],
                       "note": "La liste importée « finess-extraction.csv » ne donne pas les communes de cette CPTS."},
        "sources": imported({"fichier": "finess-extraction.csv", "lignes": "2", "date": DATE}), "mise_a_jour": DATE,
    }
    reunion = record(empty_project, "cpts-fictive-du-nord-reunionnais")
    assert (reunion["siege"], reunion["departements"], reunion["region"]) == ("97411", ["974"], "04")
    assert_valid(empty_project)


def test_finess_then_listing_fill_one_record(empty_project, tmp_path):
    assert run(empty_project, FIXTURES / "finess-extraction.csv", "--ecrire") == 0
    listing = tmp_path / "liste.csv"
    listing.write_text("Nom CPTS;Commune;dpt;Statut\nCPTS Fictive de la Rade;La Garde;83;ACI signé\n"
                       "CPTS Fictive de la Rade;Le Pradet;83;ACI signé\n", encoding="utf-8")
    assert run(empty_project, listing, "--ecrire") == 0
    assert len(snapshot(empty_project)) == 2
    rade = record(empty_project, "cpts-fictive-de-la-rade")
    assert (rade["finess"], rade["siege"], rade["statut"]) == ("830000037", "83062", "aci-signe")
    assert rade["territoire"]["communes"] == ["83062", "83098"] and rade["territoire"]["precision"] == "exact"
    assert [s["import"]["fichier"] for s in rade["sources"]] == ["finess-extraction.csv", "liste.csv"]
    assert_valid(empty_project)


def test_record_the_schema_refuses_is_not_written(empty_project, tmp_path, capsys):
    listing = tmp_path / "liste.csv"
    listing.write_text("Nom CPTS;Commune;dpt;Statut\nCPTS Fictive Tarn Nord;Albi;81;Phase 3\n", encoding="utf-8")
    mapping = tmp_path / "correspondance.yml"
    mapping.write_text('statuts:\n  "Phase 3": phase-trois\n', encoding="utf-8")
    assert run(empty_project, listing, "--correspondance", str(mapping), "--ecrire") == 0
    assert snapshot(empty_project) == {}
    out = capsys.readouterr().out
    assert "CPTS laissées de côté : 1" in out
    assert "! fiche non écrite : statut « phase-trois » inconnu(e) (valeurs possibles : pre-projet" in out


def test_postal_code_column_tells_homonyms_apart(empty_project, tmp_path):
    listing = tmp_path / "liste.csv"
    listing.write_text("Nom CPTS;Commune;Code postal\nCPTS Fictive Matheysine;LA GARDE;38520\n", encoding="utf-8")
    assert run(empty_project, listing, "--ecrire") == 0
    assert record(empty_project, "cpts-fictive-matheysine")["territoire"]["communes"] == ["38177"]


def test_geojson_communes_cut_by_a_contour_are_reported(empty_project, tmp_path, capsys):
    from tests.importer.synthetic_listings import contour_of

    listing = write_geojson(tmp_path / "contours.geojson", [
        feature("CPTS Fictive Rade Est", contour_of(["83062", "83098"], cut=("83034", "ouest"), keep="83047")),
    ])
    assert run(empty_project, listing, "--ecrire") == 0
    # Given by their points: La Garde and Le Pradet (whole), La Crau (its point, a sliver of its surface).
    assert record(empty_project, "cpts-fictive-rade-est")["territoire"]["communes"] == ["83047", "83062", "83098"]
    out = capsys.readouterr().out
    assert "entité 1 : La Crau (83047) gardée (son point est dans le contour) alors que" in out
    assert "entité 1 : Carqueiranne (83034) non attribuée (son point est hors du contour) alors que" in out
    assert "La Garde (83062) gardée" not in out and "Le Pradet (83098) gardée" not in out
