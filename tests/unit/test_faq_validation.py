"""Broken FAQ and glossary files: each gives exactly the expected French messages, with file and line."""
from __future__ import annotations

import pytest

from macros.records.faq.model import Question
from macros.records.glossaire.model import Term
from macros.catalogue import build_catalogue
from tests.conftest import VALID_CPTS, make_project
from tests.unit.test_actions_validation import valid as valid_action

# A minimal valid question and term (synthetic, for tests only). The question links to the term
# « terme-test », the action « action-test », the CPTS « cpts-test » and the page « page-test.md ».
VALID_QUESTION = """\
slug: {slug}
question: Une question de test ?
theme: comprendre-les-cpts
reponse: |
  Premier paragraphe.

  Second paragraphe.
glossaire: [terme-test]
actions: [action-test]
cpts: [cpts-test]
questions_liees: []
pages:
  - {{titre: Page de test, page: page-test.md}}
sources:
  - {{document: tour-de-france-2023, lignes: "556-562"}}
mise_a_jour: "2026-11-23"
"""
VALID_TERM = """\
slug: {slug}
terme: {terme}
en_toutes_lettres: Terme de test
definition: Une définition de test.
voir_aussi: []
sources:
  - {{document: tour-de-france-2023, lignes: "2123"}}
mise_a_jour: "2026-11-23"
"""


def question(slug: str = "question-test") -> str:
    return VALID_QUESTION.format(slug=slug)


def term(slug: str = "terme-test", terme: str = "TEST") -> str:
    return VALID_TERM.format(slug=slug, terme=terme)


def load(tmp_path, faq: dict[str, str] | None = None, glossaire: dict[str, str] | None = None):
    """Catalogue and sorted error lines of a synthetic project: one CPTS, one action, one docs page."""
    root = make_project(tmp_path, {"cpts-test.yml": VALID_CPTS.format(slug="cpts-test")})
    (root / "docs").mkdir()
    (root / "docs" / "page-test.md").write_text("# Page de test\n", encoding="utf-8")
    files = {"faq": faq or {}, "glossaire": glossaire if glossaire is not None else {"terme-test.yml": term()},
             "actions": {"action-test.yml": valid_action()}}
    for folder, records in files.items():
        (root / "data" / folder).mkdir()
        for name, text in records.items():
            (root / "data" / folder / name).write_text(text, encoding="utf-8")
    catalogue, collector = build_catalogue(root)
    return catalogue, [str(p) for p in sorted(set(collector.errors))]


def test_valid_question_and_term_load(tmp_path):
    catalogue, errors = load(tmp_path, {"question-test.yml": question()})
    assert errors == []
    entry = catalogue.features["faq"]["question-test"]
    assert entry.path == "data/faq/question-test.yml"
    assert entry.record.reponse == "Premier paragraphe.\n\nSecond paragraphe."
    assert entry.record.pages[0].page == "page-test.md" and entry.record.ordre is None
    assert catalogue.features["glossaire"]["terme-test"].record.terme == "TEST"


F = "data/faq/question-test.yml"
CASES = [
    ("unknown glossary term, with a suggestion", question().replace("glossaire: [terme-test]", "glossaire: [terme-tset, inconnu]"),
     [f"{F}:8: Terme « inconnu » inconnu : aucune fiche data/glossaire/inconnu.yml (slug d'un fichier de data/glossaire/)",
      f"{F}:8: Terme « terme-tset » inconnu : aucune fiche data/glossaire/terme-tset.yml : vouliez-vous écrire « terme-test » ?"]),
    ("unknown action", question().replace("actions: [action-test]", "actions:\n  - action-test\n  - action-absente"),
     [f"{F}:11: Fiche action « action-absente » inconnue : aucune fiche data/actions/action-absente.yml : vouliez-vous écrire « action-test » ?"]),
    ("unknown CPTS", question().replace("cpts: [cpts-test]", "cpts: [cpts-inconnue]"),
     [f"{F}:10: CPTS « cpts-inconnue » inconnue : aucune fiche data/cpts/cpts-inconnue.yml publiée (slug d'un fichier de data/cpts/)"]),
    ("unknown related question", question().replace("questions_liees: []", "questions_liees: [question-tset]"),
     [f"{F}:11: Question « question-tset » inconnue : aucune fiche data/faq/question-tset.yml : vouliez-vous écrire « question-test » ?"]),
    ("links to itself", question().replace("questions_liees: []", "questions_liees: [question-test]"),
     [f"{F}:11: « question-test » est cette fiche elle-même : retirez-la de « questions_liees »"]),
    ("term named twice", question().replace("glossaire: [terme-test]", "glossaire: [terme-test, terme-test]"),
     [f"{F}:8: « terme-test » apparaît deux fois dans « glossaire » : supprimez l'une des deux"]),
    ("unknown theme", question().replace("theme: comprendre-les-cpts", "theme: comprendre"),
     [(f"{F}:3: thème « comprendre » inconnu(e) (valeurs possibles : comprendre-les-cpts, se-soigner, creer-ou-rejoindre, "
       "financement, fonctionnement, missions-et-actions)")]),
    ("page that does not exist", question().replace("page: page-test.md", "page: page-absente.md"),
     [f"{F}:13: page « page-absente.md » introuvable : aucun fichier docs/page-absente.md (chemin d'une page, comme dans mkdocs.yml)"]),
    ("page written as a URL", question().replace("page: page-test.md", "page: /trouver-ma-cpts/"),
     [(f"{F}:13: « page » : « /trouver-ma-cpts/ » n'est pas le chemin d'une page du site : écrivez-le comme dans mkdocs.yml, "
       "ex. trouver-ma-cpts.md ou observatoire/index.md")]),
    ("page outside docs", question().replace("page: page-test.md", "page: ../mkdocs.md"),
     [(f"{F}:13: « page » : « ../mkdocs.md » n'est pas le chemin d'une page du site : écrivez-le comme dans mkdocs.yml, "
       "ex. trouver-ma-cpts.md ou observatoire/index.md")]),
    ("empty answer", question().replace("reponse: |\n  Premier paragraphe.\n\n  Second paragraphe.\n", 'reponse: ""\n'),
     [f"{F}:4: « reponse » ne doit pas être vide"]),
    ("order out of range", question().replace("theme: comprendre-les-cpts", "theme: comprendre-les-cpts\nordre: 0"),
     [f"{F}:4: « ordre » doit être supérieur ou égal à 1 (valeur lue : 0)"]),
    ("order written as a word", question().replace("theme: comprendre-les-cpts", "theme: comprendre-les-cpts\nordre: premier"),
     [f"{F}:4: « ordre » doit être un nombre entier (valeur lue : « premier »)"]),
    ("no source", question().replace('sources:\n  - {document: tour-de-france-2023, lignes: "556-562"}', "sources: []"),
     [f"{F}:14: « sources » : indiquez au moins 1 élément(s)"]),
    ("source beyond the document", question().replace('"556-562"', '"5000-5001"'),
     [f"{F}:15: « lignes » : « 5000-5001 » dépasse la fin du document « tour-de-france-2023 », qui compte 2229 lignes"]),
    ("misspelt field", question().replace("reponse:", "réponse:"),
     [f"{F}:1: champ obligatoire « reponse » manquant",
      f"{F}:4: champ inconnu « réponse » : vouliez-vous écrire « reponse » ?"]),
    ("unquoted sentence with a colon", question().replace("question: Une question de test ?", "question: Pourquoi : parce que"),
     [f"{F}:2: syntaxe YAML invalide : « : » inattendu (mettez le texte entre guillemets)"]),
]


@pytest.mark.parametrize("label, content, expected", CASES, ids=[c[0] for c in CASES])
def test_broken_question_message(tmp_path, label, content, expected):
    catalogue, errors = load(tmp_path, {"question-test.yml": content})
    assert catalogue is None
    assert errors == expected


def test_slug_reserved_for_theme_anchors(tmp_path):
    _catalogue, errors = load(tmp_path, {"theme-test.yml": question("theme-test")})
    assert errors == ["data/faq/theme-test.yml:1: un slug qui commence par « theme- » est réservé aux thèmes de la page : choisissez-en un autre"]


def test_a_broken_term_is_reported_once_not_as_a_dangling_link(tmp_path):
    """The question names a term whose file is broken: only the term's own error is reported."""
    broken = term().replace("definition: Une définition de test.\n", "")
    catalogue, errors = load(tmp_path, {"question-test.yml": question()}, {"terme-test.yml": broken})
    assert catalogue is None
    assert errors == ["data/glossaire/terme-test.yml:1: champ obligatoire « definition » manquant"]


G = "data/glossaire/terme-test.yml"
TERM_CASES = [
    ("unknown see-also", term().replace("voir_aussi: []", "voir_aussi: [autre-terme, terme-tst]"),
     [f"{G}:5: Terme « autre-terme » inconnu : aucune fiche data/glossaire/autre-terme.yml (slug d'un fichier de data/glossaire/)",
      f"{G}:5: Terme « terme-tst » inconnu : aucune fiche data/glossaire/terme-tst.yml : vouliez-vous écrire « terme-test » ?"]),
    ("see-also itself", term().replace("voir_aussi: []", "voir_aussi: [terme-test]"),
     [f"{G}:5: « terme-test » est cette fiche elle-même : retirez-la de « voir_aussi »"]),
    ("empty definition", term().replace("definition: Une définition de test.", "definition:"),
     [f"{G}:4: « definition » est vide : écrivez sa valeur après « definition: »"]),
    ("term too long", term(terme="x" * 81), [f"{G}:2: « terme » est trop long (80 caractères au maximum)"]),
    ("numeric slug", term().replace("slug: terme-test", "slug: 15"),
     [f"{G}:1: « slug » doit être un texte : écrivez la valeur entre guillemets (valeur lue comme un nombre : « 15 »)"]),
    ("field of the FAQ", term().replace("voir_aussi: []", "glossaire: []"),
     [f"{G}:5: champ inconnu « glossaire » (champs possibles : definition, en_toutes_lettres, mise_a_jour, slug, sources, terme, voir_aussi)"]),
]


@pytest.mark.parametrize("label, content, expected", TERM_CASES, ids=[c[0] for c in TERM_CASES])
def test_broken_term_message(tmp_path, label, content, expected):
    catalogue, errors = load(tmp_path, glossaire={"terme-test.yml": content})
    assert catalogue is None
    assert errors == expected


def test_the_same_term_cannot_be_defined_twice(tmp_path):
    """Accents and case do not make another term: « Aci » and « ACI » are the same entry."""
    catalogue, errors = load(tmp_path, glossaire={"aci.yml": term("aci", "ACI"), "aci-bis.yml": term("aci-bis", "Àci")})
    assert catalogue is None
    assert errors == ["data/glossaire/aci.yml:2: le terme « ACI » est déjà défini dans data/glossaire/aci-bis.yml : complétez cette fiche-là"]


def test_themes_referential_refuses_an_unknown_audience(tmp_path):
    root = make_project(tmp_path)
    path = root / "data" / "referentiels" / "themes-faq.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("public: tous", "public: elus", 1), encoding="utf-8")
    catalogue, collector = build_catalogue(root)
    assert catalogue is None
    assert [str(p) for p in collector.errors] == [
        "data/referentiels/themes-faq.yml:6: « public » : valeur « elus » inconnue (valeurs possibles : patients, professionnels, tous)"]


@pytest.mark.parametrize("model", [Question, Term])
def test_every_field_is_described_in_french(model):
    for name, field in model.model_fields.items():
        assert field.description, name


@pytest.mark.parametrize("name, model", [("faq", Question), ("glossaire", Term)])
def test_templates_are_valid_records_of_the_real_project(name, model):
    """``data/modeles/`` is what staff copy: it must validate, its links included."""
    import yaml

    from macros.core.errors import Collector
    from macros.core.loader import LoadContext
    from macros.catalogue import load_catalogue
    from macros.records.refs import links_context
    from tests.conftest import ROOT

    catalogue = load_catalogue(ROOT)
    real = LoadContext(ROOT, Collector(), catalogue.referentiels, catalogue.reference, catalogue.cpts)
    ctx = links_context(real, ("glossaire", "actions", "faq"))
    data = yaml.safe_load((ROOT / "data" / "modeles" / f"{name}.yml").read_text(encoding="utf-8"))
    record = model.model_validate(data, context=ctx.validation_context)
    assert record.slug.startswith("exemple-")
