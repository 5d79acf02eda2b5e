"""Reading spreadsheets: every common encoding and separator, header rows below titles, mapping files."""
from __future__ import annotations

import pytest

from macros.importer.columns import Mapping, find_header, recognise
from macros.importer.errors import ImportInputError
from macros.importer.tables import read_table

ROWS = [["Nom CPTS", "Commune", "dpt"], ["CPTS Fictive Cévennes", "Alès", "30"],
        ["CPTS Fictive Cévennes", "Saint-Christol-lez-Alès", "30"]]


@pytest.mark.parametrize("encoding, shown", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8 (avec BOM)"), ("cp1252", "cp1252")])
@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_csv_encodings_and_separators(tmp_path, encoding, shown, separator):
    path = tmp_path / "liste.csv"
    path.write_bytes("\r\n".join(separator.join(r) for r in ROWS).encode(encoding))
    table = read_table(path)
    assert [cells for _, cells in table.rows] == ROWS
    assert f"encodage {shown}" in table.description


def test_latin1_bytes_undefined_in_cp1252_still_read(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes("Nom CPTS;Commune\nCPTS Fictive;Alès\x81\n".encode("latin-1"))
    assert read_table(path).rows[1][1] == ["CPTS Fictive", "Alès\x81"]


def test_rows_keep_spreadsheet_numbers_across_multiline_cells(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text('Nom CPTS;Communes\nA;"Alès\nAnduze"\n\nB;Uzès\n', encoding="utf-8")
    assert [(n, cells[0]) for n, cells in read_table(path).rows] == [(1, "Nom CPTS"), (2, "A"), (4, "B")]


@pytest.mark.parametrize("header, role", [
    ("NOM CPTS", "nom_cpts"), ("Territoire CPTS", "nom_cpts"), (" Nom  de la CPTS ", "nom_cpts"),
    ("Commune", "commune"),
    ("Dpt", "departement"), ("Département", "departement"), ("Code INSEE", "code_insee"), ("CODGEO", "code_insee"),
    ("N° FINESS", "finess"), ("État d'avancement", "statut"), ("Site Internet", "site_web"),
    ("Date signature ACI", "date_aci-signe"),
])
def test_headers_are_matched_loosely(header, role):
    assert recognise([header], Mapping()) == {role: 0}


def test_header_row_found_below_title_rows():
    rows = [(1, ["Liste des CPTS au 1er décembre"]), (2, [""]), (3, ["Nom CPTS", "Commune"]),
            (4, ["CPTS Fictive", "Alès"])]
    assert find_header(rows, Mapping(), "x.csv") == (2, {"nom_cpts": 0, "commune": 1})


def test_no_cpts_column_is_an_input_error():
    with pytest.raises(ImportInputError) as error:
        find_header([(1, ["Ville", "Population"])], Mapping(), "x.csv")
    assert error.value.where == "x.csv" and "aucune colonne reconnue" in error.value.message


def test_total_rows_and_missing_mapped_columns(empty_project, tmp_path):
    from tests.importer.conftest import run, snapshot

    listing = tmp_path / "liste.csv"
    listing.write_text("Nom CPTS;Commune;dpt\nCPTS Fictive Cévennes;Alès;30\nTOTAL;1;\nSous-total Gard;1;\n",
                       encoding="utf-8")
    assert run(empty_project, listing, "--ecrire") == 0
    assert sorted(snapshot(empty_project)) == ["cpts-fictive-cevennes.yml"]
    mapping = tmp_path / "correspondance.yml"
    mapping.write_text('colonnes:\n  commune: "Ville"\n', encoding="utf-8")
    assert run(empty_project, listing, "--correspondance", str(mapping)) == 2


@pytest.mark.parametrize("role, raw, attribute, expected", [
    ("taille", "T2", "taille", 2), ("taille", "Taille 3", "taille", 3), ("taille", "12", "taille", None),
    ("finess", "83 000 001 1", "finess", "830000011"), ("finess", "10000031", "finess", "010000031"),
    ("finess", "2B0000042", "finess", "2B0000042"), ("finess", "123", "finess", None),
    ("site_web", "www.cpts.example.org", "site_web", "https://www.cpts.example.org"),
    ("site_web", "http://cpts.example.org/", "site_web", "http://cpts.example.org/"),
    ("site_web", "en cours", "site_web", None),
    ("population", "45 230", "population", 45230), ("population", "environ 40 000", "population", None),
    ("date_aci-signe", "15/06/2021", "etapes", {"aci-signe": "2021-06-15"}),
    ("date_aci-signe", "06/2021", "etapes", {"aci-signe": "2021-06"}),
    ("date_aci-signe", "2021", "etapes", {"aci-signe": "2021"}),
    ("date_aci-signe", "bientôt", "etapes", {}),
])
def test_optional_columns(role, raw, attribute, expected):
    from macros.importer.listing import ListedCpts, _read_details

    cpts = ListedCpts("CPTS Fictive")
    _read_details(cpts, {role: raw}, Mapping(), 7)
    assert getattr(cpts, attribute) == expected
    assert bool(cpts.notes) is (expected in (None, {})), cpts.notes  # what is not read is reported, with its row
    assert all(note.startswith("ligne 7 : ") for note in cpts.notes)
