"""Every YAML file of data/ is read or reported: a record in a subfolder, in a misspelt folder or
named like a folder is never silently left out of the site."""
from __future__ import annotations

import subprocess
import sys

from macros.catalogue import build_catalogue
from tests.conftest import ROOT, VALID_CPTS, make_project

NEWS = """\
slug: annonce
titre: Une annonce de test
date: "2026-01-15"
resume: Une annonce.
texte: Le texte de l'annonce.
cpts: [cpts-fantome]
sources:
  - {url: "https://exemple.org/annonce"}
mise_a_jour: "2026-01-15"
"""
FOLDERS = "actions, actualites, appuis, cpts, evenements, faq, glossaire, modeles, observatoire, outils, reference, referentiels"


def errors(root) -> list[str]:
    catalogue, collector = build_catalogue(root)
    assert (catalogue is None) == bool(collector.errors)
    return [str(e) for e in sorted(set(collector.errors))]


def test_records_in_a_subfolder_or_a_misspelt_folder_are_reported(tmp_path):
    """Staff-edit probing: data/cpts/occitanie/cpts-x.yml and data/action/foo.yml validated
    (exit 0) and were not published."""
    root = make_project(tmp_path, {"cpts-test.yml": VALID_CPTS.format(slug="cpts-test")})
    (root / "data" / "cpts" / "occitanie").mkdir()
    (root / "data" / "cpts" / "occitanie" / "cpts-x.yml").write_text(VALID_CPTS.format(slug="cpts-x"), encoding="utf-8")
    (root / "data" / "action").mkdir()
    (root / "data" / "action" / "foo.yml").write_text("slug: foo\n", encoding="utf-8")
    (root / "data" / "cpts-y.yaml").write_text(VALID_CPTS.format(slug="cpts-y"), encoding="utf-8")
    assert errors(root) == [
        f"data/action/foo.yml: dossier « action » inconnu, fichier non lu : vouliez-vous écrire « actions » ? (dossiers lus : {FOLDERS})",
        "data/cpts-y.yaml: fichier non lu : rangez-le dans le dossier de son type (data/cpts/, data/actions/… ; "
        f"dossiers lus : {FOLDERS})",
        "data/cpts/occitanie/cpts-x.yml: fichier non lu : une fiche s'enregistre directement dans data/cpts/, pas dans "
        "un sous-dossier (« occitanie/ ») : déplacez-la dans data/cpts/",
    ]
    result = subprocess.run([sys.executable, "-m", "macros.validate", str(root)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "data/cpts/occitanie/cpts-x.yml: fichier non lu" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_referentials_and_templates_are_reported(tmp_path):
    root = make_project(tmp_path, {"cpts-test.yml": VALID_CPTS.format(slug="cpts-test")})
    (root / "data" / "referentiels" / "statut.yml").write_text("- slug: x\n", encoding="utf-8")
    (root / "data" / "modeles").mkdir()
    for name in ("cpts", "action"):
        (root / "data" / "modeles" / f"{name}.yml").write_text("slug: exemple\n", encoding="utf-8")
    (root / "data" / "modeles" / "actoin.yml").write_text("slug: exemple\n", encoding="utf-8")
    found = errors(root)
    assert len(found) == 2
    assert found[0] == ("data/modeles/actoin.yml: fichier non lu : data/modeles/ ne contient que les modèles à copier "
                        "(vouliez-vous écrire « action.yml » ? modèles : action.yml, cpts.yml) ; une fiche s'enregistre "
                        "dans le dossier de son type")
    assert found[1].startswith("data/referentiels/statut.yml: référentiel inconnu, fichier non lu : vouliez-vous écrire "
                               "« statuts.yml » ? (référentiels lus : categories-outils, departements, documents,")


def test_a_folder_named_like_a_record_is_no_record(tmp_path):
    """Staff-edit probing: « mkdir data/cpts/cpts-fantome.yml » and a news item naming
    cpts-fantome validated, then the build failed with « erreur interne KeyError 'cpts-fantome' »:
    the folder counted as a CPTS that had failed, so the link to it was accepted."""
    root = make_project(tmp_path, {"cpts-test.yml": VALID_CPTS.format(slug="cpts-test")})
    (root / "data" / "cpts" / "cpts-fantome.yml").mkdir()
    (root / "data" / "actualites").mkdir()
    (root / "data" / "actualites" / "annonce.yml").write_text(NEWS, encoding="utf-8")
    found = errors(root)
    assert found == [
        "data/actualites/annonce.yml:6: CPTS « cpts-fantome » inconnue : aucune fiche "
        "data/cpts/cpts-fantome.yml publiée : vouliez-vous écrire « cpts-test » ?",
        "data/cpts/cpts-fantome.yml: « cpts-fantome.yml » est un dossier, pas un fichier : une fiche est un fichier YAML ; "
        "supprimez ce dossier ou renommez-le",
    ]
