"""Broken CPTS files: each gives exactly the expected French messages, with file and line."""
import subprocess
import sys

import pytest

from macros.catalogue import build_catalogue
from tests.conftest import ROOT, VALID_CPTS, make_project


def errors_for(tmp_path, files):
    catalogue, collector = build_catalogue(make_project(tmp_path, files))
    return catalogue, [str(p) for p in sorted(set(collector.errors))], [str(p) for p in sorted(set(collector.warnings))]


def valid(slug="cpts-test"):
    return VALID_CPTS.format(slug=slug)


def test_valid_record_loads(tmp_path):
    catalogue, errors, warnings = errors_for(tmp_path, {"cpts-test.yml": valid()})
    assert errors == [] and warnings == []
    entry = catalogue.cpts["cpts-test"]
    assert entry.communes == ("46042",)
    assert entry.population_calculee > 0


CASES = [
    ("unknown field", valid().replace("taille: 2", "taile: 2"),
     ["data/cpts/cpts-test.yml:6: champ inconnu « taile » : vouliez-vous écrire « taille » ?"]),
    ("wrong type", valid().replace("taille: 2", "taille: deux"),
     ["data/cpts/cpts-test.yml:6: « taille » doit être un nombre entier (valeur lue : « deux »)"]),
    ("out of range", valid().replace("taille: 2", "taille: 5"),
     ["data/cpts/cpts-test.yml:6: « taille » doit être inférieur ou égal à 4 (valeur lue : 5)"]),
    ("missing field", valid().replace("nom: CPTS de test cpts-test\n", ""),
     ["data/cpts/cpts-test.yml:1: champ obligatoire « nom » manquant"]),
    ("unknown status", valid().replace("statut: aci-signe", "statut: en-cours"),
     ["data/cpts/cpts-test.yml:3: statut « en-cours » inconnu(e) (valeurs possibles : pre-projet, lettre-intention, projet-sante, aci-signe, non-renseigne)"]),
    ("unknown mission", valid().replace("missions: [prevention]", "missions: [prevention, vaccination]"),
     ["data/cpts/cpts-test.yml:14: mission « vaccination » inconnu(e) (valeurs possibles : acces-medecin-traitant, soins-non-programmes, parcours, prevention, crises-sanitaires, qualite-pertinence, accompagnement-professionnels, lien-ville-hopital, organisation-cpts)"]),
    ("unknown département", valid().replace('departements: ["46"]', 'departements: ["46", "99"]'),
     ["data/cpts/cpts-test.yml:8: département « 99 » inconnu (code INSEE du département, ex. 46, 2B, 974)"]),
    ("malformed département", valid().replace('departements: ["46"]', 'departements: ["46", "4"]'),
     ["data/cpts/cpts-test.yml:8: « departements » : « 4 » n'a pas le format attendu (code INSEE de département, ex. 46, 2B, 974)"]),
    ("region without its départements", valid().replace('region: "76"', 'region: "53"'),
     ["data/cpts/cpts-test.yml:7: la région « 53 » (Bretagne) ne contient aucun des départements indiqués"]),
    ("unknown INSEE code", valid().replace('communes: ["46042"]', 'communes: ["46042", "46999"]'),
     ["data/cpts/cpts-test.yml:12: code INSEE « 46999 » inconnu : aucune commune actuelle ne porte ce code"]),
    ("former commune", valid().replace('communes: ["46042"]', 'communes: ["46042", "46014"]'),
     ["data/cpts/cpts-test.yml:12: « 46014 » (Bagat-en-Quercy) n'est plus une commune : utilisez le code de la commune actuelle « 46263 » (Barguelonne-en-Quercy)"]),
    ("unknown EPCI", valid().replace('communes: ["46042"]', 'communes: ["46042"]\n  epci: ["123456789"]'),
     ["data/cpts/cpts-test.yml:13: EPCI « 123456789 » inconnu (SIREN de communauté de communes, d'agglomération, urbaine ou de métropole)"]),
    ("bad date", valid().replace('aci-signe: "2021-06"', 'aci-signe: "2021-02-30"'),
     ["data/cpts/cpts-test.yml:5: « aci-signe » : « 2021-02-30 » n'est pas une date qui existe"]),
    ("slug differs from file", valid(slug="cpts-autre"),
     ["data/cpts/cpts-test.yml:1: le slug « cpts-autre » doit être égal au nom du fichier « cpts-test » (renommez l'un ou l'autre)"]),
    ("unknown source document", valid().replace("document: tour-de-france-2023", "document: rapport-inconnu"),
     ["data/cpts/cpts-test.yml:16: document source « rapport-inconnu » inconnu(e) (valeurs possibles : barometre-occitanie-2024, guichet-occitanie-2022, tour-de-france-2023, agora-lib-2026, generalisation-cpts-2023)"]),
    ("lines beyond the document", valid().replace('lignes: "136"', 'lignes: "9000-9010"'),
     ["data/cpts/cpts-test.yml:17: « lignes » : « 9000-9010 » dépasse la fin du document « tour-de-france-2023 », qui compte 2229 lignes"]),
    ("territory without note", valid().replace("  note: Territoire de test.\n", ""),
     ["data/cpts/cpts-test.yml:10: « territoire » : territoire « partiel » : expliquez dans « note » d'où il vient"]),
    ("unsafe URL", valid() + "contacts:\n  site_web: \"javascript:alert(1)\"\n",
     ["data/cpts/cpts-test.yml:20: « site_web » : « javascript:alert(1) » n'est pas une adresse web acceptée : seules http:// et https:// le sont"]),
    ("personal mobile number", valid() + "contacts:\n  telephone: 06 12 34 56 78\n",
     ["data/cpts/cpts-test.yml:20: « telephone » : numéro de portable refusé : ne publiez que le numéro de la structure, jamais un numéro personnel"]),
    ("list instead of mapping", "- nom: x\n",
     ["data/cpts/cpts-test.yml:1: le fichier doit contenir des champs « nom: valeur », pas une liste ni un texte seul"]),
]


@pytest.mark.parametrize("label, content, expected", [c for c in CASES if c[2] is not None], ids=[c[0] for c in CASES if c[2] is not None])
def test_broken_record_message(tmp_path, label, content, expected):
    catalogue, errors, _ = errors_for(tmp_path, {"cpts-test.yml": content})
    assert catalogue is None
    assert errors == expected


def test_all_errors_of_all_files_at_once(tmp_path):
    files = {
        "cpts-a.yml": valid("cpts-a").replace("taille: 2", "taille: 9").replace("statut: aci-signe", "statut: x"),
        "cpts-b.yml": "nom: a\nnom: b\n",
        "cpts-c.yaml": valid("cpts-c"),
        "cpts-d.yml": valid("cpts-d"),
    }
    catalogue, errors, _ = errors_for(tmp_path, files)
    assert catalogue is None
    assert errors == [
        "data/cpts/cpts-a.yml:3: statut « x » inconnu(e) (valeurs possibles : pre-projet, lettre-intention, projet-sante, aci-signe, non-renseigne)",
        "data/cpts/cpts-a.yml:6: « taille » doit être inférieur ou égal à 4 (valeur lue : 9)",
        "data/cpts/cpts-b.yml:2: champ « nom » en double (déjà défini ligne 1)",
        "data/cpts/cpts-c.yaml: seuls les fichiers « .yml » sont lus dans ce dossier : renommez le fichier en « .yml »",
    ]


def test_overlap_is_a_warning_not_an_error(tmp_path):
    catalogue, errors, warnings = errors_for(tmp_path, {"cpts-a.yml": valid("cpts-a"), "cpts-b.yml": valid("cpts-b")})
    assert errors == [] and catalogue is not None
    assert warnings == [
        "data/cpts/cpts-a.yml: 1 commune(s) aussi dans le territoire d'une autre CPTS : 46042",
        "data/cpts/cpts-b.yml: 1 commune(s) aussi dans le territoire d'une autre CPTS : 46042",
    ]


def test_paris_expands_to_arrondissements(tmp_path):
    text = valid().replace('region: "76"', 'region: "11"').replace('departements: ["46"]', 'departements: ["75"]') \
        .replace('siege: "46042"', 'siege: "75119"').replace('communes: ["46042"]', 'communes: ["75056"]')
    catalogue, errors, _ = errors_for(tmp_path, {"cpts-test.yml": text})
    assert errors == []
    assert len(catalogue.cpts["cpts-test"].communes) == 20 and "75119" in catalogue.cpts["cpts-test"].communes


def test_validate_command_exit_codes(tmp_path):
    bad = make_project(tmp_path / "bad", {"cpts-test.yml": valid().replace("taille: 2", "taille: 5")})
    result = subprocess.run([sys.executable, "-m", "macros.validate", str(bad)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert "data/cpts/cpts-test.yml:6: « taille » doit être inférieur ou égal à 4" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    good = make_project(tmp_path / "good", {"cpts-test.yml": valid()})
    result = subprocess.run([sys.executable, "-m", "macros.validate", str(good)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Données valides : 1 CPTS" in result.stdout


def test_bundled_data_is_valid():
    catalogue, collector = build_catalogue(ROOT)
    assert collector.errors == []
    assert len(catalogue.cpts) == len(list((ROOT / "data" / "cpts").glob("*.yml")))


def test_a_code_read_as_a_number_is_quoted_as_typed(tmp_path):
    """Staff-edit probing: « 01053 » is octal for YAML; the message showed 555, not what was typed.
    A number written with a leading zero is now kept as the text typed (core.yamlio)."""
    from macros.catalogue import build_catalogue
    from tests.conftest import cpts_record, make_project

    text = cpts_record("cpts-test", ["46042"]).replace('region: "76"', "region: 076")
    assert "region: 076" in text
    root = make_project(tmp_path, {"cpts-test.yml": text})
    _, collector = build_catalogue(root)
    messages = [str(e) for e in collector.errors]
    assert any(m.startswith("data/cpts/cpts-test.yml:4: région « 076 » inconnu(e)") for m in messages), messages
    assert not any("62" in m.split("(")[0] for m in messages), "076 lu en octal (62)"


@pytest.mark.parametrize("line, expected", [
    ("taille: yes", "data/cpts/cpts-test.yml:6: « taille » doit être un nombre entier (valeur lue : « yes »)"),
    ("taille: on", "data/cpts/cpts-test.yml:6: « taille » doit être un nombre entier (valeur lue : « on »)"),
    ("taille: True", "data/cpts/cpts-test.yml:6: « taille » : « True » n'est pas un nombre (YAML y lit oui/non)"),
    ("taille: 02", "data/cpts/cpts-test.yml:6: « taille » : « 02 » commence par un zéro : écrivez le nombre sans zéro en tête (2)"),
    ('taille: "2"', "data/cpts/cpts-test.yml:6: « taille » : « 2 » est écrit comme un texte : écrivez le nombre sans guillemets"),
])
def test_a_number_field_refuses_booleans_and_leading_zeros(tmp_path, line, expected):
    """Staff-edit probing: « taille: yes » published « Taille 1 » (YAML 1.1 reads yes as true, and
    pydantic true as 1); « 012345 » was read in octal."""
    catalogue, errors, _ = errors_for(tmp_path, {"cpts-test.yml": valid().replace("taille: 2", line)})
    assert catalogue is None
    assert errors == [expected]


def test_a_population_with_a_leading_zero_is_not_read_in_octal(tmp_path):
    text = valid() + 'population: {valeur: 012345, date: "2020", source: {url: "https://exemple.fr/a"}}\n'
    catalogue, errors, _ = errors_for(tmp_path, {"cpts-test.yml": text})
    assert errors == ["data/cpts/cpts-test.yml:19: « valeur » : « 012345 » commence par un zéro : "
                      "écrivez le nombre sans zéro en tête (12345)"]


@pytest.mark.parametrize("old, new, expected", [
    ('departements: ["46"]', 'departements: ["46", "46"]',
     "data/cpts/cpts-test.yml:8: « 46 » apparaît deux fois dans « departements » : supprimez l'une des deux"),
    ("missions: [prevention]", "missions: [prevention, prevention]",
     "data/cpts/cpts-test.yml:14: « prevention » apparaît deux fois dans « missions » : supprimez l'une des deux"),
    ("missions: [prevention]", "missions: [prevention]\nautres_noms:\n  - CPTS du Lot\n  - CPTS Lot\n  - CPTS du Lot",
     "data/cpts/cpts-test.yml:18: « CPTS du Lot » apparaît deux fois dans « autres_noms » : supprimez l'une des deux"),
    ('communes: ["46042"]', 'communes:\n    - "46042"\n    - "46042"',
     "data/cpts/cpts-test.yml:14: « 46042 » apparaît deux fois dans « communes » : supprimez l'une des deux"),
])
def test_a_repeated_entry_is_refused_at_its_line(tmp_path, old, new, expected):
    """Staff-edit probing: « departements: ["46", "46"] » published « Lot (46), Lot (46) »; repeated
    missions and other names were published twice too."""
    catalogue, errors, _ = errors_for(tmp_path, {"cpts-test.yml": valid().replace(old, new)})
    assert catalogue is None
    assert errors == [expected]


@pytest.mark.parametrize("old, new, expected", [
    ("statut: aci-signe", "statut: non\u2011renseigne",
     "data/cpts/cpts-test.yml:3: « statut » : « non\u2011renseigne » contient un trait d'union insécable (U+2011) après "
     "« non », au lieu du tiret « - » du clavier : retapez-le"),
    ('aci-signe: "2021-06"', 'aci-signe: "2021\u201306"',
     "data/cpts/cpts-test.yml:5: « aci-signe » : « 2021\u201306 » contient un tiret demi-cadratin (U+2013) après « 2021 », "
     "au lieu du tiret « - » du clavier : retapez-le"),
    ("missions: [prevention]", "missions: [pre\u200bvention]",
     "data/cpts/cpts-test.yml:14: « missions » : « pre\u200bvention » contient une espace de largeur nulle, invisible "
     "(U+200B) après « pre » : supprimez-la"),
    ("missions: [prevention]", "missions: [prevention]\nremarques:\n  - “Source : rapport”",
     "data/cpts/cpts-test.yml:16: « remarques » doit être un texte : les guillemets typographiques (“) ne délimitent pas "
     "un texte pour YAML : entourez la valeur de guillemets droits \"…\""),
    ("missions: [prevention]", "missions: [prevention]\ncontacts:\n  site_web: https://exemple.fr/mon document.pdf",
     "data/cpts/cpts-test.yml:16: « site_web » : « https://exemple.fr/mon document.pdf » contient une espace, qu'une "
     "adresse web ne peut pas contenir telle quelle : écrivez-la %20 à la place"),
])
def test_a_misleading_message_now_names_the_real_fault(tmp_path, old, new, expected):
    """Staff-edit probing: a status typed with a non-breaking hyphen was « inconnu » (it looks the
    same), Word's quotes were told to « mettre entre guillemets », an address with a space was
    told that only http:// and https:// are accepted."""
    catalogue, errors, _ = errors_for(tmp_path, {"cpts-test.yml": valid().replace(old, new)})
    assert catalogue is None
    assert errors == [expected]


def test_an_editor_backup_is_not_to_be_renamed(tmp_path):
    """Staff-edit probing: « cpts-balagne.yml~ » was told to be renamed to .yml, which would have
    published the record twice."""
    catalogue, errors, _ = errors_for(tmp_path, {"cpts-test.yml": valid(), "cpts-test.yml~": valid(), "cpts-seule.yml.bak": valid("cpts-seule")})
    assert catalogue is None
    assert errors == [
        "data/cpts/cpts-seule.yml.bak: « cpts-seule.yml.bak » ressemble à une copie de sauvegarde laissée par un éditeur : "
        "supprimez-la, ou renommez-la « cpts-seule.yml » si c'est la seule version de la fiche",
        "data/cpts/cpts-test.yml~: « cpts-test.yml~ » ressemble à une copie de sauvegarde de « cpts-test.yml » laissée par "
        "un éditeur : supprimez-la (renommée en « .yml », elle publierait la fiche en double)",
    ]
