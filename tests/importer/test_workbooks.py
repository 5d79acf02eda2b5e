"""Workbooks as ARS send them: merged cells, blank cells, formulas, hidden sheets and rows, zip bombs.

Every workbook here is SYNTHETIC, built by the test in its temporary folder: invented CPTS names
(« CPTS Fictive … ») over real communes of the Ain, so that matching runs on the real reference.
"""
from __future__ import annotations

import openpyxl

from tests.importer.conftest import record, run, snapshot

HEADER = ["Nom de la CPTS", "Dpt", "Commune"]


def _save(book: openpyxl.Workbook, path):
    book.save(path)
    return path


def test_blank_cpts_cell_is_a_commune_without_cpts(empty_project, tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Code INSEE", "Commune", "Dpt", "CPTS"])
    sheet.append(["01053", "Bourg-en-Bresse", "01", "CPTS Fictive Burgienne"])
    sheet.append(["01289", "Péronnas", "01", "CPTS Fictive Burgienne"])
    sheet.append(["01451", "Viriat", "01", None])  # a commune no CPTS covers: not the row above's
    sheet.append(["01027", "Balan", "01", None])
    sheet.append(["01062", "Bressolles", "01", "CPTS Fictive Côtière"])
    listing = _save(book, tmp_path / "communes.xlsx")
    assert run(empty_project, listing, "--ecrire") == 0
    assert record(empty_project, "cpts-fictive-burgienne")["territoire"]["communes"] == ["01053", "01289"]
    assert record(empty_project, "cpts-fictive-cotiere")["territoire"]["communes"] == ["01062"]
    out = capsys.readouterr().out
    assert "lignes 4-5 : commune sans CPTS (case du nom de la CPTS vide) : laissées de côté" in out


def test_merged_cells_carry_the_name_and_the_departement_down(empty_project, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Nom de la CPTS", "Département", "Commune"])
    sheet.append(["CPTS Fictive de la Côtière", "01", "Montluel"])
    sheet.append([None, None, "Balan"])  # Balan and Bressolles have homonyms elsewhere: the merged
    sheet.append([None, None, "Bressolles"])  # département cell tells them apart on every row
    sheet.merge_cells("A2:A4")
    sheet.merge_cells("B2:B4")
    listing = _save(book, tmp_path / "fusion.xlsx")
    assert run(empty_project, listing, "--ecrire") == 0
    assert record(empty_project, "cpts-fictive-de-la-cotiere")["territoire"]["communes"] == [
        "01027", "01062", "01262"]


def test_formula_without_saved_value_is_reported_with_its_row(empty_project, tmp_path, capsys):
    book = openpyxl.Workbook()  # openpyxl saves formulas without their value, as a script would
    sheet = book.active
    sheet.append(["Nom de la CPTS", "Dpt", "Commune", "Libellé court"])
    sheet.append(["CPTS Fictive Burgienne", "01", "Bourg-en-Bresse", "Burgienne"])
    sheet.append(['="CPTS Fictive "&D3', "01", "Viriat", "Viriatine"])
    listing = _save(book, tmp_path / "formules.xlsx")
    assert run(empty_project, listing, "--ecrire") == 0
    assert sorted(snapshot(empty_project)) == ["cpts-fictive-burgienne.yml"]
    assert record(empty_project, "cpts-fictive-burgienne")["territoire"]["communes"] == ["01053"]
    out = capsys.readouterr().out
    assert ("ligne 3, colonne A : formule sans valeur enregistrée : ouvrez et enregistrez le fichier dans "
            "Excel / LibreOffice") in out


def test_hidden_sheet_is_skipped_and_the_sheet_read_is_named(empty_project, tmp_path, capsys):
    book = openpyxl.Workbook()
    old = book.active
    old.title, old.sheet_state = "Ancienne liste", "hidden"
    old.append(HEADER)
    old.append(["CPTS Fictive Dissoute", "01", "Viriat"])
    empty = book.create_sheet("Vide")
    assert empty.max_row == 1
    current = book.create_sheet("Liste 2023")
    current.append(HEADER)
    current.append(["CPTS Fictive Burgienne", "01", "Bourg-en-Bresse"])
    other = book.create_sheet("Ardèche")
    other.append(HEADER)
    other.append(["CPTS Fictive Privadoise", "07", "Privas"])
    book.active = 2
    listing = _save(book, tmp_path / "feuilles.xlsx")
    assert run(empty_project, listing, "--ecrire") == 0
    assert sorted(snapshot(empty_project)) == ["cpts-fictive-burgienne.yml"]
    assert record(empty_project, "cpts-fictive-burgienne")["sources"][0]["import"]["feuille"] == "Liste 2023"
    out = capsys.readouterr().out
    assert ("feuille lue : « Liste 2023 » ; autres feuilles : « Ancienne liste » (masquée), « Vide » (vide), "
            "« Ardèche » : choisissez-en une avec --feuille") in out


def test_hidden_rows_are_skipped_and_counted(empty_project, tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER + ["Statut"])
    sheet.append(["CPTS Fictive Burgienne", "01", "Bourg-en-Bresse", "ACI signé"])
    sheet.append(["CPTS Fictive Fusionnée", "01", "Viriat", "Dissoute"])
    sheet.row_dimensions[3].hidden = True  # filtered out by the ARS: not to be published
    listing = _save(book, tmp_path / "filtre.xlsx")
    assert run(empty_project, listing, "--ecrire") == 0
    assert sorted(snapshot(empty_project)) == ["cpts-fictive-burgienne.yml"]
    assert "1 ligne masquée (filtre) laissée de côté : ligne 3" in capsys.readouterr().out


def test_uncompressed_size_is_checked_before_opening(empty_project, tmp_path, monkeypatch, capsys):
    from macros.importer import tables

    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append(["CPTS Fictive Burgienne", "01", "Bourg-en-Bresse"])
    listing = _save(book, tmp_path / "bombe.xlsx")
    monkeypatch.setattr(tables, "MAX_UNCOMPRESSED_BYTES", 1000)  # any real workbook is above 1 kB unzipped
    assert run(empty_project, listing, "--ecrire") == 2
    assert "bombe.xlsx: classeur trop volumineux une fois décompressé" in capsys.readouterr().err
    assert snapshot(empty_project) == {}


def test_two_row_header_with_a_group_label(empty_project, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "Liste SYNTHÉTIQUE des CPTS"
    sheet["A3"] = "Nom de la CPTS"
    sheet.merge_cells("A3:A4")
    sheet["B3"] = "Territoire"  # a group label over three columns
    sheet.merge_cells("B3:D3")
    sheet["B4"], sheet["C4"], sheet["D4"] = "Département", "Commune", "Code INSEE"
    sheet["E3"] = "Statut"
    sheet.merge_cells("E3:E4")
    sheet.append(["CPTS Fictive Burgienne", "01", "Bourg-en-Bresse", "01053", "ACI signé"])
    sheet.append(["CPTS Fictive Burgienne", "01", "Péronnas", "01289", "ACI signé"])
    listing = _save(book, tmp_path / "entetes.xlsx")
    assert run(empty_project, listing, "--ecrire") == 0
    assert sorted(snapshot(empty_project)) == ["cpts-fictive-burgienne.yml"]
    data = record(empty_project, "cpts-fictive-burgienne")
    assert (data["statut"], data["territoire"]["communes"]) == ("aci-signe", ["01053", "01289"])
