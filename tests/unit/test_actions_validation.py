"""Broken action files ("fiches actions"): each gives exactly the expected French messages, with file and line."""
from __future__ import annotations

import pytest

from macros.build.generated import full_text

from macros.records.actions import pages as action_pages, view as action_view
from macros.records.actions.model import Action
from macros.catalogue import build_catalogue
from tests.conftest import ROOT, VALID_CPTS, make_project

# A minimal valid action (synthetic, for tests only), naming the synthetic CPTS « cpts-test ».
VALID_ACTION = """\
slug: {slug}
titre: Action de test {slug}
resume: Une action de test.
cpts: [cpts-test]
mission: prevention
themes: [depistage]
publics: [tous-publics]
contexte: Un contexte de test.
deroule:
  - Une étape.
resultats:
  - libelle: Personnes dépistées
    valeur: 17232
    unite: personnes
    periode: "2022"
    source: {{document: tour-de-france-2023, lignes: "562"}}
sources:
  - {{document: tour-de-france-2023, lignes: "552-562"}}
date: "2023-06"
mise_a_jour: "2026-11-23"
"""


def valid(slug: str = "action-test") -> str:
    return VALID_ACTION.format(slug=slug)


def load(tmp_path, actions: dict[str, str], cpts: dict[str, str] | None = None):
    """Build the catalogue of a synthetic project: one CPTS « cpts-test » and the given actions."""
    root = make_project(tmp_path, cpts if cpts is not None else {"cpts-test.yml": VALID_CPTS.format(slug="cpts-test")})
    folder = root / "data" / "actions"
    folder.mkdir()
    for name, text in actions.items():
        (folder / name).write_text(text, encoding="utf-8")
    catalogue, collector = build_catalogue(root)
    return catalogue, [str(p) for p in sorted(set(collector.errors))]


def test_valid_action_loads(tmp_path):
    catalogue, errors = load(tmp_path, {"action-test.yml": valid()})
    assert errors == []
    entry = catalogue.features["actions"]["action-test"]
    assert entry.path == "data/actions/action-test.yml"
    assert entry.record.cpts == ["cpts-test"] and entry.record.resultats[0].valeur == 17232


F = "data/actions/action-test.yml"
CASES = [
    ("unknown CPTS", valid().replace("cpts: [cpts-test]", "cpts:\n  - cpts-test\n  - cpts-tset\n  - cpts-inconnue"),
     [f"{F}:6: CPTS « cpts-tset » inconnue : aucune fiche data/cpts/cpts-tset.yml publiée : vouliez-vous écrire « cpts-test » ?",
      f"{F}:7: CPTS « cpts-inconnue » inconnue : aucune fiche data/cpts/cpts-inconnue.yml publiée (slug d'un fichier de data/cpts/)"]),
    ("unknown mission", valid().replace("mission: prevention", "mission: vaccination"),
     [(f"{F}:5: mission « vaccination » inconnu(e) (valeurs possibles : acces-medecin-traitant, soins-non-programmes, parcours, "
      "prevention, crises-sanitaires, qualite-pertinence, accompagnement-professionnels, lien-ville-hopital, organisation-cpts)")]),
    ("unknown theme", valid().replace("themes: [depistage]", "themes: [depistages]"),
     [(f"{F}:6: thème « depistages » inconnu(e) (valeurs possibles : medecin-traitant, sas, exercice-coordonne, second-recours, "
      "teleexpertise, sante-mentale, tnd, handicap, fragilite-personnes-agees, depistage, aller-vers, acces-aux-droits …)")]),
    ("unknown public", valid().replace("publics: [tous-publics]", "publics: [tout-public]"),
     [(f"{F}:7: public « tout-public » inconnu(e) (valeurs possibles : tous-publics, patients-sans-medecin-traitant, patients-chroniques, "
      "personnes-agees, enfants, adolescents, futurs-et-jeunes-parents, femmes, personnes-precaires, personnes-handicapees, "
      "personnes-troubles-psychiques, professionnels-de-sante)")]),
    ("figure without unit", valid().replace("    unite: personnes\n", ""),
     [f"{F}:12: « resultats » : le chiffre « Personnes dépistées » n'a pas d'unité ; ajoutez « unite » (appels, patients, euros, %…)"]),
    ("figure without period", valid().replace('    periode: "2022"\n', ""),
     [(f"{F}:12: « resultats » : le chiffre « Personnes dépistées » n'a pas de période ; "
      "ajoutez « periode » (l'année ou l'intervalle mesuré, ex. « 2022 »)")]),
    ("figure without source", valid().replace('    source: {document: tour-de-france-2023, lignes: "562"}\n', ""),
     [f"{F}:12: « resultats » : le chiffre « Personnes dépistées » n'a pas de source ; ajoutez « source » (document et lignes, ou url)"]),
    ("figure without unit nor period", valid().replace("    unite: personnes\n", "").replace('    periode: "2022"\n', ""),
     [(f"{F}:12: « resultats » : le chiffre « Personnes dépistées » n'a ni unité ni période ; ajoutez « unite » (appels, patients, "
      "euros, %…), « periode » (l'année ou l'intervalle mesuré, ex. « 2022 »)")]),
    ("figure written as text", valid().replace("valeur: 17232", 'valeur: "17 232"'),
     [f"{F}:13: « valeur » : « 17 232 » n'est pas un nombre : écrivez-le sans espace ni unité, avec un point décimal (12.5)"]),
    ("no cpts nor porteurs", valid().replace("cpts: [cpts-test]", "cpts: []\nporteurs: []"),
     [(f"{F}:4: ni CPTS ni porteur : indiquez dans « cpts » la ou les CPTS de l'action, "
      "ou dans « porteurs » qui la porte si ce n'est pas une CPTS")]),
    ("main mission repeated", valid().replace("mission: prevention", "mission: prevention\nmissions_secondaires: [parcours, prevention]"),
     [f"{F}:6: « prevention » est déjà la mission principale : retirez-la de « missions_secondaires »"]),
    ("unsafe document URL", valid() + "documents:\n  - titre: Affiche\n    url: \"javascript:alert(1)\"\n",
     [f"{F}:23: « url » : « javascript:alert(1) » n'est pas une adresse web acceptée : seules http:// et https:// le sont"]),
    ("unknown field", valid().replace("resume:", "resumé:"),
     [f"{F}:1: champ obligatoire « resume » manquant",
      f"{F}:3: champ inconnu « resumé » : vouliez-vous écrire « resume » ?"]),
]


@pytest.mark.parametrize("label, content, expected", CASES, ids=[c[0] for c in CASES])
def test_broken_action_message(tmp_path, label, content, expected):
    catalogue, errors = load(tmp_path, {"action-test.yml": content})
    assert catalogue is None
    assert errors == expected


def test_reserved_slug(tmp_path):
    _catalogue, errors = load(tmp_path, {"mission.yml": valid("mission")})
    assert errors == ["data/actions/mission.yml:1: le slug « mission » est réservé aux pages de la bibliothèque : choisissez-en un autre"]


def test_porteurs_alone_are_enough(tmp_path):
    text = valid().replace("cpts: [cpts-test]", "cpts: []\nporteurs: [\"CPAM de test\"]")
    catalogue, errors = load(tmp_path, {"action-test.yml": text})
    assert errors == [] and catalogue.features["actions"]["action-test"].record.porteurs == ["CPAM de test"]


def test_an_invalid_cpts_is_reported_once(tmp_path):
    """A broken CPTS file stops the build with its own error; the actions naming it are not told
    that it « does not exist » (it does: staff were sent looking for another CPTS)."""
    broken = VALID_CPTS.format(slug="cpts-test").replace("taille: 2", "taille: 9")
    catalogue, errors = load(tmp_path, {"action-test.yml": valid()}, cpts={"cpts-test.yml": broken})
    assert catalogue is None
    assert not any(e.startswith(F) for e in errors), errors
    assert any(e.startswith("data/cpts/cpts-test.yml") for e in errors), errors


def test_every_field_is_described_in_french():
    for name, field in Action.model_fields.items():
        assert field.description, name


@pytest.mark.parametrize("value, text", [(17232, "17\u202f232"), (12.5, "12,5"), (3.0, "3"), (0.25, "0,25"), (1500000, "1\u202f500\u202f000")])
def test_figures_are_written_the_french_way(value, text):
    assert action_view.number_text(value) == text


def test_related_actions_prefer_the_same_mission(tmp_path):
    other_mission = valid("autre-mission").replace("mission: prevention", "mission: parcours")
    unrelated = other_mission.replace("themes: [depistage]", "themes: [sport-sante]").replace("autre-mission", "sans-lien")
    same_mission = valid("meme-mission").replace("themes: [depistage]", "themes: [sport-sante]")
    catalogue, errors = load(tmp_path, {"action-test.yml": valid(), "autre-mission.yml": other_mission,
                                        "sans-lien.yml": unrelated, "meme-mission.yml": same_mission})
    assert errors == []
    related = action_view.related(catalogue, catalogue.features["actions"]["action-test"])
    assert [r["slug"] for r in related] == ["meme-mission", "autre-mission"]


def test_action_page_escapes_yaml_text_and_links_documents_safely(tmp_path):
    hostile = valid().replace("titre: Action de test action-test", "titre: \"<script>alert(1)</script> {{ config }}\"") + \
        "documents:\n  - titre: Affiche <b>A4</b>\n    url: \"https://exemple.fr/affiche.pdf?a=1&b=2\"\n"
    catalogue, errors = load(tmp_path, {"action-test.yml": hostile})
    assert errors == []
    (catalogue.root / "overrides").symlink_to(ROOT / "overrides")  # the fragments render the page
    page = full_text(action_pages.action_page(catalogue, catalogue.features["actions"]["action-test"], {}))
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; {{ config }}" in page
    assert '<a href="https://exemple.fr/affiche.pdf?a=1&amp;b=2" rel="noopener">Affiche &lt;b&gt;A4&lt;/b&gt;</a>' in page
    assert '<a href="../../cpts/cpts-test/">CPTS de test cpts-test</a>' in page
    assert "17\u202f232\u00a0personnes" in page
