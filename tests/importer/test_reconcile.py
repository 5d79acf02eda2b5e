"""Importing over existing records: no duplicate, hand-written fields kept, re-import changes nothing."""
from __future__ import annotations

from macros.importer.reconcile import cpts_key, row_ranges
from macros.catalogue import build_catalogue
from tests.conftest import cpts_record, make_project
from tests.importer.conftest import DATE, FIXTURES, main, record, run, snapshot

HAND_WRITTEN = ("nom", "autres_noms", "presentation", "missions", "gouvernance", "remarques", "contacts", "region")


def write_listing(tmp_path, text: str, name: str = "liste-ars.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def modification_times(root) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (root / "data" / "cpts").glob("*.yml")}


def test_second_import_changes_no_byte(empty_project, tmp_path):
    for listing in ("liste-cp1252.csv", "liste-par-cpts.csv"):
        assert run(empty_project, FIXTURES / listing, "--ecrire") == 0
    first = snapshot(empty_project)
    mtimes = modification_times(empty_project)
    for listing in ("liste-cp1252.csv", "liste-par-cpts.csv"):  # another day: the date must not creep in
        assert main([str(FIXTURES / listing), "--racine", str(empty_project), "--date", "2027-01-15", "--ecrire"]) == 0
    assert snapshot(empty_project) == first
    assert modification_times(empty_project) == mtimes  # not even rewritten


def test_existing_record_is_updated_not_duplicated_and_keeps_hand_written_fields(project, tmp_path, capsys):
    before = record(project, "cpts-paris-19")
    listing = write_listing(tmp_path, "Nom CPTS;Commune;dpt;Statut;FINESS;Date signature ACI\n"
                                      "CPTS PARIS 19EME;Paris 19e;75;ACI signé;750000019;01/02/2024\n")
    assert run(project, listing, "--ecrire") == 0
    assert not (project / "data" / "cpts" / "cpts-paris-19ème.yml").exists()
    assert len(snapshot(project)) == 46
    after = record(project, "cpts-paris-19")
    for key in HAND_WRITTEN + ("gouvernance",):
        assert after.get(key) == before.get(key), key
    assert after["statut"] == "aci-signe" and after["finess"] == "750000019"
    assert after["etapes"] == {"aci-signe": "2024-02-01"}
    # The approximation (the name) gives way to the communes the listing gives.
    assert after["territoire"] == {"precision": "exact", "communes": ["75119"], "epci": [], "departements": [],
                                   "note": "Communes de la liste importée « liste-ars.csv »."}
    listing_source = {"import": {"fichier": "liste-ars.csv", "lignes": "2", "date": DATE}}
    assert after["sources"] == [*before["sources"], listing_source]
    assert after["mise_a_jour"] == DATE
    out = capsys.readouterr().out
    changed = "FINESS, statut, étape aci-signe, territoire, sources"
    assert f"data/cpts/cpts-paris-19.yml « CPTS PARIS 19EME » — {changed}" in out
    catalogue, collector = build_catalogue(project)
    assert catalogue is not None, collector.report()


def test_same_finess_finds_a_renamed_record(project, tmp_path):
    first = write_listing(tmp_path, "Nom CPTS;Commune;dpt;FINESS\nCPTS Paris 19e;Paris 19e;75;750000019\n")
    assert run(project, first, "--ecrire") == 0
    renamed = write_listing(tmp_path, "Nom CPTS;Commune;dpt;FINESS\nCPTS Nord-Est Parisien;Paris 19e;75;750000019\n",
                            "v2.csv")
    assert run(project, renamed, "--ecrire") == 0
    assert len(snapshot(project)) == 46
    assert record(project, "cpts-paris-19")["nom"] == "CPTS Paris 19ème"  # the name is hand-written: kept


def test_contradictions_are_reported_not_written(tmp_path, capsys):
    # A record whose statut and exact territory come from a written source (synthetic, tests only).
    quercy = cpts_record("cpts-fictive-quercy", ["46042"], precision="exact")
    root = make_project(tmp_path, {"cpts-fictive-quercy.yml": quercy})
    before = (root / "data" / "cpts" / "cpts-fictive-quercy.yml").read_bytes()
    listing = write_listing(tmp_path, "Nom CPTS;Commune;dpt;Statut\n"
                                      "CPTS de test cpts-fictive-quercy;Figeac;46;pré-projet\n")
    assert run(root, listing, "--ecrire") == 0
    # Nothing brought: no change at all, not even the listing cited.
    assert (root / "data" / "cpts" / "cpts-fictive-quercy.yml").read_bytes() == before
    out = capsys.readouterr().out
    assert "statut : la liste donne « pre-projet », la fiche « aci-signe », plus avancé (fiche gardée)" in out
    assert ("territoire : la liste donne 1 commune(s), différentes de celles de la fiche (précision « exact ») : "
            "fiche gardée") in out
    assert "CPTS inchangées : 1" in out


def test_two_spellings_of_one_record_update_it_once(project, tmp_path, capsys):
    listing = write_listing(tmp_path, "Nom CPTS;Commune;dpt\nCPTS Paris 19e;Paris 19e;75\n"
                                      "CPTS Paris 19ème;Paris 19e;75\n")
    assert run(project, listing) == 0
    out = capsys.readouterr().out
    assert "CPTS à mettre à jour : 1\n  data/cpts/cpts-paris-19.yml « CPTS Paris 19e »" in out
    assert "! même fiche (cpts-paris-19) que « CPTS Paris 19e », plus haut dans la liste : rien n'est fait" in out
    assert "CPTS à créer : 0" in out


def test_name_keys_and_row_ranges():
    assert cpts_key("CPTS du Pays de Redon") == cpts_key("Communauté Professionnelle Territoriale de Santé Pays Redon")
    assert cpts_key("CPTS Paris 19ème") == cpts_key("CPTS PARIS 19E") == "paris 19"
    assert row_ranges([9, 2, 3, 4, 12, 13]) == "2-4, 9, 12-13"


def test_two_spellings_of_a_new_cpts_create_one_record(empty_project, tmp_path, capsys):
    listing = write_listing(tmp_path, "Nom CPTS;Commune;dpt\nCPTS Fictive Paris 20e;Paris 20e;75\n"
                                      "CPTS FICTIVE PARIS 20EME;Paris 20e;75\n")
    assert run(empty_project, listing, "--ecrire") == 0
    assert sorted(snapshot(empty_project)) == ["cpts-fictive-paris-20e.yml"]
    out = capsys.readouterr().out
    assert "! même fiche (cpts-fictive-paris-20e) que « CPTS Fictive Paris 20e », plus haut dans la liste" in out


def test_rich_record_keeps_every_hand_written_field(project, tmp_path, capsys):
    before = record(project, "cpts-pays-de-redon")
    listing = write_listing(tmp_path, "Nom CPTS;Commune;dpt;Statut;Taille;Population;Site internet\n"
                                      "CPTS Pays de Redon;REDON;35;ACI signé;2;90000;www.cpts-redon.example.org\n")
    assert run(project, listing, "--ecrire") == 0
    after = record(project, "cpts-pays-de-redon")
    for key in ("nom", "autres_noms", "presentation", "missions", "gouvernance", "remarques", "population",
                "professionnels", "taille", "departements", "region"):
        assert after[key] == before[key], key
    assert after["statut"] == "aci-signe"
    assert after["contacts"] == {"site_web": "https://www.cpts-redon.example.org"}
    assert after["territoire"]["precision"] == "exact" and after["territoire"]["communes"] == ["35236"]
    out = capsys.readouterr().out
    assert "taille : la liste donne « 2 », la fiche « 3 » (fiche gardée)" in out
    catalogue, collector = build_catalogue(project)
    assert catalogue is not None, collector.report()


def test_contacts_already_set_are_kept(tmp_path, capsys):
    contacts = "contacts:\n  site_web: https://cpts-causses.example.org\n  email: contact@cpts-causses.example.org\n"
    text = cpts_record("cpts-fictive-causses", ["46042"]).replace("missions:", contacts + "missions:")
    root = make_project(tmp_path, {"cpts-fictive-causses.yml": text})
    before = (root / "data" / "cpts" / "cpts-fictive-causses.yml").read_bytes()
    listing = write_listing(tmp_path, "Nom CPTS;dpt;Site web\n"
                                      "CPTS de test cpts-fictive-causses;46;https://autre.example.org\n")
    assert run(root, listing, "--ecrire") == 0
    assert (root / "data" / "cpts" / "cpts-fictive-causses.yml").read_bytes() == before
    assert ("site internet : la liste donne « https://autre.example.org », "
            "la fiche « https://cpts-causses.example.org » (fiche gardée)") in capsys.readouterr().out
