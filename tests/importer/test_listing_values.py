"""Cells as ARS listings write them: what is read, and what is refused with a note naming the row.

Values are SYNTHETIC (invented CPTS names, example.org-style addresses); nothing here is a real
person or a real CPTS.
"""
from __future__ import annotations

import pytest

from macros.core.reference import load_reference
from macros.importer.columns import Mapping, recognise
from macros.importer.communes import CommuneIndex
from macros.importer.listing import ListedCpts, _read_details, read_listing, status_slug
from macros.importer.tables import Table, cell_text
from tests.conftest import ROOT


def details(role: str, raw: str) -> ListedCpts:
    cpts = ListedCpts("CPTS Fictive")
    _read_details(cpts, {role: raw}, Mapping(), 7)
    return cpts


@pytest.mark.parametrize("raw", [
    "Pas d'ACI", "Sans ACI", "ACI : non", "Hors ACI", "Non signataire de l'ACI", "ACI en attente",
    "ACI en négociation", "En attente de signature", "Signature prévue en 2025", "Projet de santé refusé",
    "Projet de santé non validé", "Lettre d'intention non déposée",
])
def test_negated_or_pending_status_is_not_a_step_reached(raw):
    cpts = details("statut", raw)
    assert cpts.statut is None
    assert cpts.notes and cpts.notes[0].startswith(f"ligne 7 : statut « {raw} » non reconnu"), cpts.notes


@pytest.mark.parametrize("raw, slug", [
    ("ACI signé", "aci-signe"), ("ACI non signé", "projet-sante"), ("ACI en cours", "projet-sante"),
    ("Projet de santé validé", "projet-sante"), ("Lettre d'intention", "lettre-intention"),
    ("pré-projet", "pre-projet"), ("Non renseigné", "non-renseigne"), ("Signé", "aci-signe"),
])
def test_statuses_still_recognised(raw, slug):
    assert status_slug(raw, Mapping()) == slug


@pytest.mark.parametrize("raw, expected", [
    ("contact@cpts-fictive.example.org", None), ("mailto:contact@cpts-fictive.example.org", None),
    ("N.C.", None), ("NC", None), ("-", None), ("néant", None), ("non communiqué", None), ("à venir", None),
    ("http//www.cpts-fictive.example.org", None), ("https://http://cpts-fictive.example.org", None),
    ("HTTPS://WWW.CPTS-FICTIVE.EXAMPLE.ORG", "https://www.cpts-fictive.example.org"),
    ("Http://cpts-fictive.example.org/Accueil", "http://cpts-fictive.example.org/Accueil"),
    ("www.cpts-fictive.example.org", "https://www.cpts-fictive.example.org"),
])
def test_website_refuses_what_is_not_an_address(raw, expected):
    cpts = details("site_web", raw)
    assert cpts.site_web == expected
    assert bool(cpts.notes) is (expected is None), cpts.notes
    assert all(note.startswith(f"ligne 7 : site internet « {raw} »") for note in cpts.notes)


@pytest.mark.parametrize("cell, expected", [
    (45123.6, 45124), (45123.0, 45123), (45123, 45123), ("45 123", 45123), ("45\u202f123", 45123),
    ("1.234.567", 1234567), ("1,234,567", 1234567), ("12.345", 12345), ("45 123,6", 45124),
])
def test_population_keeps_its_magnitude(cell, expected):
    assert details("population", cell_text(cell)).population == expected


@pytest.mark.parametrize("raw, expected, note", [
    ("31/02/2023", {}, "ligne 7 : date « 31/02/2023 » n'existe pas"),
    ("2023-02-31", {}, "ligne 7 : date « 2023-02-31 » n'existe pas"),
    ("44997", {"aci-signe": "2023-03-12"}, None),  # an Excel day number typed or pasted as text
    ("12/03/23", {"aci-signe": "2023-03-12"}, None),
    ("mars 2023", {"aci-signe": "2023-03"}, None),
])
def test_dates_checked_and_serial_numbers_converted(raw, expected, note):
    cpts = details("date_aci-signe", raw)
    assert cpts.etapes == expected
    assert (cpts.notes[0].startswith(note) if note else not cpts.notes), cpts.notes


def test_invalid_optional_date_keeps_the_record(empty_project, tmp_path, capsys):
    from tests.importer.conftest import record, run

    listing = tmp_path / "dates.csv"
    listing.write_text("Nom de la CPTS;Code INSEE;Statut;Date signature ACI\n"
                       "CPTS Fictive Dates;01289;ACI signé;31/02/2023\n", encoding="utf-8")
    assert run(empty_project, listing, "--ecrire") == 0
    data = record(empty_project, "cpts-fictive-dates")
    assert data["statut"] == "aci-signe" and "etapes" not in data
    assert "ligne 2 : date « 31/02/2023 » n'existe pas" in capsys.readouterr().out


@pytest.fixture(scope="module")
def index() -> CommuneIndex:
    return CommuneIndex.build(load_reference(ROOT))


@pytest.mark.parametrize("typed, code", [
    ("Ain (01)", "01"), ("01 Ain", "01"), ("Ain - 01", "01"), ("Val-d'Oise (95)", "95"), ("Guadeloupe (971)", "971"),
    ("Réunion", "974"), ("La Réunion", "974"), ("1.0", "01"), ("2A", "2A"), ("06 - Alpes-Maritimes", "06"),
    ("Ain (07)", None), ("Gascogne", None),
])
def test_departement_written_with_its_name(index, typed, code):
    assert index.departement(typed) == code


def test_unknown_departement_of_a_cpts_is_reported_with_its_row(empty_project, tmp_path, capsys):
    from tests.importer.conftest import record, run

    listing = tmp_path / "dep.csv"
    listing.write_text("Nom de la CPTS;Département\nCPTS Fictive Une;Ain (01)\nCPTS Fictive Deux;Gascogne\n",
                       encoding="utf-8")
    assert run(empty_project, listing, "--ecrire") == 0
    assert record(empty_project, "cpts-fictive-une")["departements"] == ["01"]
    assert "ligne 3 : département « Gascogne » non reconnu" in capsys.readouterr().out


def test_codes_stored_as_numbers_get_their_zero_back(empty_project, tmp_path):
    import openpyxl

    from tests.importer.conftest import record, run

    book = openpyxl.Workbook()
    book.active.append(["Nom de la CPTS", "Commune", "Code postal"])
    book.active.append(["CPTS Fictive de la Côtière", "Balan", 1360])  # 01360 Balan, not 08200 Balan
    book.active.append(["CPTS Fictive de la Côtière", "Bressolles", 1360])
    book.save(tmp_path / "cp.xlsx")
    assert run(empty_project, tmp_path / "cp.xlsx", "--ecrire") == 0
    assert record(empty_project, "cpts-fictive-de-la-cotiere")["territoire"]["communes"] == ["01027", "01062"]
    listing = tmp_path / "pandas.csv"  # a pandas export writes codes read as numbers with « .0 »
    listing.write_text("Nom de la CPTS;Code INSEE;Dpt\nCPTS Fictive;1053.0;1.0\nCPTS Fictive;01289.0;1.0\n",
                       encoding="utf-8")
    assert run(empty_project, listing, "--ecrire") == 0
    assert record(empty_project, "cpts-fictive")["territoire"]["communes"] == ["01053", "01289"]


def table(*rows: list) -> Table:
    return Table([(n, [str(c) for c in cells]) for n, cells in enumerate(rows, start=1)], None, "test")


def test_footer_section_and_footnote_rows_are_not_cpts():
    listing = read_listing(table(
        ["Nom de la CPTS", "Dpt", "Commune", "Population"],
        ["Département de l'Ain", "", "", ""],
        ["CPTS Fictive Burgienne", "01", "Bourg-en-Bresse", "45000"],
        ["CPTS Fictive Sans Donnée", "", "", ""],  # a CPTS with nothing else known is still a CPTS
        ["Totaux", "", "", "45000"],
        ["Nombre de CPTS : 2", "", "", ""],
        ["Source : ARS, décembre 2023", "", "", ""],
        ["(1) Statut au 31/12/2023", "", "", ""],
        ["* données provisoires", "", "", ""],
    ), Mapping(), "liste.xlsx")
    assert [c.nom for c in listing.cpts] == ["CPTS Fictive Burgienne", "CPTS Fictive Sans Donnée"]
    assert ("lignes laissées de côté (titre, total, source ou renvoi) : ligne 2 « Département de l'Ain », "
            "ligne 5 « Totaux », ligne 6 « Nombre de CPTS : 2 », ligne 7 « Source : ARS, décembre 2023 », "
            "ligne 8 « (1) Statut au 31/12/2023 », ligne 9 « * données provisoires »") in listing.notes


def test_person_name_column_is_never_the_cpts_name():
    headers = ["Nom", "Prénom", "Fonction", "CPTS", "Commune", "Dpt", "Courriel", "Téléphone"]
    assert recognise(headers, Mapping())["nom_cpts"] == 3
    assert "nom_cpts" not in recognise(["Nom", "Prénom", "Commune"], Mapping())
    assert recognise(["Nom", "Commune"], Mapping())["nom_cpts"] == 0  # a listing of CPTS only


@pytest.mark.parametrize("header, role", [
    ("Statut ACI", "statut"), ("Statut (1)", "statut"), ("Statut de la CPTS", "statut"),
    ("Département(s)", "departement"), ("Départe-\nment", "departement"), ("Commune siège", "commune_siege"),
    ("NOM DE LA\nCPTS", "nom_cpts"), ("Date de signature\nde l'ACI", "date_aci-signe"),
])
def test_common_ars_headers(header, role):
    assert recognise([header], Mapping()) == {role: 0}


def test_columns_not_read_are_listed():
    listing = read_listing(table(["CPTS", "Nom", "Prénom", "Commune", "Courriel", ""],
                                 ["CPTS Fictive Burgienne", "X", "Y", "Viriat", "x@example.org", ""]),
                           Mapping(), "liste.xlsx")
    assert ("colonnes ignorées : « Nom », « Prénom », « Courriel » ; utilisez --correspondance pour les lire"
            in listing.notes)


def test_seat_commune_sets_the_seat(empty_project, tmp_path):
    from tests.importer.conftest import record, run

    listing = tmp_path / "siege.csv"
    listing.write_text("Nom de la CPTS;Département;Commune siège\nCPTS Fictive du Val;Ain;Balan\n",
                       encoding="utf-8")
    assert run(empty_project, listing, "--ecrire") == 0
    data = record(empty_project, "cpts-fictive-du-val")
    assert (data["siege"], data["departements"], data["territoire"]["precision"]) == ("01027", ["01"], "inconnu")


def test_geojson_feature_without_geometry_is_read_without_territory(empty_project, tmp_path, capsys):
    from tests.importer.conftest import record, run
    from tests.importer.synthetic_listings import feature, squares_around, write_geojson

    listing = write_geojson(tmp_path / "contours.geojson", [
        feature("CPTS Fictive Rade Est", squares_around(["83062"])),
        feature("CPTS Fictive à Dessiner", None, statut="Lettre d'intention"),
    ])
    assert run(empty_project, listing, "--ecrire") == 0
    later = record(empty_project, "cpts-fictive-a-dessiner")
    assert (later["statut"], later["territoire"]["precision"]) == ("lettre-intention", "inconnu")
    out = capsys.readouterr().out
    assert "entité 2 : ni codes de communes ni contour (« geometry » vide) : territoire inconnu" in out
