"""The preview stays exact: after every edit, ``mkdocs serve``'s rebuild equals a full ``mkdocs build``.

``mkdocs serve`` rebuilds in one process, with a freshly loaded config each time, and reuses what
earlier rebuilds computed from equal inputs (``macros/build/preview.py``). This test drives those
rebuilds the way serve does — ``on_startup("serve")`` once, then ``mkdocs.commands.build.build``
with a new config per rebuild, all in one long-lived process — applies a scripted series of
edits, additions, deletions and a page renamed under a record's link, and after each compares
every file of the served directory with a fresh ``mkdocs build --strict`` (a separate process, as
``make build`` runs it) of the same sources; an edit that breaks the sources fails both.

Nothing is normalised. The one documented difference of a real serve is left out on both sides:
serve passes ``serve_url`` and sets ``site_url`` to the local address (canonical links, sitemap);
both builds here keep the configured ``site_url`` and the driver passes no ``serve_url``.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import VALID_CPTS, copy_site_project, differing_files, mkdocs_build

pytestmark = pytest.mark.build

# A serve process: reads "build" lines, rebuilds into argv[1] as ``mkdocs serve`` does, answers
# one JSON line per build (the error if it failed, and how much the preview cache reused).
DRIVER = r"""
import json, sys, traceback
from mkdocs.commands.build import build
from mkdocs.config import load_config

site_dir = sys.argv[1]
def get_config():
    return load_config(config_file="mkdocs.yml", site_dir=site_dir)

config = get_config()
config.plugins.on_startup(command="serve", dirty=False)
from macros.build import plugin
for line in sys.stdin:
    try:
        build(config if config is not None else get_config(), serve_url=None, dirty=False)
        cache = plugin.SERVE["preview"]
        cache.wait_for_search()  # written behind the preview: compared once it is there
        answer = {"ok": True, "reused": cache.last[0], "computed": cache.last[1]}
    except BaseException as exc:  # reported to the test
        answer = {"ok": False, "error": traceback.format_exc()}
    config = None
    print(json.dumps(answer), flush=True)
"""


class ServeProcess:
    def __init__(self, project: Path, site: Path):
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1"}
        self.process = subprocess.Popen([sys.executable, "-c", DRIVER, str(site)], cwd=project, env=env, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def rebuild(self, fails: bool = False) -> dict:
        self.process.stdin.write("build\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "le processus de prévisualisation s'est arrêté"
        answer = json.loads(line)
        assert answer["ok"] != fails, answer.get("error")
        return answer

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} absent de {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _unreferenced_action(project: Path) -> Path:
    """An action no other file names (deleting it leaves the data valid)."""
    texts = [p.read_text(encoding="utf-8") for folder in ("data", "docs") for p in (project / folder).rglob("*")
             if p.is_file() and p.suffix in (".yml", ".md") and p.parent.name != "actions"]
    for path in sorted((project / "data" / "actions").glob("*.yml")):
        if not any(path.stem in text for text in texts):
            return path
    raise AssertionError("aucune action supprimable")


def _rename_page(project: Path, old: str, new: str) -> None:
    """``git mv docs/<old> docs/<new>`` and the nav updated, as staff rename a page."""
    (project / "docs" / old).rename(project / "docs" / new)
    _replace(project / "mkdocs.yml", f": {old}\n", f": {new}\n")


def _edits(project: Path):
    """(label, edit) in order: each edit changes the sources in place; (label, edit, message) for
    an edit that leaves the sources wrong: the rebuild and a full build both fail with ``message``."""
    cpts = sorted((project / "data" / "cpts").glob("*.yml"))[0]
    fragment = project / "overrides" / "fragments" / "source.html"
    faq = project / "data" / "faq" / "trouver-ma-cpts.yml"
    return [
        ("nom d'une CPTS", lambda: _rename(cpts)),
        ("CPTS ajoutée", lambda: (project / "data" / "cpts" / "cpts-nouvelle.yml").write_text(
            VALID_CPTS.format(slug="cpts-nouvelle"), encoding="utf-8")),
        ("action supprimée", lambda: _unreferenced_action(project).unlink()),
        ("valeur de l'observatoire", lambda: _replace(project / "data" / "observatoire" / "barometre-2024.yml",
                                                      "valeur: 182}", "valeur: 183}")),
        ("page écrite à la main", lambda: _replace(project / "docs" / "annuaire" / "index.md", "\n\n",
                                                   "\n\nParagraphe ajouté pendant l'aperçu.\n\n")),
        # A record links to the page (data/faq/…: page: carte.md): nothing in data/ changed, yet
        # the record is wrong now — the preview rebuilt without a word and its link led nowhere.
        ("page renommée, qu'une fiche cite", lambda: _rename_page(project, "carte.md", "carte-france.md"),
         "page « carte.md » introuvable"),
        ("fiche suivant la page renommée", lambda: _replace(faq, "page: carte.md}", "page: carte-france.md}")),
        ("fragment modifié", lambda: fragment.write_text(fragment.read_text(encoding="utf-8") + "\n<!-- retouche -->\n",
                                                         encoding="utf-8")),
        # Every page's layout (see macros/build/page_renders.py): a template, a setting, the nav.
        ("gabarit de page modifié", lambda: _replace(project / "overrides" / "main.html", "{%- endblock %}",
                                                     "<!-- retouche -->\n{%- endblock %}")),
        ("réglage du site modifié", lambda: _replace(project / "mkdocs.yml", "copyright: Contenus publiés",
                                                     "copyright: Contenus (retouchés) publiés")),
        ("titre d'une entrée du menu", lambda: _replace(project / "mkdocs.yml", "- Annuaire des CPTS: annuaire/index.md",
                                                        "- Annuaire retouché: annuaire/index.md")),
        ("CPTS supprimée", lambda: (project / "data" / "cpts" / "cpts-nouvelle.yml").unlink()),
    ]


def _rename(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("nom:"))
    lines[index] = 'nom: "CPTS renommée pour le test"'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_preview_rebuilds_equal_full_builds(tmp_path):
    project = copy_site_project(tmp_path)
    served = tmp_path / "servi"
    serve = ServeProcess(project, served)
    try:
        serve.rebuild()
        # A broken file fails the rebuild (the memo must not hide its error the next time)…
        broken = project / "data" / "cpts" / "cpts-cassee.yml"
        broken.write_text(VALID_CPTS.format(slug="cpts-cassee").replace("taille: 2", "taille: 7"), encoding="utf-8")
        for _ in range(2):
            assert "taille" in serve.rebuild(fails=True)["error"]
        broken.unlink()  # … and the site comes back, equal to a full build (step 0 below)
        for step, (label, edit, *failure) in enumerate([("aucune", lambda: None), *_edits(project)]):
            edit()
            if failure:
                error = serve.rebuild(fails=True)["error"]
                assert failure[0] in error, f"après « {label} » : {error}"
                result = mkdocs_build(project, tmp_path / f"complet-{step}")
                assert result.returncode != 0 and failure[0] in result.stdout + result.stderr, label
                continue
            answer = serve.rebuild()
            assert answer["reused"] > 0, f"après « {label} » : rien n'a été réutilisé"
            reference = tmp_path / f"complet-{step}"
            result = mkdocs_build(project, reference)
            assert result.returncode == 0, f"{label} : {result.stdout}{result.stderr}"
            assert differing_files(served, reference) == [], f"après « {label} »"
            assert "CPTS renommée pour le test" in (served / "annuaire" / "index.html").read_text(encoding="utf-8") or step == 0
    finally:
        serve.close()
