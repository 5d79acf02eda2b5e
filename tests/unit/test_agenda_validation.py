"""Broken agenda, news and toolkit files: each gives exactly the expected French messages, with file and line."""
from __future__ import annotations

import pytest

from macros.catalogue import build_catalogue
from tests.conftest import VALID_CPTS, make_project
from tests.unit.test_actions_validation import VALID_ACTION

# Minimal valid records (synthetic, for tests only), naming the synthetic CPTS « cpts-test » and action « action-test ».
VALID_EVENT = """\
slug: evenement-test
titre: Journée de test
resume: Une journée de test.
debut: "2026-06-11"
fin: "2026-06-12"
lieu: Agen
cpts: [cpts-test]
actions: [action-test]
programme:
  - date: "2026-06-11"
    debut: "09:00"
    fin: "10:00"
    format: Atelier
    titre: Atelier de test
    cpts: [cpts-test]
documents: [agora-lib-2026]
sources:
  - {document: agora-lib-2026, lignes: "17-154"}
mise_a_jour: "2026-11-23"
"""

VALID_NEWS = """\
slug: actualite-test
titre: Actualité de test
date: "2023-06-28"
resume: Un résumé.
texte: Un texte.
documents: [tour-de-france-2023]
evenements: [evenement-test]
cpts: [cpts-test]
actions: [action-test]
sources:
  - {document: tour-de-france-2023, lignes: "3-13"}
mise_a_jour: "2026-11-23"
"""

VALID_TOOL = """\
slug: outil-test
titre: Ressource de test
description: Une ressource.
categorie: formations
publics: [equipes-cpts]
auteur: Un organisme
acces: Auprès de l'organisme.
sources:
  - {document: tour-de-france-2023, lignes: "431"}
mise_a_jour: "2026-11-23"
"""

FOLDERS = {"evenements": ("evenement-test.yml", VALID_EVENT), "actualites": ("actualite-test.yml", VALID_NEWS),
           "outils": ("outil-test.yml", VALID_TOOL)}


def load(tmp_path, **texts: str):
    """A synthetic project: CPTS « cpts-test », action « action-test », and the valid records unless replaced."""
    root = make_project(tmp_path, {"cpts-test.yml": VALID_CPTS.format(slug="cpts-test")})
    (root / "data" / "actions").mkdir()
    (root / "data" / "actions" / "action-test.yml").write_text(VALID_ACTION.format(slug="action-test"), encoding="utf-8")
    for folder, (name, text) in FOLDERS.items():
        (root / "data" / folder).mkdir()
        (root / "data" / folder / name).write_text(texts.get(folder, text), encoding="utf-8")
    catalogue, collector = build_catalogue(root)
    return catalogue, [str(p) for p in sorted(set(collector.errors))]


def test_valid_records_load(tmp_path):
    catalogue, errors = load(tmp_path)
    assert errors == []
    event = catalogue.features["evenements"]["evenement-test"].record
    assert event.statut == "confirme" and event.programme[0].debut == "09:00"
    assert catalogue.features["actualites"]["actualite-test"].record.evenements == ["evenement-test"]
    assert catalogue.features["outils"]["outil-test"].record.publics == ["equipes-cpts"]


E, A, O = "data/evenements/evenement-test.yml", "data/actualites/actualite-test.yml", "data/outils/outil-test.yml"
EVENT_CASES = [
    ("end before start", VALID_EVENT.replace('fin: "2026-06-12"', 'fin: "2026-06-10"'),
     [f"{E}:5: la date de fin « 2026-06-10 » précède la date de début « 2026-06-11 » : corrigez l'une ou l'autre"]),
    ("month before the start month", VALID_EVENT.replace('debut: "2026-06-11"\nfin: "2026-06-12"', 'debut: "2026-06"\nfin: "2026-05"'),
     [f"{E}:5: la date de fin « 2026-05 » précède la date de début « 2026-06 » : corrigez l'une ou l'autre"]),
    ("impossible date", VALID_EVENT.replace('fin: "2026-06-12"', 'fin: "2026-02-30"'),
     [f"{E}:5: « fin » : « 2026-02-30 » n'est pas une date qui existe"]),
    ("programme day outside the event", VALID_EVENT.replace('  - date: "2026-06-11"', '  - date: "2026-06-13"'),
     [f"{E}:10: le 13 juin 2026 n'est pas un jour de l'événement (du 11 juin 2026 au 12 juin 2026)"]),
    ("programme day not a full date", VALID_EVENT.replace('  - date: "2026-06-11"', '  - date: "2026-06"'),
     [f"{E}:10: « date » : « 2026-06 » : écrivez la date complète du jour, AAAA-MM-JJ"]),
    ("hour end before start", VALID_EVENT.replace('fin: "10:00"', 'fin: "08:30"'),
     [f"{E}:12: l'heure de fin « 08:30 » précède l'heure de début « 09:00 »"]),
    ("hour written as a number", VALID_EVENT.replace('fin: "10:00"', "fin: 10"),
     [f"{E}:12: « fin » : « 10 » n'est pas une heure : écrivez HH:MM entre guillemets (ex. \"09:30\")"]),
    ("hour written 9h30", VALID_EVENT.replace('debut: "09:00"', 'debut: "9h30"'),
     [f"{E}:11: « debut » : « 9h30 » n'est pas une heure : écrivez HH:MM entre guillemets (ex. \"09:30\")"]),
    ("unknown CPTS and action", VALID_EVENT.replace("cpts: [cpts-test]\nactions: [action-test]", "cpts: [cpts-tset]\nactions: [action-tset]"),
     [f"{E}:7: CPTS « cpts-tset » inconnue : aucune fiche data/cpts/cpts-tset.yml publiée : vouliez-vous écrire « cpts-test » ?",
      f"{E}:8: Fiche action « action-tset » inconnue : aucune fiche data/actions/action-tset.yml : vouliez-vous écrire « action-test » ?"]),
    ("unknown CPTS in the programme", VALID_EVENT.replace("    cpts: [cpts-test]", "    cpts: [cpts-inconnue]"),
     [f"{E}:15: CPTS « cpts-inconnue » inconnue : aucune fiche data/cpts/cpts-inconnue.yml publiée (slug d'un fichier de data/cpts/)"]),
    ("unknown document", VALID_EVENT.replace("documents: [agora-lib-2026]", "documents: [agora-2026]"),
     [(f"{E}:16: document source « agora-2026 » inconnu(e) (valeurs possibles : barometre-occitanie-2024, guichet-occitanie-2022, "
       "tour-de-france-2023, agora-lib-2026, generalisation-cpts-2023)")]),
    ("unknown status", VALID_EVENT.replace("lieu: Agen", "lieu: Agen\nstatut: reporte"),
     [f"{E}:7: « statut » : valeur « reporte » inconnue (valeurs possibles : confirme, envisage, annule)"]),
    ("reserved slug", VALID_EVENT.replace("slug: evenement-test", "slug: agenda"), None),
    ("unknown field", VALID_EVENT.replace("lieu: Agen", "ville: Agen"),
     [f"{E}:6: champ inconnu « ville » (champs possibles : actions, cpts, debut, description, documents, fin, inscription, lieu, "
      "mise_a_jour, organisateurs, programme, remarques, resume, site_web, slug, sources, statut, titre)"]),
    ("source beyond the end of the document", VALID_EVENT.replace('lignes: "17-154"', 'lignes: "17-9999"'),
     [f"{E}:18: « lignes » : « 17-9999 » dépasse la fin du document « agora-lib-2026 », qui compte 4620 lignes"]),
]


@pytest.mark.parametrize("case, text, expected", EVENT_CASES, ids=[c[0] for c in EVENT_CASES])
def test_broken_event(tmp_path, case, text, expected):
    if expected is None:  # the slug must also be the file name: write it under its own name
        root = make_project(tmp_path, {"cpts-test.yml": VALID_CPTS.format(slug="cpts-test")})
        (root / "data" / "actions").mkdir()
        (root / "data" / "actions" / "action-test.yml").write_text(VALID_ACTION.format(slug="action-test"), encoding="utf-8")
        (root / "data" / "evenements").mkdir()
        (root / "data" / "evenements" / "agenda.yml").write_text(text, encoding="utf-8")
        _, collector = build_catalogue(root)
        assert [str(p) for p in collector.errors] == [
            "data/evenements/agenda.yml:1: le slug « agenda » est réservé aux pages de l'agenda : choisissez-en un autre"]
        return
    catalogue, errors = load(tmp_path, evenements=text)
    assert catalogue is None and errors == expected


NEWS_CASES = [
    ("unknown event", VALID_NEWS.replace("evenements: [evenement-test]", "evenements: [evenement-tets]"),
     [f"{A}:7: Événement « evenement-tets » inconnu : aucune fiche data/evenements/evenement-tets.yml : vouliez-vous écrire « evenement-test » ?"]),
    ("date written the French way", VALID_NEWS.replace('date: "2023-06-28"', "date: 28/06/2023"),
     [f"{A}:3: « date » : « 28/06/2023 » n'est pas une date : écrivez AAAA, AAAA-MM ou AAAA-MM-JJ"]),
    ("no source", VALID_NEWS.replace('sources:\n  - {document: tour-de-france-2023, lignes: "3-13"}\n', "sources: []\n"),
     [f"{A}:10: « sources » : indiquez au moins 1 élément(s)"]),
    ("javascript link", VALID_NEWS + 'liens:\n  - {titre: Piège, url: "javascript:alert(1)"}\n',
     [f"{A}:14: « url » : « javascript:alert(1) » n'est pas une adresse web acceptée : seules http:// et https:// le sont"]),
    ("empty text", VALID_NEWS.replace("texte: Un texte.", 'texte: ""'),
     [f"{A}:5: « texte » ne doit pas être vide"]),
]


@pytest.mark.parametrize("case, text, expected", NEWS_CASES, ids=[c[0] for c in NEWS_CASES])
def test_broken_news(tmp_path, case, text, expected):
    catalogue, errors = load(tmp_path, actualites=text)
    assert catalogue is None and errors == expected


TOOL_CASES = [
    ("nowhere to find it", VALID_TOOL.replace("acces: Auprès de l'organisme.\n", ""),
     [(f"{O}:2: indiquez où trouver cette ressource : « url » (si une source la donne), « document » "
       "(un document source du portail) ou « acces » (à qui la demander)")]),
    ("unknown category", VALID_TOOL.replace("categorie: formations", "categorie: formation"),
     [(f"{O}:4: catégorie « formation » inconnu(e) (valeurs possibles : etudes-et-rapports, methodes-et-guides, formations, "
       "accompagnement, ressources-thematiques)")]),
    ("unknown public", VALID_TOOL.replace("publics: [equipes-cpts]", "publics: [coordinateurs]"),
     [(f"{O}:5: public « coordinateurs » inconnu(e) (valeurs possibles : porteurs-de-projet, equipes-cpts, gouvernance-cpts, "
       "professionnels-de-sante, institutions-et-partenaires, patients-et-aidants)")]),
    ("no public", VALID_TOOL.replace("publics: [equipes-cpts]", "publics: []"),
     [f"{O}:5: « publics » : indiquez au moins 1 élément(s)"]),
    ("file address", VALID_TOOL.replace("acces: Auprès de l'organisme.", 'url: "file:///etc/passwd"'),
     [f"{O}:7: « url » : « file:///etc/passwd » n'est pas une adresse web acceptée : seules http:// et https:// le sont"]),
]


@pytest.mark.parametrize("case, text, expected", TOOL_CASES, ids=[c[0] for c in TOOL_CASES])
def test_broken_tool(tmp_path, case, text, expected):
    catalogue, errors = load(tmp_path, outils=text)
    assert catalogue is None and errors == expected


def test_every_error_of_every_type_at_once(tmp_path):
    """Three broken files: every message is reported in one run, sorted by file and line."""
    catalogue, errors = load(
        tmp_path,
        evenements=VALID_EVENT.replace('fin: "2026-06-12"', 'fin: "2026-06-10"'),
        actualites=VALID_NEWS.replace("cpts: [cpts-test]", "cpts: [cpts-x]"),
        outils=VALID_TOOL.replace("categorie: formations", "categorie: x"))
    assert catalogue is None
    assert [e.split(":")[0] for e in errors] == [A, E, O]


def test_a_category_named_like_a_public_page_is_refused(tmp_path):
    root = make_project(tmp_path, {"cpts-test.yml": VALID_CPTS.format(slug="cpts-test")})
    path = root / "data" / "referentiels" / "categories-outils.yml"
    path.write_text(path.read_text(encoding="utf-8") + "- slug: pour-equipes-cpts\n  libelle: Doublon\n", encoding="utf-8")
    _, collector = build_catalogue(root)
    assert [str(p) for p in collector.errors] == [
        "data/referentiels/categories-outils.yml: la catégorie « pour-equipes-cpts » porte le nom d'une autre page de la "
        "boîte à outils : choisissez un autre slug"]


@pytest.mark.parametrize("folder, template", [("evenements", "evenement"), ("actualites", "actualite"), ("outils", "outil")])
def test_staff_templates_are_valid_records(tmp_path, folder, template):
    """data/modeles/<type>.yml, copied under the name of its slug, validates as it is."""
    from tests.conftest import ROOT

    text = (ROOT / "data" / "modeles" / f"{template}.yml").read_text(encoding="utf-8")
    root = make_project(tmp_path)
    (root / "data" / folder).mkdir()
    (root / "data" / folder / f"exemple-{template}.yml").write_text(text, encoding="utf-8")
    catalogue, collector = build_catalogue(root)
    assert [str(p) for p in collector.errors] == []
    assert list(catalogue.features[folder]) == [f"exemple-{template}"]
