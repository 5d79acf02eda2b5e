"""A hand-written page that staff broke is reported by ``make validate`` and stops the build, in
French with its line — found by trying the edits staff make (a typo in a macro's name, a macro
without its parentheses, an unquoted « : » in the title, a page saved with a BOM or in Windows-1252).

Before, the first crashed ``mkdocs serve`` with mkdocs-macros' English traceback, the second and
third built a site showing « <function …> » or the raw macro calls (exit 0), the BOM hid the
page's macro calls from the checks, and Windows-1252 gave an « erreur interne » naming no page.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import copy_site_project, mkdocs_build

pytestmark = pytest.mark.build


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str, encoding: str = "utf-8-sig") -> int:
    return next(n for n, line in enumerate(path.read_text(encoding=encoding).splitlines(), 1) if needle in line)


def _typo(project: Path) -> tuple[str, str]:
    page = project / "docs" / "index.md"
    _replace(page, "{{ accueil_actions() }}", "{{ accueil_action }}")
    return f"docs/index.md:{_line_of(page, 'accueil_action')}", "vouliez-vous écrire {{ accueil_actions() }}"


def _no_parentheses(project: Path) -> tuple[str, str]:
    page = project / "docs" / "index.md"
    _replace(page, "{{ accueil_actions() }}", "{{ accueil_actions }}")
    return f"docs/index.md:{_line_of(page, 'accueil_actions')}", "est une macro : écrivez ses parenthèses"


def _front_matter(project: Path) -> tuple[str, str]:
    page = project / "docs" / "index.md"
    _replace(page, "title: Accueil\n", "title: Accueil : les CPTS\n")
    return f"docs/index.md:{_line_of(page, 'title:')}", "mettez entre guillemets"


def _bom(project: Path) -> tuple[str, str]:
    page = project / "docs" / "observatoire" / "deploiement.md"
    _replace(page, 'graphique("deploiement-national/statuts-2022")', 'graphique("deploiement-national/statut-2022")')
    page.write_bytes(b"\xef\xbb\xbf" + page.read_bytes())
    return (f"docs/observatoire/deploiement.md:{_line_of(page, 'statut-2022')}",
            "indicateur inconnu « deploiement-national/statut-2022 »")


def _windows_1252(project: Path) -> tuple[str, str]:
    page = project / "docs" / "carte.md"
    text = page.read_text(encoding="utf-8")
    page.write_bytes(text.encode("cp1252"))
    first = next(n for n, line in enumerate(text.splitlines(), 1) if any(ord(c) > 127 for c in line))
    return f"docs/carte.md:{first}", "le fichier n'est pas encodé en UTF-8"


EDITS = {"nom de macro mal tapé": _typo, "macro sans parenthèses": _no_parentheses,
         "« : » dans le titre": _front_matter, "page enregistrée avec BOM": _bom,
         "page en Windows-1252": _windows_1252}


@pytest.mark.parametrize("edit", EDITS)
def test_a_broken_page_is_reported_with_its_line(tmp_path, edit):
    project = copy_site_project(tmp_path)
    where, message = EDITS[edit](project)
    checked = subprocess.run([sys.executable, "-m", "macros.validate"], cwd=project, capture_output=True,
                             text=True, timeout=300)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert f"{where}: " in checked.stderr and message in checked.stderr, checked.stderr
    assert "Traceback" not in checked.stdout + checked.stderr


@pytest.mark.parametrize("edit", ["macro sans parenthèses", "« : » dans le titre"])
def test_a_broken_page_stops_the_build(tmp_path, edit):
    """These two built a wrong site with exit 0."""
    project = copy_site_project(tmp_path)
    where, message = EDITS[edit](project)
    built = mkdocs_build(project, tmp_path / "site")
    output = built.stdout + built.stderr
    assert built.returncode != 0 and f"{where}: " in output and message in output, output
    assert "Traceback" not in output


def test_a_template_error_only_the_rendering_finds_stops_the_build_in_french(tmp_path):
    """``page.titre_inconnu`` cannot be checked before rendering: mkdocs-macros stopped the build
    (exit 100) with its English traceback, and stopped ``mkdocs serve`` for good."""
    project = copy_site_project(tmp_path)
    page = project / "docs" / "annuaire" / "index.md"
    _replace(page, "\n\n", "\n\nTitre : {{ page.titre_inconnu }}.\n\n")
    built = mkdocs_build(project, tmp_path / "site")
    output = built.stdout + built.stderr
    assert built.returncode == 1, output
    assert f"docs/annuaire/index.md:{_line_of(page, 'titre_inconnu')}: « titre_inconnu » n'existe pas" in output, output
    assert "Traceback" not in output and "UndefinedError" not in output and "Macro Rendering Error" not in output
