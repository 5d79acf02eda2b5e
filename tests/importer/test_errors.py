"""Unreadable or malformed listings: exit code 2, one French line saying where, never a traceback."""
from __future__ import annotations

import json

import pytest

from tests.importer.conftest import run_process, snapshot

CASES = {
    "vide.csv": (b"", "vide.csv: fichier vide"),
    "blancs.csv": (b"\n\n  \n", "blancs.csv: fichier vide"),
    "rapport.pdf": (b"%PDF-1.4 binary", ("rapport.pdf: type de fichier non pris en charge : importez un fichier "
                                         ".xlsx, .csv ou .geojson")),
    "ancien.xls": (b"\xd0\xcf\x11\xe0", ("ancien.xls: les fichiers « .xls » ne sont pas lus : enregistrez-le au "
                                        "format .xlsx ou .csv")),
    "binaire.csv": (b"PK\x03\x04\x00\x00garbage", "binaire.csv: fichier binaire : ce n'est pas un fichier CSV"),
    "colonnes.csv": ("Intitulé;Valeur\nA;1\n".encode(),
                     "colonnes.csv: aucune colonne reconnue (nom de la CPTS introuvable)"),
    "casse.xlsx": (b"PK\x03\x04 not really a zip", "casse.xlsx: classeur XLSX illisible (BadZipFile)"),
    "syntaxe.geojson": (b'{"type": "FeatureCollection",\n "features": [,]}', "syntaxe.geojson:2: JSON invalide"),
    "liste.geojson": (json.dumps([1, 2]).encode(), "liste.geojson: GeoJSON attendu : un objet « FeatureCollection »"),
    "sans-entite.geojson": (json.dumps({"type": "FeatureCollection", "features": []}).encode(),
                            "sans-entite.geojson: GeoJSON sans aucune entité"),
    "sans-nom.geojson": (json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": 3}, "geometry": None}]}).encode(),
        "sans-nom.geojson: entité 1: aucune propriété ne donne le nom de la CPTS (propriétés : id)"),
    "sans-contour.geojson": (json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"nom": "CPTS Fictive"},
         "geometry": {"type": "Point", "coordinates": [1, 2]}}]}).encode(),
        "sans-contour.geojson: entité 1: ni codes de communes ni contour (Polygon ou MultiPolygon)"),
    "lambert.geojson": (json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"nom": "CPTS Fictive"}, "geometry": {"type": "Polygon", "coordinates": [
            [[900000, 6200000], [910000, 6200000], [910000, 6210000], [900000, 6200000]]]}}]}).encode(),
        "lambert.geojson: entité 1: coordonnées qui ne sont pas des longitudes et latitudes (Lambert 93 ?)"),
    "contour-casse.geojson": (json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"nom": "CPTS Fictive"},
         "geometry": {"type": "Polygon", "coordinates": "x"}}]}).encode(),
        "contour-casse.geojson: entité 1: géométrie illisible"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_malformed_listing_exits_2_in_french(empty_project, tmp_path, name):
    content, message = CASES[name]
    listing = tmp_path / name
    listing.write_bytes(content)
    result = run_process(empty_project, listing, "--ecrire")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.startswith(message), result.stderr
    assert snapshot(empty_project) == {}


def test_missing_file_sheet_and_bad_mapping(empty_project, tmp_path):
    result = run_process(empty_project, tmp_path / "absent.csv")
    assert (result.returncode, "Traceback" in result.stderr) == (2, False)
    assert "absent.csv: fichier introuvable" in result.stderr
    listing = tmp_path / "liste.csv"
    listing.write_text("Nom CPTS;Commune\nCPTS Fictive;Brest\n", encoding="utf-8")
    result = run_process(empty_project, listing, "--feuille", "CPTS")
    assert result.returncode == 2 and "l'option --feuille ne s'applique qu'aux classeurs .xlsx" in result.stderr
    mapping = tmp_path / "correspondance.yml"
    mapping.write_text("colonnes: {nom: Structure}\n", encoding="utf-8")
    result = run_process(empty_project, listing, "--correspondance", str(mapping))
    assert result.returncode == 2
    assert "fichier de correspondance : colonne(s) inconnue(s) nom (possibles : nom_cpts" in result.stderr
    mapping.write_text("colonnes: [\n", encoding="utf-8")
    result = run_process(empty_project, listing, "--correspondance", str(mapping))
    assert result.returncode == 2 and "correspondance.yml:2: fichier de correspondance : YAML invalide" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_existing_record_stops_the_import(empty_project, tmp_path):
    (empty_project / "data" / "cpts" / "cpts-casse.yml").write_text("slug: cpts-casse\nnom: [\n", encoding="utf-8")
    listing = tmp_path / "liste.csv"
    listing.write_text("Nom CPTS;Commune\nCPTS Fictive;Brest\n", encoding="utf-8")
    result = run_process(empty_project, listing)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("data/cpts/cpts-casse.yml:")
    assert "corrigez-la (make validate) avant d'importer" in result.stderr


def test_french_help_and_usage_errors(empty_project):
    result = run_process(empty_project, "--help")  # type: ignore[arg-type]
    assert result.returncode == 0
    assert "utilisation : python -m macros.importer" in result.stdout and "--ecrire" in result.stdout
    assert "Codes de sortie" in result.stdout


def test_bad_date_and_unwritable_report(empty_project, tmp_path):
    listing = tmp_path / "liste.csv"
    listing.write_text("Nom CPTS;Commune;Code postal\nCPTS Fictive;La Garde;38520\n", encoding="utf-8")
    result = run_process(empty_project, listing, "--date", "2026-13-45")
    assert result.returncode == 2 and "--date « 2026-13-45 » : écrivez une date qui existe" in result.stderr
    result = run_process(empty_project, listing, "--rapport", str(tmp_path / "absent" / "rapport.csv"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "rapport.csv: écriture impossible (dossier introuvable)" in result.stderr
