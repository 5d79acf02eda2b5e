"""Every valid record renders, and every failure says why — in French, with file and line.

The three cases found by trying the portal as staff would (issue 11), then a fault-injection
matrix: each phase of the build is made to fail in turn (loading, a record page body, a map
document, the finder index, the search entries, the final write); each time ``make build`` must
exit 1 with a French message naming the cause, print no traceback, and leave the previous
``site/`` as it was.

Faults are injected with a ``sitecustomize`` module on ``PYTHONPATH``: Python imports it when
any process starts, so it patches the project's own functions in ``mkdocs build`` and in its
second process (a fork inherits the patch) without any test hook in the production code.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import copy_site_project, mkdocs_build

pytestmark = pytest.mark.build
VENV = Path(sys.executable).parent.parent


def _validate(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros.validate"], cwd=project, capture_output=True, text=True, timeout=300)


def _make_build(project: Path, inject: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if inject is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(inject), str(project)])
    return subprocess.run(["make", "-s", "build", f"VENV={VENV}", "-o", f"{VENV}/.installed"],
                          cwd=project, capture_output=True, text=True, timeout=900, env=env)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ------------------------------------------------------------------ the three cases of issue 11

def test_a_cpts_with_only_a_website_validates_and_builds(tmp_path):
    project = copy_site_project(tmp_path)
    _edit(project / "data" / "cpts" / "cpts-balagne.yml", "missions: []",
          "contacts:\n  site_web: https://cpts-balagne.example.org/\nmissions: []")
    assert _validate(project).returncode == 0
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "site" / "cpts" / "cpts-balagne" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://cpts-balagne.example.org/"' in page


def test_rewording_a_series_label_changes_nothing_but_the_label(tmp_path):
    project = copy_site_project(tmp_path)
    _edit(project / "data" / "observatoire" / "deploiement-national.yml",
          "libelle: CPTS recensées, tous niveaux de maturité", "libelle: CPTS recensées (toutes étapes confondues)")
    assert _validate(project).returncode == 0
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "site" / "observatoire" / "index.html").read_text(encoding="utf-8")
    assert "756" in page


def test_a_dangling_reference_in_a_page_is_reported_with_its_line_and_choices(tmp_path):
    project = copy_site_project(tmp_path)
    page = project / "docs" / "observatoire" / "index.md"
    _edit(page, 'serie="recensees", categorie="2022-12"', 'serie="CPTS recensées", categorie="2022-12"')
    line = next(n for n, text in enumerate(page.read_text(encoding="utf-8").splitlines(), 1) if "CPTS recensées\"" in text)
    expected = (f"docs/observatoire/index.md:{line}: série inconnue « CPTS recensées » dans "
                "« deploiement-national/nombre-cpts » (séries : « recensees »")
    checked = _validate(project)
    assert checked.returncode == 1
    assert expected in checked.stderr and "Traceback" not in checked.stdout + checked.stderr
    built = _make_build(project)
    output = built.stdout + built.stderr
    assert built.returncode != 0
    assert expected in output
    assert "Traceback" not in output and "Macro Rendering Error" not in output


# ------------------------------------------------------------------ fault injection, phase by phase

SITECUSTOMIZE = {
    "corps d'une fiche": """
        import macros.records.cpts.pages as target
        original = target.page_body
        def page_body(catalogue, slug, config):
            if slug == "cpts-balagne":
                raise KeyError("contacts")
            return original(catalogue, slug, config)
        target.page_body = page_body
    """,
    "document de carte": """
        import macros.geo.maps as target
        def _popup(*args, **kwargs):
            raise ZeroDivisionError("division by zero")
        target._popup = _popup
    """,
    "index de Trouver ma CPTS": """
        import macros.geo.finder as target
        def build_index(catalogue):
            raise MemoryError()
        target.build_index = build_index
    """,
    "index Pagefind": """
        import macros.build.pagefind_index as target
        target.executable = lambda: "/bin/false"
    """,
    "écriture finale": """
        import errno, os, pathlib
        original = pathlib.Path.write_bytes
        def write_bytes(self, data):
            if "/cartes/" in self.as_posix():
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
            return original(self, data)
        pathlib.Path.write_bytes = write_bytes
    """,
}

EXPECTED = {
    "chargement": "data/cpts/cpts-balagne.yml:3: statut « aci-signee » inconnu(e)",
    "corps d'une fiche": "data/cpts/cpts-balagne.yml:1: impossible de produire la page « cpts/cpts-balagne/ » : erreur interne KeyError",
    "document de carte": "impossible de produire les cartes (geo.maps.documents) : erreur interne ZeroDivisionError",
    "index de Trouver ma CPTS": "impossible de produire l'index de « Trouver ma CPTS » (geo.finder.files) : erreur interne MemoryError",
    "index Pagefind": "l'index de recherche (Pagefind) n'a pas pu être construit",
    "écriture finale": "le disque est plein",
}


@pytest.fixture(scope="module")
def project_with_site(tmp_path_factory):
    project = copy_site_project(tmp_path_factory.mktemp("pannes"))
    first = _make_build(project)
    assert first.returncode == 0, first.stdout + first.stderr
    return project


def _snapshot(site: Path) -> dict:
    return {p.relative_to(site): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


@pytest.mark.parametrize("phase", list(EXPECTED))
def test_each_phase_fails_in_french_and_keeps_the_previous_site(project_with_site, tmp_path, phase):
    project = project_with_site
    before = _snapshot(project / "site")
    record = project / "data" / "cpts" / "cpts-balagne.yml"
    original = record.read_text(encoding="utf-8")
    inject = None
    if phase == "chargement":
        _edit(record, "statut: non-renseigne", "statut: aci-signee")
    else:
        inject = tmp_path / "injection"
        inject.mkdir()
        (inject / "sitecustomize.py").write_text(textwrap.dedent(SITECUSTOMIZE[phase]), encoding="utf-8")
    try:
        result = _make_build(project, inject)
    finally:
        record.write_text(original, encoding="utf-8")
    output = result.stdout + result.stderr
    print(f"--- {phase} ---\n{output}")  # the matrix of messages, shown with pytest -s
    assert result.returncode != 0
    assert EXPECTED[phase] in output, output
    assert "Traceback" not in output
    assert _snapshot(project / "site") == before, "le site précédent doit rester intact"
    assert not (project / ".site-tmp").exists()
