"""HTML validity gate: the W3C Nu HTML Checker (vnu.jar) finds no error in any built page.

Every HTML document of the built site (Material pages, generated pages, the map documents
cartes/*.html) is checked in one Java run: vnu.jar comes from the npm package ``vnu-jar``
(package.json / package-lock.json, ``npm ci`` by ``make test``), Java from Debian
(``default-jre-headless``, installed by ``make test`` when ``java`` is missing).

Warnings are not failures (record pages wrap their ``<h1>`` in an ``<article>`` of their own inside
Material's, which draws « Article lacks heading » and « h1 as a top-level heading only »); errors
are, each reported as ``file:line: message``. A deliberately invalid
document is checked in the same run, so a checker that reports nothing at all cannot pass.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT
from tests.quality.site_pages import html_pages

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# A document with one known error (an attribute HTML does not define on checkboxes, the very
# mistake this gate was written for): the checker must report it.
CANARY = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Témoin</title></head>
<body><input type="checkbox" id="t" autocomplete="off"><label for="t">Témoin</label></body></html>
"""


def run_vnu(paths: list[Path]) -> list[dict]:
    """The checker's error messages for ``paths`` (files or folders), in one Java run."""
    java = shutil.which("java")
    assert java, "java est introuvable : make test installe le paquet Debian default-jre-headless"
    assert VNU_JAR.exists(), f"{VNU_JAR.relative_to(ROOT)} manque : make test l'installe (npm ci)"
    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--skip-non-html",
         *map(str, paths)],
        capture_output=True, text=True, timeout=600)
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError) as exc:
        raise AssertionError(f"sortie illisible du validateur (code {result.returncode}) :\n"
                             f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}") from exc
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def where(message: dict, site: Path) -> str:
    path = Path(message.get("url", "").removeprefix("file:"))
    try:
        path = path.relative_to(site)
    except ValueError:
        pass
    return f"{path}:{message.get('lastLine', message.get('firstLine', '?'))}"


def test_every_built_page_is_valid_html(built_site, tmp_path):
    canary = tmp_path / "temoin.html"
    canary.write_text(CANARY, encoding="utf-8")
    errors = run_vnu([built_site, canary])
    caught = [m for m in errors if m.get("url", "").endswith("/temoin.html")]
    assert caught, "le validateur n'a pas signalé l'erreur du document témoin : il ne vérifie rien"
    problems = sorted(f"{where(m, built_site)}: {m.get('message', '')}" for m in errors if m not in caught)
    assert problems == [], (
        f"{len(problems)} erreur(s) HTML (W3C Nu HTML Checker) sur {len(html_pages(built_site))} pages :\n"
        + "\n".join(problems[:200]))
