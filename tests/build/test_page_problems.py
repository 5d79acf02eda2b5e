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


# ------------------------------------------------------------------ what the probe of issue « pages » found
#
# Each case below validated (exit 0, or exit 2 « vérification interrompue ») and built a site that
# silently dropped or mangled the staff's page, or stopped in English with no line.

def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _validate(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros.validate"], cwd=project, capture_output=True,
                          text=True, timeout=300)


def _reported(result: subprocess.CompletedProcess, expected: list[str]) -> str:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    for text in expected:
        assert text in output, f"« {text} » absent de :\n{output}"
    assert "Traceback" not in output
    return output


def _record_page(project: Path) -> list[str]:
    """A page at the address of a CPTS's generated page: the generated one replaced it, silently."""
    _write(project / "docs" / "cpts" / "cpts-balagne.md", "---\ntitle: Balagne\n---\n\nTexte de l'équipe.\n")
    return ["docs/cpts/cpts-balagne.md: ", "data/cpts/cpts-balagne.yml", "renommez"]


def _coverage_page(project: Path) -> list[str]:
    _write(project / "docs" / "couverture" / "occitanie.md",
           "---\ntitle: Occitanie\nrender_macros: true\n---\n\n{{ nombre_cpts() }} CPTS.\n")
    return ["docs/couverture/occitanie.md: ", "pages de couverture", "renommez"]


def _render_macros_oui(project: Path, value: str = "oui") -> list[str]:
    _write(project / "docs" / "a-propos" / "essai.md",
           f"---\ntitle: Essai\nrender_macros: {value}\n---\n\n{{{{ nombre_cpts() }}}} et {{{{ macro_inexistante() }}}}\n")
    return [f"docs/a-propos/essai.md:3: « render_macros: {value} »", "écrivez render_macros: true",
            "docs/a-propos/essai.md:6: macro « macro_inexistante » inconnue"]


def _no_render_macros(project: Path) -> list[str]:
    # docs/a-propos/cpts.md has no render_macros: its call would be published as typed.
    _replace(project / "docs" / "a-propos" / "cpts.md", "# Qu'est-ce qu'une CPTS ?\n",
             "# Qu'est-ce qu'une CPTS ?\n\nLe portail recense {{ nombre_cpts() }} CPTS.\n")
    line = _line_of(project / "docs" / "a-propos" / "cpts.md", "nombre_cpts")
    return [f"docs/a-propos/cpts.md:{line}: « {{{{ nombre_cpts(…) }}}} » serait publié tel quel", "render_macros: true"]


def _unknown_setting(project: Path) -> list[str]:
    page = project / "docs" / "annuaire" / "index.md"
    _replace(page, "\n\n", "\n\nBienvenue sur {{ config.site_nom }}.\n\n")
    return [f"docs/annuaire/index.md:{_line_of(page, 'site_nom')}: « config.site_nom » n'existe pas",
            "config.site_name"]


def _arithmetic(project: Path) -> list[str]:
    page = project / "docs" / "annuaire" / "index.md"
    _replace(page, "\n\n", "\n\nPlus une : {{ nombre_cpts() + 1 }}.\n\n")
    return [f"docs/annuaire/index.md:{_line_of(page, 'nombre_cpts() + 1')}: « nombre_cpts() » donne un texte"]


def _wrong_types(project: Path) -> list[str]:
    news = project / "docs" / "actualites" / "index.md"
    _replace(news, "{{ liste_actualites() }}", '{{ a_la_une(evenements="deux") }}\n\n{{ liste_actualites() }}')
    guide = project / "docs" / "contribuer" / "index.md"
    _replace(guide, '{{ tableau_champs("faq") }}', '{{ tableau_champs(["faq"]) }}')
    _replace(guide, '{{ tableau_champs("glossaire") }}', '{{ tableau_champ("glossaire") }}')  # and a third error
    return [f"docs/actualites/index.md:{_line_of(news, 'a_la_une')}: la macro « a_la_une » attend un nombre entier "
            "pour « evenements », reçu « deux »",
            f"docs/contribuer/index.md:{_line_of(guide, 'tableau_champs([')}: la macro « tableau_champs » attend un "
            "texte entre guillemets pour « folder », reçu « [\"faq\"] »",
            f"docs/contribuer/index.md:{_line_of(guide, 'tableau_champ(')}: macro « tableau_champ » inconnue"]


def _data_and_page(project: Path) -> list[str]:
    """A data error hid every page error until it was fixed."""
    _replace(project / "data" / "cpts" / "cpts-balagne.yml", "statut: non-renseigne", "statut: aci-signee")
    page = project / "docs" / "observatoire" / "barometre-2024.md"
    _replace(page, 'graphique("barometre-2024/tailles")', 'graphique("barometre-2024/taille")')
    return ["data/cpts/cpts-balagne.yml:3: statut « aci-signee » inconnu(e)",
            f"docs/observatoire/barometre-2024.md:{_line_of(page, 'barometre-2024/taille')}: indicateur inconnu "
            "« barometre-2024/taille »"]


PROBE = {"page à l'adresse d'une fiche": _record_page, "page à l'adresse d'une page de couverture": _coverage_page,
         "render_macros: oui": _render_macros_oui,
         "render_macros entre guillemets": lambda project: _render_macros_oui(project, '"true"'),
         "macro dans une page sans render_macros": _no_render_macros, "réglage inconnu": _unknown_setting,
         "calcul sur une macro": _arithmetic, "arguments du mauvais type": _wrong_types,
         "erreur de données et erreur de page": _data_and_page}


@pytest.mark.parametrize("case", PROBE)
def test_probe_case_is_reported_by_validate_and_the_build(tmp_path, case):
    project = copy_site_project(tmp_path)
    expected = PROBE[case](project)
    _reported(_validate(project), expected)
    _reported(mkdocs_build(project, tmp_path / "site"), expected)


def test_a_reference_into_a_file_that_failed_is_not_reported_twice(tmp_path):
    """The dataset itself failed: its own error is reported, not « indicateur inconnu » in the page."""
    project = copy_site_project(tmp_path)
    dataset = project / "data" / "observatoire" / "barometre-2024.yml"
    dataset.write_text(dataset.read_text(encoding="utf-8").replace("valeur: 182}", "valeur: deux}", 1), encoding="utf-8")
    output = _reported(_validate(project), ["data/observatoire/barometre-2024.yml:"])
    assert "docs/observatoire/barometre-2024.md" not in output, output


def test_macros_shown_in_code_are_not_reported(tmp_path):
    """A page without render_macros may show a macro call in code: it is published as typed."""
    project = copy_site_project(tmp_path)
    _replace(project / "docs" / "a-propos" / "cpts.md", "# Qu'est-ce qu'une CPTS ?\n",
             "# Qu'est-ce qu'une CPTS ?\n\nÉcrivez `{{ nombre_cpts() }}` dans une page.\n\n"
             "```\n{{ tableau_champs(\"cpts\") }}\n```\n\n    ~~~\n    {{ nombre_cpts() }}\n    ~~~\n")
    checked = _validate(project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 0, built.stdout + built.stderr
    html = (tmp_path / "site" / "a-propos" / "cpts" / "index.html").read_text(encoding="utf-8")
    assert "<code>{{ nombre_cpts() }}</code>" in html


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
